// Project commands: create (the next free number within the customer unless given) and update.
#include <set>
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


}  // namespace

void register_project_commands(CommandRegistry& r) {
    r.add({"project.create", project_create, "command.project.create", {"customer_id", "name", "number"}});
    r.add({"project.update", project_update, "command.project.update", {"id", "name", "number", "archived"}});
}

}  // namespace vastuu
