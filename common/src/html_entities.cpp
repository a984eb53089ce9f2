// HTML character references in scraped news (&quot; &amp; &#1603;).  The
// named table lists only references seen in news markup; they are Unicode
// facts (the HTML standard's names for these code points).
#include <fahras/html_entities.h>

#include <fahras/utf8.h>

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

namespace fahras {

namespace {

struct NamedEntity {
    std::string_view name;
    char32_t code_point;
};

// Sorted by name for binary search.
constexpr std::array<NamedEntity, 33> NAMED = {{
    {"amp", U'&'},     {"apos", U'\''},   {"bull", 0x2022},  {"copy", 0x00A9},  {"deg", 0x00B0},
    {"gt", U'>'},      {"hellip", 0x2026}, {"laquo", 0x00AB}, {"ldquo", 0x201C}, {"lrm", 0x200E},
    {"lsaquo", 0x2039}, {"lsquo", 0x2018}, {"lt", U'<'},      {"mdash", 0x2014}, {"middot", 0x00B7},
    {"nbsp", 0x00A0},  {"ndash", 0x2013}, {"para", 0x00B6},  {"quot", U'"'},    {"raquo", 0x00BB},
    {"rdquo", 0x201D}, {"reg", 0x00AE},   {"rlm", 0x200F},   {"rsaquo", 0x203A}, {"rsquo", 0x2019},
    {"sbquo", 0x201A}, {"sect", 0x00A7},  {"shy", 0x00AD},   {"times", 0x00D7}, {"trade", 0x2122},
    {"zwj", 0x200D},   {"zwnj", 0x200C},  {"zwsp", 0x200B},
}};

std::optional<char32_t> lookup(std::string_view name) {
    const auto it = std::lower_bound(NAMED.begin(), NAMED.end(), name,
                                     [](const NamedEntity& e, std::string_view n) { return e.name < n; });
    if (it == NAMED.end() || it->name != name) return std::nullopt;
    return it->code_point;
}

bool is_allowed(char32_t cp) {
    return cp != 0 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
}

// Parse the reference starting at text[pos] == '&'.  On success return the
// code point and set @a length to the bytes consumed, ';' included.
std::optional<char32_t> parse_reference(std::string_view text, std::size_t pos, std::size_t& length) {
    const std::size_t semicolon = text.find(';', pos + 1);
    if (semicolon == std::string_view::npos || semicolon - pos > 12) return std::nullopt;
    const std::string_view body = text.substr(pos + 1, semicolon - pos - 1);
    length = semicolon - pos + 1;
    if (body.size() >= 2 && body[0] == '#') {
        const bool hex = body[1] == 'x' || body[1] == 'X';
        const std::string_view digits = body.substr(hex ? 2 : 1);
        if (digits.empty() || digits.size() > 7) return std::nullopt;
        char32_t value = 0;
        for (char c : digits) {
            int digit = -1;
            if (c >= '0' && c <= '9') digit = c - '0';
            else if (hex && c >= 'a' && c <= 'f') digit = c - 'a' + 10;
            else if (hex && c >= 'A' && c <= 'F') digit = c - 'A' + 10;
            if (digit < 0) return std::nullopt;
            value = value * (hex ? 16 : 10) + static_cast<char32_t>(digit);
        }
        if (!is_allowed(value)) return std::nullopt;
        return value;
    }
    return lookup(body);
}

}  // namespace

std::string decode_html_entities(std::string_view text) {
    std::size_t amp = text.find('&');
    if (amp == std::string_view::npos) return std::string(text);
    std::string out;
    out.reserve(text.size());
    std::size_t copied = 0;
    while (amp != std::string_view::npos) {
        std::size_t length = 0;
        if (auto cp = parse_reference(text, amp, length)) {
            out.append(text, copied, amp - copied);
            utf8::append(out, *cp);
            copied = amp + length;
            amp = text.find('&', copied);
        } else {
            amp = text.find('&', amp + 1);
        }
    }
    out.append(text, copied);
    return out;
}

}  // namespace fahras
