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

FusedRules::FusedRules(const CodepointRule* rules, std::size_t count) : rules_(rules), count_(count), table_() {
    for (char32_t cp = 0; cp < TABLE_END; ++cp) table_[cp] = run(cp);
}

char32_t FusedRules::run(char32_t cp) const {
    for (std::size_t i = 0; i < count_ && cp != DROP; ++i) cp = rules_[i](cp);
    return cp;
}

std::string FusedRules::apply(std::string_view text) const {
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto byte = static_cast<unsigned char>(text[pos]);
        char32_t cp;
        if (byte < 0x80) {
            cp = byte;
            ++pos;
        } else if (byte >= 0xC2 && byte <= 0xDF && pos + 1 < text.size() &&
                   (static_cast<unsigned char>(text[pos + 1]) & 0xC0) == 0x80) {
            // A two-byte sequence with a valid lead is never overlong: what
            // utf8::decode() would return.
            const auto next = static_cast<unsigned char>(text[pos + 1]);
            cp = (char32_t{byte} & 0x1F) << 6 | (char32_t{next} & 0x3F);
            pos += 2;
        } else {
            cp = utf8::decode(text, pos);
        }
        cp = cp < TABLE_END ? table_[cp] : run(cp);
        if (cp == DROP) continue;
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            utf8::append(out, cp);
        }
    }
    return out;
}

}  // namespace fahras::detail
