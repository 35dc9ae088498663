// The CSV codec (csv_codec.h): decoding bytes, splitting records, writing fields.
//
// Index of this file:
// [SECTION] Encoding (UTF-8, byte-order mark, Windows-1252)
// [SECTION] Splitting records
// [SECTION] Formula guard and writing fields
#include "io/csv_codec.h"

#include <algorithm>

#include "core/i18n.h"
#include "core/text.h"

namespace vastuu {

// ---------------------------------------------------------------------------------------------
// [SECTION] Encoding (UTF-8, byte-order mark, Windows-1252)
// ---------------------------------------------------------------------------------------------

namespace {

// Windows-1252's 0x80..0x9F; the five unassigned bytes become the C1 controls of the same value
// (which the text rules then refuse as control characters, naming the line).
const uint16_t kCp1252High[32] = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                                  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace

std::string line_list(const std::vector<int64_t>& lines, size_t total) {
    std::string out;
    for (size_t i = 0; i < lines.size(); ++i) out += (i ? ", " : "") + std::to_string(lines[i]);
    if (total > lines.size()) out += tr_format("error.csv.more_lines", {std::to_string(total)});
    return out;
}

namespace {

// UTF-16 without a byte-order mark: in its first bytes, one of every two is zero (ASCII text in
// UTF-16LE or BE). A text file has no zero bytes at all.
bool looks_like_utf16(std::string_view bytes) {
    const size_t n = std::min<size_t>(bytes.size(), 4096) & ~size_t(1);
    size_t zero_even = 0, zero_odd = 0;
    for (size_t i = 0; i < n; ++i)
        if (bytes[i] == '\0') ++(i % 2 ? zero_odd : zero_even);
    return n >= 4 && (zero_even * 3 >= n || zero_odd * 3 >= n);
}

}  // namespace

Result<DecodedCsv> decode_csv_bytes(std::string_view bytes) {
    if (bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF')))
        return Error{"csv.unsupported_encoding", tr("error.csv.utf16"), ""};
    if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    if (looks_like_utf16(bytes)) return Error{"csv.unsupported_encoding", tr("error.csv.utf16_no_bom"), ""};

    // Each line judged on its own: a multi-byte character never spans a line break (ASCII).
    constexpr size_t kShown = 10;
    std::vector<int64_t> utf8_lines, other_lines;  // the first kShown of each
    size_t utf8_count = 0, other_count = 0;
    int64_t line = 1;
    size_t start = 0;
    const size_t n = bytes.size();
    while (start <= n) {
        size_t end = start;
        bool ascii = true;
        while (end < n && bytes[end] != '\n' && bytes[end] != '\r') {
            if (bytes[end] == '\0')
                return Error{"csv.nul_byte", tr_format("error.csv.nul_byte", {std::to_string(line)}), ""};
            if (static_cast<unsigned char>(bytes[end]) >= 0x80) ascii = false;
            ++end;
        }
        if (!ascii) {
            const std::string_view text = bytes.substr(start, end - start);
            const bool utf8 = first_invalid_utf8(text) == text.size();
            auto& list = utf8 ? utf8_lines : other_lines;
            if (list.size() < kShown) list.push_back(line);
            ++(utf8 ? utf8_count : other_count);
        }
        if (end >= n) break;
        // CRLF, LF or CR: one line break, as split_csv() counts them.
        start = end + ((bytes[end] == '\r' && end + 1 < n && bytes[end + 1] == '\n') ? 2 : 1);
        ++line;
    }

    DecodedCsv out;
    if (other_count == 0) {
        out.text = std::string(bytes);
        return out;
    }
    if (utf8_count > 0) {
        // Name the odd ones out: the smaller group.
        if (other_count <= utf8_count)
            return Error{"csv.mixed_encoding",
                         tr_count("error.csv.mixed_encoding", static_cast<long long>(other_count), {line_list(other_lines, other_count)}), ""};
        return Error{"csv.mixed_encoding",
                     tr_count("error.csv.mixed_encoding_utf8", static_cast<long long>(utf8_count), {line_list(utf8_lines, utf8_count)}), ""};
    }
    out.windows_1252 = true;
    out.converted_lines = std::move(other_lines);
    out.text.reserve(bytes.size() + bytes.size() / 8);
    for (char ch : bytes) {
        unsigned char c = static_cast<unsigned char>(ch);
        if (c < 0x80) out.text += ch;
        else if (c < 0xA0) append_utf8(out.text, kCp1252High[c - 0x80]);
        else append_utf8(out.text, c);  // Latin-1 and Windows-1252 agree from 0xA0 on
    }
    return out;
}

std::string_view first_csv_record(std::string_view bytes) {
    bool quoted = false;
    for (size_t i = 0; i < bytes.size(); ++i) {
        if (bytes[i] == '"') quoted = !quoted;
        else if (!quoted && (bytes[i] == '\n' || bytes[i] == '\r')) return bytes.substr(0, i);
    }
    return bytes;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Splitting records
// ---------------------------------------------------------------------------------------------

char sniff_csv_delimiter(std::string_view text) {
    size_t semicolons = 0, commas = 0, tabs = 0;
    bool quoted = false;
    for (char c : text) {
        if (c == '"') quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r')) break;
        else if (!quoted && c == ';') ++semicolons;
        else if (!quoted && c == ',') ++commas;
        else if (!quoted && c == '\t') ++tabs;
    }
    if (tabs > semicolons && tabs > commas) return '\t';
    return commas > semicolons ? ',' : ';';
}

Result<std::vector<CsvRecord>> split_csv(std::string_view text, char delimiter) {
    std::vector<CsvRecord> records;
    CsvRecord record;
    std::string field;
    int64_t line = 1;
    bool in_quotes = false, field_started = false, record_has_data = false;
    int64_t quote_line = 0;
    record.line = 1;
    auto end_field = [&] {
        record.fields.push_back(std::move(field));
        field.clear();
        field_started = false;
    };
    auto end_record = [&] {
        end_field();
        // A blank line (one empty field) is no record.
        if (record_has_data || record.fields.size() > 1) records.push_back(std::move(record));
        record = CsvRecord{};
        record_has_data = false;
    };
    const size_t n = text.size();
    for (size_t i = 0; i < n; ++i) {
        char c = text[i];
        if (in_quotes) {
            if (c == '"') {
                if (i + 1 < n && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    in_quotes = false;
                }
            } else {
                if (c == '\n' || (c == '\r' && !(i + 1 < n && text[i + 1] == '\n'))) ++line;
                field += c;
            }
            continue;
        }
        if (c == '"' && !field_started) {
            in_quotes = true;
            field_started = true;
            record_has_data = true;
            quote_line = line;
            continue;
        }
        if (c == delimiter) {
            end_field();
            record_has_data = true;
            continue;
        }
        if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
            end_record();
            ++line;
            record.line = line;
            continue;
        }
        if (!record_has_data) record.line = line;
        field += c;
        field_started = true;
        record_has_data = true;
    }
    if (in_quotes)
        return Error{"csv.unterminated_quote", tr_format("error.csv.unterminated_quote", {std::to_string(quote_line)}), ""};
    if (record_has_data || !field.empty() || !record.fields.empty()) end_record();
    return records;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Formula guard and writing fields
// ---------------------------------------------------------------------------------------------

namespace {

// The first characters a spreadsheet would read as a formula (or that hide one).
bool starts_formula(char c) { return std::string_view("=+-@\t\r").find(c) != std::string_view::npos; }

// A text a spreadsheet would read as a formula once its leading apostrophes are shown as text:
// any number of apostrophes, then one of the formula characters. Exactly these get a guard.
bool needs_guard(std::string_view v) {
    size_t i = 0;
    while (i < v.size() && v[i] == '\'') ++i;
    return i < v.size() && starts_formula(v[i]);
}

}  // namespace

std::string without_formula_guard(const std::string& field) {
    if (field.size() >= 2 && field[0] == '\'' && needs_guard(std::string_view(field).substr(1))) return field.substr(1);
    return field;
}

void append_csv_field(std::string& out, const std::string& value) {
    std::string v = value;
    // A text that already looks guarded ("'=x", "''=x") gets a guard of its own, so that reading it
    // back (which removes one) gives it again: export then import is the identity.
    if (needs_guard(v)) v.insert(v.begin(), '\'');
    bool quote = v.find_first_of(";\"\n\r,") != std::string::npos ||
                 (!v.empty() && (v.front() == ' ' || v.back() == ' '));
    if (!quote) {
        out += v;
        return;
    }
    out += '"';
    for (char c : v) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

void append_csv_row(std::string& out, std::initializer_list<std::string> fields) {
    bool first = true;
    for (const std::string& f : fields) {
        if (!first) out += ';';
        first = false;
        append_csv_field(out, f);
    }
    out += "\r\n";
}

}  // namespace vastuu
