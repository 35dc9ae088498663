// The JSON dataset import: it reads exactly what the export writes (round trip), previews without
// writing, applies all or nothing as one undoable command, and refuses bad input with a code naming
// the problem. Also the database-file checks on damaged and foreign files.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>

#include "commands/command_context.h"
#include "core/engine.h"
#include "core/i18n.h"
#include "io/dataset_json.h"
#include "io/demo_data.h"
#include "io/import.h"
#include "io/json_reader.h"
#include "engine_harness.h"

using namespace vastuu;
using namespace vastuu_test;
using nlohmann::json;

namespace {

std::unique_ptr<Engine> demo_engine() {
    auto e = open_memory();
    REQUIRE(generate_demo(e->handle(), demo_default()).ok());
    return e;
}

json exported(Engine& e) {
    auto doc = export_dataset_json(e.handle());
    REQUIRE(doc.ok());
    return doc.value();
}

// A small hand-written document: one of every table, with Finnish names.
json small_document() {
    return json{{"format", "vastuu-dataset"}, {"version", 1}, {"schema_version", 1},
                {"tables",
                 {{"team", {{{"id", 1}, {"name", "Myynti"}}}},
                  {"employee",
                   {{{"id", 1}, {"name", "Äijälä Önni"}, {"email", "onni@x.fi"}, {"seller_info", ""}, {"team_id", 1}, {"archived", 0}},
                    {{"id", 2}, {"name", "Åsa Berg"}, {"email", "asa@x.fi"}, {"seller_info", "S2"}, {"team_id", nullptr}, {"archived", 0}}}},
                  {"role", {{{"id", 1}, {"name", "Kirjanpitäjä"}, {"code", "KP"}, {"kind", "customer"}}}},
                  {"customer_group", {{{"id", 1}, {"name", "Pohjoinen"}, {"number_start", 1000}, {"ledger_account", ""}, {"cost_centre", ""}}}},
                  {"customer_group_salesperson", {{{"group_id", 1}, {"employee_id", 2}}}},
                  {"customer",
                   {{{"id", 1}, {"number", 1001}, {"name", "Öljy-Äijälä Oy"}, {"group_id", 1}, {"archived", 0}},
                    {{"id", 2}, {"number", 1002}, {"name", "Ääni ja Kuva Ky"}, {"group_id", nullptr}, {"archived", 0}}}},
                  {"project", {{{"id", 1}, {"customer_id", 1}, {"number", "1"}, {"name", "Tilinpäätös"}, {"archived", 0}}}},
                  {"special_group", {{{"id", 1}, {"name", "VIP"}, {"legend", "Tärkeät"}}}},
                  {"special_group_member", {{{"special_group_id", 1}, {"customer_id", 2}}}},
                  {"responsibility",
                   {{{"id", 1}, {"customer_id", 1}, {"project_id", nullptr}, {"employee_id", 1}, {"role_id", 1},
                     {"valid_from", "2026-01-01"}, {"valid_to", nullptr}},
                    {{"id", 2}, {"customer_id", nullptr}, {"project_id", 1}, {"employee_id", 2}, {"role_id", nullptr},
                     {"valid_from", nullptr}, {"valid_to", nullptr}}}}}}};
}

ImportReport preview(Engine& e, const json& doc) {
    auto plan = read_dataset_document(doc);
    REQUIRE(plan.ok());
    auto report = preview_import(e.handle(), plan.value());
    REQUIRE(report.ok());
    return report.value();
}

// The plan's first error (parse errors); fails the test when there is none.
ImportIssue first_error(const json& doc) {
    auto plan = read_dataset_document(doc);
    REQUIRE(plan.ok());
    REQUIRE_FALSE(plan->errors.empty());
    return plan->errors.front();
}

Error import_refused(Engine& e, const json& doc) { return refused(e, json{{"cmd", "dataset.import"}, {"document", doc}}); }

const ImportCounts& table_counts(const ImportReport& r, const char* table) {
    static ImportCounts none;
    for (const auto& t : r.tables)
        if (t.first == table) return t.second;
    return none;
}

struct TempFile {
    std::string path;
    explicit TempFile(const std::string& name) : path("dataset_import_test_" + name) { std::remove(path.c_str()); }
    ~TempFile() { std::remove(path.c_str()); }
};

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_all(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

}  // namespace

TEST_CASE("export, import into an empty database, export again gives the same document") {
    auto source = demo_engine();
    json doc = exported(*source);
    auto target = open_memory();
    auto r = target->execute(json{{"cmd", "dataset.import"}, {"text", doc.dump()}});
    REQUIRE_MESSAGE(r.ok(), r.error().message);
    json again = exported(*target);
    for (auto it = doc["tables"].begin(); it != doc["tables"].end(); ++it)
        CHECK_MESSAGE(again["tables"][it.key()] == it.value(), it.key());
    CHECK(again.dump() == doc.dump());
    CHECK(r.value()["created"].get<int64_t>() > 1000);
    CHECK(r.value()["updated"] == 0);
    CHECK(r.value()["conflicts"] == 0);
}

TEST_CASE("importing a database's own export changes nothing and leaves no undo step") {
    auto e = demo_engine();
    json doc = exported(*e);
    ImportReport report = preview(*e, doc);
    for (const auto& t : report.tables) CHECK_MESSAGE(t.second.updated == 0, t.first);
    CHECK(report.total.created == 0);
    CHECK(report.total.updated == 0);
    CHECK(report.total.unchanged == static_cast<int64_t>(report.rows));
    auto r = e->execute(json{{"cmd", "dataset.import"}, {"document", doc}});
    REQUIRE(r.ok());
    CHECK_FALSE(e->can_undo());
    CHECK(exported(*e).dump() == doc.dump());
}

TEST_CASE("the preview counts created, updated and unchanged rows per table and writes nothing") {
    auto e = open_memory();
    REQUIRE(e->execute(json{{"cmd", "dataset.import"}, {"document", small_document()}}).ok());
    json before = exported(*e);
    json doc = small_document();
    doc["tables"]["customer"][0]["name"] = "Öljy-Äijälä Oyj";  // an update, matched by number 1001
    doc["tables"]["customer"].push_back({{"id", 3}, {"number", 1003}, {"name", "Uusi Oy"}, {"group_id", 1}, {"archived", 0}});
    doc["tables"]["employee"][1]["email"] = "ASA@X.FI";  // matched ignoring case; the e-mail's case is kept
    ImportReport report = preview(*e, doc);
    CHECK(report.can_apply());
    CHECK(table_counts(report, "customer").created == 1);
    CHECK(table_counts(report, "customer").updated == 1);
    CHECK(table_counts(report, "customer").unchanged == 1);
    CHECK(table_counts(report, "employee").updated == 1);
    CHECK(table_counts(report, "team").unchanged == 1);
    CHECK(report.total.created == 1);
    CHECK(report.total.updated == 2);
    CHECK(exported(*e) == before);  // the preview wrote nothing
    CHECK(e->undo_label() == "dataset.import");

    auto r = e->execute(json{{"cmd", "dataset.import"}, {"document", doc}});
    REQUIRE(r.ok());
    CHECK(r.value()["created"] == 1);
    CHECK(r.value()["updated"] == 2);
    CHECK(e->counts().customers == 3);
    auto list = e->list_customers(CustomerFilter{});
    bool renamed = false;
    for (const Customer& c : list) renamed |= c.number == 1001 && c.name == "Öljy-Äijälä Oyj";
    CHECK(renamed);
}

TEST_CASE("rows absent from the file are not deleted") {
    auto e = demo_engine();
    const Counts before = e->counts();
    json doc = small_document();
    REQUIRE(e->execute(json{{"cmd", "dataset.import"}, {"document", doc}}).ok());
    const Counts after = e->counts();
    CHECK(after.customers >= before.customers);
    CHECK(after.employees >= before.employees);
    CHECK(after.responsibilities >= before.responsibilities);
}

TEST_CASE("a bad row means nothing is written: every table stays as it was") {
    auto e = demo_engine();
    json before = exported(*e);
    json doc = small_document();
    doc["tables"]["customer"][1]["name"] = "";  // one bad row at the end of an otherwise good file
    Error err = import_refused(*e, doc);
    CHECK(err.code == "import.invalid");
    CHECK(err.message.find("tables.customer[1].name") != std::string::npos);
    CHECK(exported(*e) == before);
    CHECK_FALSE(e->can_undo());
}

TEST_CASE("a database-level problem found while applying also rolls everything back") {
    auto e = open_memory();
    // Two employees without e-mail with the same name: a file row with that name is ambiguous.
    REQUIRE(e->execute(json{{"cmd", "employee.create"}, {"name", "Matti Meikäläinen"}}).ok());
    REQUIRE(e->execute(json{{"cmd", "employee.create"}, {"name", "Matti Meikäläinen"}}).ok());
    json before = exported(*e);
    json doc = small_document();
    doc["tables"]["employee"].push_back({{"id", 3}, {"name", "Matti Meikäläinen"}, {"email", ""}, {"seller_info", ""},
                                         {"team_id", nullptr}, {"archived", 0}});
    ImportReport report = preview(*e, doc);
    CHECK(report.total.conflicts == 1);
    CHECK_FALSE(report.can_apply());
    REQUIRE_FALSE(report.errors.empty());
    CHECK(report.errors.front().code == "import.conflict");
    CHECK(report.errors.front().path == "tables.employee[2]");
    Error err = import_refused(*e, doc);
    CHECK(err.code == "import.conflict");
    CHECK(exported(*e) == before);
}

TEST_CASE("an import is one undo step, with change-log entries, and redo brings it back") {
    auto e = demo_engine();
    json before = exported(*e);
    json doc = small_document();
    auto r = e->execute(json{{"cmd", "dataset.import"}, {"document", doc}});
    REQUIRE(r.ok());
    json after = exported(*e);
    CHECK(after != before);
    auto changes = e->recent_changes(5);
    REQUIRE_FALSE(changes.empty());
    CHECK(changes.front().command == "dataset.import");
    CHECK(changes.front().who == "Tester");
    REQUIRE(e->execute(json{{"cmd", "undo"}}).ok());
    CHECK(exported(*e) == before);
    REQUIRE(e->execute(json{{"cmd", "redo"}}).ok());
    CHECK(exported(*e) == after);
}

TEST_CASE("a staged plan is previewed once and applied by token; a token is used once") {
    auto e = open_memory();
    auto prepared = prepare_import(*e, small_document().dump(), "json", "");
    REQUIRE(prepared.ok());
    const json& p = prepared.value();
    CHECK(p["can_apply"] == true);
    CHECK(p["created"] == 13);
    CHECK(p["tables"]["customer"]["created"] == 2);
    CHECK(e->counts().customers == 0);
    const std::string token = p["token"];
    auto applied = e->execute(json{{"cmd", "import.apply"}, {"token", token}});
    REQUIRE(applied.ok());
    CHECK(applied.value()["created"] == 13);
    CHECK(e->counts().customers == 2);
    CHECK(e->undo_label() == "import.apply");
    auto again = e->execute(json{{"cmd", "import.apply"}, {"token", token}});
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == "import.no_such_token");
}

TEST_CASE("a preview leaves the database byte for byte as it was, header included") {
    // A released savepoint outside a transaction commits an empty transaction, which bumps the file's
    // change counter: the browser's "nothing changed" check compares the bytes.
    TempFile file("preview_bytes.sqlite");
    auto opened = Engine::open(file.path, fixed_clock());
    REQUIRE(opened.ok());
    auto& e = opened.value();
    REQUIRE(generate_demo(e->handle(), demo_default()).ok());
    auto before = e->database_bytes();
    REQUIRE(before.ok());
    auto prepared = prepare_import(*e, "numero;nimi\n990001;Äijälä Oy\n990002;\n", "csv", "");
    REQUIRE(prepared.ok());
    CHECK(prepared.value()["created"] == 1);
    discard_import(prepared.value()["token"]);
    auto after = e->database_bytes();
    REQUIRE(after.ok());
    CHECK(after.value() == before.value());
}

TEST_CASE("invalid JSON is refused naming the line and column") {
    auto plan = parse_dataset_json("{\n  \"format\": \"vastuu-dataset\",\n  \"version\": 1,,\n}");
    REQUIRE_FALSE(plan.ok());
    CHECK(plan.error().code == "import.invalid_json");
    CHECK(plan.error().message.find("line 3") != std::string::npos);
    CHECK(parse_dataset_json("").error().code == "import.invalid_json");
}

TEST_CASE("invalid UTF-8 is refused before parsing, naming the line") {
    std::string text = small_document().dump(1);
    size_t at = text.find("Myynti");
    text.replace(at, 1, "\xC4");  // a Latin-1 'Ä' byte inside a UTF-8 document
    auto plan = parse_dataset_json(text);
    REQUIRE_FALSE(plan.ok());
    CHECK(plan.error().code == "import.invalid_utf8");
    int64_t line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
    CHECK(plan.error().message.find("line " + std::to_string(line)) != std::string::npos);
}

TEST_CASE("a document of another format or a newer version is refused") {
    json doc = small_document();
    doc["format"] = "something-else";
    CHECK(read_dataset_document(doc).error().code == "import.not_a_dataset");
    CHECK(read_dataset_document(json::array()).error().code == "import.not_a_dataset");
    doc = small_document();
    doc["version"] = kDatasetFormatVersion + 1;
    CHECK(read_dataset_document(doc).error().code == "import.newer_format");
    doc = small_document();
    doc["schema_version"] = 99;
    CHECK(read_dataset_document(doc).error().code == "import.newer_format");
    doc = small_document();
    doc["tables"] = json::array();
    CHECK(read_dataset_document(doc).error().code == "import.wrong_type");
}

TEST_CASE("wrong types are refused naming the path and the expected type") {
    json doc = small_document();
    doc["tables"]["customer"][0]["number"] = "1001";
    ImportIssue issue = first_error(doc);
    CHECK(issue.code == "import.wrong_type");
    CHECK(issue.path == "tables.customer[0].number");
    CHECK(issue.message.find("whole number") != std::string::npos);

    doc = small_document();
    doc["tables"]["team"][0]["name"] = 5;
    CHECK(first_error(doc).code == "import.wrong_type");
    doc = small_document();
    doc["tables"]["customer"] = json::object();
    CHECK(first_error(doc).path == "tables.customer");
    doc = small_document();
    doc["tables"]["customer"][0] = "not a row";
    CHECK(first_error(doc).code == "import.wrong_type");
    doc = small_document();
    doc["tables"]["customer"][0]["colour"] = "blue";
    CHECK(first_error(doc).code == "import.unknown_field");
    doc = small_document();
    doc["tables"]["invoice"] = json::array();
    CHECK(first_error(doc).code == "import.unknown_table");
}

TEST_CASE("unknown references are refused naming the field and the id") {
    json doc = small_document();
    doc["tables"]["customer"][0]["group_id"] = 77;
    ImportIssue issue = first_error(doc);
    CHECK(issue.code == "import.unknown_reference");
    CHECK(issue.path == "tables.customer[0].group_id");
    CHECK(issue.message.find("77") != std::string::npos);
    doc = small_document();
    doc["tables"]["responsibility"][0]["employee_id"] = 9;
    CHECK(first_error(doc).code == "import.unknown_reference");
    doc = small_document();
    doc["tables"]["special_group_member"][0]["customer_id"] = 9;
    CHECK(first_error(doc).code == "import.unknown_reference");
}

TEST_CASE("duplicate customer numbers in the file are refused naming both rows") {
    json doc = small_document();
    doc["tables"]["customer"][1]["number"] = 1001;
    ImportIssue issue = first_error(doc);
    CHECK(issue.code == "import.duplicate");
    CHECK(issue.message.find("tables.customer[0]") != std::string::npos);
    CHECK(issue.message.find("tables.customer[1]") != std::string::npos);
    doc = small_document();
    doc["tables"]["employee"][1]["email"] = "Onni@X.fi";
    CHECK(first_error(doc).code == "import.duplicate");
    doc = small_document();
    doc["tables"]["team"].push_back({{"id", 1}, {"name", "Tuki"}});
    CHECK(first_error(doc).code == "import.duplicate");
}

TEST_CASE("empty names, bad e-mails, bad dates and bad kinds are refused with their codes") {
    json doc = small_document();
    doc["tables"]["customer"][0]["name"] = "   ";
    CHECK(first_error(doc).code == "text.empty");
    doc = small_document();
    doc["tables"]["employee"][0]["email"] = "onni.x.fi";
    CHECK(first_error(doc).code == "employee.bad_email");
    doc = small_document();
    doc["tables"]["responsibility"][0]["valid_from"] = "2026-02-30";
    CHECK(first_error(doc).code == "import.bad_value");
    doc = small_document();
    doc["tables"]["role"][0]["kind"] = "team";
    CHECK(first_error(doc).code == "import.bad_value");
    doc = small_document();
    doc["tables"]["customer"][0]["number"] = 0;
    CHECK(first_error(doc).code == "customer.bad_number");
}

TEST_CASE("a 10 MB field is refused with a message naming the field") {
    json doc = small_document();
    doc["tables"]["customer"][1]["name"] = std::string(10 * 1024 * 1024, 'a');
    auto plan = parse_dataset_json(doc.dump());
    REQUIRE(plan.ok());
    REQUIRE_FALSE(plan->errors.empty());
    CHECK(plan->errors.front().code == "text.too_long");
    CHECK(plan->errors.front().path == "tables.customer[1].name");
    CHECK(plan->errors.front().message.find("tables.customer[1].name") != std::string::npos);
}

TEST_CASE("errors are listed up to a limit, then one entry says there are more") {
    json doc = small_document();
    for (int i = 0; i < 700; ++i)
        doc["tables"]["customer"].push_back({{"id", 100 + i}, {"number", 5000 + i}, {"name", ""}, {"archived", 0}});
    auto plan = read_dataset_document(doc);
    REQUIRE(plan.ok());
    CHECK(plan->errors.size() == kMaxImportIssues + 1);
    CHECK(plan->errors.back().code == "import.too_many_errors");
}

TEST_CASE("messages of the import are in Finnish when the language is Finnish") {
    set_language(Lang::Fi);
    json doc = small_document();
    doc["tables"]["customer"][0]["group_id"] = 77;
    ImportIssue issue = first_error(doc);
    set_language(Lang::En);
    CHECK(issue.message.find("viittaa") != std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Database files: each kind of bad file is refused with its own code and message.
// ---------------------------------------------------------------------------------------------

TEST_CASE("damaged, truncated, foreign and newer database files are each refused with their own code") {
    TempFile good("good.sqlite");
    {
        auto e = Engine::open(good.path);
        REQUIRE(e.ok());
        REQUIRE(generate_demo((*e)->handle(), demo_default()).ok());
    }
    REQUIRE(Engine::check_file(good.path).ok());
    const std::string bytes = read_all(good.path);
    REQUIRE(bytes.size() > 64 * 1024);

    TempFile corrupt("corrupt.sqlite");
    std::string damaged = bytes;
    // Garbage over the middle pages (table b-tree pages), the header and schema page intact.
    for (size_t i = bytes.size() / 2; i < bytes.size() / 2 + 8192; ++i) damaged[i] = static_cast<char>(i * 7);
    write_all(corrupt.path, damaged);
    Status s = Engine::check_file(corrupt.path);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == "db.corrupt");
    CHECK(s.error().message.find("damaged") != std::string::npos);

    TempFile truncated("truncated.sqlite");
    write_all(truncated.path, bytes.substr(0, bytes.size() / 3));
    s = Engine::check_file(truncated.path);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == "db.truncated");

    TempFile foreign("foreign.sqlite");
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(foreign.path.c_str(), &db) == SQLITE_OK);
        REQUIRE(sqlite3_exec(db, "CREATE TABLE customer (id INTEGER PRIMARY KEY, x TEXT); PRAGMA user_version = 1",
                             nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
    }
    s = Engine::check_file(foreign.path);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == "db.foreign_schema");
    CHECK(s.error().message.find("not a Vastuu database") != std::string::npos);

    TempFile newer("newer.sqlite");
    write_all(newer.path, bytes);
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(newer.path.c_str(), &db) == SQLITE_OK);
        REQUIRE(sqlite3_exec(db, "PRAGMA user_version = 7", nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
    }
    s = Engine::check_file(newer.path);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == "db.newer_version");
    CHECK(s.error().message.find("7") != std::string::npos);
    // The refusals left the good file alone.
    CHECK(read_all(good.path) == bytes);
}
