// The import front door (io/import.h): a file's format and, for CSV, its kind of rows are decided in
// one place, so the app's dialog, the import commands and the command-line tool read a file alike.
#include <doctest/doctest.h>

#include <string>

#include "core/engine.h"
#include "io/import.h"
#include "engine_harness.h"

using namespace vastuu;
using namespace vastuu_test;
using nlohmann::json;

TEST_CASE("a file is JSON when its text starts with a brace, else when its name ends in .json") {
    CHECK(import_format_of("data.json", "{\"format\": \"vastuu-dataset\"}") == "json");
    CHECK(import_format_of("export.csv", "\xEF\xBB\xBF \r\n\t{\"format\": 1}") == "json");  // the text wins
    CHECK(import_format_of("DATA.JSON", "not json at all") == "json");
    CHECK(import_format_of("asiakkaat.csv", "numero;nimi\n1;A\n") == "csv");
    CHECK(import_format_of("asiakkaat", "numero;nimi\n1;A\n") == "csv");
    CHECK(import_format_of("", "") == "csv");
}

TEST_CASE("the kind of CSV rows: empty or auto reads the header, a name is taken as given, anything else is refused") {
    const std::string employees = "name;email\nAnna;anna@x.fi\n";
    CHECK(read_import(employees, "csv", "").value().kind == ImportKind::Employees);
    CHECK(read_import(employees, "csv", "auto").value().kind == ImportKind::Employees);
    CHECK(read_import(employees, "csv", "customers").value().kind == ImportKind::Customers);
    CHECK(read_import(employees, "csv", "dataset").error().code == "import.bad_kind");
    CHECK(read_import(employees, "csv", "dataset").error().field == "kind");
    CHECK(read_import(employees, "csv", "people").error().code == "import.bad_kind");
    CHECK(read_import("foo;bar\n1;2\n", "csv", "auto").error().code == "csv.unknown_kind");
    CHECK(read_import(employees, "xml", "").error().code == "import.bad_format");
    CHECK(read_import("{\"format\": \"other\"}", "json", "customers").error().code == "import.not_a_dataset");
    CHECK(parse_csv_kind("responsibilities").value() == ImportKind::Responsibilities);
    CHECK(parse_csv_kind("dataset").error().code == "import.bad_kind");
}

TEST_CASE("the command, the preview and the CLI's path resolve a kind alike") {
    auto e = open_memory();
    const std::string text = "Asiakasnumero;Nimi\n501;Äijälä Oy\n";
    auto prepared = prepare_import(*e, text, import_format_of("x.csv", text), "");
    REQUIRE(prepared.ok());
    CHECK(prepared.value()["kind"] == "customers");
    discard_import(prepared.value()["token"]);
    json applied = run(*e, {{"cmd", "csv.import"}, {"text", text}});
    CHECK(applied["kind"] == "customers");
    CHECK(applied["created"] == 1);
    CHECK(refused(*e, {{"cmd", "csv.import"}, {"text", text}, {"kind", "dataset"}}).code == "import.bad_kind");
    CHECK(prepare_import(*e, text, "csv", "dataset").error().code == "import.bad_kind");
    CHECK(refused(*e, {{"cmd", "csv.import"}, {"text", text}, {"kind", 3}}).code == "command.bad_argument");
}
