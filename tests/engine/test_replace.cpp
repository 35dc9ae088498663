// The replace tool (responsibility.replace and preview_replace): what the preview lists is what the
// command changes; X's rows end the day before D and Y's start on D, so history is kept; one undo
// step restores everything; group and role restrictions; refusals with their codes.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/engine.h"
#include "models/persons_in_charge.h"
#include "core/sql.h"
#include "engine_harness.h"

using namespace vastuu;
using namespace vastuu_test;
using json = nlohmann::json;

namespace {

std::unique_ptr<Engine> open_engine() { return open_memory(fixed_clock("2026-06-15", "2026-06-15T10:00:00Z")); }

// X = Matti (1) leaves; Y = Anna (2) takes over; Ölli (3) is a bystander.
//   r1 Zeta Oy (group 1)    Matti  Kirjanpitäjä  open                   -> ends, Anna from D
//   r2 Äijälä Oy (group 2)  Matti  Palkanlaskija 2026-01-01..2026-12-31 -> ends, Anna D..2026-12-31
//   r3 Aalto Ky (no group)  Matti  -             ..2025-12-31 (ended)   -> untouched history
//   r4 Zeta's project       Matti  Projektipäällikkö open               -> ends, Anna from D
//   r5 Åkerman Ab (group 2) Matti  -             2026-09-01..           -> handed to Anna (starts after D)
//   r6 Zeta Oy              Ölli   Kirjanpitäjä  open                   -> untouched
std::unique_ptr<Engine> firm() {
    auto e = open_engine();
    REQUIRE(exec(e->handle(), R"SQL(
INSERT INTO customer_group (id, name) VALUES (1, 'Tilitoimisto A'), (2, 'Ålandsgrupp');
INSERT INTO customer (id, number, name, group_id) VALUES
  (1, 101, 'Zeta Oy', 1), (2, 102, 'Äijälä Oy', 2), (3, 103, 'Aalto Ky', NULL), (5, 205, 'Åkerman Ab', 2);
INSERT INTO employee (id, name) VALUES (1, 'Matti Virtanen'), (2, 'Anna Ääri'), (3, 'Ölli Zed');
INSERT INTO role (id, name, kind) VALUES (1, 'Kirjanpitäjä', 'customer'), (2, 'Palkanlaskija', 'customer'),
  (3, 'Projektipäällikkö', 'project');
INSERT INTO project (id, customer_id, number, name) VALUES (1, 1, 'P1', 'Ärrä-projekti');
INSERT INTO responsibility (id, customer_id, project_id, employee_id, role_id, valid_from, valid_to) VALUES
  (1, 1, NULL, 1, 1, NULL, NULL),
  (2, 2, NULL, 1, 2, '2026-01-01', '2026-12-31'),
  (3, 3, NULL, 1, NULL, NULL, '2025-12-31'),
  (4, NULL, 1, 1, 3, NULL, NULL),
  (5, 5, NULL, 1, NULL, '2026-09-01', NULL),
  (6, 1, NULL, 3, 1, NULL, NULL);
)SQL").ok());
    return e;
}

struct Row { int64_t employee; std::string from, to; int64_t role; };

// The rows of one target (customer_id or project_id = id), by id.
std::vector<Row> rows_of(Engine& e, const char* column, int64_t id) {
    Stmt st(e.handle(), std::string("SELECT employee_id, ifnull(valid_from, ''), ifnull(valid_to, ''), ifnull(role_id, 0) "
                                    "FROM responsibility WHERE ") + column + " = ?1 ORDER BY id");
    st.bind(1, id);
    std::vector<Row> out;
    while (st.row()) out.push_back({st.int64(0), st.text(1), st.text(2), st.int64(3)});
    return out;
}

json replace_cmd(const char* date, bool preview = false) {
    json cmd{{"cmd", "responsibility.replace"}, {"from_employee_id", 1}, {"to_employee_id", 2}, {"from_date", date}};
    if (preview) cmd["preview"] = true;
    return cmd;
}

std::string error_code(Engine& e, const json& cmd) {
    auto r = e.execute(cmd);
    return r.ok() ? std::string("ok") : r.error().code;
}

}  // namespace

TEST_CASE("the preview lists the responsibilities and customers that would move, and changes nothing") {
    auto e = firm();
    const std::string before = snapshot(*e);
    const uint64_t revision = e->revision();
    auto r = e->execute(replace_cmd("2026-07-01", true));
    REQUIRE(r.ok());
    CHECK((*r)["count"] == 4);  // r1, r2, r4, r5; r3 ended before D
    const json& customers = (*r)["customers"];
    REQUIRE(customers.size() == 3);  // Zeta (customer and project), Åkerman, Äijälä: Finnish order
    CHECK(customers[0]["name"] == "Zeta Oy");
    CHECK(customers[0]["id"] == 1);
    CHECK(customers[0]["number"] == 101);
    CHECK(customers[1]["name"] == "Åkerman Ab");
    CHECK(customers[2]["name"] == "Äijälä Oy");
    CHECK(snapshot(*e) == before);
    CHECK(e->revision() == revision);
    CHECK_FALSE(e->can_undo());

    auto preview = preview_replace(e->handle(), {EmployeeId(1), EmployeeId(2), "2026-07-01", {}, {}});
    REQUIRE(preview.ok());
    CHECK(preview->count == 4);
    CHECK(preview->responsibility_ids == std::vector<int64_t>{1, 2, 4, 5});
    CHECK(preview->customers.size() == 3);
}

TEST_CASE("replacing ends X's responsibilities the day before D and starts Y's on D, keeping history") {
    auto e = firm();
    auto preview = preview_replace(e->handle(), {EmployeeId(1), EmployeeId(2), "2026-07-01", {}, {}});
    REQUIRE(preview.ok());
    auto r = e->execute(replace_cmd("2026-07-01"));
    REQUIRE(r.ok());
    CHECK((*r)["count"] == preview->count);
    CHECK((*r)["ended"] == 3);
    CHECK((*r)["moved"] == 1);
    CHECK((*r)["added"] == 3);

    auto zeta = rows_of(*e, "customer_id", 1);
    REQUIRE(zeta.size() == 3);  // Matti ended, Ölli untouched, Anna new
    CHECK(zeta[0].employee == 1);
    CHECK(zeta[0].from == "");
    CHECK(zeta[0].to == "2026-06-30");
    CHECK(zeta[1].employee == 3);
    CHECK(zeta[1].to == "");
    CHECK(zeta[2].employee == 2);
    CHECK(zeta[2].from == "2026-07-01");
    CHECK(zeta[2].to == "");
    CHECK(zeta[2].role == 1);

    auto aijala = rows_of(*e, "customer_id", 2);
    REQUIRE(aijala.size() == 2);
    CHECK(aijala[0].employee == 1);
    CHECK(aijala[0].from == "2026-01-01");
    CHECK(aijala[0].to == "2026-06-30");
    CHECK(aijala[1].employee == 2);
    CHECK(aijala[1].from == "2026-07-01");
    CHECK(aijala[1].to == "2026-12-31");  // X's old end
    CHECK(aijala[1].role == 2);

    auto aalto = rows_of(*e, "customer_id", 3);
    REQUIRE(aalto.size() == 1);
    CHECK(aalto[0].employee == 1);
    CHECK(aalto[0].to == "2025-12-31");

    auto project = rows_of(*e, "project_id", 1);
    REQUIRE(project.size() == 2);
    CHECK(project[0].to == "2026-06-30");
    CHECK(project[1].employee == 2);
    CHECK(project[1].from == "2026-07-01");
    CHECK(project[1].role == 3);

    auto akerman = rows_of(*e, "customer_id", 5);  // started after D: handed over, no empty history
    REQUIRE(akerman.size() == 1);
    CHECK(akerman[0].employee == 2);
    CHECK(akerman[0].from == "2026-09-01");

    // Nothing of Matti's remains from D on.
    auto again = preview_replace(e->handle(), {EmployeeId(1), EmployeeId(2), "2026-07-01", {}, {}});
    REQUIRE(again.ok());
    CHECK(again->count == 0);
}

TEST_CASE("the day before D crosses month, year and leap-day boundaries") {
    for (auto [d, before] : {std::pair<const char*, const char*>{"2026-01-01", "2025-12-31"},
                             {"2028-03-01", "2028-02-29"},
                             {"2027-03-01", "2027-02-28"}}) {
        auto e = firm();
        REQUIRE(e->execute(replace_cmd(d)).ok());
        auto zeta = rows_of(*e, "customer_id", 1);
        CHECK(zeta[0].to == before);
        CHECK(zeta[2].from == d);
    }
}

TEST_CASE("a replace is one undo step and undo restores exactly") {
    auto e = firm();
    const std::string before = snapshot(*e, {"change_log"});
    REQUIRE(e->execute(replace_cmd("2026-07-01")).ok());
    const std::string after = snapshot(*e, {"change_log"});
    CHECK(after != before);
    CHECK(e->undo_label() == "responsibility.replace");
    REQUIRE(e->execute({{"cmd", "undo"}}).ok());
    CHECK(snapshot(*e, {"change_log"}) == before);
    CHECK_FALSE(e->can_undo());
    REQUIRE(e->execute({{"cmd", "redo"}}).ok());
    CHECK(snapshot(*e, {"change_log"}) == after);
}

TEST_CASE("only in group G moves the responsibilities on G's customers and their projects") {
    auto e = firm();
    json cmd = replace_cmd("2026-07-01");
    cmd["group_id"] = 1;
    auto r = e->execute(cmd);
    REQUIRE(r.ok());
    CHECK((*r)["count"] == 2);  // Zeta's customer row and Zeta's project row
    CHECK(rows_of(*e, "customer_id", 1).size() == 3);
    CHECK(rows_of(*e, "project_id", 1).size() == 2);
    auto aijala = rows_of(*e, "customer_id", 2);
    REQUIRE(aijala.size() == 1);
    CHECK(aijala[0].to == "2026-12-31");
}

TEST_CASE("only with role R moves the responsibilities in that role") {
    auto e = firm();
    json cmd = replace_cmd("2026-07-01");
    cmd["role_id"] = 2;
    auto r = e->execute(cmd);
    REQUIRE(r.ok());
    CHECK((*r)["count"] == 1);
    CHECK(rows_of(*e, "customer_id", 2).size() == 2);
    CHECK(rows_of(*e, "customer_id", 1).size() == 2);  // Kirjanpitäjä stays Matti's
}

TEST_CASE("Y gets no duplicate where Y already has the same target and role") {
    auto e = firm();
    REQUIRE(exec(e->handle(), "INSERT INTO responsibility (customer_id, employee_id, role_id) VALUES (1, 2, 1)").ok());
    REQUIRE(e->execute(replace_cmd("2026-07-01")).ok());
    auto zeta = rows_of(*e, "customer_id", 1);
    REQUIRE(zeta.size() == 3);  // Matti ended, Ölli, Anna's existing row: no second Anna row
    CHECK(zeta[0].to == "2026-06-30");
    int anna = 0;
    for (const Row& row : zeta) anna += row.employee == 2;
    CHECK(anna == 1);
}

TEST_CASE("the replace tool refuses with stable codes") {
    auto e = firm();
    json same = replace_cmd("2026-07-01");
    same["to_employee_id"] = 1;
    CHECK(error_code(*e, same) == "replace.same_employee");
    CHECK(error_code(*e, replace_cmd("2026-02-30")) == "responsibility.bad_date");
    CHECK(error_code(*e, replace_cmd("1.7.2026")) == "responsibility.bad_date");
    CHECK(error_code(*e, replace_cmd("")) == "command.missing_argument");
    json no_date = replace_cmd("2026-07-01");
    no_date.erase("from_date");
    CHECK(error_code(*e, no_date) == "command.missing_argument");
    json unknown = replace_cmd("2026-07-01");
    unknown["to_employee_id"] = 99;
    CHECK(error_code(*e, unknown) == "employee.not_found");
    json group = replace_cmd("2026-07-01");
    group["group_id"] = 99;
    CHECK(error_code(*e, group) == "group.not_found");
    json role = replace_cmd("2026-07-01");
    role["role_id"] = 99;
    CHECK(error_code(*e, role) == "role.not_found");
    json typo = replace_cmd("2026-07-01");
    typo["grup_id"] = 1;
    CHECK(error_code(*e, typo) == "command.bad_argument");
    json nothing{{"cmd", "responsibility.replace"}, {"from_employee_id", 2}, {"to_employee_id", 1},
                 {"from_date", "2026-07-01"}};
    CHECK(error_code(*e, nothing) == "replace.nothing");
    nothing["preview"] = true;
    auto r = e->execute(nothing);
    REQUIRE(r.ok());
    CHECK((*r)["count"] == 0);
    CHECK_FALSE(e->can_undo());

    auto direct = preview_replace(e->handle(), {EmployeeId(1), EmployeeId(1), "2026-07-01", {}, {}});
    REQUIRE_FALSE(direct.ok());
    CHECK(direct.error().code == "replace.same_employee");
}

TEST_CASE("the listing shows the hand-over after a replace") {
    auto e = firm();
    PersonsInCharge m;
    REQUIRE(m.load(*e).ok());
    PersonsFilter f;
    f.as_of = "2026-07-01";
    f.customer_group = CustomerGroupId(1);
    m.apply(f);
    REQUIRE(m.row_count() == 2);  // Matti and Ölli on Zeta
    REQUIRE(e->execute(replace_cmd("2026-07-01")).ok());
    REQUIRE(m.refresh().ok());
    REQUIRE(m.row_count() == 2);
    std::vector<std::string> names{std::string(m.row_employee_name(0)), std::string(m.row_employee_name(1))};
    CHECK(std::find(names.begin(), names.end(), "Anna Ääri") != names.end());
    CHECK(std::find(names.begin(), names.end(), "Matti Virtanen") == names.end());
    f.as_of = "2026-06-30";
    m.apply(f);
    CHECK(m.row_count() == 2);  // Matti still there on his last day
}
