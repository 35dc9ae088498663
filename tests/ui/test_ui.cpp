// The UI driven with no window: a fake Platform, io.DisplaySize and a built font atlas, then real
// frames of the real App with synthetic mouse and keyboard events at the rectangles the item hooks
// recorded — the same paths the browser tests use through window.vastuu.itemRect().
#include <doctest/doctest.h>
#include <imgui.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <utility>
#include <vector>

#include "app.h"
#include "core/sql.h"
#include "io/demo_data.h"
#include "item_hooks.h"
#include "ui_harness.h"

using namespace vastuu;
using namespace vastuu::ui;

namespace {

using testing::UiHarness;

// The whole App on an in-memory demo database, on the system clock's day.
struct Harness : UiHarness {
    Harness() : UiHarness(ImVec2(1280, 800), "") { frames(3); }
    bool recorded_paths_contain(const std::string& part) { return recorded_paths().find(part) != std::string::npos; }
    size_t customers_named(const char* search) {
        CustomerFilter f;
        f.search = search;
        f.include_archived = true;
        return app->engine()->list_customers(f).size();
    }
};

}  // namespace

TEST_CASE("the customers view records item rectangles for its toolbar, table rows and the top bar") {
    Harness h;
    for (const char* path : {"customers.add", "customers.search", "customers.export", "customers.group",
                             "customers.show_archived", "nav.customers", "nav.employees", "file.menu",
                             "top.undo", "lang.en", "lang.fi", "status.save_state"})
        CHECK_MESSAGE(h.has(path), path);
    ItemRect add = h.rect("customers.add");
    CHECK(add.w > 0);
    CHECK(add.h > 0);
    CHECK(add.label == "+ Customer");
    bool some_row = h.recorded_paths_contain("customers.row.");
    CHECK(some_row);
}

TEST_CASE("a customer typed into the new-customer dialog and saved is in the engine") {
    Harness h;
    int64_t before = h.app->engine()->counts().customers;
    h.click("customers.add");
    REQUIRE(h.has("customer_dialog.name"));
    h.click("customer_dialog.name");
    h.type("Äijälä Testi Oy");
    h.click("customer_dialog.save");
    CHECK(h.app->engine()->counts().customers == before + 1);
    CHECK(h.customers_named("aijala testi") == 1);
    CHECK(h.platform.changes > 0);
    CHECK_FALSE(h.has("customer_dialog.save"));  // the dialog closed
}

TEST_CASE("an engine refusal keeps the dialog open and shows the message") {
    Harness h;
    int64_t before = h.app->engine()->counts().customers;
    h.click("customers.add");
    h.click("customer_dialog.save");  // empty name
    CHECK(h.app->engine()->counts().customers == before);
    CHECK(h.has("customer_dialog.save"));
    REQUIRE_FALSE(h.app->last_error().code.empty());
    CHECK(visible_text().find(h.app->last_error().message) != std::string::npos);
}

TEST_CASE("switching the language changes a visible label but not its item path") {
    Harness h;
    CHECK(h.rect("nav.customers").label == "Customers");
    h.click("lang.fi");
    CHECK(language() == Lang::Fi);
    CHECK(h.rect("nav.customers").label == "Asiakkaat");
    CHECK(h.rect("customers.add").label == "+ Asiakas");
    CHECK(h.platform.settings["language"] == "fi");
    h.click("lang.en");
    CHECK(h.rect("nav.customers").label == "Customers");
}

TEST_CASE("Ctrl+Z undoes the last command and Ctrl+Y redoes it") {
    Harness h;
    int64_t before = h.app->engine()->counts().customers;
    REQUIRE(h.app->run_command({{"cmd", "customer.create"}, {"name", "Undo Testi Oy"}}).ok());
    h.frames(2);
    CHECK(h.app->engine()->counts().customers == before + 1);
    h.key(ImGuiKey_Z, true);
    CHECK(h.app->engine()->counts().customers == before);
    h.key(ImGuiKey_Y, true);
    CHECK(h.app->engine()->counts().customers == before + 1);
}

TEST_CASE("a file that is not a database is refused with a dialog and the data stays as it was") {
    Harness h;
    int64_t before = h.app->engine()->counts().customers;
    std::string path = "ui_test_not_a_database.sqlite";
    {
        std::ofstream out(path, std::ios::binary);
        out << "this is not a database, just some text that is long enough to look like a file";
    }
    Status s = h.app->open_database_file(path);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code.rfind("db.", 0) == 0);
    h.frames(3);
    CHECK(h.has("open_db_error.ok"));
    CHECK(h.app->engine()->counts().customers == before);
    h.click("open_db_error.ok");
    CHECK_FALSE(h.has("open_db_error.ok"));
    std::remove(path.c_str());
}

TEST_CASE("the open-error dialog names the picked file and keeps SQLite's text behind a closed Details toggle") {
    Harness h;
    const std::string path = "ui_test_altered.sqlite";
    std::remove(path.c_str());
    {
        auto e = Engine::open(path);
        REQUIRE(e.ok());
        REQUIRE(exec(e.value()->handle(), "CREATE TRIGGER wipe AFTER INSERT ON change_log BEGIN DELETE FROM employee; END").ok());
    }
    Status s = h.app->offer_database_file(path, "Asiakkaat.sqlite");
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == "db.altered_schema");
    h.frames(3);
    CHECK(h.shows("\"Asiakkaat.sqlite\""));
    CHECK_FALSE(h.shows(path));
    CHECK(h.has("open_db_error.details"));
    CHECK_FALSE(h.has("open_db_error.detail"));
    CHECK_FALSE(h.shows("DELETE FROM employee"));
    h.click("open_db_error.details");
    h.frames(2);
    CHECK(h.has("open_db_error.detail"));
    CHECK(h.shows("DELETE FROM employee"));  // the trigger's SQL, in the detail
    h.click("open_db_error.ok");
    CHECK_FALSE(h.has("open_db_error.ok"));
    std::remove(path.c_str());
}

namespace {

bool exists(const std::string& path) { return std::ifstream(path).good(); }

// A database file holding `customers` customers and one employee, made through the engine.
void write_small_database(const std::string& path, int customers) {
    std::remove(path.c_str());
    auto e = Engine::open(path);
    REQUIRE(e.ok());
    for (int i = 0; i < customers; ++i)
        REQUIRE(e.value()->execute({{"cmd", "customer.create"}, {"name", "Tiedoston asiakas " + std::to_string(i)}}).ok());
    REQUIRE(e.value()->execute({{"cmd", "employee.create"}, {"name", "Åsa Öhman"}}).ok());
}

}  // namespace

TEST_CASE("the top bar keeps every button on one line and inside the window at 1024 px, in both languages") {
    for (Lang lang : {Lang::En, Lang::Fi}) {
        for (float width : {1024.0f, 1600.0f}) {
            UiHarness h(ImVec2(width, 700));
            h.app->set_language(lang);
            h.frames(3);
            CAPTURE(width);
            CAPTURE(lang == Lang::Fi ? "fi" : "en");
            const ItemRect last_nav = h.rect("nav.changes"), undo = h.rect("top.undo"), theme = h.rect("top.theme");
            INFO("last nav ends at " << last_nav.x + last_nav.w << ", undo starts at " << undo.x << ", theme ends at "
                                     << theme.x + theme.w);
            CHECK(last_nav.x + last_nav.w + 10 < undo.x);
            CHECK(theme.x + theme.w <= width);
            for (const char* path : {"file.menu", "nav.customers", "nav.employees", "nav.matrix", "nav.groups",
                                     "nav.special_groups", "nav.persons", "nav.changes", "top.undo", "top.redo", "lang.en",
                                     "lang.fi", "top.theme"}) {
                const ItemRect r = h.rect(path);
                CHECK_MESSAGE(r.x + r.w <= width, path);
                CHECK_MESSAGE(std::abs(r.y - undo.y) < 1, path);  // one line
            }
            // Wide windows keep the full labels; the short ones name themselves in the tooltip.
            if (width > 1500) CHECK(h.rect("lang.fi").label == "Suomi");
            h.app->set_language(Lang::En);
        }
    }
}

TEST_CASE("at 1024 px each view's toolbar items lie inside the window and none covers another, in both languages") {
    struct ViewItems {
        const char* nav;
        std::vector<const char*> items;
    };
    const ViewItems views[] = {
        {"nav.customers", {"customers.search", "customers.group", "customers.special_group", "customers.show_archived",
                           "customers.export", "customers.add"}},
        {"nav.employees", {"employees.show_archived", "employees.add_team", "employees.add"}},
        {"nav.matrix", {"matrix.customers", "matrix.projects", "matrix.roles", "matrix.export"}},
        {"nav.persons", {"persons.replace", "persons.export"}},
        {"nav.groups", {"groups.count", "groups.add"}},
        {"nav.special_groups", {"special_groups.count", "special_groups.add"}},
        {"nav.changes", {"changes.search", "changes.who", "changes.customer", "changes.from", "changes.to",
                         "changes.count", "changes.export"}},
    };
    for (Lang lang : {Lang::En, Lang::Fi}) {
        UiHarness h(ImVec2(1024, 700));
        h.app->set_language(lang);
        h.frames(3);
        for (const ViewItems& v : views) {
            h.click(v.nav);
            h.frames(2);
            std::vector<std::pair<std::string, ItemRect>> rects;
            for (const char* path : v.items) {
                CAPTURE(path);
                CAPTURE(lang == Lang::Fi ? "fi" : "en");
                REQUIRE(h.has(path));
                const ItemRect r = h.rect(path);
                CHECK(r.x >= 0);
                CHECK(r.x + r.w <= 1024);
                for (const auto& [other, o] : rects) {
                    INFO(path << " at " << r.x << ".." << r.x + r.w << ", " << r.y << "; " << other << " at " << o.x
                              << ".." << o.x + o.w << ", " << o.y);
                    const bool apart = r.x >= o.x + o.w || o.x >= r.x + r.w || r.y >= o.y + o.h || o.y >= r.y + r.h;
                    CHECK(apart);
                }
                rects.emplace_back(path, r);
            }
        }
        h.app->set_language(Lang::En);
    }
}

TEST_CASE("Open database asks first, naming the file and what is replaced by what; Cancel keeps everything") {
    const std::string target = "ui_test_open_target.sqlite", picked = "ui_test_open_picked.sqlite";
    std::remove(target.c_str());
    UiHarness h(ImVec2(1280, 800), "2026-11-26", nullptr, target);
    const Counts before = h.app->engine()->counts();
    REQUIRE(before.customers > 2);
    write_small_database(picked, 2);

    REQUIRE(h.app->offer_database_file(picked, "asiakkaat 2026.sqlite").ok());
    h.frames(3);
    REQUIRE(h.has("open_confirm.ok"));
    CHECK(h.shows("Open \"asiakkaat 2026.sqlite\"? It replaces all the data in the app."));
    CHECK(h.shows("Now: " + std::to_string(before.customers) + " customers, " + std::to_string(before.employees) +
                    " employees, " + std::to_string(before.responsibilities) + " responsibilities"));
    CHECK(h.shows("In the file: 2 customers, 1 employee, 0 responsibilities"));
    CHECK(h.app->engine()->counts().customers == before.customers);  // nothing yet
    h.click("open_confirm.cancel");
    CHECK_FALSE(h.has("open_confirm.ok"));
    CHECK(h.app->engine()->counts().customers == before.customers);
    CHECK_FALSE(exists(picked));  // the picked copy is gone
    CHECK_FALSE(h.app->has_previous_database());
    h.app.reset();
    std::remove(target.c_str());
}

TEST_CASE("the data an Open database replaced comes back with Undo, after the commands made since") {
    const std::string target = "ui_test_open_target2.sqlite", picked = "ui_test_open_picked2.sqlite";
    std::remove(target.c_str());
    UiHarness h(ImVec2(1280, 800), "2026-11-26", nullptr, target);
    const int64_t before = h.app->engine()->counts().customers;
    write_small_database(picked, 2);
    REQUIRE(h.app->offer_database_file(picked, "pieni.sqlite").ok());
    h.frames(3);
    h.click("open_confirm.ok");
    CHECK_FALSE(h.has("open_confirm.ok"));
    REQUIRE(h.app->engine()->counts().customers == 2);
    CHECK(h.app->has_previous_database());
    CHECK(h.app->can_undo());
    CHECK(h.app->undo_label() == "Open database");

    REQUIRE(h.app->run_command({{"cmd", "customer.create"}, {"name", "Kolmas Oy"}}).ok());
    h.frames(2);
    CHECK(h.app->engine()->counts().customers == 3);
    h.key(ImGuiKey_Z, true);  // the command first
    CHECK(h.app->engine()->counts().customers == 2);
    CHECK(h.app->undo_label() == "Open database");
    h.key(ImGuiKey_Z, true);  // then the open itself
    CHECK(h.app->engine()->counts().customers == before);
    CHECK_FALSE(h.app->has_previous_database());
    CHECK_FALSE(h.app->can_undo());
    // The restored data is the file on disk too, not only in memory.
    h.app.reset();
    auto reopened = Engine::open(target);
    REQUIRE(reopened.ok());
    CHECK(reopened.value()->counts().customers == before);
    reopened.value().reset();
    std::remove(target.c_str());
}

TEST_CASE("File › Restore previous data takes back a reset to demo data; a refused file names the picked file") {
    const std::string target = "ui_test_open_target3.sqlite", bad = "ui_test_bad_pick.bin";
    std::remove(target.c_str());
    UiHarness h(ImVec2(1280, 800), "2026-11-26", nullptr, target);
    REQUIRE(h.app->run_command({{"cmd", "customer.create"}, {"name", "Ennen nollausta Oy"}}).ok());
    const int64_t before = h.app->engine()->counts().customers;
    REQUIRE(h.app->reset_to_demo().ok());
    h.frames(2);
    CHECK(h.app->engine()->counts().customers == before - 1);
    h.click("file.menu");
    h.click("file.restore_previous");
    CHECK(h.app->engine()->counts().customers == before);
    h.click("file.menu");
    CHECK_FALSE(h.has("file.restore_previous"));
    h.key(ImGuiKey_Escape);

    {
        std::ofstream out(bad, std::ios::binary);
        out << "not a database at all, only text long enough to look like a file to someone";
    }
    Status s = h.app->offer_database_file(bad, "kuvat.sqlite");
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message.find("kuvat.sqlite") != std::string::npos);
    CHECK(s.error().message.find(bad) == std::string::npos);
    h.frames(3);
    CHECK(h.has("open_db_error.ok"));
    CHECK(h.shows("\"kuvat.sqlite\" was not opened:"));
    CHECK_FALSE(h.has("open_confirm.ok"));
    CHECK_FALSE(exists(bad));
    h.app.reset();
    std::remove(target.c_str());
}

TEST_CASE("the File menu downloads the database and the customers workbook with their names and types") {
    Harness h;
    h.click("file.menu");
    h.click("file.download_db");
    REQUIRE(h.platform.downloads.size() == 1);
    CHECK(h.platform.downloads[0].name == "vastuu-" + h.app->engine()->today() + ".sqlite");  // the one clock
    CHECK(h.platform.downloads[0].mime == "application/vnd.sqlite3");
    CHECK(h.platform.downloads[0].bytes.size() > 4096);
    h.click("customers.export");
    REQUIRE(h.platform.downloads.size() == 2);
    CHECK(h.platform.downloads[1].name == "customers.xlsx");
    CHECK(h.platform.downloads[1].bytes.size() > 1000);
}

TEST_CASE("the employees view adds a team and an employee in it through its dialogs") {
    Harness h;
    h.click("nav.employees");
    CHECK(h.has("employees.add"));
    size_t teams_before = h.app->engine()->list_teams().size();
    h.click("employees.add_team");
    h.click("team_dialog.name");
    h.type("Palkanlaskenta");
    h.click("team_dialog.save");
    REQUIRE(h.app->engine()->list_teams().size() == teams_before + 1);

    size_t employees_before = h.app->engine()->list_employees(true).size();
    h.click("employees.add");
    h.click("employee_dialog.name");
    h.type("Öhman Åsa");
    h.click("employee_dialog.email");
    h.type("asa.ohman@example.fi");
    h.click("employee_dialog.save");
    auto employees = h.app->engine()->list_employees(true);
    REQUIRE(employees.size() == employees_before + 1);
    bool found = false;
    for (const Employee& e : employees)
        if (e.name == "Öhman Åsa") found = e.email == "asa.ohman@example.fi";
    CHECK(found);
}

TEST_CASE("reset to demo data asks first and then replaces the data") {
    Harness h;
    REQUIRE(h.app->run_command({{"cmd", "customer.create"}, {"name", "Poistuva Oy"}}).ok());
    h.click("file.menu");
    h.click("file.reset_demo");
    REQUIRE(h.has("reset_confirm.ok"));
    CHECK(h.customers_named("poistuva") == 1);
    h.click("reset_confirm.ok");
    CHECK(h.customers_named("poistuva") == 0);
    CHECK(h.app->engine()->counts().customers == demo_default().customers);
}

TEST_CASE("a click on a customer row opens its edit dialog even when the mouse jumps straight there") {
    Harness h;
    REQUIRE(h.has("customers.row.1000"));
    h.click_at_once("customers.row.1000");
    REQUIRE(h.has("customer_dialog.archived"));
    CHECK(h.rect("customer_dialog.save").label == "Save");
    h.click_at_once("customer_dialog.archived");
    h.click_at_once("customer_dialog.save");
    CustomerFilter f;
    f.search = "1000";
    CHECK(h.app->engine()->list_customers(f).empty());  // archived: hidden by default
    f.include_archived = true;
    REQUIRE(h.app->engine()->list_customers(f).size() == 1);
    CHECK(h.app->engine()->list_customers(f)[0].archived);
}
