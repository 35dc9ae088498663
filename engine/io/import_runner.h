// The import runner: a plan (import_plan.h) applied to the database — matched by natural keys,
// created or updated, counted per table. The same code counts for the preview (rolled back) and
// writes for apply, so a preview is exactly what apply would do.
#pragma once
#include <sqlite3.h>

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "io/import_plan.h"

namespace vastuu {

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

// Writes the plan in the caller's transaction (the import commands, engine/commands/import.cpp).
// Refuses with "import.invalid" (the plan has errors) or "import.conflict" naming the first problem;
// the caller rolls back. Ids from the document are kept where the database does not use them yet, so
// importing an export into an empty database gives back the same document.
Result<ImportReport> apply_plan(sqlite3* db, const ImportPlan& plan);

}  // namespace vastuu
