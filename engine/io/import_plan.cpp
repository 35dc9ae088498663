// The import plan's vocabulary (import_plan.h): kind names, issues, natural keys.
#include "io/import_plan.h"

#include "core/i18n.h"

namespace vastuu {

const char* import_kind_name(ImportKind kind) {
    switch (kind) {
        case ImportKind::Dataset: return "dataset";
        case ImportKind::Customers: return "customers";
        case ImportKind::Employees: return "employees";
        case ImportKind::Responsibilities: return "responsibilities";
    }
    return "dataset";
}

bool parse_import_kind(const std::string& name, ImportKind& out) {
    for (ImportKind k : {ImportKind::Dataset, ImportKind::Customers, ImportKind::Employees, ImportKind::Responsibilities})
        if (name == import_kind_name(k)) return out = k, true;
    return false;
}

Result<ImportKind> parse_csv_kind(const std::string& name) {
    ImportKind kind = ImportKind::Customers;
    if (!parse_import_kind(name, kind) || kind == ImportKind::Dataset)
        return Error{"import.bad_kind", tr_format("error.import.bad_kind", {name}), "kind"};
    return kind;
}

void add_issue(std::vector<ImportIssue>& list, int64_t line, const std::string& path, const std::string& code,
               const std::string& where, const std::string& message) {
    if (list.size() == kMaxImportIssues) {
        list.push_back(ImportIssue{0, "", "import.too_many_errors", tr("error.import.too_many_errors")});
        return;
    }
    if (list.size() > kMaxImportIssues) return;
    // A problem of the whole file has no "where": the message alone.
    list.push_back(ImportIssue{line, path, code, where.empty() ? message : tr_format("error.import.at", {where, message})});
}

std::string lower_ascii(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    return s;
}

}  // namespace vastuu
