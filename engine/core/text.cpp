// Text rules: a hand-written strict UTF-8 decoder, field validation, search folding and the Finnish
// collation. fold_for_search and compare_finnish run once per row in searches and sorts of 50,000
// names, so both walk the bytes with lookup tables and compare_finnish never allocates.
//
// Index:
// [SECTION] UTF-8 decoding
// [SECTION] Character tables (folding, lower case, Finnish weights)
// [SECTION] Validation and trimming
// [SECTION] Search folding
// [SECTION] Finnish collation
// [SECTION] SQLite registration
#include "core/text.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <unordered_map>

#include "core/i18n.h"

namespace vastuu {
namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] UTF-8 decoding
// ---------------------------------------------------------------------------------------------

// Decodes one code point at p (p < end). Returns its byte length, or 0 when the bytes there are not
// valid UTF-8: stray continuation, truncated sequence, overlong form, surrogate, above U+10FFFF.
inline int decode_utf8(const unsigned char* p, const unsigned char* end, uint32_t& cp) {
    unsigned char b0 = p[0];
    if (b0 < 0x80) {
        cp = b0;
        return 1;
    }
    size_t left = static_cast<size_t>(end - p);
    if (b0 < 0xC2) return 0;  // continuation byte, or C0/C1: always overlong
    if (b0 < 0xE0) {
        if (left < 2 || (p[1] & 0xC0) != 0x80) return 0;
        cp = (uint32_t(b0 & 0x1F) << 6) | (p[1] & 0x3F);
        return 2;
    }
    if (b0 < 0xF0) {
        if (left < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
        cp = (uint32_t(b0 & 0x0F) << 12) | (uint32_t(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
        if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
        return 3;
    }
    if (b0 < 0xF5) {
        if (left < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) return 0;
        cp = (uint32_t(b0 & 0x07) << 18) | (uint32_t(p[1] & 0x3F) << 12) | (uint32_t(p[2] & 0x3F) << 6) |
             (p[3] & 0x3F);
        if (cp < 0x10000 || cp > 0x10FFFF) return 0;
        return 4;
    }
    return 0;
}

inline void append_utf8(char*& out, uint32_t cp) {
    if (cp < 0x80) {
        *out++ = static_cast<char>(cp);
    } else if (cp < 0x800) {
        *out++ = static_cast<char>(0xC0 | (cp >> 6));
        *out++ = static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *out++ = static_cast<char>(0xE0 | (cp >> 12));
        *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        *out++ = static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        *out++ = static_cast<char>(0xF0 | (cp >> 18));
        *out++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        *out++ = static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Character tables (folding, lower case, Finnish weights)
// ---------------------------------------------------------------------------------------------

// Base letters of U+00C0..U+017F without diacritics, one string per code point ("" keeps the
// character). Maintenance reminder: kFinnishOverrides below must agree on å, ä, ö, ü, æ, ø.
const char* const kLatinFold[0x180 - 0xC0] = {
    // U+00C0 ÀÁÂÃÄÅÆÇ ÈÉÊË ÌÍÎÏ
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    // U+00D0 ÐÑÒÓÔÕÖ× ØÙÚÛÜÝÞß
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
    // U+00E0 àáâãäåæç èéêë ìíîï
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    // U+00F0 ðñòóôõö÷ øùúûüýþÿ
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
    // U+0100 ĀāĂăĄąĆć ĈĉĊċČčĎď
    "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
    // U+0110 ĐđĒēĔĕĖė ĘęĚěĜĝĞğ
    "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
    // U+0120 ĠġĢģĤĥĦħ ĨĩĪīĬĭĮį
    "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
    // U+0130 İıĲĳĴĵĶķ ĸĹĺĻļĽľĿ
    "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
    // U+0140 ŀŁłŃńŅņŇ ňŉŊŋŌōŎŏ
    "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
    // U+0150 ŐőŒœŔŕŖŗ ŘřŚśŜŝŞş
    "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
    // U+0160 ŠšŢţŤťŦŧ ŨũŪūŬŭŮů
    "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
    // U+0170 ŰűŲųŴŵŶŷ ŸŹźŻżŽžſ
    "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};

// Lower case of the code points this file knows (ASCII, Latin-1, Latin Extended-A, basic Greek and
// Cyrillic); anything else is returned unchanged.
inline uint32_t to_lower(uint32_t cp) {
    if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    if (cp < 0x100) return (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ? cp + 32 : cp;
    if (cp < 0x180) {
        if (cp == 0x130) return 'i';
        if (cp == 0x178) return 0xFF;
        if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177)) return cp | 1;
        if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) return (cp & 1) ? cp + 1 : cp;
        return cp;
    }
    if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) return cp + 32;  // Greek capitals
    if (cp >= 0x410 && cp <= 0x42F) return cp + 32;                  // Cyrillic А..Я
    if (cp >= 0x400 && cp <= 0x40F) return cp + 80;                  // Cyrillic Ѐ..Џ
    return cp;
}

// Finnish primary weights. Punctuation and spaces first (by code point), then digits, then the
// Finnish alphabet a..z, å, ä, ö, then every other code point by value. Bytes of invalid UTF-8
// sort after everything.
constexpr uint32_t kDigitBase = 0x100;
constexpr uint32_t kLetterBase = 0x200;
constexpr uint32_t kLetterAring = kLetterBase + 26;
constexpr uint32_t kLetterAuml = kLetterBase + 27;
constexpr uint32_t kLetterOuml = kLetterBase + 28;
constexpr uint32_t kOtherBase = 0x300;
constexpr uint32_t kInvalidBase = kOtherBase + 0x110000;

inline uint32_t letter_weight(char c) { return kLetterBase + static_cast<uint32_t>(c - 'a'); }

// Up to two primary weights per code point (ß, œ, ĳ and þ expand to two letters).
struct Weights {
    uint32_t first = 0;
    uint32_t second = 0;  // 0: none
};

struct CollationTables {
    uint32_t ascii[128];
    Weights latin[0x180 - 0x80];  // U+0080..U+017F

    CollationTables() {
        for (uint32_t c = 0; c < 128; ++c) {
            if (c >= '0' && c <= '9')
                ascii[c] = kDigitBase + (c - '0');
            else if (c >= 'a' && c <= 'z')
                ascii[c] = letter_weight(static_cast<char>(c));
            else if (c >= 'A' && c <= 'Z')
                ascii[c] = letter_weight(static_cast<char>(c + 32));
            else
                ascii[c] = c;
        }
        for (uint32_t cp = 0x80; cp < 0x180; ++cp) {
            Weights& w = latin[cp - 0x80];
            const char* base = cp >= 0xC0 ? kLatinFold[cp - 0xC0] : "";
            if (base[0] == '\0') {
                w.first = kOtherBase + cp;
            } else {
                w.first = letter_weight(base[0]);
                if (base[1] != '\0') w.second = letter_weight(base[1]);
            }
        }
        // Finnish letters and their Nordic and German equivalents (SFS 4600).
        const struct { uint32_t cp; uint32_t weight; } overrides[] = {
            {0xC5, kLetterAring}, {0xE5, kLetterAring},                    // Å å
            {0xC4, kLetterAuml},  {0xE4, kLetterAuml},                     // Ä ä
            {0xC6, kLetterAuml},  {0xE6, kLetterAuml},                     // Æ æ
            {0xD6, kLetterOuml},  {0xF6, kLetterOuml},                     // Ö ö
            {0xD8, kLetterOuml},  {0xF8, kLetterOuml},                     // Ø ø
            {0xDC, letter_weight('y')}, {0xFC, letter_weight('y')},        // Ü ü
        };
        for (const auto& o : overrides) latin[o.cp - 0x80] = Weights{o.weight, 0};
    }
};

const CollationTables& collation_tables() {
    static const CollationTables tables;
    return tables;
}

// Walks a string as a sequence of primary weights, expanding two-letter characters.
class WeightCursor {
public:
    WeightCursor(std::string_view s, const CollationTables& t)
        : p_(reinterpret_cast<const unsigned char*>(s.data())), end_(p_ + s.size()), t_(t) {}

    // The next weight, or 0 at the end.
    inline uint32_t next() {
        if (pending_) {
            uint32_t w = pending_;
            pending_ = 0;
            return w;
        }
        if (p_ == end_) return 0;
        unsigned char b = *p_;
        if (b < 0x80) {
            ++p_;
            return t_.ascii[b] + 1;  // +1 keeps NUL distinct from the end
        }
        uint32_t cp = 0;
        int n = decode_utf8(p_, end_, cp);
        if (n == 0) {
            ++p_;
            return kInvalidBase + b;
        }
        p_ += n;
        if (cp < 0x180) {
            const Weights& w = t_.latin[cp - 0x80];
            pending_ = w.second ? w.second + 1 : 0;
            return w.first + 1;
        }
        return kOtherBase + to_lower(cp) + 1;
    }

private:
    const unsigned char* p_;
    const unsigned char* end_;
    const CollationTables& t_;
    uint32_t pending_ = 0;
};

// Walks a string code point by code point (invalid bytes as 0x110000 + byte).
class CodePointCursor {
public:
    explicit CodePointCursor(std::string_view s)
        : p_(reinterpret_cast<const unsigned char*>(s.data())), end_(p_ + s.size()) {}
    bool done() const { return p_ == end_; }
    uint32_t next() {
        uint32_t cp = 0;
        int n = decode_utf8(p_, end_, cp);
        if (n == 0) {
            cp = 0x110000u + *p_;
            n = 1;
        }
        p_ += n;
        return cp;
    }

private:
    const unsigned char* p_;
    const unsigned char* end_;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Validation and trimming (helpers)
// ---------------------------------------------------------------------------------------------

inline bool is_control(uint32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

// Unicode's 66 noncharacters (U+FDD0..U+FDEF and the last two code points of every plane): never
// text, and U+FFFE and U+FFFF are not even allowed in XML, so an xlsx holding one is broken.
inline bool is_noncharacter(uint32_t cp) { return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE; }

inline bool is_trimmable(uint32_t cp) {
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0xA0 || cp == 0x2007 || cp == 0x202F ||
           cp == 0xFEFF;
}

// Byte length of the trimmable code point that ends at `end` (0 if none).
size_t trimmable_suffix(const unsigned char* begin, const unsigned char* end) {
    const unsigned char* p = end - 1;
    while (p > begin && (*p & 0xC0) == 0x80 && end - p < 4) --p;  // back to the lead byte
    uint32_t cp = 0;
    int n = decode_utf8(p, end, cp);
    return (n == end - p && is_trimmable(cp)) ? static_cast<size_t>(n) : 0;
}

// The part of `s` that trim() keeps, as a view into `s`.
std::string_view trimmed_range(std::string_view s) {
    const unsigned char* begin = reinterpret_cast<const unsigned char*>(s.data());
    const unsigned char* end = begin + s.size();
    while (begin < end) {
        uint32_t cp = 0;
        int n = decode_utf8(begin, end, cp);
        if (n == 0 || !is_trimmable(cp)) break;
        begin += n;
    }
    while (end > begin) {
        size_t n = trimmable_suffix(begin, end);
        if (n == 0) break;
        end -= n;
    }
    return std::string_view(reinterpret_cast<const char*>(begin), static_cast<size_t>(end - begin));
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Search folding (helpers)
// ---------------------------------------------------------------------------------------------

struct AsciiLower {
    char map[128];
    AsciiLower() {
        for (int c = 0; c < 128; ++c) map[c] = static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
};

// Folds `in` into `out` (replacing its contents). The folded text is never longer than the input:
// every expansion (ß -> ss, æ -> ae) replaces a two-byte sequence, so one resize up front suffices.
void fold_into(std::string& out, std::string_view in) {
    static const AsciiLower lower;
    out.resize(in.size());
    char* o = &out[0];
    const unsigned char* p = reinterpret_cast<const unsigned char*>(in.data());
    const unsigned char* end = p + in.size();
    while (p < end) {
        unsigned char b = *p;
        if (b < 0x80) {
            *o++ = lower.map[b];
            ++p;
            continue;
        }
        uint32_t cp = 0;
        int n = decode_utf8(p, end, cp);
        if (n == 0) {  // invalid bytes are kept as they are: folding never fails
            *o++ = static_cast<char>(b);
            ++p;
            continue;
        }
        p += n;
        if (cp >= 0xC0 && cp < 0x180 && kLatinFold[cp - 0xC0][0] != '\0') {
            for (const char* f = kLatinFold[cp - 0xC0]; *f; ++f) *o++ = *f;
        } else {
            append_utf8(o, to_lower(cp));
        }
    }
    out.resize(static_cast<size_t>(o - out.data()));
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Validation and trimming
// ---------------------------------------------------------------------------------------------

size_t first_invalid_utf8(std::string_view s) {
    const unsigned char* begin = reinterpret_cast<const unsigned char*>(s.data());
    const unsigned char* p = begin;
    const unsigned char* end = p + s.size();
    while (p < end) {
        if (*p < 0x80) {
            ++p;
            continue;
        }
        uint32_t cp = 0;
        int n = decode_utf8(p, end, cp);
        if (n == 0) return static_cast<size_t>(p - begin);
        p += n;
    }
    return s.size();
}

bool is_valid_utf8(std::string_view s) { return first_invalid_utf8(s) == s.size(); }

size_t utf8_length(std::string_view s) {
    // Counts the bytes that start a code point; exact for valid UTF-8.
    size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

Status validate_text(std::string_view value, const char* field, size_t max_chars, bool required,
                     bool multiline) {
    if (!is_valid_utf8(value)) return Error{"text.invalid_utf8", tr("error.text.invalid_utf8"), field};
    // The rest judges what will be stored: callers trim after validating, so a tab or newline
    // pasted at either end is not an error.
    const std::string_view kept = trimmed_range(value);
    if (required && kept.empty()) return Error{"text.empty", tr("error.text.empty"), field};
    const unsigned char* p = reinterpret_cast<const unsigned char*>(kept.data());
    const unsigned char* end = p + kept.size();
    size_t chars = 0;
    bool control = false;
    uint32_t noncharacter = 0;
    while (p < end) {
        uint32_t cp = 0;
        p += decode_utf8(p, end, cp);  // valid: checked above
        ++chars;
        if (is_control(cp) && !(multiline && (cp == '\t' || cp == '\n' || cp == '\r'))) control = true;
        if (!noncharacter && is_noncharacter(cp)) noncharacter = cp;
    }
    if (control) return Error{"text.control_char", tr("error.text.control_char"), field};
    if (noncharacter) {
        char shown[16];
        std::snprintf(shown, sizeof shown, "U+%04X", static_cast<unsigned>(noncharacter));
        return Error{"text.noncharacter", tr_format("error.text.noncharacter", {shown}), field};
    }
    if (chars > max_chars)
        return Error{"text.too_long", tr_format("error.text.too_long", {std::to_string(max_chars)}), field};
    return {};
}

std::string trim(std::string_view s) { return std::string(trimmed_range(s)); }

std::string truncate_chars(std::string_view s, size_t max_chars) {
    size_t i = 0, chars = 0;
    while (i < s.size() && chars < max_chars) {
        ++i;
        while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
        ++chars;
    }
    if (i >= s.size()) return std::string(s);
    return std::string(s.substr(0, i)) + "\u2026";
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Search folding
// ---------------------------------------------------------------------------------------------

std::string fold_for_search(std::string_view utf8) {
    std::string out;
    fold_into(out, utf8);
    return out;
}

std::string fold_case(const std::string& s) {
    std::string out = s;
    for (size_t i = 0; i < out.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(out[i]);
        if (c >= 'A' && c <= 'Z') {
            out[i] = static_cast<char>(c + 32);
        } else if (c == 0xC3 && i + 1 < out.size()) {
            unsigned char n = static_cast<unsigned char>(out[i + 1]);
            if (n >= 0x80 && n <= 0x9E && n != 0x97) out[i + 1] = static_cast<char>(n + 0x20);  // not ×
            ++i;
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Finnish collation
// ---------------------------------------------------------------------------------------------

int compare_finnish(std::string_view a, std::string_view b) {
    // Level 1: letters without case or accents, Finnish alphabet order.
    const CollationTables& t = collation_tables();
    WeightCursor ca(a, t), cb(b, t);
    for (;;) {
        uint32_t wa = ca.next(), wb = cb.next();
        if (wa != wb) return wa < wb ? -1 : 1;
        if (wa == 0) break;
    }
    // Level 2: accents (unaccented first), still ignoring case. Level 3: lower case first.
    for (int level = 2; level <= 3; ++level) {
        CodePointCursor pa(a), pb(b);
        while (!pa.done() && !pb.done()) {
            uint32_t x = pa.next(), y = pb.next();
            uint32_t lx = to_lower(x), ly = to_lower(y);
            if (level == 2 && lx != ly) return lx < ly ? -1 : 1;
            if (level == 3 && x != y) {
                bool upper_x = lx != x, upper_y = ly != y;
                if (upper_x != upper_y) return upper_x ? 1 : -1;
            }
        }
        if (pa.done() != pb.done()) return pa.done() ? -1 : 1;
    }
    // Last: the bytes, so that only identical strings compare equal.
    int c = a.compare(b);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

std::string finnish_sort_key(std::string_view s) {
    // The levels of compare_finnish one after another, each ended by a mark below every value in
    // it, so that a shorter sequence sorts first exactly as there: weights as 4 bytes, lower-cased
    // code points as 3 (at most 0x1100FF + 1), case as 1 byte, then the bytes themselves.
    // Written through a pointer into room for the longest key (push_back per byte was most of the
    // cost in wasm): at most 4 + 3 + 1 + 1 bytes per input byte (two weights come only from a
    // two-byte letter, an invalid byte is one weight), plus the three ends.
    const CollationTables& t = collation_tables();
    std::string key(s.size() * 9 + 8, '\0');
    char* out = &key[0];
    auto put = [&out](uint32_t value, int bytes) {
        for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) *out++ = static_cast<char>(value >> shift);
    };
    WeightCursor weights(s, t);
    for (uint32_t w; (w = weights.next()) != 0;) put(w, 4);
    put(0, 4);
    for (CodePointCursor cp(s); !cp.done();) put(to_lower(cp.next()) + 1, 3);
    put(0, 3);
    for (CodePointCursor cp(s); !cp.done();) {
        uint32_t x = cp.next();
        *out++ = to_lower(x) != x ? 2 : 1;
    }
    *out++ = 0;
    std::memcpy(out, s.data(), s.size());
    out += s.size();
    key.resize(static_cast<size_t>(out - key.data()));
    return key;
}

std::vector<uint32_t> finnish_ranks(const std::vector<std::string_view>& texts) {
    std::unordered_map<std::string_view, uint32_t> distinct;
    distinct.reserve(texts.size());
    std::vector<uint32_t> text_of(texts.size());
    std::vector<std::string> keys;
    for (size_t i = 0; i < texts.size(); ++i) {
        auto [it, added] = distinct.emplace(texts[i], static_cast<uint32_t>(keys.size()));
        if (added) keys.push_back(finnish_sort_key(texts[i]));
        text_of[i] = it->second;
    }
    std::vector<uint32_t> order(keys.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return keys[a] < keys[b]; });
    std::vector<uint32_t> rank_of_text(keys.size());
    for (uint32_t i = 0; i < order.size(); ++i) rank_of_text[order[i]] = i;
    std::vector<uint32_t> rank(texts.size());
    for (size_t i = 0; i < texts.size(); ++i) rank[i] = rank_of_text[text_of[i]];
    return rank;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] SQLite registration
// ---------------------------------------------------------------------------------------------

namespace {

int fi_collation(void*, int len_a, const void* a, int len_b, const void* b) {
    return compare_finnish(std::string_view(static_cast<const char*>(a), static_cast<size_t>(len_a)),
                           std::string_view(static_cast<const char*>(b), static_cast<size_t>(len_b)));
}

void fold_function(sqlite3_context* ctx, int, sqlite3_value** argv) {
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    const unsigned char* text = sqlite3_value_text(argv[0]);
    int bytes = sqlite3_value_bytes(argv[0]);
    if (!text) {
        sqlite3_result_null(ctx);
        return;
    }
    // One buffer reused across rows: a search folds every name once per keystroke.
    static thread_local std::string buffer;
    fold_into(buffer, std::string_view(reinterpret_cast<const char*>(text), static_cast<size_t>(bytes)));
    sqlite3_result_text(ctx, buffer.data(), static_cast<int>(buffer.size()), SQLITE_TRANSIENT);
}

}  // namespace

void register_text_functions(sqlite3* db) {
    sqlite3_create_collation_v2(db, "FI", SQLITE_UTF8, nullptr, fi_collation, nullptr);
    sqlite3_create_function_v2(db, "fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                               fold_function, nullptr, nullptr, nullptr);
}

}  // namespace vastuu
