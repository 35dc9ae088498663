// The interval dialog of the persons-in-charge view: valid-from and valid-to of one responsibility,
// saved through responsibility.update. An empty field is an open end. The engine decides what is
// valid (a real day, to not before from) and its refusal is shown at the field it names.
#include <imgui.h>

#include <cstdio>

#include "app.h"
#include "item_hooks.h"
#include "core/text.h"
#include "view_persons.h"

namespace vastuu::ui {

void open_interval_dialog(PersonsView& v, size_t row) {
    IntervalDialog& d = v.interval;
    const PersonsInCharge& m = v.model;
    d = IntervalDialog{};
    d.open_request = true;
    d.id = m.row_id(row);
    d.title = std::string(m.row_customer_name(row));
    if (m.row_project(row)) d.title += " / " + std::string(m.row_project_name(row));
    d.title += " \xE2\x80\x94 " + std::string(m.row_employee_name(row));  // em dash
    std::string from(m.row_valid_from(row)), to(m.row_valid_to(row));
    std::snprintf(d.from, sizeof d.from, "%s", from.c_str());
    std::snprintf(d.to, sizeof d.to, "%s", to.c_str());
}

namespace {

std::string with_id(const char* key, const char* id) { return std::string(tr(key)) + "###" + id; }

nlohmann::json date_or_null(const char* text) {
    std::string t = trim(text);
    return t.empty() ? nlohmann::json(nullptr) : nlohmann::json(t);
}

}  // namespace

void draw_interval_dialog(App& app, PersonsView& v) {
    IntervalDialog& d = v.interval;
    const float s = app.scale();
    if (d.open_request) {
        ImGui::OpenPopup("###interval_dialog");
        d.open_request = false;
    }
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(420 * s, 0));
    std::string title = with_id("interval.title", "interval_dialog");
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings)) return;

    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(d.title.c_str());
    ImGui::PopTextWrapPos();
    note_visible_text(d.title);
    ImGui::Spacing();

    field_label(tr("interval.from"));
    ImGui::SetNextItemWidth(-1);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::InputTextWithHint("###interval.from", tr("persons.date_hint"), d.from, sizeof d.from);
    field_error(d.error, "valid_from");
    field_label(tr("interval.to"));
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("###interval.to", tr("persons.date_hint"), d.to, sizeof d.to);
    field_error(d.error, "valid_to");
    ImGui::PushStyleColor(ImGuiCol_Text, palette().muted);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(tr("interval.open_hint"));
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    form_error(d.error, {"valid_from", "valid_to"});
    ImGui::Spacing();

    bool save = primary_button(with_id("dialog.save", "interval.save").c_str(), ImVec2(100 * s, 0)) ||
                ImGui::IsKeyPressed(ImGuiKey_Enter, false);
    ImGui::SameLine();
    bool cancel = ImGui::Button(with_id("dialog.cancel", "interval.cancel").c_str()) ||
                  ImGui::IsKeyPressed(ImGuiKey_Escape);
    if (save) {
        auto result = app.run_command({{"cmd", "responsibility.update"},
                                       {"id", d.id.value},
                                       {"valid_from", date_or_null(d.from)},
                                       {"valid_to", date_or_null(d.to)}});
        if (result) {
            d.error = Error{};
            app.show_message(tr("interval.saved"));
            ImGui::CloseCurrentPopup();
        } else {
            d.error = result.error();
        }
    } else if (cancel) {
        d.error = Error{};
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace vastuu::ui
