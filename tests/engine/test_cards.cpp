// The customer card and the project card: what each holds (group, special groups, projects,
// responsible persons with roles and intervals, the latest change-log entries of that customer or
// project only), and that a hidden customer's card does not exist for the viewer.
#include <doctest/doctest.h>

#include <string>

#include "models/cards.h"
#include "core/engine.h"
#include "engine_harness.h"

using namespace vastuu;
using namespace vastuu_test;
using nlohmann::json;

namespace {

// A customer in a group and two special groups, with two projects, responsibilities on the customer
// and a project (one with a role and an interval), and a second customer whose changes must not
// show on the first one's card.
struct CardWorld {
    std::unique_ptr<Engine> e = open_memory();
    int64_t anna = id_of(*e, {{"cmd", "employee.create"}, {"name", "Anna Aho"}});
    int64_t ville = id_of(*e, {{"cmd", "employee.create"}, {"name", "Ville Virta"}});
    int64_t group = id_of(*e, {{"cmd", "group.create"}, {"name", "Pohjoinen"}, {"number_start", 100}});
    int64_t alfa = id_of(*e, {{"cmd", "customer.create"}, {"name", "Alfa Oy"}, {"group_id", group}});
    int64_t other = id_of(*e, {{"cmd", "customer.create"}, {"name", "Muu Oy"}});
    int64_t vip = id_of(*e, {{"cmd", "special_group.create"}, {"name", "VIP"}, {"customer_ids", {alfa, other}}});
    int64_t late = id_of(*e, {{"cmd", "special_group.create"}, {"name", "Myöhässä"}, {"customer_ids", {alfa}}});
    int64_t p1 = id_of(*e, {{"cmd", "project.create"}, {"customer_id", alfa}, {"name", "Tilinpäätös 2025"}});
    int64_t p2 = id_of(*e, {{"cmd", "project.create"}, {"customer_id", alfa}, {"name", "Palkat"}});
    int64_t role = id_of(*e, {{"cmd", "role.create"}, {"name", "Kirjanpitäjä"}, {"code", "KP"}, {"kind", "customer"}});
    int64_t on_customer = id_of(*e, {{"cmd", "responsibility.assign_role"}, {"employee_id", anna},
                                     {"customer_id", alfa}, {"role_id", role}});
    int64_t on_project = id_of(*e, {{"cmd", "responsibility.toggle"}, {"employee_id", ville}, {"project_id", p1}});

    CardWorld() {
        run(*e, {{"cmd", "responsibility.update"}, {"id", on_customer}, {"valid_from", "2026-01-01"},
                 {"valid_to", "2026-12-31"}});
        run(*e, {{"cmd", "customer.update"}, {"id", other}, {"name", "Muu Oy Ab"}});
        run(*e, {{"cmd", "responsibility.toggle"}, {"employee_id", anna}, {"customer_id", other}});
    }
};

}  // namespace

TEST_CASE("a customer card holds number, name, group, special groups, archived state and projects") {
    CardWorld w;
    run(*w.e, {{"cmd", "customer.archive"}, {"id", w.alfa}});
    auto card = customer_card(*w.e, CustomerId(w.alfa));
    REQUIRE(card.ok());
    CHECK(card->customer.number == 100);
    CHECK(card->customer.name == "Alfa Oy");
    CHECK(card->customer.archived);
    CHECK(card->customer.group.value == w.group);
    CHECK(card->group_name == "Pohjoinen");
    REQUIRE(card->special_groups.size() == 2);
    CHECK(card->special_groups[0].name == "Myöhässä");
    CHECK(card->special_groups[1].name == "VIP");
    REQUIRE(card->projects.size() == 2);
    CHECK(card->projects[0].number == "1");
    CHECK(card->projects[0].name == "Tilinpäätös 2025");
    CHECK(card->projects[1].name == "Palkat");
}

TEST_CASE("a customer card lists responsible persons with roles and intervals, the customer's own first") {
    CardWorld w;
    auto card = customer_card(*w.e, CustomerId(w.alfa));
    REQUIRE(card.ok());
    REQUIRE(card->responsibilities.size() == 2);
    const CardResponsibility& own = card->responsibilities[0];
    CHECK(own.employee_name == "Anna Aho");
    CHECK(own.role_name == "Kirjanpitäjä");
    CHECK(own.role_code == "KP");
    CHECK(own.responsibility.valid_from == "2026-01-01");
    CHECK(own.responsibility.valid_to == "2026-12-31");
    CHECK(own.project_number.empty());
    const CardResponsibility& project = card->responsibilities[1];
    CHECK(project.employee_name == "Ville Virta");
    CHECK(project.role_name.empty());
    CHECK(project.project_number == "1");
    CHECK(project.project_name == "Tilinpäätös 2025");
}

TEST_CASE("a customer card shows the latest change-log entries of that customer only, newest first") {
    CardWorld w;
    run(*w.e, {{"cmd", "customer.update"}, {"id", w.alfa}, {"name", "Alfa Oyj"}});
    auto card = customer_card(*w.e, CustomerId(w.alfa), 100);
    REQUIRE(card.ok());
    const auto& changes = card->recent_changes;
    REQUIRE_FALSE(changes.empty());
    CHECK(changes[0].command == "customer.update");
    CHECK(changes[0].entity == "customer");
    CHECK(changes[0].after.find("Alfa Oyj") != std::string::npos);
    for (size_t i = 1; i < changes.size(); ++i) CHECK(changes[i - 1].id.value > changes[i].id.value);
    // Its row (create, update), memberships (2), projects (2), responsibilities (assign, toggle, update).
    CHECK(changes.size() == 9);
    for (const ChangeLogEntry& c : changes) {
        INFO(c.entity, " ", c.after, c.before);
        CHECK(c.after.find("Muu Oy") == std::string::npos);
        CHECK(c.before.find("Muu Oy") == std::string::npos);
        if (c.entity == "customer") CHECK(c.entity_id == w.alfa);
    }
    // The limit keeps the newest.
    auto two = customer_card(*w.e, CustomerId(w.alfa), 2);
    REQUIRE(two.ok());
    REQUIRE(two->recent_changes.size() == 2);
    CHECK(two->recent_changes[0].id == changes[0].id);
}

TEST_CASE("a project card holds the project, its customer, its responsible persons and its changes") {
    CardWorld w;
    run(*w.e, {{"cmd", "responsibility.toggle"}, {"employee_id", w.anna}, {"project_id", w.p2}});
    auto card = project_card(*w.e, ProjectId(w.p1));
    REQUIRE(card.ok());
    CHECK(card->project.name == "Tilinpäätös 2025");
    CHECK(card->project.number == "1");
    CHECK(card->customer.name == "Alfa Oy");
    REQUIRE(card->responsibilities.size() == 1);
    CHECK(card->responsibilities[0].employee_name == "Ville Virta");
    CHECK(card->responsibilities[0].project_name == "Tilinpäätös 2025");
    REQUIRE(card->recent_changes.size() == 2);  // the toggle, then the create
    CHECK(card->recent_changes[0].entity == "responsibility");
    CHECK(card->recent_changes[1].entity == "project");
    CHECK(card->recent_changes[1].command == "project.create");
}

TEST_CASE("the card of an unknown customer or project is not found") {
    CardWorld w;
    auto c = customer_card(*w.e, CustomerId(999));
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().code == "customer.not_found");
    auto p = project_card(*w.e, ProjectId(999));
    REQUIRE_FALSE(p.ok());
    CHECK(p.error().code == "project.not_found");
}

TEST_CASE("a customer the viewer may not see has no card, and neither have its projects") {
    CardWorld w;
    w.e->set_viewer(EmployeeId(w.ville));  // responsible for project 1 of Alfa only
    CHECK(customer_card(*w.e, CustomerId(w.alfa)).ok());
    CHECK(project_card(*w.e, ProjectId(w.p2)).ok());  // a project of a visible customer
    auto c = customer_card(*w.e, CustomerId(w.other));
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().code == "customer.not_found");
    int64_t q = id_of(*w.e, {{"cmd", "project.create"}, {"customer_id", w.other}, {"name", "Salainen"}});
    auto p = project_card(*w.e, ProjectId(q));
    REQUIRE_FALSE(p.ok());
    CHECK(p.error().code == "project.not_found");
    CHECK(w.e->recent_customer_changes(CustomerId(w.other), 10).empty());
}
