// Team mode's engine side: the server runs commands on behalf of accounts and records each in the
// sync log; every account receives the rows it may see (a snapshot first, then each change); the
// browser's cache applies those rows. docs/team-protocol.md is the contract this implements.
//
// Index of this header:
// [SECTION] Row images and changes
// [SECTION] Running a command for an account (the server)
// [SECTION] What an account receives (snapshot, change filtering, resync)
// [SECTION] Applying rows (the browser's cache)
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/engine.h"
#include "core/result.h"

namespace vastuu::sync {

// ---------------------------------------------------------------------------------------------
// [SECTION] Row images and changes
// ---------------------------------------------------------------------------------------------

// One row as a change leaves it. On the wire only {table, key, row}; `before` stays on the server
// (it says whose the row was, for a deletion).
struct RowImage {
    std::string table;
    nlohmann::json key;     // the primary key as an array: [12], or [3, 7] for the link tables
    nlohmann::json row;     // every column after the change; null: the row is gone
    nlohmann::json before;  // every column before the change; null: the row is new
};
nlohmann::json rows_to_wire(const std::vector<RowImage>& rows);  // [{table, key, row}, ...]

// One accepted command as the sync log holds it.
struct Change {
    int64_t seq = 0;
    std::string command_id;
    std::string account;  // the actor's name, as the change log says "who"
    std::string at;       // "YYYY-MM-DDTHH:MM:SSZ"
    nlohmann::json command;
    nlohmann::json result;
    std::vector<RowImage> rows;  // every row the command changed (change-log entries included), in order
};

// The stream's message for one change, with the rows one account may see:
// {type: "change", seq, command_id, account, at, rows: [{table, key, row}]}.
nlohmann::json change_message(const Change& change, const std::vector<RowImage>& visible_rows);

// ---------------------------------------------------------------------------------------------
// [SECTION] Running a command for an account (the server)
// ---------------------------------------------------------------------------------------------

// Who runs a command or looks at the data.
struct Account {
    std::string name;     // "who" in the change log and the stream
    EmployeeId employee;  // the employee the account belongs to (0: an administrator without one)
    bool admin = false;   // an administrator sees and changes everything
    std::string id = {};  // the account's own id (the server's accounts): its undo stack's key; "" : no undo
};

// Whether `account` may run the command named `name` at all, before its rows are checked against
// what it sees: an administrator every command the server accepts, an employee only those the
// registry marks CommandAccess::Anyone (commands/registry.h); undo and redo are not registry
// commands (each person's own undo is execute()'s, below): false. may_run_command() judges a command object: a batch may run when each
// command in it may. The UI asks these to offer only what the server accepts; execute() refuses the
// rest with "access.admin_only".
bool may_run(const Account& account, const std::string& name);
bool may_run_command(const Account& account, const nlohmann::json& command);

// The clock of one call: the server passes its own, tests pass fixed ones.
struct Clock {
    std::string now_utc;  // "YYYY-MM-DDTHH:MM:SSZ"
    std::string today;    // "YYYY-MM-DD": the day "active" responsibilities are measured against
};

struct Executed {
    Change change;
    bool repeated = false;  // the command id was seen before: this is the first answer, nothing applied
};

// Runs `command` on behalf of `account` as one transaction that also writes the sync log row
// (command id, account, time, command, result, rows): applied and logged, or neither. A command id
// already in the log returns the logged answer and applies nothing. For an account that is not an
// administrator: a command naming a customer, project or responsibility it cannot see is refused
// as if that did not exist ("customer.not_found", ...); a command that would change a row of a
// customer it cannot see is refused with "access.denied", one that changes the firm's lists
// (employees, groups, roles, settings, imports) with "access.admin_only"; and a refusal's message
// never names a customer it cannot see. undo and redo are "command.unknown" for an account without
// an id.
//
// Team rules (docs/team-protocol.md, "Conflicts"), which need the seq the client's database reflected
// when it ran the command (`base_seq`; -1: unknown, no conflict check):
// - Responsibilities are set-like: adding a responsibility (a role) that someone else added
//   meanwhile is accepted and changes nothing; removing one already removed likewise.
// - A field edit is refused as "sync.conflict" when another account changed the same field of the
//   same row after `base_seq` (the message says who and when; `detail` is that change's time);
//   edits of different fields of one row both apply (each command carries only the fields it sets).
//   A person never conflicts with their own changes (their queued edits apply in order).
// - undo / redo (Account::id set): the account's own last step (undone step) is reverted (replayed)
//   when every row it touched is as the step left it; otherwise "undo.changed_since" names who
//   changed them since, and that step leaves the account's undo stack. Another account's changes
//   are never on it.
Result<Executed> execute(Engine& engine, const std::string& command_id, const nlohmann::json& command,
                         const Account& account, const Clock& clock, int64_t base_seq = -1);

// What Undo and Redo would do for `account` (the toolbar's state in team mode).
struct UndoState {
    bool can_undo = false, can_redo = false;
    std::string undo_label, redo_label;  // the command names ("customer.update"), "" when none
};
UndoState undo_state(Engine& engine, const Account& account);
nlohmann::json undo_state_message(const UndoState& state);  // {type: "undo_state", ...}

// Group commit: commands executed between begin_batch() and commit_batch() share one transaction
// and so one fsync (each still applies or fails on its own, as a savepoint). Nothing of the batch is
// durable, and so nothing may be acknowledged or broadcast, before commit_batch() succeeds; when it
// fails the whole batch is rolled back. Without a batch each execute() commits on its own.
Status begin_batch(Engine& engine);
Status commit_batch(Engine& engine);
void rollback_batch(Engine& engine);

// The newest seq in the sync log (0 when empty).
int64_t last_seq(Engine& engine);

// The logged changes after `seq`, oldest first, at most `limit`.
Result<std::vector<Change>> changes_after(Engine& engine, int64_t seq, int64_t limit);

// ---------------------------------------------------------------------------------------------
// [SECTION] What an account receives (snapshot, change filtering, resync)
// ---------------------------------------------------------------------------------------------

// The customers `account` may see on `today` (all for an administrator).
Engine::VisibleCustomers visible_customers(Engine& engine, const Account& account, const std::string& today);

struct Snapshot {
    std::vector<uint8_t> bytes;  // a SQLite file: the engine's schema with only the visible rows
    int64_t seq = 0;             // the last change it reflects
};
// A database file holding only what `account` may see: customers, their projects,
// responsibilities, special-group memberships and change-log entries only for visible customers;
// the firm's lists (employees, teams, roles, groups, special groups, settings) whole; the sync log
// empty. The engine opens it like any database.
Result<Snapshot> snapshot(Engine& engine, const Account& account, const std::string& today);

// The rows of `rows` whose customer is in `visible` (rows of the firm's lists always; the sync log never).
std::vector<RowImage> visible_rows(Engine& engine, const std::vector<RowImage>& rows,
                                   const Engine::VisibleCustomers& visible);

// True when `rows` might change which customers `employee` sees: their salesperson or
// responsibility rows, a customer moving between groups, a project moving between customers, a new
// customer (live only: on replay a new customer is judged by today's set), a deleted customer
// (replay only: live, the deletion is delivered). Cheap and conservative: when it says false, the
// set after the change is the set before minus the customers the change deleted. `new_customers`
// false leaves the live rule's new customers out (deliver() judges those one by one).
bool may_alter_visibility(const std::vector<RowImage>& rows, EmployeeId employee, bool replay,
                          bool new_customers = true);

// What one account receives for one live change, given the set it saw before it.
struct Delivery {
    bool resync = false;                 // the set changed beyond what the rows say: send {type: resync}
    std::vector<RowImage> rows;          // otherwise: the rows to send (may be empty)
    Engine::VisibleCustomers visible;    // the account's set after the change
};
Delivery deliver(Engine& engine, const Change& change, const Account& account,
                 const Engine::VisibleCustomers& before, const std::string& today);

// ---------------------------------------------------------------------------------------------
// [SECTION] Applying rows (the browser's cache)
// ---------------------------------------------------------------------------------------------

// Writes wire rows ([{table, key, row}]) into the engine's database as they are, in one transaction
// (Engine::apply_row_images): the cache follows the server. A malformed list is "sync.bad_rows" and
// changes nothing.
Status apply_rows(Engine& engine, const nlohmann::json& wire_rows);

}  // namespace vastuu::sync
