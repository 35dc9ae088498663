// Text in a space it may not fit (table cells, names): cut with "…" at the end, the whole text in a
// tooltip while the mouse rests on it. One rule for every view, so no text is cut off silently.
#pragma once
#include <imgui.h>

#include <string_view>

namespace vastuu::ui {

// A text item at most `width` wide (< 0: the space left on the line), in the current text colour.
// Returns true when the text was cut.
bool fitted_text(std::string_view text, float width = -1.0f);

// Draws `text` at `pos` in at most `width`, cut with "…" when it does not fit; true when it was cut.
// For widgets that draw their own text (links): call full_text_tooltip() when their item is hovered.
bool draw_fitted_text(ImDrawList* dl, ImVec2 pos, float width, ImU32 colour, std::string_view text);

// The whole of a cut text as a tooltip, after the usual hover delay, for the last item.
void full_text_tooltip(std::string_view text);

}  // namespace vastuu::ui
