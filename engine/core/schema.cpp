// Schema v1 and the migration runner. The database enforces the rules that must never break, whatever
// code writes to it: unique customer numbers, one group per customer (a column, not a link table),
// a responsibility on exactly one customer or project, intervals that do not end before they start.
#include "core/schema.h"

#include <string>

#include "core/i18n.h"

namespace vastuu {
namespace {

// Maintenance reminder: a change here is a new migration appended to kMigrations, never an edit of
// an old one; check_database() lists the tables it expects.
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

const char* const kMigrations[] = {kSchemaV1, kSchemaV2, kSchemaV3};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == kSchemaVersion,
              "one migration per schema version");

const char* const kExpectedTables[] = {
    "team", "employee", "role", "customer_group", "customer_group_salesperson", "customer",
    "project", "special_group", "special_group_member", "responsibility", "change_log", "setting"};

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

Status check_database(sqlite3* db) {
    // integrity_check answers "ok" in one row when the file is sound.
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr) != SQLITE_OK) {
        Error e{"db.not_a_database", tr_format("error.db.not_a_database", {sqlite3_errmsg(db)}), ""};
        sqlite3_finalize(st);
        return e;
    }
    std::string first;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) first = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return Error{"db.not_a_database", tr_format("error.db.not_a_database", {sqlite3_errmsg(db)}), ""};
    if (first != "ok") return Error{"db.corrupt", tr_format("error.db.corrupt", {first}), ""};

    int version = user_version(db);
    if (version > kSchemaVersion)
        return Error{"db.newer_version", tr_format("error.db.newer_version", {std::to_string(version)}), ""};
    if (version < 1) return Error{"db.foreign_schema", tr_format("error.db.foreign_schema", {"user_version 0"}), ""};

    for (const char* table : kExpectedTables) {
        if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", -1, &st,
                               nullptr) != SQLITE_OK)
            return sqlite_error(db, "reading schema");
        sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
        bool found = sqlite3_step(st) == SQLITE_ROW;
        sqlite3_finalize(st);
        if (!found) return Error{"db.foreign_schema", tr_format("error.db.foreign_schema", {table}), ""};
    }

    if (sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &st, nullptr) != SQLITE_OK)
        return sqlite_error(db, "checking foreign keys");
    bool violation = sqlite3_step(st) == SQLITE_ROW;
    std::string table = violation ? reinterpret_cast<const char*>(sqlite3_column_text(st, 0)) : "";
    sqlite3_finalize(st);
    if (violation) return Error{"db.corrupt", tr_format("error.db.corrupt", {"foreign key in " + table}), ""};
    return {};
}

}  // namespace vastuu
