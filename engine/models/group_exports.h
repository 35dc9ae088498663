// The "Customers" exports of the group views: one customer group's (or one special group's)
// customers as an xlsx workbook with number, name, group, special groups and responsible persons.
// Visibility applies: a viewer's export holds only the customers that viewer may see.
#pragma once
#include <cstdint>
#include <vector>

#include "core/engine.h"
#include "core/result.h"

namespace vastuu {

// The customers of `group` (0: the customers with No group), by name. Responsible persons are the
// customer's own responsibilities in force today, "Name (Role)". Archived customers only when asked.
// Errors: "group.not_found", "xlsx.write_failed".
Result<std::vector<uint8_t>> export_group_customers_xlsx(Engine& engine, CustomerGroupId group,
                                                         bool include_archived = false);

// The members of a special group, in the same columns. Errors: "special_group.not_found",
// "xlsx.write_failed".
Result<std::vector<uint8_t>> export_special_group_customers_xlsx(Engine& engine, SpecialGroupId group,
                                                                 bool include_archived = false);

}  // namespace vastuu
