// The command registry: every command the engine knows, with its handler, the fields it takes and the
// string key of its label ("add customer" / "asiakkaan lisäys"). Engine::execute() dispatches from it
// and refuses fields a command does not take; tests check it against engine.h and the catalogue.
// A command file registers its commands in its register_*_commands() (one line each); registry.cpp
// calls them all once.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "commands/command_context.h"

namespace vastuu {

// Who may run a command in team mode. The one owner of the rule: the server refuses an AdminOnly
// command from an employee before running it (sync::execute), and the UI offers it only to those
// who may run it (sync::may_run). tests/engine/test_command_access.cpp checks every command's mark
// against what the server's row check refuses.
enum class CommandAccess {
    Anyone,     // any account, within the customers it may see (customers, projects, responsibilities, memberships)
    AdminOnly,  // administrators: the firm's lists (employees, teams, roles, groups, salespersons, special
                // groups, settings) and the wholesale tools (imports, replacing a person)
};

struct CommandSpec {
    const char* name;                  // "customer.create"
    CommandContext::Handler run;       // nullptr for undo and redo (they replay, see change_capture.cpp)
    const char* label_key;             // "command.customer.create": what undo's tooltip and the history say
    std::vector<const char*> fields;   // every field the command takes ("cmd" is always allowed)
    CommandAccess access = CommandAccess::Anyone;  // who may run it in team mode
};

class CommandRegistry {
public:
    void add(CommandSpec spec) { specs_.push_back(std::move(spec)); }
    const CommandSpec* find(std::string_view name) const {
        for (const CommandSpec& s : specs_)
            if (name == s.name) return &s;
        return nullptr;
    }
    const std::vector<CommandSpec>& all() const { return specs_; }

private:
    std::vector<CommandSpec> specs_;
};

// Every command, registered once on first use.
const CommandRegistry& command_registry();

// One per command file (commands/<entity>.cpp).
void register_customer_commands(CommandRegistry& r);
void register_employee_commands(CommandRegistry& r);
void register_project_commands(CommandRegistry& r);
void register_responsibility_commands(CommandRegistry& r);
void register_group_commands(CommandRegistry& r);
void register_replace_person_commands(CommandRegistry& r);
void register_import_commands(CommandRegistry& r);

}  // namespace vastuu
