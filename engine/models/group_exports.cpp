// Group and special-group customer exports (group_exports.h). The customers come from
// Engine::list_customers(), which applies visibility; the extra columns are looked up per customer
// of that list only, so nothing about other customers reaches the workbook.
#include "models/group_exports.h"

#include <algorithm>
#include <string>
#include <unordered_map>

#include "core/i18n.h"
#include "core/sql.h"
#include "io/xlsx_export.h"

namespace vastuu {
namespace {

// One sheet named `sheet_name` with the customers' number, name, group, special groups and
// responsible persons (names joined by ", ").
Result<std::vector<uint8_t>> write_customer_sheet(Engine& engine, const std::string& sheet_name,
                                                  const std::vector<Customer>& customers,
                                                  std::vector<std::string> preamble = {}) {
    sqlite3* db = engine.handle();
    std::unordered_map<int64_t, std::string> group_names, special_of, persons_of;
    for (const CustomerGroup& g : engine.list_customer_groups()) group_names.emplace(g.id.value, g.name);
    // Special groups in name order, the order list_special_groups() gives.
    const std::vector<SpecialGroup> specials = engine.list_special_groups();
    std::unordered_map<int64_t, size_t> rank;
    for (size_t i = 0; i < specials.size(); ++i) rank.emplace(specials[i].id.value, i);
    std::unordered_map<int64_t, std::vector<size_t>> specials_of;
    for (const auto& [customer, group] : engine.list_special_group_memberships())
        specials_of[customer.value].push_back(rank.at(group.value));
    for (auto& [customer, ranks] : specials_of) {
        std::sort(ranks.begin(), ranks.end());
        std::string& list = special_of[customer];
        for (size_t r : ranks) list += (list.empty() ? "" : ", ") + specials[r].name;
    }
    {
        Stmt st(db,
                "SELECT r.customer_id, e.name, coalesce(ro.name, '') FROM responsibility r"
                " JOIN employee e ON e.id = r.employee_id LEFT JOIN role ro ON ro.id = r.role_id"
                " WHERE r.customer_id IS NOT NULL AND (r.valid_from IS NULL OR r.valid_from <= ?1)"
                " AND (r.valid_to IS NULL OR r.valid_to >= ?1) ORDER BY e.name COLLATE FI, e.id, ro.name COLLATE FI");
        st.bind(1, engine.today());
        const Engine::VisibleCustomers& visible = engine.visible_customers();
        while (st.row()) {
            if (!visible.contains(st.int64(0))) continue;
            std::string& list = persons_of[st.int64(0)];
            std::string person = st.text(1);
            if (!st.text_view(2).empty()) person += " (" + st.text(2) + ")";
            list += (list.empty() ? "" : ", ") + person;
        }
    }
    const std::string no_group = tr("group.none");

    XlsxSheet sheet;
    sheet.name = sheet_name;
    sheet.preamble = std::move(preamble);
    sheet.columns = {{tr("xlsx.customers.number"), XlsxType::Integer, 0},
                     {tr("xlsx.customers.name"), XlsxType::Text, 0},
                     {tr("xlsx.customers.group"), XlsxType::Text, 0},
                     {tr("xlsx.customers.special_groups"), XlsxType::Text, 0},
                     {tr("xlsx.customers.responsible"), XlsxType::Text, 0}};
    sheet.row_count = customers.size();
    sheet.row = [&](size_t row, std::vector<std::string>& cells) {
        const Customer& c = customers[row];
        cells.resize(5);
        cells[0] = std::to_string(c.number);
        cells[1] = c.name;
        auto g = group_names.find(c.group.value);
        cells[2] = c.group && g != group_names.end() ? g->second : no_group;
        auto s = special_of.find(c.id.value);
        cells[3] = s != special_of.end() ? s->second : std::string();
        auto p = persons_of.find(c.id.value);
        cells[4] = p != persons_of.end() ? p->second : std::string();
    };
    return write_xlsx({sheet});
}

}  // namespace

Result<std::vector<uint8_t>> export_group_customers_xlsx(Engine& engine, CustomerGroupId group, bool include_archived) {
    CustomerFilter filter;
    filter.include_archived = include_archived;
    std::string sheet_name = tr("group.none");
    if (group) {
        Stmt st(engine.handle(), "SELECT name FROM customer_group WHERE id = ?1");
        st.bind(1, group.value);
        if (!st.row())
            return Error{"group.not_found", tr_format("error.group.not_found", {std::to_string(group.value)}), ""};
        sheet_name = st.text(0);
        filter.group = group;
    } else {
        filter.only_no_group = true;
    }
    return write_customer_sheet(engine, sheet_name, engine.list_customers(filter));
}

Result<std::vector<uint8_t>> export_special_group_customers_xlsx(Engine& engine, SpecialGroupId group,
                                                                 bool include_archived) {
    Stmt st(engine.handle(), "SELECT name, legend FROM special_group WHERE id = ?1");
    st.bind(1, group.value);
    if (!st.row())
        return Error{"special_group.not_found",
                     tr_format("error.special_group.not_found", {std::to_string(group.value)}), ""};
    CustomerFilter filter;
    filter.include_archived = include_archived;
    filter.special_group = group;
    // The group's name and legend head the sheet: the legend says what membership means.
    std::vector<std::string> preamble{st.text(0)};
    if (!st.text_view(1).empty()) preamble.push_back(st.text(1));
    return write_customer_sheet(engine, st.text(0), engine.list_customers(filter), std::move(preamble));
}

}  // namespace vastuu
