// Input pacing (input_pacing.h): one frame's share of the platform's queued input events.
#include "input_pacing.h"

#include <algorithm>
#include <deque>

namespace vastuu::ui {
namespace {
bool g_keep_drawing = false;
}

void paced_new_frame() {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    g_keep_drawing = false;
    // Every event not yet processed, in the order it happened.
    std::deque<ImGuiInputEvent> held(g.InputEventsQueue.begin(), g.InputEventsQueue.end());
    g.InputEventsQueue.resize(0);

    ImVec2 pos = g.IO.MousePos;  // where ImGui believes the pointer is
    bool moved = false, button = false;
    while (!held.empty()) {
        const ImGuiInputEvent& e = held.front();
        if (e.Type == ImGuiInputEventType_MousePos) {
            if (button) break;  // the release (or press) is seen where it happened, then the move
            ImVec2 to(e.MousePos.PosX, e.MousePos.PosY);
            if (to.x != pos.x || to.y != pos.y) moved = true;
            pos = to;
        } else if (e.Type == ImGuiInputEventType_MouseButton) {
            if (button || moved) break;  // the pointer is over the item a frame before it is pressed
            button = true;
        } else if (button) {
            break;  // keys, text and wheel after a button change wait for the next frame, in order
        }
        g.InputEventsQueue.push_back(e);
        held.pop_front();
    }
    ImGui::NewFrame();
    // ImGui leaves in its queue what it did not take (older than anything held here): keep the order.
    for (const ImGuiInputEvent& e : held) g.InputEventsQueue.push_back(e);
}

void keep_drawing() { g_keep_drawing = true; }

bool wants_another_frame() {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    if (g.InputEventsQueue.Size > 0 || g_keep_drawing) return true;
    for (int b = 0; b < ImGuiMouseButton_COUNT; ++b)
        if (g.IO.MouseClicked[b] || g.IO.MouseReleased[b]) return true;
    // IsItemHovered() with a delay (every tooltip) counts while the pointer rests: draw until the
    // longest delay has passed, so the tooltip appears without the mouse moving again.
    const float longest = std::max(g.Style.HoverDelayNormal, g.Style.HoverDelayShort) + g.Style.HoverStationaryDelay;
    if (g.HoverItemDelayId != 0 && g.HoverItemDelayTimer < longest + 0.05f) return true;
    return false;
}

}  // namespace vastuu::ui
