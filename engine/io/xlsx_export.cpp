// xlsx export through libxlsxwriter. libxlsxwriter 1.1.4 writes only to a named file, so the
// workbook goes to a unique temporary file (real disk natively and under node's NODERAWFS, MEMFS in
// the browser) whose bytes are read back and the file removed. constant_memory mode streams each
// row to disk, which keeps 250,000-row exports small in memory; it writes strings inline.
#include "io/xlsx_export.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/dates.h"
#include "core/i18n.h"
#include "core/text.h"

namespace vastuu {
namespace {

constexpr size_t kWidthSampleRows = 500;  // rows looked at when fitting column widths
constexpr double kMinWidth = 6, kMaxWidth = 60;
constexpr size_t kMaxCellChars = 32767;   // Excel's limit for one cell (LXW_STR_MAX)
constexpr size_t kMaxSheetNameChars = 31;

Error write_failed(const std::string& reason) {
    return Error{"xlsx.write_failed", tr_format("error.xlsx.write_failed", {reason}), ""};
}

// A file name no other export (in this process or another) is using: a process-wide counter, the
// clock and an address. Tries /tmp first, then the working directory.
std::string unique_temp_path() {
    static std::atomic<unsigned> counter{0};
    unsigned n = counter++;
    auto ticks = static_cast<unsigned long long>(std::chrono::steady_clock::now().time_since_epoch().count());
    auto wall = static_cast<unsigned long long>(std::chrono::system_clock::now().time_since_epoch().count());
    char name[128];
    std::snprintf(name, sizeof name, "vastuu-export-%llx-%llx-%u-%p.xlsx", wall, ticks, n,
                  static_cast<void*>(&n));
    for (const char* dir : {"/tmp/", "./"}) {
        std::string path = std::string(dir) + name;
        if (FILE* f = std::fopen(path.c_str(), "wb")) {  // proves the directory is writable
            std::fclose(f);
            return path;
        }
    }
    return std::string();
}

bool read_file(const std::string& path, std::vector<uint8_t>& out) {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return false;
    uint8_t buffer[65536];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) out.insert(out.end(), buffer, buffer + n);
    bool ok = !std::ferror(f);
    std::fclose(f);
    return ok;
}

// U+FFFE and U+FFFF (EF BF BE, EF BF BF): XML 1.0 does not allow them, so one in a cell makes the
// sheet not well-formed (Excel repairs the file, LibreOffice drops the rows after it). The text
// rules refuse them; a database from elsewhere may still hold them.
bool has_xml_noncharacter(const std::string& s) {
    for (size_t at = s.find("\xEF\xBF"); at != std::string::npos; at = s.find("\xEF\xBF", at + 1))
        if (at + 2 < s.size() && (s[at + 2] == '\xBE' || s[at + 2] == '\xBF')) return true;
    return false;
}

// Replaces invalid UTF-8 bytes, U+FFFE and U+FFFF with U+FFFD and cuts at Excel's cell limit: the
// XML must stay well-formed. (libxlsxwriter writes control characters as _xHHHH_ itself.)
const char* safe_cell_text(const std::string& s, std::string& scratch) {
    const bool valid = is_valid_utf8(s) && !has_xml_noncharacter(s);
    if (valid && s.size() <= kMaxCellChars) return s.c_str();  // bytes >= chars: certainly short enough
    if (valid && utf8_length(s) <= kMaxCellChars) return s.c_str();
    scratch.clear();
    size_t chars = 0;
    for (size_t i = 0; i < s.size() && chars < kMaxCellChars;) {
        size_t len = 1;
        unsigned char b = static_cast<unsigned char>(s[i]);
        if (b >= 0xF0) len = 4;
        else if (b >= 0xE0) len = 3;
        else if (b >= 0xC0) len = 2;
        const std::string_view piece = std::string_view(s).substr(i, len);
        if (i + len <= s.size() && is_valid_utf8(piece) && !(piece == "\xEF\xBF\xBE" || piece == "\xEF\xBF\xBF")) {
            scratch.append(piece);
            i += len;
        } else {
            scratch += "\xEF\xBF\xBD";
            i += i + len <= s.size() && is_valid_utf8(piece) ? len : 1;
        }
        ++chars;
    }
    return scratch.c_str();
}

bool parse_int(const std::string& s, double& out) {
    // Excel keeps 15 significant digits (a double, 2^53, would keep most of 16 but not all:
    // 9007199254740993 would come back as ...992): a longer number is written as text, exactly.
    if (s.empty() || s.size() - (s[0] == '-' ? 1 : 0) > 15) return false;
    size_t i = (s[0] == '-') ? 1 : 0;
    if (i == s.size()) return false;
    int64_t v = 0;
    for (; i < s.size(); ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    out = static_cast<double>(s[0] == '-' ? -v : v);
    return true;
}

// "YYYY-MM-DD" naming a valid day (core/dates.h; its range starts on Excel's first date, 1900-01-01);
// anything else is not a date and is written as text.
bool parse_date(const std::string& s, lxw_datetime& out) {
    const std::optional<int32_t> day = day_number(s);
    if (!day) return false;
    const Date d = civil_from_days(*day);
    out = lxw_datetime{d.year, d.month, d.day, 0, 0, 0.0};
    return true;
}

// Excel refuses []:*?/\ in sheet names, names over 31 characters, names starting or ending with an
// apostrophe and duplicate names (case-insensitively).
std::string sheet_name(const std::string& wanted, size_t index, std::vector<std::string>& used_folded) {
    std::string name;
    for (char c : wanted) name += std::strchr("[]:*?/\\", c) && c != '\0' ? '_' : c;
    name = trim(name);
    if (!is_valid_utf8(name) || name.empty()) name = "Sheet" + std::to_string(index + 1);
    if (name.front() == '\'') name.front() = '_';
    auto cut = [](const std::string& s, size_t chars) {
        size_t count = 0, i = 0;
        for (; i < s.size(); ++i)
            if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && count++ == chars) break;
        return s.substr(0, i);
    };
    name = cut(name, kMaxSheetNameChars);
    if (name.back() == '\'') name.back() = '_';
    std::string candidate = name;
    for (int n = 2; std::find(used_folded.begin(), used_folded.end(), fold_for_search(candidate)) !=
                    used_folded.end();
         ++n) {
        std::string suffix = " (" + std::to_string(n) + ")";
        candidate = cut(name, kMaxSheetNameChars - suffix.size()) + suffix;
    }
    used_folded.push_back(fold_for_search(candidate));
    return candidate;
}

struct Formats {
    lxw_format* header = nullptr;
    lxw_format* date = nullptr;
};

// Writes one sheet; returns LXW_NO_ERROR or the first error.
lxw_error write_sheet(lxw_workbook* wb, const XlsxSheet& sheet, const std::string& name, const Formats& fmt) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
    if (!ws) return LXW_ERROR_CREATING_TMPFILE;  // names are valid by now: the stream file failed
    const size_t cols = sheet.columns.size();
    if (cols == 0) return LXW_NO_ERROR;
    // The header's row: after the preamble lines and one empty row.
    const size_t header_row = sheet.preamble.empty() ? 0 : sheet.preamble.size() + 1;
    if (cols > LXW_COL_MAX || header_row + sheet.row_count + 1 > LXW_ROW_MAX)
        return LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE;

    // The first rows are fetched once, for the column widths, and written from this cache.
    size_t sample = std::min(sheet.row_count, kWidthSampleRows);
    std::vector<std::vector<std::string>> first_rows(sample, std::vector<std::string>(cols));
    for (size_t r = 0; r < sample; ++r)
        if (sheet.row) sheet.row(r, first_rows[r]);

    for (size_t c = 0; c < cols; ++c) {
        const XlsxColumn& col = sheet.columns[c];
        double width = col.width;
        if (width <= 0) {
            size_t chars = utf8_length(col.header) + 2;  // room for the autofilter button
            for (size_t r = 0; r < sample; ++r)
                if (c < first_rows[r].size()) chars = std::max(chars, utf8_length(first_rows[r][c]));
            if (col.type == XlsxType::Date) chars = std::max<size_t>(chars, 10);
            width = std::clamp(static_cast<double>(chars) + 1, kMinWidth, kMaxWidth);
        }
        lxw_error e = worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), width,
                                           col.type == XlsxType::Date ? fmt.date : nullptr);
        if (e) return e;
    }

    std::string scratch;
    for (size_t i = 0; i < sheet.preamble.size(); ++i) {
        if (sheet.preamble[i].empty()) continue;
        lxw_error e = worksheet_write_string(ws, static_cast<lxw_row_t>(i), 0, safe_cell_text(sheet.preamble[i], scratch),
                                             i == 0 ? fmt.header : nullptr);
        if (e) return e;
    }
    const auto head = static_cast<lxw_row_t>(header_row);
    for (size_t c = 0; c < cols; ++c) {
        lxw_error e = worksheet_write_string(ws, head, static_cast<lxw_col_t>(c),
                                             safe_cell_text(sheet.columns[c].header, scratch), fmt.header);
        if (e) return e;
    }

    std::vector<std::string> cells(cols);  // reused for every row after the sample
    for (size_t r = 0; r < sheet.row_count; ++r) {
        std::vector<std::string>* row = &cells;
        if (r < sample) {
            row = &first_rows[r];
        } else {
            cells.resize(cols);
            for (std::string& s : cells) s.clear();
            if (sheet.row) sheet.row(r, cells);
        }
        const auto excel_row = static_cast<lxw_row_t>(header_row + r + 1);
        for (size_t c = 0; c < cols && c < row->size(); ++c) {
            const std::string& v = (*row)[c];
            if (v.empty()) continue;
            const auto col = static_cast<lxw_col_t>(c);
            lxw_error e = LXW_NO_ERROR;
            double number;
            lxw_datetime date;
            switch (sheet.columns[c].type) {
                case XlsxType::Integer:
                    e = parse_int(v, number) ? worksheet_write_number(ws, excel_row, col, number, nullptr)
                                             : worksheet_write_string(ws, excel_row, col, safe_cell_text(v, scratch),
                                                                      nullptr);
                    break;
                case XlsxType::Date:
                    // Not a valid day (a database from elsewhere: 0000-01-01): the text as it is, so
                    // that it is not read as an open end.
                    e = parse_date(v, date) ? worksheet_write_datetime(ws, excel_row, col, &date, fmt.date)
                                            : worksheet_write_string(ws, excel_row, col, safe_cell_text(v, scratch), nullptr);
                    break;
                case XlsxType::Text:
                    e = worksheet_write_string(ws, excel_row, col, safe_cell_text(v, scratch), nullptr);
                    break;
            }
            if (e) return e;
        }
    }

    worksheet_freeze_panes(ws, head + 1, 0);
    return worksheet_autofilter(ws, head, 0, static_cast<lxw_row_t>(header_row + sheet.row_count),
                                static_cast<lxw_col_t>(cols - 1));
}

}  // namespace

Result<std::vector<uint8_t>> write_xlsx(const std::vector<XlsxSheet>& sheets) {
    std::string path = unique_temp_path();
    if (path.empty()) return write_failed(lxw_strerror(LXW_ERROR_CREATING_XLSX_FILE));

    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    options.tmpdir = nullptr;  // built with USE_STANDARD_TMPFILE: tmpfile() decides
    lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
    if (!wb) {
        std::remove(path.c_str());
        return write_failed(lxw_strerror(LXW_ERROR_MEMORY_MALLOC_FAILED));
    }

    Formats fmt;
    fmt.header = workbook_add_format(wb);
    format_set_bold(fmt.header);
    fmt.date = workbook_add_format(wb);
    format_set_num_format(fmt.date, "yyyy-mm-dd");

    lxw_error err = LXW_NO_ERROR;
    std::vector<std::string> used_names;
    if (sheets.empty()) {
        XlsxSheet empty;
        err = write_sheet(wb, empty, sheet_name("", 0, used_names), fmt);
    }
    for (size_t i = 0; i < sheets.size() && !err; ++i)
        err = write_sheet(wb, sheets[i], sheet_name(sheets[i].name, i, used_names), fmt);

    lxw_error close_err = workbook_close(wb);  // frees the workbook whatever happens
    if (!err) err = close_err;
    std::vector<uint8_t> bytes;
    if (!err && !read_file(path, bytes)) err = LXW_ERROR_CREATING_XLSX_FILE;
    std::remove(path.c_str());
    if (err) return write_failed(lxw_strerror(err));
    return bytes;
}

}  // namespace vastuu
