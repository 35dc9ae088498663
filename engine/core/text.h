// Text rules shared by every command and query: UTF-8 validation, length limits, Finnish sorting
// (å, ä, ö after z) and accent-insensitive search folding ("aijala" finds "Äijälä").
#pragma once
#include <sqlite3.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vastuu {

bool is_valid_utf8(std::string_view s);
// The byte offset of the first byte that is not part of valid UTF-8 (s.size() when all is valid).
size_t first_invalid_utf8(std::string_view s);

// Number of Unicode code points in valid UTF-8.
size_t utf8_length(std::string_view s);

// Checks a user-given text field. Errors (field = `field`):
//   "text.invalid_utf8"  not valid UTF-8
//   "text.empty"         required and empty after trimming
//   "text.too_long"      more than max_chars code points
//   "text.control_char"  contains a control character (tab and newline allowed only if multiline)
//   "text.noncharacter"  contains one of Unicode's noncharacters (U+FFFE, U+FFFF, U+FDD0..U+FDEF, ...)
Status validate_text(std::string_view value, const char* field, size_t max_chars, bool required,
                     bool multiline = false);

// Trims ASCII and Unicode no-break spaces from both ends.
std::string trim(std::string_view s);

// At most max_chars code points of valid UTF-8, with "…" when something was cut (for messages).
std::string truncate_chars(std::string_view s, size_t max_chars);

// Lower-cases and strips diacritics for search: "Äijälä Oy" -> "aijala oy", "Ångström" -> "angstrom".
std::string fold_for_search(std::string_view utf8);

// Lower case for matching names: ASCII and the Latin-1 capitals (Å, Ä, Ö, Ü, É, ...), so that
// "Pohjoinen" and "POHJOINEN", "Ääni" and "ääni" are one name while "Ääni" and "Aani" stay two.
std::string fold_case(const std::string& s);

// Finnish collation: case-insensitive first, a..z then å, ä, ö (ü sorts as y, æ as ä, ø as ö,
// other accented letters as their base letter). Returns <0, 0, >0.
int compare_finnish(std::string_view a, std::string_view b);

// A byte string whose plain (memcmp) order is the order of compare_finnish: sort 50,000 names by
// their keys instead of calling compare_finnish a million times.
std::string finnish_sort_key(std::string_view s);

// Finnish ranks of texts: rank[i] < rank[j] exactly when compare_finnish(texts[i], texts[j]) < 0,
// equal texts share a rank, and ranks are 0, 1, 2, ... over the distinct texts. A read model sorts
// its rows by these integers. Each distinct text gets one sort key (names repeat: the scale data's
// 50,000 customers have 20,000 names), and the keys are sorted as bytes.
std::vector<uint32_t> finnish_ranks(const std::vector<std::string_view>& texts);

// Registers on a connection: collation "FI" (compare_finnish) and function fold(text).
void register_text_functions(sqlite3* db);

}  // namespace vastuu
