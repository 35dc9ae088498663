// UI state and draw functions of the group views, the card dialogs and the "Signed in as" selector.
// Like views.h: a view keeps only UI state and asks the engine for data; every change is an engine
// command through App::run_command().
//
// [SECTION] Customer picker (view_groups.cpp; the group and special-group dialogs share it)
// [SECTION] Customer groups view and group dialog (view_groups.cpp)
// [SECTION] Special groups view and special-group dialog (view_special_groups.cpp)
// [SECTION] Customer card and project card (dialog_card.cpp)
// [SECTION] Signed in as (signed_in_as.cpp)
// [SECTION] Customers list: special groups column and filter (view_customers.cpp)
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/engine.h"
#include "group_list.h"
#include "models/cards.h"

namespace vastuu::ui {

class App;

// [SECTION] Customer picker
// A searchable list of every visible customer with a checkbox each. `selected` is the set being
// edited (sorted ids); the list is read from the engine when the dialog opens.
struct CustomerPicker {
    char search[128] = {};
    bool only_selected = false;          // show only the ticked customers
    std::vector<Customer> customers;     // every visible customer, archived ones too, by name
    std::vector<std::string> folded;     // fold_for_search of each customer's name
    std::vector<size_t> shown;           // indexes into customers that match search (cache)
    std::string shown_key;               // the search (and only_selected) `shown` was built for
    std::unordered_map<int64_t, std::string> group_names;  // customer group id -> name
};

// Reads the customers and group names for a picker (when its dialog opens).
void load_customer_picker(App& app, CustomerPicker& picker);
// Draws the picker with item paths `<prefix>.customer_search`, `<prefix>.only_selected` and
// `<prefix>.customer.<id>` (the checkboxes), `height` pixels tall. With `group_mode`, a ticked
// customer of another group than `own_group` says that it moves here (a customer belongs to one
// group at a time); otherwise each customer's group is shown for orientation. True when a tick changed.
bool draw_customer_picker(App& app, CustomerPicker& picker, const char* prefix, std::vector<int64_t>& selected,
                          bool group_mode, CustomerGroupId own_group, float height);

// What a member dialog changed: the ids ticked now but not at the start (`added`) and the other way
// round (`removed`), both sorted. The dialogs send one add/remove command per id in one batch, so
// members the viewer cannot see are never read and never touched.
struct MemberChanges {
    std::vector<int64_t> added, removed;
};
MemberChanges member_changes(std::vector<int64_t> original, std::vector<int64_t> selected);

// [SECTION] Customer groups view and group dialog
struct GroupDialog {
    bool open_request = false;
    bool focus_name = false;
    CustomerGroupId id;  // 0: creating a new group
    char name[256] = {};
    char number_start[24] = {};
    char ledger_account[64] = {};
    char cost_centre[64] = {};
    std::vector<int64_t> salespersons, original_salespersons;  // sorted employee ids
    std::vector<int64_t> customers, original_customers;        // sorted customer ids (visible ones)
    char salesperson_search[96] = {};
    CustomerPicker picker;
    std::vector<Employee> employees;  // every employee, archived ones too
    int tab = 0;                      // the tab shown: 0 Basics, 1 Salespersons, 2 Customers
    Error error;                      // the engine's last refusal, shown at its field
};

struct GroupsView {
    struct Row {
        CustomerGroup group;
        int64_t customers = 0;  // visible customers, archived ones too
        int64_t archived = 0;   // of which archived
        std::string salespersons;  // names, joined by ", "
    };
    std::vector<Row> rows;  // by name (the engine's order)
    int64_t no_group_customers = 0;
    std::string cache_key;

    GroupDialog dialog;
    DeleteConfirmation confirm;  // the group being deleted, and how many customers go to No group
};

void draw_groups_view(App& app, GroupsView& view);
void open_new_group_dialog(App& app, GroupDialog& dialog);
void open_edit_group_dialog(App& app, GroupDialog& dialog, const CustomerGroup& group);
void draw_group_dialog(App& app, GroupDialog& dialog);

// [SECTION] Special groups view and special-group dialog
struct SpecialGroupDialog {
    bool open_request = false;
    bool focus_name = false;
    SpecialGroupId id;  // 0: creating a new special group
    char name[256] = {};
    char legend[1024] = {};
    std::vector<int64_t> customers, original_customers;  // sorted customer ids (visible ones)
    CustomerPicker picker;
    Error error;
};

struct SpecialGroupsView {
    struct Row {
        SpecialGroup group;
        int64_t customers = 0;  // visible members, archived ones too
    };
    std::vector<Row> rows;
    std::string cache_key;

    SpecialGroupDialog dialog;
    DeleteConfirmation confirm;
};

void draw_special_groups_view(App& app, SpecialGroupsView& view);
void open_new_special_group_dialog(App& app, SpecialGroupDialog& dialog);
void open_edit_special_group_dialog(App& app, SpecialGroupDialog& dialog, const SpecialGroup& group);
void draw_special_group_dialog(App& app, SpecialGroupDialog& dialog);

// [SECTION] Customer card and project card
// One dialog shows either card; a click on a project in the customer card (or on the customer in
// the project card) switches it. It takes App::take_card_request() each frame.
struct CardDialog {
    CustomerId customer;  // set: the customer card is shown
    ProjectId project;    // set: the project card is shown
    bool open_request = false;
    std::string cache_key;  // App::cache_key() and the ids the card was read for
    CustomerCard customer_card;
    ProjectCard project_card;
    Error load_error;  // the card could not be read (e.g. the customer is hidden from the viewer)

    // The customer's editable fields (Save changes sends customer.update and customer.archive).
    char name[256] = {};
    char number[24] = {};
    CustomerGroupId group;
    bool archived = false;
    // Add a project.
    char project_name[256] = {};
    char project_number[64] = {};
    // A responsibility's interval being edited inline (0: none).
    ResponsibilityId editing;
    char edit_from[16] = {};
    char edit_to[16] = {};

    std::vector<CustomerGroup> groups;
    std::vector<SpecialGroup> special_groups;
    std::string entity_key;  // the card the fields were filled from ("c12", "p7")
    Error error;             // the last refusal of the details form, shown at its field
    Error project_error;     // the last refusal of "add project"
    Error responsibility_error;  // the last refusal of an interval edit
};

void draw_card_dialog(App& app, CardDialog& card);

// [SECTION] Signed in as
struct SignedInAs {
    std::vector<Employee> employees;  // active employees, by name
    std::string cache_key;
    char search[96] = {};
};

// The "Signed in as" selector (administrator or an employee): Engine::set_viewer(). Draws a label
// and a combo of `width` on the current line.
void draw_signed_in_as(App& app, SignedInAs& state, float width);
float signed_in_as_width(App& app);  // the width draw_signed_in_as takes, label included
// While an employee is signed in, one line above every view: whose customers are shown, and that
// this restricts views and does not protect the file. Nothing for the administrator.
void draw_viewer_note(App& app);

// [SECTION] Customers list: special groups column and filter
// Each visible customer's special groups, as names joined by ", " (the customers list's column).
struct CustomerSpecialGroups {
    SpecialGroupId filter;                               // 0: all; else only this special group's members
    std::vector<SpecialGroup> groups;                    // for the filter combo
    std::unordered_map<int64_t, std::string> names_of;   // customer id -> "A, B"
    std::string cache_key;
};

void load_customer_special_groups(App& app, CustomerSpecialGroups& specials);

// A customer's (or project's) name drawn as a link: underlined on hover, a click opens its card.
// Records `path` and notes the text as visible. True when clicked.
bool name_link(const std::string& text, const std::string& path, bool muted = false);

}  // namespace vastuu::ui
