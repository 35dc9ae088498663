// The responsibilities matrix view driven with no window: the real App on an in-memory demo
// database, draw_matrix_view() in a full-screen window, synthetic mouse and keyboard events at the
// rectangles the view records (matrix.cell.<row>.<employee>, matrix.col.<employee>, ...).
#include <doctest/doctest.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <sstream>

#include "app.h"
#include "item_hooks.h"
#include "ui_harness.h"
#include "view_matrix.h"

using namespace vastuu;
using namespace vastuu::ui;

namespace {

using testing::UiHarness;

// draw_matrix_view() alone in a full-screen window at 1600 × 900.
struct MatrixHarness : UiHarness {
    MatrixView view;

    MatrixHarness() : UiHarness(ImVec2(1600, 900)) {
        draw_alone("###matrix_test", [this] { draw_matrix_view(*app, view); });
        frames(3);
    }

    const ResponsibilityMatrix& model() const { return view.model; }
    void drag(const std::string& from, const std::string& to) {
        move_to(from);
        ImGuiIO& io = ImGui::GetIO();
        io.AddMouseButtonEvent(0, true);
        frame();
        ItemRect r = rect(to);
        io.AddMousePosEvent(r.x + r.w / 2, r.y + r.h / 2);
        frames(2);
        io.AddMouseButtonEvent(0, false);
        frames(3);
    }
    std::string cell_path(size_t row, size_t col) const {
        return "matrix.cell." + matrix_row_key(view.model, row) + "." +
               std::to_string(view.model.column_employee(col).value);
    }
    bool active(size_t row, size_t col) const { return view.model.cell_flags(row, col) & kCellActive; }
    // The first visible row with `wanted` (active or not) in column `col`.
    long row_where(size_t col, bool wanted, size_t from = 0) const {
        for (size_t r = from; r < 20 && r < view.model.row_count(); ++r)
            if (active(r, col) == wanted) return long(r);
        return -1;
    }
};

}  // namespace

TEST_CASE("the matrix records its toolbar, filter widgets, column headers and visible cells for automation") {
    MatrixHarness h;
    for (const char* path : {"matrix.search", "matrix.projects", "matrix.export", "matrix.roles", "matrix.count",
                             "matrix.filter.group", "matrix.filter.special_group", "matrix.filter.team",
                             "matrix.filter.employee", "matrix.filter.salesperson", "matrix.filter.archived",
                             "matrix.filter.uncovered"})
        CHECK_MESSAGE(h.has(path), path);
    REQUIRE(h.model().row_count() > 20);
    REQUIRE(h.model().column_count() > 10);
    CHECK(h.has("matrix.col." + std::to_string(h.model().column_employee(0).value)));
    ItemRect cell = h.rect(h.cell_path(0, 0));
    CHECK(cell.w == doctest::Approx(28));
    CHECK(cell.h == doctest::Approx(22));
    // Only visible cells are recorded: a row far below the window is not.
    CHECK_FALSE(h.has(h.cell_path(h.model().row_count() - 1, 0)));
    CHECK(visible_text().find("customers ×") != std::string::npos);
}

TEST_CASE("a click on a cell makes the employee responsible, a second click removes it, and undo restores it") {
    MatrixHarness h;
    long row = h.row_where(1, false);
    REQUIRE(row >= 0);
    const uint64_t rev = h.app->engine()->revision();
    const int64_t before = h.model().column_responsibility_count(1);
    h.click(h.cell_path(size_t(row), 1));
    CHECK(h.app->engine()->revision() == rev + 1);
    CHECK(h.active(size_t(row), 1));
    CHECK(h.model().column_responsibility_count(1) == before + 1);
    CHECK(h.view.grid.cursor_row == row);
    h.click(h.cell_path(size_t(row), 1));
    CHECK_FALSE(h.active(size_t(row), 1));
    h.app->undo();
    h.frames(2);
    CHECK(h.active(size_t(row), 1));
}

TEST_CASE("dragging across cells sets the whole rectangle in one command, decided by the first cell") {
    MatrixHarness h;
    long row = h.row_where(2, false);
    REQUIRE(row >= 0);
    const uint64_t rev = h.app->engine()->revision();
    h.drag(h.cell_path(size_t(row), 2), h.cell_path(size_t(row) + 3, 4));
    CHECK(h.app->engine()->revision() == rev + 1);
    for (size_t r = size_t(row); r <= size_t(row) + 3; ++r)
        for (size_t c = 2; c <= 4; ++c) CHECK_MESSAGE(h.active(r, c), r << "," << c);
    // Dragging from an active cell clears.
    h.drag(h.cell_path(size_t(row) + 3, 4), h.cell_path(size_t(row), 2));
    for (size_t r = size_t(row); r <= size_t(row) + 3; ++r)
        for (size_t c = 2; c <= 4; ++c) CHECK_FALSE(h.active(r, c));
    CHECK(h.app->engine()->revision() == rev + 2);
    h.app->undo();  // one undo step brings back the whole rectangle
    h.frames(2);
    for (size_t r = size_t(row); r <= size_t(row) + 3; ++r)
        for (size_t c = 2; c <= 4; ++c) CHECK(h.active(r, c));
}

TEST_CASE("Shift+click fills the rectangle with the anchor cell's state after its click, in one undo step") {
    MatrixHarness h;
    long row = h.row_where(5, false);
    REQUIRE(row >= 0);
    // Click an empty cell: it becomes checked. Shift+click two rows down and two columns right: all checked.
    h.click(h.cell_path(size_t(row), 5));
    REQUIRE(h.active(size_t(row), 5));
    uint64_t rev = h.app->engine()->revision();
    h.click(h.cell_path(size_t(row) + 2, 7), true);
    CHECK(h.app->engine()->revision() == rev + 1);
    for (size_t r = size_t(row); r <= size_t(row) + 2; ++r)
        for (size_t c = 5; c <= 7; ++c) CHECK_MESSAGE(h.active(r, c), r << "," << c);
    // Click a checked cell: it is cleared. Shift+click back to the first corner: all cleared.
    h.click(h.cell_path(size_t(row) + 2, 7));
    REQUIRE_FALSE(h.active(size_t(row) + 2, 7));
    rev = h.app->engine()->revision();
    h.click(h.cell_path(size_t(row), 5), true);
    CHECK(h.app->engine()->revision() == rev + 1);
    for (size_t r = size_t(row); r <= size_t(row) + 2; ++r)
        for (size_t c = 5; c <= 7; ++c) CHECK_FALSE(h.active(r, c));
    h.app->undo();  // one step brings the whole rectangle back (the cleared corner stays cleared)
    h.frames(2);
    for (size_t r = size_t(row); r <= size_t(row) + 2; ++r)
        for (size_t c = 5; c <= 7; ++c)
            CHECK_MESSAGE(h.active(r, c) == !(r == size_t(row) + 2 && c == 7), r << "," << c);
}

TEST_CASE("the column menu makes an employee responsible for all visible rows, then removes them") {
    MatrixHarness h;
    std::snprintf(h.view.search, sizeof(h.view.search), "oy");
    h.frames(2);
    const size_t rows = h.model().row_count();
    REQUIRE(rows > 1);
    REQUIRE(rows < 300);
    const std::string col = "matrix.col." + std::to_string(h.model().column_employee(3).value);
    h.click(col);
    REQUIRE(h.has("matrix.col_menu.set_all"));
    h.click("matrix.col_menu.set_all");
    // Every row is now covered (a responsibility that has not started yet counts: set_many leaves it).
    size_t covered = 0;
    for (size_t r = 0; r < rows; ++r) covered += (h.model().cell_flags(r, 3) & (kCellActive | kCellFuture)) ? 1 : 0;
    CHECK(covered == rows);
    h.right_click(col);
    REQUIRE(h.has("matrix.col_menu.clear_all"));
    h.click("matrix.col_menu.clear_all");
    CHECK(h.model().column_responsibility_count(3) == 0);
}

TEST_CASE("filters combine: accent-insensitive search, team columns, uncovered rows") {
    MatrixHarness h;
    REQUIRE(h.app->run_command({{"cmd", "customer.create"}, {"name", "Äijälä Matriisi Oy"}}).ok());
    h.frames(2);
    std::snprintf(h.view.search, sizeof(h.view.search), "aijala matriisi");
    h.frames(2);
    REQUIRE(h.model().row_count() == 1);
    CHECK(h.model().row_label(0) == "Äijälä Matriisi Oy");
    CHECK(h.model().row_responsible_count(0) == 0);
    h.view.uncovered = true;
    h.frames(2);
    CHECK(h.model().row_count() == 1);  // nobody is responsible for the new customer
    h.click(h.cell_path(0, 0));
    h.view.search[0] = 0;  // a filter change re-applies: the covered customer leaves
    h.frames(2);
    std::snprintf(h.view.search, sizeof(h.view.search), "aijala matriisi");
    h.frames(2);
    CHECK(h.model().row_count() == 0);
    CHECK(visible_text().find("No rows match") != std::string::npos);

    h.view.uncovered = false;
    h.view.search[0] = 0;
    const size_t all_columns = h.model().column_count();
    REQUIRE_FALSE(h.view.teams.empty());
    h.view.team = h.view.teams.front().id;
    h.frames(2);
    CHECK(h.model().column_count() < all_columns);
    CHECK(h.model().column_count() > 0);
}

TEST_CASE("the Projects button turns rows into projects under their customer") {
    MatrixHarness h;
    h.click("matrix.projects");
    CHECK(h.view.projects);
    REQUIRE(h.model().row_count() > 0);
    CHECK(h.model().row_project(0));
    CHECK(h.has("matrix.cell." + std::to_string(h.model().row_project(0).value) + "." +
                std::to_string(h.model().column_employee(0).value)));
    long row = h.row_where(0, false);
    REQUIRE(row >= 0);
    h.click(h.cell_path(size_t(row), 0));
    CHECK(h.active(size_t(row), 0));
    h.click("matrix.customers");
    CHECK_FALSE(h.model().row_project(0));
}

TEST_CASE("arrow keys move the cell cursor, Space toggles, Page Down and End jump, Ctrl+F goes to search") {
    MatrixHarness h;
    h.view.grid.focus_request = true;
    h.frames(2);
    h.key(ImGuiKey_DownArrow);  // the first key puts the cursor on the top-left visible cell
    CHECK(h.view.grid.cursor_row == 0);
    CHECK(h.view.grid.cursor_col == 0);
    h.key(ImGuiKey_DownArrow);
    h.key(ImGuiKey_RightArrow);
    CHECK(h.view.grid.cursor_row == 1);
    CHECK(h.view.grid.cursor_col == 1);
    bool was = h.active(1, 1);
    h.key(ImGuiKey_Space);
    CHECK(h.active(1, 1) != was);
    h.key(ImGuiKey_PageDown);
    CHECK(h.view.grid.cursor_row > 10);
    h.key(ImGuiKey_End);
    CHECK(h.view.grid.cursor_col == long(h.model().column_count()) - 1);
    h.key(ImGuiKey_End, true);
    CHECK(h.view.grid.cursor_row == long(h.model().row_count()) - 1);
    h.frames(2);  // scrolled so that the cursor cell is visible and recorded
    CHECK(h.has(h.cell_path(h.model().row_count() - 1, h.model().column_count() - 1)));
    h.key(ImGuiKey_Home, true);
    CHECK(h.view.grid.cursor_row == 0);
    h.key(ImGuiKey_F, true);
    CHECK(ImGui::GetIO().WantTextInput);
}

TEST_CASE("By role and its + are there at once when the data uses roles; Use roles switches them off and on") {
    MatrixHarness h;
    REQUIRE(h.app->engine()->setting("roles_enabled", "") == "");  // never switched: the data decides
    CHECK(h.has("matrix.by_role"));  // the demo data has responsibilities with roles
    h.click("matrix.by_role");
    CHECK(h.has("matrix.row_add." + matrix_row_key(h.model(), 0)));
    h.click("matrix.by_role");
    h.click("matrix.roles");
    h.click("roles_dialog.enabled");  // off
    CHECK(h.app->engine()->setting("roles_enabled", "") == "0");
    h.click("roles_dialog.close");
    CHECK_FALSE(h.has("matrix.by_role"));
    h.click("matrix.roles");
    h.click("roles_dialog.enabled");  // on again
    CHECK(h.app->engine()->setting("roles_enabled", "") == "1");
    h.click("roles_dialog.close");
    CHECK(h.has("matrix.by_role"));
}

TEST_CASE("By role: the + of a row assigns a role to a picked employee") {
    MatrixHarness h;
    h.click("matrix.roles");
    REQUIRE(h.has("roles_dialog.enabled"));
    h.click("roles_dialog.new_name");
    ImGui::GetIO().AddInputCharactersUTF8("Matriisirooli");
    h.frames(2);
    h.click("roles_dialog.add");
    const auto roles = h.app->engine()->list_roles();
    auto it = std::find_if(roles.begin(), roles.end(), [](const Role& r) { return r.name == "Matriisirooli"; });
    REQUIRE(it != roles.end());
    CHECK(it->code == "MA");
    CHECK(it->kind == RoleKind::Customer);
    h.click("roles_dialog.close");

    h.click("matrix.by_role");
    CHECK(h.view.by_role);
    const std::string key = matrix_row_key(h.model(), 0);
    h.click("matrix.row_add." + key);
    REQUIRE(h.has("assign_role.save"));
    const Employee* employee = nullptr;
    for (const Employee& e : h.view.employees)
        if (!e.archived) { employee = &e; break; }
    REQUIRE(employee);
    const EmployeeId employee_id = employee->id;
    h.click("assign_role.employee." + std::to_string(employee_id.value));
    h.click("assign_role.role." + std::to_string(it->id.value));
    h.click("assign_role.save");
    CHECK_FALSE(h.has("assign_role.save"));
    long col = h.model().find_column(employee_id);
    REQUIRE(col >= 0);
    MatrixCell cell = h.model().cell(0, size_t(col));
    CHECK((cell.flags & kCellRole));
    CHECK(cell.role_codes.find("MA") != std::string::npos);
}

TEST_CASE("the roles dialog renames and deletes a role, each as its own command") {
    MatrixHarness h;
    REQUIRE(h.app->run_command({{"cmd", "role.create"}, {"name", "Testirooli Matriisi"}, {"code", "PA"}, {"kind", "customer"}}).ok());
    const auto roles = h.app->engine()->list_roles();
    auto it = std::find_if(roles.begin(), roles.end(), [](const Role& r) { return r.name == "Testirooli Matriisi"; });
    REQUIRE(it != roles.end());
    const std::string id = std::to_string(it->id.value);
    h.click("matrix.roles");
    h.click("roles_dialog.edit." + id);
    REQUIRE(h.has("roles_dialog.edit_code." + id));
    h.click("roles_dialog.edit_code." + id);
    ImGui::GetIO().AddKeyEvent(ImGuiKey_Backspace, true);
    h.frame();
    ImGui::GetIO().AddKeyEvent(ImGuiKey_Backspace, false);
    h.frame();
    ImGui::GetIO().AddInputCharactersUTF8("L");
    h.frames(2);
    h.click("roles_dialog.save." + id);
    CHECK(h.app->engine()->list_roles().size() == roles.size());
    bool renamed = false;
    for (const Role& r : h.app->engine()->list_roles()) renamed = renamed || (r.id == it->id && r.code == "PL");
    CHECK(renamed);
    h.click("roles_dialog.delete." + id);
    h.click("roles_dialog.delete." + id);  // the second click confirms
    CHECK(h.app->engine()->list_roles().size() == roles.size() - 1);
}

TEST_CASE("commands run elsewhere (several at once) are picked up by a full reload") {
    MatrixHarness h;
    long row = h.row_where(6, false);
    REQUIRE(row >= 0);
    nlohmann::json cmd = {{"cmd", "responsibility.toggle"}, {"employee_id", h.model().column_employee(6).value},
                          {"customer_id", h.model().row_customer(size_t(row)).value}};
    REQUIRE(h.app->run_command(cmd).ok());
    REQUIRE(h.app->run_command({{"cmd", "customer.create"}, {"name", "Uusi Asiakas Oy"}}).ok());
    h.frames(1);
    CHECK(h.view.revision == h.app->engine()->revision());
    long found = h.model().find_row(CustomerId(h.app->engine()->list_customers({"Uusi Asiakas"}).at(0).id), ProjectId());
    CHECK(found >= 0);
    long again = h.model().find_row(CustomerId(cmd["customer_id"].get<int64_t>()), ProjectId());
    REQUIRE(again >= 0);
    CHECK(h.active(size_t(again), 6));
}

TEST_CASE("hovering a cell shows a tooltip with customer, employee and the responsibility") {
    MatrixHarness h;
    long row = h.row_where(0, true);
    REQUIRE(row >= 0);
    h.move_to(h.cell_path(size_t(row), 0));
    h.frames(30);
    const std::string employee(h.model().column_label(0));
    CHECK(visible_text().find(employee) != std::string::npos);
    CHECK(h.view.grid.hover_row == row);
    CHECK(h.view.grid.detail_row == row);
    CHECK_FALSE(h.view.grid.detail.items.empty());
}

TEST_CASE("Excel export downloads the current view; customer and project exports have their own names in the UI's language") {
    MatrixHarness h;
    h.click("matrix.export");
    REQUIRE(h.platform.downloads.size() == 1);
    CHECK(h.platform.downloads[0].name == "responsibilities-customers.xlsx");
    CHECK(h.platform.downloads[0].bytes.size() > 1000);
    h.click("matrix.projects");
    h.click("matrix.export");
    REQUIRE(h.platform.downloads.size() == 2);
    CHECK(h.platform.downloads[1].name == "responsibilities-projects.xlsx");
    h.app->set_language(Lang::Fi);
    h.frames(2);
    h.click("matrix.export");
    h.click("matrix.customers");
    h.click("matrix.export");
    h.app->set_language(Lang::En);
    REQUIRE(h.platform.downloads.size() == 4);
    CHECK(h.platform.downloads[2].name == "vastuut-projektit.xlsx");
    CHECK(h.platform.downloads[3].name == "vastuut-asiakkaat.xlsx");
}

TEST_CASE("Enter toggles the cell under the keyboard cursor, as Space does") {
    MatrixHarness h;
    h.view.grid.focus_request = true;
    h.frames(2);
    h.key(ImGuiKey_DownArrow);
    h.key(ImGuiKey_RightArrow);
    REQUIRE(h.view.grid.cursor_row == 0);
    REQUIRE(h.view.grid.cursor_col == 1);
    const bool was = h.active(0, 1);
    h.key(ImGuiKey_Enter);
    CHECK(h.active(0, 1) != was);
    h.key(ImGuiKey_KeypadEnter);
    CHECK(h.active(0, 1) == was);
}

TEST_CASE("a right-click on a cell opens its menu: make responsible or remove, interval, open card") {
    MatrixHarness h;
    long row = h.row_where(3, false);
    REQUIRE(row >= 0);
    const std::string cell = h.cell_path(size_t(row), 3);
    h.right_click(cell);
    REQUIRE(h.has("matrix.cell_menu.toggle"));
    CHECK(h.rect("matrix.cell_menu.toggle").label == "Make responsible");
    CHECK(h.has("matrix.cell_menu.card"));
    h.click("matrix.cell_menu.toggle");
    CHECK(h.active(size_t(row), 3));
    CHECK_FALSE(h.has("matrix.cell_menu.toggle"));

    // The responsibility now has an interval to edit from the same menu.
    h.right_click(cell);
    CHECK(h.rect("matrix.cell_menu.toggle").label == "Remove responsibility");
    std::string interval;
    std::istringstream lines(recorded_paths());
    for (std::string line; std::getline(lines, line);)
        if (line.rfind("matrix.cell_menu.interval.", 0) == 0) interval = line;
    REQUIRE(!interval.empty());
    h.click(interval);
    REQUIRE(h.has("interval.save"));
    h.click("interval.to");
    h.type("2031-12-31");
    h.click("interval.save");
    CHECK_FALSE(h.has("interval.save"));
    const auto resp = h.app->engine()->list_responsibilities(h.model().row_customer(size_t(row)));
    bool saved = false;
    for (const Responsibility& r : resp)
        if (r.employee == h.model().column_employee(3) && r.valid_to == "2031-12-31") saved = true;
    CHECK(saved);

    // Open card asks the app for the row's card.
    h.right_click(cell);
    h.click("matrix.cell_menu.card");
    CardRequest request;
    REQUIRE(h.app->take_card_request(request));
    CHECK(request.customer == h.model().row_customer(size_t(row)));

    // Remove.
    h.right_click(cell);
    h.click("matrix.cell_menu.toggle");
    CHECK_FALSE(h.active(size_t(row), 3));
}
