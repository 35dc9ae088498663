// Team mode's engine side (engine/sync/): commands run for an account and logged with their rows
// in the same transaction, a repeated command id applied once, who may change what, the snapshot
// and the change stream holding only what an account may see, resync, and applying rows to a cache.
// Ends with property tests on random data against the independent rule of visibility_oracle.h.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "io/demo_data.h"
#include "core/engine.h"
#include "core/sql.h"
#include "sync/sync.h"
#include "sync/visible_rows.h"
#include "visibility_oracle.h"
#include "engine_harness.h"

using namespace vastuu;
using namespace vastuu_test;
using nlohmann::json;
using vastuu_test::column;
using vastuu_test::expected_visible;
using vastuu_test::Random;

namespace {

const sync::Clock kClock{"2026-03-02T08:00:00Z", "2026-03-02"};
const sync::Account kAdmin{"Päivi Pääkäyttäjä", EmployeeId(), true};

sync::Change run_as(Engine& e, const sync::Account& who, const json& cmd, const std::string& id) {
    auto r = sync::execute(e, id, cmd, who, kClock);
    INFO(cmd.dump(), " -> ", r.ok() ? std::string() : r.error().code + ": " + r.error().message);
    REQUIRE(r.ok());
    return r.value().change;
}

std::string refusal(Engine& e, const sync::Account& who, const json& cmd, const std::string& id = "x") {
    auto r = sync::execute(e, id, cmd, who, kClock);
    REQUIRE_FALSE(r.ok());
    return r.error().code;
}

// The snapshot written to a file and opened with the engine, as the browser does with its bytes.
struct OpenedSnapshot {
    std::string path;
    std::unique_ptr<Engine> engine;
    OpenedSnapshot(const std::vector<uint8_t>& bytes, const char* name) : path(std::string("sync_test_") + name) {
        std::remove(path.c_str());
        std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        REQUIRE(Engine::check_file(path).ok());
        auto r = Engine::open(path, fixed_clock());
        REQUIRE(r.ok());
        engine = std::move(r.value());
    }
    ~OpenedSnapshot() {
        engine.reset();
        std::remove(path.c_str());
        std::remove((path + "-journal").c_str());
    }
};

// Two groups, one salesperson each; a customer in each; the second salesperson is also
// responsible for a project of a customer with no group.
struct Firm {
    std::unique_ptr<Engine> e = open_memory();
    int64_t anna = 0, ben = 0, north = 0, south = 0, c_north = 0, c_south = 0, c_loose = 0, p_loose = 0;
    sync::Account anna_account, ben_account;
    Firm() {
        anna = run(*e, {{"cmd", "employee.create"}, {"name", "Anna Myyjä"}})["id"];
        ben = run(*e, {{"cmd", "employee.create"}, {"name", "Ben Myyjä"}})["id"];
        north = run(*e, {{"cmd", "group.create"}, {"name", "Pohjoinen"}, {"salesperson_ids", {anna}}})["id"];
        south = run(*e, {{"cmd", "group.create"}, {"name", "Etelä"}, {"number_start", 500}, {"salesperson_ids", {ben}}})["id"];
        c_north = run(*e, {{"cmd", "customer.create"}, {"name", "Pohjola Oy"}, {"group_id", north}})["id"];
        c_south = run(*e, {{"cmd", "customer.create"}, {"name", "Salainen Etelä Oy"}, {"group_id", south}})["id"];
        c_loose = run(*e, {{"cmd", "customer.create"}, {"name", "Irrallinen Oy"}})["id"];
        p_loose = run(*e, {{"cmd", "project.create"}, {"customer_id", c_loose}, {"name", "Tilinpäätös"}})["id"];
        run(*e, {{"cmd", "responsibility.toggle"}, {"employee_id", ben}, {"project_id", p_loose}});
        anna_account = {"Anna Myyjä", EmployeeId(anna), false};
        ben_account = {"Ben Myyjä", EmployeeId(ben), false};
    }
};

}  // namespace

TEST_CASE("a command run for an account is applied and logged with its rows in the same transaction") {
    auto e = open_memory();
    auto change = run_as(*e, kAdmin, {{"cmd", "customer.create"}, {"name", "Äijälä Oy"}, {"number", 12}}, "c-1");
    CHECK(change.seq == 1);
    CHECK(sync::last_seq(*e) == 1);
    CHECK(change.result["id"].is_number_integer());
    REQUIRE(change.rows.size() == 2);  // the customer and its change-log entry
    CHECK(change.rows[0].table == "customer");
    CHECK(change.rows[0].key == json::array({change.result["id"]}));
    CHECK(change.rows[0].row["name"] == "Äijälä Oy");
    CHECK(change.rows[0].row["number"] == 12);
    CHECK(change.rows[0].before.is_null());
    CHECK(change.rows[1].table == "change_log");
    CHECK(change.rows[1].row["who"] == "Päivi Pääkäyttäjä");

    auto logged = sync::changes_after(*e, 0, 10);
    REQUIRE(logged.ok());
    REQUIRE(logged->size() == 1);
    const sync::Change& l = logged->at(0);
    CHECK(l.command_id == "c-1");
    CHECK(l.account == "Päivi Pääkäyttäjä");
    CHECK(l.at == "2026-03-02T08:00:00Z");
    CHECK(l.command["cmd"] == "customer.create");
    CHECK(l.result == change.result);
    CHECK(sync::rows_to_wire(l.rows) == sync::rows_to_wire(change.rows));
    // The change log says who and when, from the call, not from EngineOptions.
    CHECK(e->recent_changes(1).at(0).who == "Päivi Pääkäyttäjä");
    // No shared undo on the server: undo and redo are not commands there.
    CHECK_FALSE(e->can_undo());
    CHECK(refusal(*e, kAdmin, {{"cmd", "undo"}}) == "command.unknown");
}

TEST_CASE("a repeated command id returns the first answer and applies nothing a second time") {
    auto e = open_memory();
    auto first = run_as(*e, kAdmin, {{"cmd", "customer.create"}, {"name", "Kerran Oy"}}, "same-id");
    auto again = sync::execute(*e, "same-id", {{"cmd", "customer.create"}, {"name", "Kerran Oy"}}, kAdmin, kClock);
    REQUIRE(again.ok());
    CHECK(again->repeated);
    CHECK(again->change.seq == first.seq);
    CHECK(again->change.result == first.result);
    CHECK(scalar(*e, "SELECT count(*) FROM customer") == 1);
    CHECK(scalar(*e, "SELECT count(*) FROM sync_log") == 1);
}

TEST_CASE("a batch runs commands in one transaction: a refused one leaves the others, a rollback keeps none") {
    auto e = open_memory();
    REQUIRE(sync::begin_batch(*e).ok());
    auto one = sync::execute(*e, "b1", {{"cmd", "customer.create"}, {"name", "Yksi Oy"}}, kAdmin, kClock);
    auto bad = sync::execute(*e, "b2", {{"cmd", "customer.create"}, {"name", 5}}, kAdmin, kClock);
    auto three = sync::execute(*e, "b3", {{"cmd", "customer.create"}, {"name", "Kolme Oy"}}, kAdmin, kClock);
    auto again = sync::execute(*e, "b1", {{"cmd", "customer.create"}, {"name", "Yksi Oy"}}, kAdmin, kClock);
    REQUIRE(one.ok());
    CHECK_FALSE(bad.ok());
    REQUIRE(three.ok());
    REQUIRE(again.ok());
    CHECK(again->repeated);
    CHECK(three->change.seq == one->change.seq + 1);
    REQUIRE(sync::commit_batch(*e).ok());
    CHECK(scalar(*e, "SELECT count(*) FROM customer") == 2);
    CHECK(scalar(*e, "SELECT count(*) FROM sync_log") == 2);
    CHECK(scalar(*e, "SELECT count(DISTINCT group_id) FROM change_log") == 2);

    REQUIRE(sync::begin_batch(*e).ok());
    REQUIRE(sync::execute(*e, "b4", {{"cmd", "customer.create"}, {"name", "Neljä Oy"}}, kAdmin, kClock).ok());
    sync::rollback_batch(*e);
    CHECK(scalar(*e, "SELECT count(*) FROM customer") == 2);
    CHECK(scalar(*e, "SELECT count(*) FROM sync_log") == 2);
}

TEST_CASE("a command on a full database (SQLITE_FULL) is refused as db.full and writes nothing, and the next one that fits applies") {
    auto e = open_memory();
    // The file may not grow: SQLite answers SQLITE_FULL, as on a full disk.
    const int64_t pages = scalar(*e, "PRAGMA page_count");
    REQUIRE(exec(e->handle(), ("PRAGMA max_page_count = " + std::to_string(pages)).c_str()).ok());
    json many = json::array();
    for (int i = 0; i < 300; ++i) many.push_back({{"cmd", "customer.create"}, {"name", "Täysi " + std::to_string(i) + " Oy"}});
    auto full = sync::execute(*e, "f1", {{"cmd", "batch"}, {"commands", many}}, kAdmin, kClock);
    REQUIRE_FALSE(full.ok());
    CHECK(full.error().code == "db.full");
    CHECK(full.error().message.find("full") != std::string::npos);
    CHECK(scalar(*e, "SELECT count(*) FROM customer") == 0);
    CHECK(scalar(*e, "SELECT count(*) FROM sync_log") == 0);
    CHECK(scalar(*e, "SELECT count(*) FROM change_log") == 0);
    // Room again: the same command applies, on the same connection.
    REQUIRE(exec(e->handle(), "PRAGMA max_page_count = 1000000").ok());
    auto fits = sync::execute(*e, "f1", {{"cmd", "batch"}, {"commands", many}}, kAdmin, kClock);
    REQUIRE(fits.ok());
    CHECK(scalar(*e, "SELECT count(*) FROM customer") == 300);
    CHECK(scalar(*e, "SELECT count(*) FROM sync_log") == 1);
}

TEST_CASE("another account's command id is not answered with that account's result") {
    auto e = open_memory();
    run_as(*e, kAdmin, {{"cmd", "customer.create"}, {"name", "Oma Oy"}}, "mine");
    const sync::Account other{"Joku Muu", EmployeeId(), true};
    CHECK(refusal(*e, other, {{"cmd", "customer.create"}, {"name", "Oma Oy"}}, "mine") == "sync.command_id_taken");
}

TEST_CASE("a refused command writes no sync log row and changes nothing") {
    auto e = open_memory();
    CHECK(refusal(*e, kAdmin, {{"cmd", "customer.create"}, {"name", 5}}) == "command.bad_argument");
    CHECK(refusal(*e, kAdmin, {{"cmd", "no.such"}}) == "command.unknown");
    CHECK(refusal(*e, kAdmin, {{"cmd", "customer.create"}, {"name", "X"}}, "") == "sync.bad_command_id");
    CHECK(scalar(*e, "SELECT count(*) FROM sync_log") == 0);
    CHECK(scalar(*e, "SELECT count(*) FROM customer") == 0);
    CHECK(scalar(*e, "SELECT count(*) FROM change_log") == 0);
}

TEST_CASE("the sync log is outside change capture: no change-log entries and no rows about it") {
    auto e = open_memory();
    auto change = run_as(*e, kAdmin, {{"cmd", "team.create"}, {"name", "Myynti"}}, "t-1");
    for (const auto& r : change.rows) CHECK(r.table != "sync_log");
    CHECK(scalar(*e, "SELECT count(*) FROM change_log WHERE entity = 'sync_log'") == 0);
}

TEST_CASE("every table of the schema has a visibility scope, and the sync log never leaves the server") {
    auto e = open_memory();
    std::set<std::string> registered;
    for (const auto& t : registered_tables()) registered.insert(t);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(e->handle(), "SELECT name FROM sqlite_schema WHERE type = 'table'", -1, &st, nullptr) ==
            SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        std::string name = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        CAPTURE(name);
        CHECK(registered.count(name) == 1);
    }
    sqlite3_finalize(st);
    CHECK(row_scope("sync_log") == RowScope::Server);
    CHECK(row_scope("no_such_table") == RowScope::Server);
}

TEST_CASE("a toggled responsibility arrives as its row, and toggled off as a null row") {
    Firm f;
    auto on = run_as(*f.e, kAdmin, {{"cmd", "responsibility.toggle"}, {"employee_id", f.anna}, {"customer_id", f.c_north}}, "r1");
    REQUIRE(on.rows.at(0).table == "responsibility");
    CHECK(on.rows[0].row["employee_id"] == f.anna);
    auto off = run_as(*f.e, kAdmin, {{"cmd", "responsibility.toggle"}, {"employee_id", f.anna}, {"customer_id", f.c_north}}, "r2");
    REQUIRE(off.rows.at(0).table == "responsibility");
    CHECK(off.rows[0].row.is_null());
    CHECK(off.rows[0].key == on.rows[0].key);
    CHECK(off.rows[0].before["customer_id"] == f.c_north);
    CHECK(sync::change_message(off, off.rows)["rows"][0] == json{{"table", "responsibility"}, {"key", on.rows[0].key}, {"row", nullptr}});
}

TEST_CASE("a salesperson's snapshot holds only their customers, with the firm's lists whole and no sync log") {
    Firm f;
    run_as(*f.e, kAdmin, {{"cmd", "customer.archive"}, {"id", f.c_south}}, "s1");
    auto snap = sync::snapshot(*f.e, f.anna_account, kClock.today);
    REQUIRE(snap.ok());
    CHECK(snap->seq == 1);
    OpenedSnapshot opened(snap->bytes, "anna.sqlite");
    Engine& s = *opened.engine;
    CHECK(column(s, "SELECT id FROM customer") == std::vector<int64_t>{f.c_north});
    CHECK(scalar(s, "SELECT count(*) FROM project") == 0);
    CHECK(scalar(s, "SELECT count(*) FROM responsibility") == 0);
    CHECK(scalar(s, "SELECT count(*) FROM employee") == 2);
    CHECK(scalar(s, "SELECT count(*) FROM customer_group") == 2);
    CHECK(scalar(s, "SELECT count(*) FROM sync_log") == 0);
    // Change-log entries of hidden customers stay behind; those about the firm's lists come along.
    CHECK(scalar(s, "SELECT count(*) FROM change_log WHERE entity = 'customer' AND entity_id <> " + std::to_string(f.c_north)) == 0);
    CHECK(scalar(s, "SELECT count(*) FROM change_log WHERE entity = 'customer_group'") == 2);

    auto ben = sync::snapshot(*f.e, f.ben_account, kClock.today);
    REQUIRE(ben.ok());
    OpenedSnapshot ben_opened(ben->bytes, "ben.sqlite");
    CHECK(column(*ben_opened.engine, "SELECT id FROM customer ORDER BY id") == std::vector<int64_t>{f.c_south, f.c_loose});
    CHECK(column(*ben_opened.engine, "SELECT id FROM project") == std::vector<int64_t>{f.p_loose});

    auto all = sync::snapshot(*f.e, kAdmin, kClock.today);
    REQUIRE(all.ok());
    OpenedSnapshot all_opened(all->bytes, "admin.sqlite");
    CHECK(scalar(*all_opened.engine, "SELECT count(*) FROM customer") == 3);
}

TEST_CASE("a salesperson cannot change another group's customer or the firm's lists, and nothing changes") {
    Firm f;
    const auto& anna = f.anna_account;
    CHECK(refusal(*f.e, anna, {{"cmd", "customer.update"}, {"id", f.c_south}, {"name", "Minun"}}) == "customer.not_found");
    CHECK(refusal(*f.e, anna, {{"cmd", "project.create"}, {"customer_id", f.c_loose}, {"name", "P"}}) == "customer.not_found");
    CHECK(refusal(*f.e, anna, {{"cmd", "project.update"}, {"id", f.p_loose}, {"name", "P"}}) == "project.not_found");
    CHECK(refusal(*f.e, anna, {{"cmd", "responsibility.toggle"}, {"employee_id", f.anna}, {"customer_id", f.c_south}}) ==
          "customer.not_found");
    // An unknown id gets the same answer as a hidden one.
    CHECK(refusal(*f.e, anna, {{"cmd", "customer.update"}, {"id", 9999}, {"name", "Minun"}}) == "customer.not_found");
    // Becoming a salesperson of every group would be seeing everything.
    CHECK(refusal(*f.e, anna, {{"cmd", "group.update"}, {"id", f.south}, {"salesperson_ids", {f.anna, f.ben}}}) ==
          "access.admin_only");
    CHECK(refusal(*f.e, anna, {{"cmd", "employee.update"}, {"id", f.ben}, {"name", "Toinen"}}) == "access.admin_only");
    CHECK(refusal(*f.e, anna, {{"cmd", "dataset.import"}, {"document", json::object()}}) == "access.admin_only");
    CHECK(scalar(*f.e, "SELECT count(*) FROM sync_log") == 0);
    CHECK(scalar(*f.e, "SELECT count(*) FROM customer_group_salesperson") == 2);
    // Their own customers they can change.
    auto ok = run_as(*f.e, anna, {{"cmd", "customer.update"}, {"id", f.c_north}, {"name", "Pohjola Oyj"}}, "a1");
    CHECK(ok.account == "Anna Myyjä");
    run_as(*f.e, anna, {{"cmd", "responsibility.toggle"}, {"employee_id", f.ben}, {"customer_id", f.c_north}}, "a2");
    run_as(*f.e, anna, {{"cmd", "customer.create"}, {"name", "Uusi Oy"}, {"group_id", f.north}}, "a3");
}

TEST_CASE("a refusal never names a customer the account cannot see") {
    Firm f;
    const int64_t south_number = scalar(*f.e, "SELECT number FROM customer WHERE id = " + std::to_string(f.c_south));
    auto r = sync::execute(*f.e, "n1", {{"cmd", "customer.update"}, {"id", f.c_north}, {"number", south_number}},
                           f.anna_account, kClock);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "customer.number_taken");
    CHECK(r.error().message.find("Salainen") == std::string::npos);
    // The administrator is told whose number it is.
    auto admin = sync::execute(*f.e, "n2", {{"cmd", "customer.update"}, {"id", f.c_north}, {"number", south_number}},
                               kAdmin, kClock);
    REQUIRE_FALSE(admin.ok());
    CHECK(admin.error().message.find("Salainen") != std::string::npos);
}

TEST_CASE("a change is delivered with only the rows the account may see, and resync when its view changes") {
    Firm f;
    auto anna_sees = sync::visible_customers(*f.e, f.anna_account, kClock.today);
    CHECK(anna_sees.ids == std::vector<int64_t>{f.c_north});

    auto south_edit = run_as(*f.e, kAdmin, {{"cmd", "customer.update"}, {"id", f.c_south}, {"name", "Etelä 2"}}, "d1");
    auto d = sync::deliver(*f.e, south_edit, f.anna_account, anna_sees, kClock.today);
    CHECK_FALSE(d.resync);
    CHECK(d.rows.empty());  // neither the customer nor its change-log entry
    auto to_ben = sync::deliver(*f.e, south_edit, f.ben_account,
                                sync::visible_customers(*f.e, f.ben_account, kClock.today), kClock.today);
    CHECK(to_ben.rows.size() == 2);

    auto north_edit = run_as(*f.e, kAdmin, {{"cmd", "customer.update"}, {"id", f.c_north}, {"name", "Pohjola 2"}}, "d2");
    d = sync::deliver(*f.e, north_edit, f.anna_account, anna_sees, kClock.today);
    REQUIRE(d.rows.size() == 2);
    CHECK(d.rows[0].row["name"] == "Pohjola 2");

    // A new customer in her group arrives as rows; her set grows by it without a resync.
    auto created = run_as(*f.e, kAdmin, {{"cmd", "customer.create"}, {"name", "Uusi Pohjola"}, {"group_id", f.north}}, "d3");
    d = sync::deliver(*f.e, created, f.anna_account, anna_sees, kClock.today);
    CHECK_FALSE(d.resync);
    CHECK(d.rows.size() == 2);
    CHECK(d.visible.contains(created.result["id"].get<int64_t>()));
    anna_sees = d.visible;
    // One in another group (judged alone, not by her whole set again): nothing for her, her set stays.
    auto elsewhere = run_as(*f.e, kAdmin, {{"cmd", "customer.create"}, {"name", "Uusi Etelä"}, {"group_id", f.south}}, "d3b");
    d = sync::deliver(*f.e, elsewhere, f.anna_account, anna_sees, kClock.today);
    CHECK_FALSE(d.resync);
    CHECK(d.rows.empty());
    CHECK(d.visible.ids == anna_sees.ids);
    CHECK(sync::deliver(*f.e, elsewhere, f.ben_account, sync::visible_customers(*f.e, f.ben_account, kClock.today),
                        kClock.today).rows.size() == 2);

    // Made a salesperson of the south: a whole group enters her view, which the rows do not carry.
    auto grant = run_as(*f.e, kAdmin, {{"cmd", "group.update"}, {"id", f.south}, {"salesperson_ids", {f.ben, f.anna}}}, "d4");
    d = sync::deliver(*f.e, grant, f.anna_account, anna_sees, kClock.today);
    CHECK(d.resync);
    CHECK(sync::may_alter_visibility(grant.rows, EmployeeId(f.anna), true));
    CHECK_FALSE(sync::may_alter_visibility(north_edit.rows, EmployeeId(f.anna), true));
    // Ben's view did not change: he gets the salesperson row (the firm's lists are everyone's).
    auto ben_d = sync::deliver(*f.e, grant, f.ben_account, sync::visible_customers(*f.e, f.ben_account, kClock.today),
                               kClock.today);
    CHECK_FALSE(ben_d.resync);
    CHECK_FALSE(ben_d.rows.empty());

    // A customer moved out of her groups leaves her view: resync (its rows must go from her cache).
    anna_sees = sync::visible_customers(*f.e, f.anna_account, kClock.today);
    auto moved = run_as(*f.e, kAdmin, {{"cmd", "customer.update"}, {"id", f.c_north}, {"group_id", 0}}, "d5");
    CHECK(sync::deliver(*f.e, moved, f.anna_account, anna_sees, kClock.today).resync);
}

TEST_CASE("applying each change's rows to a snapshot keeps it equal to the server's database") {
    Firm f;
    auto snap = sync::snapshot(*f.e, kAdmin, kClock.today);
    REQUIRE(snap.ok());
    OpenedSnapshot cache(snap->bytes, "cache.sqlite");
    std::vector<json> commands = {
        {{"cmd", "customer.update"}, {"id", f.c_north}, {"name", "Pohjola Oyj"}, {"number", 77}},
        {{"cmd", "responsibility.toggle"}, {"employee_id", f.anna}, {"customer_id", f.c_south}},
        {{"cmd", "project.create"}, {"customer_id", f.c_north}, {"name", "Palkat"}},
        {{"cmd", "special_group.create"}, {"name", "VIP"}, {"customer_ids", {f.c_north, f.c_loose}}},
        {{"cmd", "special_group.update"}, {"id", 1}, {"customer_ids", {f.c_south}}},
        {{"cmd", "group.delete"}, {"id", f.south}},
        {{"cmd", "responsibility.toggle"}, {"employee_id", f.ben}, {"project_id", f.p_loose}},
    };
    int n = 0;
    for (const json& cmd : commands) {
        auto change = run_as(*f.e, kAdmin, cmd, "k" + std::to_string(++n));
        auto applied = sync::apply_rows(*cache.engine, sync::rows_to_wire(change.rows));
        INFO(cmd.dump(), applied.ok() ? "" : applied.error().message);
        REQUIRE(applied.ok());
    }
    // Every table but the server's own sync log, which a snapshot leaves out.
    for (const std::string& table : schema_tables(f.e->handle(), {"sync_log"})) {
        CAPTURE(table);
        CHECK(table_rows(cache.engine->handle(), table) == table_rows(f.e->handle(), table));
    }
    CHECK(cache.engine->revision() > 0);
}

TEST_CASE("malformed rows are refused with sync.bad_rows and change nothing") {
    auto e = open_memory();
    CHECK(sync::apply_rows(*e, json::object()).error().code == "sync.bad_rows");
    CHECK(sync::apply_rows(*e, json::array({{{"table", "customer"}}})).error().code == "sync.bad_rows");
    CHECK(sync::apply_rows(*e, json::array({{{"table", "sync_log"}, {"key", {1}}, {"row", nullptr}}})).error().code ==
          "sync.bad_rows");
    // A whole list is one transaction: the good first row does not stay when the second breaks a constraint.
    json rows = json::array({{{"table", "customer"}, {"key", {1}}, {"row", {{"id", 1}, {"number", 1}, {"name", "A"}, {"group_id", nullptr}, {"archived", 0}}}},
                             {{"table", "customer"}, {"key", {2}}, {"row", {{"id", 2}, {"number", 1}, {"name", "B"}, {"group_id", nullptr}, {"archived", 0}}}}});
    CHECK(sync::apply_rows(*e, rows).error().code == "sync.bad_rows");
    CHECK(scalar(*e, "SELECT count(*) FROM customer") == 0);
}

// ---------------------------------------------------------------------------------------------
// Property tests: random data, random employees, random commands
// ---------------------------------------------------------------------------------------------

namespace {

json random_command(Engine& e, Random& rng) {
    const auto employees = column(e, "SELECT id FROM employee");
    const auto customers = column(e, "SELECT id FROM customer");
    const auto projects = column(e, "SELECT id FROM project");
    const auto groups = column(e, "SELECT id FROM customer_group");
    auto pick = [&](const std::vector<int64_t>& v) { return v.empty() ? int64_t(0) : v[rng.below(v.size())]; };
    switch (rng.below(7)) {
        case 0: return {{"cmd", "customer.create"}, {"name", "Uusi " + std::to_string(rng.next() % 100000)}, {"group_id", pick(groups)}};
        case 1: return {{"cmd", "customer.update"}, {"id", pick(customers)}, {"group_id", rng.below(3) ? pick(groups) : 0}};
        case 2: return {{"cmd", "responsibility.toggle"}, {"employee_id", pick(employees)}, {"customer_id", pick(customers)}};
        case 3: return {{"cmd", "responsibility.toggle"}, {"employee_id", pick(employees)}, {"project_id", pick(projects)}};
        case 4: return {{"cmd", "project.create"}, {"customer_id", pick(customers)}, {"name", "Projekti"}};
        case 5: {
            json people = json::array({pick(employees)});
            if (rng.below(2)) people.push_back(pick(employees));
            return {{"cmd", "group.update"}, {"id", pick(groups)}, {"salesperson_ids", people}};
        }
        default: return {{"cmd", "customer.update"}, {"id", pick(customers)}, {"name", "Nimi " + std::to_string(rng.below(1000))}};
    }
}

std::unique_ptr<Engine> random_firm(uint64_t seed) {
    auto e = open_memory();
    DemoSize size;
    size.customers = 50;
    size.projects = 60;
    size.employees = 10;
    size.teams = 2;
    size.roles = 4;
    size.customer_groups = 4;
    size.special_groups = 3;
    size.responsibilities = 70;
    size.seed = seed;
    REQUIRE(generate_demo(e->handle(), size).ok());
    return e;
}

// The customer of a row as the test reads it from the row itself and the database.
int64_t owner(Engine& e, const std::string& table, const json& row) {
    return row_customer(table, row, [&](int64_t p) {
        auto v = column(e, ("SELECT customer_id FROM project WHERE id = " + std::to_string(p)).c_str());
        return v.empty() ? int64_t(0) : v[0];
    });
}

}  // namespace

TEST_CASE("property: every row of a snapshot is one its account may see (random data and employees)") {
    for (uint64_t seed : {3ull, 11ull, 2026ull}) {
        CAPTURE(seed);
        auto e = random_firm(seed);
        Random rng{seed};
        for (int i = 0; i < 15; ++i) (void)sync::execute(*e, "seed" + std::to_string(i), random_command(*e, rng), kAdmin, kClock);
        const auto employees = column(*e, "SELECT id FROM employee");
        for (int k = 0; k < 4; ++k) {
            const int64_t viewer = employees[rng.below(employees.size())];
            CAPTURE(viewer);
            const std::set<int64_t> expected = expected_visible(*e, viewer, kClock.today);
            auto snap = sync::snapshot(*e, {"viewer", EmployeeId(viewer), false}, kClock.today);
            REQUIRE(snap.ok());
            OpenedSnapshot opened(snap->bytes, "property.sqlite");
            Engine& s = *opened.engine;
            auto got = column(s, "SELECT id FROM customer");
            CHECK(std::set<int64_t>(got.begin(), got.end()) == expected);
            for (int64_t c : column(s, "SELECT customer_id FROM project")) CHECK(expected.count(c));
            for (int64_t c : column(s, "SELECT customer_id FROM special_group_member")) CHECK(expected.count(c));
            for (int64_t c : column(s, "SELECT coalesce(r.customer_id, p.customer_id) FROM responsibility r"
                                       " LEFT JOIN project p ON p.id = r.project_id"))
                CHECK(expected.count(c));
            // Each change-log entry, judged by the C++ rule against the SQL rule that selected it.
            sqlite3_stmt* st = nullptr;
            REQUIRE(sqlite3_prepare_v2(s.handle(), "SELECT json_object('entity', entity, 'entity_id', entity_id,"
                                       " 'before', before, 'after', after) FROM change_log", -1, &st, nullptr) == SQLITE_OK);
            while (sqlite3_step(st) == SQLITE_ROW) {
                json row = json::parse(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
                const int64_t c = owner(*e, "change_log", row);
                CHECK((c == 0 || expected.count(c)));
            }
            sqlite3_finalize(st);
        }
    }
}

TEST_CASE("property: every row of every delivered change is in its account's visible set (random commands)") {
    for (uint64_t seed : {5ull, 17ull, 20261201ull}) {
        CAPTURE(seed);
        auto e = random_firm(seed);
        Random rng{seed * 31};
        const auto employees = column(*e, "SELECT id FROM employee");
        std::vector<sync::Account> accounts;
        std::vector<Engine::VisibleCustomers> seen;
        for (int64_t id : employees) {
            accounts.push_back({"e" + std::to_string(id), EmployeeId(id), false});
            seen.push_back(sync::visible_customers(*e, accounts.back(), kClock.today));
        }
        int delivered_rows = 0, resyncs = 0;
        for (int i = 0; i < 60; ++i) {
            // Commands by the administrator and by random employees (who get refused outside their view).
            const bool by_admin = rng.below(2) == 0;
            const sync::Account& actor = by_admin ? kAdmin : accounts[rng.below(accounts.size())];
            auto r = sync::execute(*e, "p" + std::to_string(i), random_command(*e, rng), actor, kClock);
            if (!r.ok()) {
                if (!by_admin) {
                    // A refusal names no customer the actor cannot see.
                    const auto vis = sync::visible_customers(*e, actor, kClock.today);
                    sqlite3_stmt* st = nullptr;
                    REQUIRE(sqlite3_prepare_v2(e->handle(), "SELECT id, name FROM customer", -1, &st, nullptr) == SQLITE_OK);
                    while (sqlite3_step(st) == SQLITE_ROW) {
                        const std::string name = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
                        if (!vis.contains(sqlite3_column_int64(st, 0))) CHECK(r.error().message.find(name) == std::string::npos);
                    }
                    sqlite3_finalize(st);
                }
                continue;
            }
            for (size_t a = 0; a < accounts.size(); ++a) {
                auto d = sync::deliver(*e, r->change, accounts[a], seen[a], kClock.today);
                const std::set<int64_t> now = expected_visible(*e, accounts[a].employee.value, kClock.today);
                if (d.resync) {
                    ++resyncs;
                    seen[a] = sync::visible_customers(*e, accounts[a], kClock.today);
                    continue;
                }
                CHECK(std::set<int64_t>(d.visible.ids.begin(), d.visible.ids.end()) == now);
                for (const auto& row : d.rows) {
                    const int64_t c = owner(*e, row.table, row.row.is_null() ? row.before : row.row);
                    CAPTURE(row.table);
                    // Visible after the change, or (a deletion) before it.
                    CHECK((c == 0 || now.count(c) || seen[a].contains(c)));
                    ++delivered_rows;
                }
                seen[a] = d.visible;
            }
        }
        CHECK(delivered_rows > 0);
        CHECK(resyncs > 0);
    }
}
