// The administrator's Changes view with no window: the nav button (offered to the administrator
// only), the filters by person, day and customer driven through the recorded items, the Excel
// download read back, the route; and in team mode an employee's UI offering only what the server
// accepts (sync::may_run), an administrator's everything.
#include <doctest/doctest.h>
#include <imgui.h>

#include <algorithm>

#include "app.h"
#include "team_harness.h"
#include "view_changes.h"
#include "xlsx_reader.h"

using namespace vastuu;
using namespace vastuu::ui;
using namespace vastuu::ui::testing;
using nlohmann::json;

namespace {

// draw_changes_view() alone at 1600 × 900, after changes by three people.
struct ChangesHarness : UiHarness {
    ChangesView view;
    int64_t alfa = 0, beta = 0;

    ChangesHarness() : UiHarness(ImVec2(1600, 900), "2026-11-26") {
        Engine& e = *app->engine();
        e.set_actor("Aino Evans");
        alfa = run({{"cmd", "customer.create"}, {"name", "Äijälä Alfa Oy"}})["id"];
        run({{"cmd", "customer.update"}, {"id", alfa}, {"name", "Äijälä Alfa Oyj"}});
        e.set_actor("Ville Virta");
        beta = run({{"cmd", "customer.create"}, {"name", "Beeta Ab"}})["id"];
        run({{"cmd", "project.create"}, {"customer_id", alfa}, {"name", "Tilinpäätös"}});
        e.set_actor("Päivi Pääkäyttäjä");
        run({{"cmd", "team.create"}, {"name", "Uusi tiimi"}});
        draw_alone("###changes_test", [this] { draw_changes_view(*app, view); });
        frames(3);
    }
    json run(const json& command) {
        auto r = app->run_command(command);
        INFO(command.dump());
        REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
        return r.value();
    }
    // Picks `name` in the person combo.
    void pick_person(const std::string& name) {
        const auto& people = view.model.people();
        auto it = std::find(people.begin(), people.end(), name);
        REQUIRE(it != people.end());
        click("changes.who");
        click("changes.who." + std::to_string(it - people.begin()));
    }
};

}  // namespace

TEST_CASE("the Changes view lists every change newest first with its filter bar, toolbar and headers") {
    ChangesHarness h;
    for (const char* path : {"changes.search", "changes.who", "changes.customer", "changes.from", "changes.to",
                             "changes.count", "changes.export", "changes.column.time", "changes.column.changes"})
        CHECK_MESSAGE(h.has(path), path);
    const ChangeHistory& m = h.view.model;
    REQUIRE(m.row_count() >= 5);
    CHECK(m.row_who(0) == "Päivi Pääkäyttäjä");
    CHECK(h.has("changes.row." + std::to_string(m.row_id(0).value)));
    CHECK(h.shows("add team"));
    CHECK(h.shows("Team Uusi tiimi"));
    CHECK(h.shows("Name: Äijälä Alfa Oy \xE2\x86\x92 Äijälä Alfa Oyj"));
}

TEST_CASE("picking a person lists only their changes, and Excel downloads exactly those rows") {
    ChangesHarness h;
    h.pick_person("Aino Evans");
    const ChangeHistory& m = h.view.model;
    REQUIRE(m.row_count() == 2);
    for (size_t i = 0; i < m.row_count(); ++i) CHECK(m.row_who(i) == "Aino Evans");
    CHECK(h.shows("2 changes"));
    CHECK_FALSE(h.shows("Beeta Ab"));

    h.click("changes.export");
    REQUIRE(h.platform.downloads.size() == 1);
    CHECK(h.platform.downloads[0].name == "changes.xlsx");
    auto rows = xlsx_test::sheet_rows(h.platform.downloads[0].bytes);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0] == std::vector<std::string>{"Time (UTC)", "Who", "Action", "What", "Changes"});
    CHECK(rows[1][1] == "Aino Evans");
    CHECK(rows[1][2] == "edit customer");
    CHECK(rows[1][3] == "Customer Äijälä Alfa Oyj");
    CHECK(rows[2][2] == "add customer");
    CHECK(rows[2][4] == "created");

    h.click("changes.clear");
    CHECK(m.row_count() >= 5);
}

TEST_CASE("picking a customer lists its changes and its projects'; a click on what opens its card") {
    ChangesHarness h;
    h.click("changes.customer");
    h.type("aijala alfa");
    h.frames(2);
    h.click("changes.customer." + std::to_string(h.alfa));
    const ChangeHistory& m = h.view.model;
    REQUIRE(m.row_count() == 3);  // created, renamed, its project
    CHECK(h.view.filter_key.find(std::to_string(h.alfa)) != std::string::npos);
    h.click("changes.what." + std::to_string(h.view.model.row_id(0).value));
    CardRequest card;
    REQUIRE(h.app->take_card_request(card));
    CHECK(card.customer == CustomerId(h.alfa));
}

TEST_CASE("a day that is not a date is flagged and restricts nothing; real days do") {
    ChangesHarness h;
    const size_t all = h.view.model.row_count();
    h.click("changes.from");
    h.type("2026-13-01");
    CHECK(h.has("changes.from.error"));
    CHECK(h.shows("Not a date: 2026-13-01"));
    CHECK(h.view.model.row_count() == all);
    h.click("changes.from");
    h.clear_field();
    h.type("2999-01-01");  // the changes were all made today (the system clock's now)
    CHECK_FALSE(h.has("changes.from.error"));
    CHECK(h.view.model.row_count() == 0);
    CHECK(h.shows("No changes match the filters."));
}

TEST_CASE("the Changes button is offered in the browser app, opens the view, and the route keeps its filters") {
    UiHarness h;
    h.frames(3);
    REQUIRE(h.has("nav.changes"));
    h.click("nav.changes");
    CHECK(h.app->view() == View::Changes);
    CHECK(h.app->stats()["view"] == "changes");
    h.app->open_route("#/changes?who=Aino%20Evans&from=2026-11-01&to=2026-11-30&customer=12&q=oy");
    h.frames(2);
    CHECK(h.app->route() == "#/changes?who=Aino%20Evans&from=2026-11-01&to=2026-11-30&customer=12&q=oy");
}

TEST_CASE("signed in to a team server as an employee: no Changes, and admin-only actions disabled with a tooltip") {
    FakeTransport t;
    UiHarness h(ImVec2(1600, 900), "2026-11-26", &t);
    sign_in_and_load(h, t, account_json("employee"), "changes_test_employee.sqlite");
    REQUIRE(h.app->engine());
    CHECK_FALSE(h.has("nav.changes"));
    h.app->open_route("#/changes");
    h.frames(2);
    CHECK_FALSE(h.has("changes.export"));  // the view is not drawn for them
    CHECK(may_run(*h.app, "customer.update"));
    CHECK_FALSE(may_run(*h.app, "employee.create"));

    h.click("nav.employees");
    const size_t sent = t.of("send").size();
    h.click("employees.add");
    h.click("employees.add_team");
    CHECK_FALSE(h.has("employee_dialog"));
    CHECK_FALSE(h.has("team_dialog"));
    h.move_to("employees.add");
    h.frames(2);
    CHECK(h.shows("Only an administrator can do this."));

    h.click("nav.groups");
    CHECK(h.has("groups.add"));
    h.click("groups.add");
    CHECK_FALSE(h.has("group_dialog"));
    h.click("nav.special_groups");
    h.click("special_groups.add");
    CHECK_FALSE(h.has("special_group_dialog"));
    h.click("nav.matrix");
    h.click("matrix.roles");
    CHECK_FALSE(h.has("roles_dialog"));
    h.click("nav.persons");
    h.click("persons.replace");
    CHECK_FALSE(h.has("replace_dialog"));
    CHECK(t.of("send").size() == sent);  // nothing was sent to the server
}

TEST_CASE("signed in to a team server as an administrator: Changes and every action are offered") {
    FakeTransport t;
    UiHarness h(ImVec2(1600, 900), "2026-11-26", &t);
    sign_in_and_load(h, t, account_json("admin"), "changes_test_admin.sqlite");
    REQUIRE(h.has("nav.changes"));
    CHECK(may_run(*h.app, "employee.create"));
    h.click("nav.employees");
    h.click("employees.add");
    CHECK(h.has("employee_dialog.name"));
    h.key(ImGuiKey_Escape);
    h.click("nav.changes");
    CHECK(h.has("changes.export"));
}
