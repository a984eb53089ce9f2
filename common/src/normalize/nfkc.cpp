// NFKC through ICU: the one stage that needs context (composition), so it
// runs on the whole text before the fused code-point rules.
#include <fahras/normalize.h>
#include <fahras/utf8.h>

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

namespace fahras::stages {

namespace {

bool is_ascii(std::string_view text) {
    for (char c : text)
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
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

std::string nfkc(std::string_view text) {
    if (is_ascii(text)) return std::string(text);  // ASCII is always NFKC
    std::string repaired;
    if (!utf8::is_valid(text)) {
        repaired = repair_utf8(text);
        text = repaired;
    }
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKCInstance(status);
    const icu::StringPiece piece(text.data(), static_cast<int32_t>(text.size()));
    if (U_SUCCESS(status) && normalizer->isNormalizedUTF8(piece, status) && U_SUCCESS(status))
        return std::string(text);
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
