// Whether roles are on (Engine::roles_enabled): the setting when it was ever set, else whether the
// data already uses roles — so data with roles shows By role without the user first finding a switch.
#include <doctest/doctest.h>

#include <string>

#include "core/engine.h"
#include "engine_harness.h"

using namespace vastuu;
using namespace vastuu_test;
using nlohmann::json;

TEST_CASE("roles are off in a new database and on once a responsibility has a role, until switched off") {
    auto e = open_memory(fixed_clock("2026-06-15", "2026-06-15T10:00:00Z"));
    CHECK_FALSE(e->roles_enabled());
    const int64_t customer = id_of(*e, {{"cmd", "customer.create"}, {"name", "Roolit Oy"}});
    const int64_t employee = id_of(*e, {{"cmd", "employee.create"}, {"name", "Rooli Henkilö"}});
    const int64_t role = id_of(*e, {{"cmd", "role.create"}, {"name", "Kirjanpitäjä"}, {"kind", "customer"}});
    run(*e, {{"cmd", "responsibility.toggle"}, {"employee_id", employee}, {"customer_id", customer}});
    CHECK_FALSE(e->roles_enabled());  // a role exists, but no responsibility uses one
    run(*e, {{"cmd", "responsibility.assign_role"}, {"employee_id", employee}, {"customer_id", customer}, {"role_id", role}});
    CHECK(e->roles_enabled());
    run(*e, {{"cmd", "setting.set"}, {"key", "roles_enabled"}, {"value", "0"}});
    CHECK_FALSE(e->roles_enabled());  // the user's choice wins over the data
    run(*e, {{"cmd", "setting.set"}, {"key", "roles_enabled"}, {"value", "1"}});
    CHECK(e->roles_enabled());
}
