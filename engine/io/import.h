// Importing data, the front door: the one place that decides a file's format and, for CSV, its kind
// of rows, reads it with the right reader (csv_reader.h, json_reader.h), previews it with the runner
// (import_runner.h) and stages the plan for the command import.apply. The app's import dialog, the
// import commands (engine/commands/import.cpp) and the command-line tool all come through here.
#pragma once
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "io/import_plan.h"
#include "io/import_runner.h"

namespace vastuu {

class Engine;

// [SECTION] Format and kind
// A picked file's format: "json" when the text starts with '{' (after a byte-order mark and blanks)
// or, failing that, the name ends in .json (any case); otherwise "csv".
std::string import_format_of(std::string_view file_name, std::string_view bytes);

// Reads `text` into a plan. `format` is "json" or "csv" (else "import.bad_format"); for CSV, `kind`
// "" or "auto" takes the kind from the header row (detect_csv_kind: "csv.unknown_kind"), else it is
// a kind's name (parse_csv_kind: "import.bad_kind"). For JSON the kind is ignored. Fatal errors of
// the reader as its header says.
Result<ImportPlan> read_import(std::string_view text, const std::string& format, const std::string& kind);

// [SECTION] Preview and staged plans (the app parses once, previews, then applies by token)
// read_import(), previewed against the engine's database and staged:
// {"token": T, ...report_json} or a fatal Error.
Result<nlohmann::json> prepare_import(Engine& engine, std::string_view text, const std::string& format,
                                      const std::string& kind);

// Keeps a parsed plan for a later {"cmd": "import.apply", "token": T}; returns T. Tokens are
// process-wide, used once (apply or discard frees the plan); only the newest two are kept.
std::string stage_import(ImportPlan plan);
// The staged plan, or nullptr when the token is unknown or was used.
const ImportPlan* staged_import(const std::string& token);
void discard_import(const std::string& token);

}  // namespace vastuu
