// Importing data: a parsed, validated plan (from a JSON dataset document or a CSV file, see
// csv_import.h), its preview against the database (created / updated / unchanged / conflicts, row
// errors with their line or path) and its application as one engine command, all or nothing, undone
// as one step. The document format is described in docs/data-format.md.
//
// Rows are matched to the database by natural keys, never by id: customers by number, employees by
// e-mail (ignoring case; one without e-mail by name among the employees without e-mail), teams,
// customer groups and special groups by name (ignoring case), roles by name and kind, projects by
// number within their customer, responsibilities by (customer or project, employee, start date).
// Nothing absent from the file is deleted.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace vastuu {

class Engine;

enum class ImportKind { Dataset, Customers, Employees, Responsibilities };
const char* import_kind_name(ImportKind kind);  // "dataset", "customers", "employees", "responsibilities"

// One problem with one row: where (a CSV line, or a JSON path such as "tables.customer[3].name"),
// a stable code and a message in the user's language that names the row and the field.
struct ImportIssue {
    int64_t line = 0;   // 1-based line of a CSV record's start, or of the JSON row; 0 when unknown
    std::string path;   // "tables.customer[3].name" (JSON) or the column name (CSV)
    std::string code;   // "text.empty", "import.duplicate", "import.unknown_reference", ...
    std::string message;
};

// [SECTION] The plan: rows with references by natural key. Maintenance reminder: a new column of a
// domain table needs a field here, in the JSON reader, in apply_plan() and in docs/data-format.md.
struct PlanTeam { std::string name; int64_t doc_id = 0; std::string where; };
struct PlanEmployee {
    std::string name, email, seller_info, team;  // team: a team's name, "" for none
    bool archived = false;
    bool has_seller_info = true, has_team = true, has_archived = true;  // CSV: the column was present
    int64_t doc_id = 0;
    std::string where;  // "line 4" / "tables.employee[2]": for messages
};
struct PlanRole { std::string name, code, kind; int64_t doc_id = 0; std::string where; };
struct PlanGroup {
    std::string name, ledger_account, cost_centre;
    int64_t number_start = 1;
    int64_t doc_id = 0;
    std::string where;
};
// An employee reference: an e-mail, or (no e-mail) a name.
struct EmployeeKey { std::string email, name; };
struct PlanSalesperson { std::string group; EmployeeKey employee; std::string where; };
struct PlanCustomer {
    int64_t number = 0;  // 0: none given (CSV), a new customer gets the next free number
    std::string name, group;  // group: a customer group's name, "" for none
    bool archived = false;
    bool has_group = true, has_archived = true;
    int64_t doc_id = 0;
    std::string where;
};
struct PlanProject { int64_t customer_number = 0; std::string number, name; bool archived = false; int64_t doc_id = 0; std::string where; };
struct PlanSpecialGroup { std::string name, legend; int64_t doc_id = 0; std::string where; };
struct PlanMember { std::string special_group; int64_t customer_number = 0; std::string where; };
struct PlanResponsibility {
    int64_t customer_number = 0;
    std::string project_number;  // "" : on the customer itself
    EmployeeKey employee;
    std::string role;  // a role's name ("" none)
    std::string role_kind;  // "customer" / "project"; "" : the kind of the target
    std::string valid_from, valid_to;  // "YYYY-MM-DD" or ""
    bool has_role = true, has_valid_to = true;
    int64_t doc_id = 0;
    std::string where;
};

struct ImportPlan {
    ImportKind kind = ImportKind::Dataset;
    std::vector<PlanTeam> teams;
    std::vector<PlanEmployee> employees;
    std::vector<PlanRole> roles;
    std::vector<PlanGroup> groups;
    std::vector<PlanSalesperson> salespersons;
    std::vector<PlanCustomer> customers;
    std::vector<PlanProject> projects;
    std::vector<PlanSpecialGroup> special_groups;
    std::vector<PlanMember> members;
    std::vector<PlanResponsibility> responsibilities;
    std::vector<ImportIssue> errors;    // any error blocks apply
    std::vector<ImportIssue> warnings;  // e.g. "csv.windows_1252", "csv.unknown_column"
    size_t rows = 0;                    // data rows read
};

// At most this many row errors are listed; the count goes on ("import.too_many_errors" at the end).
constexpr size_t kMaxImportIssues = 500;

// [SECTION] Reading a dataset document (the format export_dataset_json() writes).
// Fatal errors (the whole input is unusable): "import.invalid_utf8" (with the line), "import.invalid_json"
// (with line and column), "import.not_a_dataset", "import.newer_format", "import.wrong_type" (tables
// is not an object). Row problems go to plan.errors: "import.wrong_type", "import.unknown_field",
// "import.unknown_table", "import.unknown_reference", "import.duplicate", "import.missing_field",
// "text.empty", "text.too_long", "text.invalid_utf8", "text.control_char", "import.bad_value".
Result<ImportPlan> parse_dataset_json(std::string_view text);
// The same from an already parsed document (the command dataset.import {document}).
Result<ImportPlan> read_dataset_document(const nlohmann::json& doc);

// [SECTION] Preview and apply
struct ImportCounts { int64_t created = 0, updated = 0, unchanged = 0, conflicts = 0; };
struct ImportReport {
    ImportKind kind = ImportKind::Dataset;
    size_t rows = 0;
    ImportCounts total;
    std::vector<std::pair<std::string, ImportCounts>> tables;  // per table, in import order
    std::vector<ImportIssue> errors;     // the plan's errors, then the conflicts found in the database
    std::vector<ImportIssue> warnings;
    bool can_apply() const { return errors.empty(); }
};
// {"kind", "rows", "created", "updated", "unchanged", "conflicts", "can_apply", "tables": {name: {...}},
//  "errors": [{"line", "path", "code", "message"}], "warnings": [...]}
nlohmann::json report_json(const ImportReport& report);

// Runs the plan inside a transaction that is rolled back: the counts are exactly what apply would do,
// and nothing is written. Fails only on a database error; row problems are in the report.
Result<ImportReport> preview_import(sqlite3* db, const ImportPlan& plan);

// Writes the plan in the caller's transaction (the import commands in commands_import.cpp call it).
// Refuses with "import.invalid" (the plan has errors) or "import.conflict" naming the first problem;
// the caller rolls back. Ids from the document are kept where the database does not use them yet, so
// importing an export into an empty database gives back the same document.
Result<ImportReport> apply_plan(sqlite3* db, const ImportPlan& plan);

// [SECTION] Staged plans (the browser parses once, previews, then applies by token)
// Keeps a parsed plan for a later {"cmd": "import.apply", "token": T}; returns T. Tokens are
// process-wide, used once (apply or discard frees the plan).
std::string stage_import(ImportPlan plan);
// The staged plan, or nullptr when the token is unknown or was used.
const ImportPlan* staged_import(const std::string& token);
void discard_import(const std::string& token);

// Parses `text` (JSON for ImportKind::Dataset, else CSV of that kind; for CSV, `detect` picks the kind
// from the header row), previews it and stages it: {"token": T, ...report_json} or a fatal Error.
Result<nlohmann::json> prepare_import(sqlite3* db, std::string_view text, const std::string& format,
                                      const std::string& kind);
// The same against the engine's database (the app's import dialog, the command-line tool).
Result<nlohmann::json> prepare_import(Engine& engine, std::string_view text, const std::string& format,
                                      const std::string& kind);

// [SECTION] Shared by the readers (dataset_import.cpp, csv_import.cpp)
// Appends an issue whose message is "<where>: <message>"; past kMaxImportIssues one last
// "import.too_many_errors" entry ends the list.
void add_issue(std::vector<ImportIssue>& list, int64_t line, const std::string& path, const std::string& code,
               const std::string& where, const std::string& message);
std::string lower_ascii(std::string s);       // e-mails match by it
bool parse_import_kind(const std::string& name, ImportKind& out);  // the names import_kind_name() gives

}  // namespace vastuu
