// NFKC through ICU: the one stage that needs context (composition), so it
// runs on the whole text before the fused code-point rules.
#include "normalize_internal.h"

#include <fahras/normalize.h>
#include <fahras/utf8.h>

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>

#include <array>

namespace fahras::stages {

namespace {

// Code points below U+0800 with NFKC quick check Yes and combining class 0.
// A text of such code points only is NFKC (UAX #15: nothing to decompose,
// compose or reorder), and one of them starts a text that NFKC cannot join
// to what precedes it (ICU's "composition boundary before").
const std::array<bool, 0x800>& stable() {
    static const std::array<bool, 0x800> STABLE = [] {
        std::array<bool, 0x800> out{};
        for (UChar32 cp = 0; cp < 0x800; ++cp)
            out[static_cast<std::size_t>(cp)] =
                u_getIntPropertyValue(cp, UCHAR_NFKC_QUICK_CHECK) == UNORM_YES && u_getCombiningClass(cp) == 0;
        return out;
    }();
    return STABLE;
}

// Where ICU's check must start: news text is mostly ASCII and Arabic
// letters, all stable, and ICU's isNormalizedUTF8() plus our is_valid()
// cost two passes over it.  The text up to the last stable code point
// before the first other one (or a byte we do not decode here) is NFKC
// and cannot interact with the rest; text.size() when all of it is so.
std::size_t checked_prefix(std::string_view text) {
    const auto& is_stable = stable();
    std::size_t last_stable = 0;  // start of the last stable code point seen
    for (std::size_t pos = 0; pos < text.size();) {
        const auto byte = static_cast<unsigned char>(text[pos]);
        if (byte < 0x80) {  // ASCII is always stable
            last_stable = pos++;
            continue;
        }
        if (byte < 0xC2 || byte > 0xDF || pos + 1 >= text.size() ||
            (static_cast<unsigned char>(text[pos + 1]) & 0xC0) != 0x80)
            return last_stable;
        const auto cp = (char32_t{byte} & 0x1F) << 6 | (static_cast<unsigned char>(text[pos + 1]) & 0x3Fu);
        if (!is_stable[cp]) return last_stable;
        last_stable = pos;
        pos += 2;
    }
    return text.size();
}

// ICU's UTF-8 API expects well-formed input; replace bad bytes first so the
// documented U+FFFD policy holds for every stage.
std::string repair_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) utf8::append(out, utf8::decode(text, pos));
    return out;
}

}  // namespace

}  // namespace fahras::stages

namespace fahras::detail {

bool is_nfkc(std::string_view text) {
    const std::size_t checked = stages::checked_prefix(text);
    if (checked == text.size()) return true;
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status)) return true;  // without ICU's data nfkc() changes nothing either
    const std::string_view rest = text.substr(checked);
    const bool normalized =
        normalizer->isNormalizedUTF8(icu::StringPiece(rest.data(), static_cast<int32_t>(rest.size())), status);
    return normalized || U_FAILURE(status);
}

}  // namespace fahras::detail

namespace fahras::stages {

std::string nfkc(std::string_view text) {
    const std::size_t checked = checked_prefix(text);
    if (checked == text.size()) return std::string(text);
    // The start is valid UTF-8, so the whole text is when the rest is.
    std::string_view rest = text.substr(checked);
    std::string repaired;
    if (!utf8::is_valid(rest)) {
        repaired = repair_utf8(text);
        text = rest = repaired;
    }
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKCInstance(status);
    const icu::StringPiece rest_piece(rest.data(), static_cast<int32_t>(rest.size()));
    if (U_SUCCESS(status) && normalizer->isNormalizedUTF8(rest_piece, status) && U_SUCCESS(status))
        return std::string(text);
    const icu::StringPiece piece(text.data(), static_cast<int32_t>(text.size()));
    status = U_ZERO_ERROR;
    std::string out;
    out.reserve(text.size());
    icu::StringByteSink<std::string> sink(&out);
    normalizer->normalizeUTF8(0, piece, sink, nullptr, status);
    // ICU only fails here on allocation failure or missing data; keeping the
    // text unnormalized is then better than losing the article.
    if (U_FAILURE(status)) return std::string(text);
    return out;
}

}  // namespace fahras::stages
