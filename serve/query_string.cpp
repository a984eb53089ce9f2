// Percent-decoding of query strings and path segments (RFC 3986; '+' as a
// space in a query string, as HTML forms send it).
#include "query_string.h"

#include <fahras/error.h>

namespace fahras::serve {

namespace {

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+' && plus_is_space) {
            out += ' ';
        } else if (c != '%') {
            out += c;
        } else {
            const int high = i + 2 < text.size() ? hex_digit(text[i + 1]) : -1;
            const int low = i + 2 < text.size() ? hex_digit(text[i + 2]) : -1;
            if (high < 0 || low < 0) return std::nullopt;
            out += static_cast<char>(high * 16 + low);
            i += 2;
        }
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> parse_query_string(std::string_view query) {
    std::vector<std::pair<std::string, std::string>> params;
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view piece = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (piece.empty()) continue;
        const std::size_t eq = piece.find('=');
        const auto name = percent_decode(piece.substr(0, eq), true);
        const auto value = eq == std::string_view::npos ? std::optional<std::string>("") : percent_decode(piece.substr(eq + 1), true);
        if (!name || !value)
            throw Error(EXIT_USAGE, "bad percent-encoding in '" + std::string(piece) + "': '%' must be followed by two hexadecimal digits");
        params.emplace_back(*name, *value);
    }
    return params;
}

}  // namespace fahras::serve
