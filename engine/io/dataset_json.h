// The whole dataset as one versioned JSON document (the format is described in docs/data-format.md).
// Used by the command-line tool's export and, later, by JSON import.
#pragma once
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace vastuu {

class Engine;

constexpr const char* kDatasetFormat = "vastuu-dataset";
constexpr int kDatasetFormatVersion = 1;

// {"format": "vastuu-dataset", "version": 1, "schema_version": N, "tables": {"customer": [{...}, ...], ...}}
// Every domain table, rows ordered by primary key, columns by name; the change log is left out.
Result<nlohmann::json> export_dataset_json(sqlite3* db);
// The same as the engine's viewer may see it: customers, their projects, responsibilities and
// special-group memberships only of Engine::visible_customers() (everything for the administrator).
Result<nlohmann::json> export_dataset_json(Engine& engine);

}  // namespace vastuu
