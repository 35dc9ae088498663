// The group views, the card dialogs and "Signed in as", driven with no window: the real App on an
// in-memory demo database, synthetic mouse and keyboard events at the rectangles the item hooks
// recorded (the same paths the browser tests click).
#include <doctest/doctest.h>
#include <imgui.h>

#include <algorithm>
#include <memory>

#include "app.h"
#include "models/cards.h"
#include "item_hooks.h"
#include "ui_harness.h"
#include "views_groups.h"

using namespace vastuu;
using namespace vastuu::ui;

namespace {

using testing::UiHarness;

// The whole App (views, dialogs, cards, the status line's selector) at 1280 × 800 by default.
struct GroupsHarness : UiHarness {
    explicit GroupsHarness(float width = 1280, float height = 800) : UiHarness(ImVec2(width, height)) { frames(3); }
    Engine& engine() { return *app->engine(); }

    void type_into(const std::string& path, const char* text) {
        click(path);
        clear_field();
        frames(2);
        type(text);
    }

    // Engine-side facts the tests check against.
    std::vector<Customer> customers_of(CustomerGroupId group) {
        CustomerFilter f;
        f.group = group;
        f.include_archived = true;
        return engine().list_customers(f);
    }
    const CustomerGroup* group_named(const std::string& name) {
        static std::vector<CustomerGroup> groups;
        groups = engine().list_customer_groups();
        for (const CustomerGroup& g : groups)
            if (g.name == name) return &g;
        return nullptr;
    }
    Customer customer(int64_t id) {
        auto c = engine().get_customer(CustomerId(id));
        REQUIRE(c.ok());
        return c.value();
    }
    int64_t make_customer(const char* name, int64_t group = 0) {
        nlohmann::json cmd = {{"cmd", "customer.create"}, {"name", name}};
        if (group) cmd["group_id"] = group;
        auto r = app->run_command(cmd);
        REQUIRE(r.ok());
        frames(2);
        return r.value()["id"].get<int64_t>();
    }
};

}  // namespace

TEST_CASE("the groups view lists every group with its customer count, numbering, accounts and salespersons") {
    GroupsHarness h;
    h.click("nav.groups");
    REQUIRE(h.has("groups.add"));
    auto groups = h.engine().list_customer_groups();
    REQUIRE(groups.size() == 8);
    for (const CustomerGroup& g : groups) {
        CHECK_MESSAGE(h.has("groups.row." + std::to_string(g.id.value)), g.name);
        CHECK(h.has("groups.export." + std::to_string(g.id.value)));
        CHECK(h.has("groups.delete." + std::to_string(g.id.value)));
        CHECK(h.shows(g.name));
        CHECK(h.shows(std::to_string(g.number_start)));
    }
    // The first group's count is the number of its customers.
    const std::string count = std::to_string(h.customers_of(groups[0].id).size());
    CHECK(h.shows(count));
    CHECK(h.shows("8 customer groups"));
    CHECK(h.has("groups.export.0"));  // No group's customers export too
}

TEST_CASE("a group made in the dialog gets its basics, salespersons and picked customers, moving them from other groups") {
    GroupsHarness h;
    int64_t free_one = h.make_customer("Öljynjakelu Åström Oy");
    auto groups = h.engine().list_customer_groups();
    const Customer moved = h.customers_of(groups[0].id).front();
    h.click("nav.groups");
    h.click("groups.add");
    REQUIRE(h.has("group_dialog.name"));
    h.type("Pohjoisen Asiakkaat");
    h.type_into("group_dialog.number_start", "90000");
    h.type_into("group_dialog.ledger_account", "3010");
    h.type_into("group_dialog.cost_centre", "KP-7");

    h.click("group_dialog.tab.salespersons");
    auto employees = h.engine().list_employees(false);
    const std::string seller = "group_dialog.salesperson." + std::to_string(employees[0].id.value);
    REQUIRE(h.has(seller));
    h.click(seller);

    h.click("group_dialog.tab.customers");
    CHECK(h.shows("belongs to one group at a time"));
    h.type_into("group_dialog.customer_search", "oljynjakelu");  // accents folded
    h.click("group_dialog.customer." + std::to_string(free_one));
    h.type_into("group_dialog.customer_search", std::to_string(moved.number).c_str());  // a number finds it too
    const std::string moved_path = "group_dialog.customer." + std::to_string(moved.id.value);
    REQUIRE(h.has(moved_path));
    CHECK(h.shows("in " + groups[0].name));
    h.click(moved_path);
    CHECK(h.shows("moves here from " + groups[0].name));
    CHECK(h.shows("2 selected"));
    h.click("group_dialog.save");

    CHECK_FALSE(h.has("group_dialog.save"));  // closed
    const CustomerGroup* g = h.group_named("Pohjoisen Asiakkaat");
    REQUIRE(g != nullptr);
    CHECK(g->number_start == 90000);
    CHECK(g->ledger_account == "3010");
    CHECK(g->cost_centre == "KP-7");
    auto members = h.customers_of(g->id);
    REQUIRE(members.size() == 2);
    CHECK(h.customer(free_one).group == g->id);
    CHECK(h.customer(moved.id.value).group == g->id);  // moved out of its old group
    auto sellers = h.engine().list_group_salespersons(g->id);
    REQUIRE(sellers.size() == 1);
    CHECK(sellers[0].id == employees[0].id);
    CHECK(h.shows("Pohjoisen Asiakkaat"));  // in the list
    CHECK(h.app->last_error().code.empty());
}

TEST_CASE("the group dialog shows its errors at the field and keeps the dialog open") {
    GroupsHarness h;
    const size_t before = h.engine().list_customer_groups().size();
    const std::string taken = h.engine().list_customer_groups()[0].name;
    h.click("nav.groups");
    h.click("groups.add");

    h.click("group_dialog.save");  // empty name
    CHECK(h.has("group_dialog.save"));
    CHECK(h.app->last_error().field == "name");
    CHECK(h.shows(h.app->last_error().message));

    h.type_into("group_dialog.name", taken.c_str());
    h.click("group_dialog.save");
    CHECK(h.app->last_error().code == "group.name_taken");
    CHECK(h.shows(h.app->last_error().message));

    h.type_into("group_dialog.name", "Uusi Ryhmä");
    for (const char* bad : {"abc", "0", "-5", "1.5"}) {
        h.type_into("group_dialog.number_start", bad);
        h.click("group_dialog.save");
        INFO(bad);
        CHECK(h.app->last_error().code == "group.bad_number_start");
        CHECK(h.app->last_error().field == "number_start");
        CHECK(h.shows(h.app->last_error().message));
        CHECK(h.has("group_dialog.save"));
    }
    // An error on the Basics tab brings that tab forward from another tab. (The tab takes a click
    // that comes with the mouse move, while the name field has the keyboard, as in a browser.)
    h.click("group_dialog.name");
    h.click_at_once("group_dialog.tab.customers");
    CHECK_FALSE(h.has("group_dialog.name"));
    h.click("group_dialog.save");
    h.frames(2);
    CHECK(h.has("group_dialog.name"));
    CHECK(h.engine().list_customer_groups().size() == before);

    h.click("group_dialog.cancel");
    CHECK_FALSE(h.has("group_dialog.save"));
    CHECK(h.engine().list_customer_groups().size() == before);
}

TEST_CASE("a click on a group row edits it; unticking a customer sends it to No group") {
    GroupsHarness h;
    auto groups = h.engine().list_customer_groups();
    const CustomerGroup g = groups[1];
    auto members = h.customers_of(g.id);
    REQUIRE(members.size() >= 2);
    h.click("nav.groups");
    h.click("groups.row." + std::to_string(g.id.value));
    REQUIRE(h.has("group_dialog.name"));
    CHECK(h.rect("group_dialog.save").label == "Save");
    h.type_into("group_dialog.name", "Renamed Group");
    h.click("group_dialog.tab.customers");
    h.click("group_dialog.only_selected");
    const std::string path = "group_dialog.customer." + std::to_string(members[0].id.value);
    h.type_into("group_dialog.customer_search", std::to_string(members[0].number).c_str());
    h.click(path);
    h.click("group_dialog.save");
    CHECK_FALSE(h.has("group_dialog.save"));
    CHECK(h.group_named("Renamed Group") != nullptr);
    CHECK_FALSE(h.customer(members[0].id.value).group);
    CHECK(h.customers_of(g.id).size() == members.size() - 1);
}

TEST_CASE("deleting a group asks first, says how many customers go to No group, and undo brings them back") {
    GroupsHarness h;
    const CustomerGroup g = h.engine().list_customer_groups()[2];
    const size_t n = h.customers_of(g.id).size();
    REQUIRE(n > 0);
    const std::string id = std::to_string(g.id.value);
    h.click("nav.groups");
    h.click("groups.delete." + id);
    REQUIRE(h.has("groups.confirm_delete"));
    CHECK(h.shows("Its " + std::to_string(n) + " customers go to \"No group\""));
    h.click("groups.cancel_delete");
    CHECK_FALSE(h.has("groups.confirm_delete"));
    CHECK(h.engine().list_customer_groups().size() == 8);

    h.click("groups.delete." + id);
    h.click("groups.confirm_delete");
    CHECK(h.engine().list_customer_groups().size() == 7);
    CHECK_FALSE(h.has("groups.row." + id));
    CustomerFilter none;
    none.only_no_group = true;
    none.include_archived = true;
    const size_t no_group = h.engine().list_customers(none).size();
    CHECK(h.shows(std::to_string(n) + " customers moved to No group"));

    h.click("top.undo");
    CHECK(h.engine().list_customer_groups().size() == 8);
    CHECK(h.customers_of(g.id).size() == n);
    CHECK(h.engine().list_customers(none).size() == no_group - n);
    CHECK(h.has("groups.row." + id));
}

TEST_CASE("a group's Customers button and No group's download xlsx workbooks named after them") {
    GroupsHarness h;
    const CustomerGroup g = h.engine().list_customer_groups()[0];
    h.click("nav.groups");
    h.click("groups.export." + std::to_string(g.id.value));
    REQUIRE(h.platform.downloads.size() == 1);
    CHECK(h.platform.downloads[0].name == "customers-" + g.name + ".xlsx");
    const auto& bytes = h.platform.downloads[0].bytes;
    REQUIRE(bytes.size() > 1000);
    CHECK(bytes[0] == 'P');  // a zip container
    CHECK(bytes[1] == 'K');
    h.click("groups.export.0");
    REQUIRE(h.platform.downloads.size() == 2);
    CHECK(h.platform.downloads[1].name == "customers-No group.xlsx");
}

TEST_CASE("the special groups view adds, edits and deletes a special group; a customer stays in its others") {
    GroupsHarness h;
    int64_t a = h.make_customer("Erikois Alfa Oy");
    int64_t b = h.make_customer("Erikois Beeta Oy");
    const SpecialGroup other = h.engine().list_special_groups()[0];
    REQUIRE(h.app->run_command({{"cmd", "special_group.update"}, {"id", other.id.value}, {"customer_ids", {a}}}).ok());
    h.frames(2);

    h.click("nav.special_groups");
    REQUIRE(h.has("special_groups.add"));
    CHECK(h.has("special_groups.row." + std::to_string(other.id.value)));
    h.click("special_groups.add");
    h.click("special_group_dialog.save");  // empty name
    CHECK(h.app->last_error().field == "name");
    CHECK(h.shows(h.app->last_error().message));
    h.type_into("special_group_dialog.name", other.name.c_str());
    h.click("special_group_dialog.save");
    CHECK(h.app->last_error().code == "special_group.name_taken");

    h.type_into("special_group_dialog.name", "Tilintarkastus");
    h.type_into("special_group_dialog.legend", "Asiakkaat, joilla on tilintarkastaja");
    h.type_into("special_group_dialog.customer_search", "erikois");
    h.click("special_group_dialog.customer." + std::to_string(a));
    h.click("special_group_dialog.customer." + std::to_string(b));
    h.click("special_group_dialog.save");
    CHECK_FALSE(h.has("special_group_dialog.save"));

    SpecialGroup made;
    for (const SpecialGroup& g : h.engine().list_special_groups())
        if (g.name == "Tilintarkastus") made = g;
    REQUIRE(made.id);
    CHECK(made.legend == "Asiakkaat, joilla on tilintarkastaja");
    CHECK(h.engine().list_special_group_members(made.id).size() == 2);
    CHECK(h.engine().list_customer_special_groups(CustomerId(a)).size() == 2);  // still in the other one
    const std::string id = std::to_string(made.id.value);
    CHECK(h.has("special_groups.row." + id));

    h.click("special_groups.export." + id);
    REQUIRE(h.platform.downloads.size() == 1);
    CHECK(h.platform.downloads[0].name == "customers-Tilintarkastus.xlsx");

    h.click("special_groups.row." + id);
    h.click("special_group_dialog.only_selected");
    h.click("special_group_dialog.customer." + std::to_string(b));
    h.click("special_group_dialog.save");
    CHECK(h.engine().list_special_group_members(made.id).size() == 1);

    h.click("special_groups.delete." + id);
    REQUIRE(h.has("special_groups.confirm_delete"));
    h.click("special_groups.confirm_delete");
    CHECK_FALSE(h.has("special_groups.row." + id));
    CHECK(h.engine().list_customer_special_groups(CustomerId(a)).size() == 1);
    h.click("top.undo");
    CHECK(h.has("special_groups.row." + id));
}

TEST_CASE("the customers list shows special groups in a column and filters by one") {
    GroupsHarness h;
    int64_t a = h.make_customer("Sarake Testi Oy");
    const SpecialGroup g = h.engine().list_special_groups()[3];
    auto members = h.engine().list_special_group_members(g.id);
    std::vector<int64_t> ids{a};
    for (const Customer& c : members) ids.push_back(c.id.value);
    REQUIRE(h.app->run_command({{"cmd", "special_group.update"}, {"id", g.id.value}, {"customer_ids", ids}}).ok());
    h.frames(2);
    h.click("customers.special_group");
    h.click("special_group." + std::to_string(g.id.value));
    CustomerFilter f;
    f.special_group = g.id;
    const size_t expected = h.engine().list_customers(f).size();
    CHECK(h.shows(std::to_string(expected) + " customers shown"));
    CHECK(h.shows("Sarake Testi Oy"));
    CHECK(h.shows(g.name));  // the column
    h.click("customers.special_group");
    h.click("special_group.all");
    CHECK(h.shows(std::to_string(h.engine().list_customers(CustomerFilter{}).size()) + " customers shown"));
}

TEST_CASE("a click on a customer's name in the list opens the card, not the edit dialog; the card edits it") {
    GroupsHarness h;
    int64_t id = h.make_customer("Kortti Testi Oy");
    const Customer c = h.customer(id);
    const std::string number = std::to_string(c.number);
    h.type_into("customers.search", "Kortti Testi");  // the new number continues the no-group series
    REQUIRE(h.has("customers.name." + number));
    h.click("customers.name." + number);
    REQUIRE(h.has("card.close"));
    CHECK_FALSE(h.has("customer_dialog.save"));
    CHECK(h.shows(number + "  Kortti Testi Oy"));

    // Details: rename and archive.
    h.type_into("card.name", "Kortti Testi Oyj");
    h.click("card.save");
    CHECK(h.customer(id).name == "Kortti Testi Oyj");
    CHECK(h.shows(number + "  Kortti Testi Oyj"));
    // A bad number is refused at the field.
    h.type_into("card.number", "1000");  // taken by a demo customer
    h.click("card.save");
    CHECK(h.app->last_error().code == "customer.number_taken");
    CHECK(h.shows(h.app->last_error().message));
    CHECK(h.customer(id).number == c.number);
    h.type_into("card.number", number.c_str());

    // Special groups: a tick joins.
    const SpecialGroup g = h.engine().list_special_groups()[0];
    const size_t members = h.engine().list_special_group_members(g.id).size();
    h.click("card.special." + std::to_string(g.id.value));
    CHECK(h.engine().list_special_group_members(g.id).size() == members + 1);
    CHECK(h.engine().list_customer_special_groups(CustomerId(id)).size() == 1);

    // A project.
    h.type_into("card.project_name", "Tilinpäätös 2026");
    h.click("card.add_project");
    auto projects = h.engine().list_projects(CustomerId(id));
    REQUIRE(projects.size() == 1);
    CHECK(projects[0].name == "Tilinpäätös 2026");
    CHECK(h.has("card.project." + std::to_string(projects[0].id.value)));

    // Latest changes list this customer's commands.
    CHECK(h.shows("edit customer"));
    CHECK(h.shows("add project"));

    h.click("card.close");
    CHECK_FALSE(h.has("card.close"));
}

TEST_CASE("a responsibility's interval is edited inline on the card, with the engine's refusal at the field") {
    GroupsHarness h(1280, 1200);  // tall enough for the whole card
    int64_t id = h.make_customer("Vastuu Testi Oy");
    const Employee e = h.engine().list_employees(false)[0];
    REQUIRE(h.app->run_command({{"cmd", "responsibility.toggle"}, {"employee_id", e.id.value}, {"customer_id", id}}).ok());
    h.app->open_customer_card(CustomerId(id));
    h.frames(3);
    auto card = customer_card(h.engine(), CustomerId(id));
    REQUIRE(card.ok());
    REQUIRE(card->responsibilities.size() == 1);
    const Responsibility r = card->responsibilities[0].responsibility;
    CHECK(h.shows(e.name));
    h.click("card.resp.edit." + std::to_string(r.id.value));
    h.type_into("card.resp.from", "2026-02-01");
    h.type_into("card.resp.to", "2026-01-01");  // before the start
    h.click("card.resp.save");
    CHECK(h.app->last_error().code == "responsibility.bad_interval");
    CHECK(h.shows(h.app->last_error().message));
    h.type_into("card.resp.to", "2026-12-31");
    h.click("card.resp.save");
    auto after = customer_card(h.engine(), CustomerId(id));
    REQUIRE(after.ok());
    CHECK(after->responsibilities[0].responsibility.valid_from == "2026-02-01");
    CHECK(after->responsibilities[0].responsibility.valid_to == "2026-12-31");
    CHECK(h.shows("2026-02-01 – 2026-12-31"));
    CHECK_FALSE(h.has("card.resp.save"));
}

TEST_CASE("the card's change history names the single-user app's actor in the UI's language") {
    GroupsHarness h;
    int64_t id = h.make_customer("Historia Testi Oy");
    set_language(Lang::Fi);
    h.app->open_customer_card(CustomerId(id));
    h.frames(3);
    CHECK(h.shows("Pääkäyttäjä"));
    CHECK_FALSE(h.shows("Administrator"));
    set_language(Lang::En);
    h.frames(2);
    CHECK(h.shows("Administrator"));
}

TEST_CASE("the project card opens from the customer card and leads back to its customer") {
    GroupsHarness h;
    int64_t id = h.make_customer("Projekti Testi Oy");
    auto r = h.app->run_command({{"cmd", "project.create"}, {"customer_id", id}, {"name", "Palkanlaskenta 2026"}});
    REQUIRE(r.ok());
    const int64_t project = r.value()["id"].get<int64_t>();
    h.app->open_customer_card(CustomerId(id));
    h.frames(3);
    h.click("card.project." + std::to_string(project));
    CHECK(h.rect("card.close").label == "Close");
    CHECK(h.shows("Palkanlaskenta 2026"));
    CHECK(h.shows("Projekti Testi Oy"));
    REQUIRE(h.has("card.customer"));
    h.click("card.customer");
    CHECK(h.has("card.project." + std::to_string(project)));  // the customer card again
}

TEST_CASE("the project card edits the project's name, number and archived, with a taken number refused at the field") {
    GroupsHarness h;
    int64_t id = h.make_customer("Projekti Muokkaus Oy");
    auto r = h.app->run_command({{"cmd", "project.create"}, {"customer_id", id}, {"name", "Palkanlaskenta"}});
    REQUIRE(r.ok());
    const int64_t project = r.value()["id"].get<int64_t>();
    REQUIRE(h.app->run_command({{"cmd", "project.create"}, {"customer_id", id}, {"name", "Muu"}, {"number", "P-9"}}).ok());
    h.app->open_project_card(ProjectId(project));
    h.frames(3);
    REQUIRE(h.has("card.save"));
    CHECK(h.shows("1  Palkanlaskenta"));

    h.type_into("card.name", "Palkanlaskenta ja verotus");
    h.type_into("card.number", "P-1");
    h.click("card.archived");
    h.click("card.save");
    auto projects = h.engine().list_projects(CustomerId(id));
    REQUIRE(projects.size() == 2);
    CHECK(projects[0].name == "Palkanlaskenta ja verotus");
    CHECK(projects[0].number == "P-1");
    CHECK(projects[0].archived);
    CHECK(h.shows("P-1  Palkanlaskenta ja verotus"));
    CHECK(h.shows("edit project"));  // the card's latest changes

    h.type_into("card.number", "P-9");
    h.click("card.save");
    CHECK(h.app->last_error().code == "project.number_taken");
    CHECK(h.shows(h.app->last_error().message));
    CHECK(h.engine().list_projects(CustomerId(id))[0].number == "P-1");

    h.click("card.close");
    REQUIRE(h.app->run_command({{"cmd", "undo"}}).ok());
    CHECK(h.engine().list_projects(CustomerId(id))[0].name == "Palkanlaskenta");
}

TEST_CASE("a click on a name in the matrix's left column opens the card; a click beside it does not") {
    GroupsHarness h;
    h.click("nav.matrix");
    h.frames(2);
    const std::string paths = recorded_paths();
    size_t at = paths.find("matrix.row_name.");
    REQUIRE(at != std::string::npos);
    const std::string path = paths.substr(at, paths.find('\n', at) - at);
    const std::string number = path.substr(std::string("matrix.row_name.").size());
    ItemRect name = h.rect(path);
    // Beside the name (on the number): the cursor moves, no card.
    h.click_at(name.x - 20, name.y + name.h / 2);
    CHECK_FALSE(h.has("card.close"));
    h.click(path);
    REQUIRE(h.has("card.close"));
    CHECK(h.shows(number + "  "));
    h.click("card.close");
    CHECK_FALSE(h.has("card.close"));
}

TEST_CASE("signing in as a salesperson restricts the customers list; the administrator sees everyone again") {
    GroupsHarness h;
    const CustomerGroup g = h.engine().list_customer_groups()[0];
    auto sellers = h.engine().list_group_salespersons(g.id);
    REQUIRE_FALSE(sellers.empty());
    const Employee seller = sellers[0];
    const int64_t all = h.engine().list_customers(CustomerFilter{}).size();
    CHECK(h.shows(std::to_string(all) + " customers shown"));

    h.click("signed_in_as");
    CHECK(h.shows("does not protect the file"));
    h.type(seller.name.c_str());  // the search field has the keyboard
    REQUIRE(h.has("signed_in_as." + std::to_string(seller.id.value)));
    h.click("signed_in_as." + std::to_string(seller.id.value));
    CHECK(h.engine().viewer() == seller.id);
    const int64_t visible = h.engine().list_customers(CustomerFilter{}).size();
    CHECK(visible < all);
    for (const Customer& c : h.customers_of(g.id))  // every customer of a group they sell for
        CHECK(h.engine().visible_customers().contains(c.id.value));
    CHECK(h.shows(std::to_string(visible) + " customers shown"));
    CHECK(h.shows("Showing only the customers " + seller.name + " may see"));
    CHECK(h.shows("it does not protect the file"));  // the note above the view
    CHECK(h.app->stats()["viewer"] == seller.id.value);

    h.click("signed_in_as");
    h.click("signed_in_as.admin");
    CHECK_FALSE(h.engine().viewer());
    CHECK(h.shows(std::to_string(all) + " customers shown"));
}

TEST_CASE("a group edited while a salesperson is signed in keeps the members that salesperson cannot see") {
    GroupsHarness h;
    auto groups = h.engine().list_customer_groups();
    // An employee responsible for one customer of a group, and for no other customer of it.
    const CustomerGroup g = groups[0];
    auto members = h.customers_of(g.id);
    REQUIRE(members.size() >= 3);
    REQUIRE(h.app->run_command({{"cmd", "employee.create"}, {"name", "Näkyvyys Testaaja"}}).ok());
    EmployeeId viewer;
    for (const Employee& e : h.engine().list_employees(false))
        if (e.name == "Näkyvyys Testaaja") viewer = e.id;
    REQUIRE(h.app->run_command({{"cmd", "responsibility.toggle"}, {"employee_id", viewer.value},
                                {"customer_id", members[0].id.value}}).ok());
    h.engine().set_viewer(viewer);
    h.frames(2);
    h.click("nav.groups");
    h.click("groups.row." + std::to_string(g.id.value));
    h.click("group_dialog.tab.customers");
    CHECK(h.shows("1 selected"));
    h.click("group_dialog.customer." + std::to_string(members[0].id.value));  // untick the one visible member
    h.click("group_dialog.save");
    h.engine().set_viewer(EmployeeId());
    auto after = h.customers_of(g.id);
    CHECK(after.size() == members.size() - 1);  // the hidden ones stay
    CHECK_FALSE(h.customer(members[0].id.value).group);
}

TEST_CASE("member changes are the new ticks and the unticked ones, nothing about members never shown") {
    // The viewer saw {2,3}; ticks now {3,9}: 9 is added, 2 removed; 3 is unchanged.
    MemberChanges c = member_changes({2, 3}, {9, 3});
    CHECK(c.added == std::vector<int64_t>{9});
    CHECK(c.removed == std::vector<int64_t>{2});
    CHECK(member_changes({}, {5}).added == std::vector<int64_t>{5});
    CHECK(member_changes({7}, {}).removed == std::vector<int64_t>{7});
    CHECK(member_changes({1, 4}, {4, 1}).added.empty());
}

TEST_CASE("the top bar fits at 1280 px with Finnish labels and the status line keeps the selector on screen") {
    GroupsHarness h(1280, 800);
    set_language(Lang::Fi);
    h.frames(3);
    CHECK(h.rect("nav.groups").label == "Ryhmät");
    CHECK(h.rect("nav.special_groups").label == "Erityisryhmät");
    const ItemRect last_nav = h.rect("nav.special_groups");
    const ItemRect undo = h.rect("top.undo");
    const ItemRect theme = h.rect("top.theme");
    INFO("last nav ends at " << last_nav.x + last_nav.w << ", undo starts at " << undo.x << ", theme ends at "
                             << theme.x + theme.w);
    CHECK(last_nav.x + last_nav.w < undo.x);
    CHECK(theme.x + theme.w <= 1280);
    for (const char* path : {"nav.customers", "nav.employees", "nav.matrix", "nav.groups", "nav.special_groups",
                             "file.menu", "top.redo", "lang.en", "lang.fi"}) {
        ItemRect r = h.rect(path);
        CHECK_MESSAGE(r.x + r.w <= 1280, path);
        CHECK_MESSAGE(r.y + r.h <= 50, path);
    }
    ItemRect selector = h.rect("signed_in_as");
    CHECK(selector.x > 300);
    CHECK(selector.x + selector.w < 1280);
    CHECK(selector.y > 700);
}
