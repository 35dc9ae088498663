// The interval dialog of the persons-in-charge view: valid-from and valid-to of one responsibility,
// saved through responsibility.update. An empty field is an open end. The engine decides what is
// valid (a real day, to not before from) and its refusal is shown at the field it names.
#include <imgui.h>

#include <cstdio>

#include "app.h"
#include "dialog_frame.h"
#include "item_hooks.h"
#include "core/text.h"
#include "view_persons.h"

namespace vastuu::ui {

void open_interval_dialog(IntervalDialog& d, ResponsibilityId id, std::string title, std::string_view from,
                          std::string_view to) {
    d = IntervalDialog{};
    d.open_request = true;
    d.id = id;
    d.title = std::move(title);
    std::snprintf(d.from, sizeof d.from, "%s", std::string(from).c_str());
    std::snprintf(d.to, sizeof d.to, "%s", std::string(to).c_str());
}

void open_interval_dialog(PersonsView& v, size_t row) {
    const PersonsInCharge& m = v.model;
    std::string title = std::string(m.row_customer_name(row));
    if (m.row_project(row)) title += " / " + std::string(m.row_project_name(row));
    title += " \xE2\x80\x94 " + std::string(m.row_employee_name(row));  // em dash
    open_interval_dialog(v.interval, m.row_id(row), std::move(title), m.row_valid_from(row), m.row_valid_to(row));
}

namespace {

std::string with_id(const char* key, const char* id) { return std::string(tr(key)) + "###" + id; }

nlohmann::json date_or_null(const char* text) {
    std::string t = trim(text);
    return t.empty() ? nlohmann::json(nullptr) : nlohmann::json(t);
}

}  // namespace

void draw_interval_dialog(App& app, PersonsView& v) { draw_interval_dialog(app, v.interval); }

void draw_interval_dialog(App& app, IntervalDialog& d) {
    const float s = app.scale();
    if (d.open_request) {
        ImGui::OpenPopup("###interval_dialog");
        d.open_request = false;
    }
    std::string title = with_id("interval.title", "interval_dialog");
    if (!begin_dialog(title.c_str(), 420 * s)) return;

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

    dialog_footer();
    bool save = primary_button(with_id("dialog.save", "interval.save").c_str(), ImVec2(100 * s, 0)) ||
                dialog_submit_key();
    ImGui::SameLine();
    bool cancel = ImGui::Button(with_id("dialog.cancel", "interval.cancel").c_str()) ||
                  dialog_cancel_key();
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
    end_dialog();
}

}  // namespace vastuu::ui
