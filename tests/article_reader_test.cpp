// Reading archives: field names, bad lines, gzip, plain text, directories.
#include "article_reader_internal.h"
#include "test_support.h"

#include <fahras/article_reader.h>
#include <fahras/utf8.h>

#include <doctest/doctest.h>
#include <zlib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <sys/stat.h>

using namespace fahras;

namespace {

struct Collected {
    std::vector<Article> articles;
    std::vector<InputProblem> problems;
};

Collected read_all(const std::vector<std::string>& inputs, const ReaderOptions& options = {}) {
    Collected collected;
    auto on_problem = [&](const InputProblem& p) { collected.problems.push_back(p); };
    for (const auto& file : expand_inputs(inputs, on_problem)) {
        ReaderCallbacks callbacks;
        callbacks.on_article = [&](Article&& a) { collected.articles.push_back(std::move(a)); };
        callbacks.on_problem = on_problem;
        read_articles(file, options, callbacks);
    }
    return collected;
}

bool has_problem(const Collected& c, const std::string& where, const std::string& words) {
    for (const auto& p : c.problems)
        if (p.where == where && p.reason.find(words) != std::string::npos) return true;
    return false;
}

std::string numbered_lines(int count) {
    std::string lines;
    for (int i = 0; i < count; ++i)
        lines += "{\"id\":\"" + std::to_string(i) + "\",\"body\":\"نص الخبر رقم " + std::to_string(i) + "\"}\n";
    return lines;
}

// A gzip of @a copies times @a text, written in pieces (it may inflate to
// far more than a test wants to hold).
void write_gzip_repeated(const std::string& path, const std::string& text, std::size_t copies) {
    gzFile file = gzopen(path.c_str(), "wb9");
    REQUIRE(file != nullptr);
    std::string piece;
    for (int i = 0; i < 1024; ++i) piece += text;
    for (std::size_t i = 0; i < copies / 1024; ++i) gzwrite(file, piece.data(), static_cast<unsigned>(piece.size()));
    gzclose(file);
}

}  // namespace

TEST_CASE("common field names are recognized, SaudiNewsNet's included") {
    const Article a = article_from_json_line(
        R"({"source":"aawsat","url":"http://x.test/1","date_extracted":"2015-07-21 02:51:32",)"
        R"("title":"عنوان","author":"","content":"نص &quot;الخبر&quot;"})",
        {});
    CHECK(a.id == "http://x.test/1");  // no id field: the url is the id
    CHECK(a.url == "http://x.test/1");
    CHECK(a.title == "عنوان");
    CHECK(a.body == "نص \"الخبر\"");  // HTML entities decoded
    CHECK(a.source == "aawsat");
    REQUIRE(a.date);
    CHECK(a.date->iso() == "2015-07-21T02:51:32");

    const Article b = article_from_json_line(
        R"({"id":42,"headline":"ع","text":["فقرة أولى","فقرة ثانية"],"published":"Tue, 21 Jul 2015 09:30:00 +0300","authors":["أ","ب"]})",
        {});
    CHECK(b.id == "42");
    CHECK(b.title == "ع");
    CHECK(b.body == "فقرة أولى\nفقرة ثانية");
    CHECK(b.author == "أ, ب");
    CHECK(b.date->value_date() == "20150721");
}

TEST_CASE("--field maps other key names") {
    ReaderOptions options;
    options.field_names.emplace("body", "article_text");
    options.field_names.emplace("id", "key");
    const Article a = article_from_json_line(R"({"key":"k1","article_text":"نص","body":""})", options);
    CHECK(a.id == "k1");
    CHECK(a.body == "نص");
}

TEST_CASE("bad records are rejected with a reason a user can act on") {
    struct Row {
        std::string line;
        std::string reason;
    };
    for (const Row& row : {
             Row{R"({"id":"1","body":)", "malformed JSON at column"},
             Row{R"(["not","an","object"])", "expected a JSON object per line, found an array"},
             Row{R"({"title":"t","body":"b"})", "no id or url"},
             Row{R"({"id":"1","body":{"p":"x"}})", "is an object; expected text"},
             Row{R"({"id":"1","body":"b","title":17})", "is a number"},
             Row{std::string(R"({"id":"1","body":"b)") + "\xFF" + "\"}", "invalid UTF-8 at byte 20"},
             Row{std::string(200, '[') + std::string(200, ']'), "nested deeper than 64"},
             // nlohmann throws out_of_range, not parse_error, for these.
             Row{R"({"url":"http://n","n":1e400})", "a number too large for a double (number overflow parsing '1e400')"},
             Row{R"({"id":"1","body":"b","x":[-1e999]})", "a number too large for a double"},
         }) {
        CAPTURE(row.line.substr(0, 60));
        try {
            article_from_json_line(row.line, {});
            FAIL("expected an error");
        } catch (const std::runtime_error& e) {
            CHECK(std::string(e.what()).find(row.reason) != std::string::npos);
        }
    }
    std::vector<std::string> warnings;
    const Article a = article_from_json_line(R"({"id":"1","body":"b","date":"next tuesday"})", {}, &warnings);
    CHECK_FALSE(a.date);
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].find("unrecognized date") != std::string::npos);

    // A title without a body is indexed (photo galleries have no text), with a warning.
    warnings.clear();
    const Article gallery = article_from_json_line(R"({"id":"2","title":"صور","content":"\u00a0 \n \n"})", {}, &warnings);
    CHECK(gallery.title == "صور");
    CHECK(gallery.body.empty());
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].find("indexed by its title only") != std::string::npos);

    // Neither title nor body: the headline words in the url are used.
    struct UrlRow {
        const char* url;
        const char* title;  // "": no headline words, metadata only
    };
    for (const UrlRow& row : {
             UrlRow{"http://x.test/node/620227/كيف-تسعف-طفلاً.html", "كيف تسعف طفلاً"},
             UrlRow{"http://x.test/a/%D8%AD%D9%84%D8%A8-%D8%A7%D9%84%D9%8A%D9%88%D9%85/", "حلب اليوم"},
             UrlRow{"http://x.test/news/oil-prices-fall?ref=rss", "oil prices fall"},
             UrlRow{"http://www.alriyadh.com/1067716", ""},
             UrlRow{"http://x.test/node/623908/pdf", ""},
         }) {
        CAPTURE(row.url);
        const std::string line = std::string(R"({"url":")") + row.url + R"(","title":"","content":" "})";
        warnings.clear();
        const Article from_url = article_from_json_line(line, {}, &warnings);
        CHECK(from_url.title == row.title);
        CHECK(from_url.id == row.url);
        REQUIRE(warnings.size() == 1);
        CHECK(warnings[0].find(*row.title ? "words of its url" : "url, date and source only") != std::string::npos);
    }
}

TEST_CASE("one malformed line costs only itself, with file:line") {
    test::TempDir dir;
    const std::string path = dir.file("day.jsonl");
    test::write_file(path, "{\"id\":\"1\",\"body\":\"أ\"}\n"
                           "{broken\n"
                           "\n"
                           "{\"id\":\"3\",\"body\":\"ج\"}\r\n"
                           "{\"id\":\"4\",\"body\":\"د\"}");  // no final newline
    const Collected c = read_all({path});
    REQUIRE(c.articles.size() == 3);
    CHECK(c.articles[1].id == "3");
    CHECK(c.articles[2].origin == path + ":5");
    REQUIRE(c.problems.size() == 1);
    CHECK(has_problem(c, path + ":2", "malformed JSON"));
}

TEST_CASE("gzip input, a truncated gzip and an over-long line") {
    test::TempDir dir;
    std::string lines;
    for (int i = 0; i < 300; ++i) lines += "{\"id\":\"" + std::to_string(i) + "\",\"body\":\"نص الخبر رقم " + std::to_string(i) + "\"}\n";
    test::write_gzip(dir.file("a.jsonl.gz"), lines);
    CHECK(read_all({dir.file("a.jsonl.gz")}).articles.size() == 300);

    const std::string whole = test::read_file(dir.file("a.jsonl.gz"));
    test::write_file(dir.file("cut.jsonl.gz"), whole.substr(0, whole.size() * 2 / 3));
    const Collected cut = read_all({dir.file("cut.jsonl.gz")});
    CHECK(cut.articles.size() > 0);
    CHECK(cut.articles.size() < 300);
    CHECK(has_problem(cut, dir.file("cut.jsonl.gz") + ":" + std::to_string(cut.articles.size() + 1), "truncated or corrupt"));

    ReaderOptions small;
    small.max_line_bytes = 100;
    test::write_file(dir.file("long.jsonl"), "{\"id\":\"1\",\"body\":\"" + std::string(500, 'x') + "\"}\n{\"id\":\"2\",\"body\":\"y\"}\n");
    const Collected long_line = read_all({dir.file("long.jsonl")}, small);
    REQUIRE(long_line.articles.size() == 1);
    CHECK(long_line.articles[0].id == "2");
    CHECK(has_problem(long_line, dir.file("long.jsonl:1"), "longer than 100 bytes"));
}

TEST_CASE("plain-text articles and directories") {
    test::TempDir dir;
    test::write_file(dir.file("news/b.txt"), "\n\n  عنوان الخبر  \n\nالسطر الأول\nالسطر الثاني\n\u00A0\n");
    test::write_file(dir.file("news/a.jsonl"), "{\"id\":\"j1\",\"body\":\"نص\"}\n");
    test::write_file(dir.file("news/notes.md"), "ignored");
    test::write_file(dir.file("news/title-only.txt"), "عنوان فقط\n");
    test::write_file(dir.file("news/blank.txt"), "\n  \n");
    const Collected c = read_all({dir.file("news"), dir.file("missing.jsonl")});
    REQUIRE(c.articles.size() == 3);
    CHECK(c.articles[0].id == "j1");  // name order: a.jsonl first
    CHECK(c.articles[1].title == "عنوان الخبر");
    CHECK(c.articles[2].title == "عنوان فقط");
    CHECK(c.articles[1].body == "السطر الأول\nالسطر الثاني");
    CHECK(c.articles[1].id.find("/news/b.txt") != std::string::npos);
    CHECK(c.articles[1].id.front() == '/');
    CHECK(has_problem(c, dir.file("missing.jsonl"), "no such file"));
    CHECK(has_problem(c, dir.file("news/blank.txt"), "no text"));
    CHECK(has_problem(c, dir.file("news/title-only.txt"), "indexed by its title only"));

    test::write_file(dir.file("latin1.txt"), "title\nbody \xE9t\xE9\n");
    CHECK(has_problem(read_all({dir.file("latin1.txt")}), dir.file("latin1.txt:2"), "invalid UTF-8"));
}

TEST_CASE("a number no double holds costs only its own article") {
    test::TempDir dir;
    test::write_file(dir.file("n.jsonl"), "{\"url\":\"http://a\",\"body\":\"أ\"}\n"
                                          "{\"url\":\"http://n\",\"n\":1e400}\n"
                                          "{\"url\":\"http://c\",\"body\":\"ج\"}\n");
    const Collected c = read_all({dir.file("n.jsonl")});
    REQUIRE(c.articles.size() == 2);
    CHECK(c.articles[1].id == "http://c");
    REQUIRE(c.problems.size() == 1);
    CHECK(has_problem(c, dir.file("n.jsonl:2"), "a number too large for a double"));
}

TEST_CASE("gzip is inflated by our own loop: members, plain files, damage at its line") {
    test::TempDir dir;
    const std::string lines = numbered_lines(3000);  // more than one read buffer
    test::write_gzip(dir.file("whole.jsonl.gz"), lines);
    const std::string whole = test::read_file(dir.file("whole.jsonl.gz"));

    // A damaged tail (the CRC): zlib finds it after inflating everything.
    // Every article before the damage is kept, and the damage is reported
    // at the line where it was found, not at line 0 or a buffer earlier.
    std::string damaged = whole;
    damaged[damaged.size() - 6] ^= 0x5A;
    test::write_file(dir.file("tail.jsonl.gz"), damaged);
    const Collected tail = read_all({dir.file("tail.jsonl.gz")});
    CHECK(tail.articles.size() == 3000);
    CHECK(has_problem(tail, dir.file("tail.jsonl.gz:3001"), "truncated or corrupt"));
    CHECK(has_problem(tail, dir.file("tail.jsonl.gz:3001"), "the 3000 lines before it were read"));

    // Damage inside the compressed data: what came before it is kept, the
    // line it cut is not returned as an article.
    std::string cut = whole.substr(0, whole.size() / 2);
    test::write_file(dir.file("cut.jsonl.gz"), cut);
    const Collected half = read_all({dir.file("cut.jsonl.gz")});
    CHECK(half.articles.size() > 1000);
    CHECK(half.problems.size() == 1);
    CHECK(has_problem(half, dir.file("cut.jsonl.gz:" + std::to_string(half.articles.size() + 1)), "truncated or corrupt"));

    // Concatenated members (cat a.gz b.gz) are one stream, as for gzip(1).
    test::write_gzip(dir.file("b.gz"), numbered_lines(5));
    test::write_file(dir.file("two.jsonl.gz"), whole + test::read_file(dir.file("b.gz")));
    const Collected two = read_all({dir.file("two.jsonl.gz")});
    CHECK(two.articles.size() == 3005);
    CHECK(two.problems.empty());

    // Zeros after the stream (tape padding) are ignored, with a warning.
    test::write_file(dir.file("padded.jsonl.gz"), whole + std::string(100, '\0'));
    const Collected padded = read_all({dir.file("padded.jsonl.gz")});
    CHECK(padded.articles.size() == 3000);
    REQUIRE(padded.problems.size() == 1);
    CHECK_FALSE(padded.problems[0].article_lost);

    // A .gz name on plain text: read as it is, as zlib did.
    test::write_file(dir.file("plain.jsonl.gz"), numbered_lines(4));
    CHECK(read_all({dir.file("plain.jsonl.gz")}).articles.size() == 4);
}

TEST_CASE("a plain-text article is bounded like a JSON line") {
    test::TempDir dir;
    ReaderOptions small;
    small.max_line_bytes = 1000;
    std::string text = "عنوان\n";
    for (int i = 0; i < 100; ++i) text += "سطر من نص الخبر\n";  // 100 short lines, 3 KB
    test::write_file(dir.file("long.txt"), text);
    test::write_file(dir.file("short.txt"), "عنوان\nنص\n");
    const Collected c = read_all({dir.file("long.txt"), dir.file("short.txt")}, small);
    REQUIRE(c.articles.size() == 1);
    CHECK(c.articles[0].title == "عنوان");
    CHECK(has_problem(c, dir.file("long.txt"), "text longer than 1000 bytes; file skipped (raise --max-line-bytes"));

    // A small .txt.gz that inflates to 256 MiB: reading stops at the limit,
    // long before the end of the compressed file.
    write_gzip_repeated(dir.file("bomb.txt.gz"), "ا\n", 128u << 20);
    const auto size = std::filesystem::file_size(dir.file("bomb.txt.gz"));
    small.max_line_bytes = 1u << 20;
    std::uint64_t offset = 0;
    Collected bomb;
    ReaderCallbacks callbacks;
    callbacks.on_article = [&](Article&& a) { bomb.articles.push_back(std::move(a)); };
    callbacks.on_problem = [&](const InputProblem& p) { bomb.problems.push_back(p); };
    callbacks.on_progress = [&](std::uint64_t at) { offset = at; };
    read_articles({dir.file("bomb.txt.gz"), InputFormat::plain_text, size}, small, callbacks);
    CHECK(bomb.articles.empty());
    CHECK(has_problem(bomb, dir.file("bomb.txt.gz"), "text longer than 1048576 bytes"));
    CAPTURE(size);
    CHECK(offset < size / 2);
}

TEST_CASE("folders: what cannot be read is reported, never silently left out") {
    test::TempDir dir;
    test::write_file(dir.file("in/a.jsonl"), numbered_lines(2));
    test::write_file(dir.file("target.jsonl"), numbered_lines(3));
    std::filesystem::create_symlink(dir.file("target.jsonl"), dir.file("in/link.jsonl"));  // followed, as ever
    std::filesystem::create_symlink(dir.file("gone.jsonl"), dir.file("in/b.jsonl"));      // dangling
    std::filesystem::create_symlink(dir.file("gone.md"), dir.file("in/notes.md"));         // not an archive name
    REQUIRE(mkfifo(dir.file("in/pipe.jsonl").c_str(), 0600) == 0);
    const Collected c = read_all({dir.file("in")});
    CHECK(c.articles.size() == 5);
    CHECK(has_problem(c, dir.file("in/b.jsonl"), "dangling symbolic link to " + dir.file("gone.jsonl")));
    CHECK(has_problem(c, dir.file("in/pipe.jsonl"), "not a regular file"));
    CHECK(c.problems.size() == 2);
    for (const auto& p : c.problems) CHECK(p.article_lost);
}

TEST_CASE("past 20 problems in a file, the rest are counted but summed up in one line") {
    test::TempDir dir;
    std::string lines;
    for (int i = 0; i < 50; ++i) lines += "{broken\n";
    lines += "{\"id\":\"ok\",\"body\":\"نص\"}\n";
    test::write_gzip(dir.file("whole.gz"), lines);
    const std::string gz = test::read_file(dir.file("whole.gz"));
    test::write_file(dir.file("bad.jsonl.gz"), gz.substr(0, gz.size() - 4));  // and a damaged end
    const Collected c = read_all({dir.file("bad.jsonl.gz")});
    CHECK(c.articles.size() == 1);
    REQUIRE(c.problems.size() == 52);  // every problem, the summary, the damaged end
    std::size_t shown = 0;
    for (std::size_t i = 0; i < 50; ++i) {
        CHECK(c.problems[i].article_lost);
        CHECK_FALSE(c.problems[i].summary);
        shown += c.problems[i].shown;
    }
    CHECK(shown == 20);
    CHECK(c.problems[19].shown);
    CHECK_FALSE(c.problems[20].shown);
    CHECK(c.problems[50].summary);
    CHECK(c.problems[50].reason.find("30 more problems in this file not shown (30 errors, 0 warnings") != std::string::npos);
    // Why the file ended is always shown, after the summary.
    CHECK(c.problems[51].shown);
    CHECK(c.problems[51].reason.find("truncated or corrupt") != std::string::npos);
}

TEST_CASE("a cancel stops reading whatever the input does") {
    test::TempDir dir;
    // A FIFO that nobody opens for writing: open() must not wait for one.
    REQUIRE(mkfifo(dir.file("fifo.jsonl").c_str(), 0600) == 0);
    std::atomic<bool> cancel{true};
    ReaderOptions options;
    options.cancel = &cancel;
    CHECK(read_all({dir.file("fifo.jsonl")}, options).articles.empty());

    // Endless input that never ends a line: the cancel is seen while reading.
    cancel = false;
    std::thread stopper([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        cancel = true;
    });
    const Collected zero = read_all({"/dev/zero"}, options);
    stopper.join();
    CHECK(zero.articles.empty());
    CHECK(zero.problems.empty());  // a cancel is no problem of the input
}

// Found by fuzz/fuzz_json_document (fuzz/regressions/json_document/date-warning-cut):
// the warning quotes the first 40 bytes of an unreadable date, and cut an
// Arabic letter in half there, so the message was not valid UTF-8.
TEST_CASE("the warning for an unreadable date quotes it whole letters only") {
    std::string date = "x";
    for (int i = 0; i < 30; ++i) date += "ب";  // two bytes each: byte 40 is inside the 20th
    std::vector<std::string> warnings;
    article_from_json_line(R"({"id":"1","body":"b","date":")" + date + "\"}", {}, &warnings);
    REQUIRE(warnings.size() == 1);
    CHECK(utf8::is_valid(warnings[0]));
    CHECK(warnings[0].find("'" + date.substr(0, 39) + "'") != std::string::npos);  // "x" and 19 whole letters
}

TEST_CASE("what the readers share: trimming, lowering names, where a problem is") {
    CHECK(detail::trim(" \t\u00A0 عنوان  الخبر \r\n\u00A0") == "عنوان  الخبر");
    CHECK(detail::trim("\u00A0\n").empty());
    CHECK(detail::trim("\xC2") == "\xC2");  // half an NBSP is no space
    CHECK(detail::lower_ascii("News.JSONL.Gz") == "news.jsonl.gz");
    CHECK(detail::lower_ascii("\xC3\x80" "B") == "\xC3\x80" "b");  // only ASCII letters
    CHECK(detail::has_suffix("a.txt.gz", ".gz"));
    CHECK_FALSE(detail::has_suffix("gz", ".gz"));
    CHECK(detail::where("news/a.jsonl", 12) == "news/a.jsonl:12");
    CHECK(detail::where("-", 3) == "<stdin>:3");
    CHECK(detail::where("-") == "<stdin>");
}
