#include <fahras/dates.h>

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

std::optional<std::string> parse_date_bound(std::string_view text, bool is_end) {
    Cursor c{text};
    DateTime d;
    d.month = is_end ? 12 : 1;
    if (!c.number(4, d.year)) return std::nullopt;
    bool has_day = false;
    if (c.eat('-')) {
        if (!c.number(2, d.month)) return std::nullopt;
        if (c.eat('-')) {
            if (!c.number(2, d.day)) return std::nullopt;
            has_day = true;
        }
    }
    if (!c.done() || d.month < 1 || d.month > 12) return std::nullopt;
    if (!has_day) d.day = is_end ? days_in_month(d.year, d.month) : 1;
    if (!valid(d)) return std::nullopt;
    return d.value_date();
}

}  // namespace fahras
