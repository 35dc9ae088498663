// Plain structs of the domain, as read from the database. No behaviour here: commands live in
// commands.cpp, queries in queries.cpp.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.h"

namespace vastuu {

enum class RoleKind { Customer, Project };

struct Team {
    TeamId id;
    std::string name;
};

struct Employee {
    EmployeeId id;
    std::string name;
    std::string email;        // "" when unknown
    std::string seller_info;  // free text: seller code, commission info, ...
    TeamId team;              // 0: no team (an employee is in at most one team)
    bool archived = false;
};

struct Role {
    RoleId id;
    std::string name;
    std::string code;  // short code shown in matrix cells, e.g. "KP"
    RoleKind kind = RoleKind::Customer;
};

struct CustomerGroup {
    CustomerGroupId id;
    std::string name;
    int64_t number_start = 1;    // customers created in the group get numbers from here on
    std::string ledger_account;  // "" when none
    std::string cost_centre;     // "" when none
};

struct Customer {
    CustomerId id;
    int64_t number = 0;     // unique across all customers
    std::string name;
    CustomerGroupId group;  // 0: "No group"
    bool archived = false;
};

struct Project {
    ProjectId id;
    CustomerId customer;
    std::string number;  // unique within its customer
    std::string name;
    bool archived = false;
};

struct SpecialGroup {
    SpecialGroupId id;
    std::string name;
    std::string legend;
};

// A responsibility is on a customer or on a project (exactly one of the two is set).
struct Responsibility {
    ResponsibilityId id;
    CustomerId customer;  // set for a customer responsibility
    ProjectId project;    // set for a project responsibility
    EmployeeId employee;
    RoleId role;             // 0: no role
    std::string valid_from;  // "YYYY-MM-DD" or "" (open)
    std::string valid_to;    // "YYYY-MM-DD" or "" (open)
};

struct ChangeLogEntry {
    ChangeId id;
    int64_t group = 0;     // all entries of one user action share a group (one undo step)
    std::string at;        // UTC "YYYY-MM-DDTHH:MM:SSZ"
    std::string who;       // the acting user's name
    std::string command;   // "customer.create", "undo", ...
    std::string entity;    // table name: "customer", "responsibility", ...
    int64_t entity_id = 0;
    std::string before;    // JSON object of the row before, "" when created
    std::string after;     // JSON object of the row after, "" when deleted
};

struct Counts {
    int64_t customers = 0;
    int64_t projects = 0;
    int64_t employees = 0;
    int64_t responsibilities = 0;
    int64_t customer_groups = 0;
    int64_t special_groups = 0;
    int64_t teams = 0;
    int64_t roles = 0;
};

}  // namespace vastuu
