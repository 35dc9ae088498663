// The longest text each field takes, in code points: the commands and the importers check the same
// limits (the schema's CHECK constraints repeat them as the last line of defence).
#pragma once
#include <cstddef>
#include <cstdint>

namespace vastuu::limits {

constexpr size_t kName = 200;            // customer, employee, project, team, customer group, special group
constexpr size_t kEmail = 254;
constexpr size_t kSellerInfo = 500;
constexpr size_t kProjectNumber = 50;
constexpr size_t kRoleName = 100;
constexpr size_t kRoleCode = 8;
constexpr size_t kAccount = 50;          // ledger account and cost centre
constexpr size_t kLegend = 1000;

// Customer numbers (and the start of a group's numbering) run from 1 to fifteen nines: Excel keeps
// 15 significant digits, so a longer number would come back from the xlsx export rounded.
constexpr int64_t kMaxCustomerNumber = 999'999'999'999'999;

}  // namespace vastuu::limits
