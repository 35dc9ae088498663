// Small widgets the views and dialogs share: form labels and errors, table cell text, dialog
// buttons, toggle buttons, an employee combo, and placing a toolbar's right-hand buttons.
#pragma once
#include <cstddef>
#include <initializer_list>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/result.h"

namespace vastuu::ui {

// An error's message in the error colour, wrapped (nothing for no error).
void error_text(const Error& error);
// The error text under a form field when `error` concerns `field`.
void field_error(const Error& error, const char* field);
// The error text of `error` when it concerns no field shown in the form.
void form_error(const Error& error, std::initializer_list<const char*> shown_fields);
// A form label above its field.
void field_label(const char* text);
// Table cell text that tests can also read back (window.vastuu.visibleText()).
void cell_text(const std::string& text, bool muted = false);
// The right-aligned Cancel and primary buttons at the foot of a form dialog, with paths
// `<dialog>.cancel` and `<dialog>.save`; Escape counts as Cancel. `scale` widens the primary one.
struct DialogButtons {
    bool cancel = false;
    bool save = false;
};
DialogButtons dialog_buttons(const char* dialog, float scale, const char* save_key = "dialog.save",
                             bool save_enabled = true);
// An employee combo: "any" (`any_key`; `value` 0) and a type-to-filter field over a clipped list,
// so a thousand names fit. Records `path`, `<path>.search`, `<path>.any` and `<path>.<id>`.
bool employee_combo(const char* path, float width, const char* any_key, EmployeeId& value,
                    const std::vector<Employee>& employees, char* search, size_t search_size);

// A label "text###path": the catalogue text of `key` shown, `path` as its automation path and ID.
std::string with_id(const char* key, const std::string& path);

// The visible part of a label ("Undo###top.undo" -> "Undo").
std::string visible_part(const char* label);
// A button's width for `label` (its visible part and the frame padding).
float button_width(const char* label);

// A button drawn as selected when `selected`: navigation (`framed` false: no frame while not
// selected) or a toolbar toggle (`framed`: an ordinary button while not selected).
bool toggle_button(const char* label, bool selected, bool framed = false);

// Places the next items, `width` wide together, at the right edge: on the line of the last item
// when they fit after it, else on a line of their own. Toolbars call it before their right-hand
// buttons, so that at 1024 px a button wraps rather than covering a checkbox.
void same_line_right(float width);

}  // namespace vastuu::ui
