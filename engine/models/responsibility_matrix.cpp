// The in-memory responsibilities matrix. Everything is held in vectors indexed by position in a
// sorted order (customers and employees by Finnish collation), so a filter change is one pass over
// the rows and a cell look-up is a binary search in the row's few responsibilities.
//
// Index:
// [SECTION] Loading
// [SECTION] Filtering and counting
// [SECTION] Cells and rows
// [SECTION] Incremental refresh
#include "models/responsibility_matrix.h"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cstdlib>

#include "core/dates.h"
#include "core/engine.h"
#include "core/i18n.h"
#include "core/sql.h"
#include "core/text.h"
#include "io/xlsx_export.h"

namespace vastuu {
namespace {

// True when the customer number's decimal digits begin with `prefix` (the search typed): written
// into a buffer on the stack, as std::to_string's allocation per row per keystroke was most of a
// search's cost.
bool number_starts_with(int64_t number, std::string_view prefix) {
    char digits[24];
    const auto written = std::to_chars(digits, digits + sizeof digits, number);
    return std::string_view(digits, static_cast<size_t>(written.ptr - digits)).compare(0, prefix.size(), prefix) == 0;
}

// Project numbers are text but usually digits: "2" before "10".
bool project_number_less(std::string_view a, std::string_view b) {
    bool da = !a.empty() && std::all_of(a.begin(), a.end(), ::isdigit);
    bool db = !b.empty() && std::all_of(b.begin(), b.end(), ::isdigit);
    if (da && db && a.size() != b.size()) return a.size() < b.size();
    return a < b;
}

// A responsibility's interval as day numbers: an open start is INT32_MIN, an open end INT32_MAX
// (check_database() has refused files with dates that are not days, so only "" is open).
int32_t start_day(std::string_view iso) { return iso.empty() ? INT32_MIN : day_number(iso).value_or(INT32_MIN); }
int32_t end_day(std::string_view iso) { return iso.empty() ? INT32_MAX : day_number(iso).value_or(INT32_MAX); }
std::string day_text(int32_t day) { return day == INT32_MIN || day == INT32_MAX ? std::string() : iso_day(day); }

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Loading
// ---------------------------------------------------------------------------------------------

namespace {
// The order of a target's run: by employee index, then id.
template <class R>
bool run_order(const R& a, const R& b) {
    return a.employee != b.employee ? a.employee < b.employee : a.id < b.id;
}
}  // namespace

void ResponsibilityMatrix::TargetLists::reset(const std::vector<uint32_t>& counts) {
    runs_.assign(counts.size(), Slot{});
    uint32_t at = 0;
    for (size_t t = 0; t < counts.size(); ++t) {
        runs_[t] = {at, 0, counts[t]};
        at += counts[t];
    }
    pool_.assign(at, Resp{});
}

void ResponsibilityMatrix::TargetLists::place(uint32_t target, const Resp& r) {
    Slot& s = runs_[target];
    if (s.size == s.capacity) return;  // more rows than counted: reset() was told otherwise
    pool_[s.at + s.size++] = r;
}

void ResponsibilityMatrix::TargetLists::finish() {
    for (const Slot& s : runs_)
        if (s.size > 1) std::sort(pool_.begin() + s.at, pool_.begin() + s.at + s.size, run_order<Resp>);
}

void ResponsibilityMatrix::TargetLists::insert(uint32_t target, const Resp& r) {
    Slot& s = runs_[target];
    if (s.size == s.capacity) {
        // Full: the run moves to the end of the pool with twice the room (its old place stays
        // unused until the next load).
        const uint32_t capacity = std::max<uint32_t>(4, s.capacity * 2);
        const uint32_t at = static_cast<uint32_t>(pool_.size());
        pool_.resize(pool_.size() + capacity);
        std::copy(pool_.begin() + s.at, pool_.begin() + s.at + s.size, pool_.begin() + at);
        s.at = at;
        s.capacity = capacity;
    }
    auto first = pool_.begin() + s.at, last = first + s.size;
    auto pos = std::upper_bound(first, last, r, run_order<Resp>);
    std::copy_backward(pos, last, last + 1);
    *pos = r;
    ++s.size;
}

void ResponsibilityMatrix::TargetLists::erase(uint32_t target, int64_t id) {
    Slot& s = runs_[target];
    auto first = pool_.begin() + s.at, last = first + s.size;
    auto kept = std::remove_if(first, last, [id](const Resp& r) { return r.id == id; });
    s.size = static_cast<uint32_t>(kept - first);
}

Status ResponsibilityMatrix::load(Engine& engine) {
    engine_ = &engine;
    return load_all();
}

Status ResponsibilityMatrix::load_all() {
    sqlite3* db = engine_->handle();
    today_ = day_number(engine_->today()).value_or(0);
    VASTUU_TRY(load_entities(db));
    VASTUU_TRY(load_responsibilities(db));
    apply(filter_);
    return {};
}

Status ResponsibilityMatrix::load_entities(sqlite3* db) {
    text_.clear();
    customers_.clear();
    projects_.clear();
    employees_.clear();
    roles_.clear();
    customer_index_.clear();
    project_index_.clear();
    employee_index_.clear();
    role_index_.clear();

    // Sorted here by Finnish ranks, not by ORDER BY ... COLLATE FI: at 50,000 customers the
    // collation's million comparisons were a quarter of the load.
    Stmt c(db, "SELECT id, number, name, ifnull(group_id, 0), archived FROM customer");
    if (!c.ok()) return sqlite_failure(db, "loading customers");
    customers_.reserve(static_cast<size_t>(table_row_count(db, "customer")));
    while (c.row()) {
        const std::string_view name = c.text_view(2);
        CustomerRow row{c.int64(0), c.int64(1), c.int64(3), c.int64(4) != 0, text_.add(name), {}};
        row.fold = text_.add(fold_for_search(name));
        customers_.push_back(row);
    }
    {
        std::vector<std::string_view> names(customers_.size());
        for (size_t i = 0; i < customers_.size(); ++i) names[i] = text(customers_[i].name);
        const std::vector<uint32_t> rank = finnish_ranks(names);
        std::vector<uint32_t> order(customers_.size());
        for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
        std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
            return rank[a] != rank[b] ? rank[a] < rank[b] : customers_[a].number < customers_[b].number;
        });
        std::vector<CustomerRow> sorted;
        sorted.reserve(customers_.size());
        for (uint32_t i : order) sorted.push_back(customers_[i]);
        customers_ = std::move(sorted);
    }
    for (uint32_t i = 0; i < customers_.size(); ++i) customer_index_.set(customers_[i].id, i);

    Stmt p(db, "SELECT id, customer_id, number, name, archived FROM project");
    if (!p.ok()) return sqlite_failure(db, "loading projects");
    std::vector<ProjectRow> scanned;
    scanned.reserve(static_cast<size_t>(table_row_count(db, "project")));
    std::vector<uint32_t> first(customers_.size() + 1, 0);  // per customer: where its projects start
    while (p.row()) {
        const uint32_t* customer = customer_index_.find(p.int64(1));
        if (!customer) continue;
        const std::string_view name = p.text_view(3);
        ProjectRow row{p.int64(0), *customer, p.int64(4) != 0, text_.add(p.text_view(2)), text_.add(name), {}};
        row.fold = text_.add(fold_for_search(name));
        ++first[*customer + 1];
        scanned.push_back(row);
    }
    // By customer (in the customers' order) and then by number: a counting sort by customer places
    // each row once, and only each customer's few projects are compared. Sorting the 100,000 rows
    // of the scale dataset as a whole moved every row some seventeen times (half of this load).
    for (size_t c = 1; c < first.size(); ++c) first[c] += first[c - 1];
    projects_.resize(scanned.size());
    {
        std::vector<uint32_t> next(first.begin(), first.end() - 1);
        for (const ProjectRow& row : scanned) projects_[next[row.customer]++] = row;
    }
    for (size_t c = 0; c + 1 < first.size(); ++c)
        if (first[c + 1] - first[c] > 1)
            std::sort(projects_.begin() + first[c], projects_.begin() + first[c + 1],
                      [this](const ProjectRow& a, const ProjectRow& b) {
                          return project_number_less(text(a.number), text(b.number));
                      });
    for (uint32_t i = 0; i < projects_.size(); ++i) project_index_.set(projects_[i].id, i);

    Stmt e(db, "SELECT id, ifnull(team_id, 0), archived, name FROM employee ORDER BY name COLLATE FI, id");
    if (!e.ok()) return sqlite_failure(db, "loading employees");
    while (e.row()) {
        employee_index_.set(e.int64(0), static_cast<uint32_t>(employees_.size()));
        employees_.push_back({e.int64(0), e.int64(1), e.int64(2) != 0, e.text(3)});
    }

    Stmt r(db, "SELECT id, code, name FROM role ORDER BY id");
    if (!r.ok()) return sqlite_failure(db, "loading roles");
    while (r.row()) {
        std::string code = r.text(1);
        if (code.empty()) code = r.text(2).substr(0, 2);
        role_index_.set(r.int64(0), static_cast<uint32_t>(roles_.size()));
        roles_.push_back({r.int64(0), std::move(code), r.text(2)});
    }

    special_members_.assign(customers_.size(), {});
    Stmt s(db, "SELECT customer_id, special_group_id FROM special_group_member");
    if (!s.ok()) return sqlite_failure(db, "loading special groups");
    while (s.row()) {
        if (const uint32_t* customer = customer_index_.find(s.int64(0)))
            special_members_[*customer].push_back(static_cast<uint32_t>(s.int64(1)));
    }
    for (auto& groups : special_members_) std::sort(groups.begin(), groups.end());

    salespersons_.clear();
    Stmt g(db, "SELECT group_id, employee_id FROM customer_group_salesperson ORDER BY 1, 2");
    if (!g.ok()) return sqlite_failure(db, "loading salespersons");
    while (g.row()) salespersons_.emplace_back(g.int64(0), g.int64(1));
    return {};
}

Status ResponsibilityMatrix::load_responsibilities(sqlite3* db) {
    const size_t targets = customers_.size() + projects_.size();
    resp_target_.clear();
    Stmt st(db,
            "SELECT id, ifnull(customer_id, 0), ifnull(project_id, 0), employee_id, ifnull(role_id, 0), "
            "ifnull(valid_from, ''), ifnull(valid_to, '') FROM responsibility");
    if (!st.ok()) return sqlite_failure(db, "loading responsibilities");
    // Read into one array first and counted per target, so that each target's run is placed once
    // at its size (growing 150,000 lists one row at a time was a third of this load).
    struct Read { uint32_t target; Resp resp; };
    std::vector<Read> read;
    read.reserve(static_cast<size_t>(table_row_count(db, "responsibility")));
    std::vector<uint32_t> count(targets, 0);
    while (st.row()) {
        uint32_t target;
        if (st.int64(1)) {
            const uint32_t* customer = customer_index_.find(st.int64(1));
            if (!customer) continue;
            target = *customer;
        } else {
            const uint32_t* project = project_index_.find(st.int64(2));
            if (!project) continue;
            target = static_cast<uint32_t>(customers_.size()) + *project;
        }
        const uint32_t* employee = employee_index_.find(st.int64(3));
        if (!employee) continue;
        const uint32_t* role = role_index_.find(st.int64(4));
        read.push_back({target, {st.int64(0), *employee, role ? static_cast<int32_t>(*role) : -1,
                                 start_day(st.text_view(5)), end_day(st.text_view(6))}});
        ++count[target];
    }
    by_target_.reset(count);
    for (const Read& r : read) {
        by_target_.place(r.target, r.resp);
        resp_target_.set(r.resp.id, r.target);
    }
    by_target_.finish();
    return {};
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Filtering and counting
// ---------------------------------------------------------------------------------------------

uint8_t ResponsibilityMatrix::flags_of(const Resp& r) const {
    if (r.to < today_) return kCellExpired;
    if (r.from > today_) return kCellFuture;
    return r.role >= 0 ? (kCellActive | kCellRole) : kCellActive;
}

// True when the target has an active responsibility of `employee` (any employee when -1) in
// `role` (any role when -1).
bool ResponsibilityMatrix::target_has_active(uint32_t target, int32_t employee, int32_t role) const {
    for (const Resp& r : by_target_[target]) {
        if (employee >= 0 && static_cast<int32_t>(r.employee) != employee) continue;
        if (role >= 0 && r.role != role) continue;
        if (flags_of(r) & kCellActive) return true;
    }
    return false;
}

bool ResponsibilityMatrix::row_passes(uint32_t target) const {
    const MatrixFilter& f = filter_;
    const bool is_project = target >= customers_.size();
    const ProjectRow* project = is_project ? &projects_[target - customers_.size()] : nullptr;
    const uint32_t ci = is_project ? project->customer : target;
    const CustomerRow& customer = customers_[ci];

    if (!f.include_archived && (customer.archived || (project && project->archived))) return false;
    if (!visible_.contains(customer.id))
        return false;
    if (f.no_group && customer.group != 0) return false;
    if (f.group && customer.group != f.group.value) return false;
    if (f.special_group) {
        const auto& groups = special_members_[ci];
        if (!std::binary_search(groups.begin(), groups.end(), static_cast<uint32_t>(f.special_group.value)))
            return false;
    }
    if (f.salesperson) {
        auto key = std::make_pair(customer.group, f.salesperson.value);
        if (customer.group == 0 || !std::binary_search(salespersons_.begin(), salespersons_.end(), key)) return false;
    }
    if (!f.search.empty()) {
        // The search text is folded once in apply(); here it is already folded.
        const std::string& needle = f.search;
        bool hit = text(customer.fold).find(needle) != std::string::npos ||
                   number_starts_with(customer.number, needle);
        if (!hit && project)
            hit = text(project->fold).find(needle) != std::string::npos ||
                  text(project->number).substr(0, needle.size()) == needle;
        if (!hit) return false;
    }
    if (f.employee) {
        const uint32_t* employee = employee_index_.find(f.employee.value);
        if (!employee || !target_has_active(target, static_cast<int32_t>(*employee), -1)) return false;
    }
    if (f.role) {
        const uint32_t* role = role_index_.find(f.role.value);
        if (!role || !target_has_active(target, -1, static_cast<int32_t>(*role))) return false;
    }
    if (f.uncovered_only && target_has_active(target, -1, -1)) return false;
    return true;
}

void ResponsibilityMatrix::count_row(uint32_t target, int64_t sign) {
    int32_t row = row_of_target_[target];
    if (row < 0) return;
    int64_t persons = 0;
    uint32_t last = UINT32_MAX;
    for (const Resp& r : by_target_[target]) {
        if (r.employee == last || !(flags_of(r) & kCellActive)) continue;
        int32_t col = col_of_employee_[r.employee];
        if (col < 0) continue;
        last = r.employee;
        ++persons;
        col_counts_[static_cast<size_t>(col)] += sign;
    }
    row_counts_[static_cast<size_t>(row)] += sign * persons;
}

void ResponsibilityMatrix::apply(const MatrixFilter& filter) {
    if (engine_) visible_ = engine_->visible_customers();  // cached by the engine; ids only for an employee
    filter_ = filter;
    filter_.search = fold_for_search(trim(filter.search));

    cols_.clear();
    col_of_employee_.assign(employees_.size(), -1);
    for (uint32_t i = 0; i < employees_.size(); ++i) {
        const EmployeeRow& e = employees_[i];
        if (e.archived && !filter_.include_archived) continue;
        if (filter_.team && e.team != filter_.team.value) continue;
        col_of_employee_[i] = static_cast<int32_t>(cols_.size());
        cols_.push_back(i);
    }

    rows_.clear();
    row_of_target_.assign(by_target_.target_count(), -1);
    const uint32_t first = filter_.projects ? static_cast<uint32_t>(customers_.size()) : 0;
    const uint32_t end = static_cast<uint32_t>(filter_.projects ? by_target_.target_count() : customers_.size());
    for (uint32_t t = first; t < end; ++t) {
        if (!row_passes(t)) continue;
        row_of_target_[t] = static_cast<int32_t>(rows_.size());
        rows_.push_back(t);
    }

    row_counts_.assign(rows_.size(), 0);
    col_counts_.assign(cols_.size(), 0);
    for (uint32_t t : rows_) count_row(t, 1);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Cells and rows
// ---------------------------------------------------------------------------------------------

uint32_t ResponsibilityMatrix::target_of_row(size_t row) const { return rows_[row]; }

CustomerId ResponsibilityMatrix::row_customer(size_t row) const {
    uint32_t t = rows_[row];
    uint32_t ci = t >= customers_.size() ? projects_[t - customers_.size()].customer : t;
    return CustomerId(customers_[ci].id);
}

ProjectId ResponsibilityMatrix::row_project(size_t row) const {
    uint32_t t = rows_[row];
    return t >= customers_.size() ? ProjectId(projects_[t - customers_.size()].id) : ProjectId();
}

int64_t ResponsibilityMatrix::row_number(size_t row) const {
    uint32_t t = rows_[row];
    uint32_t ci = t >= customers_.size() ? projects_[t - customers_.size()].customer : t;
    return customers_[ci].number;
}

std::string_view ResponsibilityMatrix::row_label(size_t row) const {
    uint32_t t = rows_[row];
    return text(t >= customers_.size() ? projects_[t - customers_.size()].name : customers_[t].name);
}

std::string_view ResponsibilityMatrix::row_customer_name(size_t row) const {
    uint32_t t = rows_[row];
    uint32_t ci = t >= customers_.size() ? projects_[t - customers_.size()].customer : t;
    return text(customers_[ci].name);
}

std::string_view ResponsibilityMatrix::row_project_number(size_t row) const {
    uint32_t t = rows_[row];
    return t >= customers_.size() ? text(projects_[t - customers_.size()].number) : std::string_view();
}

EmployeeId ResponsibilityMatrix::column_employee(size_t col) const { return EmployeeId(employees_[cols_[col]].id); }
std::string_view ResponsibilityMatrix::column_label(size_t col) const { return employees_[cols_[col]].name; }

long ResponsibilityMatrix::find_row(CustomerId customer, ProjectId project) const {
    if (project) {
        const uint32_t* index = project_index_.find(project.value);
        return index ? row_of_target_[customers_.size() + *index] : -1;
    }
    const uint32_t* index = customer_index_.find(customer.value);
    return index ? row_of_target_[*index] : -1;
}

long ResponsibilityMatrix::find_column(EmployeeId employee) const {
    const uint32_t* index = employee_index_.find(employee.value);
    return index ? col_of_employee_[*index] : -1;
}

uint8_t ResponsibilityMatrix::cell_flags(size_t row, size_t col) const {
    const TargetLists::Run list = by_target_[rows_[row]];
    const uint32_t e = cols_[col];
    auto it = std::lower_bound(list.begin(), list.end(), e, [](const Resp& r, uint32_t emp) { return r.employee < emp; });
    uint8_t flags = kCellNone;
    for (; it != list.end() && it->employee == e; ++it) flags |= flags_of(*it);
    return flags;
}

MatrixCell ResponsibilityMatrix::cell(size_t row, size_t col) const {
    const TargetLists::Run list = by_target_[rows_[row]];
    const uint32_t e = cols_[col];
    auto it = std::lower_bound(list.begin(), list.end(), e, [](const Resp& r, uint32_t emp) { return r.employee < emp; });
    MatrixCell cell;
    for (; it != list.end() && it->employee == e; ++it) {
        uint8_t f = flags_of(*it);
        cell.flags |= f;
        if ((f & kCellRole) && it->role >= 0) {
            if (!cell.role_codes.empty()) cell.role_codes += ' ';
            cell.role_codes += roles_[static_cast<size_t>(it->role)].code;
        }
    }
    return cell;
}

size_t ResponsibilityMatrix::total_responsibilities() const { return resp_target_.size(); }

std::vector<int64_t> ResponsibilityMatrix::cell_responsibilities(size_t row, size_t col) const {
    const TargetLists::Run list = by_target_[rows_[row]];
    const uint32_t e = cols_[col];
    std::vector<int64_t> ids;
    auto it = std::lower_bound(list.begin(), list.end(), e, [](const Resp& r, uint32_t emp) { return r.employee < emp; });
    for (; it != list.end() && it->employee == e; ++it)
        if (!(flags_of(*it) & kCellExpired)) ids.push_back(it->id);
    return ids;
}

MatrixCellDetail ResponsibilityMatrix::detail(size_t row, size_t col) const {
    sqlite3* db = engine_->handle();
    MatrixCellDetail d;
    const TargetLists::Run list = by_target_[rows_[row]];
    const uint32_t e = cols_[col];
    auto it = std::lower_bound(list.begin(), list.end(), e, [](const Resp& r, uint32_t emp) { return r.employee < emp; });
    std::string ids;
    for (; it != list.end() && it->employee == e; ++it) {
        d.items.push_back({it->id, it->role >= 0 ? roles_[static_cast<size_t>(it->role)].name : std::string(),
                           day_text(it->from), day_text(it->to), flags_of(*it)});
        if (!ids.empty()) ids += ',';
        ids += std::to_string(it->id);
    }
    // The latest entry about this cell: one of its rows, or (for an emptied cell) a deleted row of
    // the same employee and target, found through the JSON kept in the change log.
    const ProjectId project = row_project(row);
    const std::string target = project ? "project_id" : "customer_id";
    const int64_t target_id = project ? project.value : row_customer(row).value;
    Stmt st(db,
            "SELECT who, at FROM change_log WHERE entity = 'responsibility' AND (entity_id IN (" +
                (ids.empty() ? std::string("0") : ids) +
                ") OR (json_extract(before, '$.employee_id') = ?1 AND json_extract(before, '$." + target +
                "') = ?2)) ORDER BY id DESC LIMIT 1");
    st.bind(1, employees_[e].id).bind(2, target_id);
    if (st.row()) {
        d.changed_by = st.text(0);
        d.changed_at = st.text(1);
    }
    return d;
}

Result<std::vector<uint8_t>> ResponsibilityMatrix::export_xlsx() const {
    const bool projects = filter_.projects;
    XlsxSheet grid;
    grid.name = tr("xlsx.matrix.sheet");
    grid.columns.push_back({tr("xlsx.matrix.number"), XlsxType::Integer, 10});
    grid.columns.push_back({tr("xlsx.matrix.customer"), XlsxType::Text, 0});
    if (projects) grid.columns.push_back({tr("xlsx.matrix.project"), XlsxType::Text, 0});
    for (size_t c = 0; c < cols_.size(); ++c) grid.columns.push_back({employees_[cols_[c]].name, XlsxType::Text, 6});
    grid.row_count = rows_.size();
    grid.row = [this, projects](size_t r, std::vector<std::string>& cells) {
        size_t i = 0;
        cells[i++] = std::to_string(row_number(r));
        cells[i++] = std::string(row_customer_name(r));
        if (projects) cells[i++] = std::string(row_label(r));
        for (size_t c = 0; c < cols_.size(); ++c) {
            MatrixCell cell = this->cell(r, c);
            if (!(cell.flags & kCellActive)) cells[i++].clear();
            else cells[i++] = cell.role_codes.empty() ? "\xE2\x9C\x93"  /* ✓ */ : cell.role_codes;
        }
    };

    // The long form: every responsibility of a visible row with a visible employee.
    struct Line { size_t row; const Resp* resp; };
    std::vector<Line> lines;
    for (size_t r = 0; r < rows_.size(); ++r)
        for (const Resp& resp : by_target_[rows_[r]])
            if (col_of_employee_[resp.employee] >= 0) lines.push_back({r, &resp});
    XlsxSheet longform;
    longform.name = tr("xlsx.matrix.long_sheet");
    longform.columns = {{tr("xlsx.matrix.number"), XlsxType::Integer, 10}, {tr("xlsx.matrix.customer"), XlsxType::Text, 0}};
    if (projects) longform.columns.push_back({tr("xlsx.matrix.project"), XlsxType::Text, 0});
    for (const char* key : {"xlsx.matrix.employee", "xlsx.matrix.role"}) longform.columns.push_back({tr(key), XlsxType::Text, 0});
    for (const char* key : {"xlsx.matrix.from", "xlsx.matrix.to"}) longform.columns.push_back({tr(key), XlsxType::Date, 12});
    longform.row_count = lines.size();
    longform.row = [this, projects, &lines](size_t i, std::vector<std::string>& cells) {
        const Line& line = lines[i];
        size_t k = 0;
        cells[k++] = std::to_string(row_number(line.row));
        cells[k++] = std::string(row_customer_name(line.row));
        if (projects) cells[k++] = std::string(row_label(line.row));
        cells[k++] = employees_[line.resp->employee].name;
        cells[k++] = line.resp->role >= 0 ? roles_[static_cast<size_t>(line.resp->role)].name : std::string();
        cells[k++] = day_text(line.resp->from);
        cells[k++] = day_text(line.resp->to);
    };
    return write_xlsx({grid, longform});
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Incremental refresh
// ---------------------------------------------------------------------------------------------

void ResponsibilityMatrix::forget_responsibility(int64_t id) {
    const uint32_t* target = resp_target_.find(id);
    if (!target) return;
    by_target_.erase(*target, id);
    resp_target_.erase(id);
}

// Where a responsibility row now is, read from the database: its target and the row itself.
// False when the row is gone or no longer belongs to the grid (a deleted customer, say).
bool ResponsibilityMatrix::read_responsibility(Stmt& st, int64_t id, uint32_t& target, Resp& out) const {
    st.reset();
    st.bind(1, id);
    if (!st.row()) return false;  // deleted
    if (st.int64(0)) {
        const uint32_t* customer = customer_index_.find(st.int64(0));
        if (!customer) return false;
        target = *customer;
    } else {
        const uint32_t* project = project_index_.find(st.int64(1));
        if (!project) return false;
        target = static_cast<uint32_t>(customers_.size()) + *project;
    }
    const uint32_t* employee = employee_index_.find(st.int64(2));
    if (!employee) return false;
    const uint32_t* role = role_index_.find(st.int64(3));
    out = Resp{id, *employee, role ? static_cast<int32_t>(*role) : -1, start_day(st.text_view(4)),
               end_day(st.text_view(5))};
    return true;
}

Status ResponsibilityMatrix::refresh() {
    sqlite3* db = engine_->handle();
    const std::vector<std::pair<std::string, int64_t>>& changes = engine_->last_changes();
    bool only_responsibilities = true;
    for (const auto& change : changes)
        if (change.first != "responsibility" && change.first != "change_log") only_responsibilities = false;
    if (!only_responsibilities) return load_all();

    // Each changed row is read once (one statement for all: a bulk edit changes thousands). The rows
    // a change touches, before and after it, have their counts taken out and put back, so a toggle
    // costs the few responsibilities of one row instead of a pass over the whole grid.
    ReadTransaction snapshot(db);
    Stmt read(db,
              "SELECT ifnull(customer_id, 0), ifnull(project_id, 0), employee_id, ifnull(role_id, 0), "
              "ifnull(valid_from, ''), ifnull(valid_to, '') FROM responsibility WHERE id = ?");
    if (!read.ok()) return sqlite_failure(db, "reading a responsibility");
    struct Patch { int64_t id; bool present; uint32_t target; Resp row; };
    std::vector<Patch> patches;
    std::vector<uint32_t> touched;
    for (const auto& change : changes) {
        if (change.first != "responsibility") continue;
        Patch p{change.second, false, 0, {}};
        if (const uint32_t* old_target = resp_target_.find(p.id)) touched.push_back(*old_target);
        p.present = read_responsibility(read, p.id, p.target, p.row);
        if (p.present) touched.push_back(p.target);
        patches.push_back(std::move(p));
    }
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());

    for (uint32_t t : touched) count_row(t, -1);
    for (Patch& p : patches) {
        forget_responsibility(p.id);
        if (!p.present) continue;
        by_target_.insert(p.target, p.row);
        resp_target_.set(p.id, p.target);
    }
    // Filters that look at cells (employee, role, uncovered) may move rows in or out: recompute.
    if (filter_.employee || filter_.role || filter_.uncovered_only) {
        MatrixFilter f = filter_;
        apply(f);  // apply() folds the search again; folding folded text changes nothing
        return {};
    }
    for (uint32_t t : touched) count_row(t, 1);
    return {};
}

}  // namespace vastuu
