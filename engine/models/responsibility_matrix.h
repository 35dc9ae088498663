// The responsibilities matrix as an in-memory model: rows are customers (or projects), columns are
// employees, a cell is what the employee is responsible for on that row. It loads the database once,
// then filters, counts and answers cell look-ups without SQL, so that a 50,000 × 1,000 grid draws
// only its visible cells and a filter change or a toggle costs milliseconds. Changes still go through
// Engine::execute(); the model patches itself from the rows each command changed.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/id_index.h"
#include "models/text_pool.h"
#include "core/engine.h"
#include "core/ids.h"
#include "core/result.h"

namespace vastuu {

class Stmt;


// Zero ids and empty texts mean "no restriction".
struct MatrixFilter {
    bool projects = false;            // rows are projects instead of customers
    CustomerGroupId group;            // customers of this group
    bool no_group = false;            // customers with no group ("No group")
    SpecialGroupId special_group;     // customers in this special group
    TeamId team;                      // columns: only this team's employees
    EmployeeId employee;              // rows where this employee is responsible
    EmployeeId salesperson;           // customers whose group lists this salesperson
    RoleId role;                      // rows with a responsibility in this role
    std::string search;               // customer (or project) name or number; accent-insensitive
    bool include_archived = false;    // archived customers, projects and employees too
    bool uncovered_only = false;      // rows with no active responsible person
    // Who is looking is not a filter: apply() always restricts the rows to the engine's
    // visible_customers() for its viewer.
};

// What a cell shows. Bits, so that a cell with roles may also be partly outside its interval.
enum CellFlags : uint8_t {
    kCellNone = 0,
    kCellActive = 1,     // responsible today (no dates, or today within them)
    kCellRole = 2,       // at least one active responsibility has a role
    kCellExpired = 4,    // a responsibility that has ended (valid_to < today)
    kCellFuture = 8,     // a responsibility that has not started (valid_from > today)
};

struct MatrixCell {
    uint8_t flags = kCellNone;
    std::string role_codes;  // active roles' codes joined by " ", e.g. "VK PL"
};

// Everything a cell's tooltip tells: its responsibilities and who changed them last.
struct MatrixCellDetail {
    struct Item {
        int64_t id = 0;
        std::string role;        // role name, "" without a role
        std::string valid_from;  // "" open
        std::string valid_to;    // "" open
        uint8_t flags = kCellNone;
    };
    std::vector<Item> items;
    std::string changed_by;  // "" when the change log has nothing (e.g. demo data)
    std::string changed_at;  // UTC "YYYY-MM-DDTHH:MM:SSZ"
};

class ResponsibilityMatrix {
public:
    // Reads everything the matrix needs from the engine's database; the engine's today() decides
    // active and expired. The model keeps the engine for refresh(), apply() and detail(): load it
    // again when the engine is replaced.
    Status load(Engine& engine);

    // Recomputes rows, columns and counts for `filter` from memory (no SQL), restricted to the
    // customers the engine's viewer may see (Engine::visible_customers(), cached by the engine).
    void apply(const MatrixFilter& filter);
    const MatrixFilter& filter() const { return filter_; }

    // Brings the model up to date after a command: cheap for responsibility rows, a reload of the
    // changed entity otherwise, from the engine's last_changes().
    Status refresh();

    // [SECTION] The visible grid (after apply)
    size_t row_count() const { return rows_.size(); }
    size_t column_count() const { return cols_.size(); }
    CustomerId row_customer(size_t row) const;   // the customer (for a project row: its customer)
    ProjectId row_project(size_t row) const;     // 0 for customer rows
    int64_t row_number(size_t row) const;        // customer number
    std::string_view row_label(size_t row) const;         // customer name, or project name
    std::string_view row_customer_name(size_t row) const; // the customer's name (project rows too)
    std::string_view row_project_number(size_t row) const;
    EmployeeId column_employee(size_t col) const;
    std::string_view column_label(size_t col) const;
    int64_t row_responsible_count(size_t row) const { return row_counts_[row]; }
    int64_t column_responsibility_count(size_t col) const { return col_counts_[col]; }
    // Visible row/column index of an id, or -1.
    long find_row(CustomerId customer, ProjectId project) const;
    long find_column(EmployeeId employee) const;

    MatrixCell cell(size_t row, size_t col) const;
    uint8_t cell_flags(size_t row, size_t col) const;
    // The cell's responsibilities (ended ones too) and its latest change-log entry.
    MatrixCellDetail detail(size_t row, size_t col) const;
    // The responsibility ids of a cell that are current or future (what a click would remove).
    std::vector<int64_t> cell_responsibilities(size_t row, size_t col) const;

    // An xlsx workbook of exactly the visible grid: sheet 1 one row per row and one column per
    // employee, a cell holding ✓ or the role codes; sheet 2 the same in long form (customer number,
    // customer, [project,] employee, role, from, to), current and ended rows alike.
    Result<std::vector<uint8_t>> export_xlsx() const;

    // Totals over the whole database (not just the visible grid).
    size_t total_customers() const { return customers_.size(); }
    size_t total_projects() const { return projects_.size(); }
    size_t total_employees() const { return employees_.size(); }
    size_t total_responsibilities() const;

private:
    using Text = TextPool::Ref;  // the rows' texts are in text_
    struct CustomerRow { int64_t id, number, group; bool archived; Text name, fold; };
    struct ProjectRow { int64_t id; uint32_t customer; bool archived; Text number, name, fold; };
    struct EmployeeRow { int64_t id, team; bool archived; std::string name; };
    struct RoleRow { int64_t id; std::string code, name; };
    // role -1: none. Days as day numbers (core/dates.h): an open start is INT32_MIN, an open end
    // INT32_MAX, so a flag is two integer comparisons and a row is 24 bytes with nothing to free.
    struct Resp { int64_t id; uint32_t employee; int32_t role; int32_t from, to; };
    // Every target's responsibilities, sorted by employee index then id, in one array: a target
    // owns a run of it with room to grow (a run that is full moves to the end, twice as long), so a
    // load fills one array instead of allocating 150,000 lists.
    class TargetLists {
    public:
        struct Run {  // valid until the next insert
            const Resp* first;
            const Resp* last;
            const Resp* begin() const { return first; }
            const Resp* end() const { return last; }
        };
        // `counts[t]` rows for each target t, then place() each row once (any order), then finish().
        void reset(const std::vector<uint32_t>& counts);
        void place(uint32_t target, const Resp& r);
        void finish();  // sorts every run
        size_t target_count() const { return runs_.size(); }
        Run operator[](uint32_t target) const {
            const Slot& s = runs_[target];
            return {pool_.data() + s.at, pool_.data() + s.at + s.size};
        }
        void insert(uint32_t target, const Resp& r);  // at its place in the order
        void erase(uint32_t target, int64_t id);
    private:
        struct Slot { uint32_t at = 0, size = 0, capacity = 0; };
        std::vector<Resp> pool_;
        std::vector<Slot> runs_;
    };

    // A target is a customer (index < customers_.size()) or a project (customers_.size() + index).
    uint32_t target_of_row(size_t row) const;
    uint8_t flags_of(const Resp& r) const;
    bool row_passes(uint32_t target) const;
    bool target_has_active(uint32_t target, int32_t employee, int32_t role) const;
    void count_row(uint32_t target, int64_t sign);  // adds (sign 1) or removes (-1) a row's counts
    Status load_entities(sqlite3* db);
    Status load_responsibilities(sqlite3* db);
    bool read_responsibility(Stmt& st, int64_t id, uint32_t& target, Resp& out) const;
    void forget_responsibility(int64_t id);

    Status load_all();

    Engine* engine_ = nullptr;
    int32_t today_ = 0;  // the engine's today() as a day number
    MatrixFilter filter_;
    Engine::VisibleCustomers visible_;  // the engine's set for its viewer, as of the last apply()
    std::vector<CustomerRow> customers_;   // sorted by name (Finnish), then number
    std::vector<ProjectRow> projects_;     // sorted by customer order, then project number
    std::vector<EmployeeRow> employees_;   // sorted by name (Finnish)
    std::vector<RoleRow> roles_;
    TextPool text_;                        // the texts of customers_ and projects_
    std::string_view text(Text t) const { return text_[t]; }
    TargetLists by_target_;                // per target, sorted by employee index
    std::vector<std::vector<uint32_t>> special_members_;  // per customer: special group ids (sorted)
    std::vector<std::pair<int64_t, int64_t>> salespersons_;  // (group id, employee id), sorted
    IdIndex customer_index_;  // id -> index in customers_
    IdIndex project_index_;
    IdIndex employee_index_;
    IdIndex role_index_;
    IdIndex resp_target_;     // responsibility id -> target

    std::vector<uint32_t> rows_;   // visible targets
    std::vector<uint32_t> cols_;   // visible employee indexes
    std::vector<int32_t> col_of_employee_;  // employee index -> visible column or -1
    std::vector<int32_t> row_of_target_;    // target -> visible row or -1
    std::vector<int64_t> row_counts_;
    std::vector<int64_t> col_counts_;
};

}  // namespace vastuu
