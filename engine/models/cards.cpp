// The customer card and the project card (cards.h). They read through the engine's own queries
// where one exists, so visibility is applied in one place; the names next to ids come from here.
#include "models/cards.h"

#include <string>
#include <unordered_map>

#include "core/i18n.h"
#include "core/rows.h"
#include "core/sql.h"

namespace vastuu {
namespace {

// Employee, role and project names for the responsibilities of a card.
void name_responsibilities(sqlite3* db, const std::vector<Responsibility>& rows, std::vector<CardResponsibility>& out) {
    std::unordered_map<int64_t, std::string> employees;
    std::unordered_map<int64_t, std::pair<std::string, std::string>> roles, projects;
    {
        Stmt st(db, "SELECT id, name FROM employee");
        while (st.row()) employees.emplace(st.int64(0), st.text(1));
    }
    {
        Stmt st(db, "SELECT id, name, code FROM role");
        while (st.row()) roles.emplace(st.int64(0), std::make_pair(st.text(1), st.text(2)));
    }
    Stmt project(db, "SELECT number, name FROM project WHERE id = ?1");
    for (const Responsibility& r : rows) {
        CardResponsibility c;
        c.responsibility = r;
        c.employee_name = employees[r.employee.value];
        if (r.role) {
            auto it = roles.find(r.role.value);
            if (it != roles.end()) c.role_name = it->second.first, c.role_code = it->second.second;
        }
        if (r.project) {
            auto it = projects.find(r.project.value);
            if (it == projects.end()) {
                project.bind(1, r.project.value);
                std::pair<std::string, std::string> p;
                if (project.row()) p = {project.text(0), project.text(1)};
                project.reset();
                it = projects.emplace(r.project.value, p).first;
            }
            c.project_number = it->second.first;
            c.project_name = it->second.second;
        }
        out.push_back(std::move(c));
    }
}

}  // namespace

Result<CustomerCard> customer_card(Engine& engine, CustomerId id, int change_limit) {
    auto customer = engine.get_customer(id);  // applies visibility
    if (!customer.ok()) return customer.error();
    CustomerCard card;
    card.customer = customer.value();
    if (card.customer.group) {
        Stmt st(engine.handle(), "SELECT name FROM customer_group WHERE id = ?1");
        st.bind(1, card.customer.group.value);
        if (st.row()) card.group_name = st.text(0);
    }
    card.special_groups = engine.list_customer_special_groups(id);
    card.projects = engine.list_projects(id);
    name_responsibilities(engine.handle(), engine.list_responsibilities(id), card.responsibilities);
    card.recent_changes = engine.recent_customer_changes(id, change_limit);
    return card;
}

Result<ProjectCard> project_card(Engine& engine, ProjectId id, int change_limit) {
    sqlite3* db = engine.handle();
    Stmt st(db, "SELECT id, customer_id, number, name, archived FROM project WHERE id = ?1");
    st.bind(1, id.value);
    Error missing{"project.not_found", tr_format("error.project.not_found", {std::to_string(id.value)}), ""};
    if (!st.row()) return missing;
    ProjectCard card;
    card.project.id = ProjectId(st.int64(0));
    card.project.customer = CustomerId(st.int64(1));
    card.project.number = st.text(2);
    card.project.name = st.text(3);
    card.project.archived = st.int64(4) != 0;
    auto customer = engine.get_customer(card.project.customer);  // applies visibility
    if (!customer.ok()) return missing;
    card.customer = customer.value();

    std::vector<Responsibility> rows;
    for (const Responsibility& r : engine.list_responsibilities(card.customer.id))
        if (r.project == id) rows.push_back(r);
    name_responsibilities(db, rows, card.responsibilities);

    Stmt changes(db,
                 "SELECT id, group_id, at, who, command, entity, entity_id, coalesce(before, ''), coalesce(after, '')"
                 " FROM change_log WHERE (entity = 'project' AND entity_id = ?1) OR (entity = 'responsibility'"
                 " AND json_extract(coalesce(after, before), '$.project_id') = ?1) ORDER BY id DESC LIMIT ?2");
    changes.bind(1, id.value).bind(2, change_limit > 0 ? change_limit : 0);
    while (changes.row()) {
        card.recent_changes.push_back(read_change_entry(changes));
    }
    return card;
}

}  // namespace vastuu
