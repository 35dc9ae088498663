// The schema, its migrations, and the check of a database against them. The database enforces the
// rules that must never break, whatever code writes to it: unique customer numbers, one group per
// customer (a column, not a link table), a responsibility on exactly one customer or project,
// intervals that do not end before they start.
//
// Index of this file:
// [SECTION] Migrations (the schema, version by version)
// [SECTION] Running the migrations
// [SECTION] Checking a database against the schema
#include "core/schema.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "core/dates.h"
#include "core/i18n.h"
#include "core/sql.h"

namespace vastuu {
namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Migrations (the schema, version by version)
// ---------------------------------------------------------------------------------------------

// Maintenance reminder: a change here is a new migration appended to kMigrations, never an edit of
// an old one. check_schema() takes the schema of a file at version v to be exactly what running
// kMigrations[0..v) on an empty database makes, so an edited old migration would refuse every file
// made before the edit.
const char* const kSchemaV1 = R"SQL(
CREATE TABLE team (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200)
);
CREATE TABLE employee (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  email TEXT NOT NULL DEFAULT '' CHECK (length(email) <= 254),
  seller_info TEXT NOT NULL DEFAULT '' CHECK (length(seller_info) <= 500),
  team_id INTEGER REFERENCES team(id) ON DELETE SET NULL,
  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))
);
CREATE UNIQUE INDEX employee_email ON employee(email) WHERE email <> '';
CREATE INDEX employee_team ON employee(team_id);
CREATE TABLE role (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  code TEXT NOT NULL DEFAULT '' CHECK (length(code) <= 8),
  kind TEXT NOT NULL CHECK (kind IN ('customer', 'project')),
  UNIQUE (name, kind)
);
CREATE TABLE customer_group (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
  number_start INTEGER NOT NULL DEFAULT 1 CHECK (number_start > 0),
  ledger_account TEXT NOT NULL DEFAULT '' CHECK (length(ledger_account) <= 50),
  cost_centre TEXT NOT NULL DEFAULT '' CHECK (length(cost_centre) <= 50)
);
CREATE TABLE customer_group_salesperson (
  group_id INTEGER NOT NULL REFERENCES customer_group(id) ON DELETE CASCADE,
  employee_id INTEGER NOT NULL REFERENCES employee(id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, employee_id)
) WITHOUT ROWID;
CREATE TABLE customer (
  id INTEGER PRIMARY KEY,
  number INTEGER NOT NULL UNIQUE CHECK (number > 0),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  group_id INTEGER REFERENCES customer_group(id) ON DELETE SET NULL,
  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))
);
CREATE INDEX customer_group_idx ON customer(group_id);
CREATE TABLE project (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
  number TEXT NOT NULL CHECK (length(number) BETWEEN 1 AND 50),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  UNIQUE (customer_id, number)
);
CREATE TABLE special_group (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
  legend TEXT NOT NULL DEFAULT '' CHECK (length(legend) <= 1000)
);
CREATE TABLE special_group_member (
  special_group_id INTEGER NOT NULL REFERENCES special_group(id) ON DELETE CASCADE,
  customer_id INTEGER NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
  PRIMARY KEY (special_group_id, customer_id)
) WITHOUT ROWID;
CREATE INDEX special_group_member_customer ON special_group_member(customer_id);
CREATE TABLE responsibility (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER REFERENCES customer(id) ON DELETE CASCADE,
  project_id INTEGER REFERENCES project(id) ON DELETE CASCADE,
  employee_id INTEGER NOT NULL REFERENCES employee(id) ON DELETE CASCADE,
  role_id INTEGER REFERENCES role(id) ON DELETE SET NULL,
  valid_from TEXT CHECK (valid_from IS NULL OR valid_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  valid_to TEXT CHECK (valid_to IS NULL OR valid_to GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  CHECK ((customer_id IS NULL) <> (project_id IS NULL)),
  CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX responsibility_customer ON responsibility(customer_id, employee_id) WHERE customer_id IS NOT NULL;
CREATE INDEX responsibility_project ON responsibility(project_id, employee_id) WHERE project_id IS NOT NULL;
CREATE INDEX responsibility_employee ON responsibility(employee_id);
CREATE TABLE change_log (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL,
  at TEXT NOT NULL,
  who TEXT NOT NULL,
  command TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  before TEXT,
  after TEXT
);
CREATE INDEX change_log_group ON change_log(group_id);
CREATE INDEX change_log_entity ON change_log(entity, entity_id);
CREATE TABLE setting (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
)SQL";

// v2: the team server's log of accepted commands (engine/sync/). One row per command, written in
// the command's own transaction; command_id makes a resend of the same command a no-op. Not change
// data itself: change capture and undo leave it out, as they leave out change_log.
const char* const kSchemaV2 = R"SQL(
CREATE TABLE sync_log (
  seq INTEGER PRIMARY KEY,
  command_id TEXT NOT NULL UNIQUE CHECK (length(command_id) BETWEEN 1 AND 100),
  account TEXT NOT NULL,
  at TEXT NOT NULL,
  command TEXT NOT NULL,
  result TEXT NOT NULL,
  rows TEXT NOT NULL
);
)SQL";

// v3: the administrator's Changes view (models/change_history.cpp) filters the whole change log by
// who, by day and by customer. The customer of an entry is in its row's JSON (customer_id, or the
// project_id of a project responsibility), so those two are indexed as expressions; a query must
// spell them exactly as here to use them (change_history.cpp's kRowCustomer and kRowProject).
const char* const kSchemaV3 = R"SQL(
CREATE INDEX change_log_who ON change_log(who);
CREATE INDEX change_log_at ON change_log(at);
CREATE INDEX change_log_row_customer ON change_log(json_extract(coalesce(after, before), '$.customer_id'));
CREATE INDEX change_log_row_project ON change_log(json_extract(coalesce(after, before), '$.project_id'));
)SQL";

// v4: undo per person on the team server (engine/sync/undo.cpp). One row per logged command of an
// account that changed rows and may still be undone or redone: `undone` 0 is on the account's undo
// stack, 1 on its redo stack. Written in the command's transaction, like sync_log; never in a
// snapshot (RowScope::Server) and left out of change capture, as sync_log is.
const char* const kSchemaV4 = R"SQL(
CREATE TABLE sync_undo (
  seq INTEGER PRIMARY KEY REFERENCES sync_log(seq) ON DELETE CASCADE,
  account_id TEXT NOT NULL CHECK (length(account_id) BETWEEN 1 AND 100),
  undone INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1))
);
CREATE INDEX sync_undo_account ON sync_undo(account_id, undone, seq);
)SQL";

const char* const kMigrations[] = {kSchemaV1, kSchemaV2, kSchemaV3, kSchemaV4};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == kSchemaVersion,
              "one migration per schema version");

Error sqlite_error(sqlite3* db, const char* what) {
    return Error{"db.sqlite", std::string(what) + ": " + sqlite3_errmsg(db), ""};
}

int user_version(sqlite3* db) {
    sqlite3_stmt* st = nullptr;
    int v = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Running the migrations
// ---------------------------------------------------------------------------------------------

Status migrate(sqlite3* db) {
    int version = user_version(db);
    if (version < 0) return sqlite_error(db, "reading schema version");
    if (version > kSchemaVersion)
        return Error{"db.newer_version", tr_format("error.db.newer_version", {std::to_string(version)}), ""};
    if (version == kSchemaVersion) return {};
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
        return sqlite_error(db, "starting migration");
    for (int v = version; v < kSchemaVersion; ++v) {
        char* msg = nullptr;
        if (sqlite3_exec(db, kMigrations[v], nullptr, nullptr, &msg) != SQLITE_OK) {
            Error e{"db.migration_failed", std::string("migration to v") + std::to_string(v + 1) + ": " +
                                               (msg ? msg : "?"), ""};
            sqlite3_free(msg);
            sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
            return e;
        }
    }
    std::string set_version = "PRAGMA user_version = " + std::to_string(kSchemaVersion);
    if (sqlite3_exec(db, set_version.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK ||
        sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
        Error e = sqlite_error(db, "finishing migration");
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        return e;
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Checking a database against the schema
// ---------------------------------------------------------------------------------------------

namespace {

// One row of sqlite_schema, as far as the comparison goes (rootpage differs from file to file).
struct SchemaObject {
    std::string type;   // "table", "index", "trigger", "view"
    std::string name;
    std::string table;  // tbl_name: the table an index or trigger belongs to
    std::string sql;    // "" for an index SQLite makes itself (UNIQUE, a PRIMARY KEY that is not the rowid)
    bool operator==(const SchemaObject& o) const {
        return type == o.type && name == o.name && table == o.table && sql == o.sql;
    }
};

// SQLite could not read the schema: damage (or a file that is no database at all).
Error unreadable_schema(sqlite3* db) {
    const int rc = sqlite3_errcode(db) & 0xff;
    if (rc == SQLITE_NOTADB) return Error{"db.not_a_database", tr("error.db.unreadable"), "", sqlite3_errmsg(db)};
    if (rc == SQLITE_CORRUPT) return Error{"db.corrupt", tr("error.db.corrupt"), "", sqlite3_errmsg(db)};
    return sqlite_failure(db, "reading the schema");
}

// Every object in main's schema in creation order; SQLite's parse of the schema runs here, so a
// damaged schema fails here.
Result<std::vector<SchemaObject>> read_schema(sqlite3* db) {
    Stmt st(db, "SELECT type, name, tbl_name, coalesce(sql, '') FROM main.sqlite_schema ORDER BY rowid");
    if (!st.ok()) return unreadable_schema(db);
    std::vector<SchemaObject> out;
    int rc = 0;
    while ((rc = st.step()) == SQLITE_ROW) out.push_back({st.text(0), st.text(1), st.text(2), st.text(3)});
    if (rc != SQLITE_DONE) return unreadable_schema(db);
    return out;
}

// The schema of a database at each version 1..kSchemaVersion, made once by running the migrations
// on an empty in-memory database: the one source of "what Vastuu creates", so no list of tables,
// columns or indexes is kept by hand beside the migrations.
const std::vector<SchemaObject>& expected_schema(int version) {
    static const std::array<std::vector<SchemaObject>, kSchemaVersion + 1> schemas = [] {
        std::array<std::vector<SchemaObject>, kSchemaVersion + 1> out;
        sqlite3* db = nullptr;
        sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
        for (int v = 1; v <= kSchemaVersion; ++v) {
            // A migration that does not run on an empty database is a bug a test catches at once.
            sqlite3_exec(db, kMigrations[v - 1], nullptr, nullptr, nullptr);
            auto rows = read_schema(db);
            if (rows.ok()) out[v] = std::move(rows.value());
        }
        sqlite3_close(db);
        return out;
    }();
    return schemas[static_cast<size_t>(version)];
}

// The statistics tables ANALYZE and PRAGMA optimize write (a user's sqlite3 shell may have run them).
// Tolerated, shaped exactly as SQLite makes them: they only steer the query planner, hold none of
// Vastuu's data, and SQLite refuses triggers on them. Vastuu itself never runs ANALYZE.
bool is_sqlite_statistics(const SchemaObject& o) {
    return o.type == "table" && ((o.name == "sqlite_stat1" && o.sql == "CREATE TABLE sqlite_stat1(tbl,idx,stat)") ||
                                 (o.name == "sqlite_stat4" &&
                                  o.sql == "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)"));
}

// "table", "index", ... in the user's language ("taulu", "indeksi", ...).
std::string kind_word(const std::string& type) {
    const std::string key = "db.kind." + type;
    return tr_has(key.c_str()) ? tr(key.c_str()) : type;
}

// "a, b, c, …": a few names of a list, enough to recognise it.
std::string some_names(const std::vector<std::string>& names) {
    std::string out;
    for (size_t i = 0; i < names.size() && i < 3; ++i) out += (i ? ", " : "") + names[i];
    if (names.size() > 3) out += ", …";
    return out;
}

Error foreign_schema(const std::vector<std::string>& tables) {
    return Error{"db.foreign_schema", tr_format("error.db.foreign_schema", {some_names(tables)}), ""};
}

// One way the file's schema is not Vastuu's. The message names the first difference by rank (an
// extra trigger or view first: they are what acts on the data), the detail lists them all.
struct SchemaDifference {
    int rank;
    std::string message;
    std::string detail;
};

}  // namespace

Status check_schema(sqlite3* db) {
    auto read = read_schema(db);
    if (!read) return read.error();
    const std::vector<SchemaObject>& file = read.value();
    const int version = user_version(db);
    if (version < 0) return unreadable_schema(db);

    std::vector<std::string> file_tables;
    bool has_our_table = false;
    for (const SchemaObject& o : file) {
        if (o.type != "table" || o.name.rfind("sqlite_", 0) == 0) continue;
        file_tables.push_back(o.name);
        for (const SchemaObject& ours : expected_schema(kSchemaVersion))
            has_our_table = has_our_table || (ours.type == "table" && ours.name == o.name);
    }
    if (version > kSchemaVersion) {
        // Other programs count their schema in user_version too (Firefox's places.sqlite is at 70
        // and up): without one table of Vastuu's name it is theirs, not a newer Vastuu's.
        if (!has_our_table && !file_tables.empty()) return foreign_schema(file_tables);
        return Error{"db.newer_version", tr_format("error.db.newer_version", {std::to_string(version)}), ""};
    }
    // Tables without a version are another program's: migrating would write Vastuu's tables into
    // its file. No version and nothing in the schema is a new database, which migrate() fills (the
    // expected schema of version 0 is empty, so a lone view or trigger there is an extra one).
    if (version == 0 && !file_tables.empty()) return foreign_schema(file_tables);

    const std::vector<SchemaObject>& expected = expected_schema(version);
    auto find = [](const std::vector<SchemaObject>& in, const SchemaObject& like) {
        return std::find_if(in.begin(), in.end(),
                            [&](const SchemaObject& o) { return o.type == like.type && o.name == like.name; });
    };
    std::vector<SchemaDifference> differences;
    size_t identical_tables = 0;
    for (const SchemaObject& o : file) {
        auto want = find(expected, o);
        if (want == expected.end()) {
            if (is_sqlite_statistics(o)) continue;
            const bool acts = o.type == "trigger" || o.type == "view";
            differences.push_back({acts ? 0 : 3, tr_format("error.db.altered.extra", {kind_word(o.type), o.name}),
                                   "+ " + o.type + " " + o.name + ": " + (o.sql.empty() ? "(no SQL)" : o.sql)});
        } else if (!(*want == o)) {
            differences.push_back({1, tr_format("error.db.altered.differs", {kind_word(o.type), o.name}),
                                   "~ " + o.type + " " + o.name + "\n    file:   " + o.sql + "\n    Vastuu: " + want->sql});
        } else if (o.type == "table") {
            ++identical_tables;
        }
    }
    for (const SchemaObject& o : expected)
        if (find(file, o) == file.end())
            differences.push_back({2, tr_format("error.db.altered.missing", {kind_word(o.type), o.name}),
                                   "- " + o.type + " " + o.name + ": " + (o.sql.empty() ? "(made by SQLite)" : o.sql)});
    if (differences.empty()) return {};
    // Not one of Vastuu's tables as Vastuu makes it: another program's file with a version number,
    // not a Vastuu file someone changed.
    if (identical_tables == 0 && !file_tables.empty()) return foreign_schema(file_tables);
    std::stable_sort(differences.begin(), differences.end(),
                     [](const SchemaDifference& a, const SchemaDifference& b) { return a.rank < b.rank; });
    std::string detail;
    for (const SchemaDifference& d : differences) detail += (detail.empty() ? "" : "\n") + d.detail;
    return Error{"db.altered_schema", differences.front().message, "", detail};
}

namespace {

// The integrity check's lines about rows that break a rule the schema states (CHECK, NOT NULL, a
// column type of a STRICT table, UNIQUE), as opposed to damage to the file's pages. `table` is the
// table the line is about ("" when it names an index: the caller looks that up).
bool is_rule_line(const std::string& line, std::string& table, std::string& index) {
    auto starts = [&](const char* head) { return line.rfind(head, 0) == 0; };
    if (starts("CHECK constraint failed in ")) {
        table = line.substr(std::strlen("CHECK constraint failed in "));
        return true;
    }
    if (starts("non-unique entry in index ")) {
        index = line.substr(std::strlen("non-unique entry in index "));
        return true;
    }
    // "NULL value in t.c", "TEXT value in t.c", "NUMERIC value in t.c", "non-INTEGER value in t.c".
    const size_t in = line.find(" value in ");
    if (in != std::string::npos && (starts("NULL ") || starts("TEXT ") || starts("NUMERIC ") || starts("non-"))) {
        const std::string column = line.substr(in + std::strlen(" value in "));
        table = column.substr(0, column.rfind('.'));
        return true;
    }
    return false;
}

std::string table_of_index(sqlite3* db, const std::string& index) {
    Stmt st(db, "SELECT tbl_name FROM main.sqlite_schema WHERE type = 'index' AND name = ?1");
    st.bind(1, index);
    return st.row() ? st.text(0) : index;
}

}  // namespace

Status check_database(sqlite3* db) {
    VASTUU_TRY(check_schema(db));
    if (user_version(db) == 0) return Error{"db.foreign_schema", tr("error.db.no_tables"), ""};

    // integrity_check answers "ok" in one row when the file is sound, else up to 100 lines. On a
    // read-only connection SQLite leaves CHECK constraints out of it (verified with SQLite 3.53.2:
    // a row breaking a CHECK passes read-only and fails read-write), so Engine::inspect_file runs
    // this on a writable in-memory copy of the file.
    std::vector<std::string> lines;
    {
        Stmt st(db, "PRAGMA integrity_check");
        if (!st.ok()) return unreadable_schema(db);
        int rc = 0;
        while ((rc = st.step()) == SQLITE_ROW) lines.push_back(st.text(0));
        if (rc != SQLITE_DONE) return Error{"db.corrupt", tr("error.db.corrupt"), "", sqlite3_errmsg(db)};
    }
    if (lines.empty() || lines.front() != "ok") {
        std::string detail, rule_table;
        bool damage = lines.empty();
        for (const std::string& line : lines) {
            detail += (detail.empty() ? "" : "\n") + line;
            std::string table, index;
            if (!is_rule_line(line, table, index)) damage = true;
            else if (rule_table.empty()) rule_table = table.empty() ? table_of_index(db, index) : table;
        }
        if (damage) return Error{"db.corrupt", tr("error.db.corrupt"), "", detail};
        return Error{"db.invalid_rows", tr_format("error.db.invalid_rows", {rule_table}), "", detail};
    }

    // Foreign keys are not in the integrity check: rows that point at rows that are not there.
    Stmt fk(db, "PRAGMA foreign_key_check");
    if (!fk.ok()) return sqlite_failure(db, "checking foreign keys");
    std::string table, parent, detail;
    int shown = 0;
    while (fk.row()) {
        if (table.empty()) {
            table = fk.text(0);
            parent = fk.text(2);
        }
        // A few rows are enough to find the problem; a broken file can have millions.
        if (++shown <= 20) detail += (detail.empty() ? "" : "\n") + fk.text(0) + " rowid " + fk.text(1) + " -> " + fk.text(2);
    }
    if (shown > 20) detail += "\n… (" + std::to_string(shown) + ")";
    if (!table.empty())
        return Error{"db.broken_references", tr_format("error.db.broken_references", {table, parent}), "", detail};

    // The schema's GLOB lets any digits through ("0000-01-01", "2023-02-30"); every command and
    // importer takes only real days from 1900-01-01 to 9999-12-31 (core/dates.h), and the views
    // would show such a date as an open end.
    Stmt dates(db, "SELECT id, valid_from, valid_to FROM responsibility WHERE valid_from IS NOT NULL OR valid_to IS NOT NULL");
    if (!dates.ok()) return sqlite_failure(db, "checking dates");
    std::string bad;
    int bad_rows = 0;
    while (dates.row()) {
        for (int c : {1, 2}) {
            if (dates.is_null(c) || day_number(dates.text_view(c))) continue;
            if (++bad_rows <= 20)
                bad += (bad.empty() ? "" : "\n") + std::string("responsibility id ") + dates.text(0) + ": " +
                       (c == 1 ? "valid_from " : "valid_to ") + dates.text(c);
            break;
        }
    }
    if (bad_rows > 20) bad += "\n… (" + std::to_string(bad_rows) + ")";
    if (bad_rows > 0)
        return Error{"db.invalid_rows", tr_count("error.db.invalid_dates", bad_rows, {std::to_string(bad_rows)}), "", bad};
    return {};
}

}  // namespace vastuu
