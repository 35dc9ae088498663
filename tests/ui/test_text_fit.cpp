// Texts that read right: counts with the singular for one ("1 customer shown", "1 asiakas
// näkyvissä"), texts cut with "…" and shown whole on hover, and project names readable in the
// matrix's row header.
#include <doctest/doctest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include "fitted_text.h"
#include "ui_harness.h"
#include "view_matrix.h"

using namespace vastuu;
using namespace vastuu::ui;
using testing::UiHarness;

TEST_CASE("a count of one takes the singular in English and Finnish, more the plural") {
    UiHarness h(ImVec2(1280, 800));
    h.frames(3);
    REQUIRE(h.app->run_command({{"cmd", "customer.create"}, {"name", "Yksikkö Qvx Oy"}}).ok());
    h.click("customers.search");
    h.type("Qvx");
    h.frames(2);
    CHECK(h.shows("1 customer shown"));
    h.app->set_language(Lang::Fi);
    h.frames(2);
    CHECK(h.shows("1 asiakas näkyvissä"));
    REQUIRE(h.app->run_command({{"cmd", "customer.create"}, {"name", "Monikko Qvx Oy"}}).ok());
    h.frames(3);
    CHECK(h.shows("2 asiakasta näkyvissä"));
    h.app->set_language(Lang::En);
    h.frames(2);
    CHECK(h.shows("2 customers shown"));
    CHECK(tr_count("status.teams", 1, {"1"}) == "1 team");
    CHECK(tr_count("status.teams", 0, {"0"}) == "0 teams");
}

TEST_CASE("every singular form has its plural in the catalogue") {
    for (const char* key : {"customers.shown", "employees.shown", "persons.shown", "groups.count", "special_groups.count",
                            "replace.more", "replace.done", "import.rows", "import.error_count", "groups.delete_text",
                            "groups.deleted", "matrix.shown_customers", "matrix.shown_projects", "status.customers",
                            "status.employees", "status.teams"}) {
        INFO(key);
        CHECK(tr_has(key));
        CHECK(tr_has((std::string(key) + ".one").c_str()));
    }
}

TEST_CASE("a text too long for its space is cut with an ellipsis and shown whole in a tooltip on hover") {
    UiHarness h(ImVec2(800, 600));
    const std::string long_text = "Äärimmäisen pitkä asiakkaan nimi joka ei mahdu sarakkeeseen Oy Ab";
    bool cut = false;
    h.draw_alone("###fit_test", [&] {
        ImGui::SetCursorScreenPos(ImVec2(100, 100));
        cut = fitted_text(long_text, 120);
        record_last_item("fit.text");
        ImGui::SetCursorScreenPos(ImVec2(100, 200));
        fitted_text("Lyhyt", 120);
        record_last_item("fit.short");
    });
    h.frames(2);
    CHECK(cut);
    CHECK(h.rect("fit.text").w <= 120);
    h.move_to("fit.text");
    h.frames_while_wanted();
    bool tooltip = false;
    for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
        if ((w->Flags & ImGuiWindowFlags_Tooltip) && w->Active) tooltip = true;
    CHECK(tooltip);
}

TEST_CASE("project rows in the matrix show the project's name, not just its first letters") {
    UiHarness h(ImVec2(1280, 800));
    MatrixView view;
    view.projects = true;
    h.draw_alone("###matrix_test", [&] { draw_matrix_view(*h.app, view); });
    auto customer = h.app->run_command({{"cmd", "customer.create"}, {"name", "Aaaa Projektiasiakas Oy"}});
    REQUIRE(customer.ok());
    const std::string name = "Tilinpäätös ja veroilmoitus";
    auto project = h.app->run_command(
        {{"cmd", "project.create"}, {"customer_id", customer.value().at("id")}, {"name", name}});
    REQUIRE(project.ok());
    std::snprintf(view.search, sizeof view.search, "%s", "Projektiasiakas");
    h.frames(4);
    const std::string key = "matrix.row_name." + std::to_string(project.value().at("id").get<int64_t>());
    REQUIRE(h.has(key));
    CHECK(h.rect(key).w >= ImGui::CalcTextSize(name.c_str()).x);
}

TEST_CASE("the card's latest changes name the field in the user's language, with an arrow") {
    UiHarness h(ImVec2(1280, 800));
    h.frames(2);
    auto run = [&](const nlohmann::json& cmd) {
        auto r = h.app->run_command(cmd);
        REQUIRE(r.ok());
        return r.value().value("id", int64_t(0));
    };
    const int64_t customer = run({{"cmd", "customer.create"}, {"name", "Historia Oy"}});
    const int64_t employee = run({{"cmd", "employee.create"}, {"name", "Historia Henkilö"}});
    const int64_t resp = run({{"cmd", "responsibility.toggle"}, {"employee_id", employee}, {"customer_id", customer}});
    run({{"cmd", "responsibility.update"}, {"id", resp}, {"valid_to", "2031-12-31"}});
    h.app->open_customer_card(CustomerId(customer));
    h.frames(4);
    CHECK(h.shows("Valid until: \xE2\x80\x93 \xE2\x86\x92 2031-12-31"));
    CHECK_FALSE(h.shows("valid_to"));
    h.app->set_language(Lang::Fi);
    h.frames(3);
    CHECK(h.shows("Voimassa asti: \xE2\x80\x93 \xE2\x86\x92 31.12.2031"));  // a Finnish date
}

TEST_CASE("a status message too long for the status line at 1024 px is cut, and the whole of it shows on hover") {
    UiHarness h(ImVec2(1024, 700));
    h.frames(2);
    const std::string message = "Palvelin hylkäsi muutoksen, joten se peruttiin: Muuttanut aino@example.fi "
                                "2026-12-02 10:03 UTC — avaa kortti uudelleen ja tee muutoksesi uudestaan.";
    h.app->show_error(Error{"sync.conflict", message, ""});
    h.frames(2);
    const ItemRect r = h.rect("status.message");
    CHECK(r.x + r.w <= 1024);
    CHECK(r.w < ImGui::CalcTextSize(message.c_str()).x);  // cut to the room it has
    CHECK(h.shows(message));                             // the whole text is still the message
    h.move_to("status.message");
    h.frames_while_wanted();
    bool tooltip = false;
    for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
        if ((w->Flags & ImGuiWindowFlags_Tooltip) && w->Active) tooltip = true;
    CHECK(tooltip);
}
