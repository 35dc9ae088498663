// Employee and team commands: create and update employees (name, e-mail, seller info, team,
// archived), create teams.
#include <string>

#include "commands/command_context.h"
#include "commands/registry.h"
#include "core/field_limits.h"
#include "core/i18n.h"
#include "core/sql.h"
#include "core/text.h"

namespace vastuu {

using nlohmann::json;

namespace {

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

// [SECTION] Employee and team commands
// ---------------------------------------------------------------------------------------------

Result<json> employee_create(CommandContext& c) {
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


}  // namespace

void register_employee_commands(CommandRegistry& r) {
    r.add({"employee.create", employee_create, "command.employee.create", {"name", "email", "seller_info", "team_id"}, CommandAccess::AdminOnly});
    r.add({"employee.update", employee_update, "command.employee.update", {"id", "name", "email", "seller_info", "team_id", "archived"}, CommandAccess::AdminOnly});
    r.add({"team.create", team_create, "command.team.create", {"name"}, CommandAccess::AdminOnly});
}

}  // namespace vastuu
