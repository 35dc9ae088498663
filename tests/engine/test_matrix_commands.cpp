// Matrix commands beyond one click: bulk set and clear as one undo step, roles on responsibilities
// ("By role"), intervals, role management and settings, each with its refusals.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/engine.h"
#include "core/sql.h"
#include "engine_harness.h"

using namespace vastuu;
using namespace vastuu_test;
using nlohmann::json;

namespace {

std::unique_ptr<Engine> open_engine() { return open_memory(fixed_clock("2026-06-15", "2026-06-15T10:00:00Z")); }

struct Fixture {
    std::unique_ptr<Engine> e = open_engine();
    std::vector<int64_t> customers, employees;
    Fixture(int n_customers = 30, int n_employees = 5) {
        for (int i = 0; i < n_customers; ++i)
            customers.push_back(id_of(*e, {{"cmd", "customer.create"}, {"name", "Asiakas " + std::to_string(i)}}));
        for (int i = 0; i < n_employees; ++i)
            employees.push_back(id_of(*e, {{"cmd", "employee.create"}, {"name", "Työntekijä " + std::to_string(i)}}));
    }
};

}  // namespace

TEST_CASE("set_many makes every pair responsible in one undo step and one change-log group") {
    Fixture f;
    int64_t groups_before = scalar(*f.e, "SELECT count(DISTINCT group_id) FROM change_log");
    auto r = f.e->execute({{"cmd", "responsibility.set_many"}, {"responsible", true},
                           {"employee_ids", {f.employees[0], f.employees[1]}}, {"customer_ids", f.customers}});
    REQUIRE(r.ok());
    CHECK((*r)["changed"] == 60);
    CHECK(scalar(*f.e, "SELECT count(*) FROM responsibility") == 60);
    CHECK(scalar(*f.e, "SELECT count(DISTINCT group_id) FROM change_log") == groups_before + 1);

    REQUIRE(f.e->execute({{"cmd", "undo"}}).ok());
    CHECK(scalar(*f.e, "SELECT count(*) FROM responsibility") == 0);
    REQUIRE(f.e->execute({{"cmd", "redo"}}).ok());
    CHECK(scalar(*f.e, "SELECT count(*) FROM responsibility") == 60);
}

TEST_CASE("set_many leaves pairs that already are as asked untouched") {
    Fixture f;
    run(*f.e, {{"cmd", "responsibility.toggle"}, {"employee_id", f.employees[0]}, {"customer_id", f.customers[0]}});
    auto r = f.e->execute({{"cmd", "responsibility.set_many"}, {"responsible", true},
                           {"employee_ids", {f.employees[0]}}, {"customer_ids", {f.customers[0], f.customers[1]}}});
    REQUIRE(r.ok());
    CHECK((*r)["changed"] == 1);
    CHECK(scalar(*f.e, "SELECT count(*) FROM responsibility") == 2);
}

TEST_CASE("clearing with set_many removes current rows and keeps ended ones as history") {
    Fixture f;
    REQUIRE(f.e->execute({{"cmd", "responsibility.set_many"}, {"responsible", true},
                          {"employee_ids", {f.employees[0]}}, {"customer_ids", f.customers}}).ok());
    int64_t ended = scalar(*f.e, "SELECT id FROM responsibility LIMIT 1");
    run(*f.e, {{"cmd", "responsibility.update"}, {"id", ended}, {"valid_from", "2025-01-01"}, {"valid_to", "2026-01-31"}});
    auto r = f.e->execute({{"cmd", "responsibility.set_many"}, {"responsible", false},
                           {"employee_ids", {f.employees[0]}}, {"customer_ids", f.customers}});
    REQUIRE(r.ok());
    CHECK((*r)["changed"] == 29);
    CHECK(scalar(*f.e, "SELECT count(*) FROM responsibility") == 1);
    CHECK(scalar(*f.e, "SELECT id FROM responsibility") == ended);
}

TEST_CASE("set_many refuses bad lists and unknown ids, and changes nothing") {
    Fixture f;
    CHECK(refused(*f.e, {{"cmd", "responsibility.set_many"}, {"responsible", true}, {"employee_ids", {f.employees[0]}},
                         {"customer_ids", {f.customers[0], 999999}}}).code == "customer.not_found");
    CHECK(refused(*f.e, {{"cmd", "responsibility.set_many"}, {"responsible", true}, {"employee_ids", "1"},
                         {"customer_ids", {f.customers[0]}}}).code == "command.bad_argument");
    CHECK(refused(*f.e, {{"cmd", "responsibility.set_many"}, {"responsible", true}, {"employee_ids", json::array()},
                         {"customer_ids", {f.customers[0]}}}).code == "command.missing_argument");
    CHECK(refused(*f.e, {{"cmd", "responsibility.set_many"}, {"employee_ids", {f.employees[0]}},
                         {"customer_ids", {f.customers[0]}}}).code == "command.missing_argument");
    CHECK(refused(*f.e, {{"cmd", "responsibility.set_many"}, {"responsible", true}, {"employee_ids", {f.employees[0]}},
                         {"customer_ids", {f.customers[0]}}, {"project_ids", {1}}}).code == "command.bad_argument");
    CHECK(scalar(*f.e, "SELECT count(*) FROM responsibility") == 0);
}

TEST_CASE("assign_role gives a current no-role responsibility the role, or adds a responsible one") {
    Fixture f;
    int64_t vk = id_of(*f.e, {{"cmd", "role.create"}, {"name", "Vastuukirjanpitäjä"}, {"code", "VK"}, {"kind", "customer"}});
    int64_t pl = id_of(*f.e, {{"cmd", "role.create"}, {"name", "Palkanlaskija"}, {"kind", "customer"}});
    {
        Stmt st(f.e->handle(), "SELECT code FROM role WHERE id = ?1");
        st.bind(1, pl);
        REQUIRE(st.row());
        CHECK(st.text(0) == "PA");
    }
    // Not yet responsible: becomes responsible with the role.
    int64_t r1 = id_of(*f.e, {{"cmd", "responsibility.assign_role"}, {"employee_id", f.employees[0]},
                              {"customer_id", f.customers[0]}, {"role_id", vk}});
    CHECK(scalar(*f.e, "SELECT role_id FROM responsibility WHERE id = " + std::to_string(r1)) == vk);
    // The same role again is refused; another role adds a second row.
    CHECK(refused(*f.e, {{"cmd", "responsibility.assign_role"}, {"employee_id", f.employees[0]},
                         {"customer_id", f.customers[0]}, {"role_id", vk}}).code == "responsibility.role_exists");
    run(*f.e, {{"cmd", "responsibility.assign_role"}, {"employee_id", f.employees[0]}, {"customer_id", f.customers[0]},
                 {"role_id", pl}});
    CHECK(scalar(*f.e, "SELECT count(*) FROM responsibility") == 2);
    // A plain responsibility takes the role instead of gaining a second row.
    int64_t plain = id_of(*f.e, {{"cmd", "responsibility.toggle"}, {"employee_id", f.employees[1]}, {"customer_id", f.customers[1]}});
    int64_t same = id_of(*f.e, {{"cmd", "responsibility.assign_role"}, {"employee_id", f.employees[1]},
                                {"customer_id", f.customers[1]}, {"role_id", vk}});
    CHECK(same == plain);
    REQUIRE(f.e->execute({{"cmd", "undo"}}).ok());
    CHECK(scalar(*f.e, "SELECT role_id IS NULL FROM responsibility WHERE id = " + std::to_string(plain)) == 1);
}

TEST_CASE("a project role cannot go on a customer, nor a customer role on a project") {
    Fixture f;
    int64_t project = id_of(*f.e, {{"cmd", "project.create"}, {"customer_id", f.customers[0]}, {"name", "Tilinpäätös 2026"}});
    int64_t pp = id_of(*f.e, {{"cmd", "role.create"}, {"name", "Projektipäällikkö"}, {"code", "PP"}, {"kind", "project"}});
    int64_t vk = id_of(*f.e, {{"cmd", "role.create"}, {"name", "Vastuukirjanpitäjä"}, {"code", "VK"}, {"kind", "customer"}});
    CHECK(refused(*f.e, {{"cmd", "responsibility.assign_role"}, {"employee_id", f.employees[0]},
                         {"customer_id", f.customers[0]}, {"role_id", pp}}).code == "role.wrong_kind");
    CHECK(refused(*f.e, {{"cmd", "responsibility.assign_role"}, {"employee_id", f.employees[0]},
                         {"project_id", project}, {"role_id", vk}}).code == "role.wrong_kind");
    run(*f.e, {{"cmd", "responsibility.assign_role"}, {"employee_id", f.employees[0]}, {"project_id", project}, {"role_id", pp}});
    CHECK(scalar(*f.e, "SELECT count(*) FROM responsibility WHERE project_id IS NOT NULL") == 1);
}

TEST_CASE("an interval must be real dates and must not end before it starts") {
    Fixture f;
    int64_t id = id_of(*f.e, {{"cmd", "responsibility.toggle"}, {"employee_id", f.employees[0]}, {"customer_id", f.customers[0]}});
    CHECK(refused(*f.e, {{"cmd", "responsibility.update"}, {"id", id}, {"valid_from", "2026-02-30"}}).code == "responsibility.bad_date");
    CHECK(refused(*f.e, {{"cmd", "responsibility.update"}, {"id", id}, {"valid_from", "1.6.2026"}}).code == "responsibility.bad_date");
    CHECK(refused(*f.e, {{"cmd", "responsibility.update"}, {"id", id}, {"valid_from", "2026-06-01"}, {"valid_to", "2026-05-31"}}).code ==
          "responsibility.bad_interval");
    run(*f.e, {{"cmd", "responsibility.update"}, {"id", id}, {"valid_from", "2024-02-29"}, {"valid_to", "2026-12-31"}});
    CHECK(refused(*f.e, {{"cmd", "responsibility.update"}, {"id", id}, {"valid_to", "2024-01-01"}}).code == "responsibility.bad_interval");
    run(*f.e, {{"cmd", "responsibility.update"}, {"id", id}, {"valid_to", nullptr}});
    CHECK(scalar(*f.e, "SELECT valid_to IS NULL FROM responsibility WHERE id = " + std::to_string(id)) == 1);
    CHECK(refused(*f.e, {{"cmd", "responsibility.update"}, {"id", 424242}}).code == "responsibility.not_found");
}

TEST_CASE("deleting a role keeps its responsibilities without a role, and undo brings the role back") {
    Fixture f;
    int64_t vk = id_of(*f.e, {{"cmd", "role.create"}, {"name", "Vastuukirjanpitäjä"}, {"code", "VK"}, {"kind", "customer"}});
    int64_t r = id_of(*f.e, {{"cmd", "responsibility.assign_role"}, {"employee_id", f.employees[0]},
                             {"customer_id", f.customers[0]}, {"role_id", vk}});
    auto deleted = f.e->execute({{"cmd", "role.delete"}, {"id", vk}});
    REQUIRE(deleted.ok());
    CHECK((*deleted)["responsibilities_without_role"] == 1);
    CHECK(scalar(*f.e, "SELECT role_id IS NULL FROM responsibility WHERE id = " + std::to_string(r)) == 1);
    REQUIRE(f.e->execute({{"cmd", "undo"}}).ok());
    CHECK(scalar(*f.e, "SELECT role_id FROM responsibility WHERE id = " + std::to_string(r)) == vk);
}

TEST_CASE("role names are unique within their kind, and renaming keeps the kind") {
    Fixture f;
    int64_t a = id_of(*f.e, {{"cmd", "role.create"}, {"name", "Konsultti"}, {"kind", "project"}});
    run(*f.e, {{"cmd", "role.create"}, {"name", "Konsultti"}, {"kind", "customer"}});
    CHECK(refused(*f.e, {{"cmd", "role.create"}, {"name", "KONSULTTI"}, {"kind", "project"}}).code == "role.name_taken");
    CHECK(refused(*f.e, {{"cmd", "role.create"}, {"name", "X"}, {"kind", "team"}}).code == "command.bad_argument");
    CHECK(refused(*f.e, {{"cmd", "role.create"}, {"name", "Liian pitkä koodi"}, {"code", "ABCDEFGHIJ"}, {"kind", "project"}}).code ==
          "text.too_long");
    run(*f.e, {{"cmd", "role.update"}, {"id", a}, {"name", "Pääkonsultti"}, {"code", "PK"}});
    auto roles = f.e->list_roles();
    bool found = false;
    for (const Role& r : roles) found = found || (r.id.value == a && r.name == "Pääkonsultti" && r.kind == RoleKind::Project);
    CHECK(found);
}

TEST_CASE("roles are switched on by a setting, which undo switches back") {
    Fixture f;
    CHECK(f.e->setting("roles_enabled", "0") == "0");
    run(*f.e, {{"cmd", "setting.set"}, {"key", "roles_enabled"}, {"value", "1"}});
    CHECK(f.e->setting("roles_enabled", "0") == "1");
    CHECK(refused(*f.e, {{"cmd", "setting.set"}, {"key", "roles_enabled"}, {"value", "yes"}}).code == "setting.bad_value");
    CHECK(refused(*f.e, {{"cmd", "setting.set"}, {"key", "colour"}, {"value", "1"}}).code == "setting.unknown");
    REQUIRE(f.e->execute({{"cmd", "undo"}}).ok());
    CHECK(f.e->setting("roles_enabled", "0") == "0");
}
