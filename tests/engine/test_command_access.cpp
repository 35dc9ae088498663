// Who may run which command in team mode: the registry marks each command Anyone or AdminOnly
// (commands/registry.h), sync::may_run answers from the mark, and sync::execute refuses an AdminOnly
// command from an employee with "access.admin_only". For every registered command a valid example
// runs on a fresh firm as an administrator and as an employee: the mark, may_run and the server's
// answer agree, and a command whose rows touch the firm's lists is never marked Anyone.
#include <doctest/doctest.h>

#include <functional>
#include <map>
#include <set>
#include <string>

#include "commands/registry.h"
#include "core/engine.h"
#include "sync/sync.h"
#include "sync/visible_rows.h"

using namespace vastuu;
using nlohmann::json;

namespace {

const sync::Clock kClock{"2026-03-02T08:00:00Z", "2026-03-02"};
const sync::Account kAdmin{"Päivi Pääkäyttäjä", EmployeeId(), true};

// An employee (Anna) who is the salesperson of North, whose customer has a project and Anna's
// responsibility; a second employee, a team, a role, a special group, South with a customer.
struct Firm {
    std::unique_ptr<Engine> e;
    int64_t anna = 0, ben = 0, team = 0, north = 0, south = 0, customer = 0, other = 0, project = 0, resp = 0,
            role = 0, special = 0;
    sync::Account anna_account;
    json run(const json& cmd) {
        auto r = e->execute(cmd);
        INFO(cmd.dump(), " -> ", r.ok() ? std::string() : r.error().code + ": " + r.error().message);
        REQUIRE(r.ok());
        return r.value();
    }
    Firm() {
        EngineOptions o;
        o.now_utc = [] { return std::string("2026-03-02T08:00:00Z"); };
        o.today = [] { return std::string("2026-03-02"); };
        auto opened = Engine::open(":memory:", o);
        REQUIRE(opened.ok());
        e = std::move(opened.value());
        anna = run({{"cmd", "employee.create"}, {"name", "Anna Myyjä"}})["id"];
        ben = run({{"cmd", "employee.create"}, {"name", "Ben Myyjä"}})["id"];
        team = run({{"cmd", "team.create"}, {"name", "Tiimi"}})["id"];
        north = run({{"cmd", "group.create"}, {"name", "Pohjoinen"}, {"salesperson_ids", {anna}}})["id"];
        south = run({{"cmd", "group.create"}, {"name", "Etelä"}, {"number_start", 500}})["id"];
        customer = run({{"cmd", "customer.create"}, {"name", "Pohjola Oy"}, {"group_id", north}})["id"];
        other = run({{"cmd", "customer.create"}, {"name", "Toinen Oy"}, {"group_id", north}})["id"];
        project = run({{"cmd", "project.create"}, {"customer_id", customer}, {"name", "Tilinpäätös"}})["id"];
        resp = run({{"cmd", "responsibility.toggle"}, {"employee_id", anna}, {"customer_id", customer}})["id"];
        role = run({{"cmd", "role.create"}, {"name", "Kirjanpitäjä"}, {"code", "KP"}, {"kind", "customer"}})["id"];
        special = run({{"cmd", "special_group.create"}, {"name", "VIP"}})["id"];
        anna_account = {"Anna Myyjä", EmployeeId(anna), false};
    }
};

// One valid use of each command on a fresh Firm. Maintenance: a new command needs its example here
// (the test fails until it has one).
const std::map<std::string, std::function<json(const Firm&)>>& examples() {
    static const std::map<std::string, std::function<json(const Firm&)>> kExamples = {
        {"customer.create", [](const Firm& f) { return json{{"cmd", "customer.create"}, {"name", "Uusi Oy"}, {"group_id", f.north}}; }},
        {"customer.update", [](const Firm& f) { return json{{"cmd", "customer.update"}, {"id", f.customer}, {"name", "Pohjola Oyj"}}; }},
        {"customer.archive", [](const Firm& f) { return json{{"cmd", "customer.archive"}, {"id", f.customer}}; }},
        {"employee.create", [](const Firm&) { return json{{"cmd", "employee.create"}, {"name", "Uusi Työntekijä"}}; }},
        {"employee.update", [](const Firm& f) { return json{{"cmd", "employee.update"}, {"id", f.ben}, {"name", "Ben"}}; }},
        {"team.create", [](const Firm&) { return json{{"cmd", "team.create"}, {"name", "Toinen tiimi"}}; }},
        {"project.create", [](const Firm& f) { return json{{"cmd", "project.create"}, {"customer_id", f.customer}, {"name", "Palkat"}}; }},
        {"project.update", [](const Firm& f) { return json{{"cmd", "project.update"}, {"id", f.project}, {"name", "Tase"}}; }},
        {"responsibility.toggle", [](const Firm& f) { return json{{"cmd", "responsibility.toggle"}, {"employee_id", f.ben}, {"customer_id", f.customer}}; }},
        {"responsibility.set_many", [](const Firm& f) {
             return json{{"cmd", "responsibility.set_many"}, {"responsible", true}, {"employee_ids", {f.ben}},
                         {"customer_ids", {f.customer, f.other}}}; }},
        {"responsibility.assign_role", [](const Firm& f) {
             return json{{"cmd", "responsibility.assign_role"}, {"employee_id", f.anna}, {"customer_id", f.customer}, {"role_id", f.role}}; }},
        {"responsibility.update", [](const Firm& f) { return json{{"cmd", "responsibility.update"}, {"id", f.resp}, {"valid_from", "2026-01-01"}}; }},
        {"responsibility.delete", [](const Firm& f) { return json{{"cmd", "responsibility.delete"}, {"id", f.resp}}; }},
        {"responsibility.replace", [](const Firm& f) {
             return json{{"cmd", "responsibility.replace"}, {"from_employee_id", f.anna}, {"to_employee_id", f.ben},
                         {"from_date", "2026-04-01"}}; }},
        {"role.create", [](const Firm&) { return json{{"cmd", "role.create"}, {"name", "Palkanlaskija"}, {"kind", "customer"}}; }},
        {"role.update", [](const Firm& f) { return json{{"cmd", "role.update"}, {"id", f.role}, {"code", "K"}}; }},
        {"role.delete", [](const Firm& f) { return json{{"cmd", "role.delete"}, {"id", f.role}}; }},
        {"setting.set", [](const Firm&) { return json{{"cmd", "setting.set"}, {"key", "roles_enabled"}, {"value", "1"}}; }},
        {"group.create", [](const Firm&) { return json{{"cmd", "group.create"}, {"name", "Itä"}, {"number_start", 900}}; }},
        {"group.update", [](const Firm& f) { return json{{"cmd", "group.update"}, {"id", f.north}, {"name", "Pohjola"}}; }},
        {"group.delete", [](const Firm& f) { return json{{"cmd", "group.delete"}, {"id", f.south}}; }},
        {"group.add_customer", [](const Firm& f) { return json{{"cmd", "group.add_customer"}, {"id", f.south}, {"customer_id", f.other}}; }},
        {"group.remove_customer", [](const Firm& f) { return json{{"cmd", "group.remove_customer"}, {"id", f.north}, {"customer_id", f.other}}; }},
        {"group.add_salesperson", [](const Firm& f) { return json{{"cmd", "group.add_salesperson"}, {"id", f.south}, {"employee_id", f.anna}}; }},
        {"group.remove_salesperson", [](const Firm& f) { return json{{"cmd", "group.remove_salesperson"}, {"id", f.north}, {"employee_id", f.anna}}; }},
        {"special_group.create", [](const Firm&) { return json{{"cmd", "special_group.create"}, {"name", "Myöhässä"}}; }},
        {"special_group.update", [](const Firm& f) { return json{{"cmd", "special_group.update"}, {"id", f.special}, {"legend", "Tärkeät"}}; }},
        {"special_group.delete", [](const Firm& f) { return json{{"cmd", "special_group.delete"}, {"id", f.special}}; }},
        {"special_group.add_member", [](const Firm& f) { return json{{"cmd", "special_group.add_member"}, {"id", f.special}, {"customer_id", f.customer}}; }},
        {"special_group.remove_member", [](const Firm& f) {
             // A member first: a batch that adds and removes, so the example stands alone.
             return json{{"cmd", "special_group.remove_member"}, {"id", f.special}, {"customer_id", f.customer}}; }},
        // The imports' examples need no valid file: an employee is refused before anything is read.
        {"import.apply", [](const Firm&) { return json{{"cmd", "import.apply"}, {"token", "no-such-token"}}; }},
        {"dataset.import", [](const Firm&) { return json{{"cmd", "dataset.import"}, {"document", json::object()}}; }},
        {"csv.import", [](const Firm&) { return json{{"cmd", "csv.import"}, {"text", "Nimi\nUusi Oy\n"}}; }},
        {"batch", [](const Firm& f) {
             return json{{"cmd", "batch"}, {"commands", {{{"cmd", "customer.update"}, {"id", f.customer}, {"name", "A Oy"}},
                                                         {{"cmd", "project.update"}, {"id", f.project}, {"name", "B"}}}}}; }},
    };
    return kExamples;
}

bool is_import(const std::string& name) { return name == "import.apply" || name == "dataset.import" || name == "csv.import"; }

}  // namespace

TEST_CASE("every command's access mark agrees with what the server refuses an employee, for every registered command") {
    for (const CommandInfo& info : registered_commands()) {
        const std::string name = info.name;
        CAPTURE(name);
        const CommandSpec* spec = command_registry().find(name);
        REQUIRE(spec);
        if (!spec->run) {  // undo and redo: no commands on the server (issue #15)
            Firm f;
            CHECK_FALSE(sync::may_run(kAdmin, name));
            CHECK_FALSE(sync::may_run(f.anna_account, name));
            auto r = sync::execute(*f.e, "u1", {{"cmd", name}}, f.anna_account, kClock);
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().code == "command.unknown");
            continue;
        }
        auto example = examples().find(name);
        REQUIRE_MESSAGE(example != examples().end(), "no example for " << name << " in test_command_access.cpp");
        const bool admin_only = spec->access == CommandAccess::AdminOnly;

        // The administrator may run it, and the example is valid (imports excepted: no file here).
        std::set<std::string> tables;
        {
            Firm f;
            json cmd = example->second(f);
            if (name == "special_group.remove_member") f.run({{"cmd", "special_group.add_member"}, {"id", f.special}, {"customer_id", f.customer}});
            CHECK(sync::may_run(kAdmin, name));
            CHECK(sync::may_run_command(kAdmin, cmd));
            auto r = sync::execute(*f.e, "a1", cmd, kAdmin, kClock);
            INFO(cmd.dump(), " -> ", r.ok() ? std::string() : r.error().code + ": " + r.error().message);
            if (is_import(name)) {
                if (!r.ok()) CHECK(r.error().code.rfind("access.", 0) != 0);
            } else {
                REQUIRE(r.ok());
                for (const sync::RowImage& row : r.value().change.rows)
                    if (row.table != "change_log") tables.insert(row.table);
                CHECK_FALSE(tables.empty());
            }
        }
        // A command whose rows change the firm's lists is one only an administrator may run.
        for (const std::string& table : tables) {
            CAPTURE(table);
            if (row_scope(table) != RowScope::Customer) CHECK(admin_only);
        }

        // The employee: refused with access.admin_only exactly when the mark says so.
        Firm f;
        json cmd = example->second(f);
        if (name == "special_group.remove_member") f.run({{"cmd", "special_group.add_member"}, {"id", f.special}, {"customer_id", f.customer}});
        CHECK(sync::may_run(f.anna_account, name) == !admin_only);
        CHECK(sync::may_run_command(f.anna_account, cmd) == !admin_only);
        auto r = sync::execute(*f.e, "e1", cmd, f.anna_account, kClock);
        INFO(cmd.dump(), " -> ", r.ok() ? std::string() : r.error().code + ": " + r.error().message);
        if (admin_only) {
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().code == "access.admin_only");
        } else {
            CHECK(r.ok());
        }
    }
}

TEST_CASE("a batch may run when every command in it may, and the server refuses one with an admin-only command inside") {
    Firm f;
    const json mixed = {{"cmd", "batch"}, {"commands", {{{"cmd", "customer.update"}, {"id", f.customer}, {"name", "A Oy"}},
                                                        {{"cmd", "group.update"}, {"id", f.north}, {"name", "X"}}}}};
    CHECK(sync::may_run_command(kAdmin, mixed));
    CHECK_FALSE(sync::may_run_command(f.anna_account, mixed));
    auto r = sync::execute(*f.e, "b1", mixed, f.anna_account, kClock);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "access.admin_only");
    CHECK_FALSE(sync::may_run(f.anna_account, "no.such_command"));
}
