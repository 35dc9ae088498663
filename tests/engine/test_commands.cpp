// The commands' rules: what each accepts, what it refuses (by error code), and that a refused command
// changes nothing at all.
#include <doctest/doctest.h>

#include <string>

#include "core/engine.h"
#include "core/i18n.h"
#include "engine_harness.h"

using namespace vastuu;
using namespace vastuu_test;
using nlohmann::json;

namespace {

// Runs a command that must be refused with `code` and checks that the database did not move.
Error refused_without_change(Engine& e, const json& cmd, const std::string& code) {
    const std::string before = snapshot(e);
    const uint64_t revision = e.revision();
    const bool could_undo = e.can_undo();
    Error err = refused(e, cmd);
    CHECK(err.code == code);
    CHECK(snapshot(e) == before);
    CHECK(e.revision() == revision);
    CHECK(e.can_undo() == could_undo);
    return err;
}

}  // namespace

// [SECTION] Dispatch

TEST_CASE("an unknown command is refused with command.unknown") {
    auto e = open_memory();
    Error err = refused_without_change(*e, {{"cmd", "customer.explode"}}, "command.unknown");
    CHECK(err.field == "cmd");
    CHECK_FALSE(err.message.empty());
}

TEST_CASE("a command that is not an object or has no cmd is refused") {
    auto e = open_memory();
    refused_without_change(*e, json::array({1, 2}), "command.bad_argument");
    refused_without_change(*e, json{{"name", "X"}}, "command.missing_argument");
    refused_without_change(*e, json{{"cmd", 5}}, "command.bad_argument");
}

TEST_CASE("an unknown field is refused, naming the field") {
    auto e = open_memory();
    Error err = refused_without_change(*e, {{"cmd", "customer.create"}, {"name", "A"}, {"groupId", 1}},
                                       "command.bad_argument");
    CHECK(err.field == "groupId");
}

// [SECTION] customer.create

TEST_CASE("customer.create gives the first free number and returns id and number") {
    auto e = open_memory();
    json r = run(*e, {{"cmd", "customer.create"}, {"name", "Äijälä Oy"}});
    CHECK(r["ok"] == true);
    CHECK(r["number"] == 1);
    auto c = e->get_customer(CustomerId(r["id"].get<int64_t>()));
    REQUIRE(c.ok());
    CHECK(c->name == "Äijälä Oy");
    CHECK(c->number == 1);
    CHECK_FALSE(c->group);
    CHECK(run(*e, {{"cmd", "customer.create"}, {"name", "B"}})["number"] == 2);
}

TEST_CASE("customer.create trims the name") {
    auto e = open_memory();
    json r = run(*e, {{"cmd", "customer.create"}, {"name", "  Kala Oy  "}});
    CHECK(e->get_customer(CustomerId(r["id"].get<int64_t>()))->name == "Kala Oy");
}

TEST_CASE("customer.create in a group numbers from the group's start and fills gaps") {
    auto e = open_memory();
    sql(*e, "INSERT INTO customer_group (id, name, number_start) VALUES (1, 'Helsinki', 1000)");
    CHECK(run(*e, {{"cmd", "customer.create"}, {"name", "A"}, {"group_id", 1}})["number"] == 1000);
    CHECK(run(*e, {{"cmd", "customer.create"}, {"name", "B"}, {"group_id", 1}, {"number", 1002}})["number"] == 1002);
    CHECK(run(*e, {{"cmd", "customer.create"}, {"name", "C"}, {"group_id", 1}})["number"] == 1001);
    CHECK(run(*e, {{"cmd", "customer.create"}, {"name", "D"}, {"group_id", 1}})["number"] == 1003);
    CHECK(run(*e, {{"cmd", "customer.create"}, {"name", "E"}})["number"] == 1);
}

TEST_CASE("a taken customer number is refused and nothing changes") {
    auto e = open_memory();
    run(*e, {{"cmd", "customer.create"}, {"name", "Eka"}, {"number", 7}});
    Error err = refused_without_change(*e, {{"cmd", "customer.create"}, {"name", "Toka"}, {"number", 7}},
                                       "customer.number_taken");
    CHECK(err.field == "number");
    CHECK(err.message.find("Eka") != std::string::npos);
}

TEST_CASE("a customer number must be a positive whole number") {
    auto e = open_memory();
    CHECK(refused_without_change(*e, {{"cmd", "customer.create"}, {"name", "A"}, {"number", 0}}, "customer.bad_number")
              .field == "number");
    refused_without_change(*e, {{"cmd", "customer.create"}, {"name", "A"}, {"number", -5}}, "customer.bad_number");
    refused_without_change(*e, {{"cmd", "customer.create"}, {"name", "A"}, {"number", 2.5}}, "customer.bad_number");
    refused_without_change(*e, {{"cmd", "customer.create"}, {"name", "A"}, {"number", nullptr}}, "customer.bad_number");
    Error err = refused_without_change(*e, {{"cmd", "customer.create"}, {"name", "A"}, {"number", "12"}},
                                       "command.bad_argument");
    CHECK(err.field == "number");
    refused_without_change(*e, {{"cmd", "customer.create"}, {"name", "A"}, {"number", 18446744073709551615ull}},
                           "command.bad_argument");
}

TEST_CASE("customer.create refuses bad names with the text rule's code") {
    auto e = open_memory();
    CHECK(refused_without_change(*e, {{"cmd", "customer.create"}}, "command.missing_argument").field == "name");
    refused_without_change(*e, {{"cmd", "customer.create"}, {"name", nullptr}}, "command.missing_argument");
    CHECK(refused_without_change(*e, {{"cmd", "customer.create"}, {"name", 42}}, "command.bad_argument").field ==
          "name");
    refused_without_change(*e, {{"cmd", "customer.create"}, {"name", json::array()}}, "command.bad_argument");
    CHECK(refused_without_change(*e, {{"cmd", "customer.create"}, {"name", ""}}, "text.empty").field == "name");
    refused_without_change(*e, {{"cmd", "customer.create"}, {"name", "   "}}, "text.empty");
    refused_without_change(*e, {{"cmd", "customer.create"}, {"name", "Bad \xff byte"}}, "text.invalid_utf8");
    refused_without_change(*e, {{"cmd", "customer.create"}, {"name", std::string(201, 'a')}}, "text.too_long");
    refused_without_change(*e, {{"cmd", "customer.create"}, {"name", std::string(10 * 1024 * 1024, 'a')}},
                           "text.too_long");
    refused_without_change(*e, {{"cmd", "customer.create"}, {"name", "Two\nlines"}}, "text.control_char");
}

TEST_CASE("a name of exactly 200 characters is accepted, counted in characters not bytes") {
    auto e = open_memory();
    std::string name;
    for (int i = 0; i < 200; ++i) name += "ä";  // 400 bytes
    json r = run(*e, {{"cmd", "customer.create"}, {"name", name}});
    CHECK(e->get_customer(CustomerId(r["id"].get<int64_t>()))->name == name);
}

TEST_CASE("customer.create refuses an unknown group") {
    auto e = open_memory();
    Error err = refused_without_change(*e, {{"cmd", "customer.create"}, {"name", "A"}, {"group_id", 99}},
                                       "group.not_found");
    CHECK(err.field == "group_id");
    refused_without_change(*e, {{"cmd", "customer.create"}, {"name", "A"}, {"group_id", "1"}}, "command.bad_argument");
}

TEST_CASE("customer.create with group_id 0 or null means no group") {
    auto e = open_memory();
    json a = run(*e, {{"cmd", "customer.create"}, {"name", "A"}, {"group_id", 0}});
    json b = run(*e, {{"cmd", "customer.create"}, {"name", "B"}, {"group_id", nullptr}});
    CHECK_FALSE(e->get_customer(CustomerId(a["id"].get<int64_t>()))->group);
    CHECK_FALSE(e->get_customer(CustomerId(b["id"].get<int64_t>()))->group);
}

// [SECTION] customer.update and customer.archive

TEST_CASE("customer.update changes only the given fields") {
    auto e = open_memory();
    sql(*e, "INSERT INTO customer_group (id, name, number_start) VALUES (3, 'Turku', 500)");
    int64_t id = run(*e, {{"cmd", "customer.create"}, {"name", "Vanha"}, {"group_id", 3}})["id"];
    run(*e, {{"cmd", "customer.update"}, {"id", id}, {"name", "Uusi"}});
    Customer c = e->get_customer(CustomerId(id)).value();
    CHECK(c.name == "Uusi");
    CHECK(c.number == 500);
    CHECK(c.group == CustomerGroupId(3));

    run(*e, {{"cmd", "customer.update"}, {"id", id}, {"number", 42}});
    c = e->get_customer(CustomerId(id)).value();
    CHECK(c.number == 42);
    CHECK(c.name == "Uusi");

    run(*e, {{"cmd", "customer.update"}, {"id", id}, {"group_id", nullptr}});
    CHECK_FALSE(e->get_customer(CustomerId(id))->group);
    run(*e, {{"cmd", "customer.update"}, {"id", id}, {"group_id", 3}});
    CHECK(e->get_customer(CustomerId(id))->group == CustomerGroupId(3));
    run(*e, {{"cmd", "customer.update"}, {"id", id}, {"group_id", 0}});
    CHECK_FALSE(e->get_customer(CustomerId(id))->group);
}

TEST_CASE("customer.update may keep its own number but not take another's") {
    auto e = open_memory();
    int64_t a = run(*e, {{"cmd", "customer.create"}, {"name", "A"}, {"number", 10}})["id"];
    run(*e, {{"cmd", "customer.create"}, {"name", "B"}, {"number", 11}});
    run(*e, {{"cmd", "customer.update"}, {"id", a}, {"number", 10}, {"name", "A2"}});
    refused_without_change(*e, {{"cmd", "customer.update"}, {"id", a}, {"number", 11}}, "customer.number_taken");
}

TEST_CASE("customer.update refuses unknown customers, bad ids and bad fields without changing anything") {
    auto e = open_memory();
    int64_t id = run(*e, {{"cmd", "customer.create"}, {"name", "A"}})["id"];
    CHECK(refused_without_change(*e, {{"cmd", "customer.update"}, {"id", 999}, {"name", "X"}}, "customer.not_found")
              .field == "id");
    refused_without_change(*e, {{"cmd", "customer.update"}, {"name", "X"}}, "command.missing_argument");
    refused_without_change(*e, {{"cmd", "customer.update"}, {"id", "1"}, {"name", "X"}}, "command.bad_argument");
    refused_without_change(*e, {{"cmd", "customer.update"}, {"id", id}, {"name", ""}}, "text.empty");
    refused_without_change(*e, {{"cmd", "customer.update"}, {"id", id}, {"name", nullptr}}, "command.missing_argument");
    refused_without_change(*e, {{"cmd", "customer.update"}, {"id", id}, {"group_id", 4}}, "group.not_found");
    // A valid field followed by an invalid one: the valid one must not be half-applied.
    refused_without_change(*e, {{"cmd", "customer.update"}, {"id", id}, {"name", "Good"}, {"number", -1}},
                           "customer.bad_number");
}

TEST_CASE("customer.archive archives by default and can restore") {
    auto e = open_memory();
    int64_t id = run(*e, {{"cmd", "customer.create"}, {"name", "A"}})["id"];
    run(*e, {{"cmd", "customer.archive"}, {"id", id}});
    CHECK(e->get_customer(CustomerId(id))->archived);
    run(*e, {{"cmd", "customer.archive"}, {"id", id}, {"archived", false}});
    CHECK_FALSE(e->get_customer(CustomerId(id))->archived);
    refused_without_change(*e, {{"cmd", "customer.archive"}, {"id", id}, {"archived", 1}}, "command.bad_argument");
    refused_without_change(*e, {{"cmd", "customer.archive"}, {"id", 77}}, "customer.not_found");
}

TEST_CASE("a command that changes nothing leaves no undo step and keeps the revision") {
    auto e = open_memory();
    int64_t id = run(*e, {{"cmd", "customer.create"}, {"name", "A"}})["id"];
    const uint64_t revision = e->revision();
    run(*e, {{"cmd", "customer.update"}, {"id", id}, {"name", "A"}});
    CHECK(e->revision() == revision);
    CHECK(e->undo_label() == "customer.create");
}

// [SECTION] employee.create and employee.update

TEST_CASE("employee.create stores name, e-mail, seller info and team") {
    auto e = open_memory();
    int64_t team = run(*e, {{"cmd", "team.create"}, {"name", "Myynti"}})["id"];
    int64_t id = run(*e, {{"cmd", "employee.create"},
                          {"name", "Sääksjärvi Päivi"},
                          {"email", " paivi@example.fi "},
                          {"seller_info", "Myyjäkoodi 12\nProvisio 3 %"},
                          {"team_id", team}})["id"];
    Employee emp = e->get_employee(EmployeeId(id)).value();
    CHECK(emp.name == "Sääksjärvi Päivi");
    CHECK(emp.email == "paivi@example.fi");
    CHECK(emp.seller_info == "Myyjäkoodi 12\nProvisio 3 %");
    CHECK(emp.team == TeamId(team));
    CHECK_FALSE(emp.archived);
}

TEST_CASE("employee.create refuses a malformed e-mail") {
    auto e = open_memory();
    for (const char* bad : {"paivi", "@example.fi", "paivi@", "paivi@example", "a@b@c.fi", "paivi @example.fi",
                            "paivi@example.", "paivi@.fi", "paivi@example..fi"}) {
        INFO(bad);
        CHECK(refused_without_change(*e, {{"cmd", "employee.create"}, {"name", "P"}, {"email", bad}},
                                     "employee.bad_email")
                  .field == "email");
    }
    refused_without_change(*e, {{"cmd", "employee.create"}, {"name", "P"}, {"email", std::string(250, 'a') + "@x.fi"}},
                           "text.too_long");
    refused_without_change(*e, {{"cmd", "employee.create"}, {"name", "P"}, {"email", 5}}, "command.bad_argument");
}

TEST_CASE("an e-mail address already in use is refused, whatever its case") {
    auto e = open_memory();
    run(*e, {{"cmd", "employee.create"}, {"name", "Anna"}, {"email", "anna@example.fi"}});
    Error err = refused_without_change(
        *e, {{"cmd", "employee.create"}, {"name", "Toinen"}, {"email", "Anna@Example.fi"}}, "employee.email_taken");
    CHECK(err.field == "email");
    CHECK(err.message.find("Anna") != std::string::npos);
}

TEST_CASE("several employees may have no e-mail") {
    auto e = open_memory();
    run(*e, {{"cmd", "employee.create"}, {"name", "A"}});
    run(*e, {{"cmd", "employee.create"}, {"name", "B"}, {"email", ""}});
    CHECK(e->counts().employees == 2);
}

TEST_CASE("employee.create refuses an unknown team") {
    auto e = open_memory();
    refused_without_change(*e, {{"cmd", "employee.create"}, {"name", "A"}, {"team_id", 3}}, "team.not_found");
}

TEST_CASE("employee.update changes the given fields and may keep its own e-mail") {
    auto e = open_memory();
    int64_t team = run(*e, {{"cmd", "team.create"}, {"name", "Tuki"}})["id"];
    int64_t id = run(*e, {{"cmd", "employee.create"}, {"name", "A"}, {"email", "a@x.fi"}, {"team_id", team}})["id"];
    run(*e, {{"cmd", "employee.create"}, {"name", "B"}, {"email", "b@x.fi"}});
    run(*e, {{"cmd", "employee.update"}, {"id", id}, {"email", "A@x.fi"}, {"archived", true}});
    Employee emp = e->get_employee(EmployeeId(id)).value();
    CHECK(emp.email == "A@x.fi");
    CHECK(emp.archived);
    CHECK(emp.team == TeamId(team));
    run(*e, {{"cmd", "employee.update"}, {"id", id}, {"team_id", nullptr}, {"seller_info", "X"}});
    emp = e->get_employee(EmployeeId(id)).value();
    CHECK_FALSE(emp.team);
    CHECK(emp.seller_info == "X");
    refused_without_change(*e, {{"cmd", "employee.update"}, {"id", id}, {"email", "b@x.fi"}}, "employee.email_taken");
    refused_without_change(*e, {{"cmd", "employee.update"}, {"id", 99}, {"name", "Z"}}, "employee.not_found");
    refused_without_change(*e, {{"cmd", "employee.update"}, {"id", id}, {"archived", "yes"}}, "command.bad_argument");
    refused_without_change(*e, {{"cmd", "employee.update"}, {"id", id}, {"team_id", 12}}, "team.not_found");
}

// [SECTION] team.create and project.create

TEST_CASE("a team name already in use is refused, whatever its case") {
    auto e = open_memory();
    run(*e, {{"cmd", "team.create"}, {"name", "Myynti"}});
    CHECK(refused_without_change(*e, {{"cmd", "team.create"}, {"name", "myynti"}}, "team.name_taken").field == "name");
    refused_without_change(*e, {{"cmd", "team.create"}, {"name", ""}}, "text.empty");
    CHECK(e->list_teams().size() == 1);
}

TEST_CASE("project.create numbers projects 1, 2, ... within each customer") {
    auto e = open_memory();
    int64_t a = run(*e, {{"cmd", "customer.create"}, {"name", "A"}})["id"];
    int64_t b = run(*e, {{"cmd", "customer.create"}, {"name", "B"}})["id"];
    CHECK(run(*e, {{"cmd", "project.create"}, {"customer_id", a}, {"name", "P1"}})["number"] == "1");
    CHECK(run(*e, {{"cmd", "project.create"}, {"customer_id", a}, {"name", "P3"}, {"number", "3"}})["number"] == "3");
    CHECK(run(*e, {{"cmd", "project.create"}, {"customer_id", a}, {"name", "P2"}})["number"] == "2");
    CHECK(run(*e, {{"cmd", "project.create"}, {"customer_id", a}, {"name", "P4"}})["number"] == "4");
    CHECK(run(*e, {{"cmd", "project.create"}, {"customer_id", b}, {"name", "Q"}})["number"] == "1");
    auto projects = e->list_projects(CustomerId(a));
    REQUIRE(projects.size() == 4);
    CHECK(projects[0].number == "1");
    CHECK(projects[3].number == "4");
}

TEST_CASE("a project number is unique within its customer only") {
    auto e = open_memory();
    int64_t a = run(*e, {{"cmd", "customer.create"}, {"name", "A"}})["id"];
    int64_t b = run(*e, {{"cmd", "customer.create"}, {"name", "B"}})["id"];
    run(*e, {{"cmd", "project.create"}, {"customer_id", a}, {"name", "X"}, {"number", "P-7"}});
    run(*e, {{"cmd", "project.create"}, {"customer_id", b}, {"name", "X"}, {"number", "P-7"}});
    CHECK(refused_without_change(*e, {{"cmd", "project.create"}, {"customer_id", a}, {"name", "Y"}, {"number", "P-7"}},
                                 "project.number_taken")
              .field == "number");
}

TEST_CASE("project.create refuses an unknown customer and bad fields") {
    auto e = open_memory();
    int64_t a = run(*e, {{"cmd", "customer.create"}, {"name", "A"}})["id"];
    refused_without_change(*e, {{"cmd", "project.create"}, {"customer_id", 5}, {"name", "X"}}, "customer.not_found");
    refused_without_change(*e, {{"cmd", "project.create"}, {"name", "X"}}, "command.missing_argument");
    refused_without_change(*e, {{"cmd", "project.create"}, {"customer_id", a}, {"name", "X"}, {"number", 3}},
                           "command.bad_argument");
    refused_without_change(*e, {{"cmd", "project.create"}, {"customer_id", a}, {"name", "X"}, {"number", ""}},
                           "text.empty");
    refused_without_change(*e, {{"cmd", "project.create"}, {"customer_id", a}, {"name", "X"}, {"number", std::string(51, '9')}},
                           "text.too_long");
}

TEST_CASE("project.update renames, renumbers and archives a project in one undoable step") {
    auto e = open_memory();
    int64_t a = run(*e, {{"cmd", "customer.create"}, {"name", "A"}})["id"];
    int64_t p = run(*e, {{"cmd", "project.create"}, {"customer_id", a}, {"name", "Tilinpäätös"}})["id"];
    run(*e, {{"cmd", "project.create"}, {"customer_id", a}, {"name", "Other"}, {"number", "P-2"}});
    CHECK(run(*e, {{"cmd", "project.update"}, {"id", p}, {"name", "  Äyräpään tilinpäätös "}, {"number", "P-1"},
                   {"archived", true}})["number"] == "P-1");
    auto projects = e->list_projects(CustomerId(a));
    REQUIRE(projects.size() == 2);
    CHECK(projects[0].name == "Äyräpään tilinpäätös");
    CHECK(projects[0].number == "P-1");
    CHECK(projects[0].archived);
    // Keeping its own number is not a clash; another project's number is.
    run(*e, {{"cmd", "project.update"}, {"id", p}, {"number", "P-1"}});
    CHECK(refused_without_change(*e, {{"cmd", "project.update"}, {"id", p}, {"number", "P-2"}}, "project.number_taken")
              .field == "number");
    refused_without_change(*e, {{"cmd", "project.update"}, {"id", 999}, {"name", "X"}}, "project.not_found");
    refused_without_change(*e, {{"cmd", "project.update"}, {"id", p}, {"name", ""}}, "text.empty");
    refused_without_change(*e, {{"cmd", "project.update"}, {"id", p}, {"customer_id", a}}, "command.bad_argument");
    run(*e, {{"cmd", "undo"}});
    projects = e->list_projects(CustomerId(a));
    CHECK(projects[0].name == "Tilinpäätös");
    CHECK(projects[0].number == "1");
    CHECK_FALSE(projects[0].archived);
}

// [SECTION] responsibility.toggle

TEST_CASE("responsibility.toggle adds a responsibility, a second toggle removes it") {
    auto e = open_memory();
    int64_t c = run(*e, {{"cmd", "customer.create"}, {"name", "A"}})["id"];
    int64_t emp = run(*e, {{"cmd", "employee.create"}, {"name", "E"}})["id"];
    json on = run(*e, {{"cmd", "responsibility.toggle"}, {"employee_id", emp}, {"customer_id", c}});
    CHECK(on["responsible"] == true);
    auto rows = e->list_responsibilities(CustomerId(c));
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].id == ResponsibilityId(on["id"].get<int64_t>()));
    CHECK(rows[0].employee == EmployeeId(emp));
    CHECK_FALSE(rows[0].role);
    CHECK(rows[0].valid_from.empty());
    CHECK(rows[0].valid_to.empty());
    json off = run(*e, {{"cmd", "responsibility.toggle"}, {"employee_id", emp}, {"customer_id", c}});
    CHECK(off["responsible"] == false);
    CHECK(e->list_responsibilities(CustomerId(c)).empty());
}

TEST_CASE("responsibility.toggle works on projects") {
    auto e = open_memory();
    int64_t c = run(*e, {{"cmd", "customer.create"}, {"name", "A"}})["id"];
    int64_t p = run(*e, {{"cmd", "project.create"}, {"customer_id", c}, {"name", "P"}})["id"];
    int64_t emp = run(*e, {{"cmd", "employee.create"}, {"name", "E"}})["id"];
    run(*e, {{"cmd", "responsibility.toggle"}, {"employee_id", emp}, {"project_id", p}});
    auto rows = e->list_responsibilities(CustomerId(c));
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].project == ProjectId(p));
    CHECK_FALSE(rows[0].customer);
}

TEST_CASE("toggling off removes current and future rows but keeps ended history") {
    auto e = open_memory();  // today is 2026-03-02
    int64_t c = run(*e, {{"cmd", "customer.create"}, {"name", "A"}})["id"];
    int64_t emp = run(*e, {{"cmd", "employee.create"}, {"name", "E"}})["id"];
    std::string insert = "INSERT INTO responsibility (customer_id, employee_id, valid_from, valid_to) VALUES (" +
                         std::to_string(c) + ", " + std::to_string(emp) + ", ";
    sql(*e, (insert + "'2020-01-01', '2021-01-01')").c_str());  // ended: history
    sql(*e, (insert + "'2025-01-01', '2026-03-02')").c_str());  // ends today: still active
    sql(*e, (insert + "'2027-01-01', NULL)").c_str());          // future
    json off = run(*e, {{"cmd", "responsibility.toggle"}, {"employee_id", emp}, {"customer_id", c}});
    CHECK(off["responsible"] == false);
    auto rows = e->list_responsibilities(CustomerId(c));
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].valid_to == "2021-01-01");
    // Only history left: the next toggle makes the employee responsible again.
    CHECK(run(*e, {{"cmd", "responsibility.toggle"}, {"employee_id", emp}, {"customer_id", c}})["responsible"] == true);
}

TEST_CASE("responsibility.toggle needs exactly one of customer and project, and known ids") {
    auto e = open_memory();
    int64_t c = run(*e, {{"cmd", "customer.create"}, {"name", "A"}})["id"];
    int64_t p = run(*e, {{"cmd", "project.create"}, {"customer_id", c}, {"name", "P"}})["id"];
    int64_t emp = run(*e, {{"cmd", "employee.create"}, {"name", "E"}})["id"];
    refused_without_change(*e, {{"cmd", "responsibility.toggle"}, {"employee_id", emp}}, "command.bad_argument");
    refused_without_change(
        *e, {{"cmd", "responsibility.toggle"}, {"employee_id", emp}, {"customer_id", c}, {"project_id", p}},
        "command.bad_argument");
    refused_without_change(*e, {{"cmd", "responsibility.toggle"}, {"customer_id", c}}, "command.missing_argument");
    CHECK(refused_without_change(*e, {{"cmd", "responsibility.toggle"}, {"employee_id", 99}, {"customer_id", c}},
                                 "employee.not_found")
              .field == "employee_id");
    refused_without_change(*e, {{"cmd", "responsibility.toggle"}, {"employee_id", emp}, {"customer_id", 99}},
                           "customer.not_found");
    refused_without_change(*e, {{"cmd", "responsibility.toggle"}, {"employee_id", emp}, {"project_id", 99}},
                           "project.not_found");
    refused_without_change(*e, {{"cmd", "responsibility.toggle"}, {"employee_id", emp}, {"customer_id", "1"}},
                           "command.bad_argument");
}

TEST_CASE("error messages follow the language") {
    auto e = open_memory();
    set_language(Lang::Fi);
    Error fi = refused(*e, {{"cmd", "customer.update"}, {"id", 5}});
    set_language(Lang::En);
    Error en = refused(*e, {{"cmd", "customer.update"}, {"id", 5}});
    CHECK(fi.code == en.code);
    CHECK(fi.message != en.message);
    CHECK(fi.message.find("Asiakasta") != std::string::npos);
}
