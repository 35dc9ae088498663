// Calendar days (core/dates.h): one valid range, 1900-01-01 … 9999-12-31; reading ISO and what people
// type; Finnish and English display; day arithmetic; and every place that takes a date — commands,
// both importers, the persons model, the xlsx export — keeping that one rule.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/dates.h"
#include "core/engine.h"
#include "core/i18n.h"
#include "io/csv_reader.h"
#include "io/json_reader.h"
#include "engine_harness.h"

using namespace vastuu;
using namespace vastuu_test;
using nlohmann::json;

namespace {

std::string code_of(const Result<Date>& r) { return r.ok() ? std::string("ok") : r.error().code; }

// Restores the process language at the end of a test that switches it.
struct LanguageGuard {
    Lang before = language();
    ~LanguageGuard() { set_language(before); }
};

}  // namespace

// [SECTION] The range

TEST_CASE("the valid range is 1900-01-01 to 9999-12-31, both included") {
    CHECK(is_iso_date("1900-01-01"));
    CHECK(is_iso_date("9999-12-31"));
    CHECK(is_iso_date("2026-12-31"));
    CHECK_FALSE(is_iso_date("1899-12-31"));
    CHECK_FALSE(is_iso_date("1850-06-01"));
    CHECK_FALSE(is_iso_date("0000-01-01"));
    CHECK(code_of(parse_iso_date("1899-12-31")) == "date.out_of_range");
    CHECK(code_of(parse_iso_date("0000-01-01")) == "date.out_of_range");
    CHECK(code_of(parse_iso_date("0000-02-30")) == "date.out_of_range");  // the range before the day
    CHECK(kFirstDate == Date{1900, 1, 1});
    CHECK(kLastDate == Date{9999, 12, 31});
    CHECK(is_valid_date(1900, 1, 1));
    CHECK_FALSE(is_valid_date(1899, 12, 31));
}

TEST_CASE("a day that does not exist is refused: month, day of the month, leap years") {
    CHECK(code_of(parse_iso_date("2026-13-01")) == "date.bad_month");
    CHECK(code_of(parse_iso_date("2026-00-10")) == "date.bad_month");
    CHECK(code_of(parse_iso_date("2026-02-29")) == "date.bad_day");
    CHECK(code_of(parse_iso_date("2026-04-31")) == "date.bad_day");
    CHECK(code_of(parse_iso_date("2026-01-00")) == "date.bad_day");
    CHECK(code_of(parse_iso_date("1900-02-29")) == "date.bad_day");  // 1900 is not a leap year
    CHECK(code_of(parse_iso_date("2000-02-29")) == "ok");            // 2000 is
    CHECK(code_of(parse_iso_date("2024-02-29")) == "ok");
    CHECK(days_in_month(2024, 2) == 29);
    CHECK(days_in_month(2100, 2) == 28);
    CHECK(days_in_month(2026, 13) == 0);
}

TEST_CASE("ISO means exactly YYYY-MM-DD") {
    for (const char* bad : {"", "2026-1-01", "2026-01-1", "26-01-01", "2026/01/01", "2026-01-01x", " 2026-01-01",
                            "31.12.2026", "2026-0a-01", "+026-01-01"}) {
        CAPTURE(bad);
        CHECK(code_of(parse_iso_date(bad)) == "date.bad_format");
    }
    auto d = parse_iso_date("2026-07-01");
    REQUIRE(d.ok());
    CHECK(d.value() == Date{2026, 7, 1});
    CHECK(format_iso(d.value()) == "2026-07-01");
    CHECK(format_iso(Date{}) == "");
}

TEST_CASE("a bad date's message names the field, the value and what is allowed") {
    LanguageGuard guard;
    set_language(Lang::En);
    auto range = parse_iso_date("1850-06-01", "valid_from");
    REQUIRE_FALSE(range.ok());
    CHECK(range.error().field == "valid_from");
    CHECK(range.error().message == "valid_from: \"1850-06-01\" is outside the dates allowed, 1900-01-01 to 9999-12-31.");
    CHECK(parse_iso_date("2026-02-30", "valid_to").error().message ==
          "valid_to: \"2026-02-30\" is not a date: month 2 of 2026 has 28 days.");
    CHECK(parse_iso_date("2026-13-01").error().message == "\"2026-13-01\" is not a date: there is no month 13 (months are 1 to 12).");
    CHECK(parse_iso_date("1.7.2026").error().message == "\"1.7.2026\" is not a date: write it as YYYY-MM-DD.");
    set_language(Lang::Fi);
    CHECK(parse_iso_date("1850-06-01", "valid_from").error().message ==
          "valid_from: \"1850-06-01\" on sallittujen päivien ulkopuolella (1.1.1900–31.12.9999).");
    CHECK(parse_display("1.7.", Lang::Fi, 0).error().message ==
          "\"1.7.\" ei ole päivämäärä: kirjoita se muodossa P.K.VVVV tai VVVV-KK-PP.");
}

// [SECTION] Display

TEST_CASE("Finnish shows 31.12.2026 (no leading zeros), English keeps ISO") {
    CHECK(format_display(Date{2026, 12, 31}, Lang::Fi) == "31.12.2026");
    CHECK(format_display(Date{2026, 7, 1}, Lang::Fi) == "1.7.2026");
    CHECK(format_display(Date{2026, 12, 31}, Lang::En) == "2026-12-31");
    CHECK(format_display(Date{2026, 7, 1}, Lang::En) == "2026-07-01");
    CHECK(format_display(Date{}, Lang::Fi) == "");
    CHECK(format_display(Date{}, Lang::En) == "");
}

TEST_CASE("what people type: ISO, D.M.YYYY, and D.M. of the current year, in either language") {
    for (Lang lang : {Lang::Fi, Lang::En}) {
        CAPTURE(language_code(lang));
        CHECK(parse_display("31.12.2026", lang, 2026).value() == Date{2026, 12, 31});
        CHECK(parse_display("2026-12-31", lang, 2026).value() == Date{2026, 12, 31});
        CHECK(parse_display("31.12.", lang, 2027).value() == Date{2027, 12, 31});
        CHECK(parse_display("1.7", lang, 2027).value() == Date{2027, 7, 1});
        CHECK(parse_display("01.07.2026", lang, 0).value() == Date{2026, 7, 1});
        CHECK(parse_display("  1.7.2026 ", lang, 0).value() == Date{2026, 7, 1});
        CHECK(code_of(parse_display("31.12.", lang, 0)) == "date.bad_format");  // no year to take
        CHECK(code_of(parse_display("31.12.26", lang, 2026)) == "date.bad_format");
        CHECK(code_of(parse_display("1.2.3.4", lang, 2026)) == "date.bad_format");
        CHECK(code_of(parse_display(".12.2026", lang, 2026)) == "date.bad_format");
        CHECK(code_of(parse_display("123.1.2026", lang, 2026)) == "date.bad_format");
        CHECK(code_of(parse_display("", lang, 2026)) == "date.bad_format");
        CHECK(code_of(parse_display("32.1.2026", lang, 0)) == "date.bad_day");
        CHECK(code_of(parse_display("29.2.", lang, 2026)) == "date.bad_day");
        CHECK(code_of(parse_display("29.2.", lang, 2028)) == "ok");
        CHECK(code_of(parse_display("1.13.2026", lang, 0)) == "date.bad_month");
        CHECK(code_of(parse_display("31.12.1899", lang, 0)) == "date.out_of_range");
        CHECK(code_of(parse_display("1.1.", lang, 1899)) == "date.out_of_range");
    }
    auto with_field = parse_display("x", Lang::En, 2026, "as_of");
    CHECK(with_field.error().field == "as_of");
}

TEST_CASE("what format_display shows, parse_display reads back, in both languages") {
    int days = 0, wrong = 0;
    for (int32_t day = days_from_civil(kFirstDate); day <= days_from_civil(kLastDate); day += 997, ++days) {
        const Date d = civil_from_days(day);
        for (Lang lang : {Lang::Fi, Lang::En}) {
            auto back = parse_display(format_display(d, lang), lang, 0);
            if (!back.ok() || back.value() != d) {
                ++wrong;
                FAIL_CHECK(format_display(d, lang));
            }
        }
    }
    CHECK(days > 2900);
    CHECK(wrong == 0);
}

// [SECTION] Day arithmetic

TEST_CASE("days count from 1970-01-01 and cross month, year and leap-day boundaries") {
    CHECK(days_from_civil(Date{1970, 1, 1}) == 0);
    CHECK(days_from_civil(Date{1969, 12, 31}) == -1);
    CHECK(days_from_civil(Date{2000, 3, 1}) == 11017);
    CHECK(days_between(Date{2024, 2, 28}, Date{2024, 3, 1}) == 2);
    CHECK(days_between(Date{2026, 2, 28}, Date{2026, 3, 1}) == 1);
    CHECK(days_between(Date{2026, 12, 31}, Date{2026, 1, 1}) == -364);
    CHECK(add_days(Date{2025, 12, 31}, 1) == Date{2026, 1, 1});
    CHECK(add_days(Date{2024, 3, 1}, -1) == Date{2024, 2, 29});
    CHECK(add_days(Date{1900, 3, 1}, -1) == Date{1900, 2, 28});
    CHECK(add_days(Date{2026, 1, 31}, 30) == Date{2026, 3, 2});
    CHECK(add_days(kFirstDate, -1) == Date{1899, 12, 31});  // arithmetic may leave the range
    CHECK_FALSE(is_valid_date(1899, 12, 31));
}

TEST_CASE("civil_from_days inverts days_from_civil over the whole valid range") {
    int32_t previous = days_from_civil(kFirstDate) - 1;
    int days = 0, wrong = 0;
    for (Date d = kFirstDate; !(kLastDate < d); d = add_days(d, 1 + d.day % 37), ++days) {
        const int32_t n = days_from_civil(d);
        const bool ok = n > previous && civil_from_days(n) == d && is_valid_date(d.year, d.month, d.day) &&
                        day_number(format_iso(d)) == n && iso_day(n) == format_iso(d);
        if (!ok) {
            ++wrong;
            FAIL_CHECK(format_iso(d));
        }
        previous = n;
    }
    CHECK(days > 150000);
    CHECK(wrong == 0);
}

// [SECTION] One rule everywhere

TEST_CASE("commands, both importers, the persons model and the xlsx export accept exactly the same dates") {
    auto e = open_memory();
    const int64_t customer = id_of(*e, {{"cmd", "customer.create"}, {"name", "Päivä Oy"}});
    const int64_t employee = id_of(*e, {{"cmd", "employee.create"}, {"name", "Pia Päivä"}, {"email", "pia@x.fi"}});
    const int64_t responsibility =
        id_of(*e, {{"cmd", "responsibility.toggle"}, {"employee_id", employee}, {"customer_id", customer}});
    const int64_t number = e->get_customer(CustomerId(customer))->number;
    for (const char* text : {"1900-01-01", "9999-12-31", "2024-02-29", "1899-12-31", "1850-06-01", "0000-01-01",
                             "2026-02-29", "2026-13-01", "2026-1-1", "10000-01-01"}) {
        CAPTURE(text);
        const bool valid = is_iso_date(text);
        CHECK(valid == parse_iso_date(text).ok());
        CHECK(valid == day_number(text).has_value());
        // The command: responsibility.update takes the day or refuses it with its own code.
        auto updated = e->execute({{"cmd", "responsibility.update"}, {"id", responsibility}, {"valid_from", text}});
        CHECK(updated.ok() == valid);
        if (!updated.ok()) CHECK(updated.error().code == "responsibility.bad_date");
        // The CSV reader (which also reads D.M.YYYY) and the JSON reader.
        auto csv = parse_csv("customer;employee;from\n" + std::to_string(number) + ";pia@x.fi;" + text + "\n",
                             ImportKind::Responsibilities);
        REQUIRE(csv.ok());
        CHECK(csv->errors.empty() == valid);
        json doc{{"format", "vastuu-dataset"}, {"version", 1},
                 {"tables", {{"employee", {{{"id", 1}, {"name", "P"}, {"email", "p@x.fi"}}}},
                             {"customer", {{{"id", 1}, {"number", 1}, {"name", "C"}}}},
                             {"responsibility", {{{"id", 1}, {"customer_id", 1}, {"employee_id", 1}, {"valid_from", text}}}}}}};
        auto plan = read_dataset_document(doc);
        REQUIRE(plan.ok());
        CHECK(plan->errors.empty() == valid);
        if (!valid && !plan->errors.empty() && std::string(text).size() <= 10)
            CHECK(plan->errors.front().code == "import.bad_value");
    }
    // The replace tool's day must leave a valid day before it: X's rows end there.
    auto first = e->execute({{"cmd", "responsibility.replace"}, {"from_employee_id", employee}, {"to_employee_id", employee},
                             {"from_date", "1900-01-01"}, {"preview", true}});
    REQUIRE_FALSE(first.ok());
    CHECK(first.error().code == "responsibility.bad_date");
    CHECK(first.error().field == "from_date");
}
