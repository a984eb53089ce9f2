// terminal_text() on its own: every control shown, printable text kept
// (terminal_output_test.cpp runs both programs on a hostile archive).
#include "test_support.h"

#include <fahras/terminal_text.h>
#include <fahras/utf8.h>

#include <doctest/doctest.h>

#include <cstdio>
#include <random>
#include <sstream>
#include <string>

using fahras::terminal_text;
using fahras::TerminalMode;

namespace {

constexpr TerminalMode ALL_MODES[] = {TerminalMode::line, TerminalMode::block, TerminalMode::exact};

const char* name(TerminalMode mode) {
    switch (mode) {
        case TerminalMode::line: return "line";
        case TerminalMode::block: return "block";
        case TerminalMode::exact: return "exact";
    }
    return "?";
}

std::string hex_escape(const char* prefix, unsigned value, int digits) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%s%0*x", prefix, digits, value);
    return buffer;
}

std::string utf8_of(char32_t cp) {
    std::string out;
    fahras::utf8::append(out, cp);
    return out;
}

// The notation read back: \\, \xHH (a byte), \uHHHH (a code point).
std::string unescape(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\') {
            out += text[i];
        } else if (text[i + 1] == '\\') {
            out += '\\';
            ++i;
        } else if (text[i + 1] == 'x') {
            out += static_cast<char>(std::stoul(text.substr(i + 2, 2), nullptr, 16));
            i += 3;
        } else {
            fahras::utf8::append(out, static_cast<char32_t>(std::stoul(text.substr(i + 2, 4), nullptr, 16)));
            i += 5;
        }
    }
    return out;
}

// No byte a terminal acts on: C0 but tab and newline where @a layout, DEL,
// C1 as UTF-8 (C2 80–C2 9F), and nothing but valid UTF-8.
bool terminal_safe(const std::string& text, bool layout) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (layout && (byte == '\n' || byte == '\t')) continue;
        if (byte < 0x20 || byte == 0x7F) return false;
        if (byte == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F) return false;
    }
    return fahras::utf8::is_valid(text);
}

}  // namespace

TEST_CASE("terminal_text: every C0 control and DEL is shown as \\xHH, but tab and newline are kept in block mode") {
    for (unsigned byte = 0; byte <= 0x7F; ++byte) {
        if (byte >= 0x20 && byte < 0x7F) continue;
        const std::string text = std::string("a") + static_cast<char>(byte) + "b";
        for (const TerminalMode mode : ALL_MODES) {
            CAPTURE(byte);
            CAPTURE(name(mode));
            const bool kept = mode == TerminalMode::block && (byte == '\n' || byte == '\t');
            CHECK(terminal_text(text, mode) == (kept ? text : "a" + hex_escape("\\x", byte, 2) + "b"));
        }
    }
}

TEST_CASE("terminal_text: every C1 control is shown as \\u0080..\\u009f in every mode") {
    for (char32_t cp = 0x80; cp <= 0x9F; ++cp) {
        for (const TerminalMode mode : ALL_MODES) {
            CAPTURE(static_cast<unsigned>(cp));
            CAPTURE(name(mode));
            CHECK(terminal_text("x" + utf8_of(cp) + "y", mode) ==
                  "x" + hex_escape("\\u", static_cast<unsigned>(cp), 4) + "y");
        }
    }
}

TEST_CASE("terminal_text: escape sequences are shown, not obeyed") {
    struct Row {
        std::string in;
        std::string line;  ///< line mode
    };
    const Row rows[] = {
        {"\x1b[2J", "\\x1b[2J"},                                      // clear screen
        {"\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"},                     // window title, BEL
        {"\x1b]0;pwned\x1b\\", "\\x1b]0;pwned\\x1b\\\\"},               // window title, ST
        {"\x1b[1;31mred\x1b[0m", "\\x1b[1;31mred\\x1b[0m"},             // colours
        {"\xC2\x9B" "2J", "\\u009b2J"},                                  // C1 CSI
        {"\xC2\x9D" "0;t\xC2\x9C", "\\u009d0;t\\u009c"},                 // C1 OSC ... ST
        {"secret\rpublic", "secret\\x0dpublic"},                        // overwrite a line
        {"abc\b\b\bxyz", "abc\\x08\\x08\\x08xyz"},                      // overwrite letters
        {"tail\x7f", "tail\\x7f"},
        {std::string("nul\0byte", 8), "nul\\x00byte"},
        {"two\nlines", "two\\x0alines"},
        {"a\\x1b", "a\\\\x1b"},  // a backslash spelled out stays distinguishable
    };
    for (const Row& row : rows) {
        CAPTURE(row.in);
        CHECK(terminal_text(row.in) == row.line);
        CHECK(terminal_text(row.in, TerminalMode::exact) == row.line);
    }
}

TEST_CASE("terminal_text: Arabic and other printable text is copied as it is") {
    const std::string rows[] = {
        "",
        "plain ASCII: https://example.test/a?b=c&d=[e]",
        "أَعْلَنَتْ وزارة الاقتصاد ـــ ٢٠١٥",
        "مدي\u200cنة \u200fالرياض\u200e",  // ZWNJ, RLM, LRM: no scope, harmless
        "ﻻ ﷲ",                              // presentation forms
        "\xEF\xBF\xBD is a real U+FFFD",
        "emoji \xF0\x9F\x98\x80",
    };
    for (const std::string& text : rows) {
        CAPTURE(text);
        CHECK(terminal_text(text) == text);
        CHECK(terminal_text(text, TerminalMode::block) == text);
    }
    CHECK(terminal_text("أَعْلَنَتْ ٢٠١٥", TerminalMode::exact) == "أَعْلَنَتْ ٢٠١٥");
}

TEST_CASE("terminal_text: bidi controls are removed from results and shown in diagnostics") {
    struct Row {
        std::string in;
        std::string line;   ///< line and block modes
        std::string exact;
    };
    const Row rows[] = {
        {"https://bank.test/\u202emoc.live", "https://bank.test/moc.live", "https://bank.test/\\u202emoc.live"},
        {"\u202bعنوان\u202c", "عنوان", "\\u202bعنوان\\u202c"},
        {"a\u2066b\u2067c\u2068d\u2069e", "abcde", "a\\u2066b\\u2067c\\u2068d\\u2069e"},
        {"x\u202ay\u202dz", "xyz", "x\\u202ay\\u202dz"},
        {"\u200f2015-07-21", "\u200f2015-07-21", "\\u200f2015-07-21"},
        {"\xEF\xBB\xBFid\u00ad\u2060\u061c", "\xEF\xBB\xBFid\u00ad\u2060\u061c",
         "\\ufeffid\\u00ad\\u2060\\u061c"},
        {"a\u2028b\u2029c", "a\\u2028b\\u2029c", "a\\u2028b\\u2029c"},
    };
    for (const Row& row : rows) {
        CAPTURE(row.in);
        CHECK(terminal_text(row.in) == row.line);
        CHECK(terminal_text(row.in, TerminalMode::exact) == row.exact);
    }
    CHECK(terminal_text("a\u202eb", TerminalMode::block) == "ab");
    CHECK(terminal_text("a\u2028b", TerminalMode::block) == "a\u2028b");
}

TEST_CASE("terminal_text: invalid UTF-8 is shown byte by byte as \\xHH") {
    struct Row {
        std::string in;
        std::string out;
    };
    const Row rows[] = {
        {"ab\xFF", "ab\\xff"},
        {"\xC3\x28", "\\xc3("},                      // lead byte, no continuation
        {"\xE2\x82", "\\xe2\\x82"},                  // truncated
        {"\xC0\xAF", "\\xc0\\xaf"},                  // overlong '/'
        {"x\xED\xA0\x80", "x\\xed\\xa0\\x80"},       // surrogate
        {"\x9B" "2J", "\\x9b2J"},                    // a lone C1 byte, not UTF-8
        {"\xD8\xAD\xD9", "\xD8\xAD\\xd9"},           // cut in the middle of ل
    };
    for (const Row& row : rows) {
        CAPTURE(row.in);
        for (const TerminalMode mode : ALL_MODES) CHECK(terminal_text(row.in, mode) == row.out);
    }
}

TEST_CASE("terminal_text: random bytes come out terminal-safe, and exact mode is lossless") {
    std::mt19937 random(17);
    // Bytes weighted toward the interesting ones.
    const std::string pieces[] = {"\x1b", "\x07", "\n", "\t", "\r", "\x7f", "\xC2\x9B", "\xC2\x85", "\xC2",
                                  "\xFF", "\\", "x", "[", "ح", "\u202e", "\u2069", "\u200f", "\xE2\x80"};
    for (int round = 0; round < 2000; ++round) {
        std::string text;
        const int length = static_cast<int>(random() % 24);
        for (int i = 0; i < length; ++i) {
            if (random() % 3 == 0) text += static_cast<char>(random() % 256);
            else text += pieces[random() % (sizeof pieces / sizeof pieces[0])];
        }
        CAPTURE(text);
        CHECK(terminal_safe(terminal_text(text), false));
        CHECK(terminal_safe(terminal_text(text, TerminalMode::block), true));
        const std::string exact = terminal_text(text, TerminalMode::exact);
        CHECK(terminal_safe(exact, false));
        CHECK(unescape(exact) == text);
    }
}
