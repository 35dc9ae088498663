// Customer groups and special groups (issue 4): their commands, registered in Engine::execute(),
// and the queries of their links (salespersons, special-group memberships). A customer is in at
// most one group (a column of customer), and in any number of special groups (a link table).
//
// Index of this file:
// [SECTION] Shared readers and checks
// [SECTION] Customer group commands
// [SECTION] Special group commands
// [SECTION] Queries of group links
#include <algorithm>
#include <string>
#include <vector>

#include "commands/command_context.h"
#include "commands/registry.h"
#include "core/field_limits.h"
#include "core/i18n.h"
#include "core/rows.h"
#include "core/text.h"

namespace vastuu {

using nlohmann::json;

namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Shared readers and checks
// ---------------------------------------------------------------------------------------------

// Refuses a name another row of `table` has, ignoring case; the error is `code` at field "name".
Status check_name_free(sqlite3* db, const char* table, const char* code, const std::string& name, int64_t own_id) {
    const std::string folded = fold_case(name);
    Stmt st(db, std::string("SELECT name FROM ") + table + " WHERE id <> ?1");
    st.bind(1, own_id);
    while (st.row())
        if (fold_case(st.text(0)) == folded)
            return Error{code, tr_format(("error." + std::string(code)).c_str(), {st.text(0)}), "name"};
    return {};
}

Error bad_number_start() {
    return Error{"group.bad_number_start", tr("error.group.bad_number_start"), "number_start"};
}

// A positive whole number. Strings ("100"), fractions, zero, negatives and null are all refused with
// the same code at the field: the form shows one message whatever was typed.
Status read_number_start(const json& args, int64_t& out) {
    auto it = args.find("number_start");
    if (it == args.end()) return {};
    if (it->is_number_unsigned()) {
        uint64_t u = it->get<uint64_t>();
        if (u == 0 || u > static_cast<uint64_t>(limits::kMaxCustomerNumber)) return bad_number_start();
        out = static_cast<int64_t>(u);
        return {};
    }
    if (!it->is_number_integer() || it->get<int64_t>() <= 0 || it->get<int64_t>() > limits::kMaxCustomerNumber)
        return bad_number_start();
    out = it->get<int64_t>();
    return {};
}

// Reads an optional list of ids that must all name rows of `table` (an empty list is a valid
// "none"). Sorted and without duplicates. `present` tells whether the field was given.
Status read_id_set(sqlite3* db, const json& args, const char* field, const char* table, const char* code,
                   std::vector<int64_t>& out, bool& present) {
    out.clear();
    auto it = args.find(field);
    present = it != args.end() && !it->is_null();
    if (!present) return {};
    if (!it->is_array()) return bad_argument(field, "type.id_list");
    for (const json& v : *it) {
        int64_t id = 0;
        if (v.is_number_unsigned() && v.get<uint64_t>() <= static_cast<uint64_t>(INT64_MAX))
            id = static_cast<int64_t>(v.get<uint64_t>());
        else if (v.is_number_integer())
            id = v.get<int64_t>();
        else
            return bad_argument(field, "type.id_list");
        if (id <= 0) return not_found(code, field, id);
        out.push_back(id);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    Stmt exists(db, std::string("SELECT 1 FROM ") + table + " WHERE id = ?1");
    for (int64_t id : out) {
        exists.bind(1, id);
        bool found = exists.row();
        exists.reset();
        if (!found) return not_found(code, field, id);
    }
    return {};
}

// The ids a query returns, sorted.
std::vector<int64_t> query_ids(sqlite3* db, const char* sql, int64_t param) {
    std::vector<int64_t> ids;
    Stmt st(db, sql);
    st.bind(1, param);
    while (st.row()) ids.push_back(st.int64(0));
    std::sort(ids.begin(), ids.end());
    return ids;
}

// Makes the link set `owner`'s rows of a two-column link table exactly `wanted`: deletes the
// missing, inserts the new, leaves the rest (unchanged links write nothing to the change log).
Status replace_links(sqlite3* db, const char* table, const char* owner_column, const char* member_column,
                     int64_t owner, const std::vector<int64_t>& wanted) {
    const std::string t = table, o = owner_column, m = member_column;
    std::vector<int64_t> current = query_ids(db, ("SELECT " + m + " FROM " + t + " WHERE " + o + " = ?1").c_str(), owner);
    Stmt remove(db, "DELETE FROM " + t + " WHERE " + o + " = ?1 AND " + m + " = ?2");
    Stmt insert(db, "INSERT INTO " + t + " (" + o + ", " + m + ") VALUES (?1, ?2)");
    for (int64_t id : current) {
        if (std::binary_search(wanted.begin(), wanted.end(), id)) continue;
        remove.bind(1, owner).bind(2, id);
        VASTUU_TRY(step_done(db, remove, "removing a group link"));
        remove.reset();
    }
    for (int64_t id : wanted) {
        if (std::binary_search(current.begin(), current.end(), id)) continue;
        insert.bind(1, owner).bind(2, id);
        VASTUU_TRY(step_done(db, insert, "adding a group link"));
        insert.reset();
    }
    return {};
}

// Makes the group's customers exactly `wanted`. Listed customers of another group move here (they
// are counted in `moved`); customers no longer listed go to No group (`to_no_group`).
Status replace_group_customers(sqlite3* db, int64_t group, const std::vector<int64_t>& wanted, int64_t& moved,
                               int64_t& to_no_group) {
    moved = to_no_group = 0;
    std::vector<int64_t> current = query_ids(db, "SELECT id FROM customer WHERE group_id = ?1", group);
    Stmt leave(db, "UPDATE customer SET group_id = NULL WHERE id = ?1");
    for (int64_t id : current) {
        if (std::binary_search(wanted.begin(), wanted.end(), id)) continue;
        leave.bind(1, id);
        VASTUU_TRY(step_done(db, leave, "moving a customer to No group"));
        leave.reset();
        ++to_no_group;
    }
    Stmt from(db, "SELECT group_id IS NOT NULL FROM customer WHERE id = ?1");
    Stmt join(db, "UPDATE customer SET group_id = ?1 WHERE id = ?2");
    for (int64_t id : wanted) {
        if (std::binary_search(current.begin(), current.end(), id)) continue;
        from.bind(1, id);
        if (from.row() && from.int64(0) != 0) ++moved;
        from.reset();
        join.bind(1, group).bind(2, id);
        VASTUU_TRY(step_done(db, join, "moving a customer into a group"));
        join.reset();
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Customer group commands
// ---------------------------------------------------------------------------------------------

// The fields of a group form. Reading them validates everything before anything is written, so a
// refused command changes nothing even before the transaction rolls back.
struct GroupFields {
    std::string name, ledger_account, cost_centre;
    int64_t number_start = 1;
    std::vector<int64_t> salespersons, customers;
    bool has_salespersons = false, has_customers = false;
};

Status read_group_fields(CommandContext& c, int64_t own_id, GroupFields& f) {
    if (own_id == 0 || c.args.contains("name")) {
        VASTUU_TRY(read_text(c.args, "name", limits::kName, true, false, f.name));
        VASTUU_TRY(check_name_free(c.db, "customer_group", "group.name_taken", f.name, own_id));
    }
    VASTUU_TRY(read_number_start(c.args, f.number_start));
    if (c.args.contains("ledger_account"))
        VASTUU_TRY(read_text(c.args, "ledger_account", limits::kAccount, false, false, f.ledger_account));
    if (c.args.contains("cost_centre"))
        VASTUU_TRY(read_text(c.args, "cost_centre", limits::kAccount, false, false, f.cost_centre));
    VASTUU_TRY(read_id_set(c.db, c.args, "salesperson_ids", "employee", "employee.not_found", f.salespersons,
                           f.has_salespersons));
    VASTUU_TRY(read_id_set(c.db, c.args, "customer_ids", "customer", "customer.not_found", f.customers,
                           f.has_customers));
    return {};
}

Result<json> group_create(CommandContext& c) {
    GroupFields f;
    VASTUU_TRY(read_group_fields(c, 0, f));
    Stmt insert(c.db,
                "INSERT INTO customer_group (name, number_start, ledger_account, cost_centre) VALUES (?1, ?2, ?3, ?4)");
    insert.bind(1, f.name).bind(2, f.number_start).bind(3, f.ledger_account).bind(4, f.cost_centre);
    VASTUU_TRY(step_done(c.db, insert, "creating a customer group"));
    const int64_t id = sqlite3_last_insert_rowid(c.db);
    VASTUU_TRY(replace_links(c.db, "customer_group_salesperson", "group_id", "employee_id", id, f.salespersons));
    int64_t moved = 0, to_no_group = 0;
    VASTUU_TRY(replace_group_customers(c.db, id, f.customers, moved, to_no_group));
    return json{{"ok", true}, {"id", id}, {"moved", moved}};
}

// Only the given fields change. The number start changes future numbers only: customers keep theirs.
Result<json> group_update(CommandContext& c) {
    int64_t id = 0;
    VASTUU_TRY(read_integer(c.args, "id", true, id));
    Stmt current(c.db, "SELECT name, number_start, ledger_account, cost_centre FROM customer_group WHERE id = ?1");
    current.bind(1, id);
    if (!current.row()) return not_found("group.not_found", "id", id);
    GroupFields f;
    f.name = current.text(0);
    f.number_start = current.int64(1);
    f.ledger_account = current.text(2);
    f.cost_centre = current.text(3);
    VASTUU_TRY(read_group_fields(c, id, f));

    Stmt update(c.db,
                "UPDATE customer_group SET name = ?1, number_start = ?2, ledger_account = ?3, cost_centre = ?4"
                " WHERE id = ?5");
    update.bind(1, f.name).bind(2, f.number_start).bind(3, f.ledger_account).bind(4, f.cost_centre).bind(5, id);
    VASTUU_TRY(step_done(c.db, update, "updating a customer group"));
    if (f.has_salespersons)
        VASTUU_TRY(replace_links(c.db, "customer_group_salesperson", "group_id", "employee_id", id, f.salespersons));
    int64_t moved = 0, to_no_group = 0;
    if (f.has_customers) VASTUU_TRY(replace_group_customers(c.db, id, f.customers, moved, to_no_group));
    return json{{"ok", true}, {"id", id}, {"moved", moved}, {"customers_to_no_group", to_no_group}};
}

// The customers go to No group through ON DELETE SET NULL and the salesperson links go with the
// group (CASCADE); the capture records both, so undo brings the group back with its customers.
Result<json> group_delete(CommandContext& c) {
    int64_t id = 0;
    VASTUU_TRY(read_integer(c.args, "id", true, id));
    VASTUU_TRY(require_row(c.db, "customer_group", "group.not_found", "id", id));
    Stmt count(c.db, "SELECT count(*) FROM customer WHERE group_id = ?1");
    count.bind(1, id);
    const int64_t customers = count.row() ? count.int64(0) : 0;
    Stmt remove(c.db, "DELETE FROM customer_group WHERE id = ?1");
    remove.bind(1, id);
    VASTUU_TRY(step_done(c.db, remove, "deleting a customer group"));
    return json{{"ok", true}, {"id", id}, {"customers_to_no_group", customers}};
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Special group commands
// ---------------------------------------------------------------------------------------------

Result<json> special_group_create(CommandContext& c) {
    std::string name, legend;
    VASTUU_TRY(read_text(c.args, "name", limits::kName, true, false, name));
    VASTUU_TRY(check_name_free(c.db, "special_group", "special_group.name_taken", name, 0));
    VASTUU_TRY(read_text(c.args, "legend", limits::kLegend, false, true, legend));
    std::vector<int64_t> customers;
    bool has_customers = false;
    VASTUU_TRY(read_id_set(c.db, c.args, "customer_ids", "customer", "customer.not_found", customers, has_customers));
    Stmt insert(c.db, "INSERT INTO special_group (name, legend) VALUES (?1, ?2)");
    insert.bind(1, name).bind(2, legend);
    VASTUU_TRY(step_done(c.db, insert, "creating a special group"));
    const int64_t id = sqlite3_last_insert_rowid(c.db);
    VASTUU_TRY(replace_links(c.db, "special_group_member", "special_group_id", "customer_id", id, customers));
    return json{{"ok", true}, {"id", id}};
}

Result<json> special_group_update(CommandContext& c) {
    int64_t id = 0;
    VASTUU_TRY(read_integer(c.args, "id", true, id));
    Stmt current(c.db, "SELECT name, legend FROM special_group WHERE id = ?1");
    current.bind(1, id);
    if (!current.row()) return not_found("special_group.not_found", "id", id);
    std::string name = current.text(0), legend = current.text(1);
    if (c.args.contains("name")) {
        VASTUU_TRY(read_text(c.args, "name", limits::kName, true, false, name));
        VASTUU_TRY(check_name_free(c.db, "special_group", "special_group.name_taken", name, id));
    }
    if (c.args.contains("legend")) VASTUU_TRY(read_text(c.args, "legend", limits::kLegend, false, true, legend));
    std::vector<int64_t> customers;
    bool has_customers = false;
    VASTUU_TRY(read_id_set(c.db, c.args, "customer_ids", "customer", "customer.not_found", customers, has_customers));
    Stmt update(c.db, "UPDATE special_group SET name = ?1, legend = ?2 WHERE id = ?3");
    update.bind(1, name).bind(2, legend).bind(3, id);
    VASTUU_TRY(step_done(c.db, update, "updating a special group"));
    if (has_customers)
        VASTUU_TRY(replace_links(c.db, "special_group_member", "special_group_id", "customer_id", id, customers));
    return json{{"ok", true}, {"id", id}};
}

// The memberships go with the group (CASCADE); the customers themselves stay.
Result<json> special_group_delete(CommandContext& c) {
    int64_t id = 0;
    VASTUU_TRY(read_integer(c.args, "id", true, id));
    VASTUU_TRY(require_row(c.db, "special_group", "special_group.not_found", "id", id));
    Stmt remove(c.db, "DELETE FROM special_group WHERE id = ?1");
    remove.bind(1, id);
    VASTUU_TRY(step_done(c.db, remove, "deleting a special group"));
    return json{{"ok", true}, {"id", id}};
}

// [SECTION] One member at a time (the group dialogs' Save sends these in one batch: a viewer who
// sees only some of a group's customers changes exactly what they ticked, never the whole set).

// Reads {id, <member_field>} and checks both rows exist.
Status read_membership(CommandContext& c, const char* owner_table, const char* owner_code, const char* member_field,
                       const char* member_table, const char* member_code, int64_t& owner, int64_t& member) {
    VASTUU_TRY(read_integer(c.args, "id", true, owner));
    VASTUU_TRY(require_row(c.db, owner_table, owner_code, "id", owner));
    VASTUU_TRY(read_integer(c.args, member_field, true, member));
    VASTUU_TRY(require_row(c.db, member_table, member_code, member_field, member));
    return {};
}

// A link table between an owner and its members: a special group's customers, a group's salespersons.
struct Link {
    const char* table;         // "special_group_member"
    const char* owner_column;  // "special_group_id"
    const char* owner_table;   // "special_group"
    const char* owner_code;    // "special_group.not_found"
    const char* member_field;  // "customer_id": the argument and the link table's column
    const char* member_table;  // "customer"
    const char* member_code;   // "customer.not_found"
};
constexpr Link kSpecialGroupMember{"special_group_member", "special_group_id", "special_group", "special_group.not_found",
                                   "customer_id", "customer", "customer.not_found"};
constexpr Link kGroupSalesperson{"customer_group_salesperson", "group_id", "customer_group", "group.not_found",
                                 "employee_id", "employee", "employee.not_found"};

// {id, <member_field>}: adding a link that is already there, or removing one that is not, changes
// nothing (set-like).
template <const Link& L, bool add>
Result<json> change_link(CommandContext& c) {
    int64_t id = 0, member = 0;
    VASTUU_TRY(read_membership(c, L.owner_table, L.owner_code, L.member_field, L.member_table, L.member_code, id,
                               member));
    const std::string sql =
        add ? std::string("INSERT OR IGNORE INTO ") + L.table + " (" + L.owner_column + ", " + L.member_field +
                  ") VALUES (?1, ?2)"
            : std::string("DELETE FROM ") + L.table + " WHERE " + L.owner_column + " = ?1 AND " + L.member_field +
                  " = ?2";
    Stmt st(c.db, sql);
    st.bind(1, id).bind(2, member);
    VASTUU_TRY(step_done(c.db, st, add ? "adding a link" : "removing a link"));
    return json{{"ok", true}, {"id", id}, {L.member_field, member}};
}

// A customer is in at most one group: adding it here moves it from its previous group.
Result<json> group_add_customer(CommandContext& c) {
    int64_t id = 0, customer = 0;
    VASTUU_TRY(read_membership(c, "customer_group", "group.not_found", "customer_id", "customer",
                               "customer.not_found", id, customer));
    Stmt before(c.db, "SELECT coalesce(group_id, 0) FROM customer WHERE id = ?1");
    before.bind(1, customer);
    const int64_t previous = before.row() ? before.int64(0) : 0;
    Stmt move(c.db, "UPDATE customer SET group_id = ?1 WHERE id = ?2");
    move.bind(1, id).bind(2, customer);
    VASTUU_TRY(step_done(c.db, move, "moving a customer to a group"));
    // "moved": it left another group (the dialog's message counts these).
    return json{{"ok", true}, {"id", id}, {"customer_id", customer}, {"moved", previous != 0 && previous != id}};
}

// The customer goes to No group (only when it is in this group: a stale dialog cannot move it out
// of another group).
Result<json> group_remove_customer(CommandContext& c) {
    int64_t id = 0, customer = 0;
    VASTUU_TRY(read_membership(c, "customer_group", "group.not_found", "customer_id", "customer",
                               "customer.not_found", id, customer));
    Stmt move(c.db, "UPDATE customer SET group_id = NULL WHERE id = ?2 AND group_id = ?1");
    move.bind(1, id).bind(2, customer);
    VASTUU_TRY(step_done(c.db, move, "moving a customer to No group"));
    return json{{"ok", true}, {"id", id}, {"customer_id", customer}};
}

// Maintenance reminder: engine.h lists these commands and their fields; keep the two in step.

}  // namespace

void register_group_commands(CommandRegistry& r) {
    r.add({"group.create", group_create, "command.group.create", {"name", "number_start", "ledger_account", "cost_centre", "salesperson_ids", "customer_ids"}, CommandAccess::AdminOnly});
    r.add({"group.update", group_update, "command.group.update", {"id", "name", "number_start", "ledger_account", "cost_centre", "salesperson_ids", "customer_ids"}, CommandAccess::AdminOnly});
    r.add({"group.delete", group_delete, "command.group.delete", {"id"}, CommandAccess::AdminOnly});
    r.add({"special_group.create", special_group_create, "command.special_group.create", {"name", "legend", "customer_ids"}, CommandAccess::AdminOnly});
    r.add({"special_group.update", special_group_update, "command.special_group.update", {"id", "name", "legend", "customer_ids"}, CommandAccess::AdminOnly});
    r.add({"special_group.delete", special_group_delete, "command.special_group.delete", {"id"}, CommandAccess::AdminOnly});
    r.add({"special_group.add_member", change_link<kSpecialGroupMember, true>, "command.special_group.add_member", {"id", "customer_id"}});
    r.add({"special_group.remove_member", change_link<kSpecialGroupMember, false>, "command.special_group.remove_member", {"id", "customer_id"}});
    r.add({"group.add_customer", group_add_customer, "command.group.add_customer", {"id", "customer_id"}});
    r.add({"group.remove_customer", group_remove_customer, "command.group.remove_customer", {"id", "customer_id"}});
    r.add({"group.add_salesperson", change_link<kGroupSalesperson, true>, "command.group.add_salesperson", {"id", "employee_id"}, CommandAccess::AdminOnly});
    r.add({"group.remove_salesperson", change_link<kGroupSalesperson, false>, "command.group.remove_salesperson", {"id", "employee_id"}, CommandAccess::AdminOnly});
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Queries of group links (declared in engine.h)
// ---------------------------------------------------------------------------------------------

std::vector<Employee> Engine::list_group_salespersons(CustomerGroupId group) {
    std::vector<Employee> out;
    Stmt st(db_,
            "SELECT e.id, e.name, e.email, e.seller_info, coalesce(e.team_id, 0), e.archived FROM employee e"
            " JOIN customer_group_salesperson s ON s.employee_id = e.id WHERE s.group_id = ?1"
            " ORDER BY e.name COLLATE FI, e.id");
    st.bind(1, group.value);
    while (st.row()) out.push_back(read_employee(st));
    return out;
}

std::vector<Customer> Engine::list_special_group_members(SpecialGroupId group) {
    CustomerFilter filter;
    filter.special_group = group;
    filter.include_archived = true;
    if (!group) return {};  // "no restriction" would list everyone
    return list_customers(filter);
}

std::vector<SpecialGroup> Engine::list_customer_special_groups(CustomerId customer) {
    std::vector<SpecialGroup> out;
    if (!visible_customers().contains(customer.value)) return out;
    Stmt st(db_,
            "SELECT g.id, g.name, g.legend FROM special_group g JOIN special_group_member m"
            " ON m.special_group_id = g.id WHERE m.customer_id = ?1 ORDER BY g.name COLLATE FI, g.id");
    st.bind(1, customer.value);
    while (st.row()) out.push_back(SpecialGroup{SpecialGroupId(st.int64(0)), st.text(1), st.text(2)});
    return out;
}

std::vector<std::pair<CustomerId, SpecialGroupId>> Engine::list_special_group_memberships() {
    std::vector<std::pair<CustomerId, SpecialGroupId>> out;
    const VisibleCustomers& visible = visible_customers();
    Stmt st(db_, "SELECT customer_id, special_group_id FROM special_group_member ORDER BY customer_id, special_group_id");
    while (st.row())
        if (visible.contains(st.int64(0))) out.emplace_back(CustomerId(st.int64(0)), SpecialGroupId(st.int64(1)));
    return out;
}

int64_t Engine::count_group_customers(CustomerGroupId group) {
    Stmt st(db_, "SELECT count(*) FROM customer WHERE group_id = ?1");
    st.bind(1, group.value);
    return st.row() ? st.int64(0) : 0;
}

int64_t Engine::count_special_group_members(SpecialGroupId group) {
    Stmt st(db_, "SELECT count(*) FROM special_group_member WHERE special_group_id = ?1");
    st.bind(1, group.value);
    return st.row() ? st.int64(0) : 0;
}

}  // namespace vastuu
