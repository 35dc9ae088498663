// Team mode's invitation dialog (the administrator's account menu): pick the employee, or none for
// another administrator, and the server makes a one-time link (POST /api/invitations) to send them.
// The link is shown to copy; the employee opens it and chooses an e-mail and a password.
#include <imgui.h>

#include <cfloat>
#include <cstdio>

#include "app.h"
#include "item_hooks.h"
#include "theme.h"

namespace vastuu::ui {

void draw_invite_dialog(App& app, TeamSession& team) {
    TeamScreens& st = team.screens;
    const float s = app.scale();
    if (st.open_invite_dialog) {
        ImGui::OpenPopup("###invite_dialog");
        st.open_invite_dialog = false;
        st.invite_employee = EmployeeId();
        st.invite_admin = false;
        team.forget_invitation();
        if (app.engine()) st.invite_employees = app.engine()->list_employees(false);
    }
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(480 * s, 0));
    std::string title = std::string(tr("team.invite_dialog.title")) + "###invite_dialog";
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(tr("team.invite_dialog.intro"));
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    field_label(tr("team.invite_dialog.employee"));
    employee_combo("invite_dialog.employee", ImGui::GetContentRegionAvail().x, "team.invite_dialog.no_employee",
                   st.invite_employee, st.invite_employees, st.invite_search, sizeof(st.invite_search));
    ImGui::Checkbox((std::string(tr("team.invite_dialog.admin")) + "###invite_dialog.admin").c_str(), &st.invite_admin);
    const bool can_create = !team.busy() && (st.invite_admin || st.invite_employee);
    form_error(team.invitation_error(), {});
    if (!team.invitation_link().empty()) {
        field_label(tr("team.invite_dialog.link"));
        static char link[1024];
        std::snprintf(link, sizeof(link), "%s", team.invitation_link().c_str());
        ImGui::SetNextItemWidth(-FLT_MIN);
        ImGui::InputText("###invite_dialog.link", link, sizeof(link), ImGuiInputTextFlags_ReadOnly);
        note_visible_text(team.invitation_link());
        if (ImGui::Button((std::string(tr("team.invite_dialog.copy")) + "###invite_dialog.copy").c_str())) {
            ImGui::SetClipboardText(team.invitation_link().c_str());
            app.show_message(tr("team.invite_dialog.copied"));
        }
    }
    ImGui::Spacing();
    DialogButtons pressed = dialog_buttons("invite_dialog", s, "team.invite_dialog.create", can_create);
    if (pressed.save) team.create_invitation(st.invite_employee, st.invite_admin);
    if (pressed.cancel) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace vastuu::ui
