// The persons-in-charge listing. Entities are held in vectors ordered by id (looked up by binary
// search); every text column gets a Finnish rank once per load, so a sort is a stable sort of
// 64-bit keys and a filter is one pass over the rows in their current order.
//
// Index:
// [SECTION] Loading
// [SECTION] Sorting
// [SECTION] Filtering
// [SECTION] Rows
// [SECTION] Export
// [SECTION] Replace preview
#include "models/persons_in_charge.h"

#include <algorithm>
#include <climits>
#include <unordered_set>

#include "core/engine.h"
#include "core/i18n.h"
#include "core/sql.h"
#include "core/text.h"
#include "io/xlsx_export.h"

namespace vastuu {

namespace {

// The index of the row with `id` in a vector ordered by id, or -1.
template <class Row>
long index_of(const std::vector<Row>& rows, int64_t id) {
    auto it = std::lower_bound(rows.begin(), rows.end(), id, [](const Row& r, int64_t v) { return r.id < v; });
    return it != rows.end() && it->id == id ? static_cast<long>(it - rows.begin()) : -1;
}

// Finnish ranks (core/text.h) of `n` texts given by `text(i)`.
template <class Text>
std::vector<uint32_t> finnish_ranks(size_t n, Text text) {
    std::vector<std::string_view> texts(n);
    for (size_t i = 0; i < n; ++i) texts[i] = text(static_cast<uint32_t>(i));
    return vastuu::finnish_ranks(texts);
}

// Ranks that tell apart items of equal text by `tie` (an integer), so that different entities of
// one name keep their rows together when sorted.
template <class Tie>
std::vector<uint32_t> split_ties(const std::vector<uint32_t>& text_rank, Tie tie) {
    std::vector<uint32_t> order(text_rank.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
        return text_rank[a] != text_rank[b] ? text_rank[a] < text_rank[b] : tie(a) < tie(b);
    });
    std::vector<uint32_t> rank(order.size());
    for (uint32_t i = 0; i < order.size(); ++i) rank[order[i]] = i;
    return rank;
}

// An id -> index table for rows ordered by id: a plain vector when ids are dense enough (they are
// rowids), else empty and index_of() searches.
template <class Row>
std::vector<int32_t> dense_index(const std::vector<Row>& rows) {
    std::vector<int32_t> table;
    if (rows.empty() || rows.back().id < 0 || rows.back().id > int64_t(rows.size()) * 4 + 4096) return table;
    table.assign(static_cast<size_t>(rows.back().id) + 1, -1);
    for (size_t i = 0; i < rows.size(); ++i) table[static_cast<size_t>(rows[i].id)] = static_cast<int32_t>(i);
    return table;
}

template <class Row>
long lookup(const std::vector<int32_t>& table, const std::vector<Row>& rows, int64_t id) {
    if (table.empty()) return index_of(rows, id);
    return id >= 0 && id < static_cast<int64_t>(table.size()) ? table[static_cast<size_t>(id)] : -1;
}

std::array<char, 10> date_chars(std::string_view s) {
    std::array<char, 10> out{};
    if (s.size() == 10) std::copy(s.begin(), s.end(), out.begin());
    return out;
}

// A signed day as an unsigned number of the same order (INT32_MIN -> 0, INT32_MAX -> 0xFFFFFFFF).
uint64_t ordered(int32_t day) { return static_cast<uint32_t>(day) ^ 0x80000000u; }

}  // namespace

const char* persons_column_key(PersonsColumn column) {
    switch (column) {
        case PersonsColumn::Customer: return "persons.column.customer";
        case PersonsColumn::Group: return "persons.column.group";
        case PersonsColumn::Person: return "persons.column.person";
        case PersonsColumn::Email: return "persons.column.email";
        case PersonsColumn::SellerInfo: return "persons.column.seller_info";
        case PersonsColumn::Interval: return "persons.column.interval";
        case PersonsColumn::Role: return "persons.column.role";
    }
    return "persons.column.customer";
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Loading
// ---------------------------------------------------------------------------------------------

Status PersonsInCharge::load(Engine& engine) {
    engine_ = &engine;
    return load_all();
}

Status PersonsInCharge::load_all() {
    sqlite3* db = engine_->handle();
    today_ = engine_->today();
    today_day_ = day_number(today_).value_or(0);
    // The order to keep: the ids as they are listed now (empty on the first load).
    std::vector<int64_t> previous;
    previous.reserve(order_.size());
    for (uint32_t i : order_) previous.push_back(resps_[i].id);

    text_.clear();
    customers_.clear();
    projects_.clear();
    groups_.clear();
    employees_.clear();
    roles_.clear();
    resps_.clear();

    Stmt g(db, "SELECT id, name FROM customer_group ORDER BY id");
    if (!g.ok()) return sqlite_failure(db, "loading customer groups");
    while (g.row()) groups_.push_back({g.int64(0), g.text(1)});

    Stmt c(db, "SELECT id, number, name, ifnull(group_id, 0), archived FROM customer ORDER BY id");
    if (!c.ok()) return sqlite_failure(db, "loading customers");
    customers_.reserve(static_cast<size_t>(table_row_count(db, "customer")));
    while (c.row()) {
        const std::string_view name = c.text_view(2);
        CustomerRow row{c.int64(0), c.int64(1), static_cast<int32_t>(index_of(groups_, c.int64(3))),
                        c.int64(4) != 0, text_.add(name), {}, {}};
        row.fold = text_.add(fold_for_search(name));
        row.number_text = text_.add(std::to_string(row.number));
        customers_.push_back(row);
    }

    const std::vector<int32_t> customer_table = dense_index(customers_);
    Stmt p(db, "SELECT id, customer_id, number, name, archived FROM project ORDER BY id");
    if (!p.ok()) return sqlite_failure(db, "loading projects");
    projects_.reserve(static_cast<size_t>(table_row_count(db, "project")));
    while (p.row()) {
        long ci = lookup(customer_table, customers_, p.int64(1));
        if (ci < 0) continue;
        const std::string_view name = p.text_view(3);
        ProjectRow row{p.int64(0), static_cast<uint32_t>(ci), p.int64(4) != 0, text_.add(p.text_view(2)),
                       text_.add(name), {}};
        row.fold = text_.add(fold_for_search(name));
        projects_.push_back(row);
    }

    Stmt e(db, "SELECT id, name, email, seller_info FROM employee ORDER BY id");
    if (!e.ok()) return sqlite_failure(db, "loading employees");
    while (e.row()) employees_.push_back({e.int64(0), e.text(1), e.text(2), e.text(3)});

    Stmt r(db, "SELECT id, name FROM role ORDER BY id");
    if (!r.ok()) return sqlite_failure(db, "loading roles");
    while (r.row()) roles_.push_back({r.int64(0), r.text(1)});

    special_members_.assign(customers_.size(), {});
    Stmt s(db, "SELECT customer_id, special_group_id FROM special_group_member ORDER BY special_group_id");
    if (!s.ok()) return sqlite_failure(db, "loading special groups");
    while (s.row()) {
        long ci = lookup(customer_table, customers_, s.int64(0));
        if (ci >= 0) special_members_[static_cast<size_t>(ci)].push_back(s.int64(1));
    }

    const std::vector<int32_t> project_table = dense_index(projects_), employee_table = dense_index(employees_);
    Stmt st(db,
            "SELECT id, ifnull(customer_id, 0), ifnull(project_id, 0), employee_id, ifnull(role_id, 0), "
            "ifnull(valid_from, ''), ifnull(valid_to, '') FROM responsibility ORDER BY id");
    if (!st.ok()) return sqlite_failure(db, "loading responsibilities");
    resps_.reserve(static_cast<size_t>(table_row_count(db, "responsibility")));
    while (st.row()) {
        Resp resp{};
        resp.id = st.int64(0);
        if (st.int64(1)) {
            long ci = lookup(customer_table, customers_, st.int64(1));
            if (ci < 0) continue;
            resp.customer = static_cast<uint32_t>(ci);
            resp.project = -1;
        } else {
            long pi = lookup(project_table, projects_, st.int64(2));
            if (pi < 0) continue;
            resp.project = static_cast<int32_t>(pi);
            resp.customer = projects_[static_cast<size_t>(pi)].customer;
        }
        long ei = lookup(employee_table, employees_, st.int64(3));
        if (ei < 0) continue;
        resp.employee = static_cast<uint32_t>(ei);
        resp.role = static_cast<int32_t>(index_of(roles_, st.int64(4)));
        std::string_view from = st.text_view(5), to = st.text_view(6);
        resp.from_day = from.empty() ? INT32_MIN : day_number(from).value_or(INT32_MIN);
        resp.to_day = to.empty() ? INT32_MAX : day_number(to).value_or(INT32_MAX);
        resp.from = date_chars(resp.from_day == INT32_MIN ? std::string_view() : from);
        resp.to = date_chars(resp.to_day == INT32_MAX ? std::string_view() : to);
        resps_.push_back(resp);
    }

    // Finnish ranks. Customers of one name are told apart by number, projects by customer and
    // number, persons by id: their rows stay together when sorted.
    customer_rank_ = split_ties(
        finnish_ranks(customers_.size(), [&](uint32_t i) { return text_[customers_[i].name]; }),
        [&](uint32_t i) { return customers_[i].number; });
    project_rank_ = finnish_ranks(projects_.size(), [&](uint32_t i) { return text_[projects_[i].name]; });
    group_rank_ = finnish_ranks(groups_.size(), [&](uint32_t i) -> std::string_view { return groups_[i].name; });
    role_rank_ = finnish_ranks(roles_.size(), [&](uint32_t i) -> std::string_view { return roles_[i].name; });
    name_rank_ = split_ties(
        finnish_ranks(employees_.size(), [&](uint32_t i) -> std::string_view { return employees_[i].name; }),
        [](uint32_t i) { return i; });
    email_rank_ = finnish_ranks(employees_.size(), [&](uint32_t i) -> std::string_view { return employees_[i].email; });
    seller_rank_ =
        finnish_ranks(employees_.size(), [&](uint32_t i) -> std::string_view { return employees_[i].seller_info; });
    default_order();
    if (!previous.empty()) {
        // Rows listed before keep their places; new ones follow in the default order.
        std::vector<char> placed(resps_.size(), 0);
        std::vector<uint32_t> order;
        order.reserve(resps_.size());
        const std::vector<int32_t> resp_table = dense_index(resps_);
        for (int64_t id : previous) {
            long slot = lookup(resp_table, resps_, id);
            if (slot >= 0) {
                order.push_back(static_cast<uint32_t>(slot));
                placed[static_cast<size_t>(slot)] = 1;
            }
        }
        for (uint32_t slot : order_)
            if (!placed[slot]) order.push_back(slot);
        order_ = std::move(order);
    }
    if (sorted_) sort_order(sort_column_, ascending_);
    apply(filter_);
    return {};
}

Status PersonsInCharge::refresh() {
    if (engine_->last_changes().empty()) return {};
    return load_all();
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Sorting
// ---------------------------------------------------------------------------------------------

uint64_t PersonsInCharge::sort_key(const Resp& r, PersonsColumn column) const {
    switch (column) {
        case PersonsColumn::Customer:
            return uint64_t(customer_rank_[r.customer]) << 32 |
                   (r.project < 0 ? 0 : uint64_t(project_rank_[static_cast<size_t>(r.project)]) + 1);
        case PersonsColumn::Group: {
            int32_t group = customers_[r.customer].group;
            return group < 0 ? 0 : uint64_t(group_rank_[static_cast<size_t>(group)]) + 1;
        }
        case PersonsColumn::Person: return name_rank_[r.employee];
        case PersonsColumn::Email: return email_rank_[r.employee];
        case PersonsColumn::SellerInfo: return seller_rank_[r.employee];
        case PersonsColumn::Interval: return ordered(r.from_day) << 32 | ordered(r.to_day);
        case PersonsColumn::Role: return r.role < 0 ? 0 : uint64_t(role_rank_[static_cast<size_t>(r.role)]) + 1;
    }
    return 0;
}

// Customer (then project), person, role, start, id: the order of a fresh listing.
void PersonsInCharge::default_order() {
    // The customer's rank is unique per customer: a counting sort by it places each row once, and
    // only each customer's few rows are compared (a sort of all 250,000 moved each many times).
    struct Keyed { uint64_t customer, rest; int64_t id; uint32_t slot; };
    std::vector<uint32_t> start(customer_rank_.size() + 1, 0);
    for (const Resp& r : resps_) ++start[customer_rank_[r.customer] + 1];
    for (size_t c = 1; c < start.size(); ++c) start[c] += start[c - 1];
    std::vector<Keyed> keyed(resps_.size());
    {
        std::vector<uint32_t> next(start.begin(), start.end() - 1);
        for (uint32_t i = 0; i < resps_.size(); ++i) {
            const Resp& r = resps_[i];
            uint64_t rest = uint64_t(name_rank_[r.employee]) << 40 | sort_key(r, PersonsColumn::Role) << 24 |
                            (ordered(r.from_day) >> 8);
            keyed[next[customer_rank_[r.customer]]++] = {sort_key(r, PersonsColumn::Customer), rest, r.id, i};
        }
    }
    const auto less = [](const Keyed& a, const Keyed& b) {
        if (a.customer != b.customer) return a.customer < b.customer;
        if (a.rest != b.rest) return a.rest < b.rest;
        return a.id < b.id;
    };
    for (size_t c = 0; c + 1 < start.size(); ++c)
        if (start[c + 1] - start[c] > 1) std::sort(keyed.begin() + start[c], keyed.begin() + start[c + 1], less);
    order_.resize(keyed.size());
    for (size_t i = 0; i < keyed.size(); ++i) order_[i] = keyed[i].slot;
}

void PersonsInCharge::sort(PersonsColumn column, bool ascending) {
    sort_column_ = column;
    ascending_ = ascending;
    sorted_ = true;
    sort_order(column, ascending);
    // The same rows stay listed, in the new order: no need to filter again.
    std::vector<char> listed(resps_.size(), 0);
    for (uint32_t slot : rows_) listed[slot] = 1;
    rows_.clear();
    for (uint32_t slot : order_)
        if (listed[slot]) rows_.push_back(slot);
}

void PersonsInCharge::sort_order(PersonsColumn column, bool ascending) {
    std::vector<std::pair<uint64_t, uint32_t>> keyed(order_.size());
    for (size_t i = 0; i < order_.size(); ++i) keyed[i] = {sort_key(resps_[order_[i]], column), order_[i]};
    if (ascending)
        std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    else
        std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (size_t i = 0; i < keyed.size(); ++i) order_[i] = keyed[i].second;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Filtering
// ---------------------------------------------------------------------------------------------

void PersonsInCharge::apply(const PersonsFilter& filter) {
    if (engine_) visible_ = engine_->visible_customers();  // cached by the engine; ids only for an employee
    filter_ = filter;
    filter_.search = fold_for_search(trim(filter.search));
    const PersonsFilter& f = filter_;
    const std::string& needle = f.search;

    // Per customer: passes the customer-level filters; and whether the search finds it.
    std::vector<char> customer_ok(customers_.size()), customer_hit(customers_.size(), needle.empty());
    for (size_t i = 0; i < customers_.size(); ++i) {
        const CustomerRow& c = customers_[i];
        bool ok = f.include_archived || !c.archived;
        if (ok) ok = visible_.contains(c.id);
        if (ok && f.no_group) ok = c.group < 0;
        if (ok && f.customer_group) ok = c.group >= 0 && groups_[static_cast<size_t>(c.group)].id == f.customer_group.value;
        if (ok && f.special_group) {
            const auto& groups = special_members_[i];
            ok = std::binary_search(groups.begin(), groups.end(), f.special_group.value);
        }
        customer_ok[i] = ok;
        if (ok && !needle.empty())
            customer_hit[i] = text_[c.fold].find(needle) != std::string::npos ||
                              text_[c.number_text].substr(0, needle.size()) == needle;
    }
    std::vector<char> project_ok;
    if (f.show_projects) {
        project_ok.resize(projects_.size());
        for (size_t i = 0; i < projects_.size(); ++i) {
            const ProjectRow& p = projects_[i];
            bool ok = customer_ok[p.customer] && (f.include_archived || !p.archived);
            if (ok && !needle.empty())
                ok = customer_hit[p.customer] || text_[p.fold].find(needle) != std::string::npos ||
                     text_[p.number].substr(0, needle.size()) == needle;
            project_ok[i] = ok;
        }
    }

    long employee = -1;
    if (f.employee) employee = index_of(employees_, f.employee.value);
    const bool no_employee = f.employee && employee < 0;
    // An as-of text that is not a date restricts nothing (the UI validates what it passes).
    const std::optional<int32_t> as_of_day = f.as_of.empty() ? std::nullopt : day_number(f.as_of);
    const bool as_of = as_of_day.has_value();
    const int32_t as_of_value = as_of_day.value_or(0);
    const bool ending = f.ending_within_days >= 0;
    const int32_t ending_last = today_day_ + std::min(f.ending_within_days, 1'000'000);

    rows_.clear();
    if (no_employee) return;
    for (uint32_t slot : order_) {
        const Resp& r = resps_[slot];
        if (r.project >= 0) {
            if (!f.show_projects || !project_ok[static_cast<size_t>(r.project)]) continue;
        } else if (!customer_ok[r.customer] || !customer_hit[r.customer]) {
            continue;
        }
        if (employee >= 0 && r.employee != static_cast<uint32_t>(employee)) continue;
        if (as_of && (r.from_day > as_of_value || r.to_day < as_of_value)) continue;
        if (ending || f.already_ended) {
            const bool has_end = r.to_day != INT32_MAX;
            const bool in_window = ending && has_end && r.to_day >= today_day_ && r.to_day <= ending_last;
            const bool ended = f.already_ended && r.to_day < today_day_;
            if (!in_window && !ended) continue;
        }
        rows_.push_back(slot);
    }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Rows
// ---------------------------------------------------------------------------------------------

ResponsibilityId PersonsInCharge::row_id(size_t row) const { return ResponsibilityId(at(row).id); }
CustomerId PersonsInCharge::row_customer(size_t row) const { return CustomerId(customers_[at(row).customer].id); }
ProjectId PersonsInCharge::row_project(size_t row) const {
    const Resp& r = at(row);
    return r.project < 0 ? ProjectId() : ProjectId(projects_[static_cast<size_t>(r.project)].id);
}
int64_t PersonsInCharge::row_customer_number(size_t row) const { return customers_[at(row).customer].number; }
std::string_view PersonsInCharge::row_customer_name(size_t row) const { return text_[customers_[at(row).customer].name]; }
std::string_view PersonsInCharge::row_project_name(size_t row) const {
    const Resp& r = at(row);
    return r.project < 0 ? std::string_view() : text_[projects_[static_cast<size_t>(r.project)].name];
}
std::string_view PersonsInCharge::row_project_number(size_t row) const {
    const Resp& r = at(row);
    return r.project < 0 ? std::string_view() : text_[projects_[static_cast<size_t>(r.project)].number];
}
CustomerGroupId PersonsInCharge::row_group(size_t row) const {
    int32_t g = customers_[at(row).customer].group;
    return g < 0 ? CustomerGroupId() : CustomerGroupId(groups_[static_cast<size_t>(g)].id);
}
std::string_view PersonsInCharge::row_group_name(size_t row) const {
    int32_t g = customers_[at(row).customer].group;
    return g < 0 ? std::string_view() : std::string_view(groups_[static_cast<size_t>(g)].name);
}
EmployeeId PersonsInCharge::row_employee(size_t row) const { return EmployeeId(employees_[at(row).employee].id); }
std::string_view PersonsInCharge::row_employee_name(size_t row) const { return employees_[at(row).employee].name; }
std::string_view PersonsInCharge::row_email(size_t row) const { return employees_[at(row).employee].email; }
std::string_view PersonsInCharge::row_seller_info(size_t row) const { return employees_[at(row).employee].seller_info; }
std::string_view PersonsInCharge::row_valid_from(size_t row) const {
    const Resp& r = at(row);
    return r.from_day == INT32_MIN ? std::string_view() : std::string_view(r.from.data(), r.from.size());
}
std::string_view PersonsInCharge::row_valid_to(size_t row) const {
    const Resp& r = at(row);
    return r.to_day == INT32_MAX ? std::string_view() : std::string_view(r.to.data(), r.to.size());
}
RoleId PersonsInCharge::row_role(size_t row) const {
    const Resp& r = at(row);
    return r.role < 0 ? RoleId() : RoleId(roles_[static_cast<size_t>(r.role)].id);
}
std::string_view PersonsInCharge::row_role_name(size_t row) const {
    const Resp& r = at(row);
    return r.role < 0 ? std::string_view() : std::string_view(roles_[static_cast<size_t>(r.role)].name);
}
PersonsRowState PersonsInCharge::row_state(size_t row) const {
    const Resp& r = at(row);
    if (r.to_day < today_day_) return PersonsRowState::Ended;
    if (r.from_day > today_day_) return PersonsRowState::Future;
    return PersonsRowState::Current;
}

long PersonsInCharge::find_row(ResponsibilityId id) const {
    long slot = index_of(resps_, id.value);
    if (slot < 0) return -1;
    auto it = std::find(rows_.begin(), rows_.end(), static_cast<uint32_t>(slot));
    return it == rows_.end() ? -1 : static_cast<long>(it - rows_.begin());
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Export
// ---------------------------------------------------------------------------------------------

Result<std::vector<uint8_t>> PersonsInCharge::export_xlsx() const {
    const bool projects = filter_.show_projects;
    XlsxSheet sheet;
    sheet.name = tr("xlsx.persons.sheet");
    sheet.columns.push_back({tr("xlsx.customers.number"), XlsxType::Integer, 0});
    sheet.columns.push_back({tr(persons_column_key(PersonsColumn::Customer)), XlsxType::Text, 0});
    if (projects) sheet.columns.push_back({tr("persons.column.project"), XlsxType::Text, 0});
    for (PersonsColumn c : {PersonsColumn::Group, PersonsColumn::Person, PersonsColumn::Email, PersonsColumn::SellerInfo})
        sheet.columns.push_back({tr(persons_column_key(c)), XlsxType::Text, 0});
    sheet.columns.push_back({tr("persons.column.from"), XlsxType::Date, 12});
    sheet.columns.push_back({tr("persons.column.to"), XlsxType::Date, 12});
    sheet.columns.push_back({tr(persons_column_key(PersonsColumn::Role)), XlsxType::Text, 0});
    sheet.row_count = rows_.size();
    sheet.row = [this, projects](size_t row, std::vector<std::string>& cells) {
        size_t i = 0;
        cells[i++] = std::to_string(row_customer_number(row));
        cells[i++].assign(row_customer_name(row));
        if (projects) cells[i++].assign(row_project_name(row));
        cells[i++].assign(row_group_name(row));
        cells[i++].assign(row_employee_name(row));
        cells[i++].assign(row_email(row));
        cells[i++].assign(row_seller_info(row));
        cells[i++].assign(row_valid_from(row));
        cells[i++].assign(row_valid_to(row));
        cells[i++].assign(row_role_name(row));
    };
    return write_xlsx({sheet});
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Replace preview
// ---------------------------------------------------------------------------------------------

namespace {

Status require(sqlite3* db, const char* table, const char* code, const char* field, int64_t id) {
    Stmt st(db, std::string("SELECT 1 FROM ") + table + " WHERE id = ?1");
    st.bind(1, id);
    if (st.row()) return {};
    return Error{code, tr_format(("error." + std::string(code)).c_str(), {std::to_string(id)}), field};
}

}  // namespace

Result<ReplacePreview> preview_replace(sqlite3* db, const ReplaceRequest& request) {
    if (request.from_date.empty())
        return Error{"command.missing_argument", tr_format("error.command.missing_argument", {"from_date"}), "from_date"};
    auto from_day = parse_iso_date(request.from_date, "from_date");
    if (!from_day.ok()) return Error{"responsibility.bad_date", from_day.error().message, "from_date"};
    // X's rows end the day before D, which must be a valid day too.
    if (from_day.value() == kFirstDate)
        return Error{"responsibility.bad_date",
                     tr_format("error.replace.first_day", {format_display(kFirstDate, language())}),
                     "from_date"};
    VASTUU_TRY(require(db, "employee", "employee.not_found", "from_employee_id", request.from.value));
    VASTUU_TRY(require(db, "employee", "employee.not_found", "to_employee_id", request.to.value));
    if (request.from == request.to)
        return Error{"replace.same_employee", tr("error.replace.same_employee"), "to_employee_id"};
    if (request.group) VASTUU_TRY(require(db, "customer_group", "group.not_found", "group_id", request.group.value));
    if (request.role) VASTUU_TRY(require(db, "role", "role.not_found", "role_id", request.role.value));

    Stmt st(db,
            "SELECT r.id, c.id, c.number, c.name FROM responsibility r "
            "LEFT JOIN project p ON p.id = r.project_id "
            "JOIN customer c ON c.id = ifnull(r.customer_id, p.customer_id) "
            "WHERE r.employee_id = ?1 AND (r.valid_to IS NULL OR r.valid_to >= ?2) "
            "AND (?3 = 0 OR c.group_id = ?3) AND (?4 = 0 OR r.role_id = ?4) ORDER BY r.id");
    if (!st.ok()) return sqlite_failure(db, "previewing a replace");
    st.bind(1, request.from.value).bind(2, request.from_date).bind(3, request.group.value).bind(4, request.role.value);
    ReplacePreview preview;
    std::unordered_set<int64_t> seen;
    while (st.row()) {
        preview.responsibility_ids.push_back(st.int64(0));
        if (seen.insert(st.int64(1)).second)
            preview.customers.push_back({CustomerId(st.int64(1)), st.int64(2), st.text(3)});
    }
    preview.count = static_cast<int64_t>(preview.responsibility_ids.size());
    std::sort(preview.customers.begin(), preview.customers.end(),
              [](const ReplacePreview::CustomerItem& a, const ReplacePreview::CustomerItem& b) {
                  int c = compare_finnish(a.name, b.name);
                  return c != 0 ? c < 0 : a.number < b.number;
              });
    return preview;
}

Result<ReplacePreview> preview_replace(Engine& engine, const ReplaceRequest& request) {
    auto preview = preview_replace(engine.handle(), request);
    if (!preview.ok()) return preview;
    const Engine::VisibleCustomers& visible = engine.visible_customers();
    auto& customers = preview.value().customers;
    customers.erase(std::remove_if(customers.begin(), customers.end(),
                                   [&](const ReplacePreview::CustomerItem& c) { return !visible.contains(c.id.value); }),
                    customers.end());
    return preview;
}

}  // namespace vastuu
