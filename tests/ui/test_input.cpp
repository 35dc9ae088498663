// How input reaches the UI (ui/input_pacing.h): clicks that arrive as one burst between two frames
// (the pointer parked elsewhere jumps onto an item, presses and releases at once — a fast user, a
// touch tap, an automation's click) act exactly like slow ones on every kind of item, and the UI asks
// for the frames a tooltip's hover delay needs.
#include <doctest/doctest.h>
#include <imgui.h>

#include <sstream>

#include "ui_harness.h"

using namespace vastuu;
using namespace vastuu::ui;
using testing::UiHarness;

namespace {

// The path among those starting with `prefix` drawn highest on screen (the first row shown).
std::string first_row(UiHarness& h, const std::string& prefix) {
    std::istringstream lines(recorded_paths());
    std::string path, best;
    float best_y = 1e9f;
    for (std::string line; std::getline(lines, line);) {
        path = line.substr(0, line.find(' '));
        if (path.rfind(prefix, 0) != 0) continue;
        ItemRect r;
        if (find_item(path, &r) && r.y < best_y) {
            best_y = r.y;
            best = path;
        }
    }
    return best;
}

void park_on(UiHarness& h, const std::string& path) {
    h.move_to(path);
    h.frames(3);
}

}  // namespace

TEST_CASE("a header click that jumps from a row and presses at once sorts the customers, employees and persons lists") {
    UiHarness h(ImVec2(1280, 800));
    h.frames(3);
    struct Case {
        View view;
        const char* header;
        const char* rows;
    };
    for (Case c : {Case{View::Customers, "col.number", "customers.row."},
                   Case{View::Employees, "col.name", "employees.row."},
                   Case{View::Persons, "persons.column.0", "persons.customer."}}) {
        h.app->set_view(c.view);
        h.frames(4);
        const std::string before = first_row(h, c.rows);
        REQUIRE(!before.empty());
        park_on(h, before);  // the pointer rests on a row (hovering another item than the header)
        INFO(c.header);
        h.click_at_once(c.header);
        CHECK(first_row(h, c.rows) != before);  // reversed: another row is first
        park_on(h, first_row(h, c.rows));
        h.click_at_once(c.header);
        CHECK(first_row(h, c.rows) == before);
    }
}

TEST_CASE("a cold click presses buttons, ticks checkboxes and opens rows, each once") {
    UiHarness h(ImVec2(1280, 800));
    h.frames(3);
    park_on(h, "customers.row.1001");
    const std::string shown = visible_text();
    h.click_at_once("customers.show_archived");  // a checkbox: archived customers join the list
    CHECK(visible_text() != shown);
    h.click_at_once("customers.add");  // a button opens the dialog
    REQUIRE(h.has("customer_dialog.save"));
    h.click_at_once("customer_dialog.cancel");
    h.frames(2);
    CHECK_FALSE(h.has("customer_dialog.save"));
    h.click_at_once("customers.row.1001");  // a row
    CHECK(h.has("customer_dialog.archived"));
}

TEST_CASE("a press and a release queued together reach the UI in separate frames, the move first") {
    UiHarness h(ImVec2(1280, 800));
    h.frames(3);
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent(10, 10);
    io.AddMousePosEvent(300, 300);
    io.AddMouseButtonEvent(0, true);
    io.AddMouseButtonEvent(0, false);
    h.frame();
    CHECK(io.MousePos.x == 300);
    CHECK_FALSE(io.MouseDown[0]);
    CHECK(wants_another_frame());
    h.frame();
    CHECK(io.MouseDown[0]);
    h.frame();
    CHECK_FALSE(io.MouseDown[0]);
    CHECK(io.MouseReleased[0]);
}

TEST_CASE("resting on an item with a tooltip asks for frames until the tooltip shows, then stops") {
    UiHarness h(ImVec2(1280, 800));
    h.frames(3);
    REQUIRE(h.app->run_command({{"cmd", "customer.create"}, {"name", "Tooltip Oy"}}).ok());
    h.frames(2);
    h.move_to("top.undo");
    const int drawn = h.frames_while_wanted();
    CHECK(drawn < 100);  // it stops once the delay has passed
    CHECK(drawn > 5);    // the hover delay needs more than the frames a move asks for anyway
    ImGuiContext& g = *ImGui::GetCurrentContext();
    bool tooltip = false;
    for (ImGuiWindow* w : g.Windows)
        if ((w->Flags & ImGuiWindowFlags_Tooltip) && w->Active) tooltip = true;
    CHECK(tooltip);
}
