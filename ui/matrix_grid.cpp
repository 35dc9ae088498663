// The responsibilities grid, drawn by hand on the draw list: a frozen header of rotated employee
// names with their workload, a frozen left column of customers (or projects) with their count of
// responsible persons, and the cells. Only the visible rows and columns are looked at, so a frame
// costs the same at 50 or 50,000 rows. The window is an ImGui child with an explicit content size,
// which gives native scrollbars, wheel and Shift+wheel; hit testing and keys are ours.
//
// [SECTION] Commands (toggle, ranges)
// [SECTION] Geometry and text helpers
// [SECTION] Cell looks
// [SECTION] Regions: cells, left column, header, corner
// [SECTION] Mouse, keyboard, tooltip, column menu
// [SECTION] The grid
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>
#include <cmath>

#include "app.h"
#include "input_pacing.h"
#include "item_hooks.h"
#include "view_matrix.h"
#include "date_field.h"

namespace vastuu::ui {

// ---------------------------------------------------------------------------------------------
// [SECTION] Commands (toggle, ranges)
// ---------------------------------------------------------------------------------------------

void toggle_matrix_cell(App& app, MatrixView& v, long row, long col) {
    const ResponsibilityMatrix& m = v.model;
    if (row < 0 || col < 0 || size_t(row) >= m.row_count() || size_t(col) >= m.column_count()) return;
    nlohmann::json cmd = {{"cmd", "responsibility.toggle"}, {"employee_id", m.column_employee(size_t(col)).value}};
    ProjectId project = m.row_project(size_t(row));
    if (project)
        cmd["project_id"] = project.value;
    else
        cmd["customer_id"] = m.row_customer(size_t(row)).value;
    auto r = app.run_command(cmd);
    if (!r) app.show_error(r.error());
}

void set_matrix_range(App& app, MatrixView& v, long row0, long col0, long row1, long col1, bool responsible) {
    const ResponsibilityMatrix& m = v.model;
    if (m.row_count() == 0 || m.column_count() == 0) return;
    const long rows = long(m.row_count()), cols = long(m.column_count());
    long r0 = std::clamp(std::min(row0, row1), 0L, rows - 1), r1 = std::clamp(std::max(row0, row1), 0L, rows - 1);
    long c0 = std::clamp(std::min(col0, col1), 0L, cols - 1), c1 = std::clamp(std::max(col0, col1), 0L, cols - 1);
    nlohmann::json employees = nlohmann::json::array(), targets = nlohmann::json::array();
    for (long c = c0; c <= c1; ++c) employees.push_back(m.column_employee(size_t(c)).value);
    const bool projects = m.filter().projects;
    for (long r = r0; r <= r1; ++r)
        targets.push_back(projects ? m.row_project(size_t(r)).value : m.row_customer(size_t(r)).value);
    nlohmann::json cmd = {{"cmd", "responsibility.set_many"}, {"responsible", responsible}, {"employee_ids", employees}};
    cmd[projects ? "project_ids" : "customer_ids"] = std::move(targets);
    auto r = app.run_command(cmd);
    if (!r) {
        app.show_error(r.error());
        return;
    }
    int64_t changed = r.value().value("changed", int64_t(0));
    app.show_message(tr_format(responsible ? "matrix.set_done" : "matrix.cleared_done", {std::to_string(changed)}));
}

namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Geometry and text helpers
// ---------------------------------------------------------------------------------------------

constexpr float kHeaderAngle = 1.0471976f;  // 60°: names climb up and to the right

// Sizes and visible ranges of one frame. Screen position of cell (r, c):
// x = cells.x + c * col_w - scroll_x, y = cells.y + r * row_h - scroll_y.
struct Layout {
    float s = 1, row_h = 22, col_w = 28, header_h = 140, left_w = 300, strip_h = 30;
    ImVec2 min, max;    // the visible inner rectangle (scrollbars excluded)
    ImVec2 cells;       // top-left of the cell area (below the header, right of the left column)
    float scroll_x = 0, scroll_y = 0;
    long rows = 0, cols = 0;
    long row0 = 0, row1 = 0, col0 = 0, col1 = 0;  // visible ranges [row0, row1), [col0, col1)

    float cell_x(long c) const { return cells.x + float(c) * col_w - scroll_x; }
    float cell_y(long r) const { return cells.y + float(r) * row_h - scroll_y; }
    long row_at(float y) const { return long(std::floor((y - cells.y + scroll_y) / row_h)); }
    long col_at(float x) const { return long(std::floor((x - cells.x + scroll_x) / col_w)); }
    bool in_cells(ImVec2 p) const { return p.x >= cells.x && p.x < max.x && p.y >= cells.y && p.y < max.y; }
    bool in_header(ImVec2 p) const { return p.x >= cells.x && p.x < max.x && p.y >= min.y && p.y < cells.y; }
    bool in_left(ImVec2 p) const { return p.x >= min.x && p.x < cells.x && p.y >= cells.y && p.y < max.y; }
};

ImU32 with_alpha(ImVec4 c, float a) { return ImGui::GetColorU32(ImVec4(c.x, c.y, c.z, c.w * a)); }

const char* ellipsis_for(const ImFont* font) {
    return font->FindGlyphNoFallback(ImWchar(0x2026)) ? "\xE2\x80\xA6" : "...";
}

// Draws `text` at `pos`, shortened with an ellipsis to `max_w`; culled against `clip`. Returns the
// width drawn.
float text_fitted(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 col, std::string_view text, float max_w,
                  const ImVec4& clip) {
    const char* begin = text.data();
    const char* end = begin + text.size();
    float w = font->CalcTextSizeA(size, FLT_MAX, 0, begin, end).x;
    if (w <= max_w) {
        font->RenderText(dl, size, pos, col, clip, begin, end);
        return w;
    }
    const char* ell = ellipsis_for(font);
    float ell_w = font->CalcTextSizeA(size, FLT_MAX, 0, ell).x;
    const char* cut = begin;
    float prefix_w = font->CalcTextSizeA(size, std::max(0.0f, max_w - ell_w), 0, begin, end, &cut).x;
    while (cut > begin && cut[-1] == ' ') --cut;
    font->RenderText(dl, size, pos, col, clip, begin, cut);
    font->RenderText(dl, size, ImVec2(pos.x + prefix_w, pos.y), col, clip, ell, nullptr);
    return prefix_w + ell_w;
}

// How a project row's names share the left column's `avail` width: the project number, then the
// project name as wide as it needs while the customer's name keeps at least a short start, then the
// customer's name in what is left (0: none). The drawing and the hit test both use it.
struct ProjectRowWidths {
    float number = 0, name = 0, customer = 0;
};
ProjectRowWidths project_row_widths(float avail, float s, float number_text, float name_text, float customer_text) {
    const float gap = 6 * s, customer_min = 90 * s;
    ProjectRowWidths w;
    w.number = std::min(number_text, avail * 0.25f);
    avail -= w.number + gap;
    w.name = std::max(0.0f, std::min(name_text, std::max(avail * 0.6f, avail - customer_min - gap)));
    avail -= w.name + gap;
    w.customer = avail > 20 * s ? std::min(customer_text, avail) : 0.0f;
    return w;
}

float text_width(ImFont* font, float size, std::string_view text) {
    return font->CalcTextSizeA(size, FLT_MAX, 0, text.data(), text.data() + text.size()).x;
}

// Rotates the vertices written since `first` by `angle` (counter-clockwise on screen) around `pivot`.
void rotate_vertices(ImDrawList* dl, int first, float angle, ImVec2 pivot) {
    const float c = std::cos(angle), s = std::sin(angle);
    for (int i = first; i < dl->VtxBuffer.Size; ++i) {
        ImVec2& p = dl->VtxBuffer.Data[i].pos;
        float x = p.x - pivot.x, y = p.y - pivot.y;
        p = ImVec2(pivot.x + x * c + y * s, pivot.y - x * s + y * c);
    }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Cell looks
// ---------------------------------------------------------------------------------------------

struct Colours {
    ImU32 accent, accent_text, role_fill, role_text, muted, grid, row_alt, hover_band, cursor, header_bg, left_bg,
        text, set_fill, clear_fill, set_edge, clear_edge;
};

Colours colours() {
    const Palette& p = palette();
    Colours c;
    c.accent = ImGui::GetColorU32(p.accent);
    c.accent_text = ImGui::GetColorU32(p.accent_text);
    c.role_fill = with_alpha(p.accent, 0.22f);
    c.role_text = ImGui::GetColorU32(ImGuiCol_Text);
    c.muted = ImGui::GetColorU32(p.muted);
    c.grid = ImGui::GetColorU32(ImGuiCol_TableBorderLight);
    c.row_alt = ImGui::GetColorU32(ImGuiCol_TableRowBgAlt);
    c.hover_band = with_alpha(p.accent, 0.08f);
    c.cursor = ImGui::GetColorU32(p.accent);
    c.header_bg = ImGui::GetColorU32(ImGuiCol_TableHeaderBg);
    c.left_bg = ImGui::GetColorU32(ImGuiCol_WindowBg);
    c.text = ImGui::GetColorU32(ImGuiCol_Text);
    c.set_fill = with_alpha(p.accent, 0.18f);
    c.clear_fill = with_alpha(p.error, 0.15f);
    c.set_edge = ImGui::GetColorU32(p.accent);
    c.clear_edge = ImGui::GetColorU32(p.error);
    return c;
}

void draw_check(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thickness) {
    float w = b.x - a.x, h = b.y - a.y;
    ImVec2 pts[3] = {ImVec2(a.x + w * 0.24f, a.y + h * 0.52f), ImVec2(a.x + w * 0.42f, a.y + h * 0.72f),
                     ImVec2(a.x + w * 0.78f, a.y + h * 0.30f)};
    dl->AddPolyline(pts, 3, col, ImDrawFlags_None, thickness);
}

void draw_dashed_rect(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float dash) {
    for (float x = a.x; x < b.x; x += dash * 2) {
        float x2 = std::min(x + dash, b.x);
        dl->AddLine(ImVec2(x, a.y), ImVec2(x2, a.y), col);
        dl->AddLine(ImVec2(x, b.y - 1), ImVec2(x2, b.y - 1), col);
    }
    for (float y = a.y; y < b.y; y += dash * 2) {
        float y2 = std::min(y + dash, b.y);
        dl->AddLine(ImVec2(a.x, y), ImVec2(a.x, y2), col);
        dl->AddLine(ImVec2(b.x - 1, y), ImVec2(b.x - 1, y2), col);
    }
}

// One cell: active (accent square with a check), with roles (tinted, role codes), ended (grey
// hatched outline), not started (dashed outline). `codes` is only read for cells with roles.
void draw_cell(ImDrawList* dl, const Layout& L, const Colours& col, ImVec2 a, ImVec2 b, uint8_t flags,
               std::string_view codes, ImFont* font, float small) {
    const float inset = 3 * L.s;
    ImVec2 ia(a.x + inset, a.y + inset), ib(b.x - inset, b.y - inset);
    if (flags & kCellRole) {
        dl->AddRectFilled(ImVec2(a.x + 1, a.y + 1), b, col.role_fill);
        const char* begin = codes.data();
        const char* end = begin + codes.size();
        ImVec2 size = font->CalcTextSizeA(small, FLT_MAX, 0, begin, end);
        ImVec2 pos(std::max(a.x + 2 * L.s, (a.x + b.x - size.x) / 2), (a.y + b.y - size.y) / 2);
        font->RenderText(dl, small, pos, col.role_text, ImVec4(a.x + 1, a.y, b.x - 1, b.y), begin, end, 0, true);
    } else if (flags & kCellActive) {
        dl->AddRectFilled(ia, ib, col.accent, 3 * L.s);
        draw_check(dl, ia, ib, col.accent_text, 2 * L.s);
    } else if (flags & kCellFuture) {
        draw_dashed_rect(dl, ia, ib, col.muted, 2.5f * L.s);
    } else if (flags & kCellExpired) {
        dl->AddRect(ia, ib, col.muted, 2 * L.s);
        float w = ib.x - ia.x;
        dl->AddLine(ImVec2(ia.x, ia.y + w * 0.5f), ImVec2(ia.x + w * 0.5f, ia.y), col.muted);
        dl->AddLine(ImVec2(ia.x, ib.y), ImVec2(ib.x, ia.y), col.muted);
        dl->AddLine(ImVec2(ia.x + w * 0.5f, ib.y), ImVec2(ib.x, ia.y + w * 0.5f), col.muted);
    }
    // Active with history or a coming change as well: a small corner mark.
    if ((flags & kCellActive) && (flags & (kCellExpired | kCellFuture)))
        dl->AddTriangleFilled(ImVec2(b.x - 7 * L.s, a.y + 1), ImVec2(b.x - 1, a.y + 1), ImVec2(b.x - 1, a.y + 7 * L.s),
                              col.muted);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Regions: cells, left column, header, corner
// ---------------------------------------------------------------------------------------------

// What the mouse and the keyboard do this frame, decided before drawing so the drawing shows it.
struct Interaction {
    bool has_drag = false;
    long drag_r0 = 0, drag_c0 = 0, drag_r1 = 0, drag_c1 = 0;
    bool drag_set = true;
};

void draw_cells(ImDrawList* dl, const Layout& L, const Colours& col, MatrixView& v, const Interaction& in) {
    const ResponsibilityMatrix& m = v.model;
    const MatrixGridState& g = v.grid;
    dl->PushClipRect(L.cells, L.max, true);
    const float right = std::min(L.max.x, L.cell_x(L.cols));
    const float bottom = std::min(L.max.y, L.cell_y(L.rows));
    for (long r = L.row0; r < L.row1; ++r)
        if (r & 1) dl->AddRectFilled(ImVec2(L.cells.x, L.cell_y(r)), ImVec2(right, L.cell_y(r) + L.row_h), col.row_alt);
    if (g.hover_row >= 0) {
        float y = L.cell_y(g.hover_row);
        dl->AddRectFilled(ImVec2(L.cells.x, y), ImVec2(right, y + L.row_h), col.hover_band);
    }
    long band_col = g.hover_col >= 0 ? g.hover_col : g.hover_header_col;
    if (band_col >= 0) {
        float x = L.cell_x(band_col);
        dl->AddRectFilled(ImVec2(x, L.cells.y), ImVec2(x + L.col_w, bottom), col.hover_band);
    }
    for (long c = L.col0; c <= L.col1; ++c) {
        float x = std::floor(L.cell_x(c)) + 0.5f;
        dl->AddLine(ImVec2(x, L.cells.y), ImVec2(x, bottom), col.grid);
    }
    for (long r = L.row0; r <= L.row1; ++r) {
        float y = std::floor(L.cell_y(r)) + 0.5f;
        dl->AddLine(ImVec2(L.cells.x, y), ImVec2(right, y), col.grid);
    }

    ImFont* font = ImGui::GetFont();
    const float small = std::round(ImGui::GetFontSize() * 0.8f);
    for (long r = L.row0; r < L.row1; ++r) {
        const float y = L.cell_y(r);
        for (long c = L.col0; c < L.col1; ++c) {
            uint8_t flags = m.cell_flags(size_t(r), size_t(c));
            if (!flags) continue;
            const float x = L.cell_x(c);
            if (flags & kCellRole) {
                MatrixCell cell = m.cell(size_t(r), size_t(c));
                draw_cell(dl, L, col, ImVec2(x, y), ImVec2(x + L.col_w, y + L.row_h), cell.flags, cell.role_codes,
                          font, small);
            } else {
                draw_cell(dl, L, col, ImVec2(x, y), ImVec2(x + L.col_w, y + L.row_h), flags, {}, font, small);
            }
        }
    }

    if (in.has_drag) {
        ImVec2 a(L.cell_x(std::min(in.drag_c0, in.drag_c1)), L.cell_y(std::min(in.drag_r0, in.drag_r1)));
        ImVec2 b(L.cell_x(std::max(in.drag_c0, in.drag_c1) + 1), L.cell_y(std::max(in.drag_r0, in.drag_r1) + 1));
        dl->AddRectFilled(a, b, in.drag_set ? col.set_fill : col.clear_fill);
        dl->AddRect(a, b, in.drag_set ? col.set_edge : col.clear_edge, 0, 0, 2 * L.s);
    }
    if (g.cursor_row >= 0 && g.cursor_col >= 0 && g.cursor_row < L.rows && g.cursor_col < L.cols) {
        ImVec2 a(L.cell_x(g.cursor_col), L.cell_y(g.cursor_row));
        dl->AddRect(ImVec2(a.x + 1, a.y + 1), ImVec2(a.x + L.col_w, a.y + L.row_h), col.cursor, 0, 0, 2 * L.s);
    }
    dl->PopClipRect();
}

// The "+" of a row (By role mode): its rectangle at the right end of the left column.
ImRect plus_rect(const Layout& L, long r) {
    float y = L.cell_y(r);
    float size = L.row_h - 6 * L.s;
    float x1 = L.cells.x - 4 * L.s;
    return ImRect(ImVec2(x1 - size, y + 3 * L.s), ImVec2(x1, y + 3 * L.s + size));
}

void draw_left_column(ImDrawList* dl, const Layout& L, const Colours& col, MatrixView& v) {
    const ResponsibilityMatrix& m = v.model;
    const MatrixGridState& g = v.grid;
    ImVec2 a(L.min.x, L.cells.y), b(L.cells.x, L.max.y);
    dl->PushClipRect(a, b, true);
    dl->AddRectFilled(a, b, col.left_bg);
    ImFont* font = ImGui::GetFont();
    const float fs = ImGui::GetFontSize();
    const float small = std::round(fs * 0.8f);
    const ImVec4 clip(a.x, a.y, b.x, b.y);
    const float pad = 6 * L.s;
    const float number_w = 62 * L.s;
    const float count_w = 30 * L.s;
    const float plus_w = v.by_role ? L.row_h : 0;
    const bool projects = m.filter().projects;
    char buf[32];
    for (long r = L.row0; r < L.row1; ++r) {
        const float y = L.cell_y(r);
        if (r & 1) dl->AddRectFilled(ImVec2(a.x, y), ImVec2(b.x, y + L.row_h), col.row_alt);
        if (r == g.hover_row || r == g.cursor_row)
            dl->AddRectFilled(ImVec2(a.x, y), ImVec2(b.x, y + L.row_h), col.hover_band);
        const float ty = y + (L.row_h - fs) / 2;
        std::snprintf(buf, sizeof(buf), "%lld", static_cast<long long>(m.row_number(size_t(r))));
        font->RenderText(dl, fs, ImVec2(a.x + pad, ty), projects ? col.muted : col.text, clip, buf, nullptr);
        float x = a.x + pad + number_w;
        float name_w = b.x - x - count_w - plus_w - pad;
        if (projects) {
            // Project rows: "P-number Project name · Customer name".
            std::string_view number = m.row_project_number(size_t(r)), name = m.row_label(size_t(r)),
                             customer = m.row_customer_name(size_t(r));
            const ProjectRowWidths w = project_row_widths(name_w, L.s, text_width(font, fs, number),
                                                          text_width(font, fs, name), text_width(font, fs, customer));
            text_fitted(dl, font, fs, ImVec2(x, ty), col.text, number, w.number, clip);
            x += w.number + 6 * L.s;
            text_fitted(dl, font, fs, ImVec2(x, ty), col.text, name, w.name, clip);
            x += w.name + 6 * L.s;
            if (w.customer > 0) text_fitted(dl, font, fs, ImVec2(x, ty), col.muted, customer, w.customer, clip);
        } else {
            text_fitted(dl, font, fs, ImVec2(x, ty), col.text, m.row_label(size_t(r)), name_w, clip);
        }
        // Responsible persons on the row.
        int64_t count = m.row_responsible_count(size_t(r));
        std::snprintf(buf, sizeof(buf), "%lld", static_cast<long long>(count));
        float cw = font->CalcTextSizeA(small, FLT_MAX, 0, buf).x;
        font->RenderText(dl, small, ImVec2(b.x - plus_w - pad - cw, y + (L.row_h - small) / 2),
                         count ? col.muted : ImGui::GetColorU32(palette().error), clip, buf, nullptr);
        if (v.by_role) {
            ImRect pr = plus_rect(L, r);
            bool hot = pr.Contains(ImGui::GetIO().MousePos) && r == g.hover_row;
            dl->AddRect(pr.Min, pr.Max, hot ? col.accent : col.muted, 3 * L.s);
            ImVec2 c = pr.GetCenter();
            float h = pr.GetWidth() * 0.28f;
            dl->AddLine(ImVec2(c.x - h, c.y), ImVec2(c.x + h, c.y), hot ? col.accent : col.text, 1.5f * L.s);
            dl->AddLine(ImVec2(c.x, c.y - h), ImVec2(c.x, c.y + h), hot ? col.accent : col.text, 1.5f * L.s);
        }
    }
    dl->AddLine(ImVec2(b.x - 0.5f, a.y), ImVec2(b.x - 0.5f, b.y), ImGui::GetColorU32(ImGuiCol_Border));
    dl->PopClipRect();
}

void draw_header(ImDrawList* dl, const Layout& L, const Colours& col, MatrixView& v) {
    const ResponsibilityMatrix& m = v.model;
    const MatrixGridState& g = v.grid;
    ImVec2 a(L.cells.x, L.min.y), b(L.max.x, L.cells.y);
    dl->PushClipRect(a, b, true);
    dl->AddRectFilled(a, b, col.header_bg);
    ImFont* font = ImGui::GetFont();
    const float fs = ImGui::GetFontSize();
    const float small = std::round(fs * 0.8f);
    const float name_bottom = b.y - L.strip_h;
    const float sin_a = std::sin(kHeaderAngle), cos_a = std::cos(kHeaderAngle);
    const float name_len = (name_bottom - a.y - 4 * L.s) / sin_a;  // the longest name that fits
    const ImVec4 no_clip(-FLT_MAX, -FLT_MAX, FLT_MAX, FLT_MAX);
    // Names lean right: columns scrolled off to the left still show the ends of their names.
    const long lead = long(std::ceil(name_len * cos_a / L.col_w)) + 1;
    char buf[32];
    for (long c = std::max(0L, L.col0 - lead); c < L.col1; ++c) {
        const float x = L.cell_x(c);
        if (c == g.hover_col || c == g.hover_header_col || c == g.cursor_col || c == g.menu_col)
            dl->AddRectFilled(ImVec2(x, a.y), ImVec2(x + L.col_w, b.y), col.hover_band);
        // The name, drawn level and then turned about the foot of its line.
        int first = dl->VtxBuffer.Size;
        ImVec2 pivot(x + L.col_w / 2 + fs * sin_a / 2, name_bottom - 2 * L.s);
        text_fitted(dl, font, fs, ImVec2(pivot.x, pivot.y - fs), col.text, m.column_label(size_t(c)), name_len,
                    no_clip);
        rotate_vertices(dl, first, kHeaderAngle, pivot);
        // Workload under the filter, and the menu's ▾.
        int64_t count = m.column_responsibility_count(size_t(c));
        std::snprintf(buf, sizeof(buf), "%lld", static_cast<long long>(count));
        float cw = font->CalcTextSizeA(small, FLT_MAX, 0, buf).x;
        font->RenderText(dl, small, ImVec2(x + (L.col_w - cw) / 2, name_bottom + 1 * L.s), col.muted,
                         ImVec4(x, a.y, x + L.col_w, b.y), buf, nullptr, 0, true);
        float tx = x + L.col_w / 2, ty = b.y - 9 * L.s, t = 3.5f * L.s;
        dl->AddTriangleFilled(ImVec2(tx - t, ty), ImVec2(tx + t, ty), ImVec2(tx, ty + t),
                              c == g.hover_header_col ? col.accent : col.muted);
        float lx = std::floor(x) + 0.5f;
        dl->AddLine(ImVec2(lx, name_bottom), ImVec2(lx, b.y), col.grid);
    }
    dl->AddLine(ImVec2(a.x, name_bottom + 0.5f), ImVec2(b.x, name_bottom + 0.5f), col.grid);
    dl->AddLine(ImVec2(a.x, b.y - 0.5f), ImVec2(b.x, b.y - 0.5f), ImGui::GetColorU32(ImGuiCol_Border));
    dl->PopClipRect();
}

// The top-left corner: what the rows are, and a legend of the cell looks.
void draw_corner(ImDrawList* dl, const Layout& L, const Colours& col, MatrixView& v) {
    ImVec2 a = L.min, b(L.cells.x, L.cells.y);
    dl->PushClipRect(a, b, true);
    dl->AddRectFilled(a, b, col.header_bg);
    ImFont* font = ImGui::GetFont();
    const float fs = ImGui::GetFontSize();
    const float small = std::round(fs * 0.8f);
    const ImVec4 clip(a.x, a.y, b.x, b.y);
    const float pad = 6 * L.s;
    const float line = std::max(L.row_h, fs + 4 * L.s);
    struct Item { uint8_t flags; const char* codes; const char* key; };
    const Item items[] = {{kCellActive, "", "matrix.legend.active"},
                          {kCellActive | kCellRole, "VK", "matrix.legend.role"},
                          {kCellExpired, "", "matrix.legend.expired"},
                          {kCellFuture, "", "matrix.legend.future"}};
    float y = a.y + pad;
    for (const Item& it : items) {
        if (y + line > b.y - L.strip_h) break;
        ImVec2 ca(a.x + pad, y), cb(a.x + pad + L.col_w, y + L.row_h);
        draw_cell(dl, L, col, ca, cb, it.flags, it.codes, font, small);
        font->RenderText(dl, small, ImVec2(cb.x + pad, y + (L.row_h - small) / 2), col.muted, clip, tr(it.key), nullptr);
        y += line;
    }
    const char* what = tr(v.model.filter().projects ? "matrix.rows_projects" : "matrix.rows_customers");
    font->RenderText(dl, fs, ImVec2(a.x + pad, b.y - L.strip_h + (L.strip_h - fs) / 2), col.text, clip, what, nullptr);
    const char* persons = tr("matrix.persons");
    float pw = font->CalcTextSizeA(small, FLT_MAX, 0, persons).x;
    font->RenderText(dl, small, ImVec2(b.x - pad - pw - (v.by_role ? L.row_h : 0), b.y - L.strip_h + (L.strip_h - small) / 2),
                     col.muted, clip, persons, nullptr);
    dl->AddLine(ImVec2(b.x - 0.5f, a.y), ImVec2(b.x - 0.5f, b.y), ImGui::GetColorU32(ImGuiCol_Border));
    dl->AddLine(ImVec2(a.x, b.y - 0.5f), ImVec2(b.x, b.y - 0.5f), ImGui::GetColorU32(ImGuiCol_Border));
    dl->PopClipRect();
}

// The names in a left-column row that open a card: the customer's name (customer rows), or the
// project's number and name and the customer's name (project rows). Maintenance reminder: the
// geometry mirrors draw_left_column's.
struct RowNames {
    ImRect primary;   // the customer name, or the project number and name
    ImRect customer;  // project rows: the customer's name (empty when it does not fit)
};

RowNames row_names(const Layout& L, const MatrixView& v, long r) {
    const ResponsibilityMatrix& m = v.model;
    ImFont* font = ImGui::GetFont();
    const float fs = ImGui::GetFontSize();
    const float pad = 6 * L.s, number_w = 62 * L.s, count_w = 30 * L.s;
    const float plus_w = v.by_role ? L.row_h : 0;
    const float y0 = L.cell_y(r), y1 = y0 + L.row_h;
    const float x0 = L.min.x + pad + number_w;
    float name_w = L.cells.x - x0 - count_w - plus_w - pad;
    auto width = [&](std::string_view text, float max_w) {
        return std::min(font->CalcTextSizeA(fs, FLT_MAX, 0, text.data(), text.data() + text.size()).x, max_w);
    };
    RowNames out;
    if (!m.filter().projects) {
        out.primary = ImRect(x0, y0, x0 + std::max(0.0f, width(m.row_label(size_t(r)), name_w)), y1);
        return out;
    }
    const ProjectRowWidths w = project_row_widths(name_w, L.s, width(m.row_project_number(size_t(r)), FLT_MAX),
                                                  width(m.row_label(size_t(r)), FLT_MAX),
                                                  width(m.row_customer_name(size_t(r)), FLT_MAX));
    float x = x0 + w.number + 6 * L.s;
    out.primary = ImRect(x0, y0, x + w.name, y1);
    x += w.name + 6 * L.s;
    if (w.customer > 0) out.customer = ImRect(x, y0, x + w.customer, y1);
    return out;
}

// The card a click at `p` on left-column row `r` opens (false: not on a name).
bool open_row_card(App& app, const Layout& L, const MatrixView& v, long r, ImVec2 p) {
    RowNames names = row_names(L, v, r);
    const ResponsibilityMatrix& m = v.model;
    if (names.primary.Contains(p)) {
        if (m.row_project(size_t(r)))
            app.open_project_card(m.row_project(size_t(r)));
        else
            app.open_customer_card(m.row_customer(size_t(r)));
        return true;
    }
    if (names.customer.GetWidth() > 0 && names.customer.Contains(p)) {
        app.open_customer_card(m.row_customer(size_t(r)));
        return true;
    }
    return false;
}

// Underlines the name under the mouse in the left column (it opens a card on click).
void draw_name_hover(ImDrawList* dl, const Layout& L, const Colours& col, const MatrixView& v, ImVec2 mouse) {
    const long r = v.grid.hover_row;
    if (r < 0 || !L.in_left(mouse)) return;
    RowNames names = row_names(L, v, r);
    for (const ImRect& rect : {names.primary, names.customer}) {
        if (rect.GetWidth() <= 0 || !rect.Contains(mouse)) continue;
        const float fs = ImGui::GetFontSize();
        const float y = std::floor(rect.Min.y + (L.row_h - fs) / 2 + fs) + 0.5f;
        dl->PushClipRect(ImVec2(L.min.x, L.cells.y), ImVec2(L.cells.x, L.max.y), true);
        dl->AddLine(ImVec2(rect.Min.x, y), ImVec2(rect.Max.x, y), col.accent);
        dl->PopClipRect();
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    }
}

// Item rectangles for automation: visible cells, column headers, the rows' "+", the rows' names.
void record_visible(const Layout& L, MatrixView& v) {
    const ResponsibilityMatrix& m = v.model;
    std::vector<std::string> cols;
    cols.reserve(size_t(L.col1 - L.col0));
    for (long c = L.col0; c < L.col1; ++c) {
        std::string id = std::to_string(m.column_employee(size_t(c)).value);
        float x0 = std::max(L.cell_x(c), L.cells.x), x1 = std::min(L.cell_x(c) + L.col_w, L.max.x);
        record_item("matrix.col." + id, x0, L.min.y, x1, L.cells.y);
        cols.push_back(std::move(id));
    }
    std::string path;
    for (long r = L.row0; r < L.row1; ++r) {
        const std::string key = matrix_row_key(m, size_t(r));
        float y0 = std::max(L.cell_y(r), L.cells.y), y1 = std::min(L.cell_y(r) + L.row_h, L.max.y);
        if (v.by_role) {
            ImRect pr = plus_rect(L, r);
            if (pr.Min.y >= L.cells.y && pr.Max.y <= L.max.y)
                record_item("matrix.row_add." + key, pr.Min.x, pr.Min.y, pr.Max.x, pr.Max.y);
        }
        RowNames names = row_names(L, v, r);
        if (names.primary.Min.y >= L.cells.y && names.primary.Max.y <= L.max.y) {
            record_item("matrix.row_name." + key, names.primary.Min.x, names.primary.Min.y, names.primary.Max.x,
                        names.primary.Max.y);
            if (names.customer.GetWidth() > 0)
                record_item("matrix.row_customer." + key, names.customer.Min.x, names.customer.Min.y,
                            names.customer.Max.x, names.customer.Max.y);
        }
        const std::string prefix = "matrix.cell." + key + ".";
        for (long c = L.col0; c < L.col1; ++c) {
            float x0 = std::max(L.cell_x(c), L.cells.x), x1 = std::min(L.cell_x(c) + L.col_w, L.max.x);
            path.assign(prefix).append(cols[size_t(c - L.col0)]);
            record_item(path, x0, y0, x1, y1);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Mouse, keyboard, tooltip, column menu
// ---------------------------------------------------------------------------------------------

void move_cursor(MatrixView& v, const Layout& L, long dr, long dc) {
    MatrixGridState& g = v.grid;
    if (L.rows == 0 || L.cols == 0) return;
    if (g.cursor_row < 0 || g.cursor_col < 0) {
        g.cursor_row = std::clamp(L.row0, 0L, L.rows - 1);
        g.cursor_col = std::clamp(L.col0, 0L, L.cols - 1);
    } else {
        g.cursor_row = std::clamp(g.cursor_row + dr, 0L, L.rows - 1);
        g.cursor_col = std::clamp(g.cursor_col + dc, 0L, L.cols - 1);
    }
    g.cursor_moved = true;
}

void handle_keys(App& app, MatrixView& v, const Layout& L) {
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || !ImGui::IsWindowFocused()) return;
    const long page = std::max(1L, long((L.max.y - L.cells.y) / L.row_h) - 1);
    const bool ctrl = io.KeyCtrl || io.KeySuper;
    if (ImGui::IsKeyPressed(ImGuiKey_UpArrow)) move_cursor(v, L, -1, 0);
    if (ImGui::IsKeyPressed(ImGuiKey_DownArrow)) move_cursor(v, L, 1, 0);
    if (ImGui::IsKeyPressed(ImGuiKey_LeftArrow)) move_cursor(v, L, 0, -1);
    if (ImGui::IsKeyPressed(ImGuiKey_RightArrow)) move_cursor(v, L, 0, 1);
    if (ImGui::IsKeyPressed(ImGuiKey_PageUp)) move_cursor(v, L, -page, 0);
    if (ImGui::IsKeyPressed(ImGuiKey_PageDown)) move_cursor(v, L, page, 0);
    // Home/End: first or last column; with Ctrl, first or last row.
    if (ImGui::IsKeyPressed(ImGuiKey_Home)) ctrl ? move_cursor(v, L, -L.rows, 0) : move_cursor(v, L, 0, -L.cols);
    if (ImGui::IsKeyPressed(ImGuiKey_End)) ctrl ? move_cursor(v, L, L.rows, 0) : move_cursor(v, L, 0, L.cols);
    if (ImGui::IsKeyPressed(ImGuiKey_Space, false) && !ctrl) {
        if (v.grid.cursor_row < 0) move_cursor(v, L, 0, 0);
        toggle_matrix_cell(app, v, v.grid.cursor_row, v.grid.cursor_col);
    }
    // Enter: the cursor cell's action (By role: assign a role on its row; otherwise toggle it).
    if ((ImGui::IsKeyPressed(ImGuiKey_Enter, false) || ImGui::IsKeyPressed(ImGuiKey_KeypadEnter, false)) && !ctrl) {
        if (v.grid.cursor_row < 0) move_cursor(v, L, 0, 0);
        if (v.by_role)
            open_assign_role_dialog(v, v.grid.cursor_row);
        else
            toggle_matrix_cell(app, v, v.grid.cursor_row, v.grid.cursor_col);
    }
}

// Keeps the cursor cell inside the visible cell area (applied on the next frame).
void scroll_to_cursor(MatrixView& v, const Layout& L) {
    MatrixGridState& g = v.grid;
    if (!g.cursor_moved || g.cursor_row < 0) return;
    g.cursor_moved = false;
    const float view_h = L.max.y - L.cells.y, view_w = L.max.x - L.cells.x;
    const float top = float(g.cursor_row) * L.row_h, left = float(g.cursor_col) * L.col_w;
    if (top < L.scroll_y) ImGui::SetScrollY(top);
    else if (top + L.row_h > L.scroll_y + view_h) ImGui::SetScrollY(top + L.row_h - view_h);
    if (left < L.scroll_x) ImGui::SetScrollX(left);
    else if (left + L.col_w > L.scroll_x + view_w) ImGui::SetScrollX(left + L.col_w - view_w);
}

std::string interval_text(const MatrixCellDetail::Item& it) {
    if (it.valid_from.empty() && it.valid_to.empty()) return tr("matrix.tip.no_interval");
    return (it.valid_from.empty() ? std::string("…") : shown_date(it.valid_from)) + " – " +
           (it.valid_to.empty() ? std::string("…") : shown_date(it.valid_to));
}

void cell_tooltip(App& app, MatrixView& v, long r, long c) {
    MatrixGridState& g = v.grid;
    const ResponsibilityMatrix& m = v.model;
    const uint64_t key = (app.generation() << 40) ^ v.revision;
    if (g.detail_row != r || g.detail_col != c || g.detail_key != key) {
        g.detail = m.detail(size_t(r), size_t(c));
        g.detail_row = r;
        g.detail_col = c;
        g.detail_key = key;
    }
    const MatrixCellDetail& d = g.detail;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
    const Palette& p = palette();
    std::string customer = std::to_string(m.row_number(size_t(r))) + " " + std::string(m.row_customer_name(size_t(r)));
    ImGui::TextColored(p.muted, "%s", tr("matrix.tip.customer"));
    ImGui::SameLine();
    ImGui::TextUnformatted(customer.c_str());
    if (m.row_project(size_t(r))) {
        std::string project = std::string(m.row_project_number(size_t(r))) + " " + std::string(m.row_label(size_t(r)));
        ImGui::TextColored(p.muted, "%s", tr("matrix.tip.project"));
        ImGui::SameLine();
        ImGui::TextUnformatted(project.c_str());
    }
    ImGui::TextColored(p.muted, "%s", tr("matrix.tip.employee"));
    ImGui::SameLine();
    std::string employee(m.column_label(size_t(c)));
    ImGui::TextUnformatted(employee.c_str());
    ImGui::Separator();
    if (d.items.empty()) ImGui::TextUnformatted(tr("matrix.tip.not_responsible"));
    for (const MatrixCellDetail::Item& it : d.items) {
        const char* state = (it.flags & kCellExpired)  ? "matrix.tip.expired"
                            : (it.flags & kCellFuture) ? "matrix.tip.future"
                                                       : "matrix.tip.active";
        std::string line = (it.role.empty() ? std::string(tr("matrix.tip.no_role")) : it.role) + " · " +
                           interval_text(it) + " · " + tr(state);
        if (it.flags & kCellActive)
            ImGui::BulletText("%s", line.c_str());
        else {
            ImGui::PushStyleColor(ImGuiCol_Text, p.muted);
            ImGui::BulletText("%s", line.c_str());
            ImGui::PopStyleColor();
        }
    }
    ImGui::Separator();
    if (d.changed_by.empty())
        ImGui::TextColored(p.muted, "%s", tr("matrix.tip.no_changes"));
    else
        ImGui::TextColored(p.muted, "%s", tr_format("matrix.tip.changed", {d.changed_by, d.changed_at}).c_str());
    ImGui::TextColored(p.muted, "%s", tr("matrix.tip.hint"));
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
    note_visible_text(customer);
    note_visible_text(employee);
}

void column_menu(App& app, MatrixView& v) {
    MatrixGridState& g = v.grid;
    const ResponsibilityMatrix& m = v.model;
    if (!ImGui::BeginPopup("###matrix.col_menu")) {
        g.menu_col = -1;
        return;
    }
    if (g.menu_col < 0 || size_t(g.menu_col) >= m.column_count()) {
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    const long c = g.menu_col;
    ImGui::TextUnformatted(std::string(m.column_label(size_t(c))).c_str());
    ImGui::TextColored(palette().muted, "%s",
                       tr_format("matrix.col.workload", {std::to_string(m.column_responsibility_count(size_t(c)))}).c_str());
    ImGui::Separator();
    const long rows = long(m.row_count());
    std::string set_label = tr_format("matrix.col.set_all", {std::to_string(rows)}) + "###matrix.col_menu.set_all";
    std::string clear_label = tr_format("matrix.col.clear_all", {std::to_string(rows)}) + "###matrix.col_menu.clear_all";
    if (ImGui::MenuItem(set_label.c_str(), nullptr, false, rows > 0)) set_matrix_range(app, v, 0, c, rows - 1, c, true);
    if (ImGui::MenuItem(clear_label.c_str(), nullptr, false, rows > 0))
        set_matrix_range(app, v, 0, c, rows - 1, c, false);
    ImGui::Separator();
    if (ImGui::MenuItem((std::string(tr("matrix.col.filter")) + "###matrix.col_menu.filter").c_str()))
        v.employee = m.column_employee(size_t(c));
    ImGui::EndPopup();
}

// The right-click menu of a cell: make responsible or remove, a role, each responsibility's
// interval, the row's card.
void cell_menu(App& app, MatrixView& v) {
    MatrixGridState& g = v.grid;
    const ResponsibilityMatrix& m = v.model;
    if (!ImGui::BeginPopup("###matrix.cell_menu")) {
        g.menu_row = g.menu_cell_col = -1;
        return;
    }
    const long r = g.menu_row, c = g.menu_cell_col;
    if (r < 0 || c < 0 || size_t(r) >= m.row_count() || size_t(c) >= m.column_count()) {
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    const size_t row = size_t(r), col = size_t(c);
    std::string row_title = std::to_string(m.row_number(row)) + " " + std::string(m.row_customer_name(row));
    if (m.row_project(row))
        row_title += " / " + std::string(m.row_project_number(row)) + " " + std::string(m.row_label(row));
    const std::string employee(m.column_label(col));
    ImGui::TextUnformatted(row_title.c_str());
    ImGui::TextColored(palette().muted, "%s", employee.c_str());
    ImGui::Separator();
    const bool active = m.cell_flags(row, col) & kCellActive;
    if (ImGui::MenuItem((std::string(tr(active ? "matrix.cell.remove" : "matrix.cell.add")) + "###matrix.cell_menu.toggle").c_str()))
        toggle_matrix_cell(app, v, r, c);
    if (v.roles_enabled && !v.roles.empty() &&
        ImGui::MenuItem((std::string(tr("matrix.cell.role")) + "###matrix.cell_menu.role").c_str())) {
        g.cursor_row = r;
        g.cursor_col = c;
        open_assign_role_dialog(v, r);  // with this column's employee picked
    }
    const uint64_t key = (app.generation() << 40) ^ v.revision;
    if (g.detail_row != r || g.detail_col != c || g.detail_key != key) {
        g.detail = m.detail(row, col);
        g.detail_row = r;
        g.detail_col = c;
        g.detail_key = key;
    }
    for (const MatrixCellDetail::Item& it : g.detail.items) {
        std::string label = tr("matrix.cell.interval");
        if (!it.role.empty()) label += " (" + it.role + ")";
        label += "###matrix.cell_menu.interval." + std::to_string(it.id);
        if (ImGui::MenuItem(label.c_str()))
            open_interval_dialog(v.interval, ResponsibilityId(it.id), row_title + " \xE2\x80\x94 " + employee,
                                 it.valid_from, it.valid_to);
    }
    ImGui::Separator();
    if (ImGui::MenuItem((std::string(tr("matrix.cell.open_card")) + "###matrix.cell_menu.card").c_str())) {
        if (m.row_project(row))
            app.open_project_card(m.row_project(row));
        else
            app.open_customer_card(m.row_customer(row));
    }
    ImGui::EndPopup();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] The grid
// ---------------------------------------------------------------------------------------------

void draw_matrix_grid(App& app, MatrixView& v, float width, float height) {
    MatrixGridState& g = v.grid;
    const ResponsibilityMatrix& m = v.model;
    Layout L;
    L.s = app.scale();
    L.row_h = std::round(22 * L.s);
    L.col_w = std::round(28 * L.s);
    L.header_h = std::round(140 * L.s);
    L.left_w = std::round((m.filter().projects ? 440 : 300) * L.s);  // project rows name two things
    L.strip_h = std::round(30 * L.s);
    L.rows = long(m.row_count());
    L.cols = long(m.column_count());

    if (g.scroll_request) {
        ImGui::SetNextWindowScroll(ImVec2(g.scroll_x, g.scroll_y));
        g.scroll_request = false;
    }
    ImGui::SetNextWindowContentSize(ImVec2(L.left_w + float(L.cols) * L.col_w, L.header_h + float(L.rows) * L.row_h));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::GetStyleColorVec4(ImGuiCol_WindowBg));
    bool open = ImGui::BeginChild("###matrix.grid", ImVec2(width, std::max(height, 100 * L.s)), ImGuiChildFlags_Border,
                                  ImGuiWindowFlags_HorizontalScrollbar | ImGuiWindowFlags_NoNavInputs);
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
    if (!open) {
        ImGui::EndChild();
        return;
    }
    if (g.focus_request) {
        ImGui::SetWindowFocus();
        g.focus_request = false;
    }
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    L.min = window->InnerClipRect.Min;
    L.max = window->InnerClipRect.Max;
    L.scroll_x = g.scroll_x = ImGui::GetScrollX();
    L.scroll_y = g.scroll_y = ImGui::GetScrollY();
    L.cells = ImVec2(L.min.x + L.left_w, L.min.y + L.header_h);
    L.row0 = std::clamp(long(L.scroll_y / L.row_h), 0L, L.rows);
    L.row1 = std::clamp(long(std::ceil((L.scroll_y + (L.max.y - L.cells.y)) / L.row_h)), L.row0, L.rows);
    L.col0 = std::clamp(long(L.scroll_x / L.col_w), 0L, L.cols);
    L.col1 = std::clamp(long(std::ceil((L.scroll_x + (L.max.x - L.cells.x)) / L.col_w)), L.col0, L.cols);

    // One invisible button over the visible area takes the mouse (clicks, drags, right-clicks).
    ImGui::SetCursorPos(ImVec2(L.scroll_x, L.scroll_y));
    ImGui::InvisibleButton("###matrix.body", ImVec2(std::max(1.0f, L.max.x - L.min.x), std::max(1.0f, L.max.y - L.min.y)),
                           ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    const bool hovered = ImGui::IsItemHovered();
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const long prev_row = g.hover_row, prev_col = g.hover_col, prev_header = g.hover_header_col;
    g.hover_row = g.hover_col = g.hover_header_col = -1;
    if (hovered && L.in_cells(mouse)) {
        long r = L.row_at(mouse.y), c = L.col_at(mouse.x);
        if (r >= 0 && r < L.rows && c >= 0 && c < L.cols) {
            g.hover_row = r;
            g.hover_col = c;
        }
    } else if (hovered && L.in_header(mouse)) {
        long c = L.col_at(mouse.x);
        if (c >= 0 && c < L.cols) g.hover_header_col = c;
    } else if (hovered && L.in_left(mouse)) {
        long r = L.row_at(mouse.y);
        if (r >= 0 && r < L.rows) g.hover_row = r;
    }
    if (g.hover_row == prev_row && g.hover_col == prev_col && g.hover_header_col == prev_header)
        g.hover_time += ImGui::GetIO().DeltaTime;
    else
        g.hover_time = 0;

    // Mouse: press on a cell starts a drag (or, with Shift, sets the rectangle from the cursor);
    // release on the same cell toggles it, elsewhere sets or clears the dragged rectangle.
    Interaction in;
    ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsItemActivated() && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
        if (g.hover_col >= 0 && g.hover_row >= 0) {
            const long r = g.hover_row, c = g.hover_col;
            if (io.KeyShift && g.cursor_row >= 0 && g.cursor_col >= 0 && g.cursor_row < L.rows && g.cursor_col < L.cols) {
                // The range takes the anchor cell's state (after its own click), as a spreadsheet's fill does.
                bool set = (m.cell_flags(size_t(g.cursor_row), size_t(g.cursor_col)) & kCellActive) != 0;
                set_matrix_range(app, v, g.cursor_row, g.cursor_col, r, c, set);
            } else {
                g.dragging = true;
                g.drag_row = r;
                g.drag_col = c;
                g.drag_set = !(m.cell_flags(size_t(r), size_t(c)) & kCellActive);
                g.cursor_row = r;
                g.cursor_col = c;
            }
        } else if (g.hover_header_col >= 0) {
            g.menu_col = g.hover_header_col;
            ImGui::OpenPopup("###matrix.col_menu");
        } else if (v.by_role && g.hover_row >= 0 && plus_rect(L, g.hover_row).Contains(mouse)) {
            open_assign_role_dialog(v, g.hover_row);
        } else if (g.hover_row >= 0) {
            g.cursor_row = g.hover_row;
            if (g.cursor_col < 0) g.cursor_col = L.col0;
            open_row_card(app, L, v, g.hover_row, mouse);  // a click on a name opens its card
        }
    }
    if (hovered && g.hover_header_col >= 0 && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) {
        g.menu_col = g.hover_header_col;
        ImGui::OpenPopup("###matrix.col_menu");
    }
    if (hovered && g.hover_row >= 0 && g.hover_col >= 0 && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) {
        g.menu_row = g.cursor_row = g.hover_row;
        g.menu_cell_col = g.cursor_col = g.hover_col;
        ImGui::OpenPopup("###matrix.cell_menu");
    }
    if (g.dragging) {
        long r = std::clamp(L.row_at(mouse.y), 0L, std::max(0L, L.rows - 1));
        long c = std::clamp(L.col_at(mouse.x), 0L, std::max(0L, L.cols - 1));
        if (ImGui::IsItemActive()) {
            in.has_drag = r != g.drag_row || c != g.drag_col;
            in.drag_r0 = g.drag_row;
            in.drag_c0 = g.drag_col;
            in.drag_r1 = r;
            in.drag_c1 = c;
            in.drag_set = g.drag_set;
            // Near an edge, the grid scrolls under the drag.
            const float step_y = L.row_h, step_x = L.col_w;
            if (mouse.y > L.max.y - 4 * L.s) ImGui::SetScrollY(L.scroll_y + step_y);
            if (mouse.y < L.cells.y) ImGui::SetScrollY(L.scroll_y - step_y);
            if (mouse.x > L.max.x - 4 * L.s) ImGui::SetScrollX(L.scroll_x + step_x);
            if (mouse.x < L.cells.x) ImGui::SetScrollX(L.scroll_x - step_x);
        } else {
            g.dragging = false;
            if (r == g.drag_row && c == g.drag_col)
                toggle_matrix_cell(app, v, r, c);
            else
                set_matrix_range(app, v, g.drag_row, g.drag_col, r, c, g.drag_set);
        }
    }

    handle_keys(app, v, L);
    scroll_to_cursor(v, L);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Colours col = colours();
    draw_cells(dl, L, col, v, in);
    draw_left_column(dl, L, col, v);
    draw_name_hover(dl, L, col, v, mouse);
    draw_header(dl, L, col, v);
    draw_corner(dl, L, col, v);
    record_visible(L, v);
    if (L.rows == 0) {
        const char* empty = tr("matrix.none");
        ImVec2 size = ImGui::CalcTextSize(empty);
        dl->AddText(ImVec2(L.cells.x + std::max(0.0f, (L.max.x - L.cells.x - size.x) / 2), L.cells.y + 40 * L.s),
                    ImGui::GetColorU32(palette().muted), empty);
        note_visible_text(empty);
    }

    // Tooltips, after the mouse rests a moment (the cell's one reads the change log).
    const bool menu_open = ImGui::IsPopupOpen("###matrix.col_menu") || ImGui::IsPopupOpen("###matrix.cell_menu");
    if (!g.dragging && !menu_open && g.hover_time < 0.3f &&
        (g.hover_row >= 0 || g.hover_header_col >= 0))
        keep_drawing();  // the tooltip shows without the mouse moving again
    if (!g.dragging && g.hover_time >= 0.3f && !menu_open) {
        if (g.hover_row >= 0 && g.hover_col >= 0) {
            cell_tooltip(app, v, g.hover_row, g.hover_col);
        } else if (g.hover_header_col >= 0) {
            ImGui::SetTooltip("%s\n%s", std::string(m.column_label(size_t(g.hover_header_col))).c_str(),
                              tr_format("matrix.col.workload",
                                        {std::to_string(m.column_responsibility_count(size_t(g.hover_header_col)))})
                                  .c_str());
        } else if (g.hover_row >= 0) {
            std::string text = std::to_string(m.row_number(size_t(g.hover_row))) + " " +
                               std::string(m.row_customer_name(size_t(g.hover_row)));
            if (m.row_project(size_t(g.hover_row)))
                text += "\n" + std::string(m.row_project_number(size_t(g.hover_row))) + " " +
                        std::string(m.row_label(size_t(g.hover_row)));
            text += "\n" + tr_format("matrix.row.persons", {std::to_string(m.row_responsible_count(size_t(g.hover_row)))});
            ImGui::SetTooltip("%s", text.c_str());
        }
    }
    column_menu(app, v);
    cell_menu(app, v);
    ImGui::EndChild();
}

}  // namespace vastuu::ui
