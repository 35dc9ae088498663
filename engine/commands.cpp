// The commands: the only way data changes. Each validates its JSON arguments, writes in one
// transaction whose row changes are captured by triggers (see commands_internal.h), and becomes one
// change-log group and one undo step.
//
// Index of this file:
// [SECTION] Argument readers
// [SECTION] Change capture: triggers, collecting, the change log
// [SECTION] Generic row writer (undo and redo)
// [SECTION] Lookups shared by the commands
// [SECTION] Customer commands
// [SECTION] Employee and team commands
// [SECTION] Project commands
// [SECTION] Responsibility commands
// [SECTION] execute(), undo, redo
#include <algorithm>
#include <cstring>
#include <memory>
#include <set>
#include <unordered_map>

#include "commands_internal.h"
#include "field_limits.h"
#include "i18n.h"
#include "sql.h"
#include "text.h"

namespace vastuu {

using nlohmann::json;

namespace {
// Undo steps kept; older ones are dropped. A bulk edit's step holds every row it touched, so an
// unbounded history could grow large in the browser's memory.
constexpr size_t kMaxUndoSteps = 100;
}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Argument readers
// ---------------------------------------------------------------------------------------------

Error missing_argument(const char* field) {
    return Error{"command.missing_argument", tr_format("error.command.missing_argument", {field}), field};
}

Error bad_argument(const char* field, const char* expected_key) {
    return Error{"command.bad_argument", tr_format("error.command.bad_argument", {field, tr(expected_key)}),
                 field};
}

Status allow_only(const json& args, std::initializer_list<const char*> allowed) {
    for (auto it = args.begin(); it != args.end(); ++it) {
        const std::string& key = it.key();
        if (key == "cmd") continue;
        bool known = std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; });
        if (!known)
            return Error{"command.bad_argument", tr_format("error.command.unknown_field", {key}), key};
    }
    return {};
}

bool has_value(const json& args, const char* field) {
    auto it = args.find(field);
    return it != args.end() && !it->is_null();
}

Status read_integer(const json& args, const char* field, bool required, int64_t& out) {
    auto it = args.find(field);
    if (it == args.end() || it->is_null()) {
        if (required) return missing_argument(field);
        return {};
    }
    if (it->is_number_unsigned()) {
        // Above INT64_MAX nothing can match a rowid or a customer number; refuse instead of wrapping.
        uint64_t u = it->get<uint64_t>();
        if (u > static_cast<uint64_t>(INT64_MAX)) return bad_argument(field, "type.integer");
        out = static_cast<int64_t>(u);
        return {};
    }
    if (!it->is_number_integer()) return bad_argument(field, "type.integer");
    out = it->get<int64_t>();
    return {};
}

Status read_bool(const json& args, const char* field, bool& out) {
    auto it = args.find(field);
    if (it == args.end() || it->is_null()) return {};
    if (!it->is_boolean()) return bad_argument(field, "type.boolean");
    out = it->get<bool>();
    return {};
}

Status read_text(const json& args, const char* field, size_t max_chars, bool required, bool multiline,
                 std::string& out) {
    auto it = args.find(field);
    if (it == args.end() || it->is_null()) {
        if (required) return missing_argument(field);
        out.clear();
        return {};
    }
    if (!it->is_string()) return bad_argument(field, "type.text");
    const std::string& value = it->get_ref<const std::string&>();
    VASTUU_TRY(validate_text(value, field, max_chars, required, multiline));
    out = trim(value);
    return {};
}

namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Change capture: triggers, collecting, the change log
// ---------------------------------------------------------------------------------------------

const char* const kCaptureClientData = "vastuu.change_capture";

struct TableInfo {
    std::string name;
    std::vector<std::string> columns;  // in table order
    std::vector<std::string> key;      // primary-key columns in key order
};

// Per connection (owned by SQLite through sqlite3_set_clientdata, freed when the connection closes).
struct ChangeCapture {
    bool on = false;  // read by the triggers' WHEN clause: seeding and raw test SQL are not captured
    std::vector<TableInfo> tables;

    const TableInfo* find(const std::string& name) const {
        for (const TableInfo& t : tables)
            if (t.name == name) return &t;
        return nullptr;
    }
};

ChangeCapture* capture_of(sqlite3* db) {
    return static_cast<ChangeCapture*>(sqlite3_get_clientdata(db, kCaptureClientData));
}

// Turns capture on for one transaction; off again on every path out.
class CaptureScope {
public:
    explicit CaptureScope(sqlite3* db) : capture_(capture_of(db)) {
        if (capture_) capture_->on = true;
    }
    ~CaptureScope() {
        if (capture_) capture_->on = false;
    }

private:
    ChangeCapture* capture_;
};

void capturing_function(sqlite3_context* context, int, sqlite3_value**) {
    auto* capture = static_cast<ChangeCapture*>(sqlite3_user_data(context));
    sqlite3_result_int(context, capture->on ? 1 : 0);
}

std::string quote_identifier(const std::string& name) {
    std::string out = "\"";
    for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string quote_literal(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

// json_object('a', <prefix>"a", ...): one row as a JSON object. The same expression reads the
// current row during undo, so "unchanged since captured" is a plain string comparison.
std::string row_json_sql(const TableInfo& t, const char* prefix) {
    std::string sql = "json_object(";
    for (size_t i = 0; i < t.columns.size(); ++i) {
        if (i) sql += ", ";
        sql += quote_literal(t.columns[i]) + ", " + prefix + quote_identifier(t.columns[i]);
    }
    return sql + ")";
}

std::string key_json_sql(const TableInfo& t, const char* prefix) {
    std::string sql = "json_array(";
    for (size_t i = 0; i < t.key.size(); ++i) {
        if (i) sql += ", ";
        sql += prefix + quote_identifier(t.key[i]);
    }
    return sql + ")";
}

// "WHERE k1 = json_extract(?N, '$[0]') AND ..." for a key given as a JSON array in parameter N.
std::string key_where_sql(const TableInfo& t, int param) {
    std::string sql = " WHERE ";
    for (size_t i = 0; i < t.key.size(); ++i) {
        if (i) sql += " AND ";
        sql += quote_identifier(t.key[i]) + " = json_extract(?" + std::to_string(param) + ", '$[" +
               std::to_string(i) + "]')";
    }
    return sql;
}

std::string capture_trigger_sql(const TableInfo& t, const char* event) {
    const bool has_old = std::strcmp(event, "INSERT") != 0;
    const bool has_new = std::strcmp(event, "DELETE") != 0;
    const char* id_prefix = has_new ? "NEW." : "OLD.";
    std::string sql = "CREATE TEMP TRIGGER " + quote_identifier("vastuu_capture_" + t.name + "_" + event) +
                      " AFTER " + event + " ON main." + quote_identifier(t.name) +
                      " WHEN vastuu_capturing() BEGIN INSERT INTO vastuu_capture"
                      "(tbl, entity_id, before_key, before, after_key, after) VALUES (" +
                      quote_literal(t.name) + ", " + id_prefix + quote_identifier(t.key[0]) + ", ";
    sql += has_old ? key_json_sql(t, "OLD.") + ", " + row_json_sql(t, "OLD.") : std::string("NULL, NULL");
    sql += ", ";
    sql += has_new ? key_json_sql(t, "NEW.") + ", " + row_json_sql(t, "NEW.") : std::string("NULL, NULL");
    return sql + "); END;";
}

}  // namespace

Status install_change_capture(sqlite3* db) {
    VASTUU_TRY(exec(db,
                    "CREATE TEMP TABLE IF NOT EXISTS vastuu_capture (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL,"
                    " entity_id INTEGER, before_key TEXT, before TEXT, after_key TEXT, after TEXT)"));
    auto* capture = new ChangeCapture();
    if (sqlite3_set_clientdata(db, kCaptureClientData, capture,
                               [](void* p) { delete static_cast<ChangeCapture*>(p); }) != SQLITE_OK) {
        delete capture;
        return sqlite_failure(db, "installing change capture");
    }
    if (sqlite3_create_function_v2(db, "vastuu_capturing", 0, SQLITE_UTF8, capture, capturing_function, nullptr,
                                   nullptr, nullptr) != SQLITE_OK)
        return sqlite_failure(db, "installing change capture");

    // The change log and the team server's sync log are the record itself, not undoable data;
    // sqlite_* tables belong to SQLite.
    Stmt tables(db,
                "SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                " AND name NOT IN ('change_log', 'sync_log') ORDER BY name");
    Stmt columns(db, "SELECT name, pk FROM pragma_table_info(?1, 'main') ORDER BY cid");
    if (!tables.ok() || !columns.ok()) return sqlite_failure(db, "reading the schema");
    while (tables.row()) {
        TableInfo t;
        t.name = tables.text(0);
        std::vector<std::pair<int64_t, std::string>> key;
        columns.bind(1, t.name);
        while (columns.row()) {
            t.columns.push_back(columns.text(0));
            if (columns.int64(1) > 0) key.emplace_back(columns.int64(1), columns.text(0));
        }
        columns.reset();
        // Every table of ours has a primary key; a table without one could not be restored row by row.
        if (key.empty()) continue;
        std::sort(key.begin(), key.end());
        for (auto& k : key) t.key.push_back(k.second);
        for (const char* event : {"INSERT", "UPDATE", "DELETE"})
            VASTUU_TRY(exec(db, capture_trigger_sql(t, event).c_str()));
        capture->tables.push_back(std::move(t));
    }
    return {};
}

namespace {

// An update that changed nothing is not a change to log or undo.
constexpr const char* kRealChange = "NOT (before IS after AND before_key IS after_key)";

// The captured changes of the current transaction, in order: written to the change log as one new
// group (one user action, one undo step) and returned for the undo stack; empties the capture table.
// The log is filled by one INSERT ... SELECT: a bulk edit captures thousands of rows.
Result<std::vector<RowChange>> log_changes(sqlite3* db, const std::string& command, const std::string& at,
                                           const std::string& who) {
    std::vector<RowChange> changes;
    {
        Stmt read(db, std::string("SELECT tbl, entity_id, before_key, before, after_key, after FROM vastuu_capture"
                                  " WHERE ") + kRealChange + " ORDER BY seq");
        if (!read.ok()) return sqlite_failure(db, "reading captured changes");
        int rc;
        while ((rc = read.step()) == SQLITE_ROW) {
            RowChange c;
            c.table = read.text(0);
            c.entity_id = read.int64(1);
            c.before_key = read.text(2);
            c.before = read.text(3);
            c.after_key = read.text(4);
            c.after = read.text(5);
            changes.push_back(std::move(c));
        }
        if (rc != SQLITE_DONE) return sqlite_failure(db, "reading captured changes");
    }
    if (!changes.empty()) {
        Stmt next_group(db, "SELECT coalesce(max(group_id), 0) + 1 FROM change_log");
        if (!next_group.row()) return sqlite_failure(db, "writing the change log");
        Stmt insert(db, std::string("INSERT INTO change_log (group_id, at, who, command, entity, entity_id, before, after)"
                                    " SELECT ?1, ?2, ?3, ?4, tbl, entity_id, before, after FROM vastuu_capture WHERE ") +
                            kRealChange + " ORDER BY seq");
        insert.bind(1, next_group.int64(0)).bind(2, at).bind(3, who).bind(4, command);
        if (!insert.done()) return sqlite_failure(db, "writing the change log");
    }
    VASTUU_TRY(exec(db, "DELETE FROM vastuu_capture"));
    return changes;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Generic row writer (undo and redo)
// ---------------------------------------------------------------------------------------------

Error undo_conflict() { return Error{"undo.conflict", tr("error.undo.conflict"), ""}; }

// Moves rows from one captured state to another: undo goes after -> before, redo before -> after.
// Statements are prepared once per table per replay: a bulk step may hold thousands of rows.
class RowWriter {
public:
    RowWriter(sqlite3* db, const ChangeCapture& capture) : db_(db), capture_(capture) {}

    // Brings the row from `from` to `to` (empty: no row). A row already in the `to` state is left
    // alone (a cascade may have got there first); a row in neither state means the data changed
    // outside the history, and the replay stops with "undo.conflict".
    // Each write is guarded by the expected current row ("... WHERE key AND row = from"), so the
    // usual case costs one statement per row; the row is read only when the write did not apply.
    Status apply(const std::string& table, const std::string& from_key, const std::string& from,
                 const std::string& to_key, const std::string& to) {
        const TableInfo* t = capture_.find(table);
        if (!t) return undo_conflict();
        Statements& s = statements(*t);
        // The update statement does not exist for a table that is all key (the link tables).
        if (!s.read->ok() || !s.insert->ok() || !s.remove->ok()) return sqlite_failure(db_, "preparing undo");

        if (!from.empty() && !to.empty() && from_key == to_key) {
            if (!s.update) return sqlite_failure(db_, "preparing undo");
            s.update->bind(1, to).bind(2, from_key).bind(3, from);
            VASTUU_TRY(finish(*s.update));
            if (sqlite3_changes(db_) == 1) return {};
            return in_state(s, to_key, to) ? Status() : undo_conflict();
        }
        if (!from.empty()) {
            s.remove->bind(1, from_key).bind(2, from);
            VASTUU_TRY(finish(*s.remove));
            if (sqlite3_changes(db_) != 1 && !in_state(s, from_key, std::string())) return undo_conflict();
        }
        if (!to.empty()) {
            s.insert->bind(1, to);
            Status inserted = finish(*s.insert);
            if (!inserted.ok() && (inserted.error().code != "undo.conflict" || !in_state(s, to_key, to)))
                return inserted;
        }
        return {};
    }

    // Makes the row with `key` be `row` (empty: no such row), whatever it was before: the team
    // client's cache takes the server's rows as they are (Engine::apply_row_images). Works on the
    // change log too, which capture leaves out.
    Status put(const std::string& table, const std::string& key, const std::string& row) {
        const TableInfo* t = table_info(table);
        if (!t) return Error{"sync.bad_rows", tr_format("error.sync.bad_rows", {table}), "table"};
        Statements& s = statements(*t);
        if (!s.upsert || !s.remove_key->ok()) return sqlite_failure(db_, "preparing row writes");
        Stmt& st = row.empty() ? *s.remove_key : *s.upsert;
        st.bind(1, row.empty() ? key : row);
        int rc = st.step();
        st.reset();
        if (rc != SQLITE_DONE) return sqlite_failure(db_, "writing a row");
        return {};
    }

private:
    struct Statements {
        std::unique_ptr<Stmt> read, insert, update, remove, upsert, remove_key;
    };

    // The captured tables' shapes, and on demand those capture leaves out (change_log).
    const TableInfo* table_info(const std::string& name) {
        if (const TableInfo* t = capture_.find(name)) return t;
        if (name != "change_log") return nullptr;  // the sync log never arrives as rows
        auto found = extra_.find(name);
        if (found != extra_.end()) return &found->second;
        TableInfo t;
        t.name = name;
        Stmt columns(db_, "SELECT name, pk FROM pragma_table_info(?1, 'main') ORDER BY cid");
        columns.bind(1, name);
        while (columns.row()) {
            t.columns.push_back(columns.text(0));
            if (columns.int64(1) > 0) t.key.push_back(columns.text(0));
        }
        if (t.key.size() != 1) return nullptr;
        return &extra_.emplace(name, std::move(t)).first->second;
    }

    Statements& statements(const TableInfo& t) {
        auto found = cache_.find(t.name);
        if (found != cache_.end()) return found->second;
        const std::string table = "main." + quote_identifier(t.name);
        std::string columns, values, assignments;
        for (size_t i = 0; i < t.columns.size(); ++i) {
            const std::string col = quote_identifier(t.columns[i]);
            // json_extract gives back SQL values of the captured types (integer, real, text, null).
            const std::string value = "json_extract(?1, " + quote_literal("$." + t.columns[i]) + ")";
            columns += (i ? ", " : "") + col;
            values += (i ? ", " : "") + value;
            // An update keeps its key (a key change is replayed as delete + insert): leaving the key
            // out of SET spares SQLite the foreign-key scan of every child table per row.
            if (std::find(t.key.begin(), t.key.end(), t.columns[i]) == t.key.end())
                assignments += (assignments.empty() ? "" : ", ") + col + " = " + value;
        }
        Statements s;
        s.read = std::make_unique<Stmt>(db_, "SELECT " + row_json_sql(t, "") + " FROM " + table + key_where_sql(t, 1));
        s.insert = std::make_unique<Stmt>(db_, "INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ")");
        if (!assignments.empty()) {
            s.update = std::make_unique<Stmt>(db_, "UPDATE " + table + " SET " + assignments + key_where_sql(t, 2) +
                                                   " AND " + row_json_sql(t, "") + " = ?3");
            if (!s.update->ok()) s.update.reset();
        }
        s.remove = std::make_unique<Stmt>(db_, "DELETE FROM " + table + key_where_sql(t, 1) + " AND " +
                                                   row_json_sql(t, "") + " = ?2");
        std::string key_columns;
        for (size_t i = 0; i < t.key.size(); ++i) key_columns += (i ? ", " : "") + quote_identifier(t.key[i]);
        // "WHERE true" keeps SQLite's parser from reading ON CONFLICT as a join constraint.
        s.upsert = std::make_unique<Stmt>(
            db_, "INSERT INTO " + table + " (" + columns + ") SELECT " + values + " WHERE true ON CONFLICT (" +
                     key_columns + ") DO " + (assignments.empty() ? std::string("NOTHING") : "UPDATE SET " + assignments));
        if (!s.upsert->ok()) s.upsert.reset();
        s.remove_key = std::make_unique<Stmt>(db_, "DELETE FROM " + table + key_where_sql(t, 1));
        return cache_.emplace(t.name, std::move(s)).first->second;
    }

    // True when the row with `key` is exactly `row` ("" meaning: no such row).
    bool in_state(Statements& s, const std::string& key, const std::string& row) {
        s.read->bind(1, key);
        bool found = s.read->row();
        bool same = found ? s.read->text_view(0) == row : row.empty();
        s.read->reset();
        return same;
    }

    // A constraint failure here also means the data no longer matches the history.
    Status finish(Stmt& st) {
        int rc = st.step();
        st.reset();
        if (rc == SQLITE_DONE) return {};
        if ((rc & 0xff) == SQLITE_CONSTRAINT) return undo_conflict();
        return sqlite_failure(db_, "replaying a change");
    }

    sqlite3* db_;
    const ChangeCapture& capture_;
    std::unordered_map<std::string, TableInfo> extra_;
    std::unordered_map<std::string, Statements> cache_;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Lookups shared by the commands (declared in commands_internal.h)
// ---------------------------------------------------------------------------------------------

bool id_exists(sqlite3* db, const char* table, int64_t id) {
    Stmt st(db, std::string("SELECT 1 FROM ") + table + " WHERE id = ?1");
    st.bind(1, id);
    return st.row();
}

Error not_found(const char* code, const char* field, int64_t id) {
    return Error{code, tr_format(("error." + std::string(code)).c_str(), {std::to_string(id)}), field};
}

// Checks that `id` names a row of `table`; the error code is e.g. "customer.not_found".
Status require_row(sqlite3* db, const char* table, const char* code, const char* field, int64_t id) {
    if (id_exists(db, table, id)) return {};
    return not_found(code, field, id);
}

// Reads an optional reference where 0 and null both mean "none"; a given id must exist.
Status read_optional_ref(sqlite3* db, const json& args, const char* field, const char* table, const char* code,
                         int64_t& out) {
    out = 0;
    VASTUU_TRY(read_integer(args, field, false, out));
    if (out != 0) VASTUU_TRY(require_row(db, table, code, field, out));
    return {};
}

Status read_customer_number(const json& args, int64_t& out) {
    auto it = args.find("number");
    if (it != args.end() && it->is_number() && !it->is_number_integer())
        return Error{"customer.bad_number", tr("error.customer.bad_number"), "number"};
    if (it != args.end() && it->is_null())
        return Error{"customer.bad_number", tr("error.customer.bad_number"), "number"};
    VASTUU_TRY(read_integer(args, "number", true, out));
    if (out <= 0) return Error{"customer.bad_number", tr("error.customer.bad_number"), "number"};
    return {};
}

Status check_customer_number_free(sqlite3* db, int64_t number, int64_t own_id) {
    Stmt st(db, "SELECT name FROM customer WHERE number = ?1 AND id <> ?2");
    st.bind(1, number).bind(2, own_id);
    if (!st.row()) return {};
    return Error{"customer.number_taken",
                 tr_format("error.customer.number_taken", {std::to_string(number), st.text(0)}), "number"};
}

// A light shape check: one '@' with text on both sides, a dot inside the domain, no spaces.
// Real validation is sending mail; this only catches typing slips such as a missing '@'.
bool looks_like_email(const std::string& s) {
    size_t at = s.find('@');
    if (at == std::string::npos || at == 0 || s.find('@', at + 1) != std::string::npos) return false;
    std::string domain = s.substr(at + 1);
    size_t dot = domain.find('.');
    if (dot == std::string::npos || dot == 0 || domain.back() == '.' || domain.find("..") != std::string::npos)
        return false;
    return std::none_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == ',' || c == ';'; });
}

Status read_email(sqlite3* db, const json& args, int64_t own_id, std::string& out) {
    VASTUU_TRY(read_text(args, "email", limits::kEmail, false, false, out));
    if (out.empty()) return {};
    if (!looks_like_email(out))
        return Error{"employee.bad_email", tr_format("error.employee.bad_email", {out}), "email"};
    // Case-insensitive: "Anna@X.fi" and "anna@x.fi" reach the same person.
    Stmt st(db, "SELECT name FROM employee WHERE lower(email) = lower(?1) AND id <> ?2");
    st.bind(1, out).bind(2, own_id);
    if (st.row())
        return Error{"employee.email_taken", tr_format("error.employee.email_taken", {out, st.text(0)}), "email"};
    return {};
}

Status step_done(sqlite3* db, Stmt& st, const char* what) {
    if (!st.done()) return sqlite_failure(db, what);
    return {};
}

namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Customer commands
// ---------------------------------------------------------------------------------------------

Result<json> customer_create(CommandContext& c) {
    VASTUU_TRY(allow_only(c.args, {"name", "number", "group_id"}));
    std::string name;
    VASTUU_TRY(read_text(c.args, "name", limits::kName, true, false, name));
    int64_t group = 0;
    VASTUU_TRY(read_optional_ref(c.db, c.args, "group_id", "customer_group", "group.not_found", group));
    int64_t number = 0;
    if (c.args.contains("number")) {
        VASTUU_TRY(read_customer_number(c.args, number));
        VASTUU_TRY(check_customer_number_free(c.db, number, 0));
    } else {
        number = next_free_customer_number(c.db, group);
    }
    Stmt insert(c.db, "INSERT INTO customer (number, name, group_id) VALUES (?1, ?2, ?3)");
    insert.bind(1, number).bind(2, name).bind_id_or_null(3, group);
    VASTUU_TRY(step_done(c.db, insert, "creating a customer"));
    return json{{"ok", true}, {"id", sqlite3_last_insert_rowid(c.db)}, {"number", number}};
}

Result<json> customer_update(CommandContext& c) {
    VASTUU_TRY(allow_only(c.args, {"id", "name", "number", "group_id"}));
    int64_t id = 0;
    VASTUU_TRY(read_integer(c.args, "id", true, id));
    Stmt current(c.db, "SELECT number, name, coalesce(group_id, 0) FROM customer WHERE id = ?1");
    current.bind(1, id);
    if (!current.row()) return not_found("customer.not_found", "id", id);
    int64_t number = current.int64(0);
    std::string name = current.text(1);
    int64_t group = current.int64(2);

    if (c.args.contains("name")) VASTUU_TRY(read_text(c.args, "name", limits::kName, true, false, name));
    if (c.args.contains("number")) {
        VASTUU_TRY(read_customer_number(c.args, number));
        VASTUU_TRY(check_customer_number_free(c.db, number, id));
    }
    if (c.args.contains("group_id"))
        VASTUU_TRY(read_optional_ref(c.db, c.args, "group_id", "customer_group", "group.not_found", group));

    // One UPDATE for all fields: one row change in the log, however many fields changed.
    Stmt update(c.db, "UPDATE customer SET number = ?1, name = ?2, group_id = ?3 WHERE id = ?4");
    update.bind(1, number).bind(2, name).bind_id_or_null(3, group).bind(4, id);
    VASTUU_TRY(step_done(c.db, update, "updating a customer"));
    return json{{"ok", true}, {"id", id}, {"number", number}};
}

Result<json> customer_archive(CommandContext& c) {
    VASTUU_TRY(allow_only(c.args, {"id", "archived"}));
    int64_t id = 0;
    VASTUU_TRY(read_integer(c.args, "id", true, id));
    bool archived = true;
    VASTUU_TRY(read_bool(c.args, "archived", archived));
    VASTUU_TRY(require_row(c.db, "customer", "customer.not_found", "id", id));
    Stmt update(c.db, "UPDATE customer SET archived = ?1 WHERE id = ?2");
    update.bind(1, archived ? 1 : 0).bind(2, id);
    VASTUU_TRY(step_done(c.db, update, "archiving a customer"));
    return json{{"ok", true}, {"id", id}, {"archived", archived}};
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Employee and team commands
// ---------------------------------------------------------------------------------------------

Result<json> employee_create(CommandContext& c) {
    VASTUU_TRY(allow_only(c.args, {"name", "email", "seller_info", "team_id"}));
    std::string name, email, seller_info;
    VASTUU_TRY(read_text(c.args, "name", limits::kName, true, false, name));
    VASTUU_TRY(read_email(c.db, c.args, 0, email));
    VASTUU_TRY(read_text(c.args, "seller_info", limits::kSellerInfo, false, true, seller_info));
    int64_t team = 0;
    VASTUU_TRY(read_optional_ref(c.db, c.args, "team_id", "team", "team.not_found", team));
    Stmt insert(c.db, "INSERT INTO employee (name, email, seller_info, team_id) VALUES (?1, ?2, ?3, ?4)");
    insert.bind(1, name).bind(2, email).bind(3, seller_info).bind_id_or_null(4, team);
    VASTUU_TRY(step_done(c.db, insert, "creating an employee"));
    return json{{"ok", true}, {"id", sqlite3_last_insert_rowid(c.db)}};
}

Result<json> employee_update(CommandContext& c) {
    VASTUU_TRY(allow_only(c.args, {"id", "name", "email", "seller_info", "team_id", "archived"}));
    int64_t id = 0;
    VASTUU_TRY(read_integer(c.args, "id", true, id));
    Stmt current(c.db, "SELECT name, email, seller_info, coalesce(team_id, 0), archived FROM employee WHERE id = ?1");
    current.bind(1, id);
    if (!current.row()) return not_found("employee.not_found", "id", id);
    std::string name = current.text(0), email = current.text(1), seller_info = current.text(2);
    int64_t team = current.int64(3);
    bool archived = current.int64(4) != 0;

    if (c.args.contains("name")) VASTUU_TRY(read_text(c.args, "name", limits::kName, true, false, name));
    if (c.args.contains("email")) VASTUU_TRY(read_email(c.db, c.args, id, email));
    if (c.args.contains("seller_info"))
        VASTUU_TRY(read_text(c.args, "seller_info", limits::kSellerInfo, false, true, seller_info));
    if (c.args.contains("team_id"))
        VASTUU_TRY(read_optional_ref(c.db, c.args, "team_id", "team", "team.not_found", team));
    VASTUU_TRY(read_bool(c.args, "archived", archived));

    Stmt update(c.db,
                "UPDATE employee SET name = ?1, email = ?2, seller_info = ?3, team_id = ?4, archived = ?5 WHERE id = ?6");
    update.bind(1, name).bind(2, email).bind(3, seller_info).bind_id_or_null(4, team).bind(5, archived ? 1 : 0);
    update.bind(6, id);
    VASTUU_TRY(step_done(c.db, update, "updating an employee"));
    return json{{"ok", true}, {"id", id}};
}

Result<json> team_create(CommandContext& c) {
    VASTUU_TRY(allow_only(c.args, {"name"}));
    std::string name;
    VASTUU_TRY(read_text(c.args, "name", limits::kName, true, false, name));
    // lower() folds ASCII only, so "Myynti" and "myynti" clash while "Ääni" and "Aani" stay distinct.
    Stmt taken(c.db, "SELECT 1 FROM team WHERE lower(name) = lower(?1)");
    taken.bind(1, name);
    if (taken.row()) return Error{"team.name_taken", tr_format("error.team.name_taken", {name}), "name"};
    Stmt insert(c.db, "INSERT INTO team (name) VALUES (?1)");
    insert.bind(1, name);
    VASTUU_TRY(step_done(c.db, insert, "creating a team"));
    return json{{"ok", true}, {"id", sqlite3_last_insert_rowid(c.db)}};
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Project commands
// ---------------------------------------------------------------------------------------------

// The smallest "1", "2", ... that the customer's projects do not use yet.
std::string next_free_project_number(sqlite3* db, int64_t customer) {
    std::set<std::string> used;
    Stmt st(db, "SELECT number FROM project WHERE customer_id = ?1");
    st.bind(1, customer);
    while (st.row()) used.insert(st.text(0));
    for (int64_t n = 1;; ++n) {
        std::string candidate = std::to_string(n);
        if (!used.count(candidate)) return candidate;
    }
}

Result<json> project_create(CommandContext& c) {
    VASTUU_TRY(allow_only(c.args, {"customer_id", "name", "number"}));
    int64_t customer = 0;
    VASTUU_TRY(read_integer(c.args, "customer_id", true, customer));
    VASTUU_TRY(require_row(c.db, "customer", "customer.not_found", "customer_id", customer));
    std::string name, number;
    VASTUU_TRY(read_text(c.args, "name", limits::kName, true, false, name));
    if (c.args.contains("number")) {
        VASTUU_TRY(read_text(c.args, "number", limits::kProjectNumber, true, false, number));
        Stmt taken(c.db, "SELECT 1 FROM project WHERE customer_id = ?1 AND number = ?2");
        taken.bind(1, customer).bind(2, number);
        if (taken.row())
            return Error{"project.number_taken", tr_format("error.project.number_taken", {number}), "number"};
    } else {
        number = next_free_project_number(c.db, customer);
    }
    Stmt insert(c.db, "INSERT INTO project (customer_id, number, name) VALUES (?1, ?2, ?3)");
    insert.bind(1, customer).bind(2, number).bind(3, name);
    VASTUU_TRY(step_done(c.db, insert, "creating a project"));
    return json{{"ok", true}, {"id", sqlite3_last_insert_rowid(c.db)}, {"number", number}};
}

// {id, name?, number?, archived?}: the project card's Save. The number stays unique within the
// customer; one UPDATE, so one row change in the log however many fields changed.
Result<json> project_update(CommandContext& c) {
    VASTUU_TRY(allow_only(c.args, {"id", "name", "number", "archived"}));
    int64_t id = 0;
    VASTUU_TRY(read_integer(c.args, "id", true, id));
    Stmt current(c.db, "SELECT customer_id, number, name, archived FROM project WHERE id = ?1");
    current.bind(1, id);
    if (!current.row()) return not_found("project.not_found", "id", id);
    const int64_t customer = current.int64(0);
    std::string number = current.text(1), name = current.text(2);
    bool archived = current.int64(3) != 0;
    if (c.args.contains("name")) VASTUU_TRY(read_text(c.args, "name", limits::kName, true, false, name));
    if (c.args.contains("number")) {
        VASTUU_TRY(read_text(c.args, "number", limits::kProjectNumber, true, false, number));
        Stmt taken(c.db, "SELECT 1 FROM project WHERE customer_id = ?1 AND number = ?2 AND id <> ?3");
        taken.bind(1, customer).bind(2, number).bind(3, id);
        if (taken.row())
            return Error{"project.number_taken", tr_format("error.project.number_taken", {number}), "number"};
    }
    if (c.args.contains("archived")) VASTUU_TRY(read_bool(c.args, "archived", archived));
    Stmt update(c.db, "UPDATE project SET number = ?1, name = ?2, archived = ?3 WHERE id = ?4");
    update.bind(1, number).bind(2, name).bind(3, archived ? 1 : 0).bind(4, id);
    VASTUU_TRY(step_done(c.db, update, "updating a project"));
    return json{{"ok", true}, {"id", id}, {"number", number}};
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Responsibility commands
// ---------------------------------------------------------------------------------------------

// A matrix cell click: the employee becomes responsible for the customer (or project), or stops
// being so. Rows that ended before today are history and stay; current and future ones go.
Result<json> responsibility_toggle(CommandContext& c) {
    VASTUU_TRY(allow_only(c.args, {"employee_id", "customer_id", "project_id"}));
    int64_t employee = 0, customer = 0, project = 0;
    VASTUU_TRY(read_integer(c.args, "employee_id", true, employee));
    VASTUU_TRY(read_integer(c.args, "customer_id", false, customer));
    VASTUU_TRY(read_integer(c.args, "project_id", false, project));
    if ((customer != 0) == (project != 0))
        return Error{"command.bad_argument", tr("error.command.customer_or_project"), "customer_id"};
    VASTUU_TRY(require_row(c.db, "employee", "employee.not_found", "employee_id", employee));
    if (customer) VASTUU_TRY(require_row(c.db, "customer", "customer.not_found", "customer_id", customer));
    if (project) VASTUU_TRY(require_row(c.db, "project", "project.not_found", "project_id", project));

    const char* target = customer ? "customer_id" : "project_id";
    const int64_t target_id = customer ? customer : project;
    const std::string active = std::string(" FROM responsibility WHERE employee_id = ?1 AND ") + target +
                               " = ?2 AND (valid_to IS NULL OR valid_to >= ?3)";
    Stmt find(c.db, "SELECT 1" + active);
    find.bind(1, employee).bind(2, target_id).bind(3, c.today);
    if (find.row()) {
        Stmt remove(c.db, "DELETE" + active);
        remove.bind(1, employee).bind(2, target_id).bind(3, c.today);
        VASTUU_TRY(step_done(c.db, remove, "removing a responsibility"));
        return json{{"ok", true}, {"responsible", false}};
    }
    Stmt insert(c.db, std::string("INSERT INTO responsibility (employee_id, ") + target + ") VALUES (?1, ?2)");
    insert.bind(1, employee).bind(2, target_id);
    VASTUU_TRY(step_done(c.db, insert, "adding a responsibility"));
    return json{{"ok", true}, {"responsible", true}, {"id", sqlite3_last_insert_rowid(c.db)}};
}

// Maintenance reminder: engine.h lists these commands and their fields; keep the two in step.
const CommandEntry kCoreCommands[] = {
    {"customer.create", customer_create},   {"customer.update", customer_update},
    {"customer.archive", customer_archive}, {"employee.create", employee_create},
    {"employee.update", employee_update},   {"project.create", project_create},
    {"project.update", project_update},     {"team.create", team_create},
    {"responsibility.toggle", responsibility_toggle},
};

// The (table, id) pairs that Engine::last_changes() reports, in the order they happened.
std::vector<std::pair<std::string, int64_t>> changed_rows(const std::vector<RowChange>& changes) {
    std::vector<std::pair<std::string, int64_t>> rows;
    rows.reserve(changes.size());
    for (const RowChange& c : changes) rows.emplace_back(c.table, c.entity_id);
    return rows;
}

// Ends a failed transaction; the error that caused it is what the caller reports.
void rollback(sqlite3* db) {
    if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
}

}  // namespace

int64_t next_free_customer_number(sqlite3* db, int64_t group_id) {
    int64_t start = 1;
    if (group_id) {
        Stmt group(db, "SELECT number_start FROM customer_group WHERE id = ?1");
        group.bind(1, group_id);
        if (group.row()) start = group.int64(0);
    }
    // Walks the unique number index from `start` to the first gap: no full scan, no table of numbers.
    Stmt free(db,
              "SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM customer WHERE number = ?1) THEN ?1 ELSE"
              " (SELECT c.number + 1 FROM customer c WHERE c.number >= ?1 AND NOT EXISTS"
              " (SELECT 1 FROM customer d WHERE d.number = c.number + 1) ORDER BY c.number LIMIT 1) END");
    free.bind(1, start);
    return free.row() ? free.int64(0) : start;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] execute(), undo, redo
// ---------------------------------------------------------------------------------------------

Result<json> CommandContext::run(Engine& engine, const std::string& name, Handler handler, const json& args) {
    sqlite3* db = engine.db_;
    // Inside the team server's batch (group commit) a command is a savepoint of the open transaction.
    const bool nested = engine.on_behalf_ && engine.on_behalf_->in_batch && !sqlite3_get_autocommit(db);
    VASTUU_TRY(exec(db, nested ? "SAVEPOINT vastuu_command" : "BEGIN IMMEDIATE"));
    std::vector<RowChange> changes;
    Result<json> result = json();
    {
        CaptureScope capture(db);
        try {
            CommandContext context(engine, args);
            result = handler(context);
        } catch (const std::exception& e) {
            // Handlers do not throw by design; this only keeps a surprise from leaving a transaction open.
            result = Error{"command.failed", tr_format("error.command.failed", {name, e.what()}), ""};
        } catch (...) {
            result = Error{"command.failed", tr_format("error.command.failed", {name, "?"}), ""};
        }
        if (result.ok()) {
            const Engine::OnBehalf* behalf = engine.on_behalf_;
            auto logged = behalf ? log_changes(db, name, behalf->now_utc, behalf->actor)
                                 : log_changes(db, name, engine.options_.now_utc(), engine.options_.actor);
            if (logged.ok()) changes = std::move(logged.value());
            else result = logged.error();
            if (result.ok() && behalf && behalf->before_commit) {
                Status checked = behalf->before_commit(changes, result.value());
                if (!checked.ok()) result = checked.error();
            }
        }
    }
    if (nested) {
        // The batch's own COMMIT makes it durable; a failed command leaves the batch as it was.
        if (!result.ok()) {
            (void)exec(db, "ROLLBACK TO vastuu_command; RELEASE vastuu_command");
            return result;
        }
        if (auto released = exec(db, "RELEASE vastuu_command"); !released.ok()) return released.error();
    } else if (!result.ok()) {
        rollback(db);
        return result;
    } else if (auto committed = exec(db, "COMMIT"); !committed.ok()) {
        rollback(db);
        return committed.error();
    }
    engine.last_changes_ = changed_rows(changes);
    if (engine.on_behalf_) {  // the team server: no shared undo stack
        if (!changes.empty()) ++engine.revision_;
        return result;
    }
    // A command that changed nothing (an update to the same values) leaves no step to undo.
    if (!changes.empty()) {
        auto step = std::make_unique<Engine::UndoStep>();
        step->command = name;
        step->changes = std::move(changes);
        engine.undo_.push_back(std::move(step));
        if (engine.undo_.size() > kMaxUndoSteps) engine.undo_.erase(engine.undo_.begin());
        engine.redo_.clear();
        ++engine.revision_;
    }
    return result;
}

Result<json> CommandContext::replay(Engine& engine, bool undo) {
    auto& from_stack = undo ? engine.undo_ : engine.redo_;
    auto& to_stack = undo ? engine.redo_ : engine.undo_;
    if (from_stack.empty())
        return Error{undo ? "undo.nothing" : "redo.nothing", tr(undo ? "error.undo.nothing" : "error.redo.nothing"), ""};
    sqlite3* db = engine.db_;
    const ChangeCapture* capture = capture_of(db);
    if (!capture) return sqlite_failure(db, "undo");
    Engine::UndoStep& step = *from_stack.back();
    const char* label = undo ? "undo" : "redo";

    VASTUU_TRY(exec(db, "BEGIN IMMEDIATE"));
    // Foreign keys are checked at COMMIT: a cascade may have been captured before the row it
    // followed from, so the replay order alone does not guarantee parents come first.
    Status status = exec(db, "PRAGMA defer_foreign_keys = ON");
    std::vector<RowChange> changes;
    {
        CaptureScope scope(db);
        RowWriter writer(db, *capture);
        const size_t n = step.changes.size();
        for (size_t i = 0; status.ok() && i < n; ++i) {
            const RowChange& c = step.changes[undo ? n - 1 - i : i];
            status = undo ? writer.apply(c.table, c.after_key, c.after, c.before_key, c.before)
                          : writer.apply(c.table, c.before_key, c.before, c.after_key, c.after);
        }
        if (status.ok()) {
            auto logged = log_changes(db, label, engine.options_.now_utc(), engine.options_.actor);
            if (logged.ok()) changes = std::move(logged.value());
            else status = logged.error();
        }
    }
    if (status.ok()) status = exec(db, "COMMIT");
    if (!status.ok()) {
        rollback(db);
        // The history no longer matches the data (something wrote outside the commands): replaying
        // other steps would fail the same way or, worse, half-succeed. Start a fresh history.
        if (status.error().code == "undo.conflict") {
            engine.undo_.clear();
            engine.redo_.clear();
        }
        return status.error();
    }
    engine.last_changes_ = changed_rows(changes);
    std::string command = step.command;
    to_stack.push_back(std::move(from_stack.back()));
    from_stack.pop_back();
    ++engine.revision_;
    return json{{"ok", true}, {undo ? "undone" : "redone", command}};
}

Result<json> Engine::execute(const json& command) {
    if (!command.is_object()) return bad_argument("cmd", "type.object");
    auto it = command.find("cmd");
    if (it == command.end() || it->is_null()) return missing_argument("cmd");
    if (!it->is_string()) return bad_argument("cmd", "type.text");
    const std::string& name = it->get_ref<const std::string&>();
    if (name == "undo" || name == "redo") {
        VASTUU_TRY(allow_only(command, {}));
        return CommandContext::replay(*this, name == "undo");
    }
    for (CommandTable table : {CommandTable{kCoreCommands, std::size(kCoreCommands)}, responsibility_commands(),
                               group_commands(), persons_commands(), import_commands()})
        for (size_t i = 0; i < table.size; ++i)
            if (name == table.entries[i].name) return CommandContext::run(*this, name, table.entries[i].run, command);
    return Error{"command.unknown", tr_format("error.command.unknown", {name}), "cmd"};
}

Result<json> Engine::execute_on_behalf(const json& command, const OnBehalf& on_behalf) {
    if (command.is_object() && command.contains("cmd") && command["cmd"].is_string()) {
        const std::string& name = command["cmd"].get_ref<const std::string&>();
        if (name == "undo" || name == "redo")
            return Error{"command.unknown", tr_format("error.command.unknown", {name}), "cmd"};
    }
    struct Reset {  // clears on_behalf_ on every path out
        Engine& e;
        ~Reset() { e.on_behalf_ = nullptr; }
    } reset{*this};
    on_behalf_ = &on_behalf;
    return execute(command);
}

Status Engine::apply_row_images(const json& rows) {
    auto bad = [](const std::string& why) {
        return Error{"sync.bad_rows", tr_format("error.sync.bad_rows", {why}), "rows"};
    };
    if (!rows.is_array()) return bad("not a list");
    for (const json& r : rows) {
        if (!r.is_object() || !r.contains("table") || !r["table"].is_string()) return bad("a row without a table");
        if (!r.contains("key") || !r["key"].is_array() || r["key"].empty()) return bad("a row without a key");
        if (!r.contains("row") || !(r["row"].is_null() || r["row"].is_object())) return bad("a row that is neither an object nor null");
    }
    const ChangeCapture* capture = capture_of(db_);
    if (!capture) return sqlite_failure(db_, "applying rows");
    VASTUU_TRY(exec(db_, "BEGIN IMMEDIATE"));
    // Parents and children may arrive in any order; foreign keys are checked at COMMIT.
    Status status = exec(db_, "PRAGMA defer_foreign_keys = ON");
    std::vector<std::pair<std::string, int64_t>> changed;
    {
        RowWriter writer(db_, *capture);
        for (size_t i = 0; status.ok() && i < rows.size(); ++i) {
            const json& r = rows[i];
            const std::string& table = r["table"].get_ref<const std::string&>();
            status = writer.put(table, r["key"].dump(), r["row"].is_null() ? std::string() : r["row"].dump());
            const json& first = r["key"][0];
            changed.emplace_back(table, first.is_number_integer() ? first.get<int64_t>() : 0);
        }
    }
    if (status.ok()) status = exec(db_, "COMMIT");
    if (!status.ok()) {
        rollback(db_);
        return status.error().code == "sync.bad_rows" ? status : bad(status.error().message);
    }
    last_changes_ = std::move(changed);
    ++revision_;
    return {};
}

bool Engine::can_undo() const { return !undo_.empty(); }
bool Engine::can_redo() const { return !redo_.empty(); }
std::string Engine::undo_label() const { return undo_.empty() ? std::string() : undo_.back()->command; }
std::string Engine::redo_label() const { return redo_.empty() ? std::string() : redo_.back()->command; }

}  // namespace vastuu
