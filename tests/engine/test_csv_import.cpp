// CSV import and export: headers in English or Finnish, ; or , delimiters, UTF-8 with or without a
// byte-order mark, Windows-1252 with a warning, line numbers in the validation report (also after a
// quoted multi-line field), matching by customer number and e-mail, and the formula guard of exports.
#include <doctest/doctest.h>

#include <string>

#include "core/engine.h"
#include "io/csv_codec.h"
#include "io/csv_export.h"
#include "io/csv_reader.h"
#include "io/dataset_json.h"
#include "io/demo_data.h"
#include "io/import.h"
#include "xlsx_reader.h"
#include "engine_harness.h"

using namespace vastuu;
using namespace vastuu_test;
using nlohmann::json;

namespace {

json import_csv(Engine& e, const std::string& text, const char* kind = "auto") {
    return run(e, json{{"cmd", "csv.import"}, {"text", text}, {"kind", kind}});
}

ImportPlan plan_of(const std::string& text, ImportKind kind) {
    auto plan = parse_csv(text, kind);
    INFO((plan.ok() ? std::string() : plan.error().message));
    REQUIRE(plan.ok());
    return plan.value();
}

std::string customer_name(Engine& e, int64_t number) {
    CustomerFilter all;
    all.include_archived = true;
    for (const Customer& c : e.list_customers(all))
        if (c.number == number) return c.name;
    return "<none>";
}

// UTF-8 to Windows-1252 for the Latin-1 letters the tests use (ä ö å Ä Ö Å).
std::string to_cp1252(const std::string& utf8) {
    std::string out;
    for (size_t i = 0; i < utf8.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(utf8[i]);
        if (c == 0xC3 && i + 1 < utf8.size()) {
            out += static_cast<char>(static_cast<unsigned char>(utf8[++i]) + 0x40);
        } else {
            out += utf8[i];
        }
    }
    return out;
}

json dataset(Engine& e) {
    auto d = export_dataset_json(e.handle());
    REQUIRE(d.ok());
    return d.value();
}

}  // namespace

TEST_CASE("customers CSV with Finnish headers, semicolons and a byte-order mark creates the customers") {
    auto e = open_memory();
    run(*e, json{{"cmd", "group.create"}, {"name", "Pohjoinen"}});
    const std::string text = "\xEF\xBB\xBF" "Asiakasnumero;Nimi;Asiakasryhmä\r\n"
                             "1001;Äijälä Oy;Pohjoinen\r\n"
                             "1002;Öljy-Åberg Ky;\r\n";
    json r = import_csv(*e, text);
    CHECK(r["kind"] == "customers");
    CHECK(r["created"] == 2);
    CHECK(r["warnings"].empty());
    CHECK(customer_name(*e, 1001) == "Äijälä Oy");
    CHECK(customer_name(*e, 1002) == "Öljy-Åberg Ky");
    auto groups = e->list_customer_groups();
    REQUIRE(groups.size() == 1);
    CustomerFilter in_group;
    in_group.group = groups[0].id;
    CHECK(e->list_customers(in_group).size() == 1);
}

TEST_CASE("the same customers in Windows-1252 are read with a warning and give the same names") {
    auto e = open_memory();
    const std::string utf8 = "Numero;Nimi\n1001;Äijälä Oy\n1002;Öljy-Åberg Ky\n";
    const std::string cp1252 = to_cp1252(utf8);
    REQUIRE(cp1252 != utf8);
    ImportPlan plan = plan_of(cp1252, ImportKind::Customers);
    REQUIRE(plan.warnings.size() == 1);
    CHECK(plan.warnings[0].code == "csv.windows_1252");
    json r = import_csv(*e, cp1252);
    CHECK(r["created"] == 2);
    CHECK(r["warnings"][0]["code"] == "csv.windows_1252");
    CHECK(customer_name(*e, 1001) == "Äijälä Oy");
    CHECK(customer_name(*e, 1002) == "Öljy-Åberg Ky");
}

TEST_CASE("English headers with commas and quoted fields are read; the delimiter is sniffed") {
    CHECK(sniff_csv_delimiter("number,name\n1,\"a;b\"") == ',');
    CHECK(sniff_csv_delimiter("numero;nimi\n") == ';');
    CHECK(sniff_csv_delimiter("\"x,y\";nimi\n") == ';');
    CHECK(sniff_csv_delimiter("a\tb\tc\n") == '\t');
    auto e = open_memory();
    json r = import_csv(*e, "Customer number,Name\n7,\"Virta, Oy \"\"Sähkö\"\"\"\n");
    CHECK(r["created"] == 1);
    CHECK(customer_name(*e, 7) == "Virta, Oy \"Sähkö\"");
}

TEST_CASE("rows match existing customers by number (update), others are created, none is deleted") {
    auto e = open_memory();
    import_csv(*e, "numero;nimi\n1;Alku Oy\n2;Keski Oy\n3;Loppu Oy\n");
    json before = dataset(*e);
    auto prepared = prepare_import(*e, "numero;nimi\n2;Keski Oyj\n3;Loppu Oy\n4;Uusi Oy\n", "csv", "");
    REQUIRE(prepared.ok());
    CHECK(prepared.value()["created"] == 1);
    CHECK(prepared.value()["updated"] == 1);
    CHECK(prepared.value()["unchanged"] == 1);
    CHECK(dataset(*e) == before);  // nothing written until apply
    run(*e, json{{"cmd", "import.apply"}, {"token", prepared.value()["token"]}});
    CHECK(e->counts().customers == 4);
    CHECK(customer_name(*e, 1) == "Alku Oy");
    CHECK(customer_name(*e, 2) == "Keski Oyj");
    CHECK(customer_name(*e, 4) == "Uusi Oy");
}

TEST_CASE("a customer row without a number is created with the next free number") {
    auto e = open_memory();
    import_csv(*e, "numero;nimi\n1;A Oy\n;B Oy\n");
    CHECK(customer_name(*e, 2) == "B Oy");
}

TEST_CASE("employees match by e-mail ignoring case; a team must exist") {
    auto e = open_memory();
    run(*e, json{{"cmd", "team.create"}, {"name", "Myynti"}});
    import_csv(*e, "Nimi;Sähköposti;Tiimi\nÄijälä Önni;onni@x.fi;Myynti\nÅsa Berg;asa@x.fi;\n");
    CHECK(e->counts().employees == 2);
    json r = import_csv(*e, "Name;E-mail\nÖnni Äijälä;ONNI@X.FI\n");
    CHECK(r["updated"] == 1);
    CHECK(r["created"] == 0);
    auto list = e->list_employees(true);
    bool renamed = false;
    for (const Employee& x : list) renamed |= x.name == "Önni Äijälä" && x.team;  // team kept: no team column
    CHECK(renamed);
    auto refused = e->execute(json{{"cmd", "csv.import"}, {"text", "Nimi;Sähköposti;Tiimi\nUusi;uusi@x.fi;Tuntematon\n"}});
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "import.invalid");
    CHECK(refused.error().message.find("line 2") != std::string::npos);
    CHECK(refused.error().message.find("Tuntematon") != std::string::npos);
    CHECK(e->counts().employees == 2);
}

TEST_CASE("responsibilities CSV finds customers, projects, employees and roles; Finnish dates are read") {
    auto e = open_memory();
    import_csv(*e, "numero;nimi\n1001;Äijälä Oy\n");
    import_csv(*e, "nimi;sähköposti\nOnni;onni@x.fi\n");
    int64_t customer = e->list_customers(CustomerFilter{})[0].id.value;
    run(*e, json{{"cmd", "project.create"}, {"customer_id", customer}, {"name", "Tilinpäätös"}, {"number", "P1"}});
    run(*e, json{{"cmd", "role.create"}, {"name", "Kirjanpitäjä"}, {"kind", "customer"}});
    run(*e, json{{"cmd", "role.create"}, {"name", "Kirjanpitäjä"}, {"kind", "project"}});
    json r = import_csv(*e, "Asiakasnumero;Projekti;Työntekijän sähköposti;Rooli;Alkaen;Päättyy\n"
                            "1001;;onni@x.fi;Kirjanpitäjä;1.2.2026;\n"
                            "1001;P1;onni@x.fi;kirjanpitäjä;2026-03-01;31.12.2026\n");
    CHECK(r["kind"] == "responsibilities");
    CHECK(r["created"] == 2);
    auto rows = e->list_responsibilities(CustomerId(customer));
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].valid_from == "2026-02-01");
    CHECK(rows[1].valid_to == "2026-12-31");
    CHECK(rows[0].role != rows[1].role);  // a customer role and a project role of the same name

    // The same file again: matched by (target, employee, start), so nothing changes.
    json again = import_csv(*e, "Asiakasnumero;Projekti;Työntekijän sähköposti;Rooli;Alkaen;Päättyy\n"
                                "1001;;onni@x.fi;Kirjanpitäjä;1.2.2026;\n");
    CHECK(again["unchanged"] == 1);

    auto refused = e->execute(json{{"cmd", "csv.import"}, {"text", "customer;employee\n9999;onni@x.fi\n1001;nobody@x.fi\n"}});
    REQUIRE_FALSE(refused.ok());
    auto plan = parse_csv("customer;employee\n9999;onni@x.fi\n1001;nobody@x.fi\n", ImportKind::Responsibilities);
    REQUIRE(plan.ok());
    auto report = preview_import(e->handle(), plan.value());
    REQUIRE(report.ok());
    REQUIRE(report->errors.size() == 2);
    CHECK(report->errors[0].line == 2);
    CHECK(report->errors[0].code == "import.unknown_reference");
    CHECK(report->errors[1].line == 3);
}

TEST_CASE("a bad row is reported with its line number, counting a quoted multi-line field") {
    const std::string text = "nimi;sähköposti;myyjätiedot\n"
                             "Anna;anna@x.fi;\"Myyjäkoodi 7\nprovisio 2 %\nsopimus 2026\"\n"  // lines 2-4: one record
                             ";tyhja@x.fi;\n"                                                // line 5: empty name
                             "Bertta;bertta.x.fi;\n";                                        // line 6: bad e-mail
    ImportPlan plan = plan_of(text, ImportKind::Employees);
    REQUIRE(plan.errors.size() == 2);
    CHECK(plan.errors[0].line == 5);
    CHECK(plan.errors[0].code == "text.empty");
    CHECK(plan.errors[1].line == 6);
    CHECK(plan.errors[1].code == "employee.bad_email");
    CHECK(plan.errors[1].message.find("line 6") != std::string::npos);
    auto e = open_memory();
    auto refused = e->execute(json{{"cmd", "csv.import"}, {"text", text}});
    REQUIRE_FALSE(refused.ok());
    CHECK(e->counts().employees == 0);  // nothing written, not even the good first row
}

TEST_CASE("a multi-line name is refused (names are one line) but a multi-line seller info is kept") {
    ImportPlan customers = plan_of("numero;nimi\n1;\"a\nb\"\n", ImportKind::Customers);
    REQUIRE(customers.errors.size() == 1);
    CHECK(customers.errors[0].code == "text.control_char");
    ImportPlan employees = plan_of("nimi;myyjätiedot\nA;\"rivi 1\nrivi 2\"\n", ImportKind::Employees);
    CHECK(employees.errors.empty());
    REQUIRE(employees.employees.size() == 1);
    CHECK(employees.employees[0].seller_info == "rivi 1\nrivi 2");
}

TEST_CASE("duplicate customer numbers inside the file are refused naming both lines") {
    ImportPlan plan = plan_of("numero;nimi\n10;A Oy\n11;B Oy\n10;C Oy\n", ImportKind::Customers);
    REQUIRE(plan.errors.size() == 1);
    CHECK(plan.errors[0].code == "import.duplicate");
    CHECK(plan.errors[0].line == 4);
    CHECK(plan.errors[0].message.find("lines 2 and 4") != std::string::npos);
    ImportPlan employees = plan_of("name;email\nA;a@x.fi\nB;A@X.FI\n", ImportKind::Employees);
    REQUIRE(employees.errors.size() == 1);
    CHECK(employees.errors[0].message.find("lines 2 and 3") != std::string::npos);
}

TEST_CASE("a 10 MB field is refused with a message naming the field and the line") {
    std::string text = "numero;nimi\n1;" + std::string(10 * 1024 * 1024, 'x') + "\n";
    ImportPlan plan = plan_of(text, ImportKind::Customers);
    REQUIRE(plan.errors.size() == 1);
    CHECK(plan.errors[0].code == "text.too_long");
    CHECK(plan.errors[0].message.find("line 2, Name") != std::string::npos);
}

TEST_CASE("bad files are refused as a whole with their codes") {
    CHECK(parse_csv("", ImportKind::Customers).error().code == "csv.empty");
    CHECK(parse_csv("\n\n", ImportKind::Customers).error().code == "csv.empty");
    CHECK(parse_csv(std::string("\xFF\xFE" "n\0a", 5), ImportKind::Customers).error().code == "csv.unsupported_encoding");
    auto unterminated = parse_csv("numero;nimi\n1;ok\n2;\"never ends\n3;x\n", ImportKind::Customers);
    REQUIRE_FALSE(unterminated.ok());
    CHECK(unterminated.error().code == "csv.unterminated_quote");
    CHECK(unterminated.error().message.find("line 3") != std::string::npos);
    auto missing = parse_csv("numero;ryhmä\n1;x\n", ImportKind::Customers);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == "csv.missing_column");
    CHECK(missing.error().message.find("Name") != std::string::npos);
    CHECK(detect_csv_kind("foo;bar\n").error().code == "csv.unknown_kind");
    CHECK(parse_csv("nimi;Nimi\n", ImportKind::Customers).error().code == "csv.duplicate_column");
}

TEST_CASE("unknown columns are ignored with a warning") {
    ImportPlan plan = plan_of("numero;nimi;puhelin\n1;A Oy;040 123\n", ImportKind::Customers);
    CHECK(plan.errors.empty());
    REQUIRE(plan.warnings.size() == 1);
    CHECK(plan.warnings[0].code == "csv.unknown_column");
    CHECK(plan.warnings[0].message.find("puhelin") != std::string::npos);
}

TEST_CASE("the kind is detected from the header row") {
    CHECK(detect_csv_kind("Asiakasnumero;Nimi").value() == ImportKind::Customers);
    CHECK(detect_csv_kind("name,email,team").value() == ImportKind::Employees);
    CHECK(detect_csv_kind("Customer number;Employee e-mail;Role").value() == ImportKind::Responsibilities);
}

TEST_CASE("CSV export guards text that starts with = + - or @ with an apostrophe, and import removes it") {
    auto e = open_memory();
    for (const char* name : {"=SUM(A1:A9)", "+358 40 123", "-2+3", "@kaikki", "Tavallinen Oy"})
        run(*e, json{{"cmd", "customer.create"}, {"name", name}});
    auto csv = export_csv(*e, ImportKind::Customers);
    REQUIRE(csv.ok());
    const std::string& text = csv.value();
    CHECK(text.rfind("\xEF\xBB\xBF", 0) == 0);
    CHECK(text.find(";'=SUM(A1:A9);") != std::string::npos);
    CHECK(text.find(";'+358 40 123;") != std::string::npos);
    CHECK(text.find(";'-2+3;") != std::string::npos);
    CHECK(text.find(";'@kaikki;") != std::string::npos);
    CHECK(text.find(";Tavallinen Oy;") != std::string::npos);
    // No field of the file starts with a formula character.
    auto records = split_csv(text.substr(3), ';');
    REQUIRE(records.ok());
    for (const CsvRecord& r : records.value())
        for (const std::string& f : r.fields) CHECK((f.empty() || std::string("=+-@").find(f[0]) == std::string::npos));
    // Importing the export back changes nothing: the guard is removed on reading.
    json r = import_csv(*e, text);
    CHECK(r["unchanged"] == 5);
    CHECK(r["updated"] == 0);
}

TEST_CASE("xlsx exports write = + - @ text as strings, never as formulas") {
    auto e = open_memory();
    for (const char* name : {"=1+1", "+1", "-1", "@SUM(1)"}) run(*e, json{{"cmd", "customer.create"}, {"name", name}});
    run(*e, json{{"cmd", "group.create"}, {"name", "=HYPERLINK(\"x\")"}, {"customer_ids", {1, 2, 3, 4}}});
    auto bytes = e->export_customers_xlsx(CustomerFilter{});
    REQUIRE(bytes.ok());
    int formula_like = 0;
    for (const xlsx_test::XlsxCell& c : xlsx_test::sheet_cells(bytes.value())) {
        CHECK_FALSE(c.has_formula);
        if (!c.value.empty() && std::string("=+-@").find(c.value[0]) != std::string::npos) {
            ++formula_like;
            CHECK(c.type != "");  // a string cell, not a number
        }
    }
    CHECK(formula_like == 8);  // four names and the group name in four rows
}

TEST_CASE("CSV export then import of the demo data is a round trip for all three kinds") {
    auto e = open_memory();
    REQUIRE(generate_demo(e->handle(), demo_default()).ok());
    json before = dataset(*e);
    for (ImportKind kind : {ImportKind::Customers, ImportKind::Employees, ImportKind::Responsibilities}) {
        auto csv = export_csv(*e, kind);
        REQUIRE(csv.ok());
        auto plan = parse_csv(csv.value(), kind);
        REQUIRE(plan.ok());
        INFO(import_kind_name(kind), ": ", (plan->errors.empty() ? std::string() : plan->errors[0].message));
        CHECK(plan->errors.empty());
        CHECK(plan->warnings.empty());
        auto report = preview_import(e->handle(), plan.value());
        REQUIRE(report.ok());
        INFO((report->errors.empty() ? std::string() : report->errors[0].message));
        CHECK(report->can_apply());
        CHECK(report->total.created == 0);
        CHECK(report->total.updated == 0);
        CHECK(report->total.unchanged == static_cast<int64_t>(plan->rows));
    }
    CHECK(dataset(*e) == before);
}

TEST_CASE("a CSV import is one undo step") {
    auto e = open_memory();
    import_csv(*e, "numero;nimi\n1;A Oy\n2;B Oy\n");
    CHECK(e->undo_label() == "csv.import");
    run(*e, json{{"cmd", "undo"}});
    CHECK(e->counts().customers == 0);
    run(*e, json{{"cmd", "redo"}});
    CHECK(e->counts().customers == 2);
}
