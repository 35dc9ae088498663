// Team mode's engine side (sync.h): commands run for an account and logged in sync_log in the same
// transaction, the rows each account may see, snapshots, and applying rows to a cache.
//
// Index of this file:
// [SECTION] Row images from captured changes
// [SECTION] Who may change what
// [SECTION] execute() and the log
// [SECTION] Visible sets, filtering, resync
// [SECTION] Snapshot
#include "sync/sync.h"

#include <algorithm>
#include <optional>
#include <set>
#include <unordered_map>

#include "commands/command_context.h"
#include "commands/registry.h"
#include "core/dates.h"
#include "core/i18n.h"
#include "core/schema.h"
#include "core/sql.h"
#include "sync/visible_rows.h"

namespace vastuu::sync {

using nlohmann::json;

namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Row images from captured changes
// ---------------------------------------------------------------------------------------------

json parse_or_null(const std::string& text) {
    if (text.empty()) return nullptr;
    json j = json::parse(text, nullptr, false);
    return j.is_discarded() ? json() : j;
}

// The captured changes as row images, in order. A key change (undo replays them as delete and
// insert) becomes the old key's deletion and the new key's row.
std::vector<RowImage> images_of(const std::vector<RowChange>& changes) {
    std::vector<RowImage> out;
    out.reserve(changes.size());
    for (const RowChange& c : changes) {
        const bool key_moved = !c.before.empty() && !c.after.empty() && c.before_key != c.after_key;
        if (key_moved) out.push_back({c.table, parse_or_null(c.before_key), nullptr, parse_or_null(c.before)});
        RowImage r;
        r.table = c.table;
        r.key = parse_or_null(c.after.empty() ? c.before_key : c.after_key);
        r.row = parse_or_null(c.after);
        r.before = key_moved ? json() : parse_or_null(c.before);
        out.push_back(std::move(r));
    }
    return out;
}

// The change-log entries the command just wrote (its group), as new rows of change_log.
Status append_change_log_rows(sqlite3* db, std::vector<RowImage>& rows) {
    Stmt st(db,
            "SELECT id, json_object('id', id, 'group_id', group_id, 'at', at, 'who', who, 'command', command,"
            " 'entity', entity, 'entity_id', entity_id, 'before', before, 'after', after) FROM change_log"
            " WHERE group_id = (SELECT max(group_id) FROM change_log) ORDER BY id");
    if (!st.ok()) return sqlite_failure(db, "reading the change log");
    while (st.row()) rows.push_back({"change_log", json::array({st.int64(0)}), parse_or_null(st.text(1)), nullptr});
    return {};
}

json rows_to_log(const std::vector<RowImage>& rows) {
    json out = json::array();
    for (const RowImage& r : rows)
        out.push_back({{"table", r.table}, {"key", r.key}, {"row", r.row}, {"before", r.before}});
    return out;
}

std::vector<RowImage> rows_from_log(const json& log) {
    std::vector<RowImage> out;
    if (!log.is_array()) return out;
    for (const json& r : log)
        out.push_back({r.value("table", ""), r.value("key", json()), r.value("row", json()), r.value("before", json())});
    return out;
}

// A project's customer: from the rows at hand (a project deleted in the same change), else the database.
struct ProjectCustomers {
    sqlite3* db;
    std::unordered_map<int64_t, int64_t> known;

    ProjectCustomers(sqlite3* d, const std::vector<RowImage>& rows) : db(d) {
        for (const RowImage& r : rows)
            if (r.table == "project")
                for (const json* image : {&r.before, &r.row})
                    if (image->is_object() && (*image)["id"].is_number_integer() &&
                        (*image)["customer_id"].is_number_integer())
                        known[(*image)["id"].get<int64_t>()] = (*image)["customer_id"].get<int64_t>();
    }
    int64_t operator()(int64_t project) {
        auto it = known.find(project);
        if (it != known.end()) return it->second;
        Stmt st(db, "SELECT customer_id FROM main.project WHERE id = ?1");
        st.bind(1, project);
        int64_t customer = st.row() ? st.int64(0) : 0;
        known.emplace(project, customer);
        return customer;
    }
};

int64_t customer_of(const RowImage& r, ProjectCustomers& projects) {
    auto lookup = [&](int64_t p) { return projects(p); };
    return row_customer(r.table, r.row.is_null() ? r.before : r.row, lookup);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Who may change what
// ---------------------------------------------------------------------------------------------

// The command's name, "" when it has none (the engine then reports the missing or mistyped "cmd").
std::string command_name(const json& command) {
    if (!command.is_object()) return std::string();
    auto it = command.find("cmd");
    return it != command.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Error admin_only() { return Error{"access.admin_only", tr("error.access.admin_only"), ""}; }
Error denied() { return Error{"access.denied", tr("error.access.denied"), ""}; }

int64_t customer_of_id(sqlite3* db, const char* table, int64_t id) {
    std::string sql = std::string("SELECT ") + (std::string(table) == "responsibility"
        ? "coalesce(customer_id, (SELECT customer_id FROM project p WHERE p.id = r.project_id))"
        : "customer_id") + " FROM " + table + " r WHERE id = ?1";
    Stmt st(db, sql);
    st.bind(1, id);
    return st.row() ? st.int64(0) : 0;
}

// The ids a command names, checked against what the account sees: a customer, project or
// responsibility outside its view gets the same answer as one that does not exist.
Status check_references(sqlite3* db, const json& command, const Engine::VisibleCustomers& visible) {
    const std::string name = command_name(command);
    const std::string prefix = name.substr(0, name.find('.'));
    struct Ref {
        const char* field;
        const char* kind;  // customer | project | responsibility
    };
    std::vector<Ref> refs = {{"customer_id", "customer"}, {"customer_ids", "customer"},
                             {"project_id", "project"},   {"project_ids", "project"}};
    if (prefix == "customer" || prefix == "project" || prefix == "responsibility")
        refs.push_back({"id", prefix == "customer" ? "customer" : prefix == "project" ? "project" : "responsibility"});
    for (const Ref& ref : refs) {
        auto it = command.find(ref.field);
        if (it == command.end()) continue;
        std::vector<json> values = it->is_array() ? it->get<std::vector<json>>() : std::vector<json>{*it};
        for (const json& v : values) {
            if (!v.is_number_integer() || v.get<int64_t>() == 0) continue;  // the command reports bad types
            const int64_t id = v.get<int64_t>();
            const std::string kind = ref.kind;
            const int64_t customer = kind == "customer" ? id : customer_of_id(db, ref.kind, id);
            if (kind == "customer" ? !id_exists(db, "customer", id) || !visible.contains(id)
                                   : customer == 0 || !visible.contains(customer))
                return not_found((kind + ".not_found").c_str(), ref.field, id);
        }
    }
    return {};
}

// Inside the command's transaction: every row it changed must be one the account may change.
Status check_changes(sqlite3* db, const std::vector<RowImage>& rows, const Engine::VisibleCustomers& visible) {
    std::set<int64_t> created;  // customers this command creates: theirs to fill
    for (const RowImage& r : rows)
        if (r.table == "customer" && r.before.is_null() && r.row.is_object()) created.insert(r.key[0].get<int64_t>());
    ProjectCustomers projects(db, rows);
    auto lookup = [&](int64_t p) { return projects(p); };
    for (const RowImage& r : rows) {
        if (r.table == "change_log") continue;
        if (row_scope(r.table) != RowScope::Customer) return admin_only();
        for (const json* image : {&r.before, &r.row}) {
            if (image->is_null()) continue;
            const int64_t customer = row_customer(r.table, *image, lookup);
            const bool new_customer = created.count(customer) && image == &r.row;
            if (!new_customer && !visible.contains(customer)) return denied();
        }
    }
    return {};
}

// A refusal's message may quote another row ("number 12 is already used by Äijälä Oy"): for an
// account that cannot see that customer, the message says only that it conflicts with a hidden one.
Error redact(sqlite3* db, Error error, const Engine::VisibleCustomers& visible) {
    if (visible.all) return error;
    Stmt st(db, "SELECT id FROM customer WHERE instr(?1, name) > 0");
    st.bind(1, error.message);
    while (st.row())
        if (!visible.contains(st.int64(0))) {
            error.message = tr("error.access.hidden_conflict");
            break;
        }
    return error;
}

Result<Change> read_logged(Stmt& st) {
    Change c;
    c.seq = st.int64(0);
    c.command_id = st.text(1);
    c.account = st.text(2);
    c.at = st.text(3);
    c.command = parse_or_null(st.text(4));
    c.result = parse_or_null(st.text(5));
    c.rows = rows_from_log(parse_or_null(st.text(6)));
    return c;
}

const char* const kLogColumns = "SELECT seq, command_id, account, at, command, result, rows FROM sync_log";

}  // namespace

bool may_run(const Account& account, const std::string& name) {
    const CommandSpec* spec = command_registry().find(name);
    if (!spec || !spec->run) return false;  // unknown, or undo / redo
    return account.admin || spec->access == CommandAccess::Anyone;
}

bool may_run_command(const Account& account, const json& command) {
    const std::string name = command_name(command);
    if (!may_run(account, name)) return false;
    if (name != "batch") return true;
    auto it = command.find("commands");
    if (it == command.end() || !it->is_array()) return true;  // the engine reports the shape
    for (const json& inner : *it)
        if (command_name(inner) != "batch" && !may_run_command(account, inner)) return false;
    return true;
}

json rows_to_wire(const std::vector<RowImage>& rows) {
    json out = json::array();
    for (const RowImage& r : rows) out.push_back({{"table", r.table}, {"key", r.key}, {"row", r.row}});
    return out;
}

json change_message(const Change& change, const std::vector<RowImage>& visible) {
    return json{{"type", "change"},         {"seq", change.seq}, {"command_id", change.command_id},
                {"account", change.account}, {"at", change.at},   {"rows", rows_to_wire(visible)}};
}

// ---------------------------------------------------------------------------------------------
// [SECTION] execute() and the log
// ---------------------------------------------------------------------------------------------

namespace {

// [SECTION] Conflicts, set-like responsibilities, undo per person

// Fields of `image` that differ between its before and after (an update of a row; else none).
std::vector<std::string> changed_fields(const RowImage& r) {
    std::vector<std::string> out;
    if (!r.before.is_object() || !r.row.is_object()) return out;
    for (auto it = r.row.begin(); it != r.row.end(); ++it) {
        auto was = r.before.find(it.key());
        if (was == r.before.end() || *was != it.value()) out.push_back(it.key());
    }
    return out;
}

// The newest logged change after `seq` (at most the last 10,000), by an account other than `other_than`
// ("": anyone), with a row for which `touches(row)` is true; "who changed it since" for the team
// rules below. Change-log rows are history, never compared.
struct Since {
    std::string who, at;
};
template <class Touches>
std::optional<Since> newest_change_after(sqlite3* db, int64_t seq, const std::string& other_than, Touches touches) {
    Stmt st(db, "SELECT account, at, rows FROM sync_log WHERE seq > ?1 AND account <> ?2 ORDER BY seq DESC LIMIT 10000");
    st.bind(1, seq).bind(2, other_than);
    while (st.row())
        for (const RowImage& t : rows_from_log(parse_or_null(st.text(2))))
            if (t.table != "change_log" && touches(t)) return Since{st.text(0), st.text(1)};
    return std::nullopt;
}

// Another account's change after `base_seq` to a field this command changes too: refused, naming
// who changed it and when (the newest such change). Changes of other fields merge.
Status check_field_conflicts(sqlite3* db, const std::vector<RowImage>& rows, int64_t base_seq, const Account& account) {
    struct Edit {
        const RowImage* row;
        std::vector<std::string> fields;
    };
    std::vector<Edit> edits;
    for (const RowImage& r : rows) {
        if (r.table == "change_log") continue;
        auto fields = changed_fields(r);
        if (!fields.empty()) edits.push_back({&r, std::move(fields)});
    }
    if (edits.empty()) return {};
    std::string field;
    auto since = newest_change_after(db, base_seq, account.name, [&](const RowImage& t) {
        for (const Edit& e : edits) {
            if (t.table != e.row->table || t.key != e.row->key) continue;
            for (const std::string& f : changed_fields(t))
                if (std::find(e.fields.begin(), e.fields.end(), f) != e.fields.end()) {
                    field = f;
                    return true;
                }
        }
        return false;
    });
    if (!since) return {};
    return Error{"sync.conflict", tr_format("error.sync.conflict", {since->who, format_logged_time(since->at)}), field,
                 json{{"who", since->who}, {"at", since->at}}.dump()};
}

// Refusals that mean "already so" for a set-like change: accepted as a change of nothing.
bool already_so(const Error& e) { return e.code == "responsibility.role_exists"; }

// The step on top of the account's undo stack (undo) or redo stack (redo), 0 when none.
int64_t undo_target(sqlite3* db, const Account& account, bool undo) {
    Stmt st(db, std::string("SELECT seq FROM sync_undo WHERE account_id = ?1 AND undone = ?2 ORDER BY seq ") +
                    (undo ? "DESC" : "ASC") + " LIMIT 1");
    st.bind(1, account.id).bind(2, undo ? 0 : 1);
    return st.row() ? st.int64(0) : 0;
}

std::string logged_command_name(sqlite3* db, int64_t seq) {
    Stmt st(db, "SELECT json_extract(command, '$.cmd') FROM sync_log WHERE seq = ?1");
    st.bind(1, seq);
    return st.row() ? st.text(0) : std::string();
}

// A logged step as the engine's row changes (its change-log entries left out: they are history).
std::vector<RowChange> step_of(const std::vector<RowImage>& rows) {
    std::vector<RowChange> out;
    for (const RowImage& r : rows) {
        if (r.table == "change_log" || !r.key.is_array() || r.key.empty()) continue;
        RowChange c;
        c.table = r.table;
        c.entity_id = r.key[0].is_number_integer() ? r.key[0].get<int64_t>() : 0;
        c.before_key = c.after_key = r.key.dump();
        c.before = r.before.is_null() ? std::string() : r.before.dump();
        c.after = r.row.is_null() ? std::string() : r.row.dump();
        out.push_back(std::move(c));
    }
    return out;
}

// The sync log row of an accepted command and, for a change of the account's own, its undo stack.
Status log_command(sqlite3* db, Change& change, const json& result, const Account& account, int64_t undo_seq, bool undo) {
    change.result = result;
    Stmt insert(db, "INSERT INTO sync_log (command_id, account, at, command, result, rows) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    insert.bind(1, change.command_id).bind(2, account.name).bind(3, change.at).bind(4, change.command.dump());
    insert.bind(5, result.dump()).bind(6, rows_to_log(change.rows).dump());
    VASTUU_TRY(step_done(db, insert, "writing the sync log"));
    change.seq = sqlite3_last_insert_rowid(db);
    if (account.id.empty()) return {};
    if (undo_seq) {  // an undo or redo moves its step between the stacks
        Stmt move(db, "UPDATE sync_undo SET undone = ?2 WHERE seq = ?1");
        move.bind(1, undo_seq).bind(2, undo ? 1 : 0);
        return step_done(db, move, "writing the undo history");
    }
    bool changed = false;
    for (const RowImage& r : change.rows) changed |= r.table != "change_log";
    if (!changed) return {};
    // A new step: the redo stack goes, the step goes on top, at most 100 steps are kept.
    Stmt clear(db, "DELETE FROM sync_undo WHERE account_id = ?1 AND undone = 1");
    clear.bind(1, account.id);
    VASTUU_TRY(step_done(db, clear, "writing the undo history"));
    Stmt push(db, "INSERT INTO sync_undo (seq, account_id) VALUES (?1, ?2)");
    push.bind(1, change.seq).bind(2, account.id);
    VASTUU_TRY(step_done(db, push, "writing the undo history"));
    Stmt trim(db, "DELETE FROM sync_undo WHERE account_id = ?1 AND seq <= (SELECT seq FROM sync_undo WHERE"
                  " account_id = ?1 ORDER BY seq DESC LIMIT 1 OFFSET 100)");
    trim.bind(1, account.id);
    return step_done(db, trim, "writing the undo history");
}

}  // namespace

UndoState undo_state(Engine& engine, const Account& account) {
    UndoState s;
    if (account.id.empty()) return s;
    sqlite3* db = engine.handle();
    if (int64_t seq = undo_target(db, account, true)) s.can_undo = true, s.undo_label = logged_command_name(db, seq);
    if (int64_t seq = undo_target(db, account, false)) s.can_redo = true, s.redo_label = logged_command_name(db, seq);
    return s;
}

json undo_state_message(const UndoState& s) {
    return json{{"type", "undo_state"}, {"can_undo", s.can_undo}, {"can_redo", s.can_redo},
                {"undo_label", s.undo_label}, {"redo_label", s.redo_label}};
}

Result<Executed> execute(Engine& engine, const std::string& command_id, const json& command, const Account& account,
                         const Clock& clock, int64_t base_seq) {
    sqlite3* db = engine.handle();
    if (command_id.empty() || command_id.size() > 100)
        return Error{"sync.bad_command_id", tr("error.sync.bad_command_id"), "command_id"};
    {
        Stmt seen(db, std::string(kLogColumns) + " WHERE command_id = ?1");
        seen.bind(1, command_id);
        if (seen.row()) {
            auto logged = read_logged(seen);
            if (!logged.ok()) return logged.error();
            // Another account's id is not an answer to give away.
            if (logged->account != account.name)
                return Error{"sync.command_id_taken", tr("error.sync.command_id_taken"), "command_id"};
            return Executed{std::move(logged.value()), true};
        }
    }
    const std::string name = command_name(command);
    const bool replay = name == "undo" || name == "redo";
    if (replay && account.id.empty()) return Error{"command.unknown", tr_format("error.command.unknown", {name}), "cmd"};
    const Engine::VisibleCustomers visible = visible_customers(engine, account, clock.today);
    if (!visible.all && !replay) {
        // A batch is checked command by command (its rows are checked again before commit).
        std::vector<const json*> parts{&command};
        if (name == "batch" && command.is_object() && command.contains("commands") && command["commands"].is_array())
            for (const json& inner : command["commands"]) parts.push_back(&inner);
        for (const json* part : parts) {
            // The registry's mark (may_run); an unknown command is the engine's to report.
            const CommandSpec* spec = command_registry().find(command_name(*part));
            if (spec && spec->access == CommandAccess::AdminOnly && !account.admin) return admin_only();
            if (part->is_object()) {
                Status refs = check_references(db, *part, visible);
                if (!refs.ok()) return refs.error();
            }
        }
    }

    Change change;
    change.command_id = command_id;
    change.account = account.name;
    change.at = clock.now_utc;
    change.command = command;
    Engine::OnBehalf on_behalf;
    on_behalf.actor = account.name;
    on_behalf.now_utc = clock.now_utc;
    on_behalf.today = clock.today;
    on_behalf.in_batch = !sqlite3_get_autocommit(db);
    const bool undo = name == "undo";
    const int64_t target = replay ? undo_target(db, account, undo) : 0;
    std::string step_name;  // undo / redo: the command whose step it replays
    on_behalf.before_commit = [&](const std::vector<RowChange>& changes, const json& result) -> Status {
        change.rows = images_of(changes);
        if (!visible.all) VASTUU_TRY(check_changes(db, change.rows, visible));
        if (!replay && base_seq >= 0) VASTUU_TRY(check_field_conflicts(db, change.rows, base_seq, account));
        if (!changes.empty()) VASTUU_TRY(append_change_log_rows(db, change.rows));
        json answer = result;
        if (replay) answer[undo ? "undone" : "redone"] = step_name;
        return log_command(db, change, answer, account, target, undo);
    };

    if (replay) {
        if (!target)
            return Error{undo ? "undo.nothing" : "redo.nothing", tr(undo ? "error.undo.nothing" : "error.redo.nothing"), ""};
        Stmt logged(db, std::string(kLogColumns) + " WHERE seq = ?1");
        logged.bind(1, target);
        if (!logged.row()) return sqlite_failure(db, "reading the undo history");
        auto step = read_logged(logged);
        if (!step.ok()) return step.error();
        step_name = command_name(step->command);
        auto result = engine.replay_on_behalf(step_of(step->rows), undo, on_behalf);
        if (result.ok()) return Executed{std::move(change), false};
        if (result.error().code != "undo.conflict") return redact(db, result.error(), visible);
        // Someone changed the step's rows since: the step cannot come back and leaves the stack.
        Stmt drop(db, "DELETE FROM sync_undo WHERE seq = ?1");
        drop.bind(1, target);
        (void)drop.done();
        auto since = newest_change_after(db, target, "", [&](const RowImage& t) {
            for (const RowImage& mine : step->rows)
                if (t.table == mine.table && t.key == mine.key) return true;
            return false;
        });
        if (!since) return Error{"undo.changed_since", tr("error.undo.changed_unknown"), ""};
        return Error{"undo.changed_since",
                     tr_format(undo ? "error.undo.changed_since" : "error.redo.changed_since",
                               {since->who, format_logged_time(since->at)}),
                     "", json{{"who", since->who}, {"at", since->at}, {"undo", undo}}.dump()};
    }

    auto result = engine.execute_on_behalf(command, on_behalf);
    if (!result.ok() && already_so(result.error())) {
        // Set-like: what the command asks for is already so (someone else did it meanwhile).
        change.rows.clear();
        VASTUU_TRY(log_command(db, change, json{{"ok", true}, {"changed", 0}}, account, 0, false));
        return Executed{std::move(change), false};
    }
    if (!result.ok()) return redact(db, result.error(), visible);
    return Executed{std::move(change), false};
}

Status begin_batch(Engine& engine) { return exec(engine.handle(), "BEGIN IMMEDIATE"); }

Status commit_batch(Engine& engine) {
    Status committed = exec(engine.handle(), "COMMIT");
    if (!committed.ok()) rollback_batch(engine);
    return committed;
}

void rollback_batch(Engine& engine) {
    if (!sqlite3_get_autocommit(engine.handle())) sqlite3_exec(engine.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

int64_t last_seq(Engine& engine) {
    Stmt st(engine.handle(), "SELECT coalesce(max(seq), 0) FROM sync_log");
    return st.row() ? st.int64(0) : 0;
}

Result<std::vector<Change>> changes_after(Engine& engine, int64_t seq, int64_t limit) {
    Stmt st(engine.handle(), std::string(kLogColumns) + " WHERE seq > ?1 ORDER BY seq LIMIT ?2");
    if (!st.ok()) return sqlite_failure(engine.handle(), "reading the sync log");
    st.bind(1, seq).bind(2, limit);
    std::vector<Change> out;
    while (st.row()) {
        auto c = read_logged(st);
        if (!c.ok()) return c.error();
        out.push_back(std::move(c.value()));
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Visible sets, filtering, resync
// ---------------------------------------------------------------------------------------------

Engine::VisibleCustomers visible_customers(Engine& engine, const Account& account, const std::string& today) {
    Engine::VisibleCustomers v;
    v.all = account.admin;
    if (!v.all) v.ids = visible_customer_ids(engine.handle(), account.employee, today);
    return v;
}

std::vector<RowImage> visible_rows(Engine& engine, const std::vector<RowImage>& rows,
                                   const Engine::VisibleCustomers& visible) {
    std::vector<RowImage> out;
    ProjectCustomers projects(engine.handle(), rows);
    for (const RowImage& r : rows) {
        switch (row_scope(r.table)) {
            case RowScope::Everyone: out.push_back(r); break;
            case RowScope::Server: break;
            case RowScope::Customer:
                if (visible.all) {
                    out.push_back(r);
                } else {
                    const int64_t customer = customer_of(r, projects);
                    if (customer > 0 && visible.contains(customer)) out.push_back(r);
                }
                break;
        }
    }
    return out;
}

namespace {

int64_t int_of(const json& row, const char* field) {
    if (!row.is_object()) return 0;
    auto it = row.find(field);
    return it != row.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

bool differs(const RowImage& r, const char* field) {
    return r.before.is_object() && r.row.is_object() && int_of(r.before, field) != int_of(r.row, field);
}

}  // namespace

bool may_alter_visibility(const std::vector<RowImage>& rows, EmployeeId employee, bool replay, bool new_customers) {
    const int64_t me = employee.value;
    for (const RowImage& r : rows) {
        if (r.table == "customer_group_salesperson" || r.table == "responsibility") {
            if (int_of(r.before, "employee_id") == me || int_of(r.row, "employee_id") == me) return true;
        } else if (r.table == "customer") {
            if (differs(r, "group_id")) return true;
            if (!replay && new_customers && r.before.is_null()) return true;  // a new customer: in one of my groups?
            if (replay && r.row.is_null()) return true;       // a deletion I may have seen
        } else if (r.table == "project") {
            if (differs(r, "customer_id")) return true;
        } else if (r.table == "employee") {
            if (r.row.is_null() && int_of(r.before, "id") == me) return true;
        }
    }
    return false;
}

Delivery deliver(Engine& engine, const Change& change, const Account& account,
                 const Engine::VisibleCustomers& before, const std::string& today) {
    Delivery d;
    if (account.admin) {
        d.visible.all = true;
        d.rows = visible_rows(engine, change.rows, d.visible);
        return d;
    }
    std::set<int64_t> created, deleted;
    for (const RowImage& r : change.rows)
        if (r.table == "customer" && r.key.is_array() && !r.key.empty() && r.key[0].is_number_integer()) {
            if (r.before.is_null() && !r.row.is_null()) created.insert(r.key[0].get<int64_t>());
            if (r.row.is_null()) deleted.insert(r.key[0].get<int64_t>());
        }
    if (!may_alter_visibility(change.rows, account.employee, false, /*new_customers=*/false)) {
        // Only the customers this change created can have entered the view: judge just those (a
        // firm adding a customer must not cost every salesperson's whole set).
        Engine::VisibleCustomers seen = before;
        if (!created.empty()) {
            const std::vector<int64_t> among(created.begin(), created.end());
            for (int64_t id : visible_customer_ids(engine.handle(), account.employee, today, &among)) seen.ids.push_back(id);
            std::sort(seen.ids.begin(), seen.ids.end());
            seen.ids.erase(std::unique(seen.ids.begin(), seen.ids.end()), seen.ids.end());
        }
        d.rows = visible_rows(engine, change.rows, seen);
        d.visible = std::move(seen);
        d.visible.ids.erase(std::remove_if(d.visible.ids.begin(), d.visible.ids.end(),
                                           [&](int64_t id) { return deleted.count(id) > 0; }),
                            d.visible.ids.end());
        return d;
    }
    d.visible = visible_customers(engine, account, today);
    // A customer that entered the view without being created here comes with rows this change does
    // not carry (its projects, responsibilities, history); one that left it must go with its rows.
    for (int64_t id : d.visible.ids)
        if (!before.contains(id) && !created.count(id)) d.resync = true;
    for (int64_t id : before.ids)
        if (!d.visible.contains(id) && !deleted.count(id)) d.resync = true;
    if (d.resync) return d;
    Engine::VisibleCustomers either = d.visible;
    for (int64_t id : before.ids) either.ids.push_back(id);
    std::sort(either.ids.begin(), either.ids.end());
    either.ids.erase(std::unique(either.ids.begin(), either.ids.end()), either.ids.end());
    d.rows = visible_rows(engine, change.rows, either);
    return d;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Snapshot
// ---------------------------------------------------------------------------------------------

namespace {

// "CREATE TABLE x" -> "CREATE TABLE vastuu_snapshot.x" (likewise indexes): the schema as SQLite
// keeps it, so the snapshot is exactly the server's schema.
std::string into_snapshot(const std::string& sql) {
    for (const char* head : {"CREATE TABLE ", "CREATE UNIQUE INDEX ", "CREATE INDEX "})
        if (sql.rfind(head, 0) == 0) return std::string(head) + "vastuu_snapshot." + sql.substr(std::string(head).size());
    return std::string();
}

}  // namespace

Result<Snapshot> snapshot(Engine& engine, const Account& account, const std::string& today) {
    sqlite3* db = engine.handle();
    const Engine::VisibleCustomers visible = visible_customers(engine, account, today);
    Snapshot out;
    VASTUU_TRY(exec(db, "ATTACH DATABASE ':memory:' AS vastuu_snapshot"));
    struct Detach {
        sqlite3* db;
        ~Detach() {
            if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
            sqlite3_exec(db, "DROP TABLE IF EXISTS temp.vastuu_visible", nullptr, nullptr, nullptr);
            sqlite3_exec(db, "DETACH DATABASE vastuu_snapshot", nullptr, nullptr, nullptr);
        }
    } detach{db};
    VASTUU_TRY(exec(db, "CREATE TEMP TABLE vastuu_visible (id INTEGER PRIMARY KEY)"));
    VASTUU_TRY(exec(db, "BEGIN"));
    {
        Stmt add(db, "INSERT INTO temp.vastuu_visible (id) VALUES (?1)");
        if (visible.all) VASTUU_TRY(exec(db, "INSERT INTO temp.vastuu_visible (id) SELECT id FROM main.customer"));
        for (int64_t id : visible.ids) {
            add.bind(1, id);
            if (!add.done()) return sqlite_failure(db, "building a snapshot");
            add.reset();
        }
    }
    // Tables first (in creation order: parents before children), then indexes.
    std::vector<std::pair<std::string, std::string>> tables, indexes;
    {
        Stmt schema(db, "SELECT type, name, sql FROM main.sqlite_schema WHERE sql IS NOT NULL"
                        " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid");
        while (schema.row()) (schema.text(0) == "table" ? tables : indexes).emplace_back(schema.text(1), schema.text(2));
    }
    for (auto& [name, sql] : tables) {
        const std::string create = into_snapshot(sql);
        if (create.empty()) return Error{"db.sqlite", "snapshot: unexpected schema entry " + name, ""};
        VASTUU_TRY(exec(db, create.c_str()));
        const std::string copy = "INSERT INTO vastuu_snapshot.\"" + name + "\" SELECT * FROM main.\"" + name +
                                 "\" WHERE " + visible_row_condition(name);
        VASTUU_TRY(exec(db, copy.c_str()));
    }
    for (auto& [name, sql] : indexes) {
        const std::string create = into_snapshot(sql);
        if (!create.empty()) VASTUU_TRY(exec(db, create.c_str()));
    }
    VASTUU_TRY(exec(db, ("PRAGMA vastuu_snapshot.user_version = " + std::to_string(kSchemaVersion)).c_str()));
    out.seq = last_seq(engine);  // read inside the same read transaction as the rows
    VASTUU_TRY(exec(db, "COMMIT"));
    sqlite3_int64 size = 0;
    unsigned char* data = sqlite3_serialize(db, "vastuu_snapshot", &size, 0);
    if (!data) return Error{"db.serialize_failed", tr("error.db.serialize_failed"), ""};
    out.bytes.assign(data, data + size);
    sqlite3_free(data);
    return out;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Applying rows (the browser's cache)
// ---------------------------------------------------------------------------------------------

Status apply_rows(Engine& engine, const json& wire_rows) { return engine.apply_row_images(wire_rows); }

}  // namespace vastuu::sync
