// The persons-in-charge view: every responsibility in one sortable, resizable table (only the
// visible rows are drawn), its filter bar, the xlsx export of exactly what is listed, and the two
// dialogs it opens: the interval of one responsibility and the replace tool. The view keeps UI
// state and the in-memory PersonsInCharge model; every change is an engine command.
//
// [SECTION] Dialogs (dialog_interval.cpp, dialog_replace.cpp)
// [SECTION] The view (view_persons.cpp)
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine.h"
#include "models/persons_in_charge.h"

namespace vastuu::ui {

class App;

// [SECTION] Dialogs
// valid-from / valid-to of one responsibility -> responsibility.update. Empty means open.
struct IntervalDialog {
    bool open_request = false;
    ResponsibilityId id;      // the responsibility being edited
    std::string title;        // "Customer — Person", shown at the top
    char from[16] = {};       // "YYYY-MM-DD" or ""
    char to[16] = {};
    Error error;              // the engine's refusal, shown at its field (valid_from / valid_to)
};

// "Move the responsibilities of X (only in group G, only with role R) to Y from day D".
struct ReplaceDialog {
    bool open_request = false;
    EmployeeId from, to;
    CustomerGroupId group;    // 0: every group
    RoleId role;              // 0: every role
    char date[16] = {};       // D, in the user's notation (date_field.h)
    std::string today;        // the engine's day when the dialog opened ("31.12." takes its year)
    char combo_search[96] = {};
    // The last preview and the inputs it was made for: Apply is offered only for a current preview.
    bool previewed = false;
    std::string preview_key;
    ReplacePreview preview;
    Error error;              // a refusal of the preview or of the command, shown at its field
};

// [SECTION] The view
// Which customers' group the listing shows.
enum class PersonsGroupKind { All, NoGroup, Group };
// The end-date filter: off, ending within N days, already ended, or either of the two.
enum class PersonsEnding { Any, Within, Ended, WithinOrEnded };

struct PersonsView {
    // Filter bar (combinable). Zero ids mean "any".
    char search[128] = {};
    EmployeeId employee;
    PersonsGroupKind group_kind = PersonsGroupKind::All;
    CustomerGroupId group;
    SpecialGroupId special_group;
    bool show_archived = false;
    bool show_projects = false;
    char as_of[16] = {};       // "" or a day in the user's notation; other text is flagged and restricts nothing
    PersonsEnding ending = PersonsEnding::Any;
    int ending_days = 30;
    char combo_search[96] = {};

    // The model and what it was last brought up to date with (see sync_persons_model).
    PersonsInCharge model;
    bool loaded = false;
    uint64_t generation = 0;  // App::generation() at the last load
    uint64_t revision = 0;    // Engine::revision() at the last load or refresh
    std::string filter_key;   // the filter last applied
    EmployeeId viewer;        // Engine::viewer() at the last apply
    Error load_error;

    // Lists for the combos, re-read when App::cache_key() changes.
    std::string lists_key;
    std::vector<Employee> employees;  // archived ones too
    std::vector<CustomerGroup> groups;
    std::vector<SpecialGroup> special_groups;
    std::vector<Role> roles;

    IntervalDialog interval;
    ReplaceDialog replace;
};

// Draws the whole view (filter bar, toolbar, table, dialogs) into the current window.
void draw_persons_view(App& app, PersonsView& view);

// Brings view.model up to date with the engine, the filter and the viewer's visibility (called by
// draw_persons_view; tests call it to look at the model without drawing).
void sync_persons_model(App& app, PersonsView& view);

// The filter the view's controls describe (without salesperson visibility); `today` gives the
// year of an as-of day typed without one ("31.12.").
PersonsFilter persons_filter(const PersonsView& view, std::string_view today);

// Internal to the view's files.
void open_interval_dialog(PersonsView& view, size_t row);
void draw_interval_dialog(App& app, PersonsView& view);
// The same dialog for any responsibility (the matrix's cell menu opens it too).
void open_interval_dialog(IntervalDialog& dialog, ResponsibilityId id, std::string title, std::string_view from,
                          std::string_view to);
void draw_interval_dialog(App& app, IntervalDialog& dialog);
void open_replace_dialog(App& app, ReplaceDialog& dialog);
void draw_replace_dialog(App& app, PersonsView& view);

}  // namespace vastuu::ui
