// The command registry and Engine::execute(): one table of every command (commands/registry.h),
// filled once by each command file's register_*_commands(), and the dispatch that checks a command's
// shape and fields before its handler runs in a captured transaction (change_capture.cpp).
#include "commands/registry.h"

#include "core/i18n.h"

namespace vastuu {

using nlohmann::json;

namespace {

// A misspelt field is a bug to report, not a value to ignore.
Status check_fields(const CommandSpec& spec, const json& command) {
    for (auto field = command.begin(); field != command.end(); ++field) {
        const std::string& key = field.key();
        if (key == "cmd") continue;
        bool known = false;
        for (const char* f : spec.fields) known = known || key == f;
        if (!known) return Error{"command.bad_argument", tr_format("error.command.unknown_field", {key}), key};
    }
    return {};
}

// The registered spec of a command object, or the error execute() reports for it.
Result<const CommandSpec*> spec_of(const json& command) {
    if (!command.is_object()) return bad_argument("cmd", "type.object");
    auto it = command.find("cmd");
    if (it == command.end() || it->is_null()) return missing_argument("cmd");
    if (!it->is_string()) return bad_argument("cmd", "type.text");
    const std::string& name = it->get_ref<const std::string&>();
    const CommandSpec* spec = command_registry().find(name);
    if (!spec) return Error{"command.unknown", tr_format("error.command.unknown", {name}), "cmd"};
    VASTUU_TRY(check_fields(*spec, command));
    return spec;
}

// {"cmd": "batch", "commands": [...]}: several commands in one transaction, so one user action
// (a dialog's Save) is one change-log group and one undo step. All or nothing: the first refusal
// rolls back the lot and is the batch's answer.
Result<json> batch(CommandContext& c) {
    auto it = c.args.find("commands");
    if (it == c.args.end() || it->is_null()) return missing_argument("commands");
    if (!it->is_array() || it->empty()) return bad_argument("commands", "type.array");
    json results = json::array();
    for (const json& command : *it) {
        auto spec = spec_of(command);
        if (!spec.ok()) return spec.error();
        if (!spec.value()->run || std::string(spec.value()->name) == "batch")
            return Error{"command.bad_argument", tr_format("error.command.batch_nested", {spec.value()->name}),
                         "commands"};
        CommandContext inner(c.engine, command);
        auto result = spec.value()->run(inner);
        if (!result.ok()) return result.error();
        results.push_back(std::move(result.value()));
    }
    return json{{"ok", true}, {"results", std::move(results)}};
}

}  // namespace

const CommandRegistry& command_registry() {
    static const CommandRegistry registry = [] {
        CommandRegistry r;
        r.add({"undo", nullptr, "command.undo", {}});
        r.add({"redo", nullptr, "command.redo", {}});
        register_customer_commands(r);
        register_employee_commands(r);
        register_project_commands(r);
        register_responsibility_commands(r);
        register_group_commands(r);
        register_replace_person_commands(r);
        register_import_commands(r);
        r.add({"batch", batch, "command.batch", {"commands"}});
        return r;
    }();
    return registry;
}

std::vector<CommandInfo> registered_commands() {
    std::vector<CommandInfo> out;
    for (const CommandSpec& s : command_registry().all()) {
        CommandInfo info;
        info.name = s.name;
        info.label_key = s.label_key;
        for (const char* f : s.fields) info.fields.push_back(f);
        out.push_back(std::move(info));
    }
    return out;
}

std::string command_label(const std::string& name) {
    const CommandSpec* spec = command_registry().find(name);
    return spec ? tr(spec->label_key) : name;
}

Result<json> Engine::execute(const json& command) {
    auto spec = spec_of(command);
    if (!spec.ok()) return spec.error();
    const std::string name = spec.value()->name;
    if (!spec.value()->run) return CommandContext::replay(*this, name == "undo");
    // A batch is logged and undone under its first command's name ("edit special group").
    std::string logged = name;
    if (name == "batch") {
        const json& commands = command["commands"];
        if (commands.is_array() && !commands.empty() && commands[0].is_object() && commands[0].contains("cmd") &&
            commands[0]["cmd"].is_string() && command_registry().find(commands[0]["cmd"].get<std::string>()))
            logged = commands[0]["cmd"].get<std::string>();
    }
    return CommandContext::run(*this, logged, spec.value()->run, command);
}

}  // namespace vastuu
