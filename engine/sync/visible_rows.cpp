// The row-level visibility rule (visible_rows.h): one table of scopes, one query for the visible
// customers, and the same customer-of-a-row mapping in C++ (change stream) and SQL (snapshot).
#include "sync/visible_rows.h"

#include "core/sql.h"

namespace vastuu {
namespace {

struct TableScope {
    const char* table;
    RowScope scope;
};

// Register, don't list: a new table goes here, and the schema test fails until it does.
const TableScope kTableScopes[] = {
    {"team", RowScope::Everyone},
    {"employee", RowScope::Everyone},
    {"role", RowScope::Everyone},
    {"customer_group", RowScope::Everyone},
    {"customer_group_salesperson", RowScope::Everyone},
    {"special_group", RowScope::Everyone},
    {"setting", RowScope::Everyone},
    {"customer", RowScope::Customer},
    {"project", RowScope::Customer},
    {"responsibility", RowScope::Customer},
    {"special_group_member", RowScope::Customer},
    {"change_log", RowScope::Customer},
    {"sync_log", RowScope::Server},
    {"sync_undo", RowScope::Server},
};

int64_t int_field(const nlohmann::json& row, const char* field) {
    auto it = row.find(field);
    return it != row.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

}  // namespace

std::vector<int64_t> visible_customer_ids(sqlite3* db, EmployeeId viewer, const std::string& today,
                                          const std::vector<int64_t>* among) {
    // Maintenance reminder: tests/engine/test_visibility.cpp computes the same set independently;
    // a change of the rule changes both (and engine.h's description).
    auto restricted = [&](const char* column) {
        return among ? std::string(" AND ") + column + " IN (SELECT value FROM json_each(?3))" : std::string();
    };
    Stmt st(db,
            "SELECT c.id FROM customer c JOIN customer_group_salesperson s ON s.group_id = c.group_id"
            " WHERE s.employee_id = ?1" + restricted("c.id") +
            " UNION SELECT customer_id FROM responsibility WHERE employee_id = ?1 AND customer_id IS NOT NULL"
            " AND (valid_to IS NULL OR valid_to >= ?2)" + restricted("customer_id") +
            " UNION SELECT p.customer_id FROM responsibility r JOIN project p ON p.id = r.project_id"
            " WHERE r.employee_id = ?1 AND (r.valid_to IS NULL OR r.valid_to >= ?2)" + restricted("p.customer_id") +
            " ORDER BY 1");
    st.bind(1, viewer.value).bind(2, today);
    if (among) st.bind(3, nlohmann::json(*among).dump());
    std::vector<int64_t> ids;
    while (st.row()) ids.push_back(st.int64(0));
    return ids;
}

RowScope row_scope(const std::string& table) {
    for (const TableScope& t : kTableScopes)
        if (table == t.table) return t.scope;
    return RowScope::Server;
}

std::vector<std::string> registered_tables() {
    std::vector<std::string> out;
    for (const TableScope& t : kTableScopes) out.push_back(t.table);
    return out;
}

int64_t row_customer(const std::string& table, const nlohmann::json& row,
                     const std::function<int64_t(int64_t)>& project_customer) {
    if (!row.is_object()) return -1;
    if (table == "customer") return int_field(row, "id");
    if (table == "project" || table == "special_group_member") return int_field(row, "customer_id");
    if (table == "responsibility") {
        if (int64_t c = int_field(row, "customer_id")) return c;
        int64_t c = project_customer ? project_customer(int_field(row, "project_id")) : 0;
        return c ? c : -1;
    }
    if (table == "change_log") {
        auto entity = row.find("entity");
        if (entity == row.end() || !entity->is_string()) return -1;
        const std::string name = entity->get<std::string>();
        if (row_scope(name) != RowScope::Customer || name == "change_log") return 0;
        // The entry's row as recorded: after, or before for a deletion (JSON text in the log).
        nlohmann::json recorded;
        for (const char* side : {"after", "before"}) {
            auto it = row.find(side);
            if (it != row.end() && it->is_string()) {
                recorded = nlohmann::json::parse(it->get<std::string>(), nullptr, false);
                if (!recorded.is_discarded()) break;
            }
        }
        if (name == "customer") return int_field(row, "entity_id");
        return row_customer(name, recorded, project_customer);
    }
    return row_scope(table) == RowScope::Everyone ? 0 : -1;
}

const char* const kChangeEntryCustomerSql =
    "CASE entity WHEN 'customer' THEN entity_id"
    " WHEN 'project' THEN json_extract(coalesce(after, before), '$.customer_id')"
    " WHEN 'special_group_member' THEN json_extract(coalesce(after, before), '$.customer_id')"
    " WHEN 'responsibility' THEN coalesce(json_extract(coalesce(after, before), '$.customer_id'),"
    "  (SELECT customer_id FROM main.project WHERE id = json_extract(coalesce(after, before), '$.project_id')), -1)"
    " END";

std::string visible_row_condition(const std::string& table) {
    const std::string visible = " IN (SELECT id FROM temp.vastuu_visible)";
    switch (row_scope(table)) {
        case RowScope::Everyone: return "1";
        case RowScope::Server: return "0";
        case RowScope::Customer: break;
    }
    if (table == "customer") return "id" + visible;
    if (table == "project" || table == "special_group_member") return "customer_id" + visible;
    if (table == "responsibility")
        return "customer_id" + visible + " OR project_id IN (SELECT id FROM main.project WHERE customer_id" + visible + ")";
    if (table == "change_log")
        return std::string("(") + kChangeEntryCustomerSql + ") IS NULL OR (" + kChangeEntryCustomerSql + ")" + visible;
    return "0";
}

}  // namespace vastuu
