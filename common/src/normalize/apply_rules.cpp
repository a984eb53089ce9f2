#include "normalize_internal.h"

#include <fahras/utf8.h>

namespace fahras::detail {

std::string apply_rules(std::string_view text, const CodepointRule* rules, std::size_t count) {
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto byte = static_cast<unsigned char>(text[pos]);
        char32_t cp = byte < 0x80 ? (++pos, char32_t{byte}) : utf8::decode(text, pos);
        for (std::size_t i = 0; i < count && cp != DROP; ++i) cp = rules[i](cp);
        if (cp != DROP) utf8::append(out, cp);
    }
    return out;
}

}  // namespace fahras::detail
