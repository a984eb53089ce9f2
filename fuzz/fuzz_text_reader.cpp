// Fuzz target: the archive readers on a file's bytes.  The input is written
// as a plain .txt file, as the same file gzip-compressed, as a gzip file cut
// short, and as a .jsonl file, and each is read with read_articles().
//
// Properties: a text file gives at most one article, with a non-empty
// trimmed title found in the file, valid UTF-8 throughout; the gzip copy
// reads exactly as the plain file; a cut gzip file and JSON Lines never
// crash and report every problem against their own path.
#include "fuzz_support.h"

#include <fahras/article_reader.h>
#include <fahras/utf8.h>

#include <vector>

using namespace fahras;
using fahras::fuzz::escaped;

namespace {

struct Outcome {
    std::vector<Article> articles;
    std::vector<InputProblem> problems;
};

Outcome read(const std::string& path, InputFormat format, const ReaderOptions& options) {
    Outcome outcome;
    ReaderCallbacks callbacks;
    callbacks.on_article = [&](Article&& article) { outcome.articles.push_back(std::move(article)); };
    callbacks.on_problem = [&](const InputProblem& problem) { outcome.problems.push_back(problem); };
    read_articles(InputFile{path, format, 0}, options, callbacks);
    return outcome;
}

// Problems name the file read ("path" or "path:line") and say why in
// valid UTF-8 (the printer shows the control characters they quote).
void check_problems(const Outcome& outcome, const std::string& path, const std::string& context) {
    for (const auto& problem : outcome.problems) {
        FUZZ_REQUIRE(problem.where == path || problem.where.compare(0, path.size() + 1, path + ":") == 0,
                     "where " + problem.where + "; " + context);
        FUZZ_REQUIRE(!problem.reason.empty() && utf8::is_valid(problem.reason),
                     "reason " + escaped(problem.reason) + "; " + context);
    }
}

void check_text_article(const Outcome& outcome, std::string_view content, const std::string& path,
                        const std::string& context) {
    FUZZ_REQUIRE(outcome.articles.size() <= 1, context);
    check_problems(outcome, path, context);
    if (outcome.articles.empty()) {
        // Every file that gives no article says why.
        bool lost = false;
        for (const auto& problem : outcome.problems) lost = lost || problem.article_lost;
        FUZZ_REQUIRE(lost, context);
        return;
    }
    const Article& article = outcome.articles.front();
    FUZZ_REQUIRE(!article.title.empty(), context);
    FUZZ_REQUIRE(utf8::is_valid(article.title) && utf8::is_valid(article.body), context);
    FUZZ_REQUIRE(article.title.find('\n') == std::string::npos, context);
    FUZZ_REQUIRE(content.find(article.title) != std::string_view::npos, "title " + escaped(article.title) + "; " + context);
    FUZZ_REQUIRE(!article.id.empty() && article.origin == path, context);
}

bool same_articles(const Outcome& a, const Outcome& b) {
    if (a.articles.size() != b.articles.size() || a.problems.size() != b.problems.size()) return false;
    for (std::size_t i = 0; i < a.articles.size(); ++i)
        if (a.articles[i].title != b.articles[i].title || a.articles[i].body != b.articles[i].body) return false;
    for (std::size_t i = 0; i < a.problems.size(); ++i)
        if (a.problems[i].reason != b.problems[i].reason || a.problems[i].article_lost != b.problems[i].article_lost)
            return false;
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view content = fuzz::as_text(data, size);
    const std::string context = "content: " + escaped(content);
    ReaderOptions options;
    // Small enough that inputs reach the "line too long" paths.
    options.max_line_bytes = 256;

    const std::string plain = fuzz::scratch_path("article.txt");
    fuzz::write_file(plain, content);
    const Outcome from_plain = read(plain, InputFormat::plain_text, options);
    // zlib reads a file that starts like gzip as gzip, whatever its name:
    // such a "plain" file is not the text it holds.
    const bool looks_gzip = content.substr(0, 2) == "\x1F\x8B";
    if (!looks_gzip) check_text_article(from_plain, content, plain, context);

    const std::string gzip = fuzz::scratch_path("article.txt.gz");
    fuzz::write_gzip(gzip, content);
    const Outcome from_gzip = read(gzip, InputFormat::plain_text, options);
    check_text_article(from_gzip, content, gzip, context);
    FUZZ_REQUIRE(looks_gzip || same_articles(from_plain, from_gzip), "the gzip copy reads as the plain file; " + context);

    // The compressed bytes cut at a point the input chooses: a download or a
    // copy that stopped short.
    const std::string compressed = fuzz::read_file(gzip);
    const std::size_t cut = compressed.size() * (size ? data[0] : 0) / 256;
    const std::string truncated = fuzz::scratch_path("truncated.txt.gz");
    fuzz::write_file(truncated, std::string_view(compressed).substr(0, cut));
    const Outcome from_truncated = read(truncated, InputFormat::plain_text, options);
    FUZZ_REQUIRE(from_truncated.articles.size() <= 1, context);
    check_problems(from_truncated, truncated, context);

    // The same bytes as JSON Lines (the reader shares the line input).
    const std::string jsonl = fuzz::scratch_path("articles.jsonl");
    fuzz::write_file(jsonl, content);
    const Outcome from_jsonl = read(jsonl, InputFormat::json_lines, options);
    check_problems(from_jsonl, jsonl, context);
    std::size_t lines = 0;
    for (char c : content) lines += c == '\n';
    FUZZ_REQUIRE(from_jsonl.articles.size() <= lines + 1, context);
    for (const auto& article : from_jsonl.articles) {
        FUZZ_REQUIRE(!article.id.empty(), context);
        FUZZ_REQUIRE(article.origin.compare(0, jsonl.size() + 1, jsonl + ":") == 0, context);
    }
    return 0;
}
