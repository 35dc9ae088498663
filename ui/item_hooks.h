// Automation paths for UI items: every labelled ImGui item drawn in a frame is recorded with its
// rectangle, so that tests and the browser's window.vastuu.itemRect() can find and click it.
// A path is the part of a label after "###" ("Save###customer_dialog.save" -> "customer_dialog.save"),
// else its visible part ("Cancel##x" -> "Cancel"); rows can be recorded explicitly.
#pragma once
#include <string>
#include <string_view>

struct ImGuiContext;

namespace vastuu::ui {

struct ItemRect {
    float x = 0, y = 0, w = 0, h = 0;  // ImGui coordinates (device pixels in the browser)
    std::string label;                 // the visible text of the label ("" for explicit records)
};

// Turns the test-engine hooks on for `ctx` and clears the recorded items at each frame start.
void install_item_hooks(ImGuiContext* ctx);

// The automation path of an ImGui label ("" when the label has no visible part and no "###").
std::string path_of_label(std::string_view label);

// The rectangle of the item drawn with `path` in the current (or last complete) frame; false if none.
bool find_item(const std::string& path, ItemRect* out);

// Records an item that ImGui does not report itself (table rows, combos): the last item's rectangle.
void record_last_item(const std::string& path);
void record_item(const std::string& path, float x0, float y0, float x1, float y1);

// ImGui::TableHeadersRow() that also records each header under its column's path
// ("Number###col.number" -> col.number): ImGui's TableHeader() reports no item info of its own.
void table_headers_row();

// Text shown on screen this frame that tests may look for (table cells, messages), one line each.
void note_visible_text(std::string_view text);
const std::string& visible_text();

// Every recorded path, one per line (debugging and tests).
std::string recorded_paths();

}  // namespace vastuu::ui
