// The string catalogue: every user-visible text, in English and Finnish, looked up by a stable key.
// The catalogue's entries live in assets/i18n/*.inc (engine messages and UI strings); this file is
// the one lookup for both.
#pragma once
#include <initializer_list>
#include <string>

namespace vastuu {

enum class Lang { En, Fi };

// The language of tr(); process-wide, English by default.
void set_language(Lang lang);
Lang language();
const char* language_code(Lang lang);  // "en" / "fi"

// The text of `key` in the current language; falls back to English, then to the key itself.
// The returned pointer is valid for the life of the program.
const char* tr(const char* key);

// tr(key) with "{0}", "{1}", ... replaced by args.
std::string tr_format(const char* key, std::initializer_list<std::string> args);

// tr_format of `key`.one when `count` is 1 and the catalogue has that key, else of `key`: English
// and Finnish both have one singular and one plural form ("1 customer" / "2 customers", "1 asiakas" /
// "2 asiakasta"). The count is not inserted by itself: pass it among `args` where the text wants it.
std::string tr_count(const char* key, long long count, std::initializer_list<std::string> args);

// True when the catalogue has `key` (tests use it to check that every key has both languages).
bool tr_has(const char* key);

// Every key with an empty Finnish or English text; empty when the catalogue is complete.
std::string tr_missing_translations();

}  // namespace vastuu
