// The import commands: a whole plan written in the command's one transaction (all or nothing), one
// change-log group and one undo step, like any other command. The plan comes from a staged preview
// (import.apply {token}: the browser parses a 50 MB file once) or from the command itself
// (dataset.import {document | text}, csv.import {text, kind?}: the command-line tool and scripts).
#include <iterator>

#include "commands/command_context.h"
#include "commands/registry.h"
#include "core/i18n.h"
#include "io/import.h"
#include "io/json_reader.h"

namespace vastuu {

using nlohmann::json;

namespace {

Result<json> apply_and_report(CommandContext& c, const ImportPlan& plan) {
    auto report = apply_plan(c.db, plan);
    if (!report.ok()) return report.error();
    json out = report_json(report.value());
    out["ok"] = true;
    return out;
}

const std::string* string_arg(const json& args, const char* field) {
    auto it = args.find(field);
    return it != args.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

// {"token": T} from prepare_import(): applies the staged plan (validated again against the database
// as it is now) and frees it.
Result<json> import_apply(CommandContext& c) {
    if (!has_value(c.args, "token")) return missing_argument("token");
    const std::string* token = string_arg(c.args, "token");
    if (!token) return bad_argument("token", "type.text");
    const ImportPlan* plan = staged_import(*token);
    if (!plan) return Error{"import.no_such_token", tr_format("error.import.no_such_token", {*token}), "token"};
    auto result = apply_and_report(c, *plan);
    // A refused plan stays staged: the user may fix the database and try again, or discard it.
    if (result.ok()) discard_import(*token);
    return result;
}

// {"document": {...}} or {"text": "..."}: a dataset document as export_dataset_json() writes it.
Result<json> dataset_import(CommandContext& c) {
    Result<ImportPlan> plan = missing_argument("document");
    if (has_value(c.args, "document")) {
        plan = read_dataset_document(c.args["document"]);
    } else if (has_value(c.args, "text")) {
        const std::string* text = string_arg(c.args, "text");
        if (!text) return bad_argument("text", "type.text");
        plan = read_import(*text, "json", "");
    }
    if (!plan.ok()) return plan.error();
    return apply_and_report(c, plan.value());
}

// {"text": "...", "kind": "customers" | "employees" | "responsibilities" | "auto" (default: from the
// header row)}: the kind is the front door's to resolve (read_import).
Result<json> csv_import(CommandContext& c) {
    if (!has_value(c.args, "text")) return missing_argument("text");
    const std::string* text = string_arg(c.args, "text");
    if (!text) return bad_argument("text", "type.text");
    const std::string* kind = string_arg(c.args, "kind");
    if (has_value(c.args, "kind") && !kind) return bad_argument("kind", "type.text");
    auto plan = read_import(*text, "csv", kind ? *kind : "");
    if (!plan.ok()) return plan.error();
    return apply_and_report(c, plan.value());
}

}  // namespace

void register_import_commands(CommandRegistry& r) {
    r.add({"import.apply", import_apply, "command.import.apply", {"token"}, CommandAccess::AdminOnly});
    r.add({"dataset.import", dataset_import, "command.dataset.import", {"document", "text"}, CommandAccess::AdminOnly});
    r.add({"csv.import", csv_import, "command.csv.import", {"text", "kind"}, CommandAccess::AdminOnly});
}

}  // namespace vastuu
