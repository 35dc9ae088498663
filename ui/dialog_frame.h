// Every modal dialog's frame, one mechanism for all of them: the dialog fits the window whatever it
// holds — at most the viewport less a margin, its body scrolls, its footer (the buttons) always
// visible under the body — and it is centred on every frame, so it follows its own growth (a preview
// shown, an error) and window resizes. Enter submits and Escape cancels (dialog_submit_key(),
// dialog_cancel_key(); dialog_buttons() uses them).
//
//   if (!begin_dialog("Title###id", 460 * s)) return;   // after ImGui::OpenPopup("###id") once
//   ... fields: the body ...
//   dialog_footer();
//   ... error line, separator, buttons: the footer ...
//   end_dialog();
#pragma once
#include <imgui.h>

namespace vastuu::ui {

// Begins the modal popup `title_and_id` if it is open. `width` in device pixels, capped at the
// viewport; `height` 0: as tall as the content (capped at the viewport, the body scrolls beyond), else
// that height (capped) with the body taking what the footer leaves. False when the popup is not open:
// then call nothing else of the dialog's frame.
bool begin_dialog(const char* title_and_id, float width, float height = 0.0f);
// Ends the body; what follows is the footer.
void dialog_footer();
// Ends the footer and the popup (measuring the footer for the next frame's body).
void end_dialog();

// Enter (Escape) was pressed for the dialog being drawn: it is the topmost popup (no combo list or
// menu lies over it), no multi-line field takes Enter as a new line, and the keyboard did not press a
// focused button with it.
bool dialog_submit_key();
bool dialog_cancel_key();

}  // namespace vastuu::ui
