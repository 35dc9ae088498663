// The command registry: every command Engine::execute() dispatches is registered once, labelled in
// both languages and documented in engine.h; the per-member group commands, batches and the customer
// form's one-step Save.
#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "core/engine.h"
#include "core/i18n.h"
#include "core/sql.h"
#include "engine_harness.h"

using namespace vastuu;
using namespace vastuu_test;

namespace {

std::unique_ptr<Engine> open_engine() { return open_memory(fixed_clock("2026-06-15", "2026-06-15T10:00:00Z")); }

}  // namespace

TEST_CASE("every registered command has a unique name and a label in English and in Finnish") {
    std::set<std::string> names;
    for (const CommandInfo& c : registered_commands()) {
        INFO(c.name);
        CHECK(names.insert(c.name).second);
        CHECK(tr_has(c.label_key.c_str()));
        set_language(Lang::En);
        const std::string en = command_label(c.name);
        set_language(Lang::Fi);
        const std::string fi = command_label(c.name);
        set_language(Lang::En);
        CHECK(!en.empty());
        CHECK(en != c.label_key);
        CHECK(!fi.empty());
        CHECK(fi != c.label_key);
    }
    CHECK(names.count("customer.create"));
    CHECK(names.count("special_group.add_member"));
}

TEST_CASE("every registered command and each of its fields is documented in engine.h") {
    std::ifstream in(std::string(VASTUU_SOURCE_DIR) + "/engine/core/engine.h");
    REQUIRE(in.good());
    std::stringstream text;
    text << in.rdbuf();
    const std::string header = text.str();
    for (const CommandInfo& c : registered_commands()) {
        INFO(c.name);
        const size_t at = header.find("//   " + c.name + " {");
        const size_t listed = at != std::string::npos ? at : header.find(", " + c.name + " {");
        REQUIRE(listed != std::string::npos);
        const std::string line = header.substr(listed, header.find('}', listed) - listed);
        for (const std::string& f : c.fields) {
            INFO(f);
            CHECK(line.find(f) != std::string::npos);
        }
    }
}

TEST_CASE("an unknown command and an unknown field are refused by the registry's dispatch") {
    auto e = open_engine();
    auto unknown = e->execute({{"cmd", "customer.explode"}});
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().code == "command.unknown");
    auto field = e->execute({{"cmd", "customer.create"}, {"name", "A"}, {"nmae", "B"}});
    REQUIRE_FALSE(field.ok());
    CHECK(field.error().code == "command.bad_argument");
    CHECK(field.error().field == "nmae");
    CHECK(scalar(*e, "SELECT count(*) FROM customer") == 0);
}

TEST_CASE("a customer form's Save with a new name and archived is one customer.update and one undo step") {
    auto e = open_engine();
    const int64_t id = id_of(*e, {{"cmd", "customer.create"}, {"name", "Äijälä Oy"}});
    run(*e, {{"cmd", "customer.update"}, {"id", id}, {"name", "Äijälä Ab"}, {"archived", true}});
    auto c = e->get_customer(CustomerId(id));
    REQUIRE(c.ok());
    CHECK(c->name == "Äijälä Ab");
    CHECK(c->archived);
    CHECK(e->undo_label() == "customer.update");
    run(*e, {{"cmd", "undo"}});
    c = e->get_customer(CustomerId(id));
    CHECK(c->name == "Äijälä Oy");
    CHECK_FALSE(c->archived);
    CHECK(e->undo_label() == "customer.create");
}

TEST_CASE("special-group members are added and removed one at a time by an employee, hidden members untouched") {
    auto e = open_engine();
    const int64_t seller = id_of(*e, {{"cmd", "employee.create"}, {"name", "Aino Myyjä"}});
    const int64_t north = id_of(*e, {{"cmd", "group.create"}, {"name", "Pohjoinen"}, {"salesperson_ids", {seller}}});
    const int64_t south = id_of(*e, {{"cmd", "group.create"}, {"name", "Etelä"}});
    const int64_t mine = id_of(*e, {{"cmd", "customer.create"}, {"name", "Öljy Oy"}, {"group_id", north}});
    const int64_t mine2 = id_of(*e, {{"cmd", "customer.create"}, {"name", "Åkerö Ab"}, {"group_id", north}});
    const int64_t hidden = id_of(*e, {{"cmd", "customer.create"}, {"name", "Salainen Oy"}, {"group_id", south}});
    const int64_t vip = id_of(*e, {{"cmd", "special_group.create"}, {"name", "VIP"}, {"customer_ids", {hidden, mine}}});

    e->set_viewer(EmployeeId(seller));
    CHECK(e->list_special_group_members(SpecialGroupId(vip)).size() == 1);  // only Öljy is visible
    CHECK(e->count_special_group_members(SpecialGroupId(vip)) == 2);
    run(*e, {{"cmd", "batch"},
             {"commands",
              {{{"cmd", "special_group.update"}, {"id", vip}, {"name", "VIP-asiakkaat"}},
               {{"cmd", "special_group.add_member"}, {"id", vip}, {"customer_id", mine2}},
               {{"cmd", "special_group.remove_member"}, {"id", vip}, {"customer_id", mine}}}}});
    CHECK(e->viewer() == EmployeeId(seller));
    CHECK(e->undo_label() == "special_group.update");  // one step, named after its first command
    e->set_viewer(EmployeeId());
    CHECK(scalar(*e, "SELECT count(*) FROM special_group_member WHERE special_group_id = " + std::to_string(vip) +
                        " AND customer_id = " + std::to_string(hidden)) == 1);
    CHECK(scalar(*e, "SELECT count(*) FROM special_group_member WHERE customer_id = " + std::to_string(mine2)) == 1);
    CHECK(scalar(*e, "SELECT count(*) FROM special_group_member WHERE customer_id = " + std::to_string(mine)) == 0);
    run(*e, {{"cmd", "undo"}});
    CHECK(scalar(*e, "SELECT count(*) FROM special_group_member") == 2);
    CHECK(scalar(*e, "SELECT count(*) FROM special_group WHERE name = 'VIP'") == 1);
}

TEST_CASE("group customers and salespersons are added and removed one at a time") {
    auto e = open_engine();
    const int64_t anna = id_of(*e, {{"cmd", "employee.create"}, {"name", "Anna"}});
    const int64_t a = id_of(*e, {{"cmd", "group.create"}, {"name", "A"}});
    const int64_t b = id_of(*e, {{"cmd", "group.create"}, {"name", "B"}});
    const int64_t c = id_of(*e, {{"cmd", "customer.create"}, {"name", "Ähtäri Oy"}, {"group_id", a}});
    auto moved = e->execute({{"cmd", "group.add_customer"}, {"id", b}, {"customer_id", c}});
    REQUIRE(moved.ok());
    CHECK(moved->value("moved", false) == true);
    CHECK(e->get_customer(CustomerId(c))->group == CustomerGroupId(b));
    run(*e, {{"cmd", "group.remove_customer"}, {"id", a}, {"customer_id", c}});  // not in A: nothing moves
    CHECK(e->get_customer(CustomerId(c))->group == CustomerGroupId(b));
    run(*e, {{"cmd", "group.remove_customer"}, {"id", b}, {"customer_id", c}});
    CHECK_FALSE(e->get_customer(CustomerId(c))->group);
    run(*e, {{"cmd", "group.add_salesperson"}, {"id", a}, {"employee_id", anna}});
    run(*e, {{"cmd", "group.add_salesperson"}, {"id", a}, {"employee_id", anna}});  // set-like: no duplicate
    CHECK(e->list_group_salespersons(CustomerGroupId(a)).size() == 1);
    run(*e, {{"cmd", "group.remove_salesperson"}, {"id", a}, {"employee_id", anna}});
    CHECK(e->list_group_salespersons(CustomerGroupId(a)).empty());
    auto missing = e->execute({{"cmd", "group.add_customer"}, {"id", a}, {"customer_id", 999}});
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == "customer.not_found");
    CHECK(missing.error().field == "customer_id");
}

TEST_CASE("a batch is all or nothing: one refused command rolls back the others and nothing changes") {
    auto e = open_engine();
    const int64_t g = id_of(*e, {{"cmd", "special_group.create"}, {"name", "VIP"}});
    const int64_t c = id_of(*e, {{"cmd", "customer.create"}, {"name", "Öljy Oy"}});
    const int64_t changes = scalar(*e, "SELECT count(*) FROM change_log");
    auto r = e->execute({{"cmd", "batch"},
                         {"commands",
                          {{{"cmd", "special_group.add_member"}, {"id", g}, {"customer_id", c}},
                           {{"cmd", "special_group.add_member"}, {"id", g}, {"customer_id", 4242}}}}});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "customer.not_found");
    CHECK(scalar(*e, "SELECT count(*) FROM special_group_member") == 0);
    CHECK(scalar(*e, "SELECT count(*) FROM change_log") == changes);
    auto nested = e->execute({{"cmd", "batch"}, {"commands", {{{"cmd", "undo"}}}}});
    REQUIRE_FALSE(nested.ok());
    CHECK(nested.error().code == "command.bad_argument");
    auto empty = e->execute({{"cmd", "batch"}, {"commands", nlohmann::json::array()}});
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().field == "commands");
}
