// The persons-in-charge listing as an in-memory model: one row per responsibility (customer rows, and
// project rows when asked), with the seed's columns, filters, stable Finnish sorting and an xlsx
// export of exactly what is listed. Also the read-only half of the replace tool (preview_replace),
// which the responsibility.replace command (commands_persons.cpp) applies.
//
// Index of this header:
// [SECTION] Dates (whole days, no time zones)
// [SECTION] The listing model
// [SECTION] The replace tool's preview
#pragma once
#include <sqlite3.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/dates.h"  // day_number(), iso_day(): the listing keeps days as integers
#include "core/engine.h"
#include "core/ids.h"
#include "core/result.h"
#include "models/text_pool.h"

namespace vastuu {

// ---------------------------------------------------------------------------------------------
// [SECTION] The listing model
// ---------------------------------------------------------------------------------------------

// The listing's columns, left to right as the seed lists them.
enum class PersonsColumn { Customer, Group, Person, Email, SellerInfo, Interval, Role };
constexpr int kPersonsColumnCount = 7;
// The catalogue key of a column's title ("persons.column.customer", ...): the UI and the export share it.
const char* persons_column_key(PersonsColumn column);

// Zero ids, empty texts and false mean "no restriction".
struct PersonsFilter {
    std::string search;            // customer name or number, or project name or number; accent-insensitive
    EmployeeId employee;           // only this person's responsibilities
    bool include_archived = false; // archived customers (and archived projects) too
    bool show_projects = false;    // project responsibilities too, not only customer ones
    std::string as_of;             // "" or "YYYY-MM-DD": valid that day (an open end counts as valid)
    int ending_within_days = -1;   // -1: off; N: valid_to between today and today + N
    bool already_ended = false;    // valid_to before today; with ending_within_days: either one
    SpecialGroupId special_group;  // customers in this special group
    CustomerGroupId customer_group;  // customers of this group
    bool no_group = false;         // customers without a group
    // Who is looking is not a filter: apply() always restricts the rows to the engine's
    // visible_customers() for its viewer.
};

// Where a responsibility stands against today.
enum class PersonsRowState { Current, Ended, Future };

class PersonsInCharge {
public:
    // Reads customers, projects, groups, employees, roles and every responsibility from the
    // engine's database; the engine's today() is what "ending within" and "already ended" count
    // from. The current filter and sort survive a reload (rows keep their relative order). The
    // model keeps the engine for refresh() and apply(): load it again when the engine is replaced.
    Status load(Engine& engine);

    // Recomputes the listed rows for `filter` from memory (no SQL), keeping the current order,
    // restricted to the customers the engine's viewer may see.
    void apply(const PersonsFilter& filter);
    const PersonsFilter& filter() const { return filter_; }

    // Sorts every row by `column`, stably: rows that tie keep their previous order, so sorting by
    // Person and then by Customer lists each customer's persons by name. Text columns use Finnish
    // order (Å, Ä, Ö after Z; empty first); Interval sorts by start (open first), then end (open last).
    void sort(PersonsColumn column, bool ascending);
    PersonsColumn sort_column() const { return sort_column_; }
    bool sort_ascending() const { return ascending_; }

    // Brings the model up to date after a command (the engine's last_changes()). A full reload
    // that keeps the filter and the order (measured in the skipped "at scale" test).
    Status refresh();

    // [SECTION] The listed rows (after apply and sort)
    size_t row_count() const { return rows_.size(); }
    ResponsibilityId row_id(size_t row) const;
    CustomerId row_customer(size_t row) const;      // the customer card to open (project rows too)
    ProjectId row_project(size_t row) const;        // the project card to open; 0 on customer rows
    int64_t row_customer_number(size_t row) const;
    std::string_view row_customer_name(size_t row) const;
    std::string_view row_project_name(size_t row) const;    // "" on customer rows
    std::string_view row_project_number(size_t row) const;  // "" on customer rows
    CustomerGroupId row_group(size_t row) const;             // 0: no group
    std::string_view row_group_name(size_t row) const;       // "" with no group
    EmployeeId row_employee(size_t row) const;
    std::string_view row_employee_name(size_t row) const;
    std::string_view row_email(size_t row) const;
    std::string_view row_seller_info(size_t row) const;
    std::string_view row_valid_from(size_t row) const;  // "YYYY-MM-DD" or "" (open)
    std::string_view row_valid_to(size_t row) const;    // "YYYY-MM-DD" or "" (open)
    RoleId row_role(size_t row) const;                  // 0: no role
    std::string_view row_role_name(size_t row) const;   // "" without a role
    PersonsRowState row_state(size_t row) const;
    // Listed row of a responsibility, or -1.
    long find_row(ResponsibilityId id) const;

    size_t total_responsibilities() const { return resps_.size(); }

    // An xlsx workbook of exactly the listed rows in their order: customer, [project when projects
    // are shown,] group, person, e-mail, seller information, from and to (real date cells), role.
    Result<std::vector<uint8_t>> export_xlsx() const;

private:
    using Text = TextPool::Ref;  // the customers' and projects' texts are in text_
    struct CustomerRow { int64_t id, number; int32_t group; bool archived; Text name, fold, number_text; };
    struct ProjectRow { int64_t id; uint32_t customer; bool archived; Text number, name, fold; };
    struct GroupRow { int64_t id; std::string name; };
    struct EmployeeRow { int64_t id; std::string name, email, seller_info; };
    struct RoleRow { int64_t id; std::string name; };
    // One responsibility. Days are day_number()s; an open start is INT32_MIN, an open end INT32_MAX.
    struct Resp {
        int64_t id;
        uint32_t customer;
        int32_t project;   // -1: on the customer
        uint32_t employee;
        int32_t role;      // -1: none
        int32_t from_day, to_day;
        std::array<char, 10> from, to;
    };

    uint64_t sort_key(const Resp& r, PersonsColumn column) const;
    void default_order();
    void sort_order(PersonsColumn column, bool ascending);  // order_ only; sort() also relists
    const Resp& at(size_t row) const { return resps_[rows_[row]]; }

    Status load_all();

    Engine* engine_ = nullptr;
    std::string today_;
    int32_t today_day_ = 0;
    PersonsFilter filter_;
    Engine::VisibleCustomers visible_;  // the engine's set for its viewer, as of the last apply()
    PersonsColumn sort_column_ = PersonsColumn::Customer;
    bool ascending_ = true;
    bool sorted_ = false;  // sort() was called: a reload sorts again by sort_column_

    TextPool text_;
    std::vector<CustomerRow> customers_;  // by id
    std::vector<ProjectRow> projects_;    // by id
    std::vector<GroupRow> groups_;        // by id
    std::vector<EmployeeRow> employees_;  // by id
    std::vector<RoleRow> roles_;          // by id
    std::vector<std::vector<int64_t>> special_members_;  // per customer: its special group ids, sorted
    // Finnish ranks: equal text, equal rank (customers and persons are told apart by number or id
    // so that each one's rows stay together).
    std::vector<uint32_t> customer_rank_, project_rank_, group_rank_, role_rank_;
    std::vector<uint32_t> name_rank_, email_rank_, seller_rank_;  // per employee

    std::vector<Resp> resps_;
    std::vector<uint32_t> order_;  // every responsibility, in the current sort order
    std::vector<uint32_t> rows_;   // the listed ones, in that order
};

// ---------------------------------------------------------------------------------------------
// [SECTION] The replace tool's preview
// ---------------------------------------------------------------------------------------------

// "Move the responsibilities of `from` (only in `group`, only with `role`, when given) to `to`
// from `from_date` on."
struct ReplaceRequest {
    EmployeeId from;
    EmployeeId to;
    std::string from_date;  // "YYYY-MM-DD": `from`'s responsibilities end the day before, `to`'s start
    CustomerGroupId group;  // 0: every group (and no group)
    RoleId role;            // 0: every role (and no role)
};

struct ReplacePreview {
    struct CustomerItem { CustomerId id; int64_t number = 0; std::string name; };
    int64_t count = 0;                    // responsibilities that would move
    std::vector<CustomerItem> customers;  // their customers (projects count as their customer), Finnish order
    std::vector<int64_t> responsibility_ids;  // what apply touches, sorted
};

// What responsibility.replace would do, without changing anything: `from`'s customer and project
// responsibilities not ended before from_date (valid_to open or >= from_date) matching the group
// (the customer's) and role. Archived customers count too: a leaving person leaves them all.
// Errors: "replace.same_employee", "responsibility.bad_date", "command.missing_argument" (no date),
// "employee.not_found", "group.not_found", "role.not_found". Nothing to move is count 0, not an error.
Result<ReplacePreview> preview_replace(sqlite3* db, const ReplaceRequest& request);
// The same for the engine's viewer: the customers listed are only those the viewer may see.
Result<ReplacePreview> preview_replace(Engine& engine, const ReplaceRequest& request);

}  // namespace vastuu
