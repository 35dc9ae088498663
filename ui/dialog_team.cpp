// The new-team dialog: a name, sent as team.create.
#include <imgui.h>

#include <cfloat>

#include "app.h"
#include "dialog_frame.h"
#include "views.h"

namespace vastuu::ui {

void open_team_dialog(TeamDialog& d) {
    d = TeamDialog{};
    d.open_request = true;
    d.focus_name = true;
}

void draw_team_dialog(App& app, TeamDialog& d) {
    const float s = app.scale();
    if (d.open_request) {
        ImGui::OpenPopup("###team_dialog");
        d.open_request = false;
    }
    std::string title = std::string(tr("team_dialog.title")) + "###team_dialog";
    if (!begin_dialog(title.c_str(), 400 * s)) return;

    field_label(tr("team_dialog.name"));
    if (d.focus_name) {
        ImGui::SetKeyboardFocusHere();
        d.focus_name = false;
    }
    ImGui::SetNextItemWidth(-FLT_MIN);
    bool enter =
        ImGui::InputText("###team_dialog.name", d.name, sizeof(d.name), ImGuiInputTextFlags_EnterReturnsTrue);
    field_error(d.error, "name");
    form_error(d.error, {"name"});

    dialog_footer();
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    const auto [cancel, save] = dialog_buttons("team_dialog", s);
    if (cancel) {
        ImGui::CloseCurrentPopup();
    } else if (save || enter) {
        auto r = app.run_command({{"cmd", "team.create"}, {"name", d.name}});
        if (r) {
            app.show_message(tr_format("employees.team_added", {d.name}));
            ImGui::CloseCurrentPopup();
        } else {
            d.error = r.error();
        }
    }
    end_dialog();
}

}  // namespace vastuu::ui
