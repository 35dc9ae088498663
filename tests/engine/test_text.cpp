// The text rules as a specification: UTF-8 validity, field validation codes, trimming, search
// folding, the Finnish sort order, and the same rules inside SQLite (collation FI, fold()).
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "core/text.h"

using namespace vastuu;

namespace {

std::vector<std::string> query_column(sqlite3* db, const char* sql) {
    std::vector<std::string> out;
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char* t = sqlite3_column_text(st, 0);
        out.push_back(t ? reinterpret_cast<const char*>(t) : "<NULL>");
    }
    sqlite3_finalize(st);
    return out;
}

int sign(int v) { return v < 0 ? -1 : (v > 0 ? 1 : 0); }

}  // namespace

// [SECTION] UTF-8

TEST_CASE("valid UTF-8 is accepted: ASCII, Finnish letters, 3- and 4-byte characters, empty") {
    CHECK(is_valid_utf8(""));
    CHECK(is_valid_utf8("Virtanen"));
    CHECK(is_valid_utf8("Äijälä Öhman Åström"));
    CHECK(is_valid_utf8("\xE2\x82\xAC"));          // €
    CHECK(is_valid_utf8("\xF0\x9F\x98\x80"));      // U+1F600
    CHECK(is_valid_utf8("\xF4\x8F\xBF\xBF"));      // U+10FFFF, the last code point
    CHECK(is_valid_utf8(std::string("a\0b", 3)));  // NUL is valid UTF-8 (validate_text rejects it)
}

TEST_CASE("overlong UTF-8 encodings are rejected") {
    CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // '/' in two bytes
    CHECK_FALSE(is_valid_utf8("\xC1\xBF"));
    CHECK_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // '/' in three bytes
    CHECK_FALSE(is_valid_utf8("\xE0\x9F\xBF"));      // U+07FF in three bytes
    CHECK_FALSE(is_valid_utf8("\xF0\x8F\xBF\xBF"));  // U+FFFF in four bytes
}

TEST_CASE("truncated UTF-8 sequences and stray continuation bytes are rejected") {
    CHECK_FALSE(is_valid_utf8("\xC3"));              // Ä without its second byte
    CHECK_FALSE(is_valid_utf8("abc\xE2\x82"));       // € cut short at the end
    CHECK_FALSE(is_valid_utf8("\xF0\x9F\x98"));
    CHECK_FALSE(is_valid_utf8("\x80"));
    CHECK_FALSE(is_valid_utf8("a\xA4" "b"));
    CHECK_FALSE(is_valid_utf8("\xC3" "A"));          // lead byte followed by ASCII
}

TEST_CASE("UTF-16 surrogates and code points above U+10FFFF are rejected") {
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // U+D800
    CHECK_FALSE(is_valid_utf8("\xED\xBF\xBF"));      // U+DFFF
    CHECK(is_valid_utf8("\xED\x9F\xBF"));            // U+D7FF is fine
    CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // U+110000
    CHECK_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));
    CHECK_FALSE(is_valid_utf8("\xFF"));
}

TEST_CASE("utf8_length counts code points, not bytes") {
    CHECK(utf8_length("") == 0);
    CHECK(utf8_length("abc") == 3);
    CHECK(utf8_length("Äijälä") == 6);
    CHECK(utf8_length("\xF0\x9F\x98\x80!") == 2);
}

// [SECTION] validate_text

TEST_CASE("validate_text accepts ordinary names and reports the field") {
    CHECK(validate_text("Äijälän Kuljetus Oy", "name", 200, true).ok());
    CHECK(validate_text("", "email", 254, false).ok());
    Status s = validate_text("", "name", 200, true);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == "text.empty");
    CHECK(s.error().field == "name");
    CHECK_FALSE(s.error().message.empty());
}

TEST_CASE("validate_text: invalid UTF-8 is text.invalid_utf8") {
    Status s = validate_text("Mäkinen\xC3", "name", 200, true);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == "text.invalid_utf8");
}

TEST_CASE("validate_text: a required field of only spaces, tabs and no-break spaces is text.empty") {
    for (const char* blank : {"  \xC2\xA0\t ", "  \xC2\xA0 \xE2\x80\xAF", "\n"}) {
        Status s = validate_text(blank, "name", 200, true);
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().code == "text.empty");
    }
}

TEST_CASE("validate_text judges the trimmed text: whitespace pasted at the ends is no error") {
    CHECK(validate_text("  Kala Oy \t", "name", 200, true).ok());
    CHECK(validate_text("\tKala Oy\r\n", "name", 200, true).ok());
    CHECK(validate_text("   abc   ", "name", 3, true).ok());  // the stored text has 3 characters
}

TEST_CASE("validate_text: text.too_long counts code points, and a 10 MB string is refused quickly") {
    CHECK(validate_text("ääääää", "name", 6, true).ok());  // 12 bytes, 6 characters
    Status s = validate_text("äääääää", "name", 6, true);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == "text.too_long");
    CHECK(s.error().message.find('6') != std::string::npos);

    std::string huge(10 * 1024 * 1024, 'x');
    auto t0 = std::chrono::steady_clock::now();
    Status h = validate_text(huge, "name", 200, true);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    REQUIRE_FALSE(h.ok());
    CHECK(h.error().code == "text.too_long");
    CHECK(ms < 2000);
}

TEST_CASE("validate_text: control characters are refused; tab and newline only in multiline fields") {
    for (const char* bad : {"a\x01" "b", "a\x7F" "b", "a\xC2\x85" "b", "tab\there", "line\nbreak"}) {
        Status s = validate_text(bad, "name", 200, true);
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().code == "text.control_char");
    }
    Status nul = validate_text(std::string("a\0b", 3), "name", 200, true);
    REQUIRE_FALSE(nul.ok());
    CHECK(nul.error().code == "text.control_char");
    CHECK(validate_text("line one\nline two\twith tab\r\n", "legend", 1000, false, true).ok());
    CHECK_FALSE(validate_text("bell\x07", "legend", 1000, false, true).ok());
}

TEST_CASE("trim removes ASCII whitespace and no-break spaces from both ends only") {
    CHECK(trim("  Äijälä Oy \t\n") == "Äijälä Oy");
    CHECK(trim("\xC2\xA0Mäkelä & Co\xC2\xA0") == "Mäkelä & Co");
    CHECK(trim("\xE2\x80\xAF" "x" "\xE2\x80\xAF") == "x");
    CHECK(trim("a  b") == "a  b");
    CHECK(trim("   ") == "");
    CHECK(trim("") == "");
    CHECK(trim("ä") == "ä");
}

// [SECTION] Search folding

TEST_CASE("aijala finds Äijälä: search folding strips Finnish diacritics") {
    CHECK(fold_for_search("Äijälä Oy") == "aijala oy");
    CHECK(fold_for_search("Öhman") == "ohman");
    CHECK(fold_for_search("Åström") == "astrom");
    CHECK(fold_for_search("Ångström") == "angstrom");
    CHECK(fold_for_search("ÄIJÄLÄ").find("aijala") == 0);
}

TEST_CASE("folding handles Latin-1 and Latin Extended-A letters") {
    CHECK(fold_for_search("Café Crème") == "cafe creme");
    CHECK(fold_for_search("Šemčík Žižka") == "semcik zizka");
    CHECK(fold_for_search("Straße") == "strasse");
    CHECK(fold_for_search("Ærø Søren") == "aero soren");
    CHECK(fold_for_search("Łódź") == "lodz");
    CHECK(fold_for_search("Œuvre İstanbul") == "oeuvre istanbul");
    CHECK(fold_for_search("Þór Ðuro") == "thor duro");
}

TEST_CASE("folding keeps digits, punctuation and other scripts; lower-cases Greek and Cyrillic") {
    CHECK(fold_for_search("Mäkelä & Co, 2025 €") == "makela & co, 2025 €");
    CHECK(fold_for_search("ПЕТРОВ") == "петров");
    CHECK(fold_for_search("ΑΘΗΝΑ") == "αθηνα");
    CHECK(fold_for_search("東京") == "東京");
    CHECK(fold_for_search("") == "");
    CHECK(fold_for_search("a\xFF" "b") == "a\xFF" "b");  // invalid bytes pass through
}

// [SECTION] Finnish collation

TEST_CASE("Finnish sort order: a..z, then å, ä, ö") {
    std::vector<std::string> names = {"Öhman", "Ärölä", "Zetterberg", "Åberg", "Aalto"};
    std::sort(names.begin(), names.end(),
              [](const std::string& a, const std::string& b) { return compare_finnish(a, b) < 0; });
    CHECK(names == std::vector<std::string>{"Aalto", "Zetterberg", "Åberg", "Ärölä", "Öhman"});
}

TEST_CASE("Finnish sort order is case-insensitive first: öljy vs Ölander") {
    CHECK(compare_finnish("Ölander", "öljy") < 0);
    CHECK(compare_finnish("öljy", "Ölander") > 0);
    CHECK(compare_finnish("aalto", "Borg") < 0);
    CHECK(compare_finnish("Aalto", "borg") < 0);
}

TEST_CASE("Finnish collation: ü sorts as y, æ as ä, ø as ö, other accents as the base letter") {
    CHECK(compare_finnish("Müller", "Myller") != 0);
    CHECK(compare_finnish("Müller", "Mylly") < 0);  // ü = y: "myller" < "mylly"
    CHECK(compare_finnish("Müller", "Mz") < 0);
    CHECK(compare_finnish("Ærø", "Zz") > 0);          // æ after z
    CHECK(compare_finnish("Ærø", "Äröz") < 0);        // æ = ä, ø = ö
    CHECK(compare_finnish("Søren", "Sören") != 0);
    CHECK(compare_finnish("Søren", "Sörf") < 0);      // ø = ö
    CHECK(compare_finnish("Éclair", "Ed") < 0);       // é = e
    CHECK(compare_finnish("Éclair", "Eclb") < 0);
    CHECK(compare_finnish("Straße", "Strasse") != 0);
    CHECK(compare_finnish("Straße", "Strassf") < 0);  // ß = ss
}

TEST_CASE("Finnish collation: digits and spaces before letters") {
    CHECK(compare_finnish("1 Oy", "A Oy") < 0);
    CHECK(compare_finnish("9", "a") < 0);
    CHECK(compare_finnish("Aa Oy", "Aab") < 0);
    CHECK(compare_finnish("Aalto", "Aalto Oy") < 0);
}

TEST_CASE("Finnish collation is a strict weak order: only identical strings compare equal") {
    CHECK(compare_finnish("Äijälä", "Äijälä") == 0);
    CHECK(compare_finnish("", "") == 0);
    CHECK(compare_finnish("", "a") < 0);
    CHECK(compare_finnish("aijala", "Aijala") < 0);  // case breaks the tie, lower case first
    CHECK(compare_finnish("Aijala", "aijala") > 0);
    CHECK(compare_finnish("e", "é") < 0);            // accent breaks the tie, plain letter first
    CHECK(compare_finnish("E", "é") < 0);            // accent is compared before case
    std::vector<std::string> words = {"a", "A", "á", "Á", "ä", "Ä", "å", "b", "B", "ss", "ß", "SS", "", "1",
                                      " ", "Aa", "aA", "æ", "ø", "ö", "ü", "y", "Y", "z", "\xFF", "\xC3",
                                      "東", "П", "п", "€", std::string("a\0", 2)};
    for (const auto& x : words) {
        CHECK(compare_finnish(x, x) == 0);
        for (const auto& y : words) {
            int xy = compare_finnish(x, y), yx = compare_finnish(y, x);
            CHECK(sign(xy) == -sign(yx));
            if (x != y) CHECK(xy != 0);
            for (const auto& z : words)
                if (xy < 0 && compare_finnish(y, z) < 0) CHECK(compare_finnish(x, z) < 0);
        }
    }
}

TEST_CASE("finnish_sort_key orders exactly as compare_finnish, ties and invalid bytes included") {
    std::vector<std::string> words = {"a", "A", "á", "Á", "ä", "Ä", "å", "b", "B", "ss", "ß", "SS", "", "1",
                                      " ", "Aa", "aA", "æ", "ø", "ö", "ü", "y", "Y", "z", "\xFF", "\xC3",
                                      "東", "П", "п", "€", std::string("a\0", 2), "Äijälä Oy", "aijala oy",
                                      "Äijälä", "Aijala Oy", "Öhman", "Ölander", "öljy", "Åström", "Zeta",
                                      "KELVIN", "\xE2\x84\xAA", "ab", "a b", "a-b", "Mäki 10", "Mäki 9"};
    for (const auto& x : words)
        for (const auto& y : words) {
            INFO(x << " vs " << y);
            CHECK(sign(finnish_sort_key(x).compare(finnish_sort_key(y))) == sign(compare_finnish(x, y)));
        }
}

TEST_CASE("sorting 50,000 names with the Finnish collation is fast") {
    const char* first[] = {"Äijälä", "Mäkinen", "Öhman", "Åström", "Virtanen", "Smith", "Taylor", "Korhonen"};
    const char* second[] = {"Kuljetus", "Tilitoimisto", "Consulting", "Rakennus", "Öljy", "Ämmä", "Åland"};
    std::vector<std::string> names;
    uint64_t x = 12345;
    for (int i = 0; i < 50000; ++i) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        names.push_back(std::string(first[(x >> 33) % 8]) + " " + second[(x >> 40) % 7] + " " +
                        std::to_string((x >> 20) % 1000));
    }
    auto t0 = std::chrono::steady_clock::now();
    std::sort(names.begin(), names.end(),
              [](const std::string& a, const std::string& b) { return compare_finnish(a, b) < 0; });
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    MESSAGE("sorting 50,000 names: " << ms << " ms");
    CHECK(std::is_sorted(names.begin(), names.end(),
                         [](const std::string& a, const std::string& b) { return compare_finnish(a, b) < 0; }));
    CHECK(ms < 3000);
}

// [SECTION] SQLite

TEST_CASE("SQLite: ORDER BY name COLLATE FI uses the Finnish order") {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
    register_text_functions(db);
    REQUIRE(sqlite3_exec(db,
                         "CREATE TABLE t(name TEXT);"
                         "INSERT INTO t VALUES ('Öhman'),('öljy'),('Ärölä'),('Zetterberg'),('Åberg'),('Aalto'),"
                         "('Ölander'),('aalto');",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    CHECK(query_column(db, "SELECT name FROM t ORDER BY name COLLATE FI") ==
          std::vector<std::string>{"aalto", "Aalto", "Zetterberg", "Åberg", "Ärölä", "Öhman", "Ölander", "öljy"});
    CHECK(query_column(db, "SELECT 'Öhman' < 'Zetterberg' COLLATE FI") == std::vector<std::string>{"0"});
    sqlite3_close(db);
}

TEST_CASE("SQLite: fold() makes accent-insensitive search work, and fold(NULL) is NULL") {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
    register_text_functions(db);
    REQUIRE(sqlite3_exec(db,
                         "CREATE TABLE t(name TEXT);"
                         "INSERT INTO t VALUES ('Äijälän Kuljetus Oy'),('Virtanen Oy'),('AIJALA Ltd'),(NULL);",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    CHECK(query_column(db, "SELECT name FROM t WHERE fold(name) LIKE '%' || fold('aijala') || '%' ORDER BY rowid") ==
          std::vector<std::string>{"Äijälän Kuljetus Oy", "AIJALA Ltd"});
    CHECK(query_column(db, "SELECT fold(NULL)") == std::vector<std::string>{"<NULL>"});
    CHECK(query_column(db, "SELECT fold('Åström')") == std::vector<std::string>{"astrom"});
    CHECK(query_column(db, "SELECT fold(42)") == std::vector<std::string>{"42"});
    // Deterministic functions may be used in indexes.
    CHECK(sqlite3_exec(db, "CREATE INDEX t_fold ON t(fold(name))", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
}
