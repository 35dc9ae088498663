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
#include "date_field.h"
#include "widgets.h"

namespace vastuu::ui {

void open_interval_dialog(IntervalDialog& d, ResponsibilityId id, std::string title, std::string_view from,
                          std::string_view to) {
    d = IntervalDialog{};
    d.open_request = true;
    d.id = id;
    d.title = std::move(title);
    std::snprintf(d.from, sizeof d.from, "%s", shown_date(from).c_str());
    std::snprintf(d.to, sizeof d.to, "%s", shown_date(to).c_str());
}

void open_interval_dialog(PersonsView& v, size_t row) {
    const PersonsInCharge& m = v.model;
    std::string title = std::string(m.row_customer_name(row));
    if (m.row_project(row)) title += " / " + std::string(m.row_project_name(row));
    title += " \xE2\x80\x94 " + std::string(m.row_employee_name(row));  // em dash
    open_interval_dialog(v.interval, m.row_id(row), std::move(title), m.row_valid_from(row), m.row_valid_to(row));
}

namespace {


nlohmann::json date_or_null(const char* text, const std::string& today) {
    std::string t = typed_date(text, today);
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

    const std::string today = app.engine() ? app.engine()->today() : std::string();
    field_label(tr("interval.from"));
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    date_field("interval.from", d.from, sizeof d.from, ImGui::GetContentRegionAvail().x, today);
    field_error(d.error, "valid_from");
    field_label(tr("interval.to"));
    date_field("interval.to", d.to, sizeof d.to, ImGui::GetContentRegionAvail().x, today);
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
                                       {"valid_from", date_or_null(d.from, today)},
                                       {"valid_to", date_or_null(d.to, today)}});
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
