// Team mode's list of the changes the server refused (opened from the status line's "N refused"):
// what each change was and the server's reason, newest first. The views already show the server's
// state (a refused change is taken back locally); this list is where the user reads why, after the
// status line has moved on, and makes the change again if it still matters.
#include <imgui.h>

#include <string>

#include "app.h"
#include "dialog_frame.h"
#include "item_hooks.h"
#include "theme.h"
#include "widgets.h"

namespace vastuu::ui {

void draw_refused_dialog(App& app, TeamSession& team) {
    TeamScreens& st = team.screens;
    const float s = app.scale();
    if (st.open_refused_dialog) {
        ImGui::OpenPopup("###refused_dialog");
        st.open_refused_dialog = false;
    }
    const std::string title = std::string(tr("team.refused_dialog.title")) + "###refused_dialog";
    if (!begin_dialog(title.c_str(), 620 * s)) return;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(tr("team.refused_dialog.intro"));
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    const std::vector<TeamRefusal>& refusals = team.refusals();
    if (refusals.empty()) ImGui::TextColored(palette().muted, "%s", tr("team.refused_dialog.none"));
    for (size_t i = refusals.size(); i-- > 0;) {
        const TeamRefusal& r = refusals[i];
        ImGui::PushID(static_cast<int>(i));
        ImGui::Separator();
        ImGui::TextUnformatted(r.what.c_str());
        note_visible_text(r.what);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::PushStyleColor(ImGuiCol_Text, palette().error);
        ImGui::TextUnformatted(r.error.message.c_str());
        ImGui::PopStyleColor();
        ImGui::PopTextWrapPos();
        note_visible_text(r.error.message);
        ImGui::PopID();
    }
    dialog_footer();
    ImGui::Separator();
    if (ImGui::Button((std::string(tr("team.refused_dialog.clear")) + "###refused_dialog.clear").c_str())) {
        team.clear_refusals();
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button((std::string(tr("card.close")) + "###refused_dialog.close").c_str()) || dialog_cancel_key())
        ImGui::CloseCurrentPopup();
    end_dialog();
}

}  // namespace vastuu::ui
