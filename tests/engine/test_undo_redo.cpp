// Undo and redo: every command's undo restores exactly the state before it, redo restores the state
// after it, and the machinery works for any table (composite keys, cascades) without per-command code.
#include <doctest/doctest.h>

#include <string>

#include "commands/command_context.h"
#include "core/engine.h"
#include "engine_harness.h"

using namespace vastuu;
using namespace vastuu_test;
using nlohmann::json;

namespace {

// Every row of every table but the change log, which undo appends to.
std::string data_state(Engine& e) { return snapshot(e, {"change_log"}); }

// Runs `cmd`, then checks: undo gives back the state before, redo the state after, and once more.
void check_undo_redo(Engine& e, const json& cmd) {
    const std::string before = data_state(e);
    run(e, cmd);
    const std::string after = data_state(e);
    REQUIRE(before != after);
    const std::string name = cmd["cmd"];
    CHECK(e.undo_label() == name);

    json undone = run(e, {{"cmd", "undo"}});
    CHECK(undone["undone"] == name);
    CHECK(data_state(e) == before);
    CHECK(e.redo_label() == name);

    json redone = run(e, {{"cmd", "redo"}});
    CHECK(redone["redone"] == name);
    CHECK(data_state(e) == after);

    run(e, {{"cmd", "undo"}});
    CHECK(data_state(e) == before);
    run(e, {{"cmd", "redo"}});
    CHECK(data_state(e) == after);
}

// A fixture with one of everything, so that each command has something to act on.
struct World {
    std::unique_ptr<Engine> e = open_memory();
    int64_t group = 0, team = 0, customer = 0, project = 0, employee = 0;

    World() {
        sql(*e, "INSERT INTO customer_group (id, name, number_start) VALUES (1, 'Helsinki', 100)");
        group = 1;
        team = run(*e, {{"cmd", "team.create"}, {"name", "Myynti"}})["id"];
        customer = run(*e, {{"cmd", "customer.create"}, {"name", "Äijälä Oy"}, {"group_id", group}})["id"];
        project = run(*e, {{"cmd", "project.create"}, {"customer_id", customer}, {"name", "Remontti"}})["id"];
        employee = run(*e, {{"cmd", "employee.create"}, {"name", "Päivi"}, {"email", "p@x.fi"}})["id"];
    }
};

}  // namespace

TEST_CASE("undo and redo of customer.create restore the states before and after") {
    World w;
    check_undo_redo(*w.e, {{"cmd", "customer.create"}, {"name", "Uusi"}, {"group_id", w.group}});
}

TEST_CASE("undo and redo of customer.update restore the states before and after") {
    World w;
    check_undo_redo(*w.e, {{"cmd", "customer.update"}, {"id", w.customer}, {"name", "Muutettu"}, {"number", 7},
                           {"group_id", nullptr}});
}

TEST_CASE("undo and redo of customer.archive restore the states before and after") {
    World w;
    check_undo_redo(*w.e, {{"cmd", "customer.archive"}, {"id", w.customer}});
}

TEST_CASE("undo and redo of employee.create and employee.update restore the states before and after") {
    World w;
    check_undo_redo(*w.e, {{"cmd", "employee.create"}, {"name", "Uusi"}, {"team_id", w.team}, {"seller_info", "S"}});
    check_undo_redo(*w.e, {{"cmd", "employee.update"}, {"id", w.employee}, {"email", nullptr}, {"team_id", w.team},
                           {"archived", true}});
}

TEST_CASE("undo and redo of project.create and team.create restore the states before and after") {
    World w;
    check_undo_redo(*w.e, {{"cmd", "project.create"}, {"customer_id", w.customer}, {"name", "Toinen"}});
    check_undo_redo(*w.e, {{"cmd", "team.create"}, {"name", "Tuki"}});
}

TEST_CASE("undo and redo of responsibility.toggle on and off restore the states before and after") {
    World w;
    check_undo_redo(*w.e, {{"cmd", "responsibility.toggle"}, {"employee_id", w.employee}, {"customer_id", w.customer}});
    check_undo_redo(*w.e, {{"cmd", "responsibility.toggle"}, {"employee_id", w.employee}, {"customer_id", w.customer}});
    check_undo_redo(*w.e, {{"cmd", "responsibility.toggle"}, {"employee_id", w.employee}, {"project_id", w.project}});
}

TEST_CASE("undo of a toggle that removed several rows brings all of them back") {
    World w;
    std::string insert = "INSERT INTO responsibility (customer_id, employee_id, valid_from, valid_to) VALUES (" +
                         std::to_string(w.customer) + ", " + std::to_string(w.employee) + ", ";
    sql(*w.e, insert + "'2025-01-01', NULL)");
    sql(*w.e, insert + "'2027-01-01', '2027-12-31')");
    check_undo_redo(*w.e, {{"cmd", "responsibility.toggle"}, {"employee_id", w.employee}, {"customer_id", w.customer}});
}

TEST_CASE("several steps undo in reverse order and redo in order") {
    auto e = open_memory();
    const std::string s0 = data_state(*e);
    run(*e, {{"cmd", "customer.create"}, {"name", "A"}});
    const std::string s1 = data_state(*e);
    run(*e, {{"cmd", "customer.create"}, {"name", "B"}});
    const std::string s2 = data_state(*e);
    run(*e, {{"cmd", "customer.update"}, {"id", 1}, {"name", "A2"}});
    const std::string s3 = data_state(*e);

    run(*e, {{"cmd", "undo"}});
    CHECK(data_state(*e) == s2);
    run(*e, {{"cmd", "undo"}});
    CHECK(data_state(*e) == s1);
    run(*e, {{"cmd", "undo"}});
    CHECK(data_state(*e) == s0);
    CHECK_FALSE(e->can_undo());
    CHECK(e->execute({{"cmd", "undo"}}).error().code == "undo.nothing");

    run(*e, {{"cmd", "redo"}});
    CHECK(data_state(*e) == s1);
    run(*e, {{"cmd", "redo"}});
    run(*e, {{"cmd", "redo"}});
    CHECK(data_state(*e) == s3);
    CHECK_FALSE(e->can_redo());
    CHECK(e->execute({{"cmd", "redo"}}).error().code == "redo.nothing");
}

TEST_CASE("an empty history answers undo.nothing and redo.nothing") {
    auto e = open_memory();
    CHECK_FALSE(e->can_undo());
    CHECK_FALSE(e->can_redo());
    CHECK(e->undo_label().empty());
    CHECK(e->redo_label().empty());
    auto u = e->execute({{"cmd", "undo"}});
    REQUIRE_FALSE(u.ok());
    CHECK(u.error().code == "undo.nothing");
    CHECK_FALSE(u.error().message.empty());
    CHECK(e->execute({{"cmd", "redo"}}).error().code == "redo.nothing");
    CHECK(e->revision() == 0);
}

TEST_CASE("a new command clears the redo history") {
    auto e = open_memory();
    run(*e, {{"cmd", "customer.create"}, {"name", "A"}});
    run(*e, {{"cmd", "undo"}});
    CHECK(e->can_redo());
    run(*e, {{"cmd", "customer.create"}, {"name", "B"}});
    CHECK_FALSE(e->can_redo());
    CHECK(e->execute({{"cmd", "redo"}}).error().code == "redo.nothing");
}

TEST_CASE("a refused command keeps the redo history") {
    auto e = open_memory();
    run(*e, {{"cmd", "customer.create"}, {"name", "A"}});
    run(*e, {{"cmd", "undo"}});
    CHECK_FALSE(e->execute({{"cmd", "customer.create"}, {"name", ""}}).ok());
    CHECK(e->can_redo());
}

TEST_CASE("every committed change bumps the revision, including undo and redo") {
    auto e = open_memory();
    CHECK(e->revision() == 0);
    run(*e, {{"cmd", "customer.create"}, {"name", "A"}});
    CHECK(e->revision() == 1);
    run(*e, {{"cmd", "undo"}});
    CHECK(e->revision() == 2);
    run(*e, {{"cmd", "redo"}});
    CHECK(e->revision() == 3);
    CHECK_FALSE(e->execute({{"cmd", "customer.create"}, {"name", 1}}).ok());
    CHECK(e->revision() == 3);
}

TEST_CASE("undo and redo take no arguments") {
    auto e = open_memory();
    run(*e, {{"cmd", "customer.create"}, {"name", "A"}});
    CHECK(e->execute({{"cmd", "undo"}, {"steps", 2}}).error().code == "command.bad_argument");
    CHECK(e->can_undo());
}

TEST_CASE("undo restores a customer number that a later command could otherwise reuse") {
    auto e = open_memory();
    run(*e, {{"cmd", "customer.create"}, {"name", "A"}, {"number", 5}});
    run(*e, {{"cmd", "customer.update"}, {"id", 1}, {"number", 6}});
    run(*e, {{"cmd", "customer.create"}, {"name", "B"}, {"number", 5}});
    run(*e, {{"cmd", "undo"}});  // B goes, freeing 5
    run(*e, {{"cmd", "undo"}});  // A back to 5
    CHECK(e->get_customer(CustomerId(1))->number == 5);
}

// [SECTION] The generic machinery, through CommandContext as later commands will use it

namespace {

Result<json> add_salesperson(CommandContext& c) {
    sqlite3_exec(c.db, "INSERT INTO customer_group_salesperson (group_id, employee_id) VALUES (1, 1)", nullptr,
                 nullptr, nullptr);
    return json{{"ok", true}};
}

Result<json> delete_customer_raw(CommandContext& c) {
    // Cascades to the customer's projects, their responsibilities and special-group memberships.
    if (sqlite3_exec(c.db, "DELETE FROM customer WHERE id = 1", nullptr, nullptr, nullptr) != SQLITE_OK)
        return Error{"test.failed", sqlite3_errmsg(c.db), ""};
    return json{{"ok", true}};
}

Result<json> delete_group_raw(CommandContext& c) {
    // ON DELETE SET NULL on customer.group_id and CASCADE on the salesperson links.
    if (sqlite3_exec(c.db, "DELETE FROM customer_group WHERE id = 1", nullptr, nullptr, nullptr) != SQLITE_OK)
        return Error{"test.failed", sqlite3_errmsg(c.db), ""};
    return json{{"ok", true}};
}

Result<json> fail_halfway(CommandContext& c) {
    sqlite3_exec(c.db, "INSERT INTO team (name) VALUES ('Half')", nullptr, nullptr, nullptr);
    return Error{"test.refused", "refused after writing", ""};
}

}  // namespace

TEST_CASE("a change to a WITHOUT ROWID link table is undone and redone by its composite key") {
    World w;
    const std::string before = data_state(*w.e);
    REQUIRE(CommandContext::run(*w.e, "group.add_salesperson", add_salesperson, json::object()).ok());
    const std::string after = data_state(*w.e);
    CHECK(before != after);
    run(*w.e, {{"cmd", "undo"}});
    CHECK(data_state(*w.e) == before);
    run(*w.e, {{"cmd", "redo"}});
    CHECK(data_state(*w.e) == after);
}

TEST_CASE("rows removed by a foreign-key cascade come back on undo") {
    World w;
    sql(*w.e, "INSERT INTO special_group (id, name) VALUES (1, 'VIP')");
    sql(*w.e, "INSERT INTO special_group_member (special_group_id, customer_id) VALUES (1, 1)");
    run(*w.e, {{"cmd", "responsibility.toggle"}, {"employee_id", w.employee}, {"customer_id", w.customer}});
    run(*w.e, {{"cmd", "responsibility.toggle"}, {"employee_id", w.employee}, {"project_id", w.project}});
    const std::string before = data_state(*w.e);
    REQUIRE(CommandContext::run(*w.e, "customer.delete", delete_customer_raw, json::object()).ok());
    CHECK(w.e->counts().responsibilities == 0);
    CHECK(w.e->counts().projects == 0);
    const std::string after = data_state(*w.e);
    run(*w.e, {{"cmd", "undo"}});
    CHECK(data_state(*w.e) == before);
    run(*w.e, {{"cmd", "redo"}});
    CHECK(data_state(*w.e) == after);
    run(*w.e, {{"cmd", "undo"}});
    CHECK(data_state(*w.e) == before);
}

TEST_CASE("rows changed by ON DELETE SET NULL get their reference back on undo") {
    World w;
    run(*w.e, {{"cmd", "customer.create"}, {"name", "Toinen"}, {"group_id", w.group}});
    REQUIRE(CommandContext::run(*w.e, "group.add_salesperson", add_salesperson, json::object()).ok());
    const std::string before = data_state(*w.e);
    REQUIRE(CommandContext::run(*w.e, "group.delete", delete_group_raw, json::object()).ok());
    CHECK_FALSE(w.e->get_customer(CustomerId(w.customer))->group);
    const std::string after = data_state(*w.e);
    run(*w.e, {{"cmd", "undo"}});
    CHECK(data_state(*w.e) == before);
    CHECK(w.e->get_customer(CustomerId(w.customer))->group == CustomerGroupId(1));
    run(*w.e, {{"cmd", "redo"}});
    CHECK(data_state(*w.e) == after);
}

TEST_CASE("a command that fails after writing leaves nothing behind") {
    World w;
    const std::string before = data_state(*w.e);
    const uint64_t revision = w.e->revision();
    auto r = CommandContext::run(*w.e, "test.half", fail_halfway, json::object());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "test.refused");
    CHECK(data_state(*w.e) == before);
    CHECK(w.e->revision() == revision);
    CHECK(w.e->undo_label() == "employee.create");
    // The transaction is closed: the next command works.
    run(*w.e, {{"cmd", "team.create"}, {"name", "Next"}});
}

TEST_CASE("data changed outside the commands makes undo refuse and clears the history") {
    World w;
    run(*w.e, {{"cmd", "customer.update"}, {"id", w.customer}, {"name", "Uusi nimi"}});
    sql(*w.e, "UPDATE customer SET name = 'Joku muu' WHERE id = " + std::to_string(w.customer));
    const std::string before = data_state(*w.e);
    auto r = w.e->execute({{"cmd", "undo"}});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "undo.conflict");
    CHECK(data_state(*w.e) == before);
    CHECK_FALSE(w.e->can_undo());
    CHECK_FALSE(w.e->can_redo());
}

TEST_CASE("the undo history keeps the newest 100 steps") {
    auto e = open_memory();
    for (int i = 0; i < 105; ++i) run(*e, {{"cmd", "customer.create"}, {"name", "C" + std::to_string(i)}});
    int undone = 0;
    while (e->can_undo()) {
        run(*e, {{"cmd", "undo"}});
        ++undone;
    }
    CHECK(undone == 100);
    CHECK(e->counts().customers == 5);
}

TEST_CASE("last_changes names the rows that the last command, undo or redo changed") {
    World w;
    run(*w.e, {{"cmd", "customer.update"}, {"id", w.customer}, {"name", "Muutettu"}});
    using Rows = std::vector<std::pair<std::string, int64_t>>;
    CHECK(w.e->last_changes() == Rows{{"customer", w.customer}});
    json on = run(*w.e, {{"cmd", "responsibility.toggle"}, {"employee_id", w.employee}, {"project_id", w.project}});
    CHECK(w.e->last_changes() == Rows{{"responsibility", on["id"].get<int64_t>()}});
    run(*w.e, {{"cmd", "undo"}});
    CHECK(w.e->last_changes() == Rows{{"responsibility", on["id"].get<int64_t>()}});
    run(*w.e, {{"cmd", "undo"}});
    CHECK(w.e->last_changes() == Rows{{"customer", w.customer}});
    // A refused command leaves the last successful one's rows in place.
    CHECK_FALSE(w.e->execute({{"cmd", "team.create"}, {"name", ""}}).ok());
    CHECK(w.e->last_changes() == Rows{{"customer", w.customer}});
}
