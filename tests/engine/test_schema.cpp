// The rules the database enforces by itself, whatever code writes to it: these hold even for raw SQL
// that bypasses the commands (importers, the demo generator, a bug).
#include <doctest/doctest.h>

#include <string>

#include "core/engine.h"
#include "engine_harness.h"

using namespace vastuu;
using namespace vastuu_test;

namespace {

// An engine with one row in each table the constraints below are tried against.
std::unique_ptr<Engine> seeded() {
    auto e = open_memory();
    sql(*e,
        "INSERT INTO customer_group (id, name) VALUES (1, 'G');"
        "INSERT INTO customer (id, number, name, group_id) VALUES (1, 100, 'A', 1);"
        "INSERT INTO project (id, customer_id, number, name) VALUES (1, 1, '1', 'P');"
        "INSERT INTO employee (id, name, email) VALUES (1, 'E', 'e@x.fi');"
        "INSERT INTO role (id, name, code, kind) VALUES (1, 'Account manager', 'AM', 'customer');");
    return e;
}

// The SQLite result code of running `sql` (SQLITE_OK when it was accepted).
int try_sql(Engine& e, const std::string& sql) {
    return sqlite3_exec(e.handle(), sql.c_str(), nullptr, nullptr, nullptr);
}

}  // namespace

TEST_CASE("the database refuses a duplicate customer number") {
    auto e = seeded();
    CHECK(try_sql(*e, "INSERT INTO customer (number, name) VALUES (100, 'B')") == SQLITE_CONSTRAINT);
    CHECK(scalar(*e, "SELECT count(*) FROM customer") == 1);
}

TEST_CASE("the database refuses a customer number below 1 and an empty or too long name") {
    auto e = seeded();
    CHECK(try_sql(*e, "INSERT INTO customer (number, name) VALUES (0, 'B')") == SQLITE_CONSTRAINT);
    CHECK(try_sql(*e, "INSERT INTO customer (number, name) VALUES (5, '')") == SQLITE_CONSTRAINT);
    CHECK(try_sql(*e, "INSERT INTO customer (number, name) VALUES (5, '" + std::string(201, 'a') + "')") ==
          SQLITE_CONSTRAINT);
}

TEST_CASE("the database refuses a responsibility on both a customer and a project, or on neither") {
    auto e = seeded();
    CHECK(try_sql(*e, "INSERT INTO responsibility (customer_id, project_id, employee_id) VALUES (1, 1, 1)") ==
          SQLITE_CONSTRAINT);
    CHECK(try_sql(*e, "INSERT INTO responsibility (employee_id) VALUES (1)") == SQLITE_CONSTRAINT);
    CHECK(try_sql(*e, "INSERT INTO responsibility (customer_id, employee_id) VALUES (1, 1)") == SQLITE_OK);
    CHECK(try_sql(*e, "INSERT INTO responsibility (project_id, employee_id) VALUES (1, 1)") == SQLITE_OK);
}

TEST_CASE("the database refuses an interval that ends before it starts, and malformed dates") {
    auto e = seeded();
    CHECK(try_sql(*e,
                  "INSERT INTO responsibility (customer_id, employee_id, valid_from, valid_to)"
                  " VALUES (1, 1, '2026-05-01', '2026-04-30')") == SQLITE_CONSTRAINT);
    CHECK(try_sql(*e,
                  "INSERT INTO responsibility (customer_id, employee_id, valid_from, valid_to)"
                  " VALUES (1, 1, '2026-05-01', '2026-05-01')") == SQLITE_OK);
    CHECK(try_sql(*e, "INSERT INTO responsibility (customer_id, employee_id, valid_from) VALUES (1, 1, '1.5.2026')") ==
          SQLITE_CONSTRAINT);
}

TEST_CASE("foreign keys are enforced") {
    auto e = seeded();
    CHECK(try_sql(*e, "INSERT INTO customer (number, name, group_id) VALUES (5, 'B', 99)") == SQLITE_CONSTRAINT);
    CHECK(try_sql(*e, "INSERT INTO responsibility (customer_id, employee_id) VALUES (1, 99)") == SQLITE_CONSTRAINT);
    CHECK(try_sql(*e, "INSERT INTO project (customer_id, number, name) VALUES (42, '1', 'P')") == SQLITE_CONSTRAINT);
}

TEST_CASE("deleting a customer group moves its customers to no group") {
    auto e = seeded();
    CHECK(try_sql(*e, "DELETE FROM customer_group WHERE id = 1") == SQLITE_OK);
    CHECK(scalar(*e, "SELECT count(*) FROM customer WHERE group_id IS NULL") == 1);
}

TEST_CASE("deleting a customer removes its projects and responsibilities") {
    auto e = seeded();
    REQUIRE(try_sql(*e, "INSERT INTO responsibility (project_id, employee_id) VALUES (1, 1)") == SQLITE_OK);
    REQUIRE(try_sql(*e, "INSERT INTO responsibility (customer_id, employee_id) VALUES (1, 1)") == SQLITE_OK);
    CHECK(try_sql(*e, "DELETE FROM customer WHERE id = 1") == SQLITE_OK);
    CHECK(scalar(*e, "SELECT count(*) FROM project") == 0);
    CHECK(scalar(*e, "SELECT count(*) FROM responsibility") == 0);
}

TEST_CASE("the database refuses a duplicate project number within one customer") {
    auto e = seeded();
    CHECK(try_sql(*e, "INSERT INTO project (customer_id, number, name) VALUES (1, '1', 'Q')") == SQLITE_CONSTRAINT);
}

TEST_CASE("the database refuses a duplicate non-empty e-mail but allows many empty ones") {
    auto e = seeded();
    CHECK(try_sql(*e, "INSERT INTO employee (name, email) VALUES ('F', 'e@x.fi')") == SQLITE_CONSTRAINT);
    CHECK(try_sql(*e, "INSERT INTO employee (name) VALUES ('G')") == SQLITE_OK);
    CHECK(try_sql(*e, "INSERT INTO employee (name) VALUES ('H')") == SQLITE_OK);
}

TEST_CASE("the database refuses an unknown role kind and a link to a group twice") {
    auto e = seeded();
    CHECK(try_sql(*e, "INSERT INTO role (name, kind) VALUES ('X', 'team')") == SQLITE_CONSTRAINT);
    CHECK(try_sql(*e, "INSERT INTO customer_group_salesperson VALUES (1, 1)") == SQLITE_OK);
    CHECK(try_sql(*e, "INSERT INTO customer_group_salesperson VALUES (1, 1)") == SQLITE_CONSTRAINT);
}
