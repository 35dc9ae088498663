// The import plan: what a reader (csv_reader.h, json_reader.h) makes of a file and the runner
// (import_runner.h) writes — rows with references by natural key, never by id, and the problems found
// with their line or path. The vocabulary every import layer shares; it depends on no reader.
//
// Rows are matched to the database by natural keys: customers by number, employees by e-mail
// (ignoring case; one without e-mail by name among the employees without e-mail), teams, customer
// groups and special groups by name (ignoring case), roles by name and kind, projects by number within
// their customer, responsibilities by (customer or project, employee, start date). Nothing absent
// from the file is deleted. The formats are described in docs/data-format.md.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace vastuu {

// [SECTION] Kinds of import
enum class ImportKind { Dataset, Customers, Employees, Responsibilities };
const char* import_kind_name(ImportKind kind);  // "dataset", "customers", "employees", "responsibilities"
bool parse_import_kind(const std::string& name, ImportKind& out);  // the names import_kind_name() gives
// A kind of CSV rows by its name: "customers", "employees" or "responsibilities"; anything else
// (the dataset too) is "import.bad_kind" naming it.
Result<ImportKind> parse_csv_kind(const std::string& name);

// [SECTION] Issues
// One problem with one row: where (a CSV line, or a JSON path such as "tables.customer[3].name"),
// a stable code and a message in the user's language that names the row and the field.
struct ImportIssue {
    int64_t line = 0;   // 1-based line of a CSV record's start, or of the JSON row; 0 when unknown
    std::string path;   // "tables.customer[3].name" (JSON) or the column name (CSV)
    std::string code;   // "text.empty", "import.duplicate", "import.unknown_reference", ...
    std::string message;
};

// At most this many row errors are listed; the count goes on ("import.too_many_errors" at the end).
constexpr size_t kMaxImportIssues = 500;

// Appends an issue whose message is "<where>: <message>" (the message alone when `where` is "", a
// problem of the whole file); past kMaxImportIssues one last
// "import.too_many_errors" entry ends the list.
void add_issue(std::vector<ImportIssue>& list, int64_t line, const std::string& path, const std::string& code,
               const std::string& where, const std::string& message);

// [SECTION] The plan. Maintenance reminder: a new column of a domain table needs a field here, in the
// JSON reader, in the runner and in docs/data-format.md.
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
    std::string valid_from, valid_to;  // "YYYY-MM-DD" (core/dates.h: a valid day) or ""
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

// [SECTION] Natural keys
std::string lower_ascii(std::string s);  // e-mails match by it (readers' duplicates, the runner's matching)

}  // namespace vastuu
