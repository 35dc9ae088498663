// UI state of each view and dialog, and the functions that draw them. A view keeps only UI state
// (filter text, the dialog being edited, a cache of the rows it shows) and asks the engine for data;
// every change goes through App::run_command().
//
// [SECTION] Customers view and customer dialog (view_customers.cpp, dialog_customer.cpp)
// [SECTION] Employees view, employee and team dialogs (view_employees.cpp, dialog_employee.cpp, dialog_team.cpp)
// [SECTION] Import dialog (dialog_import.cpp)
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/engine.h"
#include "io/import.h"
#include "views_groups.h"
#include "widgets.h"

namespace vastuu::ui {

class App;

// [SECTION] Customers view and customer dialog
struct CustomerDialog {
    bool open_request = false;  // set by the view; the dialog opens its popup on the next draw
    bool focus_name = false;    // put the keyboard in the name field on the first frame
    CustomerId id;              // 0: creating a new customer
    char name[256] = {};
    char number[24] = {};
    CustomerGroupId group;
    bool archived = false;
    Error error;                // the engine's last refusal; shown at error.field when it names one
};

// Which group the customers list shows.
enum class GroupFilterKind { All, NoGroup, Group };

struct CustomersView {
    char search[128] = {};
    bool show_archived = false;
    GroupFilterKind group_kind = GroupFilterKind::All;
    CustomerGroupId group;
    CustomerSpecialGroups specials;  // the special-groups column and filter (views_groups.h)
    CustomerDialog dialog;

    // Cache of the rows shown, rebuilt when the database or the filter or the sort changes.
    std::vector<Customer> rows;
    std::vector<CustomerGroup> groups;
    std::string cache_key;
    int sort_column = 0;  // 0 number, 1 name, 2 group, 3 status
    bool sort_ascending = true;
};

CustomerFilter customer_filter(const CustomersView& view);
void draw_customers_view(App& app, CustomersView& view);
void open_new_customer_dialog(App& app, CustomerDialog& dialog);
void open_edit_customer_dialog(CustomerDialog& dialog, const Customer& customer);
void draw_customer_dialog(App& app, CustomerDialog& dialog, const std::vector<CustomerGroup>& groups);
// The customer forms' number field: "" is no number, else digits only (at most 15). False: invalid.
bool parse_customer_number(const char* text, int64_t* out, bool* given);
// The customer dialog's and the card's Save: one customer.update with the changed fields (archived
// included), so one Save is one undo step; nothing changed sends nothing. An empty number keeps the
// current one unless `number_required`.
Status save_customer(App& app, const Customer& current, const char* name, const char* number_text,
                     CustomerGroupId group, bool archived, bool number_required);

// [SECTION] Employees view, employee and team dialogs
struct EmployeeDialog {
    bool open_request = false;
    bool focus_name = false;
    EmployeeId id;  // 0: creating a new employee
    char name[256] = {};
    char email[256] = {};
    char seller_info[1024] = {};
    TeamId team;
    bool archived = false;
    Error error;
};

struct TeamDialog {
    bool open_request = false;
    bool focus_name = false;
    char name[256] = {};
    Error error;
};

struct EmployeesView {
    bool show_archived = false;
    EmployeeDialog dialog;
    TeamDialog team_dialog;

    std::vector<Employee> rows;
    std::vector<Team> teams;
    std::string cache_key;
    int sort_column = 0;  // 0 name, 1 e-mail, 2 team, 3 seller info, 4 status
    bool sort_ascending = true;
};

void draw_employees_view(App& app, EmployeesView& view);
void open_new_employee_dialog(EmployeeDialog& dialog);
void open_edit_employee_dialog(EmployeeDialog& dialog, const Employee& employee);
void draw_employee_dialog(App& app, EmployeeDialog& dialog, const std::vector<Team>& teams);
void open_team_dialog(TeamDialog& dialog);
void draw_team_dialog(App& app, TeamDialog& dialog);

// [SECTION] Import dialog
// A file picked through File › Import data, its preview (prepare_import: nothing written yet) and
// the staged plan's token; Apply runs import.apply through App::run_command, Cancel discards it.
struct ImportDialog {
    bool open_request = false;
    std::string file_name;
    std::string bytes;   // the file as read: a new kind of rows re-runs the preview from it
    std::string format;  // "json" or "csv"
    int kind = 0;        // CSV rows: 0 detect from the header, 1 customers, 2 employees, 3 responsibilities
    std::string token;   // the staged plan ("" when none: nothing to apply)
    bool previewed = false;
    ImportReport report;  // the preview (valid when `previewed`)
    Error error;          // the file refused as a whole, or Apply refused
    // The user ticked "I have checked the warnings": a file with warnings (read as Windows-1252,
    // unknown columns, cells past the header) applies only then, as the CLI wants --accept-warnings.
    bool warnings_checked = false;
};

// Takes the picked file and previews it (App::open_import_file calls this); the dialog opens on the
// next draw. A previous preview still staged is discarded.
void open_import_dialog(App& app, ImportDialog& dialog, std::string file_name, std::string bytes);
void draw_import_dialog(App& app, ImportDialog& dialog);

}  // namespace vastuu::ui
