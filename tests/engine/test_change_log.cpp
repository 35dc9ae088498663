// The change log: one row per changed row, grouped per user action, saying who, when, which command,
// and the row before and after as JSON. Undo and redo are logged as actions of their own.
#include <doctest/doctest.h>

#include <string>

#include "core/engine.h"
#include "engine_harness.h"

using namespace vastuu;
using namespace vastuu_test;
using nlohmann::json;

namespace {

struct Clock {
    std::string now = "2026-03-02T08:00:00Z";
};

std::unique_ptr<Engine> open_on(Clock& clock) {
    EngineOptions o = fixed_clock();
    o.actor = "Päivi Pääkäyttäjä";
    o.now_utc = [&clock] { return clock.now; };
    return open_memory(o);
}

json parse(const std::string& text) {
    json j = json::parse(text, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    return j;
}

}  // namespace

TEST_CASE("a create is logged with who, when, command, entity and the new row") {
    Clock clock;
    auto e = open_on(clock);
    int64_t id = run(*e, {{"cmd", "customer.create"}, {"name", "Äijälä Oy"}, {"number", 12}})["id"];
    auto log = e->recent_changes(10);
    REQUIRE(log.size() == 1);
    const ChangeLogEntry& c = log[0];
    CHECK(c.who == "Päivi Pääkäyttäjä");
    CHECK(c.at == "2026-03-02T08:00:00Z");
    CHECK(c.command == "customer.create");
    CHECK(c.entity == "customer");
    CHECK(c.entity_id == id);
    CHECK(c.before.empty());
    json after = parse(c.after);
    CHECK(after["id"] == id);
    CHECK(after["name"] == "Äijälä Oy");
    CHECK(after["number"] == 12);
    CHECK(after["group_id"].is_null());
    CHECK(after["archived"] == 0);
}

TEST_CASE("an update is logged with the whole row before and after") {
    Clock clock;
    auto e = open_on(clock);
    int64_t id = run(*e, {{"cmd", "customer.create"}, {"name", "Vanha"}})["id"];
    run(*e, {{"cmd", "customer.update"}, {"id", id}, {"name", "Uusi"}});
    auto log = e->recent_changes(1);
    REQUIRE(log.size() == 1);
    CHECK(log[0].command == "customer.update");
    json before = parse(log[0].before), after = parse(log[0].after);
    CHECK(before["name"] == "Vanha");
    CHECK(after["name"] == "Uusi");
    CHECK(before["number"] == after["number"]);
}

TEST_CASE("a delete is logged with the row before and no row after") {
    Clock clock;
    auto e = open_on(clock);
    int64_t c = run(*e, {{"cmd", "customer.create"}, {"name", "A"}})["id"];
    int64_t emp = run(*e, {{"cmd", "employee.create"}, {"name", "E"}})["id"];
    int64_t r = run(*e, {{"cmd", "responsibility.toggle"}, {"employee_id", emp}, {"customer_id", c}})["id"];
    run(*e, {{"cmd", "responsibility.toggle"}, {"employee_id", emp}, {"customer_id", c}});
    auto log = e->recent_changes(1);
    REQUIRE(log.size() == 1);
    CHECK(log[0].entity == "responsibility");
    CHECK(log[0].entity_id == r);
    CHECK(log[0].after.empty());
    CHECK(parse(log[0].before)["employee_id"] == emp);
}

TEST_CASE("each user action gets its own group, shared by all the rows it changed") {
    Clock clock;
    auto e = open_on(clock);
    int64_t c = run(*e, {{"cmd", "customer.create"}, {"name", "A"}})["id"];
    int64_t emp = run(*e, {{"cmd", "employee.create"}, {"name", "E"}})["id"];
    const char* insert = "INSERT INTO responsibility (customer_id, employee_id, valid_from) VALUES (1, 1, '2026-01-01')";
    sql(*e, insert);
    sql(*e, insert);
    run(*e, {{"cmd", "responsibility.toggle"}, {"employee_id", emp}, {"customer_id", c}});  // removes both
    auto log = e->recent_changes(10);
    REQUIRE(log.size() == 4);
    CHECK(log[0].group == log[1].group);
    CHECK(log[0].command == "responsibility.toggle");
    CHECK(log[1].command == "responsibility.toggle");
    CHECK(log[2].group < log[1].group);
    CHECK(log[3].group < log[2].group);
}

TEST_CASE("raw SQL outside a command is not logged") {
    Clock clock;
    auto e = open_on(clock);
    sql(*e, "INSERT INTO team (name) VALUES ('Seed')");
    CHECK(e->recent_changes(10).empty());
}

TEST_CASE("a refused command writes no log rows") {
    Clock clock;
    auto e = open_on(clock);
    CHECK_FALSE(e->execute({{"cmd", "customer.create"}, {"name", ""}}).ok());
    CHECK(e->recent_changes(10).empty());
}

TEST_CASE("undo and redo are logged as their own actions with the row moving back and forth") {
    Clock clock;
    auto e = open_on(clock);
    int64_t id = run(*e, {{"cmd", "customer.create"}, {"name", "Vanha"}})["id"];
    run(*e, {{"cmd", "customer.update"}, {"id", id}, {"name", "Uusi"}});
    clock.now = "2026-03-02T09:30:00Z";
    run(*e, {{"cmd", "undo"}});
    auto log = e->recent_changes(1);
    REQUIRE(log.size() == 1);
    CHECK(log[0].command == "undo");
    CHECK(log[0].at == "2026-03-02T09:30:00Z");
    CHECK(log[0].entity == "customer");
    CHECK(log[0].entity_id == id);
    CHECK(parse(log[0].before)["name"] == "Uusi");
    CHECK(parse(log[0].after)["name"] == "Vanha");

    run(*e, {{"cmd", "redo"}});
    log = e->recent_changes(1);
    CHECK(log[0].command == "redo");
    CHECK(parse(log[0].before)["name"] == "Vanha");
    CHECK(parse(log[0].after)["name"] == "Uusi");

    run(*e, {{"cmd", "undo"}});
    run(*e, {{"cmd", "undo"}});  // undoes the create: a delete in the log
    log = e->recent_changes(1);
    CHECK(log[0].command == "undo");
    CHECK(log[0].after.empty());
    CHECK(parse(log[0].before)["name"] == "Vanha");
}

TEST_CASE("set_actor changes who is logged") {
    Clock clock;
    auto e = open_on(clock);
    e->set_actor("Matti");
    run(*e, {{"cmd", "team.create"}, {"name", "T"}});
    CHECK(e->recent_changes(1)[0].who == "Matti");
}

TEST_CASE("recent_changes lists the newest first and honours the limit") {
    Clock clock;
    auto e = open_on(clock);
    for (const char* name : {"A", "B", "C"}) run(*e, {{"cmd", "team.create"}, {"name", name}});
    auto log = e->recent_changes(2);
    REQUIRE(log.size() == 2);
    CHECK(parse(log[0].after)["name"] == "C");
    CHECK(parse(log[1].after)["name"] == "B");
    CHECK(log[0].id.value > log[1].id.value);
}

TEST_CASE("the default clock writes UTC time stamps") {
    auto r = Engine::open(":memory:");
    REQUIRE(r.ok());
    Engine& e = **r;
    run(e, {{"cmd", "team.create"}, {"name", "T"}});
    std::string at = e.recent_changes(1)[0].at;
    REQUIRE(at.size() == 20);
    CHECK(at[4] == '-');
    CHECK(at[10] == 'T');
    CHECK(at[19] == 'Z');
    CHECK(e.recent_changes(1)[0].who == "Administrator");
}
