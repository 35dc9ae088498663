// Writing CSV files of customers, employees or responsibilities, the files the CSV reader
// (csv_reader.h) reads back: headers in the current language, ';' between fields, UTF-8 with a
// byte-order mark (so that Excel reads ä and ö), fields guarded against formulas (csv_codec.h).
#pragma once
#include <string>

#include "core/result.h"
#include "io/import_plan.h"

namespace vastuu {

class Engine;

// A CSV file of `kind` (not Dataset: "import.bad_kind"). Only the customers the engine's viewer sees
// are written.
Result<std::string> export_csv(Engine& engine, ImportKind kind);

}  // namespace vastuu
