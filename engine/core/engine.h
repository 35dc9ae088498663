// The engine: one open Vastuu database, the commands that change it (with undo, redo and the change
// log), and the queries the views read. No UI and no browser here; the web app, the command-line
// tool and the tests all use this same interface.
//
// Index of this header:
// [SECTION] Opening and closing
// [SECTION] Commands (the only way to change data)
// [SECTION] Queries
// [SECTION] Files (whole-database bytes, exports)
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/model.h"
#include "core/result.h"

namespace vastuu {

struct RowChange;  // one captured row change (commands_internal.h)

struct EngineOptions {
    std::string actor = "Administrator";          // written as "who" in the change log
    std::function<std::string()> now_utc;         // "YYYY-MM-DDTHH:MM:SSZ"; default: the system clock
    std::function<std::string()> today;           // "YYYY-MM-DD" (local date); default: the system clock
};

// Filter for list_customers(). Zero/empty fields mean "no restriction".
struct CustomerFilter {
    std::string search;            // case- and accent-insensitive match on name, or a number prefix
    bool include_archived = false;
    bool only_no_group = false;    // customers with no group
    CustomerGroupId group;         // customers of this group
    SpecialGroupId special_group;  // customers in this special group
    int64_t limit = 0;             // 0: all
};

// What Engine::inspect_file found in a file it accepts.
struct FileInspection {
    Counts counts;               // what the file holds: for the "replace this with that?" question
    std::vector<Error> warnings;  // accepted but worth saying, e.g. "db.wal_missing"; empty for most files
};

// Every command the engine knows (engine/commands/registry.h): its name, the fields it takes and the
// string key of its label. The documentation of each is in Engine::execute() below.
struct CommandInfo {
    std::string name;                 // "customer.create"
    std::string label_key;            // "command.customer.create"
    std::vector<std::string> fields;  // every field it takes besides "cmd"
};
std::vector<CommandInfo> registered_commands();
// A command's label in the current language ("add customer"); the name itself when unknown.
std::string command_label(const std::string& name);

class Engine {
public:
    // [SECTION] Opening and closing
    // Opens (or creates) the database at `path` (":memory:" works), applies migrations, turns
    // foreign keys on. Refuses, before writing anything, a file that is not SQLite and a newer,
    // foreign or altered database (check_schema), with its error code. Does not run the integrity
    // check (seconds for a big file): check_file() does, for files from outside.
    static Result<std::unique_ptr<Engine>> open(const std::string& path, EngineOptions options = {});
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Checks a database file someone hands over, on an in-memory copy, so nothing is ever written to
    // or next to it (no -journal, -wal or -shm): its bytes (database_file.h: empty, not SQLite,
    // truncated, WAL), its schema against this version's (check_schema), then its rows (integrity,
    // CHECK, NOT NULL, UNIQUE, foreign keys: check_database). Each kind of bad file has its own code
    // and a one-sentence message in the user's language naming the file `shown_as` (the name the
    // user picked) when given, else its path; SQLite's own text is in the error's detail.
    static Status check_file(const std::string& path, const std::string& shown_as = "");
    // check_file(), then what the file holds and the warnings of an accepted file.
    static Result<FileInspection> inspect_file(const std::string& path, const std::string& shown_as = "");

    sqlite3* handle() { return db_; }  // for the demo generator and tests; views never write SQL
    const std::string& path() const { return path_; }
    void set_actor(std::string actor) { options_.actor = std::move(actor); }
    std::string today() const { return options_.today(); }  // the day "active" is measured against

    // [SECTION] Commands (the only way to change data)
    // Runs one command given as JSON: {"cmd": "customer.create", "name": "Äijälä Oy", ...}.
    // Validates, applies in one transaction, writes the change log, records an undo step.
    // Returns {"ok": true, ...command-specific fields such as "id"} or an Error.
    // Every command and its fields (the registry, engine/commands/registry.h, is the list that
    // execute() dispatches from; tests/engine/test_command_registry.cpp checks this text against it):
    //   customer.create {name, number?, group_id?}
    //   customer.update {id, name?, number?, group_id? (0 or null: no group), archived?}
    //   customer.archive {id, archived (default true)}
    //   employee.create {name, email?, seller_info?, team_id?}
    //   employee.update {id, name?, email?, seller_info?, team_id?, archived?}
    //   team.create {name}
    //   project.create {customer_id, name, number?}
    //   project.update {id, name?, number?, archived?}
    //   responsibility.toggle {employee_id, customer_id | project_id}
    //   responsibility.set_many {responsible, employee_ids, customer_ids | project_ids}
    //   responsibility.assign_role {employee_id, customer_id | project_id, role_id}
    //   responsibility.update {id, role_id?, valid_from?, valid_to?}
    //   responsibility.delete {id}
    //   responsibility.replace {from_employee_id, to_employee_id, from_date, group_id?, role_id?, preview?}
    //   role.create {name, code?, kind}
    //   role.update {id, name?, code?}
    //   role.delete {id}
    //   setting.set {key, value}
    //   group.create {name, number_start?, ledger_account?, cost_centre?, salesperson_ids?, customer_ids?}
    //   group.update {id, name?, number_start?, ledger_account?, cost_centre?, salesperson_ids?, customer_ids?}
    //     (the lists replace the sets)
    //   group.delete {id}
    //   group.add_customer {id, customer_id}        (moves it from its previous group)
    //   group.remove_customer {id, customer_id}     (to No group, when it is in this group)
    //   group.add_salesperson {id, employee_id}
    //   group.remove_salesperson {id, employee_id}
    //   special_group.create {name, legend?, customer_ids?}
    //   special_group.update {id, name?, legend?, customer_ids?}
    //   special_group.delete {id}
    //   special_group.add_member {id, customer_id}
    //   special_group.remove_member {id, customer_id}
    //   import.apply {token}, dataset.import {document | text}, csv.import {text, kind?}
    //   batch {commands}: several commands in one transaction, one undo step, all or nothing
    //   undo {}, redo {}
    Result<nlohmann::json> execute(const nlohmann::json& command);

    // A command on behalf of someone else (the team server, engine/sync/): who and when are given
    // per call instead of taken from EngineOptions, the step goes on no undo stack (the server's
    // history is its sync log; undo per person is replay_on_behalf()'s), and `before_commit` runs inside the
    // command's transaction with the rows it changed: an error from it rolls the command back and is
    // the answer. undo and redo are not commands here ("command.unknown").
    struct OnBehalf {
        std::string actor;    // "who" in the change log
        std::string now_utc;  // "when": "YYYY-MM-DDTHH:MM:SSZ"
        std::string today;    // the day "active" is measured against; "" : EngineOptions::today
        bool in_batch = false;  // the caller holds a transaction open (group commit): run as a savepoint
        std::function<Status(const std::vector<RowChange>& changes, const nlohmann::json& result)> before_commit;
    };
    Result<nlohmann::json> execute_on_behalf(const nlohmann::json& command, const OnBehalf& on_behalf);

    // The team server's undo per person (engine/sync/undo.cpp): replays one logged step backwards
    // (undo) or forwards (redo) on behalf of someone, as execute_on_behalf() runs a command; its
    // change-log entries say "undo" / "redo". Every row must be as the step left it (as the step
    // found it, for redo), else "undo.conflict" and nothing changes. Rows are JSON objects of all
    // columns as text, in any key order; `before_commit` sees the rows the replay changed.
    Result<nlohmann::json> replay_on_behalf(const std::vector<RowChange>& step, bool undo, const OnBehalf& on_behalf);

    // Writes row images as they are ({table, key, row}; row null: no such row) in one transaction,
    // outside change capture, the change log and the undo history: the team client's cache follows
    // the server this way (engine/sync/sync.h apply_rows). Bumps revision(); last_changes() lists the
    // rows. A malformed list or a row that breaks a constraint is "sync.bad_rows" and changes nothing.
    Status apply_row_images(const nlohmann::json& rows);

    bool can_undo() const;
    bool can_redo() const;
    std::string undo_label() const;  // the command name of the step undo would revert, "" if none
    std::string redo_label() const;

    // Bumped by every committed change (including undo and redo); views cache by it.
    uint64_t revision() const { return revision_; }

    // The rows the last successful execute() changed, as (table, id), undo and redo included.
    // In-memory models (the responsibilities matrix) patch themselves from it.
    const std::vector<std::pair<std::string, int64_t>>& last_changes() const { return last_changes_; }

    // [SECTION] Who is looking (salesperson visibility)
    // The administrator (employee 0) sees every customer. An employee sees the customers of the
    // groups where they are a salesperson and the customers they are responsible for (on the
    // customer or one of its projects, by a responsibility not ended before today; a future one
    // counts). Every query and export applies it; in an offline app this
    // restricts views, it does not protect the file.
    void set_viewer(EmployeeId employee);
    EmployeeId viewer() const { return viewer_; }
    struct VisibleCustomers {
        bool all = true;            // the administrator: no restriction
        std::vector<int64_t> ids;   // sorted customer ids, when !all
        bool contains(int64_t id) const;
    };
    // Cached by revision, viewer and day (raw SQL outside commands does not move the revision).
    const VisibleCustomers& visible_customers();

    // [SECTION] Queries
    Counts counts();
    std::vector<Customer> list_customers(const CustomerFilter& filter);
    std::vector<Employee> list_employees(bool include_archived);
    std::vector<Team> list_teams();
    std::vector<Role> list_roles();
    std::vector<CustomerGroup> list_customer_groups();
    std::vector<SpecialGroup> list_special_groups();
    std::vector<Project> list_projects(CustomerId customer);
    std::vector<Responsibility> list_responsibilities(CustomerId customer);
    // Group queries (commands_groups.cpp). Customers are the visible ones only.
    std::vector<Employee> list_group_salespersons(CustomerGroupId group);  // archived ones too
    std::vector<Customer> list_special_group_members(SpecialGroupId group);  // archived ones too
    // How many customers a group (a special group) has, the ones the viewer cannot see too: what a
    // delete will move to No group (take out of the special group). A count, never the rows.
    int64_t count_group_customers(CustomerGroupId group);
    int64_t count_special_group_members(SpecialGroupId group);
    std::vector<SpecialGroup> list_customer_special_groups(CustomerId customer);
    // Every (customer, special group) membership of the visible customers: the customers list's column.
    std::vector<std::pair<CustomerId, SpecialGroupId>> list_special_group_memberships();
    Result<Customer> get_customer(CustomerId id);
    Result<Employee> get_employee(EmployeeId id);
    std::vector<ChangeLogEntry> recent_changes(int limit);
    // The newest entries about one customer: its row, projects, responsibilities, special groups.
    std::vector<ChangeLogEntry> recent_customer_changes(CustomerId customer, int limit);
    int64_t next_free_customer_number(CustomerGroupId group);  // the series' next free number
    // A setting's value (setting.set changes it), or `fallback` when it was never set.
    std::string setting(const std::string& key, const std::string& fallback);
    // Whether roles are on (the matrix's By role, role filters and "+"): the setting roles_enabled
    // when it was ever set ("1" on, "0" off), else whether some responsibility already has a role —
    // data that uses roles shows them without first finding a switch.
    bool roles_enabled();

    // [SECTION] Files (whole-database bytes, exports)
    // The database as the bytes of a .sqlite file (sqlite3_serialize).
    Result<std::vector<uint8_t>> database_bytes();
    // An xlsx workbook of the customers matching `filter`: number, name, group.
    Result<std::vector<uint8_t>> export_customers_xlsx(const CustomerFilter& filter);

private:
    Engine(sqlite3* db, std::string path, EngineOptions options);

    struct UndoStep;  // defined in commands_internal.h
    friend struct CommandContext;

    sqlite3* db_ = nullptr;
    std::string path_;
    EngineOptions options_;
    uint64_t revision_ = 0;
    EmployeeId viewer_;
    VisibleCustomers visible_;
    uint64_t visible_revision_ = UINT64_MAX;
    EmployeeId visible_viewer_;
    std::string visible_today_;  // responsibilities that ended before this day no longer give sight
    std::vector<std::pair<std::string, int64_t>> last_changes_;
    std::vector<std::unique_ptr<UndoStep>> undo_;
    std::vector<std::unique_ptr<UndoStep>> redo_;
    const OnBehalf* on_behalf_ = nullptr;  // set during execute_on_behalf() only
};

}  // namespace vastuu
