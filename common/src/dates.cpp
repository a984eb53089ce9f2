#include <fahras/dates.h>

#include <fahras/hijri.h>
#include <fahras/normalize.h>

#include <algorithm>
#include <array>
#include <cstdio>

namespace fahras {

namespace {

// A tiny cursor over ASCII text; every parse step either consumes and
// succeeds or leaves the caller to fail.
struct Cursor {
    std::string_view text;
    std::size_t pos = 0;

    bool done() const { return pos >= text.size(); }
    char peek() const { return done() ? '\0' : text[pos]; }
    bool eat(char c) {
        if (peek() != c) return false;
        ++pos;
        return true;
    }
    void skip_spaces() {
        while (!done() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
    }
    // Exactly @a digits decimal digits.
    bool number(int digits, int& value) {
        value = 0;
        for (int i = 0; i < digits; ++i) {
            const char c = peek();
            if (c < '0' || c > '9') return false;
            value = value * 10 + (c - '0');
            ++pos;
        }
        return true;
    }
    // One or two digits (RFC 2822 days and hours may be unpadded).
    bool small_number(int& value) {
        if (!number(1, value)) return false;
        int second = 0;
        if (peek() >= '0' && peek() <= '9') {
            number(1, second);
            value = value * 10 + second;
        }
        return true;
    }
};

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static constexpr std::array<int, 12> DAYS = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : DAYS[month - 1];
}

bool valid(const DateTime& d) {
    return d.year >= 1 && d.year <= 9999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
           d.day <= days_in_month(d.year, d.month) && d.hour >= 0 && d.hour <= 23 &&
           d.minute >= 0 && d.minute <= 59 && d.second >= 0 && d.second <= 60;
}

// Time zone: Z, ±hh:mm, ±hhmm or ±hh (ISO); ±hhmm or a name (RFC 2822).
// The offset is accepted and not applied: see dates.h.
bool skip_zone(Cursor& c) {
    if (c.eat('Z') || c.eat('z')) return true;
    if (c.peek() == '+' || c.peek() == '-') {
        ++c.pos;
        int hours = 0, minutes = 0;
        if (!c.number(2, hours)) return false;
        c.eat(':');
        if (c.peek() >= '0' && c.peek() <= '9' && !c.number(2, minutes)) return false;
        return hours <= 23 && minutes <= 59;
    }
    // RFC 2822 obsolete zone names (GMT, UT, EST…): letters only.
    const std::size_t start = c.pos;
    while (!c.done() && ((c.peek() >= 'A' && c.peek() <= 'Z') || (c.peek() >= 'a' && c.peek() <= 'z'))) ++c.pos;
    return c.pos > start;
}

bool parse_time(Cursor& c, DateTime& d) {
    if (!c.number(2, d.hour) || !c.eat(':') || !c.number(2, d.minute)) return false;
    if (c.eat(':')) {
        if (!c.number(2, d.second)) return false;
        if (c.eat('.') || c.eat(',')) {  // fractional seconds are dropped
            int digit = 0;
            if (!c.number(1, digit)) return false;
            while (c.peek() >= '0' && c.peek() <= '9') ++c.pos;
        }
    }
    d.has_time = true;
    return true;
}

std::optional<DateTime> parse_iso(std::string_view text) {
    Cursor c{text};
    DateTime d;
    if (!c.number(4, d.year) || !c.eat('-') || !c.number(2, d.month) || !c.eat('-') || !c.number(2, d.day))
        return std::nullopt;
    if (c.eat('T') || c.eat('t') || c.eat(' ')) {
        if (!parse_time(c, d)) return std::nullopt;
        c.skip_spaces();
        if (!c.done() && !skip_zone(c)) return std::nullopt;
    }
    c.skip_spaces();
    if (!c.done() || !valid(d)) return std::nullopt;
    return d;
}

int month_from_name(std::string_view name) {
    static constexpr std::array<std::string_view, 12> NAMES = {"jan", "feb", "mar", "apr", "may", "jun",
                                                               "jul", "aug", "sep", "oct", "nov", "dec"};
    if (name.size() != 3) return 0;
    std::string lower;
    for (char ch : name) lower += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch + 32) : ch;
    for (std::size_t i = 0; i < NAMES.size(); ++i)
        if (lower == NAMES[i]) return static_cast<int>(i) + 1;
    return 0;
}

// RFC 2822: [Day, ] D Mon YYYY hh:mm[:ss] zone
std::optional<DateTime> parse_rfc2822(std::string_view text) {
    Cursor c{text};
    DateTime d;
    c.skip_spaces();
    // Optional day-of-week: three letters and a comma.
    if (text.size() > c.pos + 3 && text[c.pos + 3] == ',') c.pos += 4;
    c.skip_spaces();
    if (!c.small_number(d.day)) return std::nullopt;
    c.skip_spaces();
    if (c.pos + 3 > text.size()) return std::nullopt;
    d.month = month_from_name(text.substr(c.pos, 3));
    if (d.month == 0) return std::nullopt;
    c.pos += 3;
    c.skip_spaces();
    if (!c.number(4, d.year)) return std::nullopt;
    c.skip_spaces();
    if (!c.done()) {
        if (!parse_time(c, d)) return std::nullopt;
        c.skip_spaces();
        if (!c.done() && !skip_zone(c)) return std::nullopt;
        c.skip_spaces();
    }
    if (!c.done() || !valid(d)) return std::nullopt;
    return d;
}

std::string format(const char* pattern, int a, int b, int c, int d = 0, int e = 0, int f = 0) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, pattern, a, b, c, d, e, f);
    return buffer;
}

// A bound as typed: the year, and the month and the day when given.
struct BoundParts {
    int year = 0, month = 0, day = 0;
    bool has_month = false, has_day = false;
};

// YYYY[-MM[-DD]]; a Hijri bound may also join its parts with '/' and
// write its month and day with one digit (1436/9/5), as Arabic writers do.
std::optional<BoundParts> bound_parts(std::string_view text, bool hijri) {
    Cursor c{text};
    BoundParts parts;
    if (!c.number(4, parts.year)) return std::nullopt;
    const char separator = c.peek();
    if (separator == '-' || (hijri && separator == '/')) {
        ++c.pos;
        auto part = [&](int& value) { return hijri ? c.small_number(value) : c.number(2, value); };
        if (!part(parts.month)) return std::nullopt;
        parts.has_month = true;
        if (c.eat(separator)) {
            if (!part(parts.day)) return std::nullopt;
            parts.has_day = true;
        }
    }
    if (!c.done()) return std::nullopt;
    return parts;
}

// Takes the Hijri marker off the end of @a text (h, H or ه: هـ without its
// tatweel) and the spaces before it; true when there was one.
bool take_hijri_marker(std::string& text) {
    constexpr std::string_view HEH = "\u0647";
    if (!text.empty() && (text.back() == 'h' || text.back() == 'H'))
        text.pop_back();
    else if (text.size() >= HEH.size() && text.compare(text.size() - HEH.size(), HEH.size(), HEH) == 0)
        text.resize(text.size() - HEH.size());
    else
        return false;
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
    return true;
}

std::string value_date(int year, int month, int day) { return format("%04d%02d%02d", year, month, day); }

DateBound problem(std::string what, bool hijri) {
    DateBound bound;
    bound.problem = std::move(what);
    bound.hijri = hijri;
    return bound;
}

DateBound gregorian_bound(const BoundParts& parts, bool is_end) {
    static constexpr std::array<std::string_view, 12> NAMES = {"January", "February", "March",     "April",
                                                               "May",     "June",     "July",      "August",
                                                               "September", "October", "November", "December"};
    if (parts.year < 1) return problem("there is no year 0", false);
    if (parts.has_month && (parts.month < 1 || parts.month > 12))
        return problem("there is no month " + std::to_string(parts.month) + " (months go from 1 to 12)", false);
    const int month = parts.has_month ? parts.month : (is_end ? 12 : 1);
    const int days = days_in_month(parts.year, month);
    if (parts.has_day && parts.day < 1) return problem("there is no day 0", false);
    if (parts.day > days)
        return problem(std::string(NAMES[month - 1]) + " " + std::to_string(parts.year) + " has " +
                           std::to_string(days) + " days",
                       false);
    DateBound bound;
    bound.day = value_date(parts.year, month, parts.has_day ? parts.day : (is_end ? days : 1));
    return bound;
}

DateBound hijri_bound(const BoundParts& parts, bool is_end) {
    if (parts.year < HIJRI_FIRST_YEAR || parts.year > HIJRI_LAST_YEAR)
        return problem("Hijri year " + std::to_string(parts.year) + " is outside the Umm al-Qura calendar (years " +
                           std::to_string(HIJRI_FIRST_YEAR) + " to " + std::to_string(HIJRI_LAST_YEAR) + ")",
                       true);
    if (parts.has_month && (parts.month < 1 || parts.month > 12))
        return problem("there is no Hijri month " + std::to_string(parts.month) + " (months go from 1 to 12)", true);
    const int month = parts.has_month ? parts.month : (is_end ? 12 : 1);
    const int days = hijri_month_days(parts.year, month);
    if (parts.has_day && parts.day < 1) return problem("there is no day 0", true);
    if (parts.day > days)
        return problem(std::string(hijri_month_name(month)) + " " + std::to_string(parts.year) + " has " +
                           std::to_string(days) + " days in the Umm al-Qura calendar",
                       true);
    const auto day = hijri_to_gregorian({parts.year, month, parts.has_day ? parts.day : (is_end ? days : 1)});
    if (!day) return problem("", true);  // not reached: every part was checked
    DateBound bound;
    bound.day = value_date(day->year, day->month, day->day);
    bound.hijri = true;
    return bound;
}

}  // namespace

std::string DateTime::value_date() const { return format("%04d%02d%02d", year, month, day); }

std::string DateTime::timestamp() const {
    return format("%04d%02d%02d%02d%02d%02d", year, month, day, hour, minute, second);
}

std::string DateTime::iso() const {
    if (!has_time) return format("%04d-%02d-%02d", year, month, day);
    return format("%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour, minute, second);
}

std::optional<DateTime> parse_date(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    if (text.empty()) return std::nullopt;
    if (auto iso = parse_iso(text)) return iso;
    return parse_rfc2822(text);
}

DateBound read_date_bound(std::string_view text, bool is_end) {
    // Normalized as a query is: هـ is ه once its tatweel is gone, ١٤٣٦ is
    // 1436, ھ is ه, H is h, and the marks a pasted date brings (RLM) go.
    std::string folded = normalize_text(text, TextRole::query);
    while (!folded.empty() && (folded.back() == ' ' || folded.back() == '\t')) folded.pop_back();
    const std::size_t start = std::min(folded.find_first_not_of(" \t"), folded.size());
    folded.erase(0, start);
    const bool hijri = take_hijri_marker(folded);
    const auto parts = bound_parts(folded, hijri);
    if (!parts) {
        DateBound none;
        none.hijri = hijri;
        return none;
    }
    return hijri ? hijri_bound(*parts, is_end) : gregorian_bound(*parts, is_end);
}

std::optional<std::string> parse_date_bound(std::string_view text, bool is_end) {
    DateBound bound = read_date_bound(text, is_end);
    if (bound.day.empty()) return std::nullopt;
    return std::move(bound.day);
}

}  // namespace fahras
