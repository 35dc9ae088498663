// The responsibilities matrix view: customers (or projects) × employees, drawn by hand on the draw
// list so that a 50,000 × 1,000 grid costs only its visible cells. The view keeps UI state and the
// in-memory ResponsibilityMatrix; every change is an engine command through App::run_command().
//
// [SECTION] Filter and mode (view_matrix.cpp: filter bar, toolbar, model sync, export)
// [SECTION] The grid (matrix_grid.cpp: drawing, hit testing, mouse and keyboard)
// [SECTION] Dialogs (dialog_assign_role.cpp, dialog_roles.cpp; the interval dialog of dialog_interval.cpp)
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/engine.h"
#include "models/responsibility_matrix.h"
#include "view_persons.h"  // IntervalDialog (the cell menu edits an interval)

namespace vastuu::ui {

class App;

// [SECTION] Dialogs
// The "+" of a row in By role mode: pick an employee and a role (customer roles on customers,
// project roles on projects) -> responsibility.assign_role.
struct AssignRoleDialog {
    bool open_request = false;
    CustomerId customer;     // the row's customer
    ProjectId project;       // set when the row is a project
    std::string row_title;   // "1234 Name" or "1234 Customer / P-1 Project", shown at the top
    EmployeeId employee;     // 0: not picked yet
    RoleId role;             // 0: not picked yet
    char employee_search[96] = {};
    Error error;
};

// Role management: switch roles on or off (setting roles_enabled), add, rename, re-code, delete.
struct RolesDialog {
    bool open_request = false;
    char new_name[128] = {};
    char new_code[16] = {};
    int new_kind = 0;         // 0 customer role, 1 project role
    RoleId editing;           // the role whose name and code are being edited (0: none)
    char edit_name[128] = {};
    char edit_code[16] = {};
    RoleId confirm_delete;    // the role waiting for a second click on Delete (0: none)
    Error error;
};

// [SECTION] The grid
// Scroll, cursor, hover and drag of the hand-drawn grid. Indexes are visible row/column positions.
struct MatrixGridState {
    float scroll_x = 0, scroll_y = 0;  // content offset of the cells (pixels); read back each frame
    bool scroll_request = false;       // set scroll_x/scroll_y on the next frame (tests, benchmark)
    long cursor_row = -1, cursor_col = -1;  // the keyboard cell cursor (-1: none yet)
    bool cursor_moved = false;              // scroll the cursor into view on the next frame
    long hover_row = -1, hover_col = -1;    // the cell under the mouse this frame (-1: none)
    long hover_header_col = -1;             // the column header under the mouse (-1: none)
    float hover_time = 0;                   // seconds the mouse has rested on hover_row/col
    // Drag: from the pressed cell to the cell under the mouse, set (or clear) on release.
    bool dragging = false;
    long drag_row = -1, drag_col = -1;  // the pressed cell
    bool drag_set = true;               // what the drag does: the pressed cell's new state
    long menu_col = -1;                 // the column whose header menu is open
    long menu_row = -1, menu_cell_col = -1;  // the cell whose right-click menu is open
    // The tooltip's cell detail, cached per cell and revision (it reads the change log).
    long detail_row = -1, detail_col = -1;
    uint64_t detail_key = 0;
    MatrixCellDetail detail;
    bool focus_request = false;  // give the grid the keyboard focus on the next frame
};

// [SECTION] Filter and mode
enum class MatrixGroupKind { All, NoGroup, Group };

struct MatrixView {
    // Filter bar (combinable). Zero ids mean "any".
    bool projects = false;  // rows are projects under their customer
    bool by_role = false;   // cells show roles; a "+" on each row assigns one (roles enabled only)
    MatrixGroupKind group_kind = MatrixGroupKind::All;
    CustomerGroupId group;
    SpecialGroupId special_group;
    TeamId team;
    EmployeeId employee;
    EmployeeId salesperson;
    RoleId role;
    char search[128] = {};
    bool show_archived = false;
    bool uncovered = false;
    bool focus_search = false;           // Ctrl+F: put the keyboard in the search field
    char combo_search[96] = {};          // the type-to-filter text inside the employee combos

    // The model and what it was last brought up to date with (see sync in view_matrix.cpp).
    ResponsibilityMatrix model;
    bool loaded = false;
    uint64_t generation = 0;  // App::generation() at the last load
    uint64_t revision = 0;    // Engine::revision() at the last load or refresh
    std::string filter_key;   // the filter last applied (see matrix_filter_key)
    EmployeeId viewer;        // Engine::viewer() at the last apply
    Error load_error;

    // Lists for the combos and dialogs, re-read when App::cache_key() changes.
    std::string lists_key;
    std::vector<CustomerGroup> groups;
    std::vector<SpecialGroup> special_groups;
    std::vector<Team> teams;
    std::vector<Employee> employees;      // archived ones too
    std::vector<Employee> salespersons;   // employees named as a salesperson of some group
    std::vector<Role> roles;
    bool roles_enabled = false;  // setting roles_enabled == "1"

    MatrixGridState grid;
    AssignRoleDialog assign;
    RolesDialog roles_dialog;
    IntervalDialog interval;  // opened from a cell's menu
};

// Draws the whole view (filter bar, toolbar, grid, dialogs) into the current window.
void draw_matrix_view(App& app, MatrixView& view);

// Brings view.model up to date with the engine and the filter (called by draw_matrix_view; tests
// call it to look at the model without drawing).
void sync_matrix_model(App& app, MatrixView& view);

// The filter the view's controls describe (without salesperson visibility).
MatrixFilter matrix_filter(const MatrixView& view);

// Internal to the view's files.
void draw_matrix_grid(App& app, MatrixView& view, float width, float height);
// Runs responsibility.set_many over visible rows [row0, row1] × columns [col0, col1] (inclusive).
void set_matrix_range(App& app, MatrixView& view, long row0, long col0, long row1, long col1, bool responsible);
void toggle_matrix_cell(App& app, MatrixView& view, long row, long col);
void open_assign_role_dialog(MatrixView& view, long row);
void draw_assign_role_dialog(App& app, MatrixView& view);
void open_roles_dialog(RolesDialog& dialog);
void draw_roles_dialog(App& app, MatrixView& view);
// The automation key of a visible row: the customer number, or the project id for a project row.
std::string matrix_row_key(const ResponsibilityMatrix& model, size_t row);

}  // namespace vastuu::ui
