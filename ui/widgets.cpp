// Small widgets the views share (widgets.h).
#include "widgets.h"

#include <imgui.h>

#include <algorithm>
#include <cfloat>

#include "core/i18n.h"
#include "core/text.h"
#include "dialog_frame.h"
#include "fitted_text.h"
#include "item_hooks.h"
#include "theme.h"

namespace vastuu::ui {

std::string with_id(const char* key, const std::string& path) { return std::string(tr(key)) + "###" + path; }

std::string visible_part(const char* label) {
    std::string s(label);
    size_t hash = s.find("##");
    return hash == std::string::npos ? s : s.substr(0, hash);
}

float button_width(const char* label) {
    return ImGui::CalcTextSize(visible_part(label).c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
}

bool toggle_button(const char* label, bool selected, bool framed) {
    if (selected) {
        const Palette& p = palette();
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_Header));
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImGui::GetStyleColorVec4(ImGuiCol_Header));
        ImGui::PushStyleColor(ImGuiCol_Text, p.selected_text);
        ImGui::PushStyleColor(ImGuiCol_Border, ImGui::GetStyleColorVec4(ImGuiCol_Header));
    } else if (framed) {
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_Button));
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImGui::GetStyleColorVec4(ImGuiCol_ButtonHovered));
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_Text));
        ImGui::PushStyleColor(ImGuiCol_Border, ImGui::GetStyleColorVec4(ImGuiCol_Border));
    } else {
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImGui::GetStyleColorVec4(ImGuiCol_ButtonHovered));
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_Text));
        ImGui::PushStyleColor(ImGuiCol_Border, ImVec4(0, 0, 0, 0));
    }
    bool pressed = ImGui::Button(label);
    ImGui::PopStyleColor(4);
    return pressed;
}


void same_line_right(float width) {
    const float right_x = ImGui::GetWindowContentRegionMax().x - width;
    // Where the last item ends, in the window's local coordinates.
    const float after = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + ImGui::GetScrollX() +
                        ImGui::GetStyle().ItemSpacing.x;
    if (right_x >= after) {
        ImGui::SameLine(right_x);
    } else {
        ImGui::SetCursorPosX(std::max(right_x, ImGui::GetCursorPosX()));
    }
}

void field_label(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().muted);
    ImGui::TextUnformatted(text);
    ImGui::PopStyleColor();
}

void error_text(const Error& error) {
    if (error.code.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, palette().error);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(error.message.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    note_visible_text(error.message);
}

void field_error(const Error& error, const char* field) {
    if (error.field == field) error_text(error);
}

void form_error(const Error& error, std::initializer_list<const char*> shown_fields) {
    for (const char* f : shown_fields)
        if (error.field == f) return;
    error_text(error);
}

void cell_text(const std::string& text, bool muted) {
    if (muted) ImGui::PushStyleColor(ImGuiCol_Text, palette().muted);
    fitted_text(text);  // cut with "…" when the column is too narrow, the whole text on hover
    if (muted) ImGui::PopStyleColor();
    note_visible_text(text);
}

DialogButtons dialog_buttons(const char* dialog, float scale, const char* save_key, bool save_enabled) {
    const ImGuiStyle& style = ImGui::GetStyle();
    float save_w = ImGui::CalcTextSize(tr(save_key)).x + style.FramePadding.x * 2 + 24 * scale;
    float buttons = ImGui::CalcTextSize(tr("dialog.cancel")).x + style.FramePadding.x * 2 + style.ItemSpacing.x + save_w;
    ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - buttons);
    DialogButtons pressed;
    pressed.cancel = ImGui::Button((std::string(tr("dialog.cancel")) + "###" + dialog + ".cancel").c_str());
    ImGui::SameLine();
    ImGui::BeginDisabled(!save_enabled);
    pressed.save = primary_button((std::string(tr(save_key)) + "###" + dialog + ".save").c_str(), ImVec2(save_w, 0));
    ImGui::EndDisabled();
    if (dialog_cancel_key()) pressed.cancel = true;
    if (save_enabled && dialog_submit_key()) pressed.save = true;  // Enter submits (dialog_frame.h)
    return pressed;
}

bool employee_combo(const char* path, float width, const char* any_key, EmployeeId& value,
                    const std::vector<Employee>& employees, char* search, size_t search_size) {
    std::string preview = tr(any_key);
    for (const Employee& e : employees)
        if (e.id == value) preview = e.name;
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::SetNextItemWidth(width);
    bool changed = false;
    if (ImGui::BeginCombo((std::string("###") + path).c_str(), preview.c_str(), ImGuiComboFlags_HeightLarge)) {
        if (ImGui::IsWindowAppearing()) {
            search[0] = 0;
            ImGui::SetKeyboardFocusHere();
        }
        ImGui::SetNextItemWidth(-FLT_MIN);
        ImGui::InputTextWithHint((std::string("###") + path + ".search").c_str(), tr("matrix.type_to_filter"),
                                 search, search_size);
        if (ImGui::Selectable((std::string(tr(any_key)) + "###" + path + ".any").c_str(), !value)) {
            value = EmployeeId();
            changed = true;
        }
        std::string needle = fold_for_search(trim(search));
        std::vector<const Employee*> shown;
        shown.reserve(employees.size());
        for (const Employee& e : employees)
            if (needle.empty() || fold_for_search(e.name).find(needle) != std::string::npos) shown.push_back(&e);
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(shown.size()));
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const Employee& e = *shown[static_cast<size_t>(i)];
                std::string label = e.name + "###" + path + "." + std::to_string(e.id.value);
                if (ImGui::Selectable(label.c_str(), e.id == value)) {
                    value = e.id;
                    changed = true;
                }
            }
        }
        ImGui::EndCombo();
    }
    record_item(path, pos.x, pos.y, pos.x + width, pos.y + ImGui::GetFrameHeight());
    return changed;
}


}  // namespace vastuu::ui
