// The JSON reader: a dataset document (the format export_dataset_json() writes, dataset_json.h) read
// into an import plan (import_plan.h), its document ids turned into natural keys. Described in
// docs/data-format.md.
#pragma once
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "io/import_plan.h"

namespace vastuu {

// Fatal errors (the whole input is unusable): "import.invalid_utf8" (with the line), "import.invalid_json"
// (with line and column), "import.not_a_dataset", "import.newer_format", "import.wrong_type" (tables
// is not an object). Row problems go to plan.errors: "import.wrong_type", "import.unknown_field",
// "import.unknown_table", "import.unknown_reference", "import.duplicate", "import.missing_field",
// "text.empty", "text.too_long", "text.invalid_utf8", "text.control_char", "import.bad_value" (a date
// outside core/dates.h's rule among them).
Result<ImportPlan> parse_dataset_json(std::string_view text);
// The same from an already parsed document (the command dataset.import {document}).
Result<ImportPlan> read_dataset_document(const nlohmann::json& doc);

}  // namespace vastuu
