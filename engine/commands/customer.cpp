// Customer commands: create, update (name, number, group, archived in one step), archive.
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

Status read_customer_number(const json& args, int64_t& out) {
    auto it = args.find("number");
    if (it != args.end() && it->is_number() && !it->is_number_integer())
        return Error{"customer.bad_number", tr("error.customer.bad_number"), "number"};
    if (it != args.end() && it->is_null())
        return Error{"customer.bad_number", tr("error.customer.bad_number"), "number"};
    VASTUU_TRY(read_integer(args, "number", true, out));
    return check_customer_number(out);
}

Status check_customer_number_free(sqlite3* db, int64_t number, int64_t own_id) {
    Stmt st(db, "SELECT name FROM customer WHERE number = ?1 AND id <> ?2");
    st.bind(1, number).bind(2, own_id);
    if (!st.row()) return {};
    return Error{"customer.number_taken",
                 tr_format("error.customer.number_taken", {std::to_string(number), st.text(0)}), "number"};
}

// [SECTION] Customer commands
// ---------------------------------------------------------------------------------------------

Result<json> customer_create(CommandContext& c) {
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
        VASTUU_TRY(check_customer_number(number));  // the series may have reached the last number
    }
    Stmt insert(c.db, "INSERT INTO customer (number, name, group_id) VALUES (?1, ?2, ?3)");
    insert.bind(1, number).bind(2, name).bind_id_or_null(3, group);
    VASTUU_TRY(step_done(c.db, insert, "creating a customer"));
    return json{{"ok", true}, {"id", sqlite3_last_insert_rowid(c.db)}, {"number", number}};
}

Result<json> customer_update(CommandContext& c) {
    int64_t id = 0;
    VASTUU_TRY(read_integer(c.args, "id", true, id));
    Stmt current(c.db, "SELECT number, name, coalesce(group_id, 0), archived FROM customer WHERE id = ?1");
    current.bind(1, id);
    if (!current.row()) return not_found("customer.not_found", "id", id);
    int64_t number = current.int64(0);
    std::string name = current.text(1);
    int64_t group = current.int64(2);
    bool archived = current.int64(3) != 0;

    if (c.args.contains("name")) VASTUU_TRY(read_text(c.args, "name", limits::kName, true, false, name));
    if (c.args.contains("number")) {
        VASTUU_TRY(read_customer_number(c.args, number));
        VASTUU_TRY(check_customer_number_free(c.db, number, id));
    }
    if (c.args.contains("group_id"))
        VASTUU_TRY(read_optional_ref(c.db, c.args, "group_id", "customer_group", "group.not_found", group));
    VASTUU_TRY(read_bool(c.args, "archived", archived));

    // One UPDATE for all fields: one row change in the log and one undo step, however many fields
    // changed (the customer forms' Save, archived included).
    Stmt update(c.db, "UPDATE customer SET number = ?1, name = ?2, group_id = ?3, archived = ?4 WHERE id = ?5");
    update.bind(1, number).bind(2, name).bind_id_or_null(3, group).bind(4, archived ? 1 : 0).bind(5, id);
    VASTUU_TRY(step_done(c.db, update, "updating a customer"));
    return json{{"ok", true}, {"id", id}, {"number", number}};
}

Result<json> customer_archive(CommandContext& c) {
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


}  // namespace

Status check_customer_number(int64_t number) {
    if (number <= 0 || number > limits::kMaxCustomerNumber)
        return Error{"customer.bad_number", tr("error.customer.bad_number"), "number"};
    return {};
}

int64_t next_free_customer_number(sqlite3* db, int64_t group_id) {
    // A group's series starts at its number_start; the "No group" series at its lowest number
    // (1 while it has none), so a new customer without a group continues that series.
    int64_t start = 1;
    Stmt series(db, group_id ? "SELECT number_start FROM customer_group WHERE id = ?1"
                             : "SELECT min(number) FROM customer WHERE group_id IS NULL");
    if (group_id) series.bind(1, group_id);
    if (series.row() && !series.is_null(0)) start = series.int64(0);
    // Walks the unique number index from `start` to the first gap: no full scan, no table of numbers.
    Stmt free(db,
              "SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM customer WHERE number = ?1) THEN ?1 ELSE"
              " (SELECT c.number + 1 FROM customer c WHERE c.number >= ?1 AND NOT EXISTS"
              " (SELECT 1 FROM customer d WHERE d.number = c.number + 1) ORDER BY c.number LIMIT 1) END");
    free.bind(1, start);
    return free.row() ? free.int64(0) : start;
}


void register_customer_commands(CommandRegistry& r) {
    r.add({"customer.create", customer_create, "command.customer.create", {"name", "number", "group_id"}});
    r.add({"customer.update", customer_update, "command.customer.update", {"id", "name", "number", "group_id", "archived"}});
    r.add({"customer.archive", customer_archive, "command.customer.archive", {"id", "archived"}});
}

}  // namespace vastuu
