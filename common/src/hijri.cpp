#include <fahras/hijri.h>

#include <fahras/error.h>

#include <unicode/calendar.h>
#include <unicode/locid.h>
#include <unicode/timezone.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <unordered_map>

namespace fahras {

namespace {

constexpr double MS_PER_DAY = 86400000.0;

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int gregorian_month_days(int year, int month) {
    static constexpr std::array<int, 12> DAYS = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : DAYS[month - 1];
}

// Days from 0001-01-01 to the first of January of @a year, in the
// proleptic Gregorian calendar (the one the archive's dates are written in).
long days_before_year(int year) {
    const long past = year - 1;
    return past * 365 + past / 4 - past / 100 + past / 400;
}

long ordinal(const CalendarDate& d) {
    long days = days_before_year(d.year) + d.day - 1;
    for (int month = 1; month < d.month; ++month) days += gregorian_month_days(d.year, month);
    return days;
}

CalendarDate from_ordinal(long days) {
    CalendarDate d;
    d.year = static_cast<int>(days * 400 / 146097) + 1;
    while (days_before_year(d.year) > days) --d.year;
    while (days_before_year(d.year + 1) <= days) ++d.year;
    days -= days_before_year(d.year);
    d.month = 1;
    while (days >= gregorian_month_days(d.year, d.month)) days -= gregorian_month_days(d.year, d.month++);
    d.day = static_cast<int>(days) + 1;
    return d;
}

const long EPOCH = ordinal({1970, 1, 1});  // ICU counts milliseconds from 1970-01-01 UTC

// One calendar a thread, in UTC so that a date is a whole day, made once:
// an ICU calendar is not safe to share between threads, and slow to make.
icu::Calendar& umm_al_qura() {
    thread_local const std::unique_ptr<icu::Calendar> calendar = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::Calendar> made(icu::Calendar::createInstance(
            icu::TimeZone::getGMT()->clone(), icu::Locale("@calendar=islamic-umalqura"), status));
        // An ICU without the calendar would give its default one, silently.
        if (U_FAILURE(status) || !made || std::strcmp(made->getType(), "islamic-umalqura") != 0)
            throw Error(EXIT_INTERNAL, std::string("ICU has no Umm al-Qura calendar (") + u_errorName(status) + ")");
        made->setLenient(false);
        return made;
    }();
    return *calendar;
}

void check(UErrorCode status, const char* what) {
    if (U_FAILURE(status)) throw Error(EXIT_INTERNAL, std::string("ICU: ") + what + ": " + u_errorName(status));
}

// Days a thread remembers converted (gregorian_to_hijri): 16,384 are 45
// years of an archive, well under a megabyte.
constexpr std::size_t MAX_REMEMBERED_DAYS = 16384;

bool in_table(int year, int month) {
    return year >= HIJRI_FIRST_YEAR && year <= HIJRI_LAST_YEAR && month >= 1 && month <= 12;
}

// The Umm al-Qura date of day @a day (days from 0001-01-01), if in the table.
std::optional<CalendarDate> umm_al_qura_date(long day) {
    icu::Calendar& calendar = umm_al_qura();
    UErrorCode status = U_ZERO_ERROR;
    calendar.clear();
    calendar.setTime(static_cast<double>(day - EPOCH) * MS_PER_DAY, status);
    CalendarDate hijri;
    hijri.year = calendar.get(UCAL_YEAR, status);
    hijri.month = calendar.get(UCAL_MONTH, status) + 1;
    hijri.day = calendar.get(UCAL_DATE, status);
    check(status, "a Gregorian date");
    if (!in_table(hijri.year, hijri.month)) return std::nullopt;
    return hijri;
}

}  // namespace

std::string CalendarDate::iso() const {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
    return buffer;
}

int hijri_month_days(int year, int month) {
    if (!in_table(year, month)) return 0;
    icu::Calendar& calendar = umm_al_qura();
    UErrorCode status = U_ZERO_ERROR;
    calendar.clear();
    calendar.set(year, month - 1, 1);
    const int days = calendar.getActualMaximum(UCAL_DATE, status);
    check(status, "the length of a Hijri month");
    return days;
}

std::optional<CalendarDate> hijri_to_gregorian(const CalendarDate& hijri) {
    if (hijri.day < 1 || hijri.day > hijri_month_days(hijri.year, hijri.month)) return std::nullopt;
    icu::Calendar& calendar = umm_al_qura();
    UErrorCode status = U_ZERO_ERROR;
    calendar.clear();
    calendar.set(hijri.year, hijri.month - 1, hijri.day);
    const UDate time = calendar.getTime(status);
    check(status, "a Hijri date");
    return from_ordinal(EPOCH + static_cast<long>(std::floor(time / MS_PER_DAY)));
}

std::optional<CalendarDate> gregorian_to_hijri(const CalendarDate& gregorian) {
    if (gregorian.year < 1 || gregorian.year > 9999 || gregorian.month < 1 || gregorian.month > 12 ||
        gregorian.day < 1 || gregorian.day > gregorian_month_days(gregorian.year, gregorian.month))
        return std::nullopt;
    // Far outside the table's years, answer before asking ICU.
    if (gregorian.year < 1882 || gregorian.year > 2174) return std::nullopt;
    // ICU takes about 150,000 instructions a conversion, a fifth of a whole
    // search when each hit of a page asked it; an archive's hits share few
    // days, so each thread remembers the days it converted (bounded: cleared
    // when full).
    thread_local std::unordered_map<long, std::optional<CalendarDate>> converted;
    const long day = ordinal(gregorian);
    if (const auto known = converted.find(day); known != converted.end()) return known->second;
    if (converted.size() >= MAX_REMEMBERED_DAYS) converted.clear();
    return converted.emplace(day, umm_al_qura_date(day)).first->second;
}

std::string hijri_date_of(std::string_view iso_date) {
    // YYYY-MM-DD, then anything (the time of day).
    if (iso_date.size() < 10 || iso_date[4] != '-' || iso_date[7] != '-') return "";
    int parts[3] = {0, 0, 0};
    const std::size_t starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
    for (int i = 0; i < 3; ++i)
        for (std::size_t k = starts[i]; k < starts[i] + lengths[i]; ++k) {
            if (iso_date[k] < '0' || iso_date[k] > '9') return "";
            parts[i] = parts[i] * 10 + (iso_date[k] - '0');
        }
    const auto hijri = gregorian_to_hijri({parts[0], parts[1], parts[2]});
    return hijri ? hijri->iso() : "";
}

std::string_view hijri_month_name(int month) {
    static constexpr std::array<std::string_view, 12> NAMES = {
        "Muharram", "Safar",  "Rabi al-Awwal", "Rabi al-Thani", "Jumada al-Ula",  "Jumada al-Akhirah",
        "Rajab",    "Shaban", "Ramadan",       "Shawwal",       "Dhu al-Qadah", "Dhu al-Hijjah"};
    return month >= 1 && month <= 12 ? NAMES[month - 1] : std::string_view();
}

}  // namespace fahras
