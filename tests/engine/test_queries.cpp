// The queries the views read: filtering and Finnish sorting of customers, the other lists, single
// look-ups, counts, free numbers, and the whole-database and xlsx files.
#include <doctest/doctest.h>

#include <string>

#include "core/engine.h"
#include "core/i18n.h"
#include "engine_harness.h"

using namespace vastuu;
using namespace vastuu_test;
using nlohmann::json;

namespace {

std::vector<std::string> names(const std::vector<Customer>& customers) {
    std::vector<std::string> out;
    for (const Customer& c : customers) out.push_back(c.name);
    return out;
}

// Customers in two groups and none, one archived.
std::unique_ptr<Engine> customers_world() {
    auto e = open_memory();
    sql(*e,
        "INSERT INTO customer_group (id, name, number_start) VALUES (1, 'Pohjoinen', 1000), (2, 'Etelä', 2000);"
        "INSERT INTO customer (number, name, group_id, archived) VALUES"
        " (1000, 'Öljy-Yhtiö', 1, 0), (1001, 'Äijälä Oy', 1, 0), (2000, 'Zeta Ab', 2, 0),"
        " (2001, 'alfa ky', 2, 0), (15, 'Åbo Import', NULL, 0), (16, 'Arkisto Oy', NULL, 1),"
        " (17, 'Beta 50% Oy', NULL, 0)");
    return e;
}

}  // namespace

TEST_CASE("customers sort by name in Finnish order, case-insensitively, without archived ones") {
    auto e = customers_world();
    CHECK(names(e->list_customers({})) ==
          std::vector<std::string>{"alfa ky", "Beta 50% Oy", "Zeta Ab", "Åbo Import", "Äijälä Oy", "Öljy-Yhtiö"});
}

TEST_CASE("include_archived lists archived customers too") {
    auto e = customers_world();
    CustomerFilter f;
    f.include_archived = true;
    auto list = e->list_customers(f);
    CHECK(list.size() == 7);
    CHECK(list[1].name == "Arkisto Oy");
    CHECK(list[1].archived);
}

TEST_CASE("customer search ignores case and accents and matches number prefixes") {
    auto e = customers_world();
    CustomerFilter f;
    f.search = "aijala";
    CHECK(names(e->list_customers(f)) == std::vector<std::string>{"Äijälä Oy"});
    f.search = "ÖLJY";
    CHECK(names(e->list_customers(f)) == std::vector<std::string>{"Öljy-Yhtiö"});
    f.search = "200";
    CHECK(names(e->list_customers(f)) == std::vector<std::string>{"alfa ky", "Zeta Ab"});
    f.search = "  oy ";
    CHECK(names(e->list_customers(f)) == std::vector<std::string>{"Beta 50% Oy", "Äijälä Oy"});
}

TEST_CASE("customer search treats % and _ as plain characters") {
    auto e = customers_world();
    CustomerFilter f;
    f.search = "50%";
    CHECK(names(e->list_customers(f)) == std::vector<std::string>{"Beta 50% Oy"});
    f.search = "%";
    CHECK(e->list_customers(f).size() == 1);
    f.search = "_";
    CHECK(e->list_customers(f).empty());
}

TEST_CASE("customers filter by group, by no group, and by limit") {
    auto e = customers_world();
    CustomerFilter f;
    f.group = CustomerGroupId(1);
    CHECK(names(e->list_customers(f)) == std::vector<std::string>{"Äijälä Oy", "Öljy-Yhtiö"});
    f = {};
    f.only_no_group = true;
    CHECK(names(e->list_customers(f)) == std::vector<std::string>{"Beta 50% Oy", "Åbo Import"});
    f = {};
    f.limit = 2;
    CHECK(names(e->list_customers(f)) == std::vector<std::string>{"alfa ky", "Beta 50% Oy"});
    f.search = "oy";
    f.group = CustomerGroupId(1);
    CHECK(names(e->list_customers(f)) == std::vector<std::string>{"Äijälä Oy"});
}

TEST_CASE("customers with the same name sort by number") {
    auto e = open_memory();
    run(*e, {{"cmd", "customer.create"}, {"name", "Sama"}, {"number", 9}});
    run(*e, {{"cmd", "customer.create"}, {"name", "sama"}, {"number", 3}});
    auto list = e->list_customers({});
    REQUIRE(list.size() == 2);
    CHECK(list[0].number == 3);
}

TEST_CASE("employees sort in Finnish order; archived ones only on request") {
    auto e = open_memory();
    sql(*e,
        "INSERT INTO team (id, name) VALUES (1, 'T');"
        "INSERT INTO employee (name, email, seller_info, team_id, archived) VALUES"
        " ('Östman Olli', 'o@x.fi', 'S1', 1, 0), ('Aalto Anna', '', '', NULL, 0), ('Zyskowicz Z', '', '', NULL, 1)");
    auto active = e->list_employees(false);
    REQUIRE(active.size() == 2);
    CHECK(active[0].name == "Aalto Anna");
    CHECK(active[1].name == "Östman Olli");
    CHECK(active[1].email == "o@x.fi");
    CHECK(active[1].seller_info == "S1");
    CHECK(active[1].team == TeamId(1));
    CHECK_FALSE(active[0].team);
    auto all = e->list_employees(true);
    REQUIRE(all.size() == 3);
    CHECK(all[1].name == "Zyskowicz Z");
    CHECK(all[1].archived);
}

TEST_CASE("teams, roles, customer groups and special groups are listed with all their fields") {
    auto e = open_memory();
    sql(*e,
        "INSERT INTO team (name) VALUES ('Tuki'), ('Asiakaspalvelu');"
        "INSERT INTO role (name, code, kind) VALUES ('Projektipäällikkö', 'PP', 'project'),"
        " ('Vastuumyyjä', 'VM', 'customer'), ('Asiakkuusvastaava', 'AV', 'customer');"
        "INSERT INTO customer_group (name, number_start, ledger_account, cost_centre) VALUES"
        " ('Pohjoinen', 1000, '3000', 'KP1'), ('Etelä', 2000, '', '');"
        "INSERT INTO special_group (name, legend) VALUES ('VIP', 'Tärkeät'), ('Avainasiakkaat', '')");
    auto teams = e->list_teams();
    REQUIRE(teams.size() == 2);
    CHECK(teams[0].name == "Asiakaspalvelu");

    auto roles = e->list_roles();
    REQUIRE(roles.size() == 3);
    CHECK(roles[0].name == "Asiakkuusvastaava");
    CHECK(roles[0].code == "AV");
    CHECK(roles[0].kind == RoleKind::Customer);
    CHECK(roles[2].kind == RoleKind::Project);

    auto groups = e->list_customer_groups();
    REQUIRE(groups.size() == 2);
    CHECK(groups[0].name == "Etelä");
    CHECK(groups[1].number_start == 1000);
    CHECK(groups[1].ledger_account == "3000");
    CHECK(groups[1].cost_centre == "KP1");

    auto special = e->list_special_groups();
    REQUIRE(special.size() == 2);
    CHECK(special[0].name == "Avainasiakkaat");
    CHECK(special[1].legend == "Tärkeät");
}

TEST_CASE("projects list in number order, numeric numbers numerically") {
    auto e = open_memory();
    int64_t c = run(*e, {{"cmd", "customer.create"}, {"name", "A"}})["id"];
    for (const char* n : {"10", "2", "B-1", "1"})
        run(*e, {{"cmd", "project.create"}, {"customer_id", c}, {"name", "P"}, {"number", n}});
    auto projects = e->list_projects(CustomerId(c));
    REQUIRE(projects.size() == 4);
    CHECK(projects[0].number == "1");
    CHECK(projects[1].number == "2");
    CHECK(projects[2].number == "10");
    CHECK(projects[3].number == "B-1");
    CHECK(projects[0].customer == CustomerId(c));
    CHECK(e->list_projects(CustomerId(999)).empty());
}

TEST_CASE("a customer's responsibilities include those on its projects, and no one else's") {
    auto e = open_memory();
    int64_t a = run(*e, {{"cmd", "customer.create"}, {"name", "A"}})["id"];
    int64_t b = run(*e, {{"cmd", "customer.create"}, {"name", "B"}})["id"];
    int64_t pa = run(*e, {{"cmd", "project.create"}, {"customer_id", a}, {"name", "P"}})["id"];
    int64_t pb = run(*e, {{"cmd", "project.create"}, {"customer_id", b}, {"name", "P"}})["id"];
    int64_t emp = run(*e, {{"cmd", "employee.create"}, {"name", "E"}})["id"];
    run(*e, {{"cmd", "responsibility.toggle"}, {"employee_id", emp}, {"project_id", pa}});
    run(*e, {{"cmd", "responsibility.toggle"}, {"employee_id", emp}, {"customer_id", a}});
    run(*e, {{"cmd", "responsibility.toggle"}, {"employee_id", emp}, {"customer_id", b}});
    run(*e, {{"cmd", "responsibility.toggle"}, {"employee_id", emp}, {"project_id", pb}});
    sql(*e, "INSERT INTO role (id, name, kind) VALUES (4, 'R', 'customer');"
            "UPDATE responsibility SET role_id = 4, valid_from = '2026-01-01', valid_to = '2026-12-31' WHERE customer_id = 1");
    auto rows = e->list_responsibilities(CustomerId(a));
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].customer == CustomerId(a));  // the customer's own first
    CHECK(rows[0].role == RoleId(4));
    CHECK(rows[0].valid_from == "2026-01-01");
    CHECK(rows[0].valid_to == "2026-12-31");
    CHECK(rows[1].project == ProjectId(pa));
    CHECK_FALSE(rows[1].customer);
}

TEST_CASE("get_customer and get_employee refuse unknown ids") {
    auto e = open_memory();
    auto c = e->get_customer(CustomerId(5));
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().code == "customer.not_found");
    auto emp = e->get_employee(EmployeeId(5));
    REQUIRE_FALSE(emp.ok());
    CHECK(emp.error().code == "employee.not_found");
}

TEST_CASE("counts count every entity") {
    auto e = customers_world();
    sql(*e,
        "INSERT INTO team (name) VALUES ('T'); INSERT INTO role (name, kind) VALUES ('R', 'customer');"
        "INSERT INTO special_group (name) VALUES ('S'); INSERT INTO employee (name) VALUES ('E');"
        "INSERT INTO project (customer_id, number, name) VALUES (1, '1', 'P');"
        "INSERT INTO responsibility (customer_id, employee_id) VALUES (1, 1)");
    Counts c = e->counts();
    CHECK(c.customers == 7);
    CHECK(c.projects == 1);
    CHECK(c.employees == 1);
    CHECK(c.responsibilities == 1);
    CHECK(c.customer_groups == 2);
    CHECK(c.special_groups == 1);
    CHECK(c.teams == 1);
    CHECK(c.roles == 1);
}

TEST_CASE("the next free customer number is the first gap at or above the start of the group's series") {
    auto e = customers_world();
    // No group: the series of the customers without a group, 15..17.
    CHECK(e->next_free_customer_number(CustomerGroupId()) == 18);
    CHECK(e->next_free_customer_number(CustomerGroupId(1)) == 1002);
    CHECK(e->next_free_customer_number(CustomerGroupId(2)) == 2002);
    // Now the series starts at 1: its first gap.
    sql(*e, "INSERT INTO customer (number, name) VALUES (1, 'x'), (2, 'y'), (4, 'z')");
    CHECK(e->next_free_customer_number(CustomerGroupId()) == 3);
}

TEST_CASE("database_bytes is a complete SQLite file") {
    auto e = customers_world();
    auto bytes = e->database_bytes();
    REQUIRE(bytes.ok());
    REQUIRE(bytes->size() > 100);
    CHECK(std::string(bytes->begin(), bytes->begin() + 15) == "SQLite format 3");
    // Loading the bytes gives back the same customers.
    sqlite3* copy = nullptr;
    REQUIRE(sqlite3_open(":memory:", &copy) == SQLITE_OK);
    auto* buffer = static_cast<unsigned char*>(sqlite3_malloc64(bytes->size()));
    std::copy(bytes->begin(), bytes->end(), buffer);
    REQUIRE(sqlite3_deserialize(copy, "main", buffer, bytes->size(), bytes->size(),
                                SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(copy, "SELECT count(*) FROM customer", -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    CHECK(sqlite3_column_int(st, 0) == 7);
    sqlite3_finalize(st);
    sqlite3_close(copy);
}

TEST_CASE("the customers export is an xlsx workbook") {
    auto e = customers_world();
    auto bytes = e->export_customers_xlsx({});
    REQUIRE(bytes.ok());
    REQUIRE(bytes->size() > 4);
    CHECK((*bytes)[0] == 'P');
    CHECK((*bytes)[1] == 'K');
}

TEST_CASE("every engine text has English and Finnish") {
    CHECK(tr_missing_translations().empty());
    for (const char* key : {"customers.no_group", "xlsx.customers.number", "xlsx.customers.name",
                            "xlsx.customers.group", "error.customer.number_taken", "error.undo.nothing"})
        CHECK(tr_has(key));
    set_language(Lang::Fi);
    CHECK(std::string(tr("customers.no_group")) == "Ei ryhmää");
    set_language(Lang::En);
    CHECK(std::string(tr("customers.no_group")) == "No group");
}
