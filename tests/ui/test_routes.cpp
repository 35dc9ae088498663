// The app's place as a URL fragment (App::route / App::open_route, ui/app_route.cpp): every view,
// its main filters and an open card have one, and opening it goes back to the same place — what a
// reload, a pasted link, Back and Forward rely on (web/pre.js keeps it in the address bar).
#include <doctest/doctest.h>
#include <imgui.h>

#include "ui_harness.h"

using namespace vastuu;
using namespace vastuu::ui;
using testing::UiHarness;

TEST_CASE("each view has its own route, with the filters typed and ticked") {
    UiHarness h(ImVec2(1280, 800));
    h.frames(3);
    CHECK(h.app->route() == "#/customers");
    h.click("customers.search");
    h.type("Äijä oy");
    h.click("customers.show_archived");
    CHECK(h.app->route() == "#/customers?q=%C3%84ij%C3%A4%20oy&archived=1");
    h.click("nav.persons");
    CHECK(h.app->route() == "#/persons");
    h.click("nav.special_groups");
    CHECK(h.app->route() == "#/special-groups");
    h.click("nav.matrix");
    h.click("matrix.projects");
    CHECK(h.app->route() == "#/matrix?rows=projects");
}

TEST_CASE("opening a route goes to its view with its filters, and gives the same route back") {
    UiHarness h(ImVec2(1280, 800));
    h.frames(3);
    const int64_t employee = h.app->engine()->list_employees(false).front().id.value;
    const std::string persons = "#/persons?q=Oy&employee=" + std::to_string(employee) + "&projects=1&as_of=2026-12-31";
    h.app->open_route(persons);
    h.frames(3);
    CHECK(h.app->view() == View::Persons);
    CHECK(h.app->route() == persons);
    CHECK(h.has("persons.column.0"));
    h.app->open_route("#/customers?q=%C3%84ij%C3%A4%20oy&archived=1&group=none");
    h.frames(3);
    CHECK(h.app->route() == "#/customers?q=%C3%84ij%C3%A4%20oy&archived=1&group=none");
    h.app->open_route("#/no-such-view?x=1");  // not ours: nothing changes
    h.frames(2);
    CHECK(h.app->route() == "#/customers?q=%C3%84ij%C3%A4%20oy&archived=1&group=none");
}

TEST_CASE("an open card is part of the route: a link opens it, a route without it closes it") {
    UiHarness h(ImVec2(1280, 800));
    h.frames(3);
    const Customer c = h.app->engine()->list_customers({}).front();
    h.app->open_customer_card(c.id);
    h.frames(3);
    REQUIRE(h.has("card.close"));
    const std::string with_card = "#/customers/customer/" + std::to_string(c.id.value);
    CHECK(h.app->route() == with_card);
    h.app->open_route("#/customers");  // Back
    h.frames(3);
    CHECK_FALSE(h.has("card.close"));
    CHECK(h.app->route() == "#/customers");
    h.click(h.has("customers.add") ? "customers.add" : "nav.customers");  // the view takes clicks again
    CHECK(h.has("customer_dialog.save"));
    h.click("customer_dialog.cancel");
    h.app->open_route(with_card);  // Forward
    h.frames(3);
    CHECK(h.has("card.close"));
    CHECK(h.app->route() == with_card);

    const auto projects = h.app->engine()->list_projects(c.id);
    if (!projects.empty()) {
        const std::string project_route = "#/matrix/project/" + std::to_string(projects.front().id.value) + "?rows=projects";
        h.app->open_route(project_route);
        h.frames(3);
        CHECK(h.app->view() == View::Matrix);
        CHECK(h.has("card.customer"));  // the project card leads to its customer
        CHECK(h.app->route() == project_route);
    }
}
