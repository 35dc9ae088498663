// Change capture, the change log, undo and redo: how a command's row changes are recorded and
// replayed (the steps are described in command_context.h). No command writes undo code of its own.
//
// Index of this file:
// [SECTION] Change capture: triggers, collecting, the change log
// [SECTION] Generic row writer (undo and redo)
// [SECTION] Running a command, undo, redo
#include <algorithm>
#include <cstring>
#include <memory>
#include <unordered_map>

#include "commands/command_context.h"
#include "core/i18n.h"
#include "core/sql.h"

namespace vastuu {

using nlohmann::json;

namespace {
// Undo steps kept; older ones are dropped. A bulk edit's step holds every row it touched, so an
// unbounded history could grow large in the browser's memory.
constexpr size_t kMaxUndoSteps = 100;
}  // namespace

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
                " AND name NOT IN ('change_log', 'sync_log', 'sync_undo') ORDER BY name");
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

    // The row text as capture writes it (json_object in table column order) for a JSON object of
    // the same columns in any order: a step read back from the team server's sync log compares
    // with the current rows as text, like a step kept in memory. "" stays "" (no row).
    Result<std::string> canonical(const std::string& table, const std::string& row) {
        if (row.empty()) return row;
        const TableInfo* t = capture_.find(table);
        if (!t) return undo_conflict();
        Statements& s = statements(*t);
        if (!s.canonical) {  // prepared on first use: only the team server's undo needs it
            std::string sql = "SELECT json_object(";
            for (size_t i = 0; i < t->columns.size(); ++i)
                sql += (i ? ", " : "") + quote_literal(t->columns[i]) + ", json_extract(?1, " +
                       quote_literal("$." + t->columns[i]) + ")";
            s.canonical = std::make_unique<Stmt>(db_, sql + ")");
        }
        if (!s.canonical->ok()) return sqlite_failure(db_, "preparing undo");
        s.canonical->bind(1, row);
        std::string out;
        if (s.canonical->row()) out = s.canonical->text(0);
        s.canonical->reset();
        if (out.empty()) return undo_conflict();
        return out;
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
        std::unique_ptr<Stmt> read, insert, update, remove, upsert, remove_key, canonical;
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

namespace {

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

namespace {

// Replays `step` backwards (undo) or forwards (redo) inside an open transaction with capture on,
// then logs what it changed under `label`. `canonicalize`: the rows come from outside the engine's
// memory (the sync log) and are brought to capture's text form first.
Result<std::vector<RowChange>> replay_rows(sqlite3* db, const ChangeCapture& capture,
                                           const std::vector<RowChange>& step, bool undo, bool canonicalize,
                                           const char* label, const std::string& now_utc, const std::string& actor) {
    // Foreign keys are checked at COMMIT: a cascade may have been captured before the row it
    // followed from, so the replay order alone does not guarantee parents come first.
    VASTUU_TRY(exec(db, "PRAGMA defer_foreign_keys = ON"));
    CaptureScope scope(db);
    RowWriter writer(db, capture);
    const size_t n = step.size();
    for (size_t i = 0; i < n; ++i) {
        RowChange c = step[undo ? n - 1 - i : i];
        if (canonicalize) {
            auto before = writer.canonical(c.table, c.before);
            if (!before.ok()) return before.error();
            auto after = writer.canonical(c.table, c.after);
            if (!after.ok()) return after.error();
            c.before = std::move(before.value());
            c.after = std::move(after.value());
        }
        VASTUU_TRY(undo ? writer.apply(c.table, c.after_key, c.after, c.before_key, c.before)
                        : writer.apply(c.table, c.before_key, c.before, c.after_key, c.after));
    }
    return log_changes(db, label, now_utc, actor);
}

}  // namespace

Result<json> Engine::replay_on_behalf(const std::vector<RowChange>& step, bool undo, const OnBehalf& on_behalf) {
    const ChangeCapture* capture = capture_of(db_);
    if (!capture) return sqlite_failure(db_, "undo");
    const bool nested = on_behalf.in_batch && !sqlite3_get_autocommit(db_);
    VASTUU_TRY(exec(db_, nested ? "SAVEPOINT vastuu_command" : "BEGIN IMMEDIATE"));
    json result = json{{"ok", true}};
    auto replayed = replay_rows(db_, *capture, step, undo, true, undo ? "undo" : "redo", on_behalf.now_utc, on_behalf.actor);
    Status status = replayed.ok() ? Status() : Status(replayed.error());
    if (status.ok() && on_behalf.before_commit) status = on_behalf.before_commit(replayed.value(), result);
    if (nested) {
        if (!status.ok()) {
            (void)exec(db_, "ROLLBACK TO vastuu_command; RELEASE vastuu_command");
            return status.error();
        }
        VASTUU_TRY(exec(db_, "RELEASE vastuu_command"));
    } else {
        if (status.ok()) status = exec(db_, "COMMIT");
        if (!status.ok()) {
            rollback(db_);
            return status.error();
        }
    }
    last_changes_ = changed_rows(replayed.value());
    if (!replayed.value().empty()) ++revision_;
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
    std::vector<RowChange> changes;
    Status status;
    {
        auto replayed = replay_rows(db, *capture, step.changes, undo, false, label, engine.options_.now_utc(),
                                    engine.options_.actor);
        if (replayed.ok()) changes = std::move(replayed.value());
        else status = replayed.error();
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
