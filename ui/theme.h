// The look of the app: a calm light office theme (default) and a dark one, scaled for the
// display's pixel density, plus the UI font. Views use palette() for their own accents.
#pragma once
#include <imgui.h>

#include <cstddef>

namespace vastuu::ui {

enum class Theme { Light, Dark };

// Colours the views use beyond ImGui's style.
struct Palette {
    ImVec4 accent;       // selected navigation, primary buttons
    ImVec4 accent_text;  // text on the accent colour
    ImVec4 selected_text;  // text of a selected navigation or toggle button
    ImVec4 muted;        // secondary text: counts, hints, "Archived"
    ImVec4 error;        // error messages at fields and in the status line
    ImVec4 ok;           // "Saved"
    ImVec4 bar;          // top bar and status line background
};

// Sets ImGui's style for `theme`, with sizes multiplied by `scale` (devicePixelRatio).
void apply_theme(Theme theme, float scale);
const Palette& palette();

// Base font size in CSS pixels; the atlas is built at this × scale.
constexpr float kFontSize = 15.0f;
constexpr float kHeadingSize = 19.0f;

// Rebuilds `atlas` with the UI font (a TrueType file in memory, not copied: it must outlive the
// atlas) at kFontSize × scale, covering Latin-1, Latin Extended-A and a few symbols.
// With no font data, uses ImGui's built-in font.
void load_fonts(ImFontAtlas* atlas, const void* ttf, size_t ttf_size, float scale);
// The characters the font atlas holds, as ImGui glyph ranges (pairs, 0-terminated).
const ImWchar* font_glyph_ranges();

// The larger font of the app title and headings (the UI font when there is no font data).
ImFont* heading_font();

// A button drawn in the accent colour (the primary action of a view or dialog).
bool primary_button(const char* label, const ImVec2& size = ImVec2(0, 0));

}  // namespace vastuu::ui
