// Every dialog fits the window (ui/dialog_frame.h): at 1024 × 700, and smaller, each dialog's buttons
// lie inside the viewport whatever the dialog holds (a long preview, thousands of import errors), the
// dialog is centred after it grows and after the window is resized, and Enter and Escape act on it.
#include <doctest/doctest.h>
#include <imgui.h>

#include <sstream>
#include <string>
#include <vector>

#include "ui_harness.h"

using namespace vastuu;
using namespace vastuu::ui;
using testing::UiHarness;

namespace {

struct FitHarness : UiHarness {
    explicit FitHarness(ImVec2 size = ImVec2(1024, 700)) : UiHarness(size) { frames(3); }

    // The first recorded path starting with `prefix` (rows on screen).
    std::string first(const std::string& prefix) {
        std::istringstream lines(recorded_paths());
        for (std::string line; std::getline(lines, line);)
            if (line.rfind(prefix, 0) == 0) return line;
        return "";
    }
    void check_inside(const std::string& path) {
        INFO(path);
        REQUIRE(has(path));
        ItemRect r = rect(path);
        const ImVec2 d = ImGui::GetIO().DisplaySize;
        CHECK(r.x >= 0);
        CHECK(r.y >= 0);
        CHECK(r.x + r.w <= d.x);
        CHECK(r.y + r.h <= d.y);
    }
    void check_centred(const std::string& window) {
        ItemRect r = rect(window);
        const ImVec2 d = ImGui::GetIO().DisplaySize;
        CHECK(std::abs(r.x + r.w / 2 - d.x / 2) <= 2);
        CHECK(std::abs(r.y + r.h / 2 - d.y / 2) <= 2);
    }
    void go(View view) {
        app->set_view(view);
        frames(4);
    }
    int64_t employee_with_most_responsibilities() {
        int64_t best = 0;
        size_t most = 0;
        for (const Employee& e : app->engine()->list_employees(false)) {
            size_t n = 0;
            for (const Customer& c : app->engine()->list_customers({}))
                for (const Responsibility& r : app->engine()->list_responsibilities(c.id)) n += r.employee == e.id;
            if (n > most) {
                most = n;
                best = e.id.value;
            }
            if (most > 40) break;
        }
        return best;
    }
};

// A CSV of customers with `n` bad rows (empty names).
std::string bad_customers_csv(int n) {
    std::string csv = "number,name\n";
    for (int i = 0; i < n; ++i) csv += std::to_string(900000 + i) + ",\n";
    return csv;
}

}  // namespace

TEST_CASE("at 1024 x 700 every dialog's buttons lie inside the viewport") {
    FitHarness h;
    SUBCASE("customer, employee and team dialogs") {
        h.click("customers.add");
        h.check_inside("customer_dialog.save");
        h.check_inside("customer_dialog.cancel");
        h.click("customer_dialog.cancel");
        h.go(View::Employees);
        h.click("employees.add");
        h.check_inside("employee_dialog.save");
        h.check_inside("employee_dialog.cancel");
        h.click("employee_dialog.cancel");
        h.click("employees.add_team");
        h.check_inside("team_dialog.save");
        h.check_inside("team_dialog.cancel");
    }
    SUBCASE("the replace dialog after a preview of many customers, and the interval dialog") {
        h.go(View::Persons);
        h.click("persons.replace");
        const int64_t from = h.employee_with_most_responsibilities();
        REQUIRE(from);
        h.click("replace.from");
        h.click("replace.from." + std::to_string(from));
        h.click("replace.to");
        std::string to = h.first("replace.to.");
        for (std::istringstream lines(recorded_paths()); std::getline(lines, to);)
            if (to.rfind("replace.to.", 0) == 0 && to != "replace.to.search" && to != "replace.to.any" &&
                to != "replace.to." + std::to_string(from))
                break;
        h.click(to);
        h.click("replace.preview");
        REQUIRE(h.has("replace.count"));
        h.check_inside("replace.apply");
        h.check_inside("replace.cancel");
        h.check_centred("replace_dialog");
        h.click("replace.cancel");
        h.click(h.first("persons.interval."));
        h.check_inside("interval.save");
        h.check_inside("interval.cancel");
    }
    SUBCASE("the import dialog with thousands of errors") {
        h.app->open_import_file("bad.csv", bad_customers_csv(3000));
        h.frames(4);
        REQUIRE(h.has("import_dialog"));
        h.check_inside("import.save");
        h.check_inside("import.cancel");
    }
    SUBCASE("the card, the roles and the assign-role dialogs") {
        h.click(h.first("customers.name."));
        h.check_inside("card.close");
        h.click("card.close");
        h.go(View::Matrix);
        h.click("matrix.roles");
        h.check_inside("roles_dialog.close");
        if (!h.has("matrix.by_role")) h.click("roles_dialog.enabled");
        h.click("roles_dialog.close");
        if (!h.app->engine()->list_roles().empty()) {
            h.click("matrix.by_role");
            h.click(h.first("matrix.row_add."));
            h.check_inside("assign_role.save");
            h.check_inside("assign_role.cancel");
        }
    }
    SUBCASE("group and special group dialogs and their delete confirmations") {
        h.go(View::Groups);
        h.click("groups.add");
        h.check_inside("group_dialog.save");
        h.check_inside("group_dialog.cancel");
        h.click("group_dialog.tab.customers");
        h.check_inside("group_dialog.save");
        h.click("group_dialog.cancel");
        h.click(h.first("groups.delete."));
        h.check_inside("groups.confirm_delete");
        h.check_inside("groups.cancel_delete");
        h.click("groups.cancel_delete");
        h.go(View::SpecialGroups);
        h.click("special_groups.add");
        h.check_inside("special_group_dialog.save");
        h.check_inside("special_group_dialog.cancel");
        h.click("special_group_dialog.cancel");
        h.click(h.first("special_groups.delete."));
        h.check_inside("special_groups.confirm_delete");
        h.check_inside("special_groups.cancel_delete");
    }
    SUBCASE("the open-database error and the reset confirmation") {
        CHECK_FALSE(h.app->open_database_file("/nonexistent/vastuu-test.sqlite").ok());
        h.frames(3);
        h.check_inside("open_db_error.ok");
        h.click("open_db_error.ok");
        h.click("file.menu");
        h.click("file.reset_demo");
        h.check_inside("reset_confirm.ok");
        h.check_inside("reset_confirm.cancel");
    }
}

TEST_CASE("a dialog taller than the window scrolls its body and keeps its buttons; it re-centres when the window changes") {
    FitHarness h(ImVec2(1024, 700));
    h.app->open_import_file("bad.csv", bad_customers_csv(40));
    h.frames(4);
    h.check_inside("import.cancel");
    h.check_centred("import_dialog");
    ImGui::GetIO().DisplaySize = ImVec2(800, 420);  // the window shrinks
    h.frames(4);
    h.check_inside("import.cancel");
    h.check_inside("import.save");
    h.check_centred("import_dialog");
    ImGui::GetIO().DisplaySize = ImVec2(1600, 1000);
    h.frames(4);
    h.check_centred("import_dialog");
}

TEST_CASE("Enter saves a form dialog, Escape cancels it, and Enter in a multi-line field is a new line") {
    FitHarness h;
    h.click("customers.add");
    h.click("customer_dialog.name");
    h.type("Enterin Oy");
    h.key(ImGuiKey_Enter);
    CHECK_FALSE(h.has("customer_dialog.save"));
    CustomerFilter f;
    f.search = "Enterin";
    CHECK(h.app->engine()->list_customers(f).size() == 1);

    h.click("customers.add");
    h.click("customer_dialog.name");
    h.type("Peruttu Oy");
    h.key(ImGuiKey_Escape);
    h.frames(2);
    CHECK_FALSE(h.has("customer_dialog.save"));
    f.search = "Peruttu";
    CHECK(h.app->engine()->list_customers(f).empty());

    h.go(View::Employees);
    h.click("employees.add");
    h.click("employee_dialog.name");
    h.type("Rivinvaihto Testi");
    h.click("employee_dialog.seller_info");
    h.type("eka");
    h.key(ImGuiKey_Enter);
    CHECK(h.has("employee_dialog.save"));  // still open: Enter made a new line
    h.click("employee_dialog.name");
    h.key(ImGuiKey_Enter);
    CHECK_FALSE(h.has("employee_dialog.save"));
}
