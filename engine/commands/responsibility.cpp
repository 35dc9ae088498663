// Commands of the responsibilities matrix beyond a single click: bulk set and clear (drag, range,
// a column for all visible rows: one undo step each), roles on a responsibility, intervals, role
// management and the settings that switch roles on. They run through CommandContext::run like
// every command, so undo, redo and the change log come from the shared capture.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "commands/command_context.h"
#include "commands/registry.h"
#include "core/dates.h"
#include "core/field_limits.h"
#include "core/i18n.h"
#include "core/text.h"

namespace vastuu {
namespace {

using json = nlohmann::json;

constexpr size_t kMaxBulkCells = 2'000'000;  // a 50,000 × 40 selection; more is surely a mistake

// The condition for "current or future" (not ended) responsibilities; ?3 is today.
constexpr const char* kNotEnded = "(valid_to IS NULL OR valid_to >= ?3)";

// Reads a non-empty array of positive ids, each of which must name a row of `table`.
Status read_ids(sqlite3* db, const json& args, const char* field, const char* table, const char* code,
                std::vector<int64_t>& out) {
    auto it = args.find(field);
    if (it == args.end() || it->is_null()) return missing_argument(field);
    if (!it->is_array()) return bad_argument(field, "type.id_list");
    out.clear();
    out.reserve(it->size());
    for (const json& v : *it) {
        if (!v.is_number_integer() || v.get<int64_t>() <= 0) return bad_argument(field, "type.id_list");
        out.push_back(v.get<int64_t>());
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    if (out.empty()) return missing_argument(field);
    Stmt exists(db, std::string("SELECT 1 FROM ") + table + " WHERE id = ?1");
    for (int64_t id : out) {
        exists.bind(1, id);
        bool found = exists.row();
        exists.reset();
        if (!found) return not_found(code, field, id);
    }
    return {};
}

// The target of a command: a customer or a project, exactly one.
struct Target {
    const char* column;  // "customer_id" or "project_id"
    int64_t id;
};

Status read_target(CommandContext& c, Target& out) {
    int64_t customer = 0, project = 0;
    VASTUU_TRY(read_integer(c.args, "customer_id", false, customer));
    VASTUU_TRY(read_integer(c.args, "project_id", false, project));
    if ((customer != 0) == (project != 0))
        return Error{"command.bad_argument", tr("error.command.customer_or_project"), "customer_id"};
    if (customer) VASTUU_TRY(require_row(c.db, "customer", "customer.not_found", "customer_id", customer));
    if (project) VASTUU_TRY(require_row(c.db, "project", "project.not_found", "project_id", project));
    out = customer ? Target{"customer_id", customer} : Target{"project_id", project};
    return {};
}

// Reads an optional date field: absent leaves `out` and `present` alone; null or "" clears it.
Status read_date(const json& args, const char* field, std::string& out, bool& present) {
    auto it = args.find(field);
    if (it == args.end()) return {};
    present = true;
    if (it->is_null()) {
        out.clear();
        return {};
    }
    if (!it->is_string()) return bad_argument(field, "type.date");
    out = it->get<std::string>();
    if (out.empty()) return {};
    auto day = parse_iso_date(out, field);
    if (!day.ok()) return Error{"responsibility.bad_date", day.error().message, field};
    return {};
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Bulk set and clear
// ---------------------------------------------------------------------------------------------

// {responsible: bool, employee_ids: [...], customer_ids: [...] | project_ids: [...]}: every pair
// of the cross product becomes responsible (a no-role row where none is current) or stops being so
// (current and future rows go, ended ones stay as history). One command, so one undo step.
Result<json> responsibility_set_many(CommandContext& c) {
    if (!has_value(c.args, "responsible")) return missing_argument("responsible");
    bool responsible = true;
    VASTUU_TRY(read_bool(c.args, "responsible", responsible));
    const bool projects = has_value(c.args, "project_ids");
    if (projects == has_value(c.args, "customer_ids"))
        return Error{"command.bad_argument", tr("error.command.customer_or_project"), "customer_ids"};
    std::vector<int64_t> employees, targets;
    VASTUU_TRY(read_ids(c.db, c.args, "employee_ids", "employee", "employee.not_found", employees));
    if (projects) VASTUU_TRY(read_ids(c.db, c.args, "project_ids", "project", "project.not_found", targets));
    else VASTUU_TRY(read_ids(c.db, c.args, "customer_ids", "customer", "customer.not_found", targets));
    if (employees.size() * targets.size() > kMaxBulkCells)
        return Error{"responsibility.too_many_cells",
                     tr_format("error.responsibility.too_many_cells",
                               {std::to_string(employees.size() * targets.size()), std::to_string(kMaxBulkCells)}),
                     ""};

    // Set-based: one statement over the cross product (targets in order, then employees) instead of
    // a statement per cell, so SQLite journals each page once and not once per cell.
    const std::string column = projects ? "project_id" : "customer_id";
    const std::string id_list_employees = json(employees).dump(), id_list_targets = json(targets).dump();
    std::string sql;
    if (responsible) {
        sql = "INSERT INTO responsibility (employee_id, " + column + ") SELECT e.value, t.value"
              " FROM json_each(?2) AS t, json_each(?1) AS e WHERE NOT EXISTS (SELECT 1 FROM responsibility r"
              " WHERE r.employee_id = e.value AND r." + column + " = t.value AND (r.valid_to IS NULL OR r.valid_to >= ?3))"
              " ORDER BY t.key, e.key";
    } else {
        sql = "DELETE FROM responsibility WHERE " + column + " IN (SELECT value FROM json_each(?2))"
              " AND employee_id IN (SELECT value FROM json_each(?1)) AND " + kNotEnded;
    }
    Stmt st(c.db, sql);
    st.bind(1, id_list_employees).bind(2, id_list_targets).bind(3, c.today);
    if (st.step() != SQLITE_DONE) return sqlite_failure(c.db, "changing responsibilities");
    const int64_t changed = sqlite3_changes64(c.db);
    return json{{"ok", true}, {"changed", changed}};
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Roles and intervals on responsibilities
// ---------------------------------------------------------------------------------------------

// {employee_id, customer_id | project_id, role_id}: the "+" of the By role mode. The role's kind
// must fit the target. A current no-role responsibility takes the role; otherwise a new one is
// added, so an employee who was not responsible becomes so.
Result<json> responsibility_assign_role(CommandContext& c) {
    int64_t employee = 0, role = 0;
    VASTUU_TRY(read_integer(c.args, "employee_id", true, employee));
    VASTUU_TRY(require_row(c.db, "employee", "employee.not_found", "employee_id", employee));
    Target target{"customer_id", 0};
    VASTUU_TRY(read_target(c, target));
    VASTUU_TRY(read_integer(c.args, "role_id", true, role));
    Stmt kind(c.db, "SELECT kind, name FROM role WHERE id = ?1");
    kind.bind(1, role);
    if (!kind.row()) return not_found("role.not_found", "role_id", role);
    const std::string wanted = target.column == std::string("customer_id") ? "customer" : "project";
    if (kind.text(0) != wanted)
        return Error{"role.wrong_kind", tr_format("error.role.wrong_kind", {kind.text(1)}), "role_id"};

    const std::string where = std::string(" FROM responsibility WHERE employee_id = ?1 AND ") + target.column +
                              " = ?2 AND " + kNotEnded;
    Stmt same(c.db, "SELECT 1" + where + " AND role_id = ?4");
    same.bind(1, employee).bind(2, target.id).bind(3, c.today).bind(4, role);
    if (same.row())
        return Error{"responsibility.role_exists", tr_format("error.responsibility.role_exists", {kind.text(1)}),
                     "role_id"};
    Stmt plain(c.db, "SELECT id" + where + " AND role_id IS NULL ORDER BY id LIMIT 1");
    plain.bind(1, employee).bind(2, target.id).bind(3, c.today);
    if (plain.row()) {
        int64_t id = plain.int64(0);
        Stmt update(c.db, "UPDATE responsibility SET role_id = ?1 WHERE id = ?2");
        update.bind(1, role).bind(2, id);
        VASTUU_TRY(step_done(c.db, update, "setting a role"));
        return json{{"ok", true}, {"id", id}};
    }
    Stmt insert(c.db, std::string("INSERT INTO responsibility (employee_id, ") + target.column +
                          ", role_id) VALUES (?1, ?2, ?3)");
    insert.bind(1, employee).bind(2, target.id).bind(3, role);
    VASTUU_TRY(step_done(c.db, insert, "adding a responsibility"));
    return json{{"ok", true}, {"id", sqlite3_last_insert_rowid(c.db)}};
}

// {id, role_id?, valid_from?, valid_to?}: null or "" clears a date, role_id 0 or null clears the role.
Result<json> responsibility_update(CommandContext& c) {
    int64_t id = 0;
    VASTUU_TRY(read_integer(c.args, "id", true, id));
    Stmt row(c.db, "SELECT ifnull(role_id, 0), ifnull(valid_from, ''), ifnull(valid_to, ''), "
                   "customer_id IS NOT NULL FROM responsibility WHERE id = ?1");
    row.bind(1, id);
    if (!row.row()) return not_found("responsibility.not_found", "id", id);
    int64_t role = row.int64(0);
    std::string from = row.text(1), to = row.text(2);
    const bool on_customer = row.int64(3) != 0;
    bool present = false;
    VASTUU_TRY(read_date(c.args, "valid_from", from, present));
    VASTUU_TRY(read_date(c.args, "valid_to", to, present));
    if (!from.empty() && !to.empty() && to < from)
        return Error{"responsibility.bad_interval", tr_format("error.responsibility.bad_interval", {from, to}),
                     "valid_to"};
    if (c.args.contains("role_id")) {
        VASTUU_TRY(read_optional_ref(c.db, c.args, "role_id", "role", "role.not_found", role));
        if (role) {
            Stmt kind(c.db, "SELECT kind, name FROM role WHERE id = ?1");
            kind.bind(1, role);
            kind.row();
            if (kind.text(0) != (on_customer ? "customer" : "project"))
                return Error{"role.wrong_kind", tr_format("error.role.wrong_kind", {kind.text(1)}), "role_id"};
        }
    }
    Stmt update(c.db, "UPDATE responsibility SET role_id = ?1, valid_from = ?2, valid_to = ?3 WHERE id = ?4");
    update.bind_id_or_null(1, role).bind_text_or_null(2, from).bind_text_or_null(3, to).bind(4, id);
    VASTUU_TRY(step_done(c.db, update, "changing a responsibility"));
    return json{{"ok", true}, {"id", id}};
}

// {id}: removes one responsibility row, history or not (the persons-in-charge listing's delete).
Result<json> responsibility_delete(CommandContext& c) {
    int64_t id = 0;
    VASTUU_TRY(read_integer(c.args, "id", true, id));
    VASTUU_TRY(require_row(c.db, "responsibility", "responsibility.not_found", "id", id));
    Stmt remove(c.db, "DELETE FROM responsibility WHERE id = ?1");
    remove.bind(1, id);
    VASTUU_TRY(step_done(c.db, remove, "removing a responsibility"));
    return json{{"ok", true}, {"id", id}};
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Role management and settings
// ---------------------------------------------------------------------------------------------

Status read_role_kind(const json& args, std::string& out) {
    auto it = args.find("kind");
    if (it == args.end() || it->is_null()) return missing_argument("kind");
    if (!it->is_string() || (*it != "customer" && *it != "project")) return bad_argument("kind", "type.role_kind");
    out = it->get<std::string>();
    return {};
}

Status check_role_name_free(sqlite3* db, const std::string& name, const std::string& kind, int64_t own_id) {
    Stmt st(db, "SELECT 1 FROM role WHERE lower(name) = lower(?1) AND kind = ?2 AND id <> ?3");
    st.bind(1, name).bind(2, kind).bind(3, own_id);
    if (st.row()) return Error{"role.name_taken", tr_format("error.role.name_taken", {name}), "name"};
    return {};
}

// The role's short code for matrix cells: given, or the name's first two letters in capitals.
std::string default_code(const std::string& name) {
    std::string code;
    for (char ch : name) {
        if (code.size() == 2) break;
        if (std::isalpha(static_cast<unsigned char>(ch))) code.push_back(static_cast<char>(std::toupper(ch)));
    }
    return code;
}

Result<json> role_create(CommandContext& c) {
    std::string name, code, kind;
    VASTUU_TRY(read_text(c.args, "name", limits::kRoleName, true, false, name));
    VASTUU_TRY(read_text(c.args, "code", limits::kRoleCode, false, false, code));
    VASTUU_TRY(read_role_kind(c.args, kind));
    VASTUU_TRY(check_role_name_free(c.db, name, kind, 0));
    if (code.empty()) code = default_code(name);
    Stmt insert(c.db, "INSERT INTO role (name, code, kind) VALUES (?1, ?2, ?3)");
    insert.bind(1, name).bind(2, code).bind(3, kind);
    VASTUU_TRY(step_done(c.db, insert, "creating a role"));
    return json{{"ok", true}, {"id", sqlite3_last_insert_rowid(c.db)}, {"code", code}};
}

// {id, name?, code?}: the kind stays (responsibilities in the role were checked against it).
Result<json> role_update(CommandContext& c) {
    int64_t id = 0;
    VASTUU_TRY(read_integer(c.args, "id", true, id));
    Stmt row(c.db, "SELECT name, code, kind FROM role WHERE id = ?1");
    row.bind(1, id);
    if (!row.row()) return not_found("role.not_found", "id", id);
    std::string name = row.text(0), code = row.text(1), kind = row.text(2);
    if (c.args.contains("name")) {
        VASTUU_TRY(read_text(c.args, "name", limits::kRoleName, true, false, name));
        VASTUU_TRY(check_role_name_free(c.db, name, kind, id));
    }
    if (c.args.contains("code")) VASTUU_TRY(read_text(c.args, "code", limits::kRoleCode, false, false, code));
    Stmt update(c.db, "UPDATE role SET name = ?1, code = ?2 WHERE id = ?3");
    update.bind(1, name).bind(2, code).bind(3, id);
    VASTUU_TRY(step_done(c.db, update, "renaming a role"));
    return json{{"ok", true}, {"id", id}};
}

// {id}: the role goes; its responsibilities stay, without a role (ON DELETE SET NULL, captured
// for undo like any change).
Result<json> role_delete(CommandContext& c) {
    int64_t id = 0;
    VASTUU_TRY(read_integer(c.args, "id", true, id));
    VASTUU_TRY(require_row(c.db, "role", "role.not_found", "id", id));
    Stmt uses(c.db, "SELECT count(*) FROM responsibility WHERE role_id = ?1");
    uses.bind(1, id);
    int64_t affected = uses.row() ? uses.int64(0) : 0;
    Stmt remove(c.db, "DELETE FROM role WHERE id = ?1");
    remove.bind(1, id);
    VASTUU_TRY(step_done(c.db, remove, "deleting a role"));
    return json{{"ok", true}, {"id", id}, {"responsibilities_without_role", affected}};
}

// Settings a user may change, with the values each takes. Maintenance reminder: Engine::setting()
// readers assume these defaults when a key is absent.
struct SettingRule {
    const char* key;
    const char* values[3];
};
const SettingRule kSettings[] = {
    {"roles_enabled", {"0", "1", nullptr}},
};

Result<json> setting_set(CommandContext& c) {
    std::string key, value;
    VASTUU_TRY(read_text(c.args, "key", 64, true, false, key));
    VASTUU_TRY(read_text(c.args, "value", 64, false, false, value));
    for (const SettingRule& rule : kSettings) {
        if (key != rule.key) continue;
        bool allowed = false;
        for (const char* v : rule.values) allowed = allowed || (v && value == v);
        if (!allowed) return Error{"setting.bad_value", tr_format("error.setting.bad_value", {value, key}), "value"};
        Stmt upsert(c.db, "INSERT INTO setting (key, value) VALUES (?1, ?2) "
                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        upsert.bind(1, key).bind(2, value);
        VASTUU_TRY(step_done(c.db, upsert, "saving a setting"));
        return json{{"ok", true}, {"key", key}, {"value", value}};
    }
    return Error{"setting.unknown", tr_format("error.setting.unknown", {key}), "key"};
}

// [SECTION] Responsibility commands
// ---------------------------------------------------------------------------------------------

// A matrix cell click: the employee becomes responsible for the customer (or project), or stops
// being so. Rows that ended before today are history and stay; current and future ones go.
Result<json> responsibility_toggle(CommandContext& c) {
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



}  // namespace

void register_responsibility_commands(CommandRegistry& r) {
    r.add({"responsibility.toggle", responsibility_toggle, "command.responsibility.toggle", {"employee_id", "customer_id", "project_id"}});
    r.add({"responsibility.set_many", responsibility_set_many, "command.responsibility.set_many", {"responsible", "employee_ids", "customer_ids", "project_ids"}});
    r.add({"responsibility.assign_role", responsibility_assign_role, "command.responsibility.assign_role", {"employee_id", "customer_id", "project_id", "role_id"}});
    r.add({"responsibility.update", responsibility_update, "command.responsibility.update", {"id", "role_id", "valid_from", "valid_to"}});
    r.add({"responsibility.delete", responsibility_delete, "command.responsibility.delete", {"id"}});
    r.add({"role.create", role_create, "command.role.create", {"name", "code", "kind"}, CommandAccess::AdminOnly});
    r.add({"role.update", role_update, "command.role.update", {"id", "name", "code"}, CommandAccess::AdminOnly});
    r.add({"role.delete", role_delete, "command.role.delete", {"id"}, CommandAccess::AdminOnly});
    r.add({"setting.set", setting_set, "command.setting.set", {"key", "value"}, CommandAccess::AdminOnly});
}

}  // namespace vastuu
