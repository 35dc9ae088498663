// Opening and checking databases, the queries the views read, and whole-database files (bytes and
// xlsx exports). Commands, undo and redo live in commands.cpp.
//
// Index of this file:
// [SECTION] Clock defaults
// [SECTION] Opening and closing
// [SECTION] Queries
// [SECTION] Files (whole-database bytes, exports)
#include "core/engine.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <unordered_map>

#include "commands/command_context.h"
#include "core/database_file.h"
#include "core/i18n.h"
#include "core/rows.h"
#include "core/schema.h"
#include "core/sql.h"
#include "core/text.h"
#include "io/xlsx_export.h"
#include "sync/visible_rows.h"

namespace vastuu {
namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Clock defaults
// ---------------------------------------------------------------------------------------------

std::string system_now_utc() {
    std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// The local date: a responsibility ending "today" is still active for the user all day.
std::string system_today() {
    std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

// Opens a connection; SQLite hands back a handle even on failure, which must be closed.
Result<sqlite3*> open_connection(const std::string& path, int flags) {
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        Error e{"db.cannot_open", tr_format("error.db.cannot_open", {path}), "", db ? sqlite3_errmsg(db) : "?"};
        sqlite3_close(db);
        return e;
    }
    return db;
}

int64_t count_rows(sqlite3* db, const char* sql) {
    Stmt st(db, sql);
    return st.row() ? st.int64(0) : 0;
}

Counts count_everything(sqlite3* db) {
    Counts c;
    c.customers = count_rows(db, "SELECT count(*) FROM customer");
    c.projects = count_rows(db, "SELECT count(*) FROM project");
    c.employees = count_rows(db, "SELECT count(*) FROM employee");
    c.responsibilities = count_rows(db, "SELECT count(*) FROM responsibility");
    c.customer_groups = count_rows(db, "SELECT count(*) FROM customer_group");
    c.special_groups = count_rows(db, "SELECT count(*) FROM special_group");
    c.teams = count_rows(db, "SELECT count(*) FROM team");
    c.roles = count_rows(db, "SELECT count(*) FROM role");
    return c;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Opening and closing
// ---------------------------------------------------------------------------------------------

Engine::Engine(sqlite3* db, std::string path, EngineOptions options)
    : db_(db), path_(std::move(path)), options_(std::move(options)) {
    if (!options_.now_utc) options_.now_utc = system_now_utc;
    if (!options_.today) options_.today = system_today;
}

Engine::~Engine() {
    undo_.clear();
    redo_.clear();
    // close_v2: a statement some model forgot to finalize must not keep the file open forever.
    sqlite3_close_v2(db_);
}

Result<std::unique_ptr<Engine>> Engine::open(const std::string& path, EngineOptions options) {
    auto opened = open_connection(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!opened.ok()) return opened.error();
    // Owned from here on, so every early return closes the connection. The default rollback journal
    // stays: on the web the file lives in memory and is synced to IndexedDB as a whole (no WAL).
    std::unique_ptr<Engine> engine(new Engine(opened.value(), path, std::move(options)));
    sqlite3* db = engine->db_;
    // Before anything is written: a file that is not SQLite, another program's (migrating would
    // write Vastuu's tables into it) or one whose schema was altered (an extra trigger would run
    // inside the next command) is refused as it is.
    VASTUU_TRY(check_schema(db));
    // The capture table of undo lives in temp: in memory, so a bulk edit writes no scratch file
    // (on the web there is no disk behind it anyway).
    // A page cache that holds the whole file (up to 64 MiB; SQLite allocates pages only as they are
    // read): each model load reads every table, and with SQLite's default 2 MB cache every load read
    // each page again through the file layer, on the web through Emscripten's JS file system
    // (measured: the scale dataset's matrix load in wasm 270 -> 193 ms, persons 300 -> 200 ms).
    VASTUU_TRY(exec(db, "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536"));
    register_text_functions(db);
    VASTUU_TRY(migrate(db));
    VASTUU_TRY(install_change_capture(db));
    return engine;
}

Status Engine::check_file(const std::string& path, const std::string& shown_as) {
    auto inspected = inspect_file(path, shown_as);
    if (!inspected) return inspected.error();
    return {};
}

Result<FileInspection> Engine::inspect_file(const std::string& path, const std::string& shown_as) {
    FileInspection out;
    auto copy = open_file_copy(path, shown_as.empty() ? path : shown_as, out.warnings);
    if (!copy) return copy.error();
    sqlite3* db = copy.value();
    Status status = check_database(db);
    if (status) out.counts = count_everything(db);
    sqlite3_close(db);
    if (!status) return status.error();
    return out;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Queries
// ---------------------------------------------------------------------------------------------

namespace {

// Escapes LIKE's wildcards so that a search for "50%" finds "50%", not everything starting with 50.
std::string like_escape(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

const char* const kCustomerColumns = "SELECT id, number, name, coalesce(group_id, 0), archived FROM customer";
const char* const kEmployeeColumns =
    "SELECT id, name, email, seller_info, coalesce(team_id, 0), archived FROM employee";

}  // namespace

Customer read_customer(Stmt& st) {
    Customer c;
    c.id = CustomerId(st.int64(0));
    c.number = st.int64(1);
    c.name = st.text(2);
    c.group = CustomerGroupId(st.int64(3));
    c.archived = st.int64(4) != 0;
    return c;
}

Employee read_employee(Stmt& st) {
    Employee e;
    e.id = EmployeeId(st.int64(0));
    e.name = st.text(1);
    e.email = st.text(2);
    e.seller_info = st.text(3);
    e.team = TeamId(st.int64(4));
    e.archived = st.int64(5) != 0;
    return e;
}

ChangeLogEntry read_change_entry(Stmt& st) {
    ChangeLogEntry e;
    e.id = ChangeId(st.int64(0));
    e.group = st.int64(1);
    e.at = st.text(2);
    e.who = st.text(3);
    e.command = st.text(4);
    e.entity = st.text(5);
    e.entity_id = st.int64(6);
    e.before = st.text(7);
    e.after = st.text(8);
    return e;
}


Counts Engine::counts() { return count_everything(db_); }

std::vector<Customer> Engine::list_customers(const CustomerFilter& filter) {
    // Parameters are always bound by number, so the clauses can be left out freely.
    std::string sql = std::string(kCustomerColumns) + " WHERE 1";
    if (!filter.include_archived) sql += " AND archived = 0";
    if (filter.only_no_group) sql += " AND group_id IS NULL";
    else if (filter.group) sql += " AND group_id = ?1";
    if (filter.special_group)
        sql += " AND id IN (SELECT customer_id FROM special_group_member WHERE special_group_id = ?4)";
    const std::string search = trim(filter.search);
    if (!search.empty())
        sql += " AND (fold(name) LIKE '%' || fold(?2) || '%' ESCAPE '\\' OR CAST(number AS TEXT) LIKE ?2 || '%' ESCAPE '\\')";
    sql += " ORDER BY name COLLATE FI, number";
    // A viewer who sees only some customers gets the limit applied after the visibility check.
    const VisibleCustomers& visible = visible_customers();
    if (filter.limit > 0 && visible.all) sql += " LIMIT ?3";

    std::vector<Customer> out;
    Stmt st(db_, sql);
    if (filter.group && !filter.only_no_group) st.bind(1, filter.group.value);
    if (!search.empty()) st.bind(2, like_escape(search));
    if (filter.limit > 0 && visible.all) st.bind(3, filter.limit);
    if (filter.special_group) st.bind(4, filter.special_group.value);
    while (st.row()) {
        if (!visible.contains(st.int64(0))) continue;
        out.push_back(read_customer(st));
        if (filter.limit > 0 && static_cast<int64_t>(out.size()) >= filter.limit) break;
    }
    return out;
}

std::vector<Employee> Engine::list_employees(bool include_archived) {
    std::string sql = kEmployeeColumns;
    if (!include_archived) sql += " WHERE archived = 0";
    sql += " ORDER BY name COLLATE FI, id";
    std::vector<Employee> out;
    Stmt st(db_, sql);
    while (st.row()) out.push_back(read_employee(st));
    return out;
}

std::vector<Team> Engine::list_teams() {
    std::vector<Team> out;
    Stmt st(db_, "SELECT id, name FROM team ORDER BY name COLLATE FI, id");
    while (st.row()) out.push_back(Team{TeamId(st.int64(0)), st.text(1)});
    return out;
}

std::vector<Role> Engine::list_roles() {
    std::vector<Role> out;
    // Customer roles first, then project roles: the order of the matrix's role pickers.
    Stmt st(db_, "SELECT id, name, code, kind FROM role ORDER BY kind = 'project', name COLLATE FI, id");
    while (st.row()) {
        Role r;
        r.id = RoleId(st.int64(0));
        r.name = st.text(1);
        r.code = st.text(2);
        r.kind = st.text_view(3) == "project" ? RoleKind::Project : RoleKind::Customer;
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<CustomerGroup> Engine::list_customer_groups() {
    std::vector<CustomerGroup> out;
    Stmt st(db_,
            "SELECT id, name, number_start, ledger_account, cost_centre FROM customer_group"
            " ORDER BY name COLLATE FI, id");
    while (st.row()) {
        CustomerGroup g;
        g.id = CustomerGroupId(st.int64(0));
        g.name = st.text(1);
        g.number_start = st.int64(2);
        g.ledger_account = st.text(3);
        g.cost_centre = st.text(4);
        out.push_back(std::move(g));
    }
    return out;
}

std::vector<SpecialGroup> Engine::list_special_groups() {
    std::vector<SpecialGroup> out;
    Stmt st(db_, "SELECT id, name, legend FROM special_group ORDER BY name COLLATE FI, id");
    while (st.row()) out.push_back(SpecialGroup{SpecialGroupId(st.int64(0)), st.text(1), st.text(2)});
    return out;
}

std::vector<Project> Engine::list_projects(CustomerId customer) {
    std::vector<Project> out;
    if (!visible_customers().contains(customer.value)) return out;
    // Numeric project numbers in numeric order ("2" before "10"); others after them by text.
    Stmt st(db_,
            "SELECT id, customer_id, number, name, archived FROM project WHERE customer_id = ?1"
            " ORDER BY number GLOB '*[^0-9]*', CAST(number AS INTEGER), number COLLATE FI, id");
    st.bind(1, customer.value);
    while (st.row()) {
        Project p;
        p.id = ProjectId(st.int64(0));
        p.customer = CustomerId(st.int64(1));
        p.number = st.text(2);
        p.name = st.text(3);
        p.archived = st.int64(4) != 0;
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<Responsibility> Engine::list_responsibilities(CustomerId customer) {
    std::vector<Responsibility> out;
    if (!visible_customers().contains(customer.value)) return out;
    // The customer's own rows first, then its projects' rows; both use their partial indexes.
    Stmt st(db_,
            "SELECT id, coalesce(customer_id, 0), coalesce(project_id, 0), employee_id, coalesce(role_id, 0),"
            " coalesce(valid_from, ''), coalesce(valid_to, '') FROM ("
            " SELECT * FROM responsibility WHERE customer_id = ?1"
            " UNION ALL SELECT r.* FROM responsibility r JOIN project p ON p.id = r.project_id"
            " WHERE p.customer_id = ?1)"
            " ORDER BY project_id IS NOT NULL, project_id, employee_id, id");
    st.bind(1, customer.value);
    while (st.row()) {
        Responsibility r;
        r.id = ResponsibilityId(st.int64(0));
        r.customer = CustomerId(st.int64(1));
        r.project = ProjectId(st.int64(2));
        r.employee = EmployeeId(st.int64(3));
        r.role = RoleId(st.int64(4));
        r.valid_from = st.text(5);
        r.valid_to = st.text(6);
        out.push_back(std::move(r));
    }
    return out;
}

Result<Customer> Engine::get_customer(CustomerId id) {
    Stmt st(db_, std::string(kCustomerColumns) + " WHERE id = ?1");
    st.bind(1, id.value);
    // A customer the viewer may not see does not exist for them: the same answer, nothing revealed.
    if (!visible_customers().contains(id.value) || !st.row())
        return Error{"customer.not_found", tr_format("error.customer.not_found", {std::to_string(id.value)}), ""};
    return read_customer(st);
}

Result<Employee> Engine::get_employee(EmployeeId id) {
    Stmt st(db_, std::string(kEmployeeColumns) + " WHERE id = ?1");
    st.bind(1, id.value);
    if (!st.row())
        return Error{"employee.not_found", tr_format("error.employee.not_found", {std::to_string(id.value)}), ""};
    return read_employee(st);
}

namespace {

// The customer a change-log entry is about: sync/visible_rows.cpp owns the rule.
const char* const kEntryCustomer = kChangeEntryCustomerSql;

// Newest first: the scan walks the rowid backwards and stops at `limit` kept entries.
std::vector<ChangeLogEntry> read_changes(Stmt& st, int limit, const Engine::VisibleCustomers& visible) {
    std::vector<ChangeLogEntry> out;
    while (static_cast<int>(out.size()) < limit && st.row()) {
        if (!st.is_null(9) && !visible.contains(st.int64(9))) continue;
        out.push_back(read_change_entry(st));
    }
    return out;
}

const char* const kChangeColumns =
    "SELECT id, group_id, at, who, command, entity, entity_id, coalesce(before, ''), coalesce(after, ''), ";

}  // namespace

std::vector<ChangeLogEntry> Engine::recent_changes(int limit) {
    const VisibleCustomers& visible = visible_customers();
    // The administrator reads plain rows; others also need each entry's customer to hide some.
    Stmt st(db_, std::string(kChangeColumns) + (visible.all ? "NULL" : kEntryCustomer) +
                     " FROM change_log ORDER BY id DESC");
    return read_changes(st, limit > 0 ? limit : 0, visible);
}

std::vector<ChangeLogEntry> Engine::recent_customer_changes(CustomerId customer, int limit) {
    if (!visible_customers().contains(customer.value)) return {};
    Stmt st(db_, std::string(kChangeColumns) + "NULL FROM change_log WHERE (" + kEntryCustomer +
                     ") = ?1 ORDER BY id DESC");
    st.bind(1, customer.value);
    return read_changes(st, limit > 0 ? limit : 0, visible_customers());
}

std::string Engine::setting(const std::string& key, const std::string& fallback) {
    Stmt st(db_, "SELECT value FROM setting WHERE key = ?1");
    st.bind(1, key);
    return st.row() ? st.text(0) : fallback;
}

bool Engine::roles_enabled() {
    const std::string set = setting("roles_enabled", "");
    if (!set.empty()) return set == "1";
    Stmt st(db_, "SELECT EXISTS (SELECT 1 FROM responsibility WHERE role_id IS NOT NULL AND role_id <> 0)");
    return st.row() && st.int64(0) != 0;
}

int64_t Engine::next_free_customer_number(CustomerGroupId group) {
    return vastuu::next_free_customer_number(db_, group.value);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Files (whole-database bytes, exports)
// ---------------------------------------------------------------------------------------------

Result<std::vector<uint8_t>> Engine::database_bytes() {
    sqlite3_int64 size = 0;
    unsigned char* data = sqlite3_serialize(db_, "main", &size, 0);
    if (!data) return Error{"db.serialize_failed", tr("error.db.serialize_failed"), ""};
    std::vector<uint8_t> bytes(data, data + size);
    sqlite3_free(data);
    return bytes;
}

Result<std::vector<uint8_t>> Engine::export_customers_xlsx(const CustomerFilter& filter) {
    std::vector<Customer> customers = list_customers(filter);
    std::unordered_map<int64_t, std::string> group_names;
    for (const CustomerGroup& g : list_customer_groups()) group_names.emplace(g.id.value, g.name);
    const std::string no_group = tr("group.none");

    XlsxSheet sheet;
    sheet.name = tr("xlsx.customers.sheet");
    sheet.columns = {{tr("xlsx.customers.number"), XlsxType::Integer, 0},
                     {tr("xlsx.customers.name"), XlsxType::Text, 0},
                     {tr("xlsx.customers.group"), XlsxType::Text, 0}};
    sheet.row_count = customers.size();
    sheet.row = [&](size_t row, std::vector<std::string>& cells) {
        const Customer& c = customers[row];
        cells.resize(3);
        cells[0] = std::to_string(c.number);
        cells[1] = c.name;
        auto g = group_names.find(c.group.value);
        cells[2] = c.group && g != group_names.end() ? g->second : no_group;
    };
    return write_xlsx({sheet});
}

}  // namespace vastuu
