// The customer card and the project card: everything one customer (or project) is, in one plain
// struct, for the card dialogs and the command-line tool. Visibility applies: a customer the viewer
// may not see answers "customer.not_found", exactly as if it did not exist.
#pragma once
#include <string>
#include <vector>

#include "core/engine.h"
#include "core/model.h"
#include "core/result.h"

namespace vastuu {

// One responsibility with the names a card shows next to it.
struct CardResponsibility {
    Responsibility responsibility;
    std::string employee_name;
    std::string role_name;       // "" when the responsibility has no role
    std::string role_code;       // "" when the responsibility has no role
    std::string project_number;  // "" for a responsibility on the customer itself
    std::string project_name;    // "" for a responsibility on the customer itself
};

struct CustomerCard {
    Customer customer;
    std::string group_name;                     // "" for No group
    std::vector<SpecialGroup> special_groups;   // by name
    std::vector<Project> projects;              // archived ones too, in project-number order
    std::vector<CardResponsibility> responsibilities;  // the customer's own first, then its projects', history included
    std::vector<ChangeLogEntry> recent_changes;        // newest first
};

struct ProjectCard {
    Project project;
    Customer customer;  // the project's customer
    std::vector<CardResponsibility> responsibilities;  // on the project, history included
    std::vector<ChangeLogEntry> recent_changes;        // about the project and its responsibilities, newest first
};

// The card of a customer with its `change_limit` newest change-log entries.
// Errors: "customer.not_found" (also for a customer the viewer may not see).
Result<CustomerCard> customer_card(Engine& engine, CustomerId id, int change_limit = 20);

// The card of a project with its `change_limit` newest change-log entries.
// Errors: "project.not_found" (also for a project of a customer the viewer may not see).
Result<ProjectCard> project_card(Engine& engine, ProjectId id, int change_limit = 20);

}  // namespace vastuu
