#include <fahras/utf8.h>

#include <doctest/doctest.h>

using namespace fahras;

TEST_CASE("utf8 round-trips every plane and rejects malformed sequences") {
    for (char32_t cp : {U'a', char32_t{0x0627}, char32_t{0x20AC}, char32_t{0xFEFB}, char32_t{0x1F600}}) {
        std::string text;
        utf8::append(text, cp);
        std::size_t pos = 0;
        CHECK(utf8::decode(text, pos) == cp);
        CHECK(pos == text.size());
        CHECK(utf8::is_valid(text));
    }
    struct Bad {
        const char* bytes;
        std::size_t offset;
    };
    for (const Bad& bad : {Bad{"ab\xFF", 2}, Bad{"\xC0\xAF", 0}, Bad{"x\xED\xA0\x80", 1}, Bad{"\xE2\x82", 0},
                           Bad{"\xF4\x90\x80\x80", 0}}) {
        std::size_t offset = 99;
        CAPTURE(bad.bytes);
        CHECK_FALSE(utf8::is_valid(bad.bytes, &offset));
        CHECK(offset == bad.offset);
    }
    CHECK(utf8::length("حلب abc") == 7);
}

TEST_CASE("utf8::decode's inline two-byte path agrees with the full decoder on every byte pair") {
    // Every lead byte from 0xC0 to 0xDF, followed by every byte, with and
    // without a third byte after it: the inline path must take exactly
    // what detail::decode_long takes, and return the same code point.
    for (unsigned lead = 0xC0; lead <= 0xDF; ++lead) {
        for (unsigned next = 0; next <= 0xFF; ++next) {
            for (const bool more : {false, true}) {
                std::string text{static_cast<char>(lead), static_cast<char>(next)};
                if (more) text += 'x';
                std::size_t fast = 0, full = 0;
                const char32_t a = fahras::utf8::decode(text, fast);
                const char32_t b = fahras::utf8::detail::decode_long(text, full);
                CAPTURE(lead);
                CAPTURE(next);
                CHECK(a == b);
                CHECK(fast == full);
            }
        }
    }
    std::size_t pos = 0;
    CHECK(fahras::utf8::decode(std::string_view("\xD8", 1), pos) == fahras::utf8::REPLACEMENT);  // truncated
    CHECK(pos == 1);
}
