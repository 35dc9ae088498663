// One list view for the customer groups and the special groups: a toolbar (the count, a line of
// help, "+ Add"), a table of the groups (the name, the view's own columns, then the row actions
// Customers/Excel and Delete), an optional last row, and the delete confirmation. The two views
// describe their columns and texts; the list draws and reports what was clicked.
//
// Item paths, with `prefix` "groups" or "special_groups": <prefix>.count, <prefix>.add,
// <prefix>.row.<id>, <prefix>.export.<id>, <prefix>.delete.<id>, <prefix>.confirm_delete and
// <prefix>.cancel_delete; the headers by their column keys.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace vastuu::ui {

class App;

struct GroupListColumn {
    const char* key = "";      // header text and path
    float width = 0;           // > 0: a fixed width (unscaled pixels), else it stretches by `weight`
    float weight = 1;
};

struct GroupList {
    const char* prefix = "";
    const char* count_key = "";   // "{0} customer groups" (tr_count)
    const char* help_key = "";    // the line after the count
    const char* add_key = "";     // the primary button
    const char* export_key = "";  // the row's export button
    const char* none_key = "";    // shown under an empty table ("" for none)
    const char* name_key = "";    // the name column's header
    // The commands behind Add, Edit (a row click) and Delete: offered only to who may run them.
    const char* create_command = "";
    const char* update_command = "";
    const char* delete_command = "";
    float name_weight = 2;
    std::vector<GroupListColumn> columns;  // after the name
    size_t rows = 0;
    std::function<int64_t(size_t row)> id;
    std::function<const std::string&(size_t row)> name;
    std::function<void(size_t row, size_t column)> cell;  // column 0: the first of `columns`
    // Drawn after the rows, in a row of its own (the "No group" row); gets the actions' column index.
    std::function<void(int actions_column)> last_row;
};

struct GroupListClick {
    enum Kind { None, Add, Edit, Export, Delete } kind = None;
    size_t row = 0;
};

GroupListClick draw_group_list(App& app, const GroupList& list);

// "Delete the group X? ..." with the line that Undo brings it back. The view fills `text` and sets
// `request`; true in the frame the user confirms (the view runs its command then).
struct DeleteConfirmation {
    bool request = false;
    int64_t id = 0;
    std::string name;
    std::string text;
};
bool draw_delete_confirmation(App& app, DeleteConfirmation& confirm, const char* prefix, const char* title_key);

}  // namespace vastuu::ui
