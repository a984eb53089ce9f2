// terminal_text() on its own, then both programs end to end on an archive
// full of terminal control sequences.
#include "test_support.h"

#include <fahras/terminal_text.h>
#include <fahras/utf8.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <random>
#include <sstream>
#include <string>

using fahras::terminal_text;
using fahras::TerminalMode;
using fahras::test::CommandResult;
using fahras::test::run_command;

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

TEST_CASE("terminal_text: every C0 control and DEL is shown as \\xHH; tab and newline are kept in block mode") {
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

// ------------------------------------------------------------- end to end

namespace {

// Where @a output holds a byte a terminal would act on (C0 but tab and
// newline, DEL, a C1 control as UTF-8), or npos.  The two codes of
// --highlight ansi are allowed where @a ansi says so, and only those.
std::size_t first_raw_control(std::string output, bool ansi) {
    if (ansi) {
        for (const std::string code : {"\x1b[1;31m", "\x1b[0m"}) {
            for (std::size_t at = output.find(code); at != std::string::npos; at = output.find(code, at))
                output.replace(at, code.size(), "<sgr>");
        }
    }
    for (std::size_t i = 0; i < output.size(); ++i) {
        const auto byte = static_cast<unsigned char>(output[i]);
        if (byte == '\n' || byte == '\t') continue;
        if (byte < 0x20 || byte == 0x7F) return i;
        if (byte == 0xC2 && i + 1 < output.size() && static_cast<unsigned char>(output[i + 1]) <= 0x9F) return i;
    }
    return std::string::npos;
}

// Every field of the first article holds control sequences; the second
// has a bad date and an id with an OSC sequence; the third gives
// did-you-mean a word to suggest.  JSON escapes (\u001b) put the raw
// bytes into the strings the indexer reads.
const char* const HOSTILE_ARCHIVE =
    R"({"id":"evil-1\u001b[2J","url":"https://x.test/a\u001b]0;pwned\u0007\u009b2J",)"
    R"("title":"خبر عن حلب \u001b[2J\u001b]0;title\u0007 \u009b31m غزة\r\b\u007f\u0001 \u202eحلب\u2069 نهاية",)"
    R"("source":"src\u001b[31m\u0085","author":"كاتب\u001b[2J",)"
    R"("body":"نص عن حلب فيه \u001b[2J وفيه \u009b1m و\u007f و\u0000 و\\x1b مكتوبة","date":"2015-07-21"})" "\n"
    R"({"id":"evil-2\u001b]0;x\u0007","title":"حلب","body":"خبر قصير عن حلب","date":"2015-07-2\u001b[2J\u009b"})" "\n"
    R"({"id":"plain-3","title":"زيارة إلى اسطنبول","body":"نص عن اسطنبول","date":"2015-07-22","source":"okaz"})" "\n";

class HostileArchive {
  public:
    HostileArchive() {
        fahras::test::write_file(dir_.file("hostile.jsonl"), HOSTILE_ARCHIVE);
        index = run_command({FAHRAS_INDEX_BIN, "--db", db(), "--verbose", "--threads", "1", dir_.file("hostile.jsonl")});
    }
    std::string db() const { return dir_.file("db"); }
    CommandResult search(std::vector<std::string> args) const {
        std::vector<std::string> argv = {FAHRAS_SEARCH_BIN, "--db", db()};
        argv.insert(argv.end(), args.begin(), args.end());
        return run_command(argv);
    }
    CommandResult index;

  private:
    fahras::test::TempDir dir_;
};

}  // namespace

TEST_CASE("fahras-index shows the control characters of ids, dates and sources instead of sending them") {
    const HostileArchive archive;
    CAPTURE(archive.index.err);
    CHECK(archive.index.exit_code == 0);
    CHECK(first_raw_control(archive.index.err, false) == std::string::npos);
    CHECK(first_raw_control(archive.index.out, false) == std::string::npos);
    // The bad date is quoted, escaped; so are the ids --verbose names.
    CHECK(archive.index.err.find("unrecognized date '2015-07-2\\x1b[2J\\u009b'") != std::string::npos);
    CHECK(archive.index.err.find("added evil-1\\x1b[2J\n") != std::string::npos);
    CHECK(archive.index.err.find("added evil-2\\x1b]0;x\\x07\n") != std::string::npos);

    const CommandResult missing = run_command({FAHRAS_INDEX_BIN, "--db", archive.db(), "--delete", "gone\x1b[2J\xC2\x9B"});
    CHECK(first_raw_control(missing.err, false) == std::string::npos);
    CHECK(missing.err.find("--delete gone\\x1b[2J\\u009b: no such article") != std::string::npos);

    const CommandResult stats = run_command({FAHRAS_INDEX_BIN, "--db", archive.db(), "--stats"});
    CHECK(stats.exit_code == 0);
    CHECK(first_raw_control(stats.out, false) == std::string::npos);
    CHECK(stats.out.find("src\\x1b[31m\\u0085 1") != std::string::npos);
}

TEST_CASE("fahras-search shows the archive's control characters in every human-readable line") {
    const HostileArchive archive;
    REQUIRE(archive.index.exit_code == 0);
    for (const bool bidi : {true, false}) {
        std::vector<std::string> args = {"حلب", "--facets", "--explain", "--highlight", "brackets"};
        if (!bidi) args.push_back("--no-bidi");
        const CommandResult result = archive.search(args);
        CAPTURE(result.out);
        CHECK(result.exit_code == 0);
        CHECK(first_raw_control(result.out, false) == std::string::npos);
        CHECK(result.err.empty());
        // Each field is there, shown: title, url, source (meta and facets), snippet.
        CHECK(result.out.find("\\x1b[2J\\x1b]0;title\\x07 \\u009b31m") != std::string::npos);
        CHECK(result.out.find("https://x.test/a\\x1b]0;pwned\\x07\\u009b2J") != std::string::npos);
        const std::string fsi = bidi ? "\u2068" : "", pdi = bidi ? "\u2069" : "";
        CHECK(result.out.find("2015-07-21" + pdi + "  " + fsi + "src\\x1b[31m\\u0085") != std::string::npos);
        CHECK(result.out.find("Sources:  " + fsi + "src\\x1b[31m\\u0085" + pdi + " 1") != std::string::npos);
        CHECK(result.out.find("\\u009b1m و\\x7f و\\x00 و\\\\x1b") != std::string::npos);
        // The title's stray RLO and PDI are gone: the last words keep their
        // order, and only our own isolate ends the field.
        CHECK(result.out.find("\u202e") == std::string::npos);
        CHECK(result.out.find("\\x01 [حلب] نهاية" + pdi + "\n") != std::string::npos);
        if (!bidi) CHECK(result.out.find("\u2069") == std::string::npos);
    }
}

TEST_CASE("fahras-search --highlight ansi: the archive's escape codes are shown, only its own are sent") {
    const HostileArchive archive;
    REQUIRE(archive.index.exit_code == 0);
    const CommandResult result = archive.search({"حلب", "--highlight", "ansi", "--no-bidi"});
    CAPTURE(result.out);
    CHECK(first_raw_control(result.out, true) == std::string::npos);
    CHECK(result.out.find("\x1b[1;31mحلب\x1b[0m \\x1b[2J") != std::string::npos);
}

TEST_CASE("fahras-search: the query, did-you-mean and errors show a typed escape sequence") {
    const HostileArchive archive;
    REQUIRE(archive.index.exit_code == 0);
    const CommandResult result = archive.search({"اسطمبول \x1b[K\xC2\x9B", "--explain", "--no-bidi"});
    CAPTURE(result.out);
    CHECK(result.exit_code == 1);
    CHECK(first_raw_control(result.out, false) == std::string::npos);
    CHECK(result.out.find("Query: اسطمبول \\x1b[K\\u009b\n") != std::string::npos);
    CHECK(result.out.find("Did you mean: اسطنبول \\x1b[k\\u009b\n") != std::string::npos);

    const CommandResult error = archive.search({"date:\x1b]0;x\x07..2015"});
    CHECK(error.exit_code == 65);
    CHECK(first_raw_control(error.err, false) == std::string::npos);
    CHECK(error.err.find("date:\\x1b]0;x\\x07..2015") != std::string::npos);
}

TEST_CASE("fahras-search --json keeps the archive's text exactly, in valid JSON") {
    const HostileArchive archive;
    REQUIRE(archive.index.exit_code == 0);
    const CommandResult result = archive.search({"حلب", "--json", "--facets"});
    CHECK(result.exit_code == 0);
    // JSON escapes C0 controls itself; C1 and DEL are legal in JSON strings.
    CHECK(result.out.find('\x1b') == std::string::npos);
    std::istringstream lines(result.out);
    std::string line;
    bool found = false;
    while (std::getline(lines, line)) {
        const auto object = nlohmann::json::parse(line);
        if (object["type"] != "hit" || object["id"] != "evil-1\x1b[2J") continue;
        found = true;
        CHECK(object["id"] == "evil-1\x1b[2J");
        CHECK(object["url"] == "https://x.test/a\x1b]0;pwned\x07\xC2\x9B" "2J");
        CHECK(object["source"] == "src\x1b[31m\xC2\x85");
        CHECK(object["author"] == "كاتب\x1b[2J");
        static const char BODY[] = "\x7f و\0 و\\x1b";
        CHECK(object["snippet"].get<std::string>().find(std::string(BODY, sizeof BODY - 1)) != std::string::npos);
    }
    CHECK(found);
}
