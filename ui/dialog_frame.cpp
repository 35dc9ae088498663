// The modal dialogs' shared frame (dialog_frame.h): sized to fit the viewport, centred each frame,
// a scrolling body over a footer whose height is measured on the previous frame.
#include "dialog_frame.h"

#include <imgui_internal.h>

#include "input_pacing.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <vector>

namespace vastuu::ui {
namespace {

struct OpenDialog {
    bool topmost = false;      // no other popup over it at its begin (this frame's keys are its own)
    float footer_start = 0.0f;  // cursor y where the footer began
    ImGuiID footer_key = 0;    // the footer's measured height, in the popup window's storage
    float body_content = 0.0f;  // the body's content height this frame
    float body_height = 0.0f;   // the body's height this frame
};
std::vector<OpenDialog> g_dialogs;  // nested dialogs (a dialog opened from a dialog)

}  // namespace

bool begin_dialog(const char* title_and_id, float width, float height) {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float margin = std::round(ImGui::GetFontSize());
    const ImVec2 avail(std::max(vp->WorkSize.x - 2 * margin, 120.0f), std::max(vp->WorkSize.y - 2 * margin, 120.0f));
    const float w = std::min(width, avail.x);
    ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    if (height > 0) {
        ImGui::SetNextWindowSize(ImVec2(w, std::min(height, avail.y)));
    } else {
        ImGui::SetNextWindowSize(ImVec2(w, 0));  // as tall as the content …
        ImGui::SetNextWindowSizeConstraints(ImVec2(w, 0), ImVec2(w, avail.y));  // … up to the viewport
    }
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoScrollbar |
                                   ImGuiWindowFlags_NoScrollWithMouse;
    if (!ImGui::BeginPopupModal(title_and_id, nullptr, flags)) return false;

    OpenDialog d;
    d.topmost = g.OpenPopupStack.Size == g.BeginPopupStack.Size;
    d.footer_key = ImGui::GetID("##dialog_footer_height");
    const float footer_h = ImGui::GetStateStorage()->GetFloat(
        d.footer_key, ImGui::GetFrameHeightWithSpacing() + style.ItemSpacing.y * 2 + 1);
    g_dialogs.push_back(d);

    const ImGuiWindowFlags body_flags = ImGuiWindowFlags_NavFlattened;
    if (height > 0) {
        ImGui::BeginChild("##dialog_body", ImVec2(0, -std::max(footer_h, 1.0f)), ImGuiChildFlags_None, body_flags);
    } else {
        const float chrome = ImGui::GetCurrentWindow()->TitleBarHeight() + style.WindowPadding.y * 2 + footer_h +
                             style.ItemSpacing.y;
        ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0),
                                            ImVec2(FLT_MAX, std::max(avail.y - chrome, ImGui::GetFrameHeight() * 2)));
        ImGui::BeginChild("##dialog_body", ImVec2(0, 0), ImGuiChildFlags_AutoResizeY, body_flags);
    }
    return true;
}

void dialog_footer() {
    const float content = ImGui::GetCursorPosY();  // in the body, scrolling included
    ImGui::EndChild();
    if (g_dialogs.empty()) return;
    OpenDialog& d = g_dialogs.back();
    d.footer_start = ImGui::GetCursorPosY();
    d.body_content = content;
    d.body_height = ImGui::GetItemRectSize().y;
}

void end_dialog() {
    if (!g_dialogs.empty()) {
        const OpenDialog& d = g_dialogs.back();
        ImGuiStorage* st = ImGui::GetStateStorage();
        st->SetFloat(d.footer_key, std::max(0.0f, ImGui::GetCursorPosY() - d.footer_start));
        // A dialog settles over a few frames when its content changes (the body, then the window,
        // then its centred position follow one frame apart): ask for frames until nothing moves.
        const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
        const float now[6] = {d.body_content, d.body_height, pos.x, pos.y, size.x, size.y};
        bool moved = false;
        for (int i = 0; i < 6; ++i) {
            const ImGuiID key = d.footer_key + 1 + ImGuiID(i);
            if (st->GetFloat(key, -1.0f) != now[i]) moved = true;
            st->SetFloat(key, now[i]);
        }
        if (moved) keep_drawing();
        // Just opened and still settling: stay hidden another frame, so it appears in its place
        // rather than jumping there (and automation never sees a place it is about to leave).
        const ImGuiID age_key = d.footer_key + 16;
        const int age = ImGui::IsWindowAppearing() ? 0 : st->GetInt(age_key, 0) + 1;
        st->SetInt(age_key, age);
        ImGuiWindow* window = ImGui::GetCurrentWindow();
        if (moved && age < 8) window->HiddenFramesCannotSkipItems = std::max<ImS8>(window->HiddenFramesCannotSkipItems, 1);
        if (window->HiddenFramesCannotSkipItems > 0) keep_drawing();
        g_dialogs.pop_back();
    }
    ImGui::EndPopup();
}

bool dialog_submit_key() {
    if (g_dialogs.empty() || !g_dialogs.back().topmost) return false;
    ImGuiContext& g = *ImGui::GetCurrentContext();
    const bool text_active = g.ActiveId != 0 && g.InputTextState.ID == g.ActiveId;
    if (text_active && (g.InputTextState.Flags & ImGuiInputTextFlags_Multiline)) return false;
    if (g.NavActivateId != 0 && g.NavActivateId != g.InputTextState.ID) return false;  // a focused button took it
    return ImGui::IsKeyPressed(ImGuiKey_Enter, false) || ImGui::IsKeyPressed(ImGuiKey_KeypadEnter, false);
}

bool dialog_cancel_key() {
    if (g_dialogs.empty() || !g_dialogs.back().topmost) return false;
    return ImGui::IsKeyPressed(ImGuiKey_Escape, false);
}

}  // namespace vastuu::ui
