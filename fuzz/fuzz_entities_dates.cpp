// Fuzz target: HTML character references and dates, the two small parsers
// every JSON field goes through.
//
// Properties: decode_html_entities() never throws, returns valid UTF-8 for
// valid UTF-8, never grows the text, and leaves text without '&' alone;
// parse_date() accepts only real calendar dates and times, whose ISO form
// reads back as the same date; parse_date_bound() gives a real YYYYMMDD day,
// the first no later than the last.
#include "fuzz_support.h"

#include <fahras/dates.h>
#include <fahras/html_entities.h>
#include <fahras/utf8.h>

using namespace fahras;
using fahras::fuzz::escaped;

namespace {

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

bool real_date(int year, int month, int day) {
    static constexpr int DAYS[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
    return day <= DAYS[month - 1] + (month == 2 && is_leap(year) ? 1 : 0);
}

bool same(const DateTime& a, const DateTime& b) {
    return a.year == b.year && a.month == b.month && a.day == b.day && a.hour == b.hour && a.minute == b.minute &&
           a.second == b.second && a.has_time == b.has_time;
}

// "YYYYMMDD" of a real day.
bool real_day(const std::string& value) {
    if (value.size() != 8) return false;
    for (char c : value)
        if (c < '0' || c > '9') return false;
    return real_date(std::stoi(value.substr(0, 4)), std::stoi(value.substr(4, 2)), std::stoi(value.substr(6, 2)));
}

void check_entities(std::string_view text) {
    const std::string context = "text: " + escaped(text);
    const std::string decoded = decode_html_entities(text);
    if (utf8::is_valid(text)) FUZZ_REQUIRE(utf8::is_valid(decoded), "decoded " + escaped(decoded) + "; " + context);
    FUZZ_REQUIRE(decoded.size() <= text.size(), "decoded " + escaped(decoded) + "; " + context);
    if (text.find('&') == std::string_view::npos) FUZZ_REQUIRE(decoded == text, context);
    // No reference decodes to NUL: a C string or a terminal would cut there.
    if (text.find('\0') == std::string_view::npos)
        FUZZ_REQUIRE(decoded.find('\0') == std::string::npos, "decoded " + escaped(decoded) + "; " + context);
}

void check_date(std::string_view text) {
    const std::string context = "date: " + escaped(text);
    if (const auto date = parse_date(text)) {
        const DateTime& d = *date;
        FUZZ_REQUIRE(real_date(d.year, d.month, d.day), d.iso() + "; " + context);
        FUZZ_REQUIRE(d.hour >= 0 && d.hour <= 23 && d.minute >= 0 && d.minute <= 59 && d.second >= 0 && d.second <= 60,
                     d.iso() + "; " + context);
        FUZZ_REQUIRE(d.has_time || (d.hour == 0 && d.minute == 0 && d.second == 0), d.iso() + "; " + context);
        FUZZ_REQUIRE(real_day(d.value_date()), d.value_date() + "; " + context);
        FUZZ_REQUIRE(d.timestamp().size() == 14 && d.timestamp().compare(0, 8, d.value_date()) == 0, context);
        const auto again = parse_date(d.iso());
        FUZZ_REQUIRE(again && same(*again, d), "the ISO form " + d.iso() + " reads back; " + context);
    }
    const auto first = parse_date_bound(text, false);
    const auto last = parse_date_bound(text, true);
    FUZZ_REQUIRE(first.has_value() == last.has_value(), context);
    if (first) {
        FUZZ_REQUIRE(real_day(*first) && real_day(*last), *first + ".." + *last + "; " + context);
        FUZZ_REQUIRE(*first <= *last, *first + ".." + *last + "; " + context);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::as_text(data, size);
    check_entities(text);
    check_date(text);
    // As the JSON reader does: a date field's references are decoded first.
    check_date(decode_html_entities(text));
    return 0;
}
