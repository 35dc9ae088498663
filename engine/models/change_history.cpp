// The Changes view's model. One query per apply() picks the matching entries through the change
// log's indexes (schema v3) and keeps only small per-row fields; what an entry says in words is read
// and described on demand (the view draws some thirty rows, the export all of them).
//
// Index:
// [SECTION] SQL
// [SECTION] Loading and filtering
// [SECTION] Describing an entry
// [SECTION] Export
#include "models/change_history.h"

#include <algorithm>
#include <cstdint>

#include "core/i18n.h"
#include "core/sql.h"
#include "core/text.h"
#include "io/xlsx_export.h"
#include "models/persons_in_charge.h"  // day_number, iso_day
#include "sync/visible_rows.h"

namespace vastuu {

using nlohmann::json;

namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] SQL
// ---------------------------------------------------------------------------------------------

// Maintenance: spelt exactly as the expression indexes of schema v3 (core/schema.cpp), or SQLite
// scans the whole log; tests/engine/test_change_history.cpp checks the query plan.
#define VASTUU_ROW_CUSTOMER "json_extract(coalesce(after, before), '$.customer_id')"
#define VASTUU_ROW_PROJECT "json_extract(coalesce(after, before), '$.project_id')"

// The entries about one customer (?4): its own row, rows that name it (projects, customer
// responsibilities, special-group memberships) and the responsibilities on its projects, including
// projects that are gone (known from their own log entries).
// The unary + keeps SQLite from reaching for change_log_entity (entity = ?), which would walk every
// responsibility entry instead of the few of this customer; the CROSS JOIN walks the customer's
// projects first and looks each one's responsibilities up in change_log_row_project (+project: no
// affinity, as the index's expression has none, or SQLite would not use the index).
const char* const kCustomerEntries =
    "SELECT id FROM change_log WHERE entity = 'customer' AND entity_id = ?4"
    " UNION ALL SELECT id FROM change_log WHERE " VASTUU_ROW_CUSTOMER " = ?4"
    "  AND +entity IN ('project', 'responsibility', 'special_group_member')"
    " UNION ALL SELECT change_log.id FROM ("
    "  SELECT id AS project FROM main.project WHERE customer_id = ?4"
    "  UNION SELECT entity_id FROM change_log WHERE " VASTUU_ROW_CUSTOMER " = ?4 AND +entity = 'project')"
    "  CROSS JOIN change_log WHERE " VASTUU_ROW_PROJECT " = +project AND +entity = 'responsibility'";

template <class Row>
const Row* find_by_id(const std::vector<Row>& rows, int64_t id) {
    auto it = std::lower_bound(rows.begin(), rows.end(), id, [](const Row& r, int64_t v) { return r.id < v; });
    return it != rows.end() && it->id == id ? &*it : nullptr;
}

int64_t int_field(const nlohmann::ordered_json& row, const char* field) {
    auto it = row.find(field);
    return it != row.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

std::string text_field(const nlohmann::ordered_json& row, const char* field) {
    auto it = row.find(field);
    return it != row.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// In column order (ordered_json): field changes read in the table's order, name before archived.
nlohmann::ordered_json parse_row(const std::string& text) {
    if (text.empty()) return nlohmann::ordered_json();
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(text, nullptr, false);
    return j.is_object() ? j : nlohmann::ordered_json();
}

}  // namespace

ChangeHistory::ChangeHistory() = default;
ChangeHistory::~ChangeHistory() = default;
ChangeHistory::ChangeHistory(ChangeHistory&&) = default;
ChangeHistory& ChangeHistory::operator=(ChangeHistory&&) = default;

// ---------------------------------------------------------------------------------------------
// [SECTION] Loading and filtering
// ---------------------------------------------------------------------------------------------

Status ChangeHistory::load(Engine& engine) {
    engine_ = &engine;
    sqlite3* db = engine.handle();
    auto read_named = [db](const char* sql, std::vector<Named>& out) {
        out.clear();
        Stmt st(db, sql);
        while (st.row()) out.push_back({st.int64(0), st.text(1)});
    };
    read_named("SELECT id, name FROM employee ORDER BY id", employees_);
    read_named("SELECT id, name FROM team ORDER BY id", teams_);
    read_named("SELECT id, name FROM role ORDER BY id", roles_);
    read_named("SELECT id, name FROM customer_group ORDER BY id", groups_);
    read_named("SELECT id, name FROM special_group ORDER BY id", special_groups_);
    entry_ = std::make_unique<Stmt>(db, "SELECT entity, entity_id, coalesce(before, ''), coalesce(after, '')"
                                        " FROM change_log WHERE id = ?1");
    customer_ = std::make_unique<Stmt>(db, "SELECT name FROM customer WHERE id = ?1");
    project_ = std::make_unique<Stmt>(db, "SELECT number, name, customer_id FROM project WHERE id = ?1");
    if (!entry_->ok() || !customer_->ok() || !project_->ok()) return sqlite_failure(db, "reading the change log");

    // The "who" choices: everyone in the log, or for a viewer only those whose entries they see.
    const Engine::VisibleCustomers& visible = engine.visible_customers();
    people_.clear();
    {
        Stmt st(db, visible.all ? std::string("SELECT DISTINCT who, NULL FROM change_log")
                                : std::string("SELECT who, ") + kChangeEntryCustomerSql + " FROM change_log");
        if (!st.ok()) return sqlite_failure(db, "reading the change log");
        std::vector<std::string> seen;
        while (st.row()) {
            if (!st.is_null(1) && !visible.contains(st.int64(1))) continue;
            seen.push_back(st.text(0));
        }
        std::sort(seen.begin(), seen.end());
        seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
        std::stable_sort(seen.begin(), seen.end(),
                         [](const std::string& a, const std::string& b) { return compare_finnish(a, b) < 0; });
        people_ = std::move(seen);
    }
    return apply(filter_);
}

uint32_t ChangeHistory::intern(std::string_view text) {
    auto found = text_index_.find(std::string(text));
    if (found != text_index_.end()) return found->second;
    const auto index = static_cast<uint32_t>(texts_.size());
    texts_.emplace_back(text);
    text_index_.emplace(texts_.back(), index);
    return index;
}

Status ChangeHistory::apply(const ChangeHistoryFilter& filter) {
    filter_ = filter;
    rows_.clear();
    described_.clear();
    texts_.clear();
    text_index_.clear();
    if (!engine_) return {};
    sqlite3* db = engine_->handle();
    const Engine::VisibleCustomers& visible = engine_->visible_customers();
    if (filter.customer && !visible.contains(filter.customer.value)) return {};  // not theirs to ask about

    const std::string search = fold_for_search(trim(filter.search));
    ReadTransaction read(db);
    Stmt st(db, query_sql(visible.all, !search.empty()));
    if (!st.ok()) return sqlite_failure(db, "reading the change log");
    bind_query(st);
    // Entries of one action share their time, who and command: compare with the row before first.
    uint32_t last[4] = {UINT32_MAX, UINT32_MAX, UINT32_MAX, UINT32_MAX};
    auto interned = [this, &st, &last](int column, int field) {
        const std::string_view text = st.text_view(column);
        if (last[field] != UINT32_MAX && texts_[last[field]] == text) return last[field];
        return last[field] = intern(text);
    };
    int rc;
    while ((rc = st.step()) == SQLITE_ROW) {
        // An entry about a customer the viewer may not see is not theirs; one about no customer is
        // about the firm's lists, which every account has.
        if (!st.is_null(6) && !visible.contains(st.int64(6))) continue;
        Row r;
        r.id = st.int64(0);
        r.group = st.int64(1);
        r.at = interned(2, 0);
        r.who = interned(3, 1);
        r.command = interned(4, 2);
        r.entity = interned(5, 3);
        if (!search.empty()) {
            ChangeDescription d = describe_entry(texts_[r.entity], st.int64(7), st.text(8), st.text(9));
            const std::string haystack = fold_for_search(texts_[r.who] + "\n" + command_label(texts_[r.command]) +
                                                         "\n" + d.what + "\n" + d.changes);
            if (haystack.find(search) == std::string::npos) continue;
            described_.emplace(r.id, std::move(d));
        }
        rows_.push_back(r);
    }
    if (rc != SQLITE_DONE) return sqlite_failure(db, "reading the change log");
    return {};
}

// Parameters: ?1 who, ?2 the first day, ?3 the day after the last, ?4 the customer; each term only
// when its filter is set. Columns: id, group, at, who, command, entity, the entry's customer (NULL
// when every customer is visible), and with `describe` entity_id, before and after.
std::string ChangeHistory::query_sql(bool all_visible, bool describe) const {
    std::string sql = "SELECT id, group_id, at, who, command, entity, ";
    sql += all_visible ? "NULL" : kChangeEntryCustomerSql;
    sql += describe ? ", entity_id, coalesce(before, ''), coalesce(after, '')" : ", NULL, NULL, NULL";
    sql += " FROM change_log WHERE 1";
    if (!filter_.who.empty()) sql += " AND who = ?1";
    // "YYYY-MM-DD" sorts before every time of that day, so whole days are plain text ranges.
    if (day_number(trim(filter_.from_day))) sql += " AND at >= ?2";
    if (day_number(trim(filter_.to_day))) sql += " AND at < ?3";
    if (filter_.customer) sql += std::string(" AND id IN (") + kCustomerEntries + ")";
    return sql + " ORDER BY id DESC";
}

void ChangeHistory::bind_query(Stmt& st) const {
    if (!filter_.who.empty()) st.bind(1, filter_.who);
    if (auto from = day_number(trim(filter_.from_day))) st.bind(2, iso_day(*from));
    if (auto to = day_number(trim(filter_.to_day))) st.bind(3, iso_day(*to + 1));
    if (filter_.customer) st.bind(4, filter_.customer.value);
}

std::string ChangeHistory::query_plan() const {
    if (!engine_) return std::string();
    Stmt st(engine_->handle(), "EXPLAIN QUERY PLAN " + query_sql(engine_->visible_customers().all, false));
    bind_query(st);
    std::string plan;
    while (st.row()) plan += st.text(3) + "\n";
    return plan;
}

std::string ChangeHistory::row_time(size_t row) const {
    std::string at = texts_[rows_[row].at];
    std::replace(at.begin(), at.end(), 'T', ' ');
    if (!at.empty() && at.back() == 'Z') at.pop_back();
    return at;
}

std::string ChangeHistory::row_action(size_t row) const { return command_label(row_command(row)); }

// ---------------------------------------------------------------------------------------------
// [SECTION] Describing an entry
// ---------------------------------------------------------------------------------------------

bool ChangeHistory::read_entry(int64_t id, std::string& entity, int64_t& entity_id, std::string& before,
                               std::string& after) {
    entry_->bind(1, id);
    const bool found = entry_->row();
    if (found) {
        entity = entry_->text(0);
        entity_id = entry_->int64(1);
        before = entry_->text(2);
        after = entry_->text(3);
    }
    entry_->reset();
    return found;
}

const ChangeDescription& ChangeHistory::describe(size_t row) {
    const int64_t id = rows_[row].id;
    auto found = described_.find(id);
    if (found != described_.end()) return found->second;
    std::string entity, before, after;
    int64_t entity_id = 0;
    ChangeDescription d;
    if (read_entry(id, entity, entity_id, before, after)) d = describe_entry(entity, entity_id, before, after);
    // The view asks for a few rows per frame; the export walks them all and keeps none.
    if (described_.size() > 4096) described_.clear();
    return described_.emplace(id, std::move(d)).first->second;
}

std::string ChangeHistory::customer_name(int64_t id) {
    if (!id) return std::string();
    if (!engine_->visible_customers().contains(id)) return "#" + std::to_string(id);
    customer_->bind(1, id);
    std::string name = customer_->row() ? customer_->text(0) : "#" + std::to_string(id);
    customer_->reset();
    return name;
}

std::string ChangeHistory::project_name(int64_t id) {
    if (!id) return std::string();
    project_->bind(1, id);
    std::string name = "#" + std::to_string(id);
    if (project_->row() && engine_->visible_customers().contains(project_->int64(2)))
        name = project_->text(0) + " " + project_->text(1);
    project_->reset();
    return name;
}

std::string ChangeHistory::value_text(const std::string& field, const nlohmann::ordered_json& v) {
    if (v.is_null()) return "\xE2\x80\x93";  // en dash: no value
    if (v.is_string()) return v.get<std::string>();
    if (v.is_boolean()) return tr(v.get<bool>() ? "history.yes" : "history.no");
    if (!v.is_number_integer()) return v.dump();
    const int64_t id = v.get<int64_t>();
    auto named = [id](const std::vector<Named>& rows) {
        const Named* n = find_by_id(rows, id);
        return n ? n->name : "#" + std::to_string(id);
    };
    if (field == "archived") return tr(id ? "history.yes" : "history.no");
    if (field == "group_id") return named(groups_);
    if (field == "team_id") return named(teams_);
    if (field == "role_id") return named(roles_);
    if (field == "employee_id") return named(employees_);
    if (field == "special_group_id") return named(special_groups_);
    if (field == "customer_id") return customer_name(id);
    if (field == "project_id") return project_name(id);
    return std::to_string(id);
}

ChangeDescription ChangeHistory::describe_entry(const std::string& entity, int64_t entity_id,
                                                const std::string& before_text, const std::string& after_text) {
    const auto before = parse_row(before_text);
    const auto after = parse_row(after_text);
    const auto& row = after.is_object() ? after : before;
    const nlohmann::ordered_json none;
    ChangeDescription d;
    const std::string entity_key = "history.entity." + entity;
    std::string name;
    if (entity == "responsibility") {
        const int64_t project = int_field(row, "project_id");
        name = value_text("employee_id", (row.contains("employee_id") ? row["employee_id"] : none)) + " \xE2\x80\x93 " +
               (project ? project_name(project) : customer_name(int_field(row, "customer_id")));
    } else if (entity == "customer_group_salesperson") {
        name = value_text("employee_id", (row.contains("employee_id") ? row["employee_id"] : none)) + " \xE2\x80\x93 " +
               value_text("group_id", (row.contains("group_id") ? row["group_id"] : none));
    } else if (entity == "special_group_member") {
        name = customer_name(int_field(row, "customer_id")) + " \xE2\x80\x93 " +
               value_text("special_group_id", (row.contains("special_group_id") ? row["special_group_id"] : none));
    } else if (entity == "setting") {
        name = text_field(row, "key");
    } else if (entity == "project") {
        name = text_field(row, "number") + " " + text_field(row, "name");
    } else if (entity == "customer") {
        name = text_field(row, "name");
        if (name.empty()) name = "#" + std::to_string(entity_id);
    } else {
        name = text_field(row, "name");
    }
    int64_t customer = 0;
    if (entity == "customer") customer = entity_id;
    else if (entity == "project" || entity == "special_group_member") customer = int_field(row, "customer_id");
    else if (entity == "responsibility" && !(customer = int_field(row, "customer_id")) && int_field(row, "project_id")) {
        project_->bind(1, int_field(row, "project_id"));
        if (project_->row()) customer = project_->int64(2);
        project_->reset();
    }
    if (customer && engine_->visible_customers().contains(customer)) d.customer = CustomerId(customer);
    d.what = (tr_has(entity_key.c_str()) ? std::string(tr(entity_key.c_str())) : entity) + " " + name;

    if (!before.is_object() && after.is_object()) {
        d.changes = tr("history.created");
    } else if (before.is_object() && !after.is_object()) {
        d.changes = tr("history.deleted");
    } else if (before.is_object()) {
        for (auto it = after.begin(); it != after.end(); ++it) {
            if (it.key() == "id") continue;
            auto old = before.find(it.key());
            if (old != before.end() && *old == it.value()) continue;
            const std::string field = "change.field." + it.key();  // the field in words, not its column
            d.changes += (d.changes.empty() ? "" : "; ") +
                         (tr_has(field.c_str()) ? std::string(tr(field.c_str())) : it.key()) + ": " +
                         (old == before.end() ? std::string("\xE2\x80\x93") : value_text(it.key(), *old)) +
                         " \xE2\x86\x92 " + value_text(it.key(), it.value());
        }
    }
    return d;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Export
// ---------------------------------------------------------------------------------------------

Result<std::vector<uint8_t>> ChangeHistory::export_xlsx() {
    XlsxSheet sheet;
    sheet.name = tr("history.sheet");
    sheet.columns = {{tr("history.column.time"), XlsxType::Text, 20},
                     {tr("history.column.who"), XlsxType::Text, 0},
                     {tr("history.column.action"), XlsxType::Text, 0},
                     {tr("history.column.what"), XlsxType::Text, 0},
                     {tr("history.column.changes"), XlsxType::Text, 0}};
    sheet.row_count = rows_.size();
    sheet.row = [this](size_t row, std::vector<std::string>& cells) {
        cells[0] = row_time(row);
        cells[1] = row_who(row);
        cells[2] = row_action(row);
        const ChangeDescription& d = describe(row);
        cells[3] = d.what;
        cells[4] = d.changes;
    };
    if (!engine_) return write_xlsx({sheet});
    ReadTransaction read(engine_->handle());
    return write_xlsx({sheet});
}

}  // namespace vastuu
