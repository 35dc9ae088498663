// The import dialog driven like a user: the File menu asks the platform for a file, the picked file
// (App::open_import_file, the platform's answer) is previewed in a modal with its counts, warnings
// and row errors, Apply writes it as one undoable command and Cancel leaves everything as it was.
#include <doctest/doctest.h>
#include <imgui.h>

#include <sqlite3.h>

#include <algorithm>
#include <string>
#include <vector>

#include "app.h"
#include "item_hooks.h"
#include "ui_harness.h"

using namespace vastuu;
using namespace vastuu::ui;

namespace {

using testing::UiHarness;

struct ImportHarness : UiHarness {
    ImportHarness() { frames(3); }
    Engine& engine() { return *app->engine(); }
    // Gives the app a picked file, as the platform does after ask_open_import().
    void pick(const std::string& name, const std::string& bytes) {
        app->open_import_file(name, bytes);
        frames(4);
    }
    bool dialog_open() { return has("import.save"); }
    std::vector<std::string> shown_lines() {
        std::vector<std::string> lines;
        std::string line;
        for (char c : visible_text() + "\n") {
            if (c != '\n') {
                line += c;
                continue;
            }
            lines.push_back(line);
            line.clear();
        }
        return lines;
    }
    // The `n` shown texts after the first one that is exactly `text` (a table row read from its first cell).
    std::vector<std::string> cells_after(const std::string& text, size_t n) {
        std::vector<std::string> lines = shown_lines();
        auto at = std::find(lines.begin(), lines.end(), text);
        if (at == lines.end()) return {};
        return std::vector<std::string>(at + 1, at + 1 + std::min<std::ptrdiff_t>(n, lines.end() - at - 1));
    }
    // The `n` shown texts just before the first one that is exactly `text`.
    std::vector<std::string> cells_before(const std::string& text, size_t n) {
        std::vector<std::string> lines = shown_lines();
        auto at = std::find(lines.begin(), lines.end(), text);
        if (at == lines.end() || at - lines.begin() < static_cast<std::ptrdiff_t>(n)) return {};
        return std::vector<std::string>(at - static_cast<std::ptrdiff_t>(n), at);
    }
    std::string customer_name(int64_t number) {
        CustomerFilter all;
        all.include_archived = true;
        for (const Customer& c : engine().list_customers(all))
            if (c.number == number) return c.name;
        return "<none>";
    }
};

// Customers with Finnish names, semicolons and Finnish headers (as Excel writes them in Finland).
const std::string kGoodCsv = "Asiakasnumero;Nimi\n"
                             "990001;Äijälä Oy\n"
                             "990002;Öljy-Åberg Ky\n"
                             "990003;Måns & Söner Ab\n";

// The same with line 3 missing its name.
const std::string kBadCsv = "Asiakasnumero;Nimi\n"
                            "990001;Äijälä Oy\n"
                            "990002;\n"
                            "990003;Måns & Söner Ab\n";

// Empties every domain table (a fresh database with the schema and nothing in it).
void empty_database(Engine& e) {
    const char* sql =
        "PRAGMA foreign_keys=OFF;"
        "DELETE FROM responsibility; DELETE FROM special_group_member; DELETE FROM special_group;"
        "DELETE FROM project; DELETE FROM customer; DELETE FROM customer_group_salesperson;"
        "DELETE FROM customer_group; DELETE FROM role; DELETE FROM employee; DELETE FROM team;"
        "DELETE FROM change_log; PRAGMA foreign_keys=ON;";
    REQUIRE(sqlite3_exec(e.handle(), sql, nullptr, nullptr, nullptr) == SQLITE_OK);
}

}  // namespace

TEST_CASE("File › Import data asks the platform for a file; its label is translated") {
    ImportHarness h;
    h.click("file.menu");
    CHECK(h.rect("file.import").label == "Import data (JSON or CSV)…");
    h.click("file.import");
    CHECK(h.platform.import_requests == 1);
    h.click("lang.fi");
    h.click("file.menu");
    CHECK(h.rect("file.import").label == "Tuo tietoja (JSON tai CSV)…");
    CHECK(h.rect("file.export_dataset").label == "Vie aineisto (JSON)");
}

TEST_CASE("a CSV with a bad row shows the error with its line number and Apply writes nothing") {
    ImportHarness h;
    const int64_t before = h.engine().counts().customers;
    const int64_t revision = h.engine().revision();
    h.pick("asiakkaat.csv", kBadCsv);
    REQUIRE(h.dialog_open());
    CHECK(h.shows("asiakkaat.csv"));
    CHECK(h.shows("1 problem:"));
    CHECK(h.has("import.error.0"));
    // One error row: its line, the column (in the user's language), the message without "line 3, Name: ".
    CHECK(h.cells_before("This field cannot be empty.", 2) == std::vector<std::string>{"3", "Name"});

    h.click("import.save");  // disabled: not even tried (an attempt would leave the engine's refusal)
    CHECK(h.app->last_error().code.empty());
    CHECK(h.dialog_open());
    CHECK(h.engine().counts().customers == before);
    CHECK(h.engine().revision() == revision);
    h.click("import.cancel");
    CHECK_FALSE(h.dialog_open());
    CHECK(h.engine().counts().customers == before);
}

TEST_CASE("a good CSV previews its counts, Apply creates the customers and one undo removes them") {
    ImportHarness h;
    const int64_t before = h.engine().counts().customers;
    h.pick("asiakkaat.csv", kGoodCsv);
    REQUIRE(h.dialog_open());
    CHECK(h.has("import.counts.customer"));
    CHECK(h.shows("3 rows read"));
    // Created, updated, unchanged, in conflict.
    CHECK(h.cells_after("Customers", 4) == std::vector<std::string>{"3", "0", "0", "0"});
    CHECK(h.engine().counts().customers == before);  // a preview writes nothing

    h.click("import.save");
    CHECK_FALSE(h.dialog_open());
    CHECK(h.engine().counts().customers == before + 3);
    CHECK(h.customer_name(990001) == "Äijälä Oy");
    CHECK(h.customer_name(990002) == "Öljy-Åberg Ky");
    CHECK(h.customer_name(990003) == "Måns & Söner Ab");
    CHECK(h.shows("Imported: 3 new, 0 updated, 0 unchanged"));
    CHECK(h.engine().undo_label() == "import.apply");
    CHECK(h.platform.changes > 0);  // a save was scheduled

    h.click("top.undo");
    CHECK(h.engine().counts().customers == before);
    CHECK(h.customer_name(990001) == "<none>");
}

TEST_CASE("the same file again is all unchanged: nothing to apply") {
    ImportHarness h;
    h.pick("asiakkaat.csv", kGoodCsv);
    h.click("import.save");
    const int64_t revision = h.engine().revision();
    h.pick("asiakkaat.csv", kGoodCsv);
    REQUIRE(h.dialog_open());
    CHECK(h.shows("Nothing to change"));
    h.click("import.save");
    CHECK(h.app->last_error().code.empty());
    CHECK(h.dialog_open());
    CHECK(h.engine().revision() == revision);
    h.click("import.cancel");
}

TEST_CASE("Cancel discards the preview and changes nothing") {
    ImportHarness h;
    const Counts before = h.engine().counts();
    const int64_t revision = h.engine().revision();
    h.pick("asiakkaat.csv", kGoodCsv);
    REQUIRE(h.dialog_open());
    h.click("import.cancel");
    CHECK_FALSE(h.dialog_open());
    CHECK(h.engine().counts().customers == before.customers);
    CHECK(h.engine().revision() == revision);
    CHECK_FALSE(h.engine().can_undo());
}

TEST_CASE("a read-only tab previews but refuses Apply, keeping the dialog open with the reason") {
    ImportHarness h;
    const int64_t revision = h.engine().revision();
    h.platform.reader = true;
    h.pick("asiakkaat.csv", kGoodCsv);
    REQUIRE(h.dialog_open());
    h.click("import.save");
    CHECK(h.app->last_error().code == "app.read_only");
    CHECK(h.dialog_open());
    CHECK(h.has("import.error"));
    CHECK(h.shows(h.app->last_error().message));
    CHECK(h.engine().revision() == revision);
    CHECK(h.customer_name(990001) == "<none>");
    h.platform.reader = false;  // the writer tab closed and this one took over: the same preview applies
    h.click("import.save");
    CHECK_FALSE(h.dialog_open());
    CHECK(h.customer_name(990001) == "Äijälä Oy");
}

TEST_CASE("the kind chooser re-runs the preview as the chosen kind") {
    ImportHarness h;
    // A name and an e-mail column: detected as employees.
    h.pick("rivit.csv", "nimi;sähköposti\nÄäpeli Öhman;aapeli.ohman@example.fi\n");
    REQUIRE(h.dialog_open());
    CHECK(h.has("import.counts.employee"));
    CHECK_FALSE(h.has("import.counts.customer"));
    CHECK(h.shows("Employees (from the header row)"));
    h.click("import.kind");
    h.click("import.kind.customers");
    CHECK(h.has("import.counts.customer"));
    CHECK_FALSE(h.has("import.counts.employee"));
    const int64_t before = h.engine().counts().customers;
    // As customers, the e-mail column is unknown: a warning, so Import waits for the tick.
    CHECK(h.shows("is not known and is ignored"));
    h.click("import.save");
    CHECK(h.engine().counts().customers == before);
    h.click("import.warnings_checked");
    h.click("import.save");
    CHECK(h.engine().counts().customers == before + 1);
}

TEST_CASE("a Windows-1252 file is shown with its warning and reads ä, ö and å right") {
    ImportHarness h;
    h.pick("vanha.csv", std::string("Asiakasnumero;Nimi\n990010;\xC4ij\xE4l\xE4 \xC5s \xD6y\n"));
    REQUIRE(h.dialog_open());
    CHECK(h.has("import.warning.0"));
    CHECK(h.shows("Windows-1252"));
    CHECK(h.shows("\"Äijälä Ås Öy\" (line 2)"));  // what the guess made of the names, to check
    h.click("import.save");  // waits for "I have checked the warnings above"
    CHECK(h.customer_name(990010) == "<none>");
    h.click("import.warnings_checked");
    h.click("import.save");
    CHECK(h.customer_name(990010) == "Äijälä Ås Öy");
}

TEST_CASE("thousands of bad rows: the error table draws only the rows on screen") {
    ImportHarness h;
    std::string csv = "Asiakasnumero;Nimi\n";
    for (int i = 0; i < 3000; ++i) csv += std::to_string(800000 + i) + ";\n";
    h.pick("iso.csv", csv);
    REQUIRE(h.dialog_open());
    CHECK(h.has("import.errors"));
    CHECK(h.has("import.error.0"));
    CHECK_FALSE(h.has("import.error.300"));  // clipped
    CHECK(h.shows("problems:"));
}

TEST_CASE("a file that is not a dataset or a CSV of a known kind is refused as a whole") {
    ImportHarness h;
    h.pick("rikki.json", "{\"format\": \"vastuu-dataset\", \"version\": 1, \"tables\": [");
    REQUIRE(h.dialog_open());
    CHECK(h.has("import.error"));
    CHECK(h.shows("not valid JSON"));
    const int64_t revision = h.engine().revision();
    h.click("import.save");
    CHECK(h.engine().revision() == revision);
    h.click("import.cancel");
    CHECK_FALSE(h.dialog_open());
}

TEST_CASE("the dataset exported as JSON from the demo data imports into an empty database with the same counts") {
    ImportHarness h;
    h.click("file.menu");
    h.click("file.export_dataset");
    REQUIRE(h.platform.downloads.size() == 1);
    const auto& download = h.platform.downloads.back();
    CHECK(download.mime == "application/json");
    CHECK(download.name == "vastuu-2026-11-26.json");
    const std::string document(download.bytes.begin(), download.bytes.end());
    const Counts demo = h.engine().counts();
    REQUIRE(demo.customers > 0);

    empty_database(h.engine());
    REQUIRE(h.engine().counts().customers == 0);
    h.pick("vastuu-2026-11-26.json", document);
    REQUIRE(h.dialog_open());
    CHECK(h.shows("Vastuu dataset, JSON"));
    CHECK(h.has("import.counts.customer"));
    CHECK(h.has("import.counts.total"));
    CHECK(h.cells_after("Customers", 2) == std::vector<std::string>{std::to_string(demo.customers), "0"});
    CHECK_FALSE(h.has("import.error_count"));
    // The tables in the order the import writes them: teams and employees before the customers.
    const auto lines = h.shown_lines();
    const auto at = [&](const char* text) { return std::find(lines.begin(), lines.end(), text) - lines.begin(); };
    CHECK(at("Teams") < at("Employees"));
    CHECK(at("Employees") < at("Customers"));
    CHECK(at("Customers") < at("Responsibilities"));
    CHECK(at("Responsibilities") < static_cast<std::ptrdiff_t>(lines.size()));

    h.click("import.save");
    REQUIRE_FALSE(h.dialog_open());
    const Counts after = h.engine().counts();
    CHECK(after.customers == demo.customers);
    CHECK(after.employees == demo.employees);
    CHECK(after.projects == demo.projects);
    CHECK(after.responsibilities == demo.responsibilities);
    CHECK(after.customer_groups == demo.customer_groups);
    CHECK(after.special_groups == demo.special_groups);
    CHECK(after.teams == demo.teams);
    CHECK(after.roles == demo.roles);

    // The database now exports the very same document.
    h.click("file.menu");
    h.click("file.export_dataset");
    REQUIRE(h.platform.downloads.size() == 2);
    CHECK(std::string(h.platform.downloads.back().bytes.begin(), h.platform.downloads.back().bytes.end()) == document);
}
