// The import front door (import.h): format and kind decided once, the reader picked, the preview
// staged.
#include "io/import.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <memory>

#include "core/engine.h"
#include "core/i18n.h"
#include "io/csv_reader.h"
#include "io/json_reader.h"

namespace vastuu {

using nlohmann::json;

std::string import_format_of(std::string_view file_name, std::string_view bytes) {
    size_t i = 0;
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
    while (i < bytes.size() && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n')) ++i;
    if (i < bytes.size() && bytes[i] == '{') return "json";
    std::string ext(file_name.size() >= 5 ? file_name.substr(file_name.size() - 5) : "");
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext == ".json" ? "json" : "csv";
}

Result<ImportPlan> read_import(std::string_view text, const std::string& format, const std::string& kind) {
    if (format == "json") return parse_dataset_json(text);
    if (format != "csv") return Error{"import.bad_format", tr_format("error.import.bad_format", {format}), "format"};
    auto csv_kind = kind.empty() || kind == "auto" ? detect_csv_kind(text) : parse_csv_kind(kind);
    if (!csv_kind.ok()) return csv_kind.error();
    return parse_csv(text, csv_kind.value());
}

Result<json> prepare_import(Engine& engine, std::string_view text, const std::string& format, const std::string& kind) {
    auto plan = read_import(text, format, kind);
    if (!plan.ok()) return plan.error();
    auto report = preview_import(engine.handle(), plan.value());
    if (!report.ok()) return report.error();
    json out = report_json(report.value());
    out["token"] = stage_import(std::move(plan.value()));
    return out;
}

namespace {

struct StagedImports {
    uint64_t next = 1;
    std::map<std::string, std::unique_ptr<ImportPlan>> plans;
};

StagedImports& staged() {
    static StagedImports s;
    return s;
}

}  // namespace

std::string stage_import(ImportPlan plan) {
    StagedImports& s = staged();
    // Only the newest few plans are kept: an abandoned preview must not hold 50 MB forever.
    while (s.plans.size() >= 2) s.plans.erase(s.plans.begin());
    char token[32];
    std::snprintf(token, sizeof token, "import-%06llu", static_cast<unsigned long long>(s.next++));
    s.plans[token] = std::make_unique<ImportPlan>(std::move(plan));
    return token;
}

const ImportPlan* staged_import(const std::string& token) {
    auto found = staged().plans.find(token);
    return found == staged().plans.end() ? nullptr : found->second.get();
}

void discard_import(const std::string& token) { staged().plans.erase(token); }

}  // namespace vastuu
