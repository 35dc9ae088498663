// The responsibilities matrix model: every filter, cell states, counts, and incremental refresh
// after commands (checked against a model loaded from scratch).
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>

#include "io/demo_data.h"
#include "core/engine.h"
#include "models/responsibility_matrix.h"
#include "core/sql.h"
#include "core/text.h"
#include "xlsx_reader.h"
#include "engine_harness.h"

using namespace vastuu;
using namespace vastuu_test;

namespace {

const char* const kToday = "2026-06-15";

std::unique_ptr<Engine> demo_engine(DemoSize size = demo_default()) {
    auto engine = open_memory(fixed_clock(kToday, "2026-06-15T10:00:00Z"));
    REQUIRE(generate_demo(engine->handle(), size).ok());
    return engine;
}

// Every visible row and column count of two models must agree.
void require_same_counts(const ResponsibilityMatrix& a, const ResponsibilityMatrix& b) {
    REQUIRE(a.row_count() == b.row_count());
    REQUIRE(a.column_count() == b.column_count());
    for (size_t r = 0; r < a.row_count(); ++r) REQUIRE(a.row_responsible_count(r) == b.row_responsible_count(r));
    for (size_t c = 0; c < a.column_count(); ++c)
        REQUIRE(a.column_responsibility_count(c) == b.column_responsibility_count(c));
}

}  // namespace

TEST_CASE("the matrix shows active customers as rows and active employees as columns") {
    auto e = demo_engine();
    ResponsibilityMatrix m;
    REQUIRE(m.load(*e).ok());
    CHECK(m.row_count() == static_cast<size_t>(scalar(*e, "SELECT count(*) FROM customer WHERE archived = 0")));
    CHECK(m.column_count() == static_cast<size_t>(scalar(*e, "SELECT count(*) FROM employee WHERE archived = 0")));
    MatrixFilter f;
    f.include_archived = true;
    m.apply(f);
    CHECK(m.row_count() == static_cast<size_t>(scalar(*e, "SELECT count(*) FROM customer")));
}

TEST_CASE("rows are sorted by the Finnish alphabet: Å, Ä and Ö come after Z") {
    auto e = demo_engine();
    run(*e, {{"cmd", "customer.create"}, {"name", "Zeta Oy"}});
    run(*e, {{"cmd", "customer.create"}, {"name", "Ööpinen Oy"}});
    run(*e, {{"cmd", "customer.create"}, {"name", "Åland Ab"}});
    ResponsibilityMatrix m;
    REQUIRE(m.load(*e).ok());
    MatrixFilter f;
    f.search = "oy";
    long zeta = -1, oo = -1;
    m.apply(MatrixFilter{});
    for (size_t r = 0; r < m.row_count(); ++r) {
        if (m.row_label(r) == "Zeta Oy") zeta = static_cast<long>(r);
        if (m.row_label(r) == "Ööpinen Oy") oo = static_cast<long>(r);
    }
    REQUIRE(zeta >= 0);
    REQUIRE(oo >= 0);
    CHECK(zeta < oo);
    CHECK(m.row_label(m.row_count() - 1) == "Ööpinen Oy");
}

TEST_CASE("rows follow compare_finnish exactly, also for names alike in their first letters") {
    // The load sorts by a packed start of each sort key and compares whole keys only on a tie;
    // these names share long starts, differ in case, accents, digits and signs, or hold letters
    // whose weights do not fit the packed start (Greek, Chinese, an emoji).
    auto e = open_memory(fixed_clock(kToday, "2026-06-15T10:00:00Z"));
    std::vector<std::string> names = {"Tmi Aa", "Tmi Ab", "tmi aa", "TMI AA", "Tmi Äa", "Tmi Åa", "Tmi Öa",
                                      "Tmi A", "Tmi", "Tmi Aaaaaaaa", "Tmi Aaaaaaab", "As Oy Koivu", "As Oy Koivikko",
                                      "As Oy Köivu", "Ωmega Oy", "Ωmega", "日本商事", "日本", "😀 Oy", "😀", "10 Oy",
                                      "9 Oy", "-Oy", "Oy", "Oy-", "Éclair", "Eclair", "eclair", "Zeta", "Ångström"};
    std::mt19937 random(7);
    for (int i = 0; i < 300; ++i) {  // random names over a small alphabet: many equal starts
        const std::vector<std::string> letters = {"a", "A", "ä", "Ä", "ö", "å", "z", " ", "1", "Ω", "-"};
        std::string name;
        for (int k = 0, n = 1 + int(random() % 9); k < n; ++k) name += letters[random() % letters.size()];
        if (name.front() == ' ') name.front() = 'b';  // a name is trimmed: no space at the start
        names.push_back(name);
    }
    for (const std::string& name : names) run(*e, {{"cmd", "customer.create"}, {"name", name}});
    ResponsibilityMatrix m;
    REQUIRE(m.load(*e).ok());
    REQUIRE(m.row_count() == names.size());
    for (size_t r = 1; r < m.row_count(); ++r) {
        const int order = compare_finnish(m.row_label(r - 1), m.row_label(r));
        INFO(std::string(m.row_label(r - 1)) << " | " << std::string(m.row_label(r)));
        CHECK((order < 0 || (order == 0 && m.row_number(r - 1) < m.row_number(r))));
    }
}

TEST_CASE("search is case- and accent-insensitive and also matches a number prefix") {
    auto e = demo_engine();
    int64_t id = id_of(*e, {{"cmd", "customer.create"}, {"name", "Äijälä Kuljetus Oy"}, {"number", 987654}});
    ResponsibilityMatrix m;
    REQUIRE(m.load(*e).ok());
    MatrixFilter f;
    f.search = "AIJALA kulj";
    m.apply(f);
    REQUIRE(m.row_count() >= 1);
    CHECK(m.find_row(CustomerId(id), ProjectId()) >= 0);
    f.search = "98765";
    m.apply(f);
    REQUIRE(m.row_count() == 1);
    CHECK(m.row_customer(0) == CustomerId(id));
    // Only a prefix of the whole number: not its middle, and not more digits than it has.
    f.search = "87654";
    m.apply(f);
    CHECK(m.find_row(CustomerId(id), ProjectId()) < 0);
    f.search = "9876541";
    m.apply(f);
    CHECK(m.find_row(CustomerId(id), ProjectId()) < 0);
}

TEST_CASE("group, no-group and special-group filters keep only their customers") {
    auto e = demo_engine();
    ResponsibilityMatrix m;
    REQUIRE(m.load(*e).ok());
    int64_t group = scalar(*e, "SELECT group_id FROM customer WHERE group_id IS NOT NULL AND archived = 0 LIMIT 1");
    MatrixFilter f;
    f.group = CustomerGroupId(group);
    m.apply(f);
    CHECK(m.row_count() == static_cast<size_t>(scalar(*e, "SELECT count(*) FROM customer WHERE archived = 0 AND group_id = " + std::to_string(group))));
    f = {};
    f.no_group = true;
    m.apply(f);
    CHECK(m.row_count() == static_cast<size_t>(scalar(*e, "SELECT count(*) FROM customer WHERE archived = 0 AND group_id IS NULL")));
    int64_t special = scalar(*e, "SELECT special_group_id FROM special_group_member LIMIT 1");
    f = {};
    f.special_group = SpecialGroupId(special);
    m.apply(f);
    CHECK(m.row_count() == static_cast<size_t>(scalar(*e,
        "SELECT count(*) FROM special_group_member s JOIN customer c ON c.id = s.customer_id WHERE c.archived = 0 AND s.special_group_id = " + std::to_string(special))));
    CHECK(m.row_count() > 0);
}

TEST_CASE("the team filter limits the columns to the team's employees") {
    auto e = demo_engine();
    ResponsibilityMatrix m;
    REQUIRE(m.load(*e).ok());
    int64_t team = scalar(*e, "SELECT team_id FROM employee WHERE team_id IS NOT NULL AND archived = 0 LIMIT 1");
    MatrixFilter f;
    f.team = TeamId(team);
    m.apply(f);
    CHECK(m.column_count() == static_cast<size_t>(scalar(*e, "SELECT count(*) FROM employee WHERE archived = 0 AND team_id = " + std::to_string(team))));
    CHECK(m.row_count() == static_cast<size_t>(scalar(*e, "SELECT count(*) FROM customer WHERE archived = 0")));
}

TEST_CASE("the salesperson filter shows the customers of the groups that list the salesperson") {
    auto e = demo_engine();
    ResponsibilityMatrix m;
    REQUIRE(m.load(*e).ok());
    int64_t seller = scalar(*e, "SELECT employee_id FROM customer_group_salesperson LIMIT 1");
    MatrixFilter f;
    f.salesperson = EmployeeId(seller);
    m.apply(f);
    CHECK(m.row_count() == static_cast<size_t>(scalar(*e,
        "SELECT count(*) FROM customer c WHERE c.archived = 0 AND c.group_id IN "
        "(SELECT group_id FROM customer_group_salesperson WHERE employee_id = " + std::to_string(seller) + ")")));
}

TEST_CASE("employee, role and uncovered filters look at active responsibilities") {
    auto e = demo_engine();
    ResponsibilityMatrix m;
    REQUIRE(m.load(*e).ok());
    const std::string active = "(r.valid_from IS NULL OR r.valid_from <= '2026-06-15') AND (r.valid_to IS NULL OR r.valid_to >= '2026-06-15')";
    int64_t emp = scalar(*e, "SELECT employee_id FROM responsibility r WHERE customer_id IS NOT NULL AND " + active + " LIMIT 1");
    MatrixFilter f;
    f.employee = EmployeeId(emp);
    m.apply(f);
    CHECK(m.row_count() == static_cast<size_t>(scalar(*e,
        "SELECT count(DISTINCT c.id) FROM responsibility r JOIN customer c ON c.id = r.customer_id WHERE c.archived = 0 AND r.employee_id = " + std::to_string(emp) + " AND " + active)));
    CHECK(m.row_count() > 0);

    int64_t role = scalar(*e, "SELECT role_id FROM responsibility r WHERE customer_id IS NOT NULL AND role_id IS NOT NULL AND " + active + " LIMIT 1");
    f = {};
    f.role = RoleId(role);
    m.apply(f);
    CHECK(m.row_count() == static_cast<size_t>(scalar(*e,
        "SELECT count(DISTINCT c.id) FROM responsibility r JOIN customer c ON c.id = r.customer_id WHERE c.archived = 0 AND r.role_id = " + std::to_string(role) + " AND " + active)));

    f = {};
    f.uncovered_only = true;
    m.apply(f);
    CHECK(m.row_count() == static_cast<size_t>(scalar(*e,
        "SELECT count(*) FROM customer c WHERE c.archived = 0 AND NOT EXISTS (SELECT 1 FROM responsibility r WHERE r.customer_id = c.id AND " + active + ")")));
    for (size_t r = 0; r < m.row_count(); ++r) CHECK(m.row_responsible_count(r) == 0);
}

TEST_CASE("project mode shows projects under their customer") {
    auto e = demo_engine();
    ResponsibilityMatrix m;
    REQUIRE(m.load(*e).ok());
    MatrixFilter f;
    f.projects = true;
    f.include_archived = true;
    m.apply(f);
    CHECK(m.row_count() == static_cast<size_t>(scalar(*e, "SELECT count(*) FROM project")));
    REQUIRE(m.row_count() > 0);
    CHECK(m.row_project(0));
    CHECK(!m.row_customer_name(0).empty());
}

TEST_CASE("a cell shows active, role, expired and future responsibilities differently") {
    auto e = demo_engine();
    int64_t customer = id_of(*e, {{"cmd", "customer.create"}, {"name", "Solutestaus Oy"}});
    int64_t emp = scalar(*e, "SELECT id FROM employee WHERE archived = 0 ORDER BY id LIMIT 1");
    ResponsibilityMatrix m;
    REQUIRE(m.load(*e).ok());
    long row = m.find_row(CustomerId(customer), ProjectId());
    long col = m.find_column(EmployeeId(emp));
    REQUIRE(row >= 0);
    REQUIRE(col >= 0);
    CHECK(m.cell_flags(row, col) == kCellNone);

    run(*e, {{"cmd", "responsibility.toggle"}, {"customer_id", customer}, {"employee_id", emp}});
    REQUIRE(m.refresh().ok());
    CHECK(m.cell_flags(row, col) == kCellActive);
    CHECK(m.row_responsible_count(row) == 1);

    // Dates and roles written straight to the table: the model reads whatever the database holds.
    int64_t role = scalar(*e, "SELECT id FROM role WHERE kind = 'customer' LIMIT 1");
    REQUIRE(exec(e->handle(), ("UPDATE responsibility SET role_id = " + std::to_string(role) +
                               " WHERE customer_id = " + std::to_string(customer)).c_str()).ok());
    REQUIRE(m.load(*e).ok());
    MatrixCell cell = m.cell(m.find_row(CustomerId(customer), ProjectId()), col);
    CHECK(cell.flags == (kCellActive | kCellRole));
    CHECK(!cell.role_codes.empty());

    REQUIRE(exec(e->handle(), ("UPDATE responsibility SET valid_to = '2026-01-31' WHERE customer_id = " + std::to_string(customer)).c_str()).ok());
    REQUIRE(m.load(*e).ok());
    CHECK(m.cell_flags(m.find_row(CustomerId(customer), ProjectId()), col) == kCellExpired);

    REQUIRE(exec(e->handle(), ("UPDATE responsibility SET valid_to = NULL, valid_from = '2027-01-01' WHERE customer_id = " + std::to_string(customer)).c_str()).ok());
    REQUIRE(m.load(*e).ok());
    CHECK(m.cell_flags(m.find_row(CustomerId(customer), ProjectId()), col) == kCellFuture);
}

TEST_CASE("after random toggles, undos and redos the patched model equals a freshly loaded one") {
    auto e = demo_engine();
    ResponsibilityMatrix patched;
    REQUIRE(patched.load(*e).ok());
    std::mt19937 rng(7);
    for (int i = 0; i < 200; ++i) {
        size_t r = rng() % patched.row_count();
        size_t c = rng() % patched.column_count();
        int what = static_cast<int>(rng() % 10);
        nlohmann::json cmd;
        if (what == 0) cmd = {{"cmd", "undo"}};
        else if (what == 1) cmd = {{"cmd", "redo"}};
        else cmd = {{"cmd", "responsibility.toggle"}, {"customer_id", patched.row_customer(r).value},
                    {"employee_id", patched.column_employee(c).value}};
        auto result = e->execute(cmd);
        if (!result.ok()) {
            CHECK((result.error().code == "undo.nothing" || result.error().code == "redo.nothing"));
            continue;
        }
        REQUIRE(patched.refresh().ok());
        if (what >= 2) {
            bool responsible = (*result)["responsible"].get<bool>();
            CHECK(((patched.cell_flags(r, c) & kCellActive) != 0) == responsible);
        }
    }
    ResponsibilityMatrix fresh;
    REQUIRE(fresh.load(*e).ok());
    require_same_counts(patched, fresh);
    CHECK(patched.total_responsibilities() == fresh.total_responsibilities());
    for (size_t r = 0; r < fresh.row_count(); ++r)
        for (size_t c = 0; c < fresh.column_count(); ++c) REQUIRE(patched.cell_flags(r, c) == fresh.cell_flags(r, c));
}

TEST_CASE("column counts are the visible rows an employee is responsible for") {
    auto e = demo_engine();
    ResponsibilityMatrix m;
    REQUIRE(m.load(*e).ok());
    for (size_t c = 0; c < m.column_count(); ++c) {
        int64_t n = 0;
        for (size_t r = 0; r < m.row_count(); ++r) n += (m.cell_flags(r, c) & kCellActive) ? 1 : 0;
        REQUIRE(m.column_responsibility_count(c) == n);
    }
    for (size_t r = 0; r < m.row_count(); ++r) {
        int64_t n = 0;
        for (size_t c = 0; c < m.column_count(); ++c) n += (m.cell_flags(r, c) & kCellActive) ? 1 : 0;
        REQUIRE(m.row_responsible_count(r) == n);
    }
}

TEST_CASE("the matrix export holds exactly the visible grid and a long form of its responsibilities") {
    auto e = demo_engine();
    ResponsibilityMatrix m;
    REQUIRE(m.load(*e).ok());
    int64_t team = scalar(*e, "SELECT team_id FROM employee WHERE team_id IS NOT NULL AND archived = 0 LIMIT 1");
    MatrixFilter f;
    f.team = TeamId(team);
    f.search = "oy";
    m.apply(f);
    REQUIRE(m.row_count() > 0);
    auto bytes = m.export_xlsx();
    REQUIRE(bytes.ok());
    auto grid = xlsx_test::sheet_rows(*bytes, 1);
    REQUIRE(grid.size() == m.row_count() + 1);
    REQUIRE(grid[0].size() == m.column_count() + 2);
    for (size_t c = 0; c < m.column_count(); ++c) CHECK(grid[0][c + 2] == std::string(m.column_label(c)));
    size_t checks = 0, active = 0;
    for (size_t r = 0; r < m.row_count(); ++r) {
        CHECK(grid[r + 1][1] == std::string(m.row_label(r)));
        for (size_t c = 0; c < m.column_count(); ++c) {
            MatrixCell cell = m.cell(r, c);
            std::string want = !(cell.flags & kCellActive) ? "" : cell.role_codes.empty() ? "\xE2\x9C\x93" : cell.role_codes;
            std::string got = c + 2 < grid[r + 1].size() ? grid[r + 1][c + 2] : "";
            CHECK(got == want);
            ++checks;
            active += (cell.flags & kCellActive) ? 1 : 0;
        }
    }
    CHECK(checks > 0);
    auto list = xlsx_test::sheet_rows(*bytes, 2);
    CHECK(list.size() >= active + 1);
}

TEST_CASE("a matrix for an employee shows only the customers the engine lets them see, and their projects") {
    auto e = demo_engine();
    // The salesperson of the first group with customers sees that group's customers (and those
    // they are responsible for): the engine's visible set, computed here independently too.
    const int64_t viewer = scalar(*e, "SELECT s.employee_id FROM customer_group_salesperson s ORDER BY 1 LIMIT 1");
    std::vector<int64_t> expected;
    Stmt st(e->handle(),
            "SELECT c.id FROM customer c JOIN customer_group_salesperson s ON s.group_id = c.group_id"
            " WHERE s.employee_id = ?1 AND c.archived = 0"
            " UNION SELECT r.customer_id FROM responsibility r JOIN customer c ON c.id = r.customer_id"
            " WHERE r.employee_id = ?1 AND c.archived = 0 AND (r.valid_to IS NULL OR r.valid_to >= ?2)"
            " UNION SELECT p.customer_id FROM responsibility r JOIN project p ON p.id = r.project_id"
            " JOIN customer c ON c.id = p.customer_id WHERE r.employee_id = ?1 AND c.archived = 0"
            " AND (r.valid_to IS NULL OR r.valid_to >= ?2) ORDER BY 1");
    st.bind(1, viewer).bind(2, kToday);
    while (st.row()) expected.push_back(st.int64(0));
    REQUIRE(!expected.empty());
    ResponsibilityMatrix m;
    REQUIRE(m.load(*e).ok());
    const size_t all_rows = m.row_count();
    e->set_viewer(EmployeeId(viewer));
    MatrixFilter f;
    m.apply(f);
    CHECK(m.row_count() == expected.size());
    CHECK(m.row_count() < all_rows);
    for (size_t r = 0; r < m.row_count(); ++r)
        CHECK(std::binary_search(expected.begin(), expected.end(), m.row_customer(r).value));
    f.projects = true;
    m.apply(f);
    for (size_t r = 0; r < m.row_count(); ++r)
        CHECK(std::binary_search(expected.begin(), expected.end(), m.row_customer(r).value));
}

TEST_CASE("a cell's detail names its responsibilities and who changed it last, also after removal") {
    auto e = demo_engine();
    int64_t customer = id_of(*e, {{"cmd", "customer.create"}, {"name", "Tooltip Oy"}});
    int64_t emp = scalar(*e, "SELECT id FROM employee WHERE archived = 0 ORDER BY id LIMIT 1");
    e->set_actor("Maija Mäkelä");
    run(*e, {{"cmd", "responsibility.toggle"}, {"customer_id", customer}, {"employee_id", emp}});
    ResponsibilityMatrix m;
    REQUIRE(m.load(*e).ok());
    long row = m.find_row(CustomerId(customer), ProjectId());
    long col = m.find_column(EmployeeId(emp));
    MatrixCellDetail d = m.detail(row, col);
    REQUIRE(d.items.size() == 1);
    CHECK(d.changed_by == "Maija Mäkelä");
    CHECK(d.changed_at == "2026-06-15T10:00:00Z");
    e->set_actor("Ville Öhman");
    run(*e, {{"cmd", "responsibility.toggle"}, {"customer_id", customer}, {"employee_id", emp}});
    REQUIRE(m.refresh().ok());
    d = m.detail(row, col);
    CHECK(d.items.empty());
    CHECK(d.changed_by == "Ville Öhman");
}
