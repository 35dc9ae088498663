// Engine-internal pieces shared by the command files: how a command sees its arguments, how row
// changes are captured for the change log and undo, and the undo step itself. Views never include
// this; it exists so that later command files (bulk edits, group deletes) plug into the same machinery.
//
// How a change becomes undoable, whatever the command (maintenance reminder: keep in step with
// install_change_capture() in commands.cpp):
//   1. execute() opens BEGIN IMMEDIATE and switches capture on.
//   2. The command writes with plain SQL. TEMP triggers on every domain table copy each row change
//      (before and after as JSON objects of all columns, keys as JSON arrays of the primary key)
//      into temp.vastuu_capture. Foreign-key actions (ON DELETE CASCADE / SET NULL) fire the
//      triggers too, so nothing a command causes goes unrecorded.
//   3. execute() turns the captured rows into change_log rows and one UndoStep, then commits.
// Undo and redo replay the captured rows backwards / forwards with a generic writer that reads the
// column list from PRAGMA table_info, so a new command or table needs no undo code of its own.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/engine.h"
#include "core/result.h"
#include "core/sql.h"

namespace vastuu {

// One row's change. Empty `before` means the row was inserted, empty `after` that it was deleted.
// Keys are JSON arrays of the primary-key columns ("[12]", or "[3,7]" for the WITHOUT ROWID link
// tables), so composite keys need nothing special.
struct RowChange {
    std::string table;
    int64_t entity_id = 0;  // the first primary-key column (the rowid for ordinary tables)
    std::string before_key;
    std::string before;
    std::string after_key;
    std::string after;
};

struct Engine::UndoStep {
    std::string command;             // "customer.create", ...: what undo_label() shows
    std::vector<RowChange> changes;  // in the order they happened
};

// Creates the capture table and triggers on a migrated database (Engine::open calls it).
Status install_change_capture(sqlite3* db);

// What a command handler gets: the connection (inside the command's transaction), its JSON
// arguments, and the day that "active" responsibilities are measured against.
struct CommandContext {
    Engine& engine;
    sqlite3* db;
    const nlohmann::json& args;
    std::string today;  // "YYYY-MM-DD", from EngineOptions::today

    CommandContext(Engine& e, const nlohmann::json& a)
        : engine(e), db(e.db_), args(a),
          today(e.on_behalf_ && !e.on_behalf_->today.empty() ? e.on_behalf_->today : e.options_.today()) {}

    // The engine-private halves of execute(): running one command in a captured transaction, and
    // replaying the newest undo (or redo) step. Static members because only a friend may touch the
    // engine's undo stacks.
    using Handler = Result<nlohmann::json> (*)(CommandContext&);
    static Result<nlohmann::json> run(Engine& engine, const std::string& name, Handler handler,
                                      const nlohmann::json& args);
    static Result<nlohmann::json> replay(Engine& engine, bool undo);
};

// The smallest customer number at or above the start of the group's series that no customer has:
// a group's number_start; with no group, the lowest number a customer without a group has (1 if none). Shared by customer.create and Engine::next_free_customer_number().
int64_t next_free_customer_number(sqlite3* db, int64_t group_id);
// The one rule for a customer number, whoever reads one (commands, CSV and JSON readers, the
// series above): 1 to limits::kMaxCustomerNumber, else "customer.bad_number" at the field "number".
Status check_customer_number(int64_t number);

// [SECTION] Argument readers. Each refuses a wrong JSON type with "command.bad_argument" naming the
// field, so bad input becomes an Error and never an exception.

// Refuses any field not in `allowed` ("cmd" is always allowed): a misspelt field is a bug to report,
// not a value to ignore.
Status allow_only(const nlohmann::json& args, std::initializer_list<const char*> allowed);

// True when the field is present and not null.
bool has_value(const nlohmann::json& args, const char* field);

// Reads a whole number. Absent or null: "command.missing_argument" when required, else `out` is untouched.
Status read_integer(const nlohmann::json& args, const char* field, bool required, int64_t& out);

// Reads a true/false field; absent or null leaves `out` untouched.
Status read_bool(const nlohmann::json& args, const char* field, bool& out);

// Reads a text field through validate_text() and trims it. Absent or null: "command.missing_argument"
// when required, else "".
Status read_text(const nlohmann::json& args, const char* field, size_t max_chars, bool required,
                 bool multiline, std::string& out);

Error missing_argument(const char* field);
Error bad_argument(const char* field, const char* expected_key);

// [SECTION] Lookups shared by the command files (commands.cpp)
// The light e-mail shape check of employee commands (also used by the importers).
bool looks_like_email(const std::string& s);
bool id_exists(sqlite3* db, const char* table, int64_t id);
// "customer.not_found" etc. with the message key "error.<code>" and the id.
Error not_found(const char* code, const char* field, int64_t id);
// Checks that `id` names a row of `table`.
Status require_row(sqlite3* db, const char* table, const char* code, const char* field, int64_t id);
// Reads an optional reference where 0 and null both mean "none"; a given id must exist.
Status read_optional_ref(sqlite3* db, const nlohmann::json& args, const char* field, const char* table,
                         const char* code, int64_t& out);
// Steps a statement that returns no rows; a failure is "db.sqlite" naming `what`.
Status step_done(sqlite3* db, Stmt& st, const char* what);

}  // namespace vastuu
