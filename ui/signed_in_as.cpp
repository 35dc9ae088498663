// The "Signed in as" selector of the status line: the administrator (sees everything) or an
// employee (sees the customers of the groups they sell for and the customers they are responsible
// for). It sets Engine::set_viewer(); the engine applies it to every query and export. In an
// offline app this restricts views; it does not protect the file, and the selector says so.
// In team mode the place shows the signed-in account instead, which cannot be switched: the server
// decides what it sees. Its menu changes the password and signs out.
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cstring>

#include "app.h"
#include "item_hooks.h"
#include "core/text.h"
#include "views_groups.h"

namespace vastuu::ui {
namespace {

void refresh(App& app, SignedInAs& st) {
    std::string key = app.cache_key();
    if (key == st.cache_key) return;
    st.employees.clear();
    for (Employee& e : app.engine()->list_employees(false)) st.employees.push_back(std::move(e));
    std::stable_sort(st.employees.begin(), st.employees.end(),
                     [](const Employee& a, const Employee& b) { return compare_finnish(a.name, b.name) < 0; });
    st.cache_key = key;
}

std::string viewer_name(App& app, EmployeeId viewer) {
    if (!viewer) return tr("signed_in.admin");
    auto e = app.engine()->get_employee(viewer);
    return e ? e->name : tr("signed_in.admin");
}

void sign_in(App& app, EmployeeId id, const std::string& name) {
    app.engine()->set_viewer(id);
    if (id)
        app.show_message(tr_format("signed_in.now_employee", {name}));
    else
        app.show_message(tr("signed_in.now_admin"));
}

}  // namespace

float signed_in_as_width(App& app) {
    return ImGui::CalcTextSize(tr("signed_in.label")).x + ImGui::GetStyle().ItemSpacing.x + 200 * app.scale();
}

void draw_team_account(App& app, TeamSession& team, float width) {
    const float s = app.scale();
    TeamScreens& st = team.screens;
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(palette().muted, "%s", tr("signed_in.label"));
    ImGui::SameLine();
    const float button_w = std::max(80 * s, width - ImGui::CalcTextSize(tr("signed_in.label")).x -
                                                ImGui::GetStyle().ItemSpacing.x);
    const std::string name = team.display_name();
    ImGui::PushStyleColor(ImGuiCol_Text, palette().accent);
    if (ImGui::Button((name + "###signed_in_as").c_str(), ImVec2(button_w, 0))) ImGui::OpenPopup("###account_menu");
    ImGui::PopStyleColor();
    note_visible_text(name);
    if (ImGui::BeginPopup("###account_menu")) {
        ImGui::TextColored(palette().muted, "%s", team.account().email.c_str());
        const char* kind = team.account().kind == "admin" ? tr("team.kind.admin") : tr("team.kind.employee");
        ImGui::TextColored(palette().muted, "%s", kind);
        note_visible_text(kind);
        ImGui::Separator();
        if (ImGui::MenuItem((std::string(tr("team.change_password")) + "###account.change_password").c_str())) {
            st.open_password_dialog = true;
            st.old_password[0] = st.password[0] = st.password_again[0] = 0;
            st.local_error = Error{};
            team.forget_password_result();
        }
        if (team.account().kind == "admin" &&
            ImGui::MenuItem((std::string(tr("team.invite_dialog.title")) + "…###account.invite").c_str()))
            st.open_invite_dialog = true;
        if (ImGui::MenuItem((std::string(tr("team.sign_out")) + "###account.sign_out").c_str())) team.sign_out();
        ImGui::EndPopup();
    }

    draw_invite_dialog(app, team);
    if (st.open_password_dialog) {
        ImGui::OpenPopup("###password_dialog");
        st.open_password_dialog = false;
        st.focus_pending = true;
    }
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(400 * s, 0));
    std::string title = std::string(tr("team.change_password")) + "###password_dialog";
    if (ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings)) {
        auto field = [&](const char* key, const char* path, char* buf, size_t size) {
            field_label(tr(key));
            ImGui::SetNextItemWidth(-FLT_MIN);
            if (st.focus_pending) {
                ImGui::SetKeyboardFocusHere();
                st.focus_pending = false;
            }
            ImGui::InputText((std::string("###") + path).c_str(), buf, size, ImGuiInputTextFlags_Password);
        };
        field("team.old_password", "password_dialog.old", st.old_password, sizeof(st.old_password));
        field("team.new_password", "password_dialog.new", st.password, sizeof(st.password));
        field("team.password_again", "password_dialog.again", st.password_again, sizeof(st.password_again));
        const Error& shown = st.local_error.code.empty() ? team.password_error() : st.local_error;
        form_error(shown, {});
        ImGui::Spacing();
        DialogButtons pressed = dialog_buttons("password_dialog", s, "dialog.save", !team.busy());
        if (pressed.save) {
            st.local_error = Error{};
            if (std::strcmp(st.password, st.password_again) != 0)
                st.local_error = Error{"team.passwords_differ", tr("team.passwords_differ"), ""};
            else
                team.change_password(st.old_password, st.password);
        }
        if (team.password_changed()) {
            st.old_password[0] = st.password[0] = st.password_again[0] = 0;
            ImGui::CloseCurrentPopup();
        }
        if (pressed.cancel) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

void draw_signed_in_as(App& app, SignedInAs& st, float width) {
    if (app.team()) {
        draw_team_account(app, *app.team(), width);
        return;
    }
    if (!app.engine()) return;
    const float s = app.scale();
    refresh(app, st);
    const EmployeeId viewer = app.engine()->viewer();
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(palette().muted, "%s", tr("signed_in.label"));
    ImGui::SameLine();
    const std::string current = viewer_name(app, viewer);
    const float combo_w = std::max(80 * s, width - ImGui::CalcTextSize(tr("signed_in.label")).x -
                                               ImGui::GetStyle().ItemSpacing.x);
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::SetNextItemWidth(combo_w);
    if (viewer) ImGui::PushStyleColor(ImGuiCol_Text, palette().accent);
    bool open = ImGui::BeginCombo("###signed_in_as", current.c_str(), ImGuiComboFlags_HeightLarge);
    if (viewer) ImGui::PopStyleColor();
    if (!open && ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort)) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(360 * s);
        ImGui::TextUnformatted(tr("signed_in.note"));
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
    if (open) {
        if (ImGui::IsWindowAppearing()) {
            st.search[0] = 0;
            ImGui::SetKeyboardFocusHere();
        }
        ImGui::SetNextItemWidth(-FLT_MIN);
        ImGui::InputTextWithHint("###signed_in_as.search", tr("matrix.type_to_filter"), st.search, sizeof(st.search));
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::max(combo_w, 300 * s));
        ImGui::TextColored(palette().muted, "%s", tr("signed_in.note"));
        ImGui::PopTextWrapPos();
        note_visible_text(tr("signed_in.note"));
        ImGui::Separator();
        if (ImGui::Selectable((std::string(tr("signed_in.admin")) + "###signed_in_as.admin").c_str(), !viewer) && viewer)
            sign_in(app, EmployeeId(), "");
        const std::string needle = fold_for_search(trim(st.search));
        std::vector<const Employee*> shown;
        for (const Employee& e : st.employees)
            if (needle.empty() || fold_for_search(e.name).find(needle) != std::string::npos) shown.push_back(&e);
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(shown.size()));
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const Employee& e = *shown[size_t(i)];
                std::string label = e.name + "###signed_in_as." + std::to_string(e.id.value);
                if (ImGui::Selectable(label.c_str(), e.id == viewer) && e.id != viewer) sign_in(app, e.id, e.name);
            }
        }
        ImGui::EndCombo();
    }
    record_item("signed_in_as", pos.x, pos.y, pos.x + combo_w, pos.y + ImGui::GetFrameHeight());
}

void draw_viewer_note(App& app) {
    const EmployeeId viewer = app.engine()->viewer();
    if (!viewer) return;
    std::string text = tr_format("signed_in.banner", {viewer_name(app, viewer)});
    ImGui::PushStyleColor(ImGuiCol_Text, palette().accent);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    record_last_item("signed_in.note");
    note_visible_text(text);
    ImGui::Spacing();
}

}  // namespace vastuu::ui
