// The persons-in-charge view driven with no window: the real App on an in-memory demo database,
// draw_persons_view() in a full-screen window, synthetic mouse and keyboard events at the
// rectangles the view records (persons.search, persons.column.<i>, persons.interval.<id>, ...).
#include <doctest/doctest.h>
#include <imgui.h>

#include <algorithm>
#include <memory>

#include "app.h"
#include "item_hooks.h"
#include "ui_harness.h"
#include "core/text.h"
#include "date_field.h"
#include "view_persons.h"
#include "xlsx_reader.h"

using namespace vastuu;
using namespace vastuu::ui;

namespace {

constexpr const char* kToday = "2026-11-26";

using testing::UiHarness;

// draw_persons_view() alone in a full-screen window at 1600 × 900.
struct PersonsHarness : UiHarness {
    PersonsView view;

    PersonsHarness() : UiHarness(ImVec2(1600, 900), kToday) {
        draw_alone("###persons_test", [this] { draw_persons_view(*app, view); });
        frames(3);
    }

    const PersonsInCharge& model() const { return view.model; }
    void type(const std::string& path, const std::string& text) {
        click(path);
        ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
        frames(3);
    }
    // Replaces the whole text of the field at `path`, as a user would: click, Ctrl+A, type.
    void retype(const std::string& path, const std::string& text) {
        click(path);
        clear_field(ImGuiKey_Delete);
        ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
        frames(3);
    }
    nlohmann::json run(const nlohmann::json& command) {
        auto r = app->run_command(command);
        INFO(command.dump());
        REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
        return r.value();
    }
    int64_t add_customer(const std::string& name) { return run({{"cmd", "customer.create"}, {"name", name}}).at("id"); }
    int64_t add_employee(const std::string& name) {
        return run({{"cmd", "employee.create"}, {"name", name}}).at("id");
    }
    int64_t make_responsible(int64_t employee, int64_t customer) {
        return run({{"cmd", "responsibility.toggle"}, {"employee_id", employee}, {"customer_id", customer}}).at("id");
    }
};

std::vector<std::string> listed(const PersonsInCharge& m, std::string_view (PersonsInCharge::*field)(size_t) const) {
    std::vector<std::string> out;
    for (size_t r = 0; r < m.row_count(); ++r) out.emplace_back((m.*field)(r));
    return out;
}

}  // namespace

TEST_CASE("the persons view records its filter bar, toolbar, headers and only the visible rows") {
    PersonsHarness h;
    for (const char* path : {"persons.search", "persons.employee", "persons.group", "persons.show_archived",
                             "persons.show_projects", "persons.as_of", "persons.ending", "persons.count",
                             "persons.replace", "persons.export", "persons.column.0", "persons.column.6"})
        CHECK_MESSAGE(h.has(path), path);
    REQUIRE(h.model().row_count() > 100);
    CHECK(h.model().row_count() <= h.model().total_responsibilities());
    const std::string first = std::to_string(h.model().row_id(0).value);
    CHECK(h.has("persons.customer." + first));
    CHECK(h.has("persons.interval." + first));
    const std::string last = std::to_string(h.model().row_id(h.model().row_count() - 1).value);
    CHECK_FALSE(h.has("persons.customer." + last));  // far below the window: not drawn
    CHECK(visible_text().find(std::string(h.model().row_customer_name(0))) != std::string::npos);
}

TEST_CASE("typing a customer name in the search lists only that customer's responsibilities") {
    PersonsHarness h;
    const size_t all = h.model().row_count();
    const std::string name(h.model().row_customer_name(0));
    h.type("persons.search", name);
    REQUIRE(h.model().row_count() > 0);
    CHECK(h.model().row_count() < all);
    const std::string needle = fold_for_search(name);
    for (size_t r = 0; r < h.model().row_count(); ++r)
        CHECK(fold_for_search(h.model().row_customer_name(r)).find(needle) != std::string::npos);
    CHECK(visible_text().find(tr_format("persons.shown", {std::to_string(h.model().row_count()),
                                                           std::to_string(h.model().total_responsibilities())})) !=
          std::string::npos);
}

TEST_CASE("the employee filter, the as-of date and 'already ended' restrict the listing") {
    PersonsHarness h;
    const EmployeeId someone = h.model().row_employee(0);
    h.view.employee = someone;
    h.frames(2);
    REQUIRE(h.model().row_count() > 0);
    for (size_t r = 0; r < h.model().row_count(); ++r) CHECK(h.model().row_employee(r) == someone);
    h.view.employee = EmployeeId();

    // Give one responsibility a past interval: it is listed as of a day inside it, not as of today.
    const int64_t customer = h.add_customer("Ölyhuolto Väätäinen");
    const int64_t employee = h.add_employee("Åsa Östman");
    const int64_t id = h.make_responsible(employee, customer);
    h.run({{"cmd", "responsibility.update"}, {"id", id}, {"valid_from", "2025-01-01"}, {"valid_to", "2025-12-31"}});
    h.type("persons.search", "olyhuolto");
    REQUIRE(h.model().row_count() == 1);
    h.retype("persons.as_of", kToday);
    CHECK(h.model().row_count() == 0);
    h.retype("persons.as_of", "2025-06-30");
    CHECK(h.model().row_count() == 1);
    h.retype("persons.as_of", "2025-13-01");  // not a day: flagged at the field, restricts nothing
    CHECK(h.has("persons.as_of.error"));
    CHECK(h.model().row_count() == 1);
    h.retype("persons.as_of", "");
    CHECK_FALSE(h.has("persons.as_of.error"));
    h.view.ending = PersonsEnding::Ended;
    h.frames(2);
    REQUIRE(h.model().row_count() == 1);
    CHECK(h.model().row_state(0) == PersonsRowState::Ended);
    h.view.ending = PersonsEnding::Within;
    h.view.ending_days = 30;
    h.frames(2);
    CHECK(h.model().row_count() == 0);
}

TEST_CASE("sorting by a header click puts Å, Ä and Ö after Z, and a second click reverses the order") {
    PersonsHarness h;
    const int64_t employee = h.add_employee("Zyrjänen Qxq");
    for (const char* name : {"Öljy Qxq", "Zeta Qxq", "Ärrä Qxq", "Alfa Qxq", "Åke Qxq"})
        (void)h.make_responsible(employee, h.add_customer(name));
    h.type("persons.search", "qxq");
    REQUIRE(h.model().row_count() == 5);
    const std::vector<std::string> ascending = {"Alfa Qxq", "Zeta Qxq", "Åke Qxq", "Ärrä Qxq", "Öljy Qxq"};
    CHECK(listed(h.model(), &PersonsInCharge::row_customer_name) == ascending);  // the default sort
    h.click("persons.column.0");
    CHECK_FALSE(h.model().sort_ascending());
    CHECK(listed(h.model(), &PersonsInCharge::row_customer_name) ==
          std::vector<std::string>(ascending.rbegin(), ascending.rend()));
    h.click("persons.column.0");
    CHECK(listed(h.model(), &PersonsInCharge::row_customer_name) == ascending);

    // By person: every listed person in Finnish order.
    h.retype("persons.search", "");
    REQUIRE(h.model().row_count() > 100);
    h.click("persons.column.2");
    CHECK(h.model().sort_column() == PersonsColumn::Person);
    auto names = listed(h.model(), &PersonsInCharge::row_employee_name);
    for (size_t i = 1; i < names.size(); ++i) CHECK(compare_finnish(names[i - 1], names[i]) <= 0);
}

TEST_CASE("clicking a customer name asks the app to open that customer's card") {
    PersonsHarness h;
    const CustomerId customer = h.model().row_customer(0);
    CardRequest request;
    CHECK_FALSE(h.app->take_card_request(request));
    h.click("persons.customer." + std::to_string(h.model().row_id(0).value));
    REQUIRE(h.app->take_card_request(request));
    CHECK(request.customer == customer);
    CHECK_FALSE(request.project);
}

TEST_CASE("the interval dialog refuses an end before the start at the field and saves a valid interval") {
    PersonsHarness h;
    const int64_t customer = h.add_customer("Väliaika Äänekoski");
    const int64_t id = h.make_responsible(h.add_employee("Päivi Ström"), customer);
    h.type("persons.search", "valiaika");
    REQUIRE(h.model().row_count() == 1);
    h.click("persons.interval." + std::to_string(id));
    REQUIRE(h.has("interval.save"));
    CHECK(h.view.interval.id.value == id);

    h.retype("interval.from", "2026-05-01");
    h.retype("interval.to", "2026-04-30");
    const uint64_t revision = h.app->engine()->revision();
    h.click("interval.save");
    CHECK(h.has("interval.save"));  // still open
    CHECK(h.view.interval.error.code == "responsibility.bad_interval");
    CHECK(h.view.interval.error.field == "valid_to");
    CHECK(visible_text().find(h.view.interval.error.message) != std::string::npos);
    CHECK(h.app->engine()->revision() == revision);
    CHECK(h.model().row_valid_to(0).empty());

    h.retype("interval.to", "2026-12-31");
    h.click("interval.save");
    CHECK_FALSE(h.has("interval.save"));
    REQUIRE(h.model().row_count() == 1);
    CHECK(h.model().row_valid_from(0) == "2026-05-01");
    CHECK(h.model().row_valid_to(0) == "2026-12-31");

    // Clearing both fields makes the interval open again.
    h.click("persons.interval." + std::to_string(id));
    h.retype("interval.from", "");
    h.retype("interval.to", "");
    h.click("interval.save");
    CHECK(h.model().row_valid_from(0).empty());
    CHECK(h.model().row_valid_to(0).empty());
}

TEST_CASE("in Finnish dates read 31.12.2026, and 31.12.2026, 31.12. and ISO are all accepted") {
    set_language(Lang::Fi);
    CHECK(shown_date("2026-02-03") == "3.2.2026");
    CHECK(shown_date("") == "");
    CHECK(shown_date("ei päivä") == "ei päivä");
    CHECK(typed_date(" 31.12.2026 ", kToday) == "2026-12-31");
    CHECK(typed_date("1.2.", kToday) == "2026-02-01");
    CHECK(typed_date("2027-01-05", kToday) == "2027-01-05");
    CHECK(typed_date("31/12/2026", kToday) == "31/12/2026");  // unknown: left for the engine to refuse by name
    set_language(Lang::En);
    CHECK(shown_date("2026-02-03") == "2026-02-03");
    CHECK(typed_date("31.12.2026", kToday) == "2026-12-31");  // Finnish notation is understood in English too
}

TEST_CASE("the interval dialog in Finnish shows 1.5.2026, takes 31.12. for this year, and its calendar picks a day") {
    PersonsHarness h;
    const int64_t customer = h.add_customer("Kalenteri Äänekoski");
    const int64_t id = h.make_responsible(h.add_employee("Päivi Kalenteri"), customer);
    h.run({{"cmd", "responsibility.update"}, {"id", id}, {"valid_from", "2026-05-01"}});
    set_language(Lang::Fi);
    h.type("persons.search", "kalenteri aane");
    REQUIRE(h.model().row_count() == 1);
    CHECK(h.shows("1.5.2026 \xE2\x80\x93 "));
    h.click("persons.interval." + std::to_string(id));
    REQUIRE(h.has("interval.save"));
    CHECK(std::string(h.view.interval.from) == "1.5.2026");
    CHECK(std::string(date_hint()) == "pp.kk.vvvv");  // the empty field's hint

    h.retype("interval.to", "31.12.");
    h.click("interval.save");
    CHECK_FALSE(h.has("interval.save"));
    CHECK(h.model().row_valid_to(0) == "2026-12-31");

    // The calendar opens on the field's month and writes the picked day in the user's notation.
    h.click("persons.interval." + std::to_string(id));
    h.click("interval.to.calendar");
    CHECK(h.shows("Joulukuu 2026"));
    h.click("interval.to.next");
    CHECK(h.shows("Tammikuu 2027"));
    h.click("interval.to.day.15");
    CHECK(std::string(h.view.interval.to) == "15.1.2027");
    h.click("interval.save");
    CHECK(h.model().row_valid_to(0) == "2027-01-15");
    set_language(Lang::En);
}

TEST_CASE("the replace dialog previews the count and customers, applies as one undo step, and keeps history") {
    PersonsHarness h;
    const int64_t x = h.add_employee("Xaver Ääpelä");
    const int64_t y = h.add_employee("Yrjö Öhman");
    std::vector<int64_t> ids;
    for (const char* name : {"Qxsiirto Åbo", "Qxsiirto Ähtäri", "Qxsiirto Oulu"}) ids.push_back(h.make_responsible(x, h.add_customer(name)));

    h.click("persons.replace");
    REQUIRE(h.has("replace.preview"));
    ReplaceDialog& d = h.view.replace;
    CHECK(std::string(d.date) == kToday);
    // Nothing picked: the preview names the missing field.
    h.click("replace.preview");
    CHECK(d.error.field == "from_employee_id");
    d.from = EmployeeId(x);
    d.to = EmployeeId(x);
    h.click("replace.preview");
    CHECK(d.error.code == "replace.same_employee");
    d.to = EmployeeId(y);
    h.retype("replace.date", "2026-12-01");
    h.click("replace.preview");
    REQUIRE(d.previewed);
    CHECK(d.preview.count == 3);
    REQUIRE(d.preview.customers.size() == 3);
    CHECK(d.preview.customers[0].name == "Qxsiirto Oulu");  // Finnish order: O < Å < Ä
    CHECK(d.preview.customers[1].name == "Qxsiirto Åbo");
    CHECK(h.has("replace.count"));
    CHECK(visible_text().find("Qxsiirto Ähtäri") != std::string::npos);

    const uint64_t revision = h.app->engine()->revision();
    h.click("replace.apply");
    CHECK_FALSE(h.has("replace.apply"));  // closed
    CHECK(h.app->engine()->revision() == revision + 1);
    h.type("persons.search", "qxsiirto");
    REQUIRE(h.model().row_count() == 6);
    int ended = 0, started = 0;
    for (size_t r = 0; r < h.model().row_count(); ++r) {
        if (h.model().row_employee(r).value == x) {
            CHECK(h.model().row_valid_to(r) == "2026-11-30");
            ++ended;
        } else {
            CHECK(h.model().row_employee(r).value == y);
            CHECK(h.model().row_valid_from(r) == "2026-12-01");
            ++started;
        }
    }
    CHECK(ended == 3);
    CHECK(started == 3);

    h.app->undo();  // one step undoes the whole replace
    h.frames(2);
    REQUIRE(h.model().row_count() == 3);
    for (size_t r = 0; r < h.model().row_count(); ++r) {
        CHECK(h.model().row_employee(r).value == x);
        CHECK(h.model().row_valid_to(r).empty());
    }
}

TEST_CASE("the export button downloads exactly the listed rows in their order, with real date cells") {
    PersonsHarness h;
    const int64_t employee = h.add_employee("Qxvienti Väinö");
    (void)h.make_responsible(employee, h.add_customer("Qxvienti Aa"));
    const int64_t dated = h.make_responsible(employee, h.add_customer("Qxvienti Öö"));
    h.run({{"cmd", "responsibility.update"}, {"id", dated}, {"valid_from", "2026-02-03"}});
    h.type("persons.search", "qxvienti");
    h.click("persons.column.0");  // descending: Öö first
    REQUIRE(h.model().row_count() == 2);
    h.click("persons.export");
    REQUIRE(h.platform.downloads.size() == 1);
    CHECK(h.platform.downloads[0].name == "persons-in-charge.xlsx");
    const std::vector<uint8_t>& bytes = h.platform.downloads[0].bytes;
    auto rows = xlsx_test::sheet_rows(bytes);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0][0] == tr("xlsx.customers.number"));
    CHECK(rows[0][1] == tr("persons.column.customer"));
    CHECK(rows[1][0] == std::to_string(h.model().row_customer_number(0)));
    CHECK(rows[1][1] == "Qxvienti Öö");
    CHECK(rows[2][1] == "Qxvienti Aa");
    CHECK(rows[1][3] == "Qxvienti Väinö");
    // From is column G (index 6 without projects): a number with a date style, 2026-02-03 = 46056.
    bool found = false;
    for (const auto& cell : xlsx_test::sheet_cells(bytes))
        if (cell.row == 1 && cell.col == 6) {
            found = true;
            CHECK(cell.type == "");
            CHECK(cell.value == "46056");
            CHECK(cell.style != 0);
        }
    CHECK(found);
}

TEST_CASE("a salesperson looking sees only the responsibilities of customers visible to them") {
    PersonsHarness h;
    const size_t all = h.model().row_count();
    const int64_t seller = h.add_employee("Näkyvä Myyjä");
    const int64_t customer = h.add_customer("Näkyvyys Qxtesti Oy");
    (void)h.make_responsible(seller, customer);
    h.app->engine()->set_viewer(EmployeeId(seller));
    h.frames(2);
    const Engine::VisibleCustomers& visible = h.app->engine()->visible_customers();
    REQUIRE_FALSE(visible.all);
    REQUIRE(h.model().row_count() > 0);
    CHECK(h.model().row_count() < all);
    bool own = false;
    for (size_t r = 0; r < h.model().row_count(); ++r) {
        const int64_t id = h.model().row_customer(r).value;
        CHECK(std::binary_search(visible.ids.begin(), visible.ids.end(), id));
        own = own || id == customer;
    }
    CHECK(own);
    h.app->engine()->set_viewer(EmployeeId());
    h.frames(2);
    CHECK(h.model().row_count() == all + 1);
}
