// Both programs end to end on an archive full of terminal control
// sequences: what reaches a terminal is shown, never obeyed
// (terminal_text_test.cpp tests terminal_text() on its own).
#include "test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>

using fahras::test::CommandResult;
using fahras::test::run_command;
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
        args.push_back(bidi ? "--bidi" : "--no-bidi");
        const CommandResult result = archive.search(args);
        CAPTURE(result.out);
        CHECK(result.exit_code == 0);
        CHECK(first_raw_control(result.out, false) == std::string::npos);
        CHECK(result.err.empty());
        // Each field is there, shown: title, url, source (meta and facets), snippet.
        CHECK(result.out.find("\\x1b[2J\\x1b]0;title\\x07 \\u009b31m") != std::string::npos);
        CHECK(result.out.find("https://x.test/a\\x1b]0;pwned\\x07\\u009b2J") != std::string::npos);
        const std::string fsi = bidi ? "\u2068" : "", pdi = bidi ? "\u2069" : "";
        CHECK(result.out.find("2015-07-21 / 1436-10-05" + pdi + "  " + fsi + "src\\x1b[31m\\u0085") != std::string::npos);
        CHECK(result.out.find("Sources:  " + fsi + "src\\x1b[31m\\u0085" + pdi + " 1") != std::string::npos);
        CHECK(result.out.find("\\u009b1m و\\x7f و\\x00 و\\\\x1b") != std::string::npos);
        // The title's stray RLO and PDI are gone: the last words keep their
        // order, and only our own isolate ends the field.
        CHECK(result.out.find("\u202e") == std::string::npos);
        CHECK(result.out.find("\\x01 [حلب] نهاية" + pdi + "\n") != std::string::npos);
        if (!bidi) CHECK(result.out.find("\u2069") == std::string::npos);
    }
}

TEST_CASE("fahras-search: plain text through a pipe, bold and isolated on a terminal, each on demand") {
    const HostileArchive archive;
    REQUIRE(archive.index.exit_code == 0);
    const auto has = [](const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; };
    // Through a pipe (the tests' run_command): no isolates, no marks, and
    // the archive's control characters still shown, not sent.
    const CommandResult piped = archive.search({"حلب", "--facets", "--explain"});
    CAPTURE(piped.out);
    CHECK(piped.exit_code == 0);
    CHECK(first_raw_control(piped.out, false) == std::string::npos);
    CHECK_FALSE(has(piped.out, "\u2068"));
    CHECK_FALSE(has(piped.out, "\u2069"));
    CHECK_FALSE(has(piped.out, "[حلب]"));
    CHECK(has(piped.out, "\\x01 حلب نهاية\n"));
    CHECK(has(piped.out, "2015-07-21 / 1436-10-05  src\\x1b[31m\\u0085"));

    // Asked for: marks in brackets (a pipe gets no escape codes unless
    // --highlight=ansi), isolates with --bidi.
    const CommandResult forced = archive.search({"حلب", "--highlight", "--bidi"});
    CAPTURE(forced.out);
    CHECK(first_raw_control(forced.out, false) == std::string::npos);
    CHECK(has(forced.out, "\\x01 [حلب] نهاية\u2069\n"));
    CHECK(has(forced.out, "\u20682015-07-21 / 1436-10-05\u2069  \u2068src\\x1b[31m\\u0085"));
    const CommandResult ansi = archive.search({"حلب", "--highlight=ansi"});
    CHECK(first_raw_control(ansi.out, true) == std::string::npos);
    CHECK(has(ansi.out, "\\x01 \x1b[1;31mحلب\x1b[0m نهاية\n"));
    CHECK_FALSE(has(ansi.out, "\u2068"));

    // On a terminal (a pseudo-terminal): bold marks and isolates by
    // default, and still only our own escape codes.
    const std::vector<std::string> argv = {FAHRAS_SEARCH_BIN, "--db", archive.db(), "حلب", "--facets"};
    const CommandResult terminal = fahras::test::run_in_terminal(argv);
    CAPTURE(terminal.out);
    CHECK(terminal.exit_code == 0);
    CHECK(first_raw_control(terminal.out, true) == std::string::npos);
    CHECK(has(terminal.out, "\\x01 \x1b[1;31mحلب\x1b[0m نهاية\u2069\n"));
    CHECK(has(terminal.out, "Sources:  \u2068src\\x1b[31m\\u0085\u2069 1"));
    std::vector<std::string> plain = argv;
    plain.insert(plain.end(), {"--highlight=never", "--no-bidi"});
    const CommandResult asked_plain = fahras::test::run_in_terminal(plain);
    CHECK(has(asked_plain.out, "\\x01 حلب نهاية\n"));
    CHECK_FALSE(has(asked_plain.out, "\u2068"));
    CHECK_FALSE(has(asked_plain.out, "\x1b[1;31m"));
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
    const CommandResult result = archive.search({"اسطمبول \x1b[K\xC2\x9B", "--explain", "--no-bidi", "--no-correct"});
    CAPTURE(result.out);
    CHECK(result.exit_code == 1);
    CHECK(first_raw_control(result.out, false) == std::string::npos);
    CHECK(result.out.find("Query: اسطمبول \\x1b[K\\u009b\n") != std::string::npos);
    CHECK(result.out.find("Did you mean: اسطنبول \\x1b[k\\u009b\n") != std::string::npos);
    // The correction searched, and the query as typed, both shown.
    const CommandResult corrected = archive.search({"اسطمبول \x1b[K\xC2\x9B", "--no-bidi"});
    CHECK(corrected.exit_code == 0);
    CHECK(first_raw_control(corrected.out, false) == std::string::npos);
    CHECK(corrected.out.find("Results for اسطنبول \\x1b[k\\u009b; search instead for اسطمبول \\x1b[K\\u009b") !=
          std::string::npos);

    const CommandResult error = archive.search({"date:\x1b]0;x\x07..2015", "--strict"});
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
