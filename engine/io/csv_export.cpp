// Writing CSV files (csv_export.h): one header row in the current language, then a row per record as
// the engine's queries give them to the viewer.
#include "io/csv_export.h"

#include <unordered_map>
#include <vector>

#include "core/engine.h"
#include "core/i18n.h"
#include "io/csv_codec.h"

namespace vastuu {

Result<std::string> export_csv(Engine& engine, ImportKind kind) {
    std::string out = "\xEF\xBB\xBF";
    CustomerFilter all;
    all.include_archived = true;
    if (kind == ImportKind::Customers) {
        std::unordered_map<int64_t, std::string> groups;
        for (const CustomerGroup& g : engine.list_customer_groups()) groups.emplace(g.id.value, g.name);
        append_csv_row(out, {tr("csv.customers.number"), tr("csv.customers.name"), tr("csv.customers.group"),
                             tr("csv.customers.archived")});
        for (const Customer& c : engine.list_customers(all))
            append_csv_row(out, {std::to_string(c.number), c.name, c.group ? groups[c.group.value] : std::string(),
                                 c.archived ? "1" : "0"});
        return out;
    }
    if (kind == ImportKind::Employees) {
        std::unordered_map<int64_t, std::string> teams;
        for (const Team& t : engine.list_teams()) teams.emplace(t.id.value, t.name);
        append_csv_row(out, {tr("csv.customers.name"), tr("csv.employees.email"), tr("csv.employees.team"),
                             tr("csv.employees.seller_info"), tr("csv.customers.archived")});
        for (const Employee& e : engine.list_employees(true))
            append_csv_row(out, {e.name, e.email, e.team ? teams[e.team.value] : std::string(), e.seller_info,
                                 e.archived ? "1" : "0"});
        return out;
    }
    if (kind == ImportKind::Responsibilities) {
        std::unordered_map<int64_t, const Employee*> employees;
        std::vector<Employee> all_employees = engine.list_employees(true);
        for (const Employee& e : all_employees) employees.emplace(e.id.value, &e);
        std::unordered_map<int64_t, std::string> roles;
        for (const Role& r : engine.list_roles()) roles.emplace(r.id.value, r.name);
        append_csv_row(out, {tr("csv.responsibilities.customer"), tr("csv.responsibilities.customer_name"),
                             tr("csv.responsibilities.project"), tr("csv.responsibilities.employee"),
                             tr("csv.responsibilities.employee_name"), tr("csv.responsibilities.role"),
                             tr("csv.responsibilities.from"), tr("csv.responsibilities.to")});
        for (const Customer& c : engine.list_customers(all)) {
            std::vector<Responsibility> rows = engine.list_responsibilities(c.id);
            if (rows.empty()) continue;
            std::unordered_map<int64_t, std::string> projects;
            for (const Project& p : engine.list_projects(c.id)) projects.emplace(p.id.value, p.number);
            for (const Responsibility& r : rows) {
                const Employee* e = employees.count(r.employee.value) ? employees[r.employee.value] : nullptr;
                append_csv_row(out, {std::to_string(c.number), c.name, r.project ? projects[r.project.value] : std::string(),
                                     e ? (e->email.empty() ? e->name : e->email) : std::string(), e ? e->name : std::string(),
                                     r.role ? roles[r.role.value] : std::string(), r.valid_from, r.valid_to});
            }
        }
        return out;
    }
    return Error{"import.bad_kind", tr_format("error.import.bad_kind", {import_kind_name(kind)}), "kind"};
}

}  // namespace vastuu
