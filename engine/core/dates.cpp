// Calendar days (dates.h): the valid range, reading and writing, day arithmetic.
//
// Index of this file:
// [SECTION] The rule
// [SECTION] Reading ISO and display forms
// [SECTION] Writing
// [SECTION] Day arithmetic
#include "core/dates.h"

#include <cstdio>

namespace vastuu {

// ---------------------------------------------------------------------------------------------
// [SECTION] The rule
// ---------------------------------------------------------------------------------------------

int days_in_month(int year, int month) {
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

bool is_valid_date(int year, int month, int day) {
    if (day < 1 || day > days_in_month(year, month)) return false;
    const Date d{year, month, day};
    return !(d < kFirstDate) && !(kLastDate < d);
}

namespace {

Error date_error(const char* code, std::string message, std::string_view field) {
    if (!field.empty()) message = tr_format("error.date.at", {std::string(field), message});
    return Error{code, std::move(message), std::string(field)};
}

Error out_of_range(const std::string& value, std::string_view field) {
    return date_error("date.out_of_range",
                      tr_format("error.date.out_of_range",
                                {value, format_display(kFirstDate, language()), format_display(kLastDate, language())}),
                      field);
}

// The checks after the form: month, range, day of that month. `shown` is the text as given.
Result<Date> checked(int y, int m, int d, std::string_view shown, std::string_view field) {
    const std::string value(shown);
    if (m < 1 || m > 12)
        return date_error("date.bad_month", tr_format("error.date.bad_month", {value, std::to_string(m)}), field);
    // The range before the day: 0000-02-30 is outside the range rather than "no such day".
    if (y < kFirstDate.year || y > kLastDate.year) return out_of_range(value, field);
    if (d < 1 || d > days_in_month(y, m))
        return date_error("date.bad_day",
                          tr_format("error.date.bad_day", {value, std::to_string(m), std::to_string(y),
                                                           std::to_string(days_in_month(y, m))}),
                          field);
    if (!is_valid_date(y, m, d)) return out_of_range(value, field);  // should the range stop inside a year
    return Date{y, m, d};
}

std::string iso_text(Date d) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

bool digit(char c) { return c >= '0' && c <= '9'; }

// The number in s[at, at + len) when it is all digits; -1 otherwise.
int digits(std::string_view s, size_t at, size_t len) {
    if (at + len > s.size() || len == 0) return -1;
    int v = 0;
    for (size_t i = at; i < at + len; ++i) {
        if (!digit(s[i])) return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool iso_form(std::string_view s, int& y, int& m, int& d) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    y = digits(s, 0, 4), m = digits(s, 5, 2), d = digits(s, 8, 2);
    return y >= 0 && m >= 0 && d >= 0;
}

// "D.M.YYYY", "D.M." or "D.M" (day and month of one or two digits); year 0 when it has none.
bool dotted_form(std::string_view s, int& y, int& m, int& d) {
    size_t dot1 = s.find('.');
    if (dot1 == std::string_view::npos || dot1 == 0 || dot1 > 2) return false;
    size_t dot2 = s.find('.', dot1 + 1);
    size_t month_end = dot2 == std::string_view::npos ? s.size() : dot2;
    if (month_end - dot1 - 1 == 0 || month_end - dot1 - 1 > 2) return false;
    d = digits(s, 0, dot1);
    m = digits(s, dot1 + 1, month_end - dot1 - 1);
    y = 0;
    if (dot2 != std::string_view::npos && dot2 + 1 < s.size()) {
        if (s.size() - dot2 - 1 != 4) return false;
        y = digits(s, dot2 + 1, 4);
    }
    return d >= 0 && m >= 0 && y >= 0;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Reading ISO and display forms
// ---------------------------------------------------------------------------------------------

Result<Date> parse_iso_date(std::string_view text, std::string_view field) {
    int y = 0, m = 0, d = 0;
    if (!iso_form(text, y, m, d))
        return date_error("date.bad_format",
                          tr_format("error.date.bad_format", {std::string(text.substr(0, 40)), tr("date.form.iso")}),
                          field);
    return checked(y, m, d, text, field);
}

bool is_iso_date(std::string_view text) {
    int y = 0, m = 0, d = 0;
    return iso_form(text, y, m, d) && is_valid_date(y, m, d);
}

Result<Date> parse_display(std::string_view text, Lang lang, int current_year, std::string_view field) {
    const std::string_view s = trimmed(text);
    int y = 0, m = 0, d = 0;
    if (iso_form(s, y, m, d)) return checked(y, m, d, s, field);
    if (dotted_form(s, y, m, d) && (y != 0 || current_year > 0))
        return checked(y != 0 ? y : current_year, m, d, s, field);
    const char* form = lang == Lang::Fi ? "date.form.display_fi" : "date.form.display_en";
    return date_error("date.bad_format", tr_format("error.date.bad_format", {std::string(s.substr(0, 40)), tr(form)}),
                      field);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Writing
// ---------------------------------------------------------------------------------------------

std::string format_iso(Date date) { return date ? iso_text(date) : std::string(); }

std::string format_logged_time(std::string_view at) {
    if (at.size() < 16 || at[10] != 'T' || at[13] != ':') return std::string(at);
    return std::string(at.substr(0, 10)) + " " + std::string(at.substr(11, 5)) + " UTC";
}

std::string format_display(Date date, Lang lang) {
    if (!date) return std::string();
    if (lang == Lang::En) return format_iso(date);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%d.%d.%d", date.day, date.month, date.year);
    return buf;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Day arithmetic
// ---------------------------------------------------------------------------------------------

int32_t days_from_civil(Date date) {
    const int64_t y = date.year - (date.month <= 2);
    const int64_t m = date.month;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + date.day - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<int32_t>(era * 146097 + doe - 719468);
}

Date civil_from_days(int32_t days) {
    const int64_t z = int64_t(days) + 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    const int y = static_cast<int>(yoe + era * 400 + (m <= 2));
    return Date{y, m, d};
}

int32_t days_between(Date from, Date to) { return days_from_civil(to) - days_from_civil(from); }

Date add_days(Date date, int32_t days) { return civil_from_days(days_from_civil(date) + days); }

std::optional<int32_t> day_number(std::string_view iso) {
    int y = 0, m = 0, d = 0;
    if (!iso_form(iso, y, m, d) || !is_valid_date(y, m, d)) return std::nullopt;
    return days_from_civil(Date{y, m, d});
}

std::string iso_day(int32_t day) { return iso_text(civil_from_days(day)); }

}  // namespace vastuu
