#include <fahras/utf8.h>

namespace fahras::utf8 {

namespace {

// Length of a sequence from its lead byte, or 0 for a byte that cannot lead.
std::size_t sequence_length(unsigned char lead) noexcept {
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF) return 2;
    if (lead >= 0xE0 && lead <= 0xEF) return 3;
    if (lead >= 0xF0 && lead <= 0xF4) return 4;
    return 0;
}

bool is_continuation(unsigned char byte) noexcept { return (byte & 0xC0) == 0x80; }

// Decode one well-formed sequence or return REPLACEMENT with len = 1.
char32_t decode_at(std::string_view text, std::size_t pos, std::size_t& len) noexcept {
    const auto lead = static_cast<unsigned char>(text[pos]);
    len = sequence_length(lead);
    if (len == 1) return lead;
    if (len == 0 || pos + len > text.size()) {
        len = 1;
        return REPLACEMENT;
    }
    char32_t cp = lead & (0xFF >> (len + 1));
    for (std::size_t i = 1; i < len; ++i) {
        const auto byte = static_cast<unsigned char>(text[pos + i]);
        if (!is_continuation(byte)) {
            len = 1;
            return REPLACEMENT;
        }
        cp = (cp << 6) | (byte & 0x3F);
    }
    // Reject overlong forms, surrogates and values past U+10FFFF.
    const bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
        len = 1;
        return REPLACEMENT;
    }
    return cp;
}

}  // namespace

char32_t detail::decode_long(std::string_view text, std::size_t& pos) noexcept {
    std::size_t len = 1;
    const char32_t cp = decode_at(text, pos, len);
    pos += len;
    return cp;
}

void append(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool is_valid(std::string_view text, std::size_t* bad_offset) noexcept {
    std::size_t pos = 0;
    while (pos < text.size()) {
        if (static_cast<unsigned char>(text[pos]) < 0x80) {
            ++pos;
            continue;
        }
        std::size_t len = 1;
        const char32_t cp = decode_at(text, pos, len);
        if (cp == REPLACEMENT && len == 1) {
            if (bad_offset) *bad_offset = pos;
            return false;
        }
        pos += len;
    }
    return true;
}

std::size_t length(std::string_view text) noexcept {
    std::size_t count = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        decode(text, pos);
        ++count;
    }
    return count;
}

}  // namespace fahras::utf8
