// Calendar days: the one owner of the valid date range, of reading and writing dates (ISO
// "YYYY-MM-DD" in the database, commands and files; the user's language on screen) and of day
// arithmetic. Commands, importers, read models and exports all ask this file. Whole days only: no
// time of day, no time zone.
//
// THE VALID RANGE: 1900-01-01 … 9999-12-31, both included. A firm's customer records do not reach
// back further, 1900-01-01 is Excel's first date (so every valid date exports as a real date cell),
// and a four-digit year ends at 9999. Year 0000, any day before 1900 and any day that does not exist
// (2026-02-29, 2026-04-31) are refused everywhere with the same error.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/i18n.h"
#include "core/result.h"

namespace vastuu {

// A calendar day. Every Date made by the functions here is valid (inside the range, a real day);
// Date{} (all zero) is "no date".
struct Date {
    int year = 0, month = 0, day = 0;
    explicit operator bool() const { return year != 0; }
};
inline bool operator==(Date a, Date b) { return a.year == b.year && a.month == b.month && a.day == b.day; }
inline bool operator!=(Date a, Date b) { return !(a == b); }
inline bool operator<(Date a, Date b) {
    return a.year != b.year ? a.year < b.year : a.month != b.month ? a.month < b.month : a.day < b.day;
}

constexpr Date kFirstDate{1900, 1, 1};
constexpr Date kLastDate{9999, 12, 31};

// [SECTION] Validating and reading
// The days of a month (28 to 31); 0 for a month outside 1..12.
int days_in_month(int year, int month);
// The one rule: a real day inside kFirstDate … kLastDate.
bool is_valid_date(int year, int month, int day);

// Reads ISO "YYYY-MM-DD" (exactly that: four-digit year, two-digit month and day). Errors, each
// message naming `field` (when given), the value and what is allowed:
//   "date.bad_format"    not YYYY-MM-DD
//   "date.bad_month"     a month outside 01..12
//   "date.bad_day"       no such day in that month ("2026-02-29")
//   "date.out_of_range"  before 1900-01-01 (year 0000 too) or after 9999-12-31
// Callers whose own code is stable (responsibility.bad_date, import.bad_value) keep their code and
// take this message.
Result<Date> parse_iso_date(std::string_view text, std::string_view field = {});
// The same as a yes/no: "YYYY-MM-DD" naming a valid day.
bool is_iso_date(std::string_view text);

// [SECTION] Writing
std::string format_iso(Date date);  // "2026-12-31"

// A logged moment ("2026-12-02T10:03:00Z", the change log's and sync log's `at`) as messages show
// it, in UTC as the cards and the Changes view do: "2026-12-02 10:03 UTC". Text of another form
// comes back as it is.
std::string format_logged_time(std::string_view at);

// [SECTION] Dates as people read and type them
// A date on screen: Finnish "31.12.2026" (day and month without leading zeros: "1.7.2026"),
// English ISO "2026-12-31". Date{} is "".
std::string format_display(Date date, Lang lang);
// What a person typed, in either language: ISO "2026-12-31", "31.12.2026" (day and month of one or
// two digits), or "31.12." / "31.12" of `current_year` (the caller's today; 0 refuses a date without
// a year, as the CSV reader does). Spaces around are ignored. Errors as parse_iso_date(); the format
// error names the form of `lang` ("D.M.YYYY" in Finnish, "YYYY-MM-DD" in English).
Result<Date> parse_display(std::string_view text, Lang lang, int current_year, std::string_view field = {});

// [SECTION] Day arithmetic (H. Hinnant's civil-date algorithms: integer-only and exact)
// Days since 1970-01-01 (negative before it), and back. civil_from_days() of any int32 is a
// calendar day, valid or not: check is_valid_date() where it matters.
int32_t days_from_civil(Date date);
Date civil_from_days(int32_t days);
int32_t days_between(Date from, Date to);  // to - from: 1 from a day to the next
Date add_days(Date date, int32_t days);    // may leave the valid range: check it where it matters

// Day numbers straight from text, for read models that keep days as integers: the day number of a
// valid ISO date, else nullopt; and its inverse ("YYYY-MM-DD").
std::optional<int32_t> day_number(std::string_view iso);
std::string iso_day(int32_t day);

}  // namespace vastuu
