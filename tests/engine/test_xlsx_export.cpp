// xlsx export as a specification: what a spreadsheet user sees when opening the file (bold frozen
// header, filter buttons, text that stays text, real dates), read back with the test xlsx reader.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "io/xlsx_export.h"
#include "xlsx_reader.h"

using namespace vastuu;
using xlsx_test::XlsxCell;

namespace {

// A sheet backed by a plain table of strings.
XlsxSheet table_sheet(const std::string& name, std::vector<XlsxColumn> columns,
                      std::vector<std::vector<std::string>> rows) {
    XlsxSheet s;
    s.name = name;
    s.columns = std::move(columns);
    s.row_count = rows.size();
    s.row = [rows = std::move(rows)](size_t r, std::vector<std::string>& cells) {
        for (size_t c = 0; c < cells.size() && c < rows[r].size(); ++c) cells[c] = rows[r][c];
    };
    return s;
}

XlsxSheet customers_sheet() {
    return table_sheet("Asiakkaat",
                       {{"Numero", XlsxType::Integer, 0}, {"Nimi", XlsxType::Text, 0}, {"Alkaen", XlsxType::Date, 0}},
                       {{"1001", "Äijälän Kuljetus Oy", "2026-01-15"},
                        {"1002", "=1+1", ""},
                        {"1003", "+358 40 123 4567", "2024-02-29"},
                        {"1004", "-5 & <b>bold</b> \"quoted\"", "2023-02-29"},
                        {"x12", "Tmi Öhman", "15.1.2026"}});
}

const XlsxCell* cell_at(const std::vector<XlsxCell>& cells, int row, int col) {
    for (const XlsxCell& c : cells)
        if (c.row == row && c.col == col) return &c;
    return nullptr;
}

// The n-th (0-based) element `tag` inside the first <list>...</list> of `xml`, opening tag to its end.
std::string nth_element(const std::string& xml, const std::string& list, const std::string& tag, int n) {
    size_t p = xml.find("<" + list);
    size_t end = xml.find("</" + list + ">", p);
    REQUIRE(p != std::string::npos);
    REQUIRE(end != std::string::npos);
    for (int i = 0; i <= n; ++i) {
        do {
            p = xml.find("<" + tag, p + 1);
        } while (p != std::string::npos && std::string(" />").find(xml[p + 1 + tag.size()]) == std::string::npos);
        REQUIRE(p < end);
    }
    size_t open_end = xml.find('>', p);
    if (xml[open_end - 1] == '/') return xml.substr(p, open_end + 1 - p);
    return xml.substr(p, xml.find("</" + tag + ">", p) - p);
}

std::string attribute(const std::string& tag, const std::string& name) {
    size_t p = tag.find(" " + name + "=\"");
    if (p == std::string::npos) return "";
    p += name.size() + 3;
    return tag.substr(p, tag.find('"', p) - p);
}

std::vector<uint8_t> write_ok(const std::vector<XlsxSheet>& sheets) {
    auto r = write_xlsx(sheets);
    if (!r.ok()) FAIL(r.error().code << ": " << r.error().message);
    return std::move(r).value();
}

}  // namespace

TEST_CASE("an export is a zip with the workbook parts and one worksheet per sheet") {
    auto bytes = write_ok({customers_sheet(), table_sheet("Toinen", {{"A", XlsxType::Text, 0}}, {{"x"}})});
    REQUIRE(bytes.size() > 100);
    CHECK(bytes[0] == 'P');
    CHECK(bytes[1] == 'K');
    auto names = xlsx_test::zip_entry_names(bytes);
    CHECK(std::find(names.begin(), names.end(), "xl/workbook.xml") != names.end());
    CHECK(xlsx_test::zip_entry(bytes, "xl/worksheets/sheet1.xml").has_value());
    CHECK(xlsx_test::zip_entry(bytes, "xl/worksheets/sheet2.xml").has_value());
    CHECK_FALSE(xlsx_test::zip_entry(bytes, "xl/worksheets/sheet3.xml").has_value());
    auto workbook = xlsx_test::zip_entry(bytes, "xl/workbook.xml");
    REQUIRE(workbook);
    CHECK(workbook->find("name=\"Asiakkaat\"") != std::string::npos);
    CHECK(workbook->find("name=\"Toinen\"") != std::string::npos);
}

TEST_CASE("the header row is bold, frozen and carries an autofilter over the whole table") {
    auto bytes = write_ok({customers_sheet()});
    auto rows = xlsx_test::sheet_rows(bytes);
    REQUIRE(rows.size() == 6);
    CHECK(rows[0] == std::vector<std::string>{"Numero", "Nimi", "Alkaen"});

    auto cells = xlsx_test::sheet_cells(bytes);
    const XlsxCell* header = cell_at(cells, 0, 1);
    REQUIRE(header);
    REQUIRE(header->style > 0);
    auto styles = xlsx_test::zip_entry(bytes, "xl/styles.xml");
    REQUIRE(styles);
    std::string xf = nth_element(*styles, "cellXfs", "xf", header->style);
    int font_id = std::stoi(attribute(xf, "fontId"));
    std::string font = nth_element(*styles, "fonts", "font", font_id);
    CHECK(font.find("<b/>") != std::string::npos);

    auto sheet = xlsx_test::zip_entry(bytes, "xl/worksheets/sheet1.xml");
    REQUIRE(sheet);
    size_t pane = sheet->find("<pane ");
    REQUIRE(pane != std::string::npos);
    std::string pane_tag = sheet->substr(pane, sheet->find("/>", pane) - pane);
    CHECK(attribute(pane_tag, "ySplit") == "1");
    CHECK(attribute(pane_tag, "state") == "frozen");
    CHECK(attribute(pane_tag, "xSplit") == "");
    CHECK(sheet->find("<autoFilter ref=\"A1:C6\"") != std::string::npos);
}

TEST_CASE("formula-looking text such as =1+1 is written as a string cell, never as a formula") {
    auto bytes = write_ok({customers_sheet()});
    auto cells = xlsx_test::sheet_cells(bytes);
    const XlsxCell* formula_like = cell_at(cells, 2, 1);
    REQUIRE(formula_like);
    CHECK(formula_like->value == "=1+1");
    CHECK(formula_like->type != "");
    CHECK_FALSE(formula_like->has_formula);
    const XlsxCell* phone = cell_at(cells, 3, 1);
    REQUIRE(phone);
    CHECK(phone->value == "+358 40 123 4567");
    CHECK_FALSE(phone->has_formula);
    for (const XlsxCell& c : cells) CHECK_FALSE(c.has_formula);
    auto sheet = xlsx_test::zip_entry(bytes, "xl/worksheets/sheet1.xml");
    CHECK(sheet->find("<f>") == std::string::npos);
}

TEST_CASE("Finnish text and XML special characters round-trip unchanged") {
    auto rows = xlsx_test::sheet_rows(write_ok({customers_sheet()}));
    CHECK(rows[1][1] == "Äijälän Kuljetus Oy");
    CHECK(rows[4][1] == "-5 & <b>bold</b> \"quoted\"");
    CHECK(rows[5][1] == "Tmi Öhman");
}

TEST_CASE("integer columns hold numbers; a value that is not an integer stays text") {
    auto cells = xlsx_test::sheet_cells(write_ok({customers_sheet()}));
    const XlsxCell* number = cell_at(cells, 1, 0);
    REQUIRE(number);
    CHECK(number->type == "");
    CHECK(number->value == "1001");
    const XlsxCell* odd = cell_at(cells, 5, 0);
    REQUIRE(odd);
    CHECK(odd->type != "");
    CHECK(odd->value == "x12");
}

TEST_CASE("dates are numeric cells with a yyyy-mm-dd date style; an empty date leaves the cell empty, an invalid one is its text") {
    auto bytes = write_ok({customers_sheet()});
    auto cells = xlsx_test::sheet_cells(bytes);
    const XlsxCell* date = cell_at(cells, 1, 2);
    REQUIRE(date);
    CHECK(date->type == "");
    CHECK(date->value == "46037");  // 2026-01-15 as an Excel serial day
    const XlsxCell* leap = cell_at(cells, 3, 2);
    REQUIRE(leap);
    CHECK(leap->value == "45351");  // 2024-02-29
    CHECK(cell_at(cells, 2, 2) == nullptr);  // ""
    // Not a day (a database made elsewhere): the text, so that it is not read as an open end (#17).
    const XlsxCell* no_day = cell_at(cells, 4, 2);
    REQUIRE(no_day);
    CHECK(no_day->type != "");
    CHECK(no_day->value == "2023-02-29");
    const XlsxCell* not_iso = cell_at(cells, 5, 2);
    REQUIRE(not_iso);
    CHECK(not_iso->type != "");

    auto styles = xlsx_test::zip_entry(bytes, "xl/styles.xml");
    REQUIRE(styles);
    std::string xf = nth_element(*styles, "cellXfs", "xf", date->style);
    std::string num_fmt_id = attribute(xf, "numFmtId");
    CHECK(styles->find("<numFmt numFmtId=\"" + num_fmt_id + "\" formatCode=\"yyyy-mm-dd\"") != std::string::npos);
}

TEST_CASE("column widths fit the header and the first rows, clamped to 6..60 characters") {
    std::string long_text(200, 'x');
    auto bytes = write_ok({table_sheet("W",
                                       {{"A", XlsxType::Text, 0},
                                        {"Pitkä otsikko tässä", XlsxType::Text, 0},
                                        {"C", XlsxType::Text, 0},
                                        {"D", XlsxType::Text, 25}},
                                       {{"a", "b", long_text, "d"}})});
    auto sheet = xlsx_test::zip_entry(bytes, "xl/worksheets/sheet1.xml");
    REQUIRE(sheet);
    auto width_of = [&](int col) {
        std::string key = "<col min=\"" + std::to_string(col) + "\" max=\"" + std::to_string(col) + "\"";
        size_t p = sheet->find(key);
        REQUIRE(p != std::string::npos);
        return std::stod(attribute(sheet->substr(p, sheet->find("/>", p) - p), "width"));
    };
    CHECK(width_of(1) >= 6);
    CHECK(width_of(1) < 7);
    CHECK(width_of(2) >= 19);  // the header's 19 characters
    CHECK(width_of(2) < 30);
    CHECK(width_of(3) >= 60);
    CHECK(width_of(3) < 61);
    CHECK(width_of(4) >= 25);
    CHECK(width_of(4) < 26);
}

TEST_CASE("sheet names lose []:*?/\\ characters, are cut to 31 characters and made unique") {
    auto bytes = write_ok({table_sheet("Asiakkaat: 2025/Q1 [kaikki]", {{"A", XlsxType::Text, 0}}, {}),
                           table_sheet("Vastuut", {{"A", XlsxType::Text, 0}}, {}),
                           table_sheet("vastuut", {{"A", XlsxType::Text, 0}}, {}),
                           table_sheet("Äijälän erittäin pitkä välilehden nimi joka ei mahdu", {{"A", XlsxType::Text, 0}}, {}),
                           table_sheet("", {{"A", XlsxType::Text, 0}}, {})});
    auto workbook = xlsx_test::zip_entry(bytes, "xl/workbook.xml");
    REQUIRE(workbook);
    CHECK(workbook->find("name=\"Asiakkaat_ 2025_Q1 _kaikki_\"") != std::string::npos);
    CHECK(workbook->find("name=\"Vastuut\"") != std::string::npos);
    CHECK(workbook->find("name=\"vastuut (2)\"") != std::string::npos);
    CHECK(workbook->find("name=\"Äijälän erittäin pitkä välilehd\"") != std::string::npos);  // 31 characters
    CHECK(workbook->find("name=\"Sheet5\"") != std::string::npos);
}

TEST_CASE("an empty sheet still has its header, filter and frozen pane") {
    auto bytes = write_ok({table_sheet("Tyhjä", {{"Nimi", XlsxType::Text, 0}, {"Pvm", XlsxType::Date, 0}}, {})});
    auto rows = xlsx_test::sheet_rows(bytes);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0] == std::vector<std::string>{"Nimi", "Pvm"});
    auto sheet = xlsx_test::zip_entry(bytes, "xl/worksheets/sheet1.xml");
    CHECK(sheet->find("<autoFilter ref=\"A1:B1\"") != std::string::npos);
    CHECK(sheet->find("ySplit=\"1\"") != std::string::npos);
}

TEST_CASE("invalid UTF-8 and control characters in text do not break the workbook") {
    auto bytes = write_ok({table_sheet("T", {{"A", XlsxType::Text, 0}}, {{"Mäki\xC3"}, {"tab\there\x01"}})});
    auto rows = xlsx_test::sheet_rows(bytes);
    REQUIRE(rows.size() == 3);
    CHECK(rows[1][0] == "Mäki\xEF\xBF\xBD");
    CHECK(rows[2][0].find("tab") == 0);
}

TEST_CASE("20,000 rows export with every row in place") {
    XlsxSheet s;
    s.name = "Suuri";
    s.columns = {{"Numero", XlsxType::Integer, 0}, {"Nimi", XlsxType::Text, 0}, {"Pvm", XlsxType::Date, 0}};
    s.row_count = 20000;
    s.row = [](size_t r, std::vector<std::string>& cells) {
        cells[0] = std::to_string(r + 1);
        cells[1] = "Äijälä " + std::to_string(r);
        cells[2] = "2026-03-0" + std::to_string(1 + r % 9);
    };
    auto bytes = write_ok({s});
    auto rows = xlsx_test::sheet_rows(bytes);
    REQUIRE(rows.size() == 20001);
    CHECK(rows[20000][0] == "20000");
    CHECK(rows[20000][1] == "Äijälä 19999");
    CHECK(rows[501][1] == "Äijälä 500");  // the first row after the width sample
}

TEST_CASE("benchmark: 250,000 rows x 7 columns" * doctest::skip()) {
    XlsxSheet s;
    s.name = "Vastuut";
    s.columns = {{"Asiakasnumero", XlsxType::Integer, 0}, {"Asiakas", XlsxType::Text, 0},
                 {"Projekti", XlsxType::Text, 0},      {"Työntekijä", XlsxType::Text, 0},
                 {"Rooli", XlsxType::Text, 0},         {"Alkaen", XlsxType::Date, 0},
                 {"Päättyen", XlsxType::Date, 0}};
    s.row_count = 250000;
    s.row = [](size_t r, std::vector<std::string>& cells) {
        cells[0] = std::to_string(1000 + r / 5);
        cells[1] = "Äijälän Kuljetus Oy " + std::to_string(r / 5);
        cells[2] = r % 3 ? "" : "Tilinpäätös 2025";
        cells[3] = r % 2 ? "Matti Virtanen" : "Sarah Taylor";
        cells[4] = "Vastuukirjanpitäjä";
        cells[5] = r % 4 ? "" : "2024-01-01";
        cells[6] = r % 7 ? "" : "2026-12-31";
    };
    auto t0 = std::chrono::steady_clock::now();
    auto bytes = write_ok({s});
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    MESSAGE("250,000 x 7 xlsx: " << ms << " ms, " << bytes.size() << " bytes");
    CHECK(bytes.size() > 1000);
}
