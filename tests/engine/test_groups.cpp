// Customer groups and special groups: one group per customer, moving and No group, numbering from
// the group's start, every refusal (by code, with nothing changed), special-group membership, undo,
// and the groups' "Customers" exports read back from the xlsx bytes.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/engine.h"
#include "models/group_exports.h"
#include "xlsx_reader.h"
#include "engine_harness.h"

using namespace vastuu;
using namespace vastuu_test;
using nlohmann::json;

namespace {

// Runs a command that must be refused with `code` at `field`, and checks that nothing moved.
void refused_without_change(Engine& e, const json& cmd, const std::string& code, const std::string& field) {
    const std::string before = snapshot(e);
    const uint64_t revision = e.revision();
    auto r = e.execute(cmd);
    INFO(cmd.dump());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == code);
    CHECK(r.error().field == field);
    CHECK_FALSE(r.error().message.empty());
    CHECK(snapshot(e) == before);
    CHECK(e.revision() == revision);
}

int64_t group_of(Engine& e, int64_t customer) {
    auto c = e.get_customer(CustomerId(customer));
    REQUIRE(c.ok());
    return c->group.value;
}

// An export's rows, each padded to `width` cells (the reader stops a row at its last written cell).
std::vector<std::vector<std::string>> export_rows(const Result<std::vector<uint8_t>>& bytes, size_t width = 5) {
    REQUIRE(bytes.ok());
    auto rows = xlsx_test::sheet_rows(bytes.value());
    for (auto& row : rows) row.resize(std::max(row.size(), width));
    return rows;
}

std::vector<int64_t> ids(const std::vector<Customer>& customers) {
    std::vector<int64_t> out;
    for (const Customer& c : customers) out.push_back(c.id.value);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<int64_t> salesperson_ids(Engine& e, int64_t group) {
    std::vector<int64_t> out;
    for (const Employee& s : e.list_group_salespersons(CustomerGroupId(group))) out.push_back(s.id.value);
    std::sort(out.begin(), out.end());
    return out;
}

// Three customers with no group and two employees.
struct World {
    std::unique_ptr<Engine> e = open_memory();
    int64_t anna = id_of(*e, {{"cmd", "employee.create"}, {"name", "Anna Aho"}});
    int64_t ville = id_of(*e, {{"cmd", "employee.create"}, {"name", "Ville Virta"}});
    int64_t alfa = id_of(*e, {{"cmd", "customer.create"}, {"name", "Alfa Oy"}});
    int64_t beeta = id_of(*e, {{"cmd", "customer.create"}, {"name", "Beeta Ky"}});
    int64_t gamma = id_of(*e, {{"cmd", "customer.create"}, {"name", "Gamma Tmi"}});
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// Customer groups
// ---------------------------------------------------------------------------------------------

TEST_CASE("creating a group stores its name, numbering start, accounts, salespersons and customers") {
    World w;
    json r = run(*w.e, {{"cmd", "group.create"}, {"name", "  Pohjoinen  "}, {"number_start", 1000},
                        {"ledger_account", "3000"}, {"cost_centre", "KP100"}, {"salesperson_ids", {w.anna}},
                        {"customer_ids", {w.alfa, w.beeta}}});
    CHECK(r["moved"] == 0);
    auto groups = w.e->list_customer_groups();
    REQUIRE(groups.size() == 1);
    CHECK(groups[0].name == "Pohjoinen");
    CHECK(groups[0].number_start == 1000);
    CHECK(groups[0].ledger_account == "3000");
    CHECK(groups[0].cost_centre == "KP100");
    CHECK(salesperson_ids(*w.e, groups[0].id.value) == std::vector<int64_t>{w.anna});
    CustomerFilter f;
    f.group = groups[0].id;
    CHECK(ids(w.e->list_customers(f)) == std::vector<int64_t>{w.alfa, w.beeta});
    CHECK(group_of(*w.e, w.gamma) == 0);
}

TEST_CASE("a group's numbering start defaults to 1 and its accounts to empty") {
    World w;
    run(*w.e, {{"cmd", "group.create"}, {"name", "Etelä"}});
    auto groups = w.e->list_customer_groups();
    REQUIRE(groups.size() == 1);
    CHECK(groups[0].number_start == 1);
    CHECK(groups[0].ledger_account.empty());
    CHECK(groups[0].cost_centre.empty());
}

TEST_CASE("a customer belongs to one group: picking a customer of another group moves it and counts the move") {
    World w;
    int64_t north = id_of(*w.e, {{"cmd", "group.create"}, {"name", "Pohjoinen"}, {"customer_ids", {w.alfa, w.beeta}}});
    json r = run(*w.e, {{"cmd", "group.create"}, {"name", "Etelä"}, {"customer_ids", {w.beeta, w.gamma}}});
    CHECK(r["moved"] == 1);  // beeta came from Pohjoinen; gamma had no group
    int64_t south = r["id"].get<int64_t>();
    CHECK(group_of(*w.e, w.alfa) == north);
    CHECK(group_of(*w.e, w.beeta) == south);
    CHECK(group_of(*w.e, w.gamma) == south);

    r = run(*w.e, {{"cmd", "group.update"}, {"id", north}, {"customer_ids", {w.alfa, w.gamma}}});
    CHECK(r["moved"] == 1);
    CHECK(group_of(*w.e, w.gamma) == north);
    CHECK(group_of(*w.e, w.beeta) == south);
}

TEST_CASE("updating a group's customers replaces the membership; customers no longer listed go to No group") {
    World w;
    int64_t g = id_of(*w.e, {{"cmd", "group.create"}, {"name", "Pohjoinen"}, {"customer_ids", {w.alfa, w.beeta}}});
    json r = run(*w.e, {{"cmd", "group.update"}, {"id", g}, {"customer_ids", {w.beeta, w.gamma}}});
    CHECK(r["customers_to_no_group"] == 1);
    CHECK(group_of(*w.e, w.alfa) == 0);
    CHECK(group_of(*w.e, w.beeta) == g);
    CHECK(group_of(*w.e, w.gamma) == g);
    CustomerFilter none;
    none.only_no_group = true;
    CHECK(ids(w.e->list_customers(none)) == std::vector<int64_t>{w.alfa});

    run(*w.e, {{"cmd", "group.update"}, {"id", g}, {"customer_ids", json::array()}});
    CHECK(ids(w.e->list_customers(none)) == std::vector<int64_t>{w.alfa, w.beeta, w.gamma});
}

TEST_CASE("an update without customer_ids or salesperson_ids leaves those sets alone") {
    World w;
    int64_t g = id_of(*w.e, {{"cmd", "group.create"}, {"name", "Pohjoinen"}, {"salesperson_ids", {w.anna}},
                             {"customer_ids", {w.alfa}}});
    run(*w.e, {{"cmd", "group.update"}, {"id", g}, {"name", "Pohjola"}, {"ledger_account", "3010"}});
    CHECK(group_of(*w.e, w.alfa) == g);
    CHECK(salesperson_ids(*w.e, g) == std::vector<int64_t>{w.anna});
    CHECK(w.e->list_customer_groups()[0].name == "Pohjola");
    CHECK(w.e->list_customer_groups()[0].ledger_account == "3010");
}

TEST_CASE("updating a group's salespersons replaces the set") {
    World w;
    int64_t g = id_of(*w.e, {{"cmd", "group.create"}, {"name", "Pohjoinen"}, {"salesperson_ids", {w.anna}}});
    run(*w.e, {{"cmd", "group.update"}, {"id", g}, {"salesperson_ids", {w.ville, w.ville}}});
    CHECK(salesperson_ids(*w.e, g) == std::vector<int64_t>{w.ville});
    run(*w.e, {{"cmd", "group.update"}, {"id", g}, {"salesperson_ids", json::array()}});
    CHECK(salesperson_ids(*w.e, g).empty());
}

TEST_CASE("deleting a group moves its customers to No group and undo brings them back") {
    World w;
    int64_t g = id_of(*w.e, {{"cmd", "group.create"}, {"name", "Pohjoinen"}, {"number_start", 500},
                             {"salesperson_ids", {w.anna, w.ville}}, {"customer_ids", {w.alfa, w.gamma}}});
    const std::string before = snapshot(*w.e);
    json r = run(*w.e, {{"cmd", "group.delete"}, {"id", g}});
    CHECK(r["customers_to_no_group"] == 2);
    CHECK(w.e->list_customer_groups().empty());
    CHECK(group_of(*w.e, w.alfa) == 0);
    CHECK(group_of(*w.e, w.gamma) == 0);
    CHECK(w.e->list_group_salespersons(CustomerGroupId(g)).empty());
    CHECK(w.e->undo_label() == "group.delete");

    run(*w.e, {{"cmd", "undo"}});
    CHECK(group_of(*w.e, w.alfa) == g);
    CHECK(group_of(*w.e, w.gamma) == g);
    CHECK(group_of(*w.e, w.beeta) == 0);
    CHECK(salesperson_ids(*w.e, g) == std::vector<int64_t>{w.anna, w.ville});
    REQUIRE(w.e->list_customer_groups().size() == 1);
    CHECK(w.e->list_customer_groups()[0].number_start == 500);

    run(*w.e, {{"cmd", "redo"}});
    CHECK(w.e->list_customer_groups().empty());
    CHECK(group_of(*w.e, w.alfa) == 0);
    run(*w.e, {{"cmd", "undo"}});
    // Undo writes its own change-log rows; the data itself is as before the delete.
    CHECK(group_of(*w.e, w.alfa) == g);
    CHECK(snapshot(*w.e).substr(0, before.find("change_log:")) == before.substr(0, before.find("change_log:")));
}

TEST_CASE("a group command is one undo step that restores the moved customers' old groups") {
    World w;
    int64_t north = id_of(*w.e, {{"cmd", "group.create"}, {"name", "Pohjoinen"}, {"customer_ids", {w.alfa}}});
    run(*w.e, {{"cmd", "group.create"}, {"name", "Etelä"}, {"customer_ids", {w.alfa, w.beeta}}});
    CHECK(w.e->undo_label() == "group.create");
    run(*w.e, {{"cmd", "undo"}});
    CHECK(w.e->list_customer_groups().size() == 1);
    CHECK(group_of(*w.e, w.alfa) == north);
    CHECK(group_of(*w.e, w.beeta) == 0);
}

TEST_CASE("group commands write the change log under their command name") {
    World w;
    run(*w.e, {{"cmd", "group.create"}, {"name", "Pohjoinen"}, {"salesperson_ids", {w.anna}},
               {"customer_ids", {w.alfa}}});
    auto changes = w.e->recent_changes(3);
    REQUIRE(changes.size() == 3);  // the group, one salesperson link, one customer
    CHECK(w.e->recent_changes(4)[3].command == "customer.create");
    for (const ChangeLogEntry& c : changes) {
        CHECK(c.command == "group.create");
        CHECK(c.who == "Tester");
        CHECK(c.group == changes[0].group);
    }
}

TEST_CASE("a customer created in a group gets the next free number at or above the group's start") {
    World w;  // alfa, beeta, gamma have 1, 2, 3
    int64_t g = id_of(*w.e, {{"cmd", "group.create"}, {"name", "Pohjoinen"}, {"number_start", 100}});
    json r = run(*w.e, {{"cmd", "customer.create"}, {"name", "Delta"}, {"group_id", g}});
    CHECK(r["number"] == 100);
    // Taken numbers are skipped, whoever has them (also customers of other groups or none).
    run(*w.e, {{"cmd", "customer.create"}, {"name", "Epsilon"}, {"number", 101}});
    run(*w.e, {{"cmd", "customer.create"}, {"name", "Zeta"}, {"number", 102}});
    run(*w.e, {{"cmd", "customer.create"}, {"name", "Eta"}, {"number", 104}});
    r = run(*w.e, {{"cmd", "customer.create"}, {"name", "Theta"}, {"group_id", g}});
    CHECK(r["number"] == 103);
    r = run(*w.e, {{"cmd", "customer.create"}, {"name", "Iota"}, {"group_id", g}});
    CHECK(r["number"] == 105);
    CHECK(w.e->next_free_customer_number(CustomerGroupId(g)) == 106);
    // Without a group numbering starts at 1: 1..3 are taken.
    CHECK(w.e->next_free_customer_number(CustomerGroupId()) == 4);
}

TEST_CASE("a new customer without a group continues the no-group series, not number 1") {
    World w;
    // A firm whose groups own 1000-blocks and whose ungrouped customers are numbered from 5000.
    int64_t g = id_of(*w.e, {{"cmd", "group.create"}, {"name", "Etelä"}, {"number_start", 1000}});
    for (int64_t id : {w.alfa, w.beeta, w.gamma}) run(*w.e, {{"cmd", "customer.update"}, {"id", id}, {"group_id", g}});
    run(*w.e, {{"cmd", "customer.create"}, {"name", "Öljy Oy"}, {"number", 5000}});
    run(*w.e, {{"cmd", "customer.create"}, {"name", "Åsa Ab"}, {"number", 5001}});
    json r = run(*w.e, {{"cmd", "customer.create"}, {"name", "Ääni Ky"}});
    CHECK(r["number"] == 5002);
    CHECK(w.e->next_free_customer_number(CustomerGroupId()) == 5003);
    // The group's series is not disturbed: its customers keep 1..3 and new ones start at 1000.
    CHECK(w.e->next_free_customer_number(CustomerGroupId(g)) == 1000);
}

TEST_CASE("changing a group's numbering start never renumbers its customers") {
    World w;
    int64_t g = id_of(*w.e, {{"cmd", "group.create"}, {"name", "Pohjoinen"}, {"number_start", 100}});
    int64_t delta = id_of(*w.e, {{"cmd", "customer.create"}, {"name", "Delta"}, {"group_id", g}});
    run(*w.e, {{"cmd", "group.update"}, {"id", g}, {"number_start", 5000}});
    CHECK(w.e->get_customer(CustomerId(delta))->number == 100);
    CHECK(w.e->get_customer(CustomerId(w.alfa))->number == 1);
    json r = run(*w.e, {{"cmd", "customer.create"}, {"name", "Epsilon"}, {"group_id", g}});
    CHECK(r["number"] == 5000);
    // Moving customers into a group keeps their numbers too.
    run(*w.e, {{"cmd", "group.update"}, {"id", g}, {"customer_ids", {delta, w.alfa}}});
    CHECK(w.e->get_customer(CustomerId(w.alfa))->number == 1);
}

TEST_CASE("a typed customer number that is taken is refused, in a group too") {
    World w;
    int64_t g = id_of(*w.e, {{"cmd", "group.create"}, {"name", "Pohjoinen"}, {"number_start", 2}});
    auto r = w.e->execute({{"cmd", "customer.create"}, {"name", "Delta"}, {"number", 2}, {"group_id", g}});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "customer.number_taken");
    CHECK(r.error().field == "number");
}

TEST_CASE("group commands refuse bad input at the field and change nothing") {
    World w;
    int64_t g = id_of(*w.e, {{"cmd", "group.create"}, {"name", "Pohjoinen"}, {"customer_ids", {w.alfa}}});
    run(*w.e, {{"cmd", "group.create"}, {"name", "Äänekoski"}});

    SUBCASE("empty or blank name") {
        refused_without_change(*w.e, {{"cmd", "group.create"}, {"name", ""}}, "text.empty", "name");
        refused_without_change(*w.e, {{"cmd", "group.create"}, {"name", "   "}}, "text.empty", "name");
        refused_without_change(*w.e, {{"cmd", "group.update"}, {"id", g}, {"name", ""}}, "text.empty", "name");
    }
    SUBCASE("a name another group has, in any case") {
        refused_without_change(*w.e, {{"cmd", "group.create"}, {"name", "Pohjoinen"}}, "group.name_taken", "name");
        refused_without_change(*w.e, {{"cmd", "group.create"}, {"name", "POHJOINEN "}}, "group.name_taken", "name");
        refused_without_change(*w.e, {{"cmd", "group.create"}, {"name", "ÄÄNEKOSKI"}}, "group.name_taken", "name");
        refused_without_change(*w.e, {{"cmd", "group.update"}, {"id", g}, {"name", "äänekoski"}}, "group.name_taken",
                               "name");
        // Renaming a group to its own name in another case is no clash.
        run(*w.e, {{"cmd", "group.update"}, {"id", g}, {"name", "POHJOINEN"}});
        // Letters that differ only by accent are different names.
        run(*w.e, {{"cmd", "group.create"}, {"name", "Aanekoski"}});
    }
    SUBCASE("a numbering start that is not a positive whole number") {
        for (json bad : {json("100"), json(0), json(-5), json(1.5), json(nullptr), json(true), json::array()}) {
            refused_without_change(*w.e, {{"cmd", "group.create"}, {"name", "Uusi"}, {"number_start", bad}},
                                   "group.bad_number_start", "number_start");
            refused_without_change(*w.e, {{"cmd", "group.update"}, {"id", g}, {"number_start", bad}},
                                   "group.bad_number_start", "number_start");
        }
    }
    SUBCASE("ledger account and cost centre longer than 50 characters") {
        refused_without_change(*w.e, {{"cmd", "group.create"}, {"name", "Uusi"}, {"ledger_account", std::string(51, '1')}},
                               "text.too_long", "ledger_account");
        refused_without_change(*w.e, {{"cmd", "group.update"}, {"id", g}, {"cost_centre", std::string(51, 'K')}},
                               "text.too_long", "cost_centre");
        run(*w.e, {{"cmd", "group.update"}, {"id", g}, {"cost_centre", std::string(50, 'K')}});
    }
    SUBCASE("a name longer than 200 characters") {
        refused_without_change(*w.e, {{"cmd", "group.create"}, {"name", std::string(201, 'x')}}, "text.too_long",
                               "name");
    }
    SUBCASE("unknown group, customer or employee") {
        refused_without_change(*w.e, {{"cmd", "group.update"}, {"id", 999}, {"name", "X"}}, "group.not_found", "id");
        refused_without_change(*w.e, {{"cmd", "group.delete"}, {"id", 999}}, "group.not_found", "id");
        refused_without_change(*w.e, {{"cmd", "group.create"}, {"name", "Uusi"}, {"customer_ids", {w.beeta, 999}}},
                               "customer.not_found", "customer_ids");
        refused_without_change(*w.e, {{"cmd", "group.update"}, {"id", g}, {"customer_ids", {0}}},
                               "customer.not_found", "customer_ids");
        refused_without_change(*w.e, {{"cmd", "group.create"}, {"name", "Uusi"}, {"salesperson_ids", {w.anna, 999}}},
                               "employee.not_found", "salesperson_ids");
        refused_without_change(*w.e, {{"cmd", "group.update"}, {"id", g}, {"salesperson_ids", {-1}}},
                               "employee.not_found", "salesperson_ids");
    }
    SUBCASE("lists that are not lists of ids, and unknown fields") {
        refused_without_change(*w.e, {{"cmd", "group.create"}, {"name", "Uusi"}, {"customer_ids", "1,2"}},
                               "command.bad_argument", "customer_ids");
        refused_without_change(*w.e, {{"cmd", "group.create"}, {"name", "Uusi"}, {"salesperson_ids", {"1"}}},
                               "command.bad_argument", "salesperson_ids");
        refused_without_change(*w.e, {{"cmd", "group.create"}, {"name", "Uusi"}, {"numberstart", 5}},
                               "command.bad_argument", "numberstart");
    }
    CHECK(group_of(*w.e, w.alfa) == g);
}

TEST_CASE("group error messages are in the user's language") {
    World w;
    run(*w.e, {{"cmd", "group.create"}, {"name", "Pohjoinen"}});
    auto r = w.e->execute({{"cmd", "group.create"}, {"name", "pohjoinen"}});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("Pohjoinen") != std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Special groups
// ---------------------------------------------------------------------------------------------

TEST_CASE("a customer can be in many special groups and a special group holds many customers") {
    World w;
    int64_t vip = id_of(*w.e, {{"cmd", "special_group.create"}, {"name", "VIP"}, {"legend", "Tärkeät\nasiakkaat"},
                               {"customer_ids", {w.alfa, w.beeta}}});
    int64_t late = id_of(*w.e, {{"cmd", "special_group.create"}, {"name", "Myöhässä"}, {"customer_ids", {w.alfa}}});
    CHECK(ids(w.e->list_special_group_members(SpecialGroupId(vip))) == std::vector<int64_t>{w.alfa, w.beeta});
    CHECK(ids(w.e->list_special_group_members(SpecialGroupId(late))) == std::vector<int64_t>{w.alfa});
    auto of_alfa = w.e->list_customer_special_groups(CustomerId(w.alfa));
    REQUIRE(of_alfa.size() == 2);
    CHECK(of_alfa[0].name == "Myöhässä");  // by name
    CHECK(of_alfa[1].name == "VIP");
    CHECK(of_alfa[1].legend == "Tärkeät\nasiakkaat");
    CHECK(w.e->list_customer_special_groups(CustomerId(w.gamma)).empty());
    CHECK(w.e->list_special_group_memberships().size() == 3);

    CustomerFilter f;
    f.special_group = SpecialGroupId(vip);
    f.search = "beeta";
    CHECK(ids(w.e->list_customers(f)) == std::vector<int64_t>{w.beeta});
    // Special groups do not touch the customer group.
    CHECK(group_of(*w.e, w.alfa) == 0);
}

TEST_CASE("special-group membership lists include archived customers; the customers list only when asked") {
    World w;
    int64_t vip = id_of(*w.e, {{"cmd", "special_group.create"}, {"name", "VIP"}, {"customer_ids", {w.alfa, w.beeta}}});
    run(*w.e, {{"cmd", "customer.archive"}, {"id", w.beeta}});
    CHECK(ids(w.e->list_special_group_members(SpecialGroupId(vip))) == std::vector<int64_t>{w.alfa, w.beeta});
    CustomerFilter f;
    f.special_group = SpecialGroupId(vip);
    CHECK(ids(w.e->list_customers(f)) == std::vector<int64_t>{w.alfa});
}

TEST_CASE("updating a special group's customers replaces them; deleting it keeps the customers and undo restores it") {
    World w;
    int64_t vip = id_of(*w.e, {{"cmd", "special_group.create"}, {"name", "VIP"}, {"customer_ids", {w.alfa, w.beeta}}});
    run(*w.e, {{"cmd", "special_group.update"}, {"id", vip}, {"customer_ids", {w.beeta, w.gamma}}, {"legend", "Uusi"}});
    CHECK(ids(w.e->list_special_group_members(SpecialGroupId(vip))) == std::vector<int64_t>{w.beeta, w.gamma});
    CHECK(w.e->list_special_groups()[0].legend == "Uusi");
    // Only the difference is written: one membership out, one in, plus the group row.
    int update_entries = 0;
    for (const ChangeLogEntry& c : w.e->recent_changes(20)) update_entries += c.command == "special_group.update";
    CHECK(update_entries == 3);

    run(*w.e, {{"cmd", "special_group.update"}, {"id", vip}, {"name", "Avainasiakkaat"}});
    CHECK(ids(w.e->list_special_group_members(SpecialGroupId(vip))) == std::vector<int64_t>{w.beeta, w.gamma});

    run(*w.e, {{"cmd", "special_group.delete"}, {"id", vip}});
    CHECK(w.e->list_special_groups().empty());
    CHECK(w.e->list_special_group_memberships().empty());
    CHECK(w.e->counts().customers == 3);
    run(*w.e, {{"cmd", "undo"}});
    REQUIRE(w.e->list_special_groups().size() == 1);
    CHECK(w.e->list_special_groups()[0].name == "Avainasiakkaat");
    CHECK(ids(w.e->list_special_group_members(SpecialGroupId(vip))) == std::vector<int64_t>{w.beeta, w.gamma});
}

TEST_CASE("special group commands refuse bad input at the field and change nothing") {
    World w;
    int64_t vip = id_of(*w.e, {{"cmd", "special_group.create"}, {"name", "VIP"}});
    refused_without_change(*w.e, {{"cmd", "special_group.create"}, {"name", " "}}, "text.empty", "name");
    refused_without_change(*w.e, {{"cmd", "special_group.create"}, {"name", "vip"}}, "special_group.name_taken", "name");
    run(*w.e, {{"cmd", "special_group.create"}, {"name", "Muut"}});
    refused_without_change(*w.e, {{"cmd", "special_group.update"}, {"id", vip}, {"name", "MUUT"}},
                           "special_group.name_taken", "name");
    refused_without_change(*w.e, {{"cmd", "special_group.update"}, {"id", 999}, {"name", "X"}},
                           "special_group.not_found", "id");
    refused_without_change(*w.e, {{"cmd", "special_group.delete"}, {"id", 999}}, "special_group.not_found", "id");
    refused_without_change(*w.e, {{"cmd", "special_group.create"}, {"name", "Uusi"}, {"customer_ids", {999}}},
                           "customer.not_found", "customer_ids");
    refused_without_change(*w.e, {{"cmd", "special_group.create"}, {"name", "Uusi"}, {"legend", std::string(1001, 'x')}},
                           "text.too_long", "legend");
    // A group customer name may equal a special group name: they are different lists.
    run(*w.e, {{"cmd", "group.create"}, {"name", "VIP"}});
    run(*w.e, {{"cmd", "special_group.create"}, {"name", "Uusi"}, {"legend", std::string(1000, 'x')}});
}

// ---------------------------------------------------------------------------------------------
// Exports
// ---------------------------------------------------------------------------------------------

TEST_CASE("a group's Customers export lists its customers with group, special groups and current responsible persons") {
    World w;
    int64_t g = id_of(*w.e, {{"cmd", "group.create"}, {"name", "Pohjoinen"}, {"number_start", 100},
                             {"customer_ids", {w.alfa, w.beeta}}});
    id_of(*w.e, {{"cmd", "special_group.create"}, {"name", "VIP"}, {"customer_ids", {w.alfa}}});
    id_of(*w.e, {{"cmd", "special_group.create"}, {"name", "Myöhässä"}, {"customer_ids", {w.alfa, w.gamma}}});
    int64_t role = id_of(*w.e, {{"cmd", "role.create"}, {"name", "Kirjanpitäjä"}, {"kind", "customer"}});
    run(*w.e, {{"cmd", "responsibility.assign_role"}, {"employee_id", w.ville}, {"customer_id", w.alfa}, {"role_id", role}});
    run(*w.e, {{"cmd", "responsibility.toggle"}, {"employee_id", w.anna}, {"customer_id", w.alfa}});
    // An ended responsibility is history, not a responsible person.
    int64_t ended = id_of(*w.e, {{"cmd", "responsibility.toggle"}, {"employee_id", w.anna}, {"customer_id", w.beeta}});
    run(*w.e, {{"cmd", "responsibility.update"}, {"id", ended}, {"valid_from", "2025-01-01"}, {"valid_to", "2025-12-31"}});

    auto bytes = export_group_customers_xlsx(*w.e, CustomerGroupId(g));
    auto rows = export_rows(bytes);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0] == std::vector<std::string>{"Number", "Name", "Group", "Special groups", "Responsible persons"});
    CHECK(rows[1] == std::vector<std::string>{"1", "Alfa Oy", "Pohjoinen", "Myöhässä, VIP",
                                              "Anna Aho, Ville Virta (Kirjanpitäjä)"});
    CHECK(rows[2] == std::vector<std::string>{"2", "Beeta Ky", "Pohjoinen", "", ""});
    auto workbook = xlsx_test::zip_entry(bytes.value(), "xl/workbook.xml");
    REQUIRE(workbook.has_value());
    CHECK(workbook->find("Pohjoinen") != std::string::npos);  // the sheet is named after the group
}

TEST_CASE("the No group export lists the customers without a group; archived ones only when asked") {
    World w;
    run(*w.e, {{"cmd", "group.create"}, {"name", "Pohjoinen"}, {"customer_ids", {w.alfa}}});
    run(*w.e, {{"cmd", "customer.archive"}, {"id", w.gamma}});
    auto bytes = export_group_customers_xlsx(*w.e, CustomerGroupId());
    REQUIRE(bytes.ok());
    auto rows = xlsx_test::sheet_rows(bytes.value());
    REQUIRE(rows.size() == 2);
    CHECK(rows[1][1] == "Beeta Ky");
    CHECK(rows[1][2] == "No group");
    bytes = export_group_customers_xlsx(*w.e, CustomerGroupId(), true);
    REQUIRE(bytes.ok());
    CHECK(xlsx_test::sheet_rows(bytes.value()).size() == 3);
}

TEST_CASE("a special group's export lists its members with their own customer groups") {
    World w;
    run(*w.e, {{"cmd", "group.create"}, {"name", "Pohjoinen"}, {"customer_ids", {w.beeta}}});
    int64_t vip = id_of(*w.e, {{"cmd", "special_group.create"}, {"name", "VIP"}, {"customer_ids", {w.beeta, w.gamma}}});
    auto rows = export_rows(export_special_group_customers_xlsx(*w.e, SpecialGroupId(vip)));
    // Without a legend: the group's name as the title, an empty row, then the table.
    REQUIRE(rows.size() == 5);
    CHECK(rows[0][0] == "VIP");
    CHECK(rows[1][0] == "");
    CHECK(rows[2][0] == "Number");
    CHECK(rows[3] == std::vector<std::string>{"2", "Beeta Ky", "Pohjoinen", "VIP", ""});
    CHECK(rows[4] == std::vector<std::string>{"3", "Gamma Tmi", "No group", "VIP", ""});
}

TEST_CASE("a special group's export carries its legend above the table, and the header stays frozen under it") {
    World w;
    int64_t g = id_of(*w.e, {{"cmd", "special_group.create"}, {"name", "Tilintarkastus"},
                             {"legend", "Asiakkaat, joilla on tilintarkastaja – päivitetään keväällä"},
                             {"customer_ids", {w.alfa}}});
    auto bytes = export_special_group_customers_xlsx(*w.e, SpecialGroupId(g));
    auto rows = export_rows(bytes);
    REQUIRE(rows.size() == 5);
    CHECK(rows[0][0] == "Tilintarkastus");
    CHECK(rows[1][0] == "Asiakkaat, joilla on tilintarkastaja – päivitetään keväällä");
    CHECK(rows[2][0] == "");
    CHECK(rows[3][0] == "Number");
    CHECK(rows[4][1] == "Alfa Oy");
    const std::string xml = xlsx_test::zip_entry(bytes.value(), "xl/worksheets/sheet1.xml").value();
    CHECK(xml.find("ySplit=\"4\"") != std::string::npos);     // title, legend, gap and header frozen
    const std::string book = xlsx_test::zip_entry(bytes.value(), "xl/workbook.xml").value();
    CHECK(book.find("$A$4:$E$5") != std::string::npos);          // the autofilter covers header and rows
}

TEST_CASE("exporting an unknown group or special group is refused") {
    World w;
    auto a = export_group_customers_xlsx(*w.e, CustomerGroupId(42));
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().code == "group.not_found");
    auto b = export_special_group_customers_xlsx(*w.e, SpecialGroupId(42));
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().code == "special_group.not_found");
}
