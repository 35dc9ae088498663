// Hostile text files (corpus.h): CSV files whose encoding, records or values are wrong in the ways
// issue #17 found, and JSON documents with duplicate keys and numbers too large. Each is imported
// into a copy of the demo database with `vastuu import`; a refused file leaves it byte for byte.
#include <string>

#include "tests/hostile/corpus.h"

namespace hostile {
namespace {

Case refused_import(const std::string& name, std::string bytes, const std::string& code) {
    Case c;
    c.name = name;
    c.bytes = std::move(bytes);
    c.args = {"import", "{db}", "{file}"};
    c.exit_code = 1;
    c.stderr_has = code;
    return c;
}

std::string utf16le(const std::string& ascii) {
    std::string out;
    for (char ch : ascii) {
        out += ch;
        out += '\0';
    }
    return out;
}

}  // namespace

void add_text_file_cases(Corpus& corpus, const Context&) {
    // Mostly UTF-8, one line pasted from a Windows-1252 file: refused naming line 4, not mojibake.
    Case mixed = refused_import("csv_mixed_encoding.csv",
                                "numero;nimi\n9001;Sähkö Oy\n9002;Mäkelä Ky\n9003;J\xe4rvinen\n9004;Öljy Oy\n",
                                "csv.mixed_encoding");
    mixed.stderr_lacks = "Ã";  // no mojibake of the UTF-8 lines anywhere in the answer
    corpus.push_back(mixed);

    // All Windows-1252: read, with the decoded names shown; applied only with --accept-warnings.
    const std::string cp1252 = "numero;nimi\n9001;S\xe4hk\xf6 Oy\n9002;M\xe4kel\xe4 Ky\n";
    Case held = refused_import("csv_windows_1252.csv", cp1252, "import.has_warnings");
    corpus.push_back(held);
    Case shown = held;
    shown.name = "csv_windows_1252_shown.csv";
    shown.stderr_has = "warning csv.windows_1252: The file is not UTF-8; it was read as Windows-1252. "
                       "Check that the names look right: \"Sähkö Oy\" (line 2), \"Mäkelä Ky\" (line 3).";
    corpus.push_back(shown);
    Case accepted = held;
    accepted.name = "csv_windows_1252_accepted.csv";
    accepted.args = {"import", "{db}", "{file}", "--accept-warnings"};
    accepted.exit_code = 0;
    accepted.stderr_has = "warning csv.windows_1252";
    accepted.stdout_has = "\"applied\": true";
    accepted.db_unchanged = false;
    corpus.push_back(accepted);

    corpus.push_back(refused_import("csv_utf16_no_bom.csv", utf16le("numero;nimi\r\n9001;Abc Oy\r\n"),
                                    "csv.unsupported_encoding"));
    corpus.push_back(refused_import("csv_utf16_bom.csv", "\xFF\xFE" + utf16le("numero;nimi\r\n9001;Abc Oy\r\n"),
                                    "csv.unsupported_encoding"));
    corpus.push_back(refused_import("csv_nul_in_header.csv", std::string("numero;ni\0mi\n9001;Abc Oy\n", 25),
                                    "csv.nul_byte"));

    // A header whose last cell is quoted and holds a line break past byte 65,536: the kind is found.
    Case wide;
    wide.name = "csv_header_over_64k.csv";
    wide.bytes = "numero;nimi;\"" + std::string(65530, 'h') + "\nh\"\n9001;Abc Oy;x\n";
    wide.args = {"import", "{db}", "{file}", "--dry-run"};
    wide.exit_code = 0;
    wide.stdout_has = "\"can_apply\": true";
    wide.stderr_has = "warning csv.unknown_column";
    corpus.push_back(wide);

    Case ragged;
    ragged.name = "csv_ragged_rows.csv";
    ragged.bytes = "numero;nimi\n9001;Abc Oy\n9002;Def Oy;stray\n";
    ragged.args = {"import", "{db}", "{file}"};
    ragged.exit_code = 1;
    ragged.stderr_has = "warning csv.extra_cells: Line 3 has more cells";
    corpus.push_back(ragged);

    corpus.push_back(refused_import("csv_year_0000.csv",
                                    "asiakasnumero;sähköposti;alkaen\n1;aino.aaltonen@example.com;0000-01-01\n",
                                    "\"0000-01-01\" is outside the dates allowed"));
    corpus.push_back(refused_import("csv_february_31.csv",
                                    "asiakasnumero;sähköposti;alkaen\n1;aino.aaltonen@example.com;31.2.2026\n",
                                    "\"31.2.2026\" is not a date: month 2 of 2026 has 28 days"));
    corpus.push_back(refused_import("csv_number_past_15_digits.csv", "numero;nimi\n9007199254740993;Abc Oy\n",
                                    "customer.bad_number"));
    corpus.push_back(refused_import("csv_noncharacter.csv", "numero;nimi\n9001;Abc \xEF\xBF\xBE Oy\n",
                                    "text.noncharacter"));

    corpus.push_back(refused_import(
        "json_duplicate_tables.json",
        "{\"format\": \"vastuu-dataset\", \"version\": 1, \"tables\": {\"customer\": [{\"id\": 1, \"number\": 9001, "
        "\"name\": \"Abc Oy\"}]}, \"tables\": {}}\n",
        "import.duplicate_key: The file gives \"tables\" twice"));
    corpus.push_back(refused_import(
        "json_duplicate_field.json",
        "{\"format\": \"vastuu-dataset\", \"version\": 1, \"tables\": {\"customer\": [{\"id\": 1, \"number\": 9001, "
        "\"name\": \"Abc Oy\", \"name\": \"Def Oy\"}]}}\n",
        "\"tables.customer[0].name\" twice"));
    corpus.push_back(refused_import("json_number_overflow.json",
                                    "{\n  \"format\": \"vastuu-dataset\",\n  \"version\": 1e309\n}\n",
                                    "import.number_out_of_range: Line 3, column 14"));
}

}  // namespace hostile
