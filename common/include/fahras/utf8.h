/** @file utf8.h
 *  @brief Minimal UTF-8 helpers with one policy for invalid input.
 *
 *  Policy: an invalid or truncated sequence decodes as U+FFFD and consumes
 *  one byte, so decoding never throws and always makes progress.
 */
#ifndef FAHRAS_UTF8_H
#define FAHRAS_UTF8_H

#include <cstddef>
#include <string>
#include <string_view>

namespace fahras::utf8 {

inline constexpr char32_t REPLACEMENT = 0xFFFD;

namespace detail {
/** decode() for sequences of three or four bytes and for invalid input. */
char32_t decode_long(std::string_view text, std::size_t& pos) noexcept;
}  // namespace detail

/** Decode the code point at @a pos and advance @a pos past it.  Inline for
 *  ASCII and two-byte sequences (Arabic letters): snippets and the
 *  normalizer decode every letter of every article they read. */
inline char32_t decode(std::string_view text, std::size_t& pos) noexcept {
    const auto lead = static_cast<unsigned char>(text[pos]);
    if (lead < 0x80) {
        ++pos;
        return lead;
    }
    if (lead >= 0xC2 && lead <= 0xDF && pos + 1 < text.size()) {
        const auto next = static_cast<unsigned char>(text[pos + 1]);
        if ((next & 0xC0) == 0x80) {
            pos += 2;
            return (static_cast<char32_t>(lead & 0x1F) << 6) | (next & 0x3F);
        }
    }
    return detail::decode_long(text, pos);
}

/** Append @a cp to @a out as UTF-8. */
void append(std::string& out, char32_t cp);

/** True when @a text is well-formed UTF-8 (no surrogates, no overlongs).
 *  On failure @a bad_offset receives the byte offset of the first error. */
bool is_valid(std::string_view text, std::size_t* bad_offset = nullptr) noexcept;

/** Number of code points in @a text. */
std::size_t length(std::string_view text) noexcept;

}  // namespace fahras::utf8

#endif  // FAHRAS_UTF8_H
