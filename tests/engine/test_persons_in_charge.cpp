// The persons-in-charge listing: every filter (search, person, archived, projects, as-of day, ending
// and ended, groups, visibility), stable Finnish sorting by each column, the export of exactly the
// listed rows, and keeping up with commands. A skipped case times the model at scale.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "io/demo_data.h"
#include "core/engine.h"
#include "core/i18n.h"
#include "models/persons_in_charge.h"
#include "core/sql.h"
#include "core/text.h"
#include "xlsx_reader.h"
#include "engine_harness.h"

using namespace vastuu;
using namespace vastuu_test;

namespace {

const char* const kToday = "2026-06-15";

std::unique_ptr<Engine> open_engine() { return open_memory(fixed_clock(kToday, "2026-06-15T10:00:00Z")); }

// A small firm whose every row is known:
//   r1 Zeta Oy (group Tilitoimisto A, special VIP)  Matti   Kirjanpitäjä   open
//   r2 Äijälä Oy (Ålandsgrupp)                      Anna    Palkanlaskija  2026-01-01..2026-06-30
//   r3 Aalto Ky (no group, VIP)                     Matti   -              ..2025-12-31 (ended)
//   r4 Öljy Oy (Tilitoimisto A, archived)           Ölli    -              open
//   r5 Åkerman Ab (Ålandsgrupp)                     Anna    Kirjanpitäjä   2026-07-01.. (future)
//   r6 project Ärrä-projekti of Zeta Oy             Ölli    Projektipäällikkö open
//   r7 project Vanha of Öljy Oy (archived customer) Matti   -              open
std::unique_ptr<Engine> firm() {
    auto e = open_engine();
    sql(*e, R"SQL(
INSERT INTO customer_group (id, name) VALUES (1, 'Tilitoimisto A'), (2, 'Ålandsgrupp');
INSERT INTO customer (id, number, name, group_id, archived) VALUES
  (1, 101, 'Zeta Oy', 1, 0), (2, 102, 'Äijälä Oy', 2, 0), (3, 103, 'Aalto Ky', NULL, 0),
  (4, 104, 'Öljy Oy', 1, 1), (5, 205, 'Åkerman Ab', 2, 0);
INSERT INTO special_group (id, name) VALUES (1, 'VIP');
INSERT INTO special_group_member (special_group_id, customer_id) VALUES (1, 1), (1, 3);
INSERT INTO employee (id, name, email, seller_info) VALUES
  (1, 'Matti Virtanen', 'm@x.fi', 'S1'), (2, 'Anna Ääri', 'a@x.fi', 'S2'), (3, 'Ölli Zed', '', '');
INSERT INTO role (id, name, kind) VALUES (1, 'Kirjanpitäjä', 'customer'), (2, 'Palkanlaskija', 'customer'),
  (3, 'Projektipäällikkö', 'project');
INSERT INTO project (id, customer_id, number, name) VALUES (1, 1, 'P1', 'Ärrä-projekti'), (2, 4, 'P2', 'Vanha');
INSERT INTO responsibility (id, customer_id, project_id, employee_id, role_id, valid_from, valid_to) VALUES
  (1, 1, NULL, 1, 1, NULL, NULL),
  (2, 2, NULL, 2, 2, '2026-01-01', '2026-06-30'),
  (3, 3, NULL, 1, NULL, NULL, '2025-12-31'),
  (4, 4, NULL, 3, NULL, NULL, NULL),
  (5, 5, NULL, 2, 1, '2026-07-01', NULL),
  (6, NULL, 1, 3, 3, NULL, NULL),
  (7, NULL, 2, 1, NULL, NULL, NULL);
)SQL");
    return e;
}

std::vector<int64_t> ids(const PersonsInCharge& m) {
    std::vector<int64_t> out;
    for (size_t r = 0; r < m.row_count(); ++r) out.push_back(m.row_id(r).value);
    return out;
}

using Ids = std::vector<int64_t>;

PersonsInCharge loaded(Engine& e) {
    PersonsInCharge m;
    REQUIRE(m.load(e).ok());
    return m;
}

std::string text_of(const PersonsInCharge& m, size_t r, PersonsColumn c) {
    switch (c) {
        case PersonsColumn::Customer: return std::string(m.row_customer_name(r));
        case PersonsColumn::Group: return std::string(m.row_group_name(r));
        case PersonsColumn::Person: return std::string(m.row_employee_name(r));
        case PersonsColumn::Email: return std::string(m.row_email(r));
        case PersonsColumn::SellerInfo: return std::string(m.row_seller_info(r));
        case PersonsColumn::Interval: return std::string(m.row_valid_from(r));
        case PersonsColumn::Role: return std::string(m.row_role_name(r));
    }
    return "";
}

const PersonsColumn kColumns[] = {PersonsColumn::Customer, PersonsColumn::Group,    PersonsColumn::Person,
                                  PersonsColumn::Email,    PersonsColumn::SellerInfo, PersonsColumn::Interval,
                                  PersonsColumn::Role};

// The n-th (0-based) <tag ...> inside the first <list>...</list> of `xml`, as its opening tag.
std::string nth_tag(const std::string& xml, const std::string& list, const std::string& tag, int n) {
    size_t p = xml.find("<" + list);
    REQUIRE(p != std::string::npos);
    for (int i = 0; i <= n; ++i) {
        do {
            p = xml.find("<" + tag, p + 1);
        } while (p != std::string::npos && std::string(" />").find(xml[p + 1 + tag.size()]) == std::string::npos);
        REQUIRE(p != std::string::npos);
    }
    return xml.substr(p, xml.find('>', p) - p);
}

std::string attr(const std::string& tag, const std::string& name) {
    size_t p = tag.find(" " + name + "=\"");
    if (p == std::string::npos) return "";
    p += name.size() + 3;
    return tag.substr(p, tag.find('"', p) - p);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Listing and filters
// ---------------------------------------------------------------------------------------------

TEST_CASE("the listing shows customer responsibilities of active customers in Finnish customer order") {
    auto e = firm();
    auto m = loaded(*e);
    CHECK(m.total_responsibilities() == 7);
    // Aalto, Zeta, Åkerman, Äijälä: Å and Ä after Z; ended and future rows stay listed as history.
    CHECK(ids(m) == Ids{3, 1, 5, 2});
}

TEST_CASE("show project participants adds project rows after their customer, with the project's name") {
    auto e = firm();
    auto m = loaded(*e);
    PersonsFilter f;
    f.show_projects = true;
    m.apply(f);
    CHECK(ids(m) == Ids{3, 1, 6, 5, 2});
    CHECK(m.row_project_name(2) == "Ärrä-projekti");
    CHECK(m.row_project_number(2) == "P1");
    CHECK(m.row_customer_name(2) == "Zeta Oy");
    CHECK(m.row_project(2) == ProjectId(1));
    CHECK(m.row_customer(2) == CustomerId(1));  // the card a click opens
    CHECK(m.row_project(1) == ProjectId());
    CHECK(m.row_project_name(1) == "");
}

TEST_CASE("show archived customers adds archived customers and their projects") {
    auto e = firm();
    auto m = loaded(*e);
    PersonsFilter f;
    f.include_archived = true;
    m.apply(f);
    CHECK(ids(m) == Ids{3, 1, 5, 2, 4});  // Öljy last
    f.show_projects = true;
    m.apply(f);
    CHECK(ids(m) == Ids{3, 1, 6, 5, 2, 4, 7});
}

TEST_CASE("the customer search is accent-insensitive and finds names, number prefixes and projects") {
    auto e = firm();
    auto m = loaded(*e);
    PersonsFilter f;
    f.search = "aijala";
    m.apply(f);
    CHECK(ids(m) == Ids{2});
    f.search = "ÄIJÄ";
    m.apply(f);
    CHECK(ids(m) == Ids{2});
    f.search = "10";
    m.apply(f);
    CHECK(ids(m) == Ids{3, 1, 2});  // 101, 102, 103; not 205
    f.search = "arra";
    f.show_projects = true;
    m.apply(f);
    CHECK(ids(m) == Ids{6});  // the project matches, its customer's own row does not
    f.search = "zeta";
    m.apply(f);
    CHECK(ids(m) == Ids{1, 6});  // a customer match lists its projects too
    f.search = "  ";
    m.apply(f);
    CHECK(m.row_count() == 5);
}

TEST_CASE("the employee filter lists one person's responsibilities") {
    auto e = firm();
    auto m = loaded(*e);
    PersonsFilter f;
    f.employee = EmployeeId(1);
    m.apply(f);
    CHECK(ids(m) == Ids{3, 1});
    f.employee = EmployeeId(999);
    m.apply(f);
    CHECK(m.row_count() == 0);
}

TEST_CASE("as of a day lists only responsibilities valid that day; open ends count as valid") {
    auto e = firm();
    auto m = loaded(*e);
    PersonsFilter f;
    f.as_of = kToday;
    m.apply(f);
    CHECK(ids(m) == Ids{1, 2});
    f.as_of = "2026-06-30";  // the last day of r2 still counts
    m.apply(f);
    CHECK(ids(m) == Ids{1, 2});
    f.as_of = "2026-07-01";
    m.apply(f);
    CHECK(ids(m) == Ids{1, 5});
    f.as_of = "2025-12-31";
    m.apply(f);
    CHECK(ids(m) == Ids{3, 1});
}

TEST_CASE("ending within N days and already ended count from today") {
    auto e = firm();
    auto m = loaded(*e);
    PersonsFilter f;
    f.ending_within_days = 15;  // 2026-06-30 is today + 15
    m.apply(f);
    CHECK(ids(m) == Ids{2});
    f.ending_within_days = 14;
    m.apply(f);
    CHECK(m.row_count() == 0);
    f.ending_within_days = -1;
    f.already_ended = true;
    m.apply(f);
    CHECK(ids(m) == Ids{3});
    f.ending_within_days = 30;  // both: either one
    m.apply(f);
    CHECK(ids(m) == Ids{3, 2});
}

TEST_CASE("group, no-group, special-group and visibility filters restrict by customer") {
    auto e = firm();
    auto m = loaded(*e);
    PersonsFilter f;
    f.customer_group = CustomerGroupId(1);
    m.apply(f);
    CHECK(ids(m) == Ids{1});  // Öljy is archived
    f.customer_group = CustomerGroupId();
    f.no_group = true;
    m.apply(f);
    CHECK(ids(m) == Ids{3});
    f.no_group = false;
    f.special_group = SpecialGroupId(1);
    f.show_projects = true;
    m.apply(f);
    CHECK(ids(m) == Ids{3, 1, 6});
    f.special_group = SpecialGroupId();
    // Who is looking comes from the engine: Anna is responsible for Äijälä (until 2026-06-30) and
    // Åkerman (from 2026-07-01), so she sees those two customers' rows only.
    e->set_viewer(EmployeeId(2));
    m.apply(f);
    auto sorted = [](Ids v) { std::sort(v.begin(), v.end()); return v; };
    CHECK(sorted(ids(m)) == Ids{2, 5});
    m.sort(PersonsColumn::Customer, true);  // the restriction survives a sort
    CHECK(ids(m) == Ids{5, 2});             // Åkerman before Äijälä in Finnish order (Å, Ä, Ö)
    e->set_viewer(EmployeeId());
    m.apply(f);
    CHECK(m.row_count() == 5);  // the administrator: every row of a non-archived customer again
}

TEST_CASE("row accessors give every column's text, ids, dates and state") {
    auto e = firm();
    auto m = loaded(*e);
    long r = m.find_row(ResponsibilityId(2));
    REQUIRE(r >= 0);
    size_t row = static_cast<size_t>(r);
    CHECK(m.row_customer_name(row) == "Äijälä Oy");
    CHECK(m.row_customer_number(row) == 102);
    CHECK(m.row_group(row) == CustomerGroupId(2));
    CHECK(m.row_group_name(row) == "Ålandsgrupp");
    CHECK(m.row_employee(row) == EmployeeId(2));
    CHECK(m.row_employee_name(row) == "Anna Ääri");
    CHECK(m.row_email(row) == "a@x.fi");
    CHECK(m.row_seller_info(row) == "S2");
    CHECK(m.row_valid_from(row) == "2026-01-01");
    CHECK(m.row_valid_to(row) == "2026-06-30");
    CHECK(m.row_role(row) == RoleId(2));
    CHECK(m.row_role_name(row) == "Palkanlaskija");
    CHECK(m.row_state(row) == PersonsRowState::Current);
    size_t aalto = static_cast<size_t>(m.find_row(ResponsibilityId(3)));
    CHECK(m.row_group_name(aalto) == "");
    CHECK(m.row_valid_from(aalto) == "");
    CHECK(m.row_role(aalto) == RoleId());
    CHECK(m.row_state(aalto) == PersonsRowState::Ended);
    CHECK(m.row_state(static_cast<size_t>(m.find_row(ResponsibilityId(5)))) == PersonsRowState::Future);
    CHECK(m.find_row(ResponsibilityId(4)) == -1);  // archived: not listed
}

// ---------------------------------------------------------------------------------------------
// Sorting
// ---------------------------------------------------------------------------------------------

TEST_CASE("each column sorts both ways in Finnish order, empty values first") {
    auto e = firm();
    auto m = loaded(*e);
    PersonsFilter f;
    f.include_archived = true;
    m.apply(f);
    m.sort(PersonsColumn::Customer, true);
    CHECK(ids(m) == Ids{3, 1, 5, 2, 4});  // Aalto Zeta Åkerman Äijälä Öljy
    m.sort(PersonsColumn::Customer, false);
    CHECK(ids(m) == Ids{4, 2, 5, 1, 3});
    m.sort(PersonsColumn::Group, true);
    CHECK(m.row_group_name(0) == "");
    CHECK(m.row_group_name(1) == "Tilitoimisto A");
    CHECK(m.row_group_name(4) == "Ålandsgrupp");
    m.sort(PersonsColumn::Person, true);
    CHECK(m.row_employee_name(0) == "Anna Ääri");
    CHECK(m.row_employee_name(4) == "Ölli Zed");
    m.sort(PersonsColumn::Email, true);
    CHECK(m.row_email(0) == "");
    CHECK(m.row_email(4) == "m@x.fi");
    m.sort(PersonsColumn::SellerInfo, false);
    CHECK(m.row_seller_info(0) == "S2");
    CHECK(m.row_seller_info(4) == "");
    m.sort(PersonsColumn::Interval, true);
    // Open starts first (ending 2025-12-31 before open ends), then by start day.
    CHECK(ids(m).front() == 3);
    CHECK(ids(m)[3] == 2);
    CHECK(ids(m)[4] == 5);
    m.sort(PersonsColumn::Role, true);
    CHECK(m.row_role_name(0) == "");
    CHECK(m.row_role_name(4) == "Palkanlaskija");
    CHECK(m.sort_column() == PersonsColumn::Role);
    CHECK(m.sort_ascending());
}

TEST_CASE("sorting is stable: rows that tie keep their previous order") {
    auto e = firm();
    auto m = loaded(*e);
    // Customer order first: Aalto(3) Zeta(1) Åkerman(5) Äijälä(2). By role: none, Kirjanpitäjä x2, Palkanlaskija.
    m.sort(PersonsColumn::Role, true);
    CHECK(ids(m) == Ids{3, 1, 5, 2});
    m.sort(PersonsColumn::Customer, false);
    m.sort(PersonsColumn::Role, true);
    CHECK(ids(m) == Ids{3, 5, 1, 2});  // Åkerman before Zeta now
    m.sort(PersonsColumn::Role, false);
    CHECK(ids(m) == Ids{2, 5, 1, 3});  // descending keeps ties in their order too
}

TEST_CASE("on the demo data every column's sort puts neighbours in Finnish order") {
    auto e = open_engine();
    REQUIRE(generate_demo(e->handle(), demo_default()).ok());
    auto m = loaded(*e);
    PersonsFilter f;
    f.show_projects = true;
    f.include_archived = true;
    m.apply(f);
    const size_t n = m.row_count();
    REQUIRE(n == static_cast<size_t>(m.total_responsibilities()));
    for (PersonsColumn c : kColumns) {
        for (bool asc : {true, false}) {
            m.sort(c, asc);
            REQUIRE(m.row_count() == n);
            for (size_t r = 1; r < n; ++r) {
                std::string a = text_of(m, r - 1, c), b = text_of(m, r, c);
                int cmp = c == PersonsColumn::Interval ? a.compare(b) : compare_finnish(a, b);
                INFO("column " << static_cast<int>(c) << " asc " << asc << " row " << r << ": " << a << " / " << b);
                if (c == PersonsColumn::Interval && (a.empty() || b.empty())) continue;  // open starts first
                REQUIRE((asc ? cmp <= 0 : cmp >= 0));
            }
        }
    }
}

TEST_CASE("a new filter keeps the current sort order") {
    auto e = firm();
    auto m = loaded(*e);
    m.sort(PersonsColumn::Customer, false);
    PersonsFilter f;
    f.employee = EmployeeId(1);
    m.apply(f);
    CHECK(ids(m) == Ids{1, 3});
}

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

TEST_CASE("the export holds exactly the listed rows in their order, with real date cells") {
    set_language(Lang::Fi);
    auto e = firm();
    auto m = loaded(*e);
    PersonsFilter f;
    f.show_projects = true;
    m.apply(f);
    m.sort(PersonsColumn::Person, true);
    auto bytes = m.export_xlsx();
    REQUIRE(bytes.ok());
    auto rows = xlsx_test::sheet_rows(*bytes);
    REQUIRE(rows.size() == m.row_count() + 1);
    for (auto& row : rows) row.resize(10);  // empty cells at a row's end are not written
    CHECK(rows[0] == std::vector<std::string>{"Numero", "Asiakkaan nimi", "Projekti", "Asiakasryhmä", "Vastuuhenkilö",
                                              "Sähköpostiosoite", "Myyjätiedot", "Alkaen", "Päättyen",
                                              "Asiakasrooli"});
    for (size_t r = 0; r < m.row_count(); ++r) {
        INFO("row " << r);
        CHECK(rows[r + 1][0] == std::to_string(m.row_customer_number(r)));
        CHECK(rows[r + 1][1] == m.row_customer_name(r));
        CHECK(rows[r + 1][2] == m.row_project_name(r));
        CHECK(rows[r + 1][3] == m.row_group_name(r));
        CHECK(rows[r + 1][4] == m.row_employee_name(r));
        CHECK(rows[r + 1][5] == m.row_email(r));
        CHECK(rows[r + 1][6] == m.row_seller_info(r));
        CHECK(rows[r + 1][9] == m.row_role_name(r));
    }
    // Anna Ääri sorts first; her two rows keep the customer order: Åkerman (r5), then Äijälä (r2).
    CHECK(ids(m) == Ids{5, 2, 3, 1, 6});
    auto cells = xlsx_test::sheet_cells(*bytes);
    const xlsx_test::XlsxCell* from = nullptr;
    const xlsx_test::XlsxCell* to = nullptr;
    for (const auto& c : cells) {
        if (c.row == 2 && c.col == 0) CHECK(c.type == "");  // the number is a number cell
        if (c.row == 2 && c.col == 7) from = &c;
        if (c.row == 2 && c.col == 8) to = &c;
    }
    REQUIRE(from);
    REQUIRE(to);
    CHECK(from->type == "");
    CHECK(from->value == "46023");  // 2026-01-01 as an Excel serial day
    CHECK(to->value == "46203");    // 2026-06-30
    auto styles = xlsx_test::zip_entry(*bytes, "xl/styles.xml");
    REQUIRE(styles);
    std::string fmt = attr(nth_tag(*styles, "cellXfs", "xf", from->style), "numFmtId");
    CHECK(styles->find("<numFmt numFmtId=\"" + fmt + "\" formatCode=\"yyyy-mm-dd\"") != std::string::npos);
    set_language(Lang::En);
}

TEST_CASE("without project rows the export has no project column") {
    auto e = firm();
    auto m = loaded(*e);
    auto bytes = m.export_xlsx();
    REQUIRE(bytes.ok());
    auto rows = xlsx_test::sheet_rows(*bytes);
    REQUIRE(rows.size() == 5);
    CHECK(rows[0].size() == 9);
    CHECK(rows[0][0] == tr("xlsx.customers.number"));
    CHECK(rows[0][1] == tr("persons.column.customer"));
    CHECK(rows[0][2] == tr("persons.column.group"));
    CHECK(rows[1][1] == "Aalto Ky");
    CHECK(rows[4][1] == "Äijälä Oy");
}

// ---------------------------------------------------------------------------------------------
// Keeping up with commands
// ---------------------------------------------------------------------------------------------

TEST_CASE("refresh after a command shows the new interval and keeps filter and order") {
    auto e = firm();
    auto m = loaded(*e);
    PersonsFilter f;
    f.as_of = kToday;
    m.apply(f);
    m.sort(PersonsColumn::Customer, false);
    CHECK(ids(m) == Ids{2, 1});
    auto r = e->execute({{"cmd", "responsibility.update"}, {"id", 1}, {"valid_to", "2026-06-01"}});
    REQUIRE(r.ok());
    REQUIRE(m.refresh().ok());
    CHECK(ids(m) == Ids{2});
    r = e->execute({{"cmd", "responsibility.update"}, {"id", 5}, {"valid_from", "2026-06-01"}});
    REQUIRE(r.ok());
    REQUIRE(m.refresh().ok());
    CHECK(ids(m) == Ids{2, 5});
    REQUIRE(e->execute({{"cmd", "undo"}}).ok());
    REQUIRE(e->execute({{"cmd", "undo"}}).ok());
    REQUIRE(m.refresh().ok());
    CHECK(ids(m) == Ids{2, 1});
    CHECK(m.sort_column() == PersonsColumn::Customer);
    CHECK_FALSE(m.sort_ascending());
}

TEST_CASE("an interval may not end before it starts") {
    auto e = firm();
    auto r = e->execute({{"cmd", "responsibility.update"}, {"id", 2}, {"valid_to", "2025-12-31"}});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "responsibility.bad_interval");
}

TEST_CASE("day numbers and ISO dates convert both ways without a clock") {
    CHECK(day_number("1970-01-01") == 0);
    CHECK(iso_day(*day_number("2024-03-01") - 1) == "2024-02-29");
    CHECK(iso_day(*day_number("2026-01-01") - 1) == "2025-12-31");
    CHECK_FALSE(day_number("2023-02-29"));
    CHECK_FALSE(day_number("2026-13-01"));
    CHECK_FALSE(day_number("26-01-01"));
    for (int32_t d = *day_number("1900-01-01"); d < *day_number("2100-12-31"); d += 7)
        REQUIRE(day_number(iso_day(d)) == d);
}

// ---------------------------------------------------------------------------------------------
// Timing at scale (run with: engine_tests -tc="*scale*" --no-skip)
// ---------------------------------------------------------------------------------------------

TEST_CASE("persons in charge at scale: load, sort, filter and export times" * doctest::skip()) {
    using clock = std::chrono::steady_clock;
    auto ms = [](clock::time_point a, clock::time_point b) {
        return std::chrono::duration<double, std::milli>(b - a).count();
    };
    auto e = open_engine();
    REQUIRE(generate_demo(e->handle(), demo_scale()).ok());
    PersonsInCharge m;
    auto t0 = clock::now();
    REQUIRE(m.load(*e).ok());
    auto t1 = clock::now();
    PersonsFilter all;
    all.show_projects = true;
    all.include_archived = true;
    m.apply(all);
    auto t2 = clock::now();
    std::printf("persons in charge: %zu rows; load %.1f ms, filter (all) %.1f ms\n", m.row_count(), ms(t0, t1),
                ms(t1, t2));
    for (PersonsColumn c : kColumns) {
        auto a = clock::now();
        m.sort(c, false);
        auto b = clock::now();
        std::printf("  sort by %s: %.1f ms\n", persons_column_key(c), ms(a, b));
    }
    PersonsFilter f = all;
    f.search = "oy";
    auto a = clock::now();
    m.apply(f);
    auto b = clock::now();
    std::printf("  filter search 'oy': %.1f ms (%zu rows)\n", ms(a, b), m.row_count());
    f = all;
    f.as_of = kToday;
    f.ending_within_days = 365;
    a = clock::now();
    m.apply(f);
    b = clock::now();
    std::printf("  filter as-of + ending: %.1f ms (%zu rows)\n", ms(a, b), m.row_count());
    m.apply(all);
    a = clock::now();
    REQUIRE(m.load(*e).ok());  // what refresh() does after any change
    b = clock::now();
    std::printf("  refresh (full reload): %.1f ms\n", ms(a, b));
    a = clock::now();
    auto bytes = m.export_xlsx();
    b = clock::now();
    REQUIRE(bytes.ok());
    std::printf("  export %zu rows: %.1f ms, %zu bytes\n", m.row_count(), ms(a, b), bytes->size());
}
