// The row-level visibility rule: which customers an employee may see, and which customer each row of
// each table belongs to. The one owner of the rule: Engine::visible_customers() (every query, view and
// export), the team server's snapshot and its change stream all ask these functions.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/ids.h"

namespace vastuu {

// The customers `viewer` (an employee) may see on `today`, as sorted ids: the customers of the groups
// where they are a salesperson and the customers they are responsible for (on the customer or one of
// its projects, by a responsibility not ended before `today`; a future one counts). A failed
// statement gives the empty set: seeing nothing is the safe side of an error. The administrator
// (no employee) sees everything; callers handle that case without asking.
// With `among`, only those customers are judged (the live stream asks so for the customers a
// change created): the same rule, without reading the viewer's whole set.
std::vector<int64_t> visible_customer_ids(sqlite3* db, EmployeeId viewer, const std::string& today,
                                          const std::vector<int64_t>* among = nullptr);

// How a table's rows are shared between accounts.
enum class RowScope {
    Everyone,  // the firm's lists every account sees: employees, teams, roles, groups, settings
    Customer,  // a row about one customer: visible with that customer
    Server,    // never leaves the server (sync_log)
};
// Every table of the schema has a scope; an unknown table is Server (nothing leaks by default).
// tests/engine/test_sync.cpp checks that every table of the current schema is registered.
RowScope row_scope(const std::string& table);
std::vector<std::string> registered_tables();

// The customer a row image belongs to (a JSON object of all its columns). For Everyone tables 0;
// for a customer-scoped row its customer id, or -1 when it cannot be told (a project responsibility
// whose project is gone: only the administrator sees it). `project_customer` maps a project id to
// its customer id (0 when unknown). A change_log row belongs to the customer of the row it records.
int64_t row_customer(const std::string& table, const nlohmann::json& row,
                     const std::function<int64_t(int64_t)>& project_customer);

// The same rule as SQL, for whole tables (the snapshot): a condition on the table's columns that
// holds for the rows whose customer is in temp.vastuu_visible(id); "1" for Everyone tables, "0" for
// Server tables. Maintenance: row_customer() and this must agree; the property test in
// tests/engine/test_sync.cpp compares them on random data.
std::string visible_row_condition(const std::string& table);

// A change_log row's customer as an SQL expression over change_log's columns: NULL for entries about
// no customer, -1 for a project responsibility whose project is gone.
extern const char* const kChangeEntryCustomerSql;

}  // namespace vastuu
