// The CSV reader: a file of customers, employees or responsibilities read into an import plan
// (import_plan.h). Columns are found by their header, in English or Finnish; the codec
// (csv_codec.h) decodes the bytes and splits the records. Described in docs/data-format.md.
#pragma once
#include <string_view>

#include "core/result.h"
#include "io/import_plan.h"

namespace vastuu {

// Which kind of rows the header describes: responsibilities (a customer and an employee column),
// employees (an e-mail, team or seller column), customers (a name or number column). "csv.unknown_kind".
Result<ImportKind> detect_csv_kind(std::string_view bytes);

// Reads a whole CSV file of `kind` into a plan. Fatal errors: "csv.empty", "csv.unsupported_encoding",
// "csv.unterminated_quote", "csv.missing_column" (naming the column in the user's language),
// "csv.duplicate_column", "import.bad_kind" (the dataset kind). Row problems go to plan.errors with
// their line: "text.*", "customer.bad_number", "employee.bad_email", "import.duplicate" (naming both
// lines), "import.bad_value" (dates, yes/no). Warnings: "csv.windows_1252", "csv.unknown_column".
Result<ImportPlan> parse_csv(std::string_view bytes, ImportKind kind);

}  // namespace vastuu
