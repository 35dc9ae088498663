// The employee dialog: create or edit an employee (name, e-mail, team, seller information, and
// archived when editing) through employee.create / employee.update.
#include <imgui.h>

#include <cfloat>
#include <cstdio>

#include "app.h"
#include "dialog_frame.h"
#include "item_hooks.h"
#include "views.h"
#include "widgets.h"

namespace vastuu::ui {
namespace {


bool submit(App& app, EmployeeDialog& d) {
    nlohmann::json cmd;
    if (!d.id) {
        cmd = {{"cmd", "employee.create"}, {"name", d.name}};
        if (d.email[0]) cmd["email"] = d.email;
        if (d.seller_info[0]) cmd["seller_info"] = d.seller_info;
        if (d.team) cmd["team_id"] = d.team.value;
    } else {
        auto current = app.engine()->get_employee(d.id);
        if (!current) {
            d.error = current.error();
            return false;
        }
        cmd = {{"cmd", "employee.update"}, {"id", d.id.value}};
        if (current->name != d.name) cmd["name"] = d.name;
        if (current->email != d.email) cmd["email"] = d.email;
        if (current->seller_info != d.seller_info) cmd["seller_info"] = d.seller_info;
        if (current->team != d.team) cmd["team_id"] = d.team.value;
        if (current->archived != d.archived) cmd["archived"] = d.archived;
        if (cmd.size() == 2) return true;  // nothing changed
    }
    auto r = app.run_command(cmd);
    if (!r) {
        d.error = r.error();
        return false;
    }
    app.show_message(tr_format(d.id ? "employees.saved" : "employees.added", {d.name}));
    return true;
}

}  // namespace

void open_new_employee_dialog(EmployeeDialog& d) {
    d = EmployeeDialog{};
    d.open_request = true;
    d.focus_name = true;
}

void open_edit_employee_dialog(EmployeeDialog& d, const Employee& e) {
    d = EmployeeDialog{};
    d.id = e.id;
    std::snprintf(d.name, sizeof(d.name), "%s", e.name.c_str());
    std::snprintf(d.email, sizeof(d.email), "%s", e.email.c_str());
    std::snprintf(d.seller_info, sizeof(d.seller_info), "%s", e.seller_info.c_str());
    d.team = e.team;
    d.archived = e.archived;
    d.open_request = true;
    d.focus_name = true;
}

void draw_employee_dialog(App& app, EmployeeDialog& d, const std::vector<Team>& teams) {
    const float s = app.scale();
    if (d.open_request) {
        ImGui::OpenPopup("###employee_dialog");
        d.open_request = false;
    }
    std::string title = std::string(tr(d.id ? "employee_dialog.edit_title" : "employee_dialog.new_title")) +
                        "###employee_dialog";
    if (!begin_dialog(title.c_str(), 480 * s)) return;

    field_label(tr("employee_dialog.name"));
    if (d.focus_name) {
        ImGui::SetKeyboardFocusHere();
        d.focus_name = false;
    }
    ImGui::SetNextItemWidth(-FLT_MIN);
    bool enter = ImGui::InputText("###employee_dialog.name", d.name, sizeof(d.name),
                                  ImGuiInputTextFlags_EnterReturnsTrue);
    field_error(d.error, "name");

    ImGui::Spacing();
    field_label(tr("employee_dialog.email"));
    ImGui::SetNextItemWidth(-FLT_MIN);
    enter |= ImGui::InputTextWithHint("###employee_dialog.email", "nimi@yritys.fi", d.email, sizeof(d.email),
                                      ImGuiInputTextFlags_EnterReturnsTrue);
    field_error(d.error, "email");

    ImGui::Spacing();
    field_label(tr("employee_dialog.team"));
    std::string preview = tr("employees.no_team");
    for (const Team& t : teams)
        if (t.id == d.team) preview = t.name;
    ImVec2 combo_pos = ImGui::GetCursorScreenPos();
    ImGui::SetNextItemWidth(-FLT_MIN);
    float combo_w = ImGui::CalcItemWidth();
    if (ImGui::BeginCombo("###employee_dialog.team", preview.c_str())) {
        if (ImGui::Selectable(with_id("employees.no_team", "employee_dialog.team.none").c_str(), !d.team))
            d.team = TeamId{};
        for (const Team& t : teams) {
            std::string label = t.name + "###employee_dialog.team." + std::to_string(t.id.value);
            if (ImGui::Selectable(label.c_str(), d.team == t.id)) d.team = t.id;
        }
        ImGui::EndCombo();
    }
    record_item("employee_dialog.team", combo_pos.x, combo_pos.y, combo_pos.x + combo_w,
                combo_pos.y + ImGui::GetFrameHeight());
    field_error(d.error, "team_id");
    field_error(d.error, "team");

    ImGui::Spacing();
    field_label(tr("employee_dialog.seller_info"));
    ImGui::InputTextMultiline("###employee_dialog.seller_info", d.seller_info, sizeof(d.seller_info),
                              ImVec2(-FLT_MIN, ImGui::GetTextLineHeight() * 3.5f));
    field_error(d.error, "seller_info");

    if (d.id) {
        ImGui::Spacing();
        ImGui::Checkbox(with_id("employee_dialog.archived", "employee_dialog.archived").c_str(), &d.archived);
        field_error(d.error, "archived");
    }
    form_error(d.error, {"name", "email", "team_id", "team", "seller_info", "archived"});

    dialog_footer();
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    const auto [cancel, save] = dialog_buttons("employee_dialog", s);
    if (cancel)
        ImGui::CloseCurrentPopup();
    else if ((save || enter) && submit(app, d))
        ImGui::CloseCurrentPopup();
    end_dialog();
}

}  // namespace vastuu::ui
