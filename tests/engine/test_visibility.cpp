// Salesperson visibility: a non-administrator sees the customers of the groups where they are a
// salesperson and the customers they are responsible for (on the customer or a project, by a
// responsibility not ended before today); the administrator sees all. The rules one by one first,
// then property tests on random data: for every employee as viewer, no list, look-up, card or
// export reveals a customer outside the set computed here independently.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "models/cards.h"
#include "io/demo_data.h"
#include "core/engine.h"
#include "core/i18n.h"
#include "models/group_exports.h"
#include "models/persons_in_charge.h"
#include "models/responsibility_matrix.h"
#include "io/dataset_json.h"
#include "visibility_oracle.h"
#include "xlsx_reader.h"
#include "engine_harness.h"

using namespace vastuu;
using namespace vastuu_test;
using nlohmann::json;

namespace {

// An engine whose "today" is whatever `today` holds when asked: the test moves the day.
std::unique_ptr<Engine> open_on(const std::string& today) {
    EngineOptions o = fixed_clock();
    o.today = [&today] { return today; };
    return open_memory(o);
}

std::set<int64_t> ids(const std::vector<Customer>& customers) {
    std::set<int64_t> out;
    for (const Customer& c : customers) out.insert(c.id.value);
    return out;
}

std::set<int64_t> all_visible(Engine& e) {
    CustomerFilter f;
    f.include_archived = true;
    return ids(e.list_customers(f));
}

// Two groups, four customers, three employees.
struct World {
    std::unique_ptr<Engine> e = open_memory();
    int64_t seller = id_of(*e, {{"cmd", "employee.create"}, {"name", "Myyjä Maija"}});
    int64_t accountant = id_of(*e, {{"cmd", "employee.create"}, {"name", "Kirjanpitäjä Kalle"}});
    int64_t outsider = id_of(*e, {{"cmd", "employee.create"}, {"name", "Ulkopuolinen Ulla"}});
    int64_t north = id_of(*e, {{"cmd", "group.create"}, {"name", "Pohjoinen"}, {"salesperson_ids", {seller}}});
    int64_t south = id_of(*e, {{"cmd", "group.create"}, {"name", "Etelä"}});
    int64_t n1 = id_of(*e, {{"cmd", "customer.create"}, {"name", "Pohjois-Yksi"}, {"group_id", north}});
    int64_t n2 = id_of(*e, {{"cmd", "customer.create"}, {"name", "Pohjois-Kaksi"}, {"group_id", north}});
    int64_t s1 = id_of(*e, {{"cmd", "customer.create"}, {"name", "Etelä-Yksi"}, {"group_id", south}});
    int64_t loose = id_of(*e, {{"cmd", "customer.create"}, {"name", "Irrallinen"}});
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// The rule, case by case
// ---------------------------------------------------------------------------------------------

TEST_CASE("the administrator sees every customer") {
    World w;
    CHECK_FALSE(w.e->viewer());
    CHECK(w.e->visible_customers().all);
    CHECK(all_visible(*w.e) == std::set<int64_t>{w.n1, w.n2, w.s1, w.loose});
}

TEST_CASE("a salesperson sees the customers of their groups, and a customer moved in or out follows at once") {
    World w;
    w.e->set_viewer(EmployeeId(w.seller));
    CHECK(all_visible(*w.e) == std::set<int64_t>{w.n1, w.n2});
    run(*w.e, {{"cmd", "group.update"}, {"id", w.north}, {"customer_ids", {w.n1, w.s1}}});
    CHECK(all_visible(*w.e) == std::set<int64_t>{w.n1, w.s1});
    run(*w.e, {{"cmd", "group.update"}, {"id", w.south}, {"salesperson_ids", {w.seller}}});
    CHECK(all_visible(*w.e) == std::set<int64_t>{w.n1, w.s1});  // n2 is in No group now
    run(*w.e, {{"cmd", "group.delete"}, {"id", w.north}});
    CHECK(all_visible(*w.e).empty());  // s1 went to No group with the group
}

TEST_CASE("an employee sees the customers they are responsible for, on the customer or one of its projects") {
    World w;
    w.e->set_viewer(EmployeeId(w.accountant));
    CHECK(all_visible(*w.e).empty());
    run(*w.e, {{"cmd", "responsibility.toggle"}, {"employee_id", w.accountant}, {"customer_id", w.loose}});
    CHECK(all_visible(*w.e) == std::set<int64_t>{w.loose});
    int64_t p = id_of(*w.e, {{"cmd", "project.create"}, {"customer_id", w.s1}, {"name", "Palkat"}});
    run(*w.e, {{"cmd", "responsibility.toggle"}, {"employee_id", w.accountant}, {"project_id", p}});
    CHECK(all_visible(*w.e) == std::set<int64_t>{w.loose, w.s1});
    run(*w.e, {{"cmd", "undo"}});
    CHECK(all_visible(*w.e) == std::set<int64_t>{w.loose});
}

TEST_CASE("a responsibility that ended before today gives no sight; one ending today or starting later does") {
    std::string today = "2026-03-02";
    auto e = open_on(today);
    int64_t emp = id_of(*e, {{"cmd", "employee.create"}, {"name", "Kalle"}});
    int64_t ended = id_of(*e, {{"cmd", "customer.create"}, {"name", "Ended"}});
    int64_t ends_today = id_of(*e, {{"cmd", "customer.create"}, {"name", "Ends today"}});
    int64_t future = id_of(*e, {{"cmd", "customer.create"}, {"name", "Future"}});
    auto responsible = [&](int64_t customer, const char* from, const char* to) {
        int64_t r = id_of(*e, {{"cmd", "responsibility.toggle"}, {"employee_id", emp}, {"customer_id", customer}});
        run(*e, {{"cmd", "responsibility.update"}, {"id", r}, {"valid_from", from}, {"valid_to", to}});
    };
    responsible(ended, "2025-01-01", "2026-03-01");
    responsible(ends_today, "2025-01-01", "2026-03-02");
    responsible(future, "2026-06-01", "");
    e->set_viewer(EmployeeId(emp));
    CHECK(all_visible(*e) == std::set<int64_t>{ends_today, future});
    // The next day, with no change to the data, the responsibility that ended yesterday gives no sight.
    today = "2026-03-03";
    CHECK(all_visible(*e) == std::set<int64_t>{future});
}

TEST_CASE("switching the viewer switches the visible customers, and back to the administrator sees all") {
    World w;
    run(*w.e, {{"cmd", "responsibility.toggle"}, {"employee_id", w.accountant}, {"customer_id", w.s1}});
    w.e->set_viewer(EmployeeId(w.seller));
    CHECK(all_visible(*w.e) == std::set<int64_t>{w.n1, w.n2});
    w.e->set_viewer(EmployeeId(w.accountant));
    CHECK(all_visible(*w.e) == std::set<int64_t>{w.s1});
    w.e->set_viewer(EmployeeId(w.outsider));
    CHECK(all_visible(*w.e).empty());
    w.e->set_viewer(EmployeeId(9999));  // an employee who does not exist sees nothing
    CHECK(all_visible(*w.e).empty());
    w.e->set_viewer(EmployeeId());
    CHECK(all_visible(*w.e).size() == 4);
}

TEST_CASE("a hidden customer is not found, has no projects, responsibilities, special groups or changes") {
    World w;
    int64_t p = id_of(*w.e, {{"cmd", "project.create"}, {"customer_id", w.s1}, {"name", "Palkat"}});
    run(*w.e, {{"cmd", "responsibility.toggle"}, {"employee_id", w.accountant}, {"project_id", p}});
    run(*w.e, {{"cmd", "special_group.create"}, {"name", "VIP"}, {"customer_ids", {w.s1, w.n1}}});
    w.e->set_viewer(EmployeeId(w.outsider));
    auto c = w.e->get_customer(CustomerId(w.s1));
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().code == "customer.not_found");
    CHECK(w.e->list_projects(CustomerId(w.s1)).empty());
    CHECK(w.e->list_responsibilities(CustomerId(w.s1)).empty());
    CHECK(w.e->list_customer_special_groups(CustomerId(w.s1)).empty());
    CHECK(w.e->list_special_group_members(SpecialGroupId(1)).empty());
    CHECK(w.e->list_special_group_memberships().empty());
    CHECK(w.e->recent_customer_changes(CustomerId(w.s1), 10).empty());
    // The change log keeps what concerns no customer (employees, groups) and hides the rest.
    for (const ChangeLogEntry& entry : w.e->recent_changes(1000)) {
        CHECK(entry.entity != "customer");
        CHECK(entry.entity != "project");
        CHECK(entry.entity != "responsibility");
        CHECK(entry.entity != "special_group_member");
    }
    w.e->set_viewer(EmployeeId(w.accountant));
    CHECK(w.e->get_customer(CustomerId(w.s1)).ok());
    CHECK(w.e->list_projects(CustomerId(w.s1)).size() == 1);
    CHECK(w.e->list_responsibilities(CustomerId(w.s1)).size() == 1);
    CHECK(w.e->list_special_group_members(SpecialGroupId(1)).size() == 1);
}

TEST_CASE("a limited customer list counts only visible customers towards its limit") {
    World w;
    for (int i = 0; i < 5; ++i) id_of(*w.e, {{"cmd", "customer.create"}, {"name", "A" + std::to_string(i)}});
    w.e->set_viewer(EmployeeId(w.seller));
    CustomerFilter f;
    f.limit = 2;
    auto list = w.e->list_customers(f);
    REQUIRE(list.size() == 2);  // the five "A" customers sort first but are hidden
    CHECK(ids(list) == std::set<int64_t>{w.n1, w.n2});
}

// ---------------------------------------------------------------------------------------------
// Property tests on random data
// ---------------------------------------------------------------------------------------------

namespace {

using vastuu_test::column;
using vastuu_test::expected_visible;
using vastuu_test::Random;

// Customer numbers by id, to read exports (which show numbers, not ids).
std::map<int64_t, int64_t> id_of_number(Engine& e) {
    std::map<int64_t, int64_t> out;
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(e.handle(), "SELECT number, id FROM customer", -1, &st, nullptr) == SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) out[sqlite3_column_int64(st, 0)] = sqlite3_column_int64(st, 1);
    sqlite3_finalize(st);
    return out;
}

// The customer ids in an export's first column (after the header).
std::set<int64_t> exported(const Result<std::vector<uint8_t>>& bytes, const std::map<int64_t, int64_t>& by_number) {
    REQUIRE(bytes.ok());
    std::set<int64_t> out;
    auto rows = xlsx_test::sheet_rows(bytes.value());
    REQUIRE_FALSE(rows.empty());
    // The table starts after its header row ("Number"); a special group's title lines come first.
    size_t header = 0;
    while (header < rows.size() && (rows[header].empty() || rows[header][0] != tr("xlsx.customers.number"))) ++header;
    REQUIRE(header < rows.size());
    for (size_t i = header + 1; i < rows.size(); ++i) out.insert(by_number.at(std::stoll(rows[i].at(0))));
    return out;
}

bool subset(const std::set<int64_t>& a, const std::set<int64_t>& b) {
    return std::includes(b.begin(), b.end(), a.begin(), a.end());
}

// Random extra links on top of the demo: salespersons added to groups, responsibilities on
// customers and projects, some of them ended and some in the future. All through commands, so the
// engine's revision moves as it would in use.
void add_random_links(Engine& e, Random& rng) {
    const auto employees = column(e, "SELECT id FROM employee");
    const auto groups = column(e, "SELECT id FROM customer_group");
    const auto customers = column(e, "SELECT id FROM customer");
    const auto projects = column(e, "SELECT id FROM project");
    for (int64_t g : groups) {
        if (rng.below(2)) continue;
        json people = json::array();
        for (int64_t s : column(e, ("SELECT employee_id FROM customer_group_salesperson WHERE group_id = " +
                                    std::to_string(g)).c_str()))
            people.push_back(s);
        people.push_back(employees[rng.below(employees.size())]);
        run(e, {{"cmd", "group.update"}, {"id", g}, {"salesperson_ids", people}});
    }
    for (int i = 0; i < 12; ++i) {
        const bool on_project = rng.below(3) == 0 && !projects.empty();
        json cmd = {{"cmd", "responsibility.toggle"}, {"employee_id", employees[rng.below(employees.size())]}};
        if (on_project) cmd["project_id"] = projects[rng.below(projects.size())];
        else cmd["customer_id"] = customers[rng.below(customers.size())];
        json r = run(e, cmd);
        if (!r.value("responsible", false)) continue;
        switch (rng.below(3)) {
            case 0: run(e, {{"cmd", "responsibility.update"}, {"id", r["id"]}, {"valid_from", "2025-01-01"},
                            {"valid_to", "2026-01-31"}}); break;  // ended
            case 1: run(e, {{"cmd", "responsibility.update"}, {"id", r["id"]}, {"valid_from", "2026-09-01"}}); break;
            default: break;
        }
    }
    // A customer moved between groups and one special group reshuffled.
    if (groups.size() >= 2)
        run(e, {{"cmd", "customer.update"}, {"id", customers[rng.below(customers.size())]}, {"group_id", groups[1]}});
}

}  // namespace

TEST_CASE("no view and no export reveals a customer the viewer may not see (random data, several seeds)") {
    for (uint64_t seed : {1ull, 7ull, 20261126ull, 99ull}) {
        CAPTURE(seed);
        auto e = open_memory();
        DemoSize size;
        size.customers = 60;
        size.projects = 70;
        size.employees = 14;
        size.teams = 2;
        size.roles = 4;
        size.customer_groups = 4;
        size.special_groups = 4;
        size.responsibilities = 90;
        size.seed = seed;
        REQUIRE(generate_demo(e->handle(), size).ok());
        Random rng{seed};
        add_random_links(*e, rng);

        const auto employees = column(*e, "SELECT id FROM employee");
        const auto customers = column(*e, "SELECT id FROM customer");
        const auto projects = column(*e, "SELECT id FROM project");
        const auto groups = column(*e, "SELECT id FROM customer_group");
        const auto specials = column(*e, "SELECT id FROM special_group");
        const auto by_number = id_of_number(*e);
        const std::set<int64_t> everyone(customers.begin(), customers.end());
        std::map<int64_t, int64_t> customer_of_project;
        for (int64_t p : projects)
            customer_of_project[p] =
                column(*e, ("SELECT customer_id FROM project WHERE id = " + std::to_string(p)).c_str()).at(0);

        // The administrator sees all, in every list and export.
        e->set_viewer(EmployeeId());
        CHECK(all_visible(*e) == everyone);
        CustomerFilter all_filter;
        all_filter.include_archived = true;
        CHECK(exported(e->export_customers_xlsx(all_filter), by_number) == everyone);

        size_t someone_sees_something = 0, someone_misses_something = 0;
        for (int64_t viewer : employees) {
            CAPTURE(viewer);
            e->set_viewer(EmployeeId(viewer));
            const std::set<int64_t> allowed = expected_visible(*e, viewer, "2026-03-02");
            someone_sees_something += allowed.empty() ? 0 : 1;
            someone_misses_something += allowed.size() < everyone.size() ? 1 : 0;

            // Lists: exactly the allowed customers, and filters never widen that.
            CHECK(all_visible(*e) == allowed);
            CHECK(subset(ids(e->list_customers({})), allowed));
            CustomerFilter limited;
            limited.limit = 3;
            auto few = e->list_customers(limited);
            CHECK(subset(ids(few), allowed));
            CHECK(few.size() == std::min<size_t>(3, e->list_customers({}).size()));
            for (int64_t g : groups) {
                CustomerFilter f;
                f.include_archived = true;
                f.group = CustomerGroupId(g);
                CHECK(subset(ids(e->list_customers(f)), allowed));
            }
            for (int64_t s : specials) {
                CHECK(subset(ids(e->list_special_group_members(SpecialGroupId(s))), allowed));
                CustomerFilter f;
                f.special_group = SpecialGroupId(s);
                f.search = "o";
                CHECK(subset(ids(e->list_customers(f)), allowed));
            }
            for (const auto& [customer, special] : e->list_special_group_memberships())
                CHECK(allowed.count(customer.value) == 1);

            // Look-ups and cards: a customer outside the set does not exist for this viewer.
            for (int64_t c : customers) {
                const bool may = allowed.count(c) == 1;
                CHECK(e->get_customer(CustomerId(c)).ok() == may);
                CHECK(customer_card(*e, CustomerId(c)).ok() == may);
                if (!may) {
                    CHECK(e->list_projects(CustomerId(c)).empty());
                    CHECK(e->list_responsibilities(CustomerId(c)).empty());
                    CHECK(e->list_customer_special_groups(CustomerId(c)).empty());
                    CHECK(e->recent_customer_changes(CustomerId(c), 50).empty());
                }
            }
            for (int64_t p : projects)
                CHECK(project_card(*e, ProjectId(p)).ok() == (allowed.count(customer_of_project[p]) == 1));

            // Exports: the customers list, every group's, No group's and every special group's.
            CHECK(exported(e->export_customers_xlsx(all_filter), by_number) == allowed);
            std::set<int64_t> from_groups = exported(export_group_customers_xlsx(*e, CustomerGroupId(), true), by_number);
            for (int64_t g : groups) {
                auto part = exported(export_group_customers_xlsx(*e, CustomerGroupId(g), true), by_number);
                from_groups.insert(part.begin(), part.end());
            }
            CHECK(from_groups == allowed);  // the groups and No group together: all and only the allowed
            for (int64_t s : specials)
                CHECK(subset(exported(export_special_group_customers_xlsx(*e, SpecialGroupId(s), true), by_number),
                             allowed));

            // The read models and the dataset export: built from the engine, they show only what
            // its viewer may see, whatever filter the view asks for.
            ResponsibilityMatrix matrix;
            REQUIRE(matrix.load(*e).ok());
            for (bool project_rows : {false, true}) {
                MatrixFilter mf;
                mf.projects = project_rows;
                mf.include_archived = true;
                matrix.apply(mf);
                std::set<int64_t> rows;
                for (size_t r = 0; r < matrix.row_count(); ++r) rows.insert(matrix.row_customer(r).value);
                CHECK(subset(rows, allowed));
                if (!project_rows) CHECK(rows == allowed);
            }
            PersonsInCharge persons;
            REQUIRE(persons.load(*e).ok());
            PersonsFilter pf;
            pf.include_archived = true;
            pf.show_projects = true;
            persons.apply(pf);
            for (size_t r = 0; r < persons.row_count(); ++r) CHECK(allowed.count(persons.row_customer(r).value) == 1);
            auto doc = export_dataset_json(*e);
            REQUIRE(doc.ok());
            std::set<int64_t> in_document;
            for (const json& row : doc.value()["tables"]["customer"]) in_document.insert(row["id"].get<int64_t>());
            CHECK(in_document == allowed);
            for (const json& row : doc.value()["tables"]["project"]) CHECK(allowed.count(row["customer_id"].get<int64_t>()) == 1);
            for (const json& row : doc.value()["tables"]["special_group_member"])
                CHECK(allowed.count(row["customer_id"].get<int64_t>()) == 1);
            for (const json& row : doc.value()["tables"]["responsibility"]) {
                const int64_t customer = row["customer_id"].is_number() ? row["customer_id"].get<int64_t>()
                                                                        : customer_of_project.at(row["project_id"]);
                CHECK(allowed.count(customer) == 1);
            }

            // The change log: no entry about a hidden customer.
            for (const ChangeLogEntry& entry : e->recent_changes(100000)) {
                const std::string& row = entry.after.empty() ? entry.before : entry.after;
                json data = json::parse(row);
                int64_t customer = 0;
                if (entry.entity == "customer") customer = entry.entity_id;
                else if (data.contains("customer_id") && data["customer_id"].is_number()) customer = data["customer_id"];
                else if (entry.entity == "responsibility") customer = customer_of_project.at(data["project_id"]);
                if (customer) CHECK(allowed.count(customer) == 1);
            }
        }
        // The data exercises the rule: neither only empty sets nor only everything.
        CHECK(someone_sees_something > 0);
        CHECK(someone_misses_something > 0);
    }
}
