// The CSV codec: bytes to text (UTF-8 with or without a byte-order mark; Windows-1252 otherwise),
// text to records (RFC 4180, the delimiter sniffed from the header row) and fields back to text, with
// the formula guard both ways. It knows nothing of customers or plans: csv_reader.h and csv_export.h
// give the columns their meaning.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vastuu {

// [SECTION] Reading
// The file as UTF-8 text without a byte-order mark. Not UTF-8: decoded as Windows-1252 and
// `converted` set. A UTF-16 file is refused ("csv.unsupported_encoding").
Result<std::string> decode_csv_bytes(std::string_view bytes, bool& converted);

// ';', ',' or '\t': the one found most often outside quotes in the first record (';' on a tie).
char sniff_csv_delimiter(std::string_view text);

// One record of a CSV file: its fields and the line it starts on (1-based; a quoted field holding
// line breaks makes the next record start further down).
struct CsvRecord {
    int64_t line = 0;
    std::vector<std::string> fields;
};
// Splits RFC 4180 CSV ("" inside quotes is a quote; CRLF, LF or CR end a record). Blank lines are
// skipped. An unterminated quote is "csv.unterminated_quote" naming the line where it opened.
Result<std::vector<CsvRecord>> split_csv(std::string_view text, char delimiter);

// A field as written, without the formula guard append_csv_field() added ("'=x" is "=x").
std::string without_formula_guard(const std::string& field);

// [SECTION] Writing
// One field: formula guard first (OWASP's advice against formula injection: text starting with
// = + - @ tab or carriage return gets a leading apostrophe), then quoted when it holds ';', ',', a
// quote, a line break or spaces at either end.
void append_csv_field(std::string& out, const std::string& value);
// The fields with ';' between them and CRLF at the end.
void append_csv_row(std::string& out, std::initializer_list<std::string> fields);

}  // namespace vastuu
