// Team mode's screens before there is data to show: signing in (e-mail and password), accepting an
// invitation (#/invite/TOKEN: the new account chooses its e-mail and password) and the short
// "loading" note while the snapshot downloads. The server decides; these screens only ask.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "app.h"
#include "item_hooks.h"
#include "theme.h"
#include "widgets.h"

namespace vastuu::ui {
namespace {

constexpr size_t kMinPasswordLength = 10;  // maintenance reminder: the server refuses shorter ones (auth.weak_password)

bool text_field(const char* label_key, const char* path, char* buf, size_t size, bool password, bool focus) {
    field_label(tr(label_key));
    note_visible_text(tr(label_key));
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (focus) ImGui::SetKeyboardFocusHere();
    ImGuiInputTextFlags flags = ImGuiInputTextFlags_EnterReturnsTrue;
    if (password) flags |= ImGuiInputTextFlags_Password;
    return ImGui::InputText((std::string("###") + path).c_str(), buf, size, flags);
}

// A centred card on the app's background; the caller draws into it and calls end_card().
void begin_card(App& app, const char* title_key) {
    const float s = app.scale();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    ImGui::Begin("###team_screen", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    ImGui::PopStyleVar(2);
    // Language choice in the corner: the screen comes before any setting a user could make.
    {
        const char* en = "English###lang.en";
        const char* fi = "Suomi###lang.fi";
        float w = ImGui::CalcTextSize("English").x + ImGui::CalcTextSize("Suomi").x +
                  ImGui::GetStyle().FramePadding.x * 4 + ImGui::GetStyle().ItemSpacing.x + 24 * s;
        ImGui::SetCursorPos(ImVec2(vp->Size.x - w, 12 * s));
        if (ImGui::SmallButton(en)) app.set_language(Lang::En);
        ImGui::SameLine();
        if (ImGui::SmallButton(fi)) app.set_language(Lang::Fi);
    }
    const float card_w = std::min(420 * s, vp->Size.x - 32 * s);
    ImGui::SetCursorPos(ImVec2(std::floor((vp->Size.x - card_w) / 2), std::floor(vp->Size.y * 0.18f)));
    ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, 8 * s);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(28 * s, 24 * s));
    ImGui::BeginChild("###team_card", ImVec2(card_w, 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY |
                                                             ImGuiChildFlags_AlwaysUseWindowPadding);
    ImFont* font = heading_font();
    if (font) ImGui::PushFont(font);
    ImGui::TextColored(palette().accent, "%s", tr("app.title"));
    if (font) ImGui::PopFont();
    ImGui::TextUnformatted(tr(title_key));
    note_visible_text(tr(title_key));
    ImGui::Spacing();
}

void end_card() {
    ImGui::EndChild();
    ImGui::PopStyleVar(2);
    ImGui::End();
}

void draw_sign_in(App& app, TeamSession& team) {
    TeamScreens& st = team.screens;
    begin_card(app, "team.sign_in.title");
    bool submit = text_field("team.email", "sign_in.email", st.email, sizeof(st.email), false, st.focus_pending);
    st.focus_pending = false;
    submit |= text_field("team.password", "sign_in.password", st.password, sizeof(st.password), true, false);
    ImGui::Spacing();
    error_text(team.auth_error());
    ImGui::BeginDisabled(team.busy());
    submit |= primary_button((std::string(tr("team.sign_in.submit")) + "###sign_in.submit").c_str(),
                             ImVec2(-FLT_MIN, 0));
    ImGui::EndDisabled();
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, palette().muted);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(tr("team.sign_in.help"));
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    if (submit && !team.busy() && st.email[0] && st.password[0]) {
        team.sign_in(st.email, st.password);
        std::memset(st.password, 0, sizeof(st.password));
    }
    end_card();
}

void draw_invitation(App& app, TeamSession& team) {
    TeamScreens& st = team.screens;
    begin_card(app, "team.invite.title");
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(tr("team.invite.intro"));
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    bool submit = text_field("team.email", "invite.email", st.email, sizeof(st.email), false, st.focus_pending);
    st.focus_pending = false;
    submit |= text_field("team.new_password", "invite.password", st.password, sizeof(st.password), true, false);
    submit |= text_field("team.password_again", "invite.password_again", st.password_again,
                         sizeof(st.password_again), true, false);
    ImGui::Spacing();
    error_text(st.local_error.code.empty() ? team.auth_error() : st.local_error);
    ImGui::BeginDisabled(team.busy());
    submit |= primary_button((std::string(tr("team.invite.submit")) + "###invite.submit").c_str(), ImVec2(-FLT_MIN, 0));
    ImGui::EndDisabled();
    if (submit && !team.busy()) {
        st.local_error = Error{};
        if (!st.email[0]) st.local_error = Error{"team.email_missing", tr("team.email_missing"), "email"};
        else if (std::strlen(st.password) < kMinPasswordLength)
            st.local_error = Error{"auth.weak_password", tr("team.error.auth.weak_password"), "password"};
        else if (std::strcmp(st.password, st.password_again) != 0)
            st.local_error = Error{"team.passwords_differ", tr("team.passwords_differ"), "password_again"};
        else {
            team.accept_invitation(st.email, st.password);
            std::memset(st.password, 0, sizeof(st.password));
            std::memset(st.password_again, 0, sizeof(st.password_again));
        }
    }
    end_card();
}

void draw_loading(App& app, TeamSession& team) {
    begin_card(app, team.phase() == TeamPhase::Starting ? "team.starting" : "team.loading");
    if (team.phase() == TeamPhase::Loading) {
        std::string who = tr_format("team.loading_as", {team.display_name()});
        ImGui::TextColored(palette().muted, "%s", who.c_str());
        note_visible_text(who);
    }
    end_card();
}

}  // namespace

bool draw_team_screen(App& app, TeamSession& team) {
    switch (team.phase()) {
        case TeamPhase::Ready: return false;
        case TeamPhase::SignedOut: draw_sign_in(app, team); break;
        case TeamPhase::Invitation: draw_invitation(app, team); break;
        case TeamPhase::Starting:
        case TeamPhase::Loading: draw_loading(app, team); break;
    }
    return true;
}

}  // namespace vastuu::ui
