// Writes tables as xlsx workbooks through libxlsxwriter: optional title lines, bold frozen header row,
// autofilter, column
// widths, real number and date cells. Text is always written as text, never as a formula.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"

namespace vastuu {

enum class XlsxType { Text, Integer, Date };  // Date cells take "YYYY-MM-DD" ("" leaves the cell empty)

struct XlsxColumn {
    std::string header;
    XlsxType type = XlsxType::Text;
    double width = 0;  // in characters; 0: fitted to the header and the first rows
};

struct XlsxSheet {
    std::string name;  // at most 31 characters; []:*?/\ are replaced
    // Lines above the table (a title in bold, then a legend), followed by one empty row; the header
    // row comes after them and stays frozen with them.
    std::vector<std::string> preamble;
    std::vector<XlsxColumn> columns;
    size_t row_count = 0;
    // Fills `cells` (one string per column) for row `row` (0-based, data rows only).
    std::function<void(size_t row, std::vector<std::string>& cells)> row;
};

// The workbook's bytes. Errors: "xlsx.write_failed" with libxlsxwriter's reason.
Result<std::vector<uint8_t>> write_xlsx(const std::vector<XlsxSheet>& sheets);

}  // namespace vastuu
