// A tiny xlsx reader for tests: opens the zip container from bytes and reads a worksheet's cells,
// resolving shared and inline strings. Enough to check what an export wrote; not a general parser.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace xlsx_test {

// The uncompressed bytes of the entry `name` ("xl/worksheets/sheet1.xml"), or nullopt when the zip
// has no such entry or is damaged. Handles stored and deflated entries.
std::optional<std::string> zip_entry(const std::vector<uint8_t>& zip, const std::string& name);

// Every entry name in the zip's central directory, in directory order.
std::vector<std::string> zip_entry_names(const std::vector<uint8_t>& zip);

struct XlsxCell {
    int row = 0;             // 0-based
    int col = 0;             // 0-based
    std::string type;        // the t attribute: "" (number), "s", "inlineStr", "str", "b", "e"
    int style = 0;           // the s attribute (index into cellXfs), 0 when absent
    bool has_formula = false;  // an <f> element is present
    std::string value;       // the text (strings resolved and unescaped) or the raw number text
};

// The cells of worksheet `sheet` (1-based: xl/worksheets/sheet1.xml), in document order.
std::vector<XlsxCell> sheet_cells(const std::vector<uint8_t>& zip, int sheet = 1);

// The worksheet as rows of strings (missing cells are ""), rows and columns from A1.
std::vector<std::vector<std::string>> sheet_rows(const std::vector<uint8_t>& zip, int sheet = 1);

// Whether `xml` is a well-formed XML 1.0 document as a strict parser (expat, openpyxl) sees it:
// valid UTF-8, only the characters XML allows (no U+FFFE/U+FFFF, no control characters other than
// tab, LF, CR; the same for character references), every tag closed in order, attributes quoted,
// only the five predefined entities. `problem` says what and where when it is not.
bool xml_well_formed(const std::string& xml, std::string* problem = nullptr);

// One code point as UTF-8 (any value up to U+10FFFF, surrogates and noncharacters too: tests make
// hostile text with it).
std::string utf8_encode(uint32_t cp);

// Replaces &amp; &lt; &gt; &quot; &apos; and numeric character references.
std::string xml_unescape(const std::string& s);

}  // namespace xlsx_test
