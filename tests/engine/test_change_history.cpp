// The Changes view's model (models/change_history.h): every change-log entry newest first, with who,
// action, what and field changes in words; the filters by person, day, customer and text; its
// export read back; the indexes its queries use (schema v3); visibility for a viewer who is not the
// administrator, as a property on random data; and its speed on 100,000 log entries.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <string>

#include "core/engine.h"
#include "core/schema.h"
#include "core/i18n.h"
#include "io/demo_data.h"
#include "models/change_history.h"
#include "visibility_oracle.h"
#include "xlsx_reader.h"

using namespace vastuu;
using nlohmann::json;

namespace {

// The engine's clock is `now` (changed by the tests between commands); today is its day.
struct World {
    std::string now = "2026-03-02T08:00:00Z";
    std::unique_ptr<Engine> e;
    World() {
        EngineOptions o;
        o.actor = "Päivi Pääkäyttäjä";
        o.now_utc = [this] { return now; };
        o.today = [this] { return now.substr(0, 10); };
        auto r = Engine::open(":memory:", o);
        REQUIRE(r.ok());
        e = std::move(r.value());
    }
    json run(const json& cmd) {
        auto r = e->execute(cmd);
        INFO(cmd.dump(), " -> ", r.ok() ? std::string() : r.error().code + ": " + r.error().message);
        REQUIRE(r.ok());
        return r.value();
    }
    int64_t id(const json& cmd) { return run(cmd)["id"].get<int64_t>(); }
};

// Two customers with a project each, a responsibility on the first one's project, a special-group
// membership, by two people on three days.
struct Office : World {
    int64_t aino = 0, group = 0, alfa = 0, beta = 0, p_alfa = 0, p_beta = 0, vip = 0, resp = 0;
    Office() {
        now = "2026-03-01T09:00:00Z";
        aino = id({{"cmd", "employee.create"}, {"name", "Aino Äijälä"}});
        group = id({{"cmd", "group.create"}, {"name", "Pohjoinen"}});
        alfa = id({{"cmd", "customer.create"}, {"name", "Alfa Oy"}, {"group_id", group}});
        beta = id({{"cmd", "customer.create"}, {"name", "Beeta Ab"}});
        now = "2026-03-02T23:59:59Z";
        e->set_actor("Aino Äijälä");
        p_alfa = id({{"cmd", "project.create"}, {"customer_id", alfa}, {"name", "Tilinpäätös"}, {"number", "P-1"}});
        p_beta = id({{"cmd", "project.create"}, {"customer_id", beta}, {"name", "Palkat"}, {"number", "P-2"}});
        resp = id({{"cmd", "responsibility.toggle"}, {"employee_id", aino}, {"project_id", p_alfa}});
        now = "2026-03-03T00:00:00Z";
        e->set_actor("Päivi Pääkäyttäjä");
        vip = id({{"cmd", "special_group.create"}, {"name", "VIP"}, {"customer_ids", {alfa}}});
        run({{"cmd", "customer.update"}, {"id", alfa}, {"name", "Alfa Oyj"}, {"archived", true}});
        run({{"cmd", "responsibility.toggle"}, {"employee_id", aino}, {"customer_id", beta}});
    }
};

ChangeHistory loaded(Engine& e, const ChangeHistoryFilter& filter = {}) {
    ChangeHistory h;
    REQUIRE(h.load(e).ok());
    REQUIRE(h.apply(filter).ok());
    return h;
}

std::vector<std::string> whats(ChangeHistory& h) {
    std::vector<std::string> out;
    for (size_t i = 0; i < h.row_count(); ++i) out.push_back(h.describe(i).what);
    return out;
}

int64_t count(Engine& e, const char* sql) {
    auto v = vastuu_test::column(e, sql);
    return v.empty() ? -1 : v[0];
}

}  // namespace

TEST_CASE("the history lists every change newest first, with who, action in words, what and field changes") {
    Office o;
    ChangeHistory h = loaded(*o.e);
    REQUIRE(h.row_count() == static_cast<size_t>(count(*o.e, "SELECT count(*) FROM change_log")));
    for (size_t i = 1; i < h.row_count(); ++i) CHECK(h.row_id(i - 1).value > h.row_id(i).value);

    // The newest: the responsibility on Beeta, then Alfa's rename and archiving.
    CHECK(h.row_command(0) == "responsibility.toggle");
    CHECK(h.row_action(0) == "change responsibility");
    CHECK(h.describe(0).what == "Responsibility Aino Äijälä \xE2\x80\x93 Beeta Ab");
    CHECK(h.describe(0).changes == "created");
    CHECK(h.describe(0).customer == CustomerId(o.beta));
    CHECK(h.row_who(1) == "Päivi Pääkäyttäjä");
    CHECK(h.row_time(1) == "2026-03-03 00:00:00");
    CHECK(h.row_action(1) == "edit customer");
    CHECK(h.describe(1).what == "Customer Alfa Oyj");
    CHECK(h.describe(1).changes == "Name: Alfa Oy \xE2\x86\x92 Alfa Oyj; Archived: no \xE2\x86\x92 yes");

    // Ids are told by name: the group of a new customer, the project of a responsibility.
    bool saw_project_responsibility = false;
    for (size_t i = 0; i < h.row_count(); ++i)
        if (h.describe(i).what == "Responsibility Aino Äijälä \xE2\x80\x93 P-1 Tilinpäätös") saw_project_responsibility = true;
    CHECK(saw_project_responsibility);
    CHECK(h.describe(h.row_count() - 1).what == "Employee Aino Äijälä");  // the oldest

    set_language(Lang::Fi);
    CHECK(h.row_action(1) == "asiakkaan muokkaus");
    h.apply({});  // descriptions are cached per apply
    CHECK(h.describe(1).what == "Asiakas Alfa Oyj");
    CHECK(h.describe(1).changes == "Nimi: Alfa Oy \xE2\x86\x92 Alfa Oyj; Arkistoitu: ei \xE2\x86\x92 kyllä");
    set_language(Lang::En);
}

TEST_CASE("filtering by who lists only that person's changes, and people() offers everyone in Finnish order") {
    Office o;
    ChangeHistoryFilter f;
    f.who = "Aino Äijälä";
    ChangeHistory h = loaded(*o.e, f);
    REQUIRE(h.row_count() == 3);  // two projects and a responsibility
    for (size_t i = 0; i < h.row_count(); ++i) CHECK(h.row_who(i) == "Aino Äijälä");
    CHECK(h.people() == std::vector<std::string>{"Aino Äijälä", "Päivi Pääkäyttäjä"});
    f.who = "Nobody";
    REQUIRE(h.apply(f).ok());
    CHECK(h.row_count() == 0);
}

TEST_CASE("filtering by days takes the UTC day of each change, both ends included; a bad day restricts nothing") {
    Office o;
    ChangeHistoryFilter f;
    f.from_day = "2026-03-02";
    f.to_day = "2026-03-02";
    ChangeHistory h = loaded(*o.e, f);
    CHECK(h.row_count() == 3);  // 23:59:59 belongs to the 2nd, 00:00:00 to the 3rd
    for (size_t i = 0; i < h.row_count(); ++i) CHECK(h.row_time(i).substr(0, 10) == "2026-03-02");
    f.to_day = "";
    REQUIRE(h.apply(f).ok());
    const size_t from_second = h.row_count();
    f.from_day = "2026-03-03";
    REQUIRE(h.apply(f).ok());
    CHECK(from_second == 3 + h.row_count());
    f.from_day = "";
    f.to_day = "2026-03-01";
    REQUIRE(h.apply(f).ok());
    for (size_t i = 0; i < h.row_count(); ++i) CHECK(h.row_time(i).substr(0, 10) == "2026-03-01");
    CHECK(h.row_count() > 0);
    f.to_day = "2026-02-30";  // no such day
    REQUIRE(h.apply(f).ok());
    CHECK(h.row_count() == static_cast<size_t>(count(*o.e, "SELECT count(*) FROM change_log")));
}

TEST_CASE("filtering by a customer lists its row, its projects, their responsibilities and its memberships, nothing of another") {
    Office o;
    ChangeHistoryFilter f;
    f.customer = CustomerId(o.alfa);
    ChangeHistory h = loaded(*o.e, f);
    std::vector<std::string> expected = {"Customer Alfa Oyj", "Special-group member Alfa Oyj \xE2\x80\x93 VIP",
                                         "Responsibility Aino Äijälä \xE2\x80\x93 P-1 Tilinpäätös",
                                         "Project P-1 Tilinpäätös", "Customer Alfa Oy"};
    CHECK(whats(h) == expected);
    for (size_t i = 0; i < h.row_count(); ++i) CHECK(h.describe(i).customer == CustomerId(o.alfa));

    // Undoing the project deletes it and its responsibility; their entries still belong to Alfa.
    o.run({{"cmd", "project.create"}, {"customer_id", o.alfa}, {"name", "Lyhytikäinen"}, {"number", "P-9"}});
    const int64_t p9 = count(*o.e, "SELECT max(id) FROM project");
    o.run({{"cmd", "responsibility.toggle"}, {"employee_id", o.aino}, {"project_id", p9}});
    o.run({{"cmd", "undo"}});
    o.run({{"cmd", "undo"}});
    REQUIRE(h.load(*o.e).ok());
    REQUIRE(h.apply(f).ok());
    CHECK(h.row_count() == expected.size() + 4);  // two created, two deleted by the undo steps
    f.customer = CustomerId(o.beta);
    REQUIRE(h.apply(f).ok());
    CHECK(whats(h) == std::vector<std::string>{"Responsibility Aino Äijälä \xE2\x80\x93 Beeta Ab", "Project P-2 Palkat",
                                               "Customer Beeta Ab"});
}

TEST_CASE("the text search matches who, action, what and changes, ignoring case and accents") {
    Office o;
    ChangeHistoryFilter f;
    f.search = "tilinpaatos";
    ChangeHistory h = loaded(*o.e, f);
    CHECK(h.row_count() == 2);  // the project and its responsibility
    f.search = "ALFA OYJ";
    REQUIRE(h.apply(f).ok());
    CHECK(h.row_count() == 2);  // the rename (its what and its change) and the membership
    f.search = "edit customer";
    REQUIRE(h.apply(f).ok());
    CHECK(h.row_count() == 1);
    f.search = "päivi";
    f.who = "Aino Äijälä";
    REQUIRE(h.apply(f).ok());
    CHECK(h.row_count() == 0);  // filters combine
}

TEST_CASE("the export holds exactly the listed rows: time, who, action in the UI language, what, changes") {
    Office o;
    ChangeHistoryFilter f;
    f.customer = CustomerId(o.alfa);
    ChangeHistory h = loaded(*o.e, f);
    set_language(Lang::Fi);
    auto bytes = h.export_xlsx();
    set_language(Lang::En);
    REQUIRE(bytes.ok());
    auto rows = xlsx_test::sheet_rows(bytes.value());
    REQUIRE(rows.size() == h.row_count() + 1);
    CHECK(rows[0] == std::vector<std::string>{"Aika (UTC)", "Kuka", "Toiminto", "Kohde", "Muutokset"});
    CHECK(rows[1] == std::vector<std::string>{"2026-03-03 00:00:00", "Päivi Pääkäyttäjä", "asiakkaan muokkaus",
                                              "Asiakas Alfa Oyj",
                                              "Nimi: Alfa Oy \xE2\x86\x92 Alfa Oyj; Arkistoitu: ei \xE2\x86\x92 kyllä"});
    CHECK(rows.back()[3] == "Asiakas Alfa Oy");
    CHECK(rows.back()[4] == "luotu");
    // Cells are text, never formulas.
    for (const auto& cell : xlsx_test::sheet_cells(bytes.value())) CHECK_FALSE(cell.has_formula);
}

TEST_CASE("the history's queries use the change log's indexes (schema v3), not a scan of the whole log") {
    Office o;
    ChangeHistory h = loaded(*o.e);
    ChangeHistoryFilter f;
    f.customer = CustomerId(o.alfa);
    REQUIRE(h.apply(f).ok());
    const std::string plan = h.query_plan();
    INFO(plan);
    CHECK(plan.find("change_log_row_customer") != std::string::npos);
    CHECK(plan.find("change_log_row_project") != std::string::npos);
    CHECK(plan.find("change_log_entity") != std::string::npos);
    f = {};
    f.who = "Aino Äijälä";
    REQUIRE(h.apply(f).ok());
    CHECK(h.query_plan().find("change_log_who") != std::string::npos);
}

TEST_CASE("a database of schema v2 gets the change log's indexes when opened, and keeps its entries") {
    const std::string path = "engine_test_history_v2.sqlite";
    for (const char* suffix : {"", "-journal"}) std::remove((path + suffix).c_str());
    {
        World w;
        auto opened = Engine::open(path);
        REQUIRE(opened.ok());
        Engine& e = *opened.value();
        REQUIRE(e.execute({{"cmd", "customer.create"}, {"name", "Vanha Oy"}}).ok());
        REQUIRE(sqlite3_exec(e.handle(),
                             "DROP INDEX change_log_who; DROP INDEX change_log_at; DROP INDEX change_log_row_customer;"
                             " DROP INDEX change_log_row_project; DROP TABLE sync_undo; PRAGMA user_version = 2",
                             nullptr, nullptr, nullptr) == SQLITE_OK);
    }
    {
        auto opened = Engine::open(path);
        REQUIRE(opened.ok());
        Engine& e = *opened.value();
        CHECK(count(e, "PRAGMA user_version") == kSchemaVersion);
        CHECK(count(e, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN ('change_log_who',"
                       " 'change_log_at', 'change_log_row_customer', 'change_log_row_project')") == 4);
        ChangeHistory h = loaded(e);
        CHECK(h.row_count() == 1);
    }
    for (const char* suffix : {"", "-journal"}) std::remove((path + suffix).c_str());
}

// ---------------------------------------------------------------------------------------------
// Visibility (property test on random data)
// ---------------------------------------------------------------------------------------------

namespace {

// The customer an entry is about, computed here from its row as logged: the customer row itself,
// the customer_id a project, responsibility or membership names, or the customer of a
// responsibility's project; 0 for the firm's lists.
int64_t entry_customer(const std::string& entity, int64_t entity_id, const std::string& before,
                       const std::string& after, const std::map<int64_t, int64_t>& customer_of_project) {
    if (entity == "customer") return entity_id;
    if (entity != "project" && entity != "responsibility" && entity != "special_group_member") return 0;
    json row = json::parse(after.empty() ? before : after);
    if (row.contains("customer_id") && row["customer_id"].is_number_integer()) return row["customer_id"].get<int64_t>();
    auto it = customer_of_project.find(row.value("project_id", int64_t(0)));
    return it == customer_of_project.end() ? -1 : it->second;
}

}  // namespace

TEST_CASE("a viewer who is not the administrator gets exactly the entries about their customers and the firm's lists") {
    using vastuu_test::column;
    for (uint64_t seed : {3ull, 11ull, 20261202ull}) {
        CAPTURE(seed);
        World w;
        DemoSize size;
        size.customers = 40;
        size.projects = 50;
        size.employees = 10;
        size.teams = 2;
        size.roles = 3;
        size.customer_groups = 3;
        size.special_groups = 3;
        size.responsibilities = 50;
        size.seed = seed;
        REQUIRE(generate_demo(w.e->handle(), size).ok());
        vastuu_test::Random rng{seed};
        const auto employees = column(*w.e, "SELECT id FROM employee");
        const auto customers = column(*w.e, "SELECT id FROM customer");
        const auto projects = column(*w.e, "SELECT id FROM project");
        const auto groups = column(*w.e, "SELECT id FROM customer_group");
        const auto specials = column(*w.e, "SELECT id FROM special_group");
        auto any = [&rng](const std::vector<int64_t>& v) { return v[rng.below(v.size())]; };
        for (int i = 0; i < 80; ++i) {
            w.e->set_actor(i % 3 ? "Aino" : "Päivi");
            json cmd;
            switch (rng.below(7)) {
                case 0: cmd = {{"cmd", "customer.update"}, {"id", any(customers)}, {"name", "Nimi " + std::to_string(i)}}; break;
                case 1: cmd = {{"cmd", "responsibility.toggle"}, {"employee_id", any(employees)}, {"customer_id", any(customers)}}; break;
                case 2: cmd = {{"cmd", "responsibility.toggle"}, {"employee_id", any(employees)}, {"project_id", any(projects)}}; break;
                case 3: cmd = {{"cmd", "special_group.add_member"}, {"id", any(specials)}, {"customer_id", any(customers)}}; break;
                case 4: cmd = {{"cmd", "group.add_customer"}, {"id", any(groups)}, {"customer_id", any(customers)}}; break;
                case 5: cmd = {{"cmd", "project.update"}, {"id", any(projects)}, {"name", "Projekti " + std::to_string(i)}}; break;
                default: cmd = {{"cmd", "employee.update"}, {"id", any(employees)}, {"seller_info", std::to_string(i)}}; break;
            }
            (void)w.e->execute(cmd);  // a refusal (already a member) changes nothing and logs nothing
        }
        std::map<int64_t, int64_t> customer_of_project;
        for (int64_t p : projects)
            customer_of_project[p] = column(*w.e, ("SELECT customer_id FROM project WHERE id = " + std::to_string(p)).c_str()).at(0);
        struct Entry { int64_t id, customer; };
        std::vector<Entry> entries;
        {
            sqlite3_stmt* st = nullptr;
            REQUIRE(sqlite3_prepare_v2(w.e->handle(), "SELECT id, entity, entity_id, coalesce(before, ''), coalesce(after, '')"
                                       " FROM change_log", -1, &st, nullptr) == SQLITE_OK);
            while (sqlite3_step(st) == SQLITE_ROW) {
                auto text = [st](int c) { return std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, c))); };
                entries.push_back({sqlite3_column_int64(st, 0),
                                   entry_customer(text(1), sqlite3_column_int64(st, 2), text(3), text(4), customer_of_project)});
            }
            sqlite3_finalize(st);
        }
        REQUIRE(entries.size() > 60);

        size_t hidden_somewhere = 0;
        for (int64_t viewer : employees) {
            CAPTURE(viewer);
            w.e->set_viewer(EmployeeId(viewer));
            const std::set<int64_t> allowed = vastuu_test::expected_visible(*w.e, viewer, w.now.substr(0, 10));
            std::set<int64_t> expected;
            for (const Entry& en : entries)
                if (en.customer == 0 || allowed.count(en.customer)) expected.insert(en.id);
            hidden_somewhere += expected.size() < entries.size() ? 1 : 0;

            ChangeHistory h = loaded(*w.e);
            std::set<int64_t> listed;
            for (size_t i = 0; i < h.row_count(); ++i) {
                listed.insert(h.row_id(i).value);
                const CustomerId c = h.describe(i).customer;
                CHECK((!c || allowed.count(c.value)));
            }
            CHECK(listed == expected);
            auto bytes = h.export_xlsx();
            REQUIRE(bytes.ok());
            CHECK(xlsx_test::sheet_rows(bytes.value()).size() == h.row_count() + 1);

            // A customer filter never widens the set; a hidden customer's filter lists nothing.
            for (int k = 0; k < 5; ++k) {
                const int64_t c = any(customers);
                ChangeHistoryFilter f;
                f.customer = CustomerId(c);
                REQUIRE(h.apply(f).ok());
                if (!allowed.count(c)) CHECK(h.row_count() == 0);
                for (size_t i = 0; i < h.row_count(); ++i) {
                    CHECK(expected.count(h.row_id(i).value));
                    CHECK(h.describe(i).customer == CustomerId(c));
                }
            }
            // Search and the who filter too.
            ChangeHistoryFilter f;
            f.search = "nimi";
            f.who = "Aino";
            REQUIRE(h.apply(f).ok());
            for (size_t i = 0; i < h.row_count(); ++i) CHECK(expected.count(h.row_id(i).value));
        }
        CHECK(hidden_somewhere > 0);  // the data really hides something from someone
    }
}

// ---------------------------------------------------------------------------------------------
// Speed on 100,000 entries
// ---------------------------------------------------------------------------------------------

TEST_CASE("the history of 100,000 change-log entries loads and filters in milliseconds (timings printed)") {
    World w;
    REQUIRE(generate_demo(w.e->handle(), demo_default()).ok());
    sqlite3* db = w.e->handle();
    const auto customers = vastuu_test::column(*w.e, "SELECT id FROM customer");
    const auto projects = vastuu_test::column(*w.e, "SELECT id FROM project");
    REQUIRE(!customers.empty());
    REQUIRE(!projects.empty());
    // Entries as commands write them (the same JSON shapes), 100,000 of them over 100 days by 20 people.
    {
        REQUIRE(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_stmt* st = nullptr;
        REQUIRE(sqlite3_prepare_v2(db, "INSERT INTO change_log (group_id, at, who, command, entity, entity_id, before, after)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", -1, &st, nullptr) == SQLITE_OK);
        for (int i = 0; i < 100000; ++i) {
            char at[32];
            std::snprintf(at, sizeof at, "2026-%02d-%02dT%02d:%02d:00Z", 1 + (i / 1000) / 28 % 12, 1 + (i / 1000) % 28,
                          (i / 60) % 24, i % 60);
            const std::string who = "Henkilö " + std::to_string(i % 20);
            const int64_t c = customers[static_cast<size_t>(int64_t(i) * 7919) % customers.size()];
            const int64_t p = projects[static_cast<size_t>(int64_t(i) * 104729) % projects.size()];
            std::string entity, before, after, command;
            int64_t entity_id = 0;
            switch (i % 4) {
                case 0:
                    entity = "customer"; command = "customer.update"; entity_id = c;
                    before = json{{"id", c}, {"number", c}, {"name", "Vanha"}, {"group_id", nullptr}, {"archived", 0}}.dump();
                    after = json{{"id", c}, {"number", c}, {"name", "Uusi"}, {"group_id", nullptr}, {"archived", 0}}.dump();
                    break;
                case 1:
                    entity = "responsibility"; command = "responsibility.toggle"; entity_id = i;
                    after = json{{"id", i}, {"customer_id", c}, {"project_id", nullptr}, {"employee_id", 1}, {"role_id", nullptr},
                                 {"valid_from", nullptr}, {"valid_to", nullptr}}.dump();
                    break;
                case 2:
                    entity = "responsibility"; command = "responsibility.toggle"; entity_id = i;
                    after = json{{"id", i}, {"customer_id", nullptr}, {"project_id", p}, {"employee_id", 1}, {"role_id", nullptr},
                                 {"valid_from", nullptr}, {"valid_to", nullptr}}.dump();
                    break;
                default:
                    entity = "employee"; command = "employee.update"; entity_id = 1;
                    before = json{{"id", 1}, {"name", "A"}, {"email", ""}, {"seller_info", ""}, {"team_id", nullptr}, {"archived", 0}}.dump();
                    after = json{{"id", 1}, {"name", "B"}, {"email", ""}, {"seller_info", ""}, {"team_id", nullptr}, {"archived", 0}}.dump();
                    break;
            }
            sqlite3_bind_int64(st, 1, i + 1);
            sqlite3_bind_text(st, 2, at, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 3, who.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 4, command.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 5, entity.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(st, 6, entity_id);
            if (before.empty()) sqlite3_bind_null(st, 7); else sqlite3_bind_text(st, 7, before.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 8, after.c_str(), -1, SQLITE_TRANSIENT);
            REQUIRE(sqlite3_step(st) == SQLITE_DONE);
            sqlite3_reset(st);
        }
        sqlite3_finalize(st);
        REQUIRE(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK);
    }
    auto ms = [](auto start) {
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    };
    ChangeHistory h;
    auto t = std::chrono::steady_clock::now();
    REQUIRE(h.load(*w.e).ok());
    const double load_ms = ms(t);
    CHECK(h.row_count() == 100000);
    CHECK(h.people().size() == 20);

    ChangeHistoryFilter f;
    f.who = "Henkilö 7";
    t = std::chrono::steady_clock::now();
    REQUIRE(h.apply(f).ok());
    const double who_ms = ms(t);
    CHECK(h.row_count() == 5000);
    CHECK(h.query_plan().find("change_log_who") != std::string::npos);

    f = {};
    f.from_day = "2026-02-01";
    f.to_day = "2026-02-07";
    t = std::chrono::steady_clock::now();
    REQUIRE(h.apply(f).ok());
    const double days_ms = ms(t);
    CHECK(h.row_count() > 0);
    CHECK(h.query_plan().find("change_log_at") != std::string::npos);  // at this size SQLite takes it

    f = {};
    f.customer = CustomerId(customers[7]);
    t = std::chrono::steady_clock::now();
    REQUIRE(h.apply(f).ok());
    const double customer_ms = ms(t);
    CHECK(h.row_count() > 0);

    f = {};
    f.search = "uusi";
    f.from_day = "2026-01-01";
    f.to_day = "2026-01-31";
    t = std::chrono::steady_clock::now();
    REQUIRE(h.apply(f).ok());
    const double search_ms = ms(t);

    f = {};
    REQUIRE(h.apply(f).ok());
    t = std::chrono::steady_clock::now();
    for (size_t i = 0; i < 40; ++i) (void)h.describe(i);
    const double describe_ms = ms(t);

    f.who = "Henkilö 3";
    REQUIRE(h.apply(f).ok());
    t = std::chrono::steady_clock::now();
    auto bytes = h.export_xlsx();
    const double export_ms = ms(t);
    REQUIRE(bytes.ok());

    w.e->set_viewer(EmployeeId(vastuu_test::column(*w.e, "SELECT employee_id FROM customer_group_salesperson LIMIT 1").at(0)));
    t = std::chrono::steady_clock::now();
    REQUIRE(h.load(*w.e).ok());
    const double viewer_ms = ms(t);

    MESSAGE("change history, 100,000 entries: load + list all " << load_ms << " ms; by who " << who_ms
            << " ms; one week " << days_ms << " ms; one customer " << customer_ms << " ms (" << h.row_count()
            << " rows for the viewer); search in a month " << search_ms << " ms; describe 40 rows " << describe_ms
            << " ms; export 5,000 rows " << export_ms << " ms; load + list as a salesperson " << viewer_ms << " ms");
}
