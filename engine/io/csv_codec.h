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
// The file as UTF-8 text without a byte-order mark. The encoding is decided for the whole file from
// all of it, line by line: every line valid UTF-8 is UTF-8; no line holding UTF-8's multi-byte
// characters and some not valid UTF-8 is Windows-1252 (decoded, `windows_1252` set, the first of
// those lines kept so that the caller can show what they became). Refused, naming the lines:
// lines that disagree (some UTF-8 with ä or ö, others not: "csv.mixed_encoding", the minority's
// line numbers), a NUL byte ("csv.nul_byte"), UTF-16 with or without a byte-order mark
// ("csv.unsupported_encoding").
struct DecodedCsv {
    std::string text;
    bool windows_1252 = false;
    std::vector<int64_t> converted_lines;  // Windows-1252: the first few lines that were not ASCII
};
Result<DecodedCsv> decode_csv_bytes(std::string_view bytes);

// Line numbers for a message: "3, 8, 12", or "3, 8, 12 … (40 lines in all)" when `total` is more
// than the lines listed.
std::string line_list(const std::vector<int64_t>& lines, size_t total);

// The first record of the file, whole: up to the first line break outside quotes, however long.
// Its bytes only, undecoded (what kind detection reads).
std::string_view first_csv_record(std::string_view bytes);

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

// A field as written, without the formula guard append_csv_field() added ("'=x" is "=x", "''=x"
// is "'=x"): one apostrophe before apostrophes and a formula character.
std::string without_formula_guard(const std::string& field);

// [SECTION] Writing
// One field: formula guard first (OWASP's advice against formula injection: text starting with
// = + - @ tab or carriage return gets a leading apostrophe, and so does a text that starts with
// apostrophes before one of those, so that without_formula_guard() gives it back), then quoted when it holds ';', ',', a
// quote, a line break or spaces at either end.
void append_csv_field(std::string& out, const std::string& value);
// The fields with ';' between them and CRLF at the end.
void append_csv_row(std::string& out, std::initializer_list<std::string> fields);

}  // namespace vastuu
