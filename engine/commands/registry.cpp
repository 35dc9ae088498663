// The command registry and Engine::execute(): one table of every command (commands/registry.h),
// filled once by each command file's register_*_commands(), and the dispatch that checks a command's
// shape and fields before its handler runs in a captured transaction (change_capture.cpp).
#include "commands/registry.h"

#include "core/i18n.h"

namespace vastuu {

using nlohmann::json;

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
    if (!command.is_object()) return bad_argument("cmd", "type.object");
    auto it = command.find("cmd");
    if (it == command.end() || it->is_null()) return missing_argument("cmd");
    if (!it->is_string()) return bad_argument("cmd", "type.text");
    const std::string& name = it->get_ref<const std::string&>();
    const CommandSpec* spec = command_registry().find(name);
    if (!spec) return Error{"command.unknown", tr_format("error.command.unknown", {name}), "cmd"};
    // A misspelt field is a bug to report, not a value to ignore.
    for (auto field = command.begin(); field != command.end(); ++field) {
        const std::string& key = field.key();
        if (key == "cmd") continue;
        bool known = false;
        for (const char* f : spec->fields) known = known || key == f;
        if (!known) return Error{"command.bad_argument", tr_format("error.command.unknown_field", {key}), key};
    }
    if (!spec->run) return CommandContext::replay(*this, name == "undo");
    return CommandContext::run(*this, name, spec->run, command);
}

}  // namespace vastuu
