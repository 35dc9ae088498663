// Input pacing: how platform events become Dear ImGui input, one step per frame, so that no click is
// lost. Browsers deliver a burst between two frames (the pointer jumps onto an item, presses and
// releases in one task: a fast click, a touch tap, an automation's click). ImGui takes such a press
// only if the pointer was over the item in the frame before (items that allow overlap, such as table
// headers and selectable rows, check the previous frame's hover), and a press and release only in
// different frames. The pacer holds the events the platform queued and hands ImGui one frame's share:
// a position change and a button change never share a frame, nor do two button changes.
//
// Also the one answer to "does the UI need another frame though no input came?" (input still held,
// a click's effect settling, a hover delay counting towards a tooltip).
#pragma once
#include <imgui.h>
#include <imgui_internal.h>

namespace vastuu::ui {

// ImGui::NewFrame() fed with one frame's share of the queued input events. Call it in place of
// ImGui::NewFrame(), after the platform backend's NewFrame (which may queue polled input). The events
// held back go back to ImGui's queue afterwards, still unprocessed: ImGui's own filters of repeated
// events (a second press while one is queued) keep seeing them.
void paced_new_frame();

// A view with a timed effect of its own (the matrix's tooltip delay) asks for the next frame while
// it counts. Cleared by paced_new_frame().
void keep_drawing();

// After ImGui::Render(): true when the UI wants another frame soon with no new input: input still
// queued, a click or release this frame (auto-sized windows settle on the next frames), a hover delay
// counting for a tooltip, or a view's keep_drawing().
bool wants_another_frame();

}  // namespace vastuu::ui
