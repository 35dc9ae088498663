// CSV files of customers, employees or responsibilities: reading them into an import plan
// (dataset_import.h) and writing them. Columns are found by their header, in English or Finnish;
// the delimiter (; , or tab) is sniffed from the header row; UTF-8 with or without a byte-order mark;
// a file that is not UTF-8 is read as Windows-1252 with a warning. Described in docs/data-format.md.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "io/dataset_import.h"
#include "core/result.h"

namespace vastuu {

class Engine;

// The byte offset of the first byte that is not part of valid UTF-8 (s.size() when all is valid).
size_t first_invalid_utf8(std::string_view s);

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

// Which kind of rows the header describes: responsibilities (a customer and an employee column),
// employees (an e-mail, team or seller column), customers (a name or number column). "csv.unknown_kind".
Result<ImportKind> detect_csv_kind(std::string_view bytes);

// Reads a whole CSV file of `kind` into a plan. Fatal errors: "csv.empty", "csv.unsupported_encoding",
// "csv.unterminated_quote", "csv.missing_column" (naming the column in the user's language). Row
// problems go to plan.errors with their line: "text.*", "customer.bad_number", "employee.bad_email",
// "import.duplicate" (naming both lines), "import.bad_value" (dates, yes/no). Warnings:
// "csv.windows_1252", "csv.unknown_column".
Result<ImportPlan> parse_csv(std::string_view bytes, ImportKind kind);

// A CSV file of `kind` (not Dataset) with the headers in the current language, ';' between fields,
// UTF-8 with a byte-order mark (so that Excel reads ä and ö). Text starting with = + - @ tab or
// carriage return gets a leading apostrophe (OWASP's advice against formula injection); the importer
// removes it again. Only the customers the engine's viewer sees are written.
Result<std::string> export_csv(Engine& engine, ImportKind kind);

}  // namespace vastuu
