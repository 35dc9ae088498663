// Theme, palette and font. Colours are chosen for long office sessions: low-contrast chrome,
// high-contrast text, one blue accent.
#include "theme.h"

#include <algorithm>
#include <cmath>

namespace vastuu::ui {
namespace {

Palette g_palette;
ImFont* g_heading = nullptr;

ImVec4 rgb(int hex, float alpha = 1.0f) {
    return ImVec4(((hex >> 16) & 0xFF) / 255.0f, ((hex >> 8) & 0xFF) / 255.0f, (hex & 0xFF) / 255.0f, alpha);
}

void light_colours(ImVec4* c) {
    ImGui::StyleColorsLight();
    c[ImGuiCol_Text] = rgb(0x1F2933);
    c[ImGuiCol_TextDisabled] = rgb(0x7B8794);
    c[ImGuiCol_WindowBg] = rgb(0xF7F8FA);
    c[ImGuiCol_ChildBg] = rgb(0xFFFFFF, 0.0f);
    c[ImGuiCol_PopupBg] = rgb(0xFFFFFF);
    c[ImGuiCol_Border] = rgb(0xD3D9E0);
    c[ImGuiCol_BorderShadow] = rgb(0x000000, 0.0f);
    c[ImGuiCol_FrameBg] = rgb(0xFFFFFF);
    c[ImGuiCol_FrameBgHovered] = rgb(0xF0F4FA);
    c[ImGuiCol_FrameBgActive] = rgb(0xE6EEF8);
    c[ImGuiCol_TitleBg] = rgb(0xEEF1F5);
    c[ImGuiCol_TitleBgActive] = rgb(0xE3E8EF);
    c[ImGuiCol_TitleBgCollapsed] = rgb(0xEEF1F5);
    c[ImGuiCol_MenuBarBg] = rgb(0xFFFFFF);
    c[ImGuiCol_ScrollbarBg] = rgb(0xF7F8FA, 0.0f);
    c[ImGuiCol_ScrollbarGrab] = rgb(0xC5CCD6);
    c[ImGuiCol_ScrollbarGrabHovered] = rgb(0xA9B3C1);
    c[ImGuiCol_ScrollbarGrabActive] = rgb(0x8E9AAB);
    c[ImGuiCol_CheckMark] = rgb(0x2F5F98);
    c[ImGuiCol_SliderGrab] = rgb(0x2F5F98);
    c[ImGuiCol_SliderGrabActive] = rgb(0x234A78);
    c[ImGuiCol_Button] = rgb(0xEEF1F5);
    c[ImGuiCol_ButtonHovered] = rgb(0xE0E7F0);
    c[ImGuiCol_ButtonActive] = rgb(0xCFDAE8);
    c[ImGuiCol_Header] = rgb(0xDCE7F5);
    c[ImGuiCol_HeaderHovered] = rgb(0xE8EFF8);
    c[ImGuiCol_HeaderActive] = rgb(0xD2E0F2);
    c[ImGuiCol_Separator] = rgb(0xDDE2E8);
    c[ImGuiCol_TableHeaderBg] = rgb(0xEEF1F5);
    c[ImGuiCol_TableBorderStrong] = rgb(0xD3D9E0);
    c[ImGuiCol_TableBorderLight] = rgb(0xE6EAEF);
    c[ImGuiCol_TableRowBg] = rgb(0xFFFFFF);
    c[ImGuiCol_TableRowBgAlt] = rgb(0xF9FAFB);
    c[ImGuiCol_TextSelectedBg] = rgb(0x9CC0EA, 0.6f);
    c[ImGuiCol_NavHighlight] = rgb(0x2F5F98, 0.8f);
    c[ImGuiCol_ModalWindowDimBg] = rgb(0x1F2933, 0.30f);
    g_palette = Palette{rgb(0x2F5F98), rgb(0xFFFFFF), rgb(0x234A78), rgb(0x66727F), rgb(0xB42318), rgb(0x2E7D4F), rgb(0xFFFFFF)};
}

void dark_colours(ImVec4* c) {
    ImGui::StyleColorsDark();
    c[ImGuiCol_Text] = rgb(0xE4E7EB);
    c[ImGuiCol_TextDisabled] = rgb(0x8A94A3);
    c[ImGuiCol_WindowBg] = rgb(0x1B1F24);
    c[ImGuiCol_ChildBg] = rgb(0x1B1F24, 0.0f);
    c[ImGuiCol_PopupBg] = rgb(0x242A31);
    c[ImGuiCol_Border] = rgb(0x3A424C);
    c[ImGuiCol_FrameBg] = rgb(0x2A3038);
    c[ImGuiCol_FrameBgHovered] = rgb(0x323A44);
    c[ImGuiCol_FrameBgActive] = rgb(0x3A4450);
    c[ImGuiCol_TitleBg] = rgb(0x242A31);
    c[ImGuiCol_TitleBgActive] = rgb(0x2B323A);
    c[ImGuiCol_Button] = rgb(0x2E353E);
    c[ImGuiCol_ButtonHovered] = rgb(0x38414C);
    c[ImGuiCol_ButtonActive] = rgb(0x44505E);
    c[ImGuiCol_Header] = rgb(0x2D4A6E);
    c[ImGuiCol_HeaderHovered] = rgb(0x2A3A4E);
    c[ImGuiCol_HeaderActive] = rgb(0x35577F);
    c[ImGuiCol_CheckMark] = rgb(0x7FB0E8);
    c[ImGuiCol_TableHeaderBg] = rgb(0x262C33);
    c[ImGuiCol_TableBorderStrong] = rgb(0x3A424C);
    c[ImGuiCol_TableBorderLight] = rgb(0x2F363F);
    c[ImGuiCol_TableRowBg] = rgb(0x1F2329);
    c[ImGuiCol_TableRowBgAlt] = rgb(0x22272E);
    c[ImGuiCol_ModalWindowDimBg] = rgb(0x000000, 0.45f);
    g_palette = Palette{rgb(0x3D74B5), rgb(0xFFFFFF), rgb(0xE8F1FC), rgb(0x9AA5B1), rgb(0xF97066), rgb(0x6CC08B), rgb(0x22272E)};
}

}  // namespace

void apply_theme(Theme theme, float scale) {
    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle();
    if (theme == Theme::Dark)
        dark_colours(style.Colors);
    else
        light_colours(style.Colors);
    style.WindowPadding = ImVec2(14, 12);
    style.FramePadding = ImVec2(9, 5);
    style.ItemSpacing = ImVec2(8, 7);
    style.ItemInnerSpacing = ImVec2(6, 4);
    style.CellPadding = ImVec2(8, 5);
    style.ScrollbarSize = 13;
    style.GrabMinSize = 10;
    style.WindowRounding = 6;
    style.ChildRounding = 4;
    style.FrameRounding = 4;
    style.PopupRounding = 5;
    style.ScrollbarRounding = 6;
    style.GrabRounding = 4;
    style.WindowBorderSize = 1;
    style.FrameBorderSize = 1;
    style.PopupBorderSize = 1;
    style.WindowTitleAlign = ImVec2(0.0f, 0.5f);
    style.ScaleAllSizes(scale);
}

const Palette& palette() { return g_palette; }

namespace {

// The right arrow (U+2192) drawn into the atlas: the embedded Noto Sans subset has no arrows, and
// the change history writes "old → new". Registered before the atlas is built, drawn after.
struct ArrowGlyph {
    int rect = -1;
    float size = 0;
};

ArrowGlyph add_arrow_glyph(ImFontAtlas* atlas, ImFont* font, float size) {
    const int w = std::max(5, int(std::lround(size * 0.62f))), h = std::max(3, int(std::lround(size * 0.44f)) | 1);
    const float advance = float(w) + std::round(size * 0.16f);
    const ImVec2 offset(std::round(size * 0.08f), std::round(size * 0.56f - float(h) / 2));
    return ArrowGlyph{atlas->AddCustomRectFontGlyph(font, 0x2192, w, h, advance, offset), size};
}

void draw_arrow_glyph(ImFontAtlas* atlas, const ArrowGlyph& arrow) {
    const ImFontAtlasCustomRect* r = atlas->GetCustomRectByIndex(arrow.rect);
    if (!r || !r->IsPacked() || !atlas->TexPixelsAlpha8) return;
    const int w = r->Width, h = r->Height, head = std::max(2, h / 2 + 1);
    const float mid = float(h - 1) / 2, half_shaft = std::max(0.5f, arrow.size * 0.045f);
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            const float dy = std::fabs(float(y) - mid);
            float a = x < w - head ? std::clamp(half_shaft - dy + 0.5f, 0.0f, 1.0f) : 0.0f;  // the shaft
            if (x >= w - 1 - head) {  // the head: a triangle with its tip at the right edge
                const float limit = float(w - 1 - x) * (float(h) / 2) / float(head);
                a = std::max(a, std::clamp(limit - dy + 0.5f, 0.0f, 1.0f));
            }
            atlas->TexPixelsAlpha8[(r->Y + y) * atlas->TexWidth + r->X + x] = static_cast<unsigned char>(a * 255.0f);
        }
    }
}

}  // namespace

const ImWchar* font_glyph_ranges() {
    // Latin-1, Latin Extended-A (Finnish, Swedish, Estonian, …), dashes, quotes, bullet, ellipsis,
    // single guillemets (File › Import), euro, arrows, minus, check mark. web/web.cmake subsets the
    // font to the same list (tests/ui/test_fonts.cpp checks both against the catalogue).
    static const ImWchar ranges[] = {
        0x0020, 0x017F, 0x2013, 0x2014, 0x2018, 0x201E, 0x2022, 0x2022, 0x2026, 0x2026, 0x2039, 0x203A,
        0x20AC, 0x20AC, 0x2190, 0x2193, 0x2212, 0x2212, 0x2713, 0x2713, 0,
    };
    return ranges;
}

void load_fonts(ImFontAtlas* atlas, const void* ttf, size_t ttf_size, float scale) {
    atlas->Clear();
    g_heading = nullptr;
    if (!ttf || ttf_size == 0) {
        ImFontConfig config;
        config.SizePixels = 13.0f * scale;
        atlas->AddFontDefault(&config);
        return;
    }
    const ImWchar* ranges = font_glyph_ranges();
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;
    config.OversampleH = 2;
    config.OversampleV = 1;
    ImFont* body = atlas->AddFontFromMemoryTTF(const_cast<void*>(ttf), static_cast<int>(ttf_size),
                                               kFontSize * scale, &config, ranges);
    g_heading = atlas->AddFontFromMemoryTTF(const_cast<void*>(ttf), static_cast<int>(ttf_size),
                                            kHeadingSize * scale, &config, ranges);
    const ArrowGlyph arrows[] = {add_arrow_glyph(atlas, body, kFontSize * scale),
                                 add_arrow_glyph(atlas, g_heading, kHeadingSize * scale)};
    atlas->Build();  // the platform's texture upload takes these pixels as they are
    for (const ArrowGlyph& a : arrows) draw_arrow_glyph(atlas, a);
}

ImFont* heading_font() { return g_heading; }

bool primary_button(const char* label, const ImVec2& size) {
    const Palette& p = palette();
    ImVec4 hovered = ImVec4(p.accent.x * 0.88f, p.accent.y * 0.88f, p.accent.z * 0.88f, 1.0f);
    ImGui::PushStyleColor(ImGuiCol_Button, p.accent);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, hovered);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, hovered);
    ImGui::PushStyleColor(ImGuiCol_Text, p.accent_text);
    ImGui::PushStyleColor(ImGuiCol_Border, p.accent);
    bool pressed = ImGui::Button(label, size);
    ImGui::PopStyleColor(5);
    return pressed;
}

}  // namespace vastuu::ui
