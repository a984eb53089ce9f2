// The code stays readable by a newcomer: no source file over MAX_FILE_LINES,
// no function over MAX_FUNCTION_LINES (the option tables aside), and no
// stage of the searcher that includes its facade.  Checked here, on every
// file of the source tree, so a change that breaks the layout fails the
// build's tests instead of waiting for a review.
#include "test_support.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

constexpr std::size_t MAX_FILE_LINES = 500;
constexpr std::size_t MAX_FUNCTION_LINES = 80;

// Functions allowed to be longer, each with its reason.
const std::set<std::string> LONG_FUNCTIONS_ALLOWED = {
    // Boost.ProgramOptions tables: one line per option, read as a table.
    "parse_indexer_options",
    "parse_searcher_options",
};

/** @a source with comments, string and character literals blanked out
 *  (newlines kept), so braces inside them do not count. */
std::string code_only(const std::string& source) {
    std::string out = source;
    std::size_t i = 0;
    auto blank = [&](std::size_t from, std::size_t to) {
        for (std::size_t k = from; k < to && k < out.size(); ++k)
            if (out[k] != '\n') out[k] = ' ';
    };
    while (i < source.size()) {
        const char c = source[i];
        if (c == '/' && i + 1 < source.size() && source[i + 1] == '/') {
            const std::size_t end = source.find('\n', i);
            const std::size_t stop = end == std::string::npos ? source.size() : end;
            blank(i, stop);
            i = stop;
        } else if (c == '/' && i + 1 < source.size() && source[i + 1] == '*') {
            const std::size_t end = source.find("*/", i + 2);
            const std::size_t stop = end == std::string::npos ? source.size() : end + 2;
            blank(i, stop);
            i = stop;
        } else if (c == 'R' && i + 1 < source.size() && source[i + 1] == '"' &&
                   (i == 0 || !(std::isalnum(static_cast<unsigned char>(source[i - 1])) || source[i - 1] == '_'))) {
            const std::size_t open = source.find('(', i + 2);
            if (open == std::string::npos) break;
            const std::string closing = ")" + source.substr(i + 2, open - i - 2) + "\"";
            const std::size_t end = source.find(closing, open);
            const std::size_t stop = end == std::string::npos ? source.size() : end + closing.size();
            blank(i + 1, stop);
            i = stop;
        } else if (c == '"' || c == '\'') {
            // A digit separator (1'000'000) is no character literal.
            if (c == '\'' && i > 0 && std::isxdigit(static_cast<unsigned char>(source[i - 1]))) {
                ++i;
                continue;
            }
            std::size_t k = i + 1;
            while (k < source.size() && source[k] != c && source[k] != '\n') k += source[k] == '\\' ? 2 : 1;
            blank(i + 1, k);
            i = k + 1;
        } else {
            ++i;
        }
    }
    return out;
}

struct LongFunction {
    std::size_t line;   ///< of the opening brace, from 1
    std::size_t lines;  ///< from the opening to the closing brace
    std::string head;   ///< what comes before the brace: the signature
};

std::string trimmed(const std::string& text) {
    const auto begin = text.find_first_not_of(" \t\n");
    if (begin == std::string::npos) return {};
    return text.substr(begin, text.find_last_not_of(" \t\n") - begin + 1);
}

/** Whether the text before a brace, @a head, makes the brace a function's
 *  body: a parameter list, then perhaps qualifiers; or a lambda's capture. */
bool opens_function(std::string head) {
    head = trimmed(head);
    for (const char* qualifier : {"override", "final", "noexcept", "const", "mutable"}) {
        const std::string q(qualifier);
        if (head.size() > q.size() && head.compare(head.size() - q.size(), q.size(), q) == 0) {
            head = trimmed(head.substr(0, head.size() - q.size()));
        }
    }
    if (const auto arrow = head.rfind("->"); arrow != std::string::npos && head.find(')', arrow) == std::string::npos)
        head = trimmed(head.substr(0, arrow));
    if (head.empty() || (head.back() != ')' && head.back() != ']')) return false;
    std::istringstream words(head);
    std::string first;
    words >> first;
    for (const char* control : {"if", "for", "while", "switch", "catch", "if(", "for(", "while(", "switch(", "catch("})
        if (first == control || first.rfind(std::string(control) + "(", 0) == 0) return false;
    return true;
}

/** The functions of @a source longer than @a max_lines, outermost only (a
 *  lambda inside a function counts as part of it). */
std::vector<LongFunction> long_functions(const std::string& source, std::size_t max_lines) {
    const std::string code = code_only(source);
    struct Open {
        bool function;
        std::size_t line;
        std::string head;
    };
    std::vector<Open> open;
    std::vector<LongFunction> found;
    std::size_t line = 1, head_start = 0;
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (c == '\n') {
            ++line;
        } else if (c == '{') {
            const std::string head = code.substr(head_start, i - head_start);
            const bool inside_function =
                std::any_of(open.begin(), open.end(), [](const Open& o) { return o.function; });
            open.push_back({!inside_function && opens_function(head), line, trimmed(head)});
            head_start = i + 1;
        } else if (c == '}') {
            if (!open.empty()) {
                const Open o = open.back();
                open.pop_back();
                if (o.function && line - o.line + 1 > max_lines) found.push_back({o.line, line - o.line + 1, o.head});
            }
            head_start = i + 1;
        } else if (c == ';') {
            head_start = i + 1;
        }
    }
    return found;
}

std::vector<fs::path> source_files() {
    std::vector<fs::path> files;
    for (const char* dir : {"common", "indexer", "searcher", "serve", "alerts", "tests", "fuzz", "bench"}) {
        const fs::path root = fs::path(fahras::test::source_dir()) / dir;
        if (!fs::exists(root)) continue;
        for (const auto& entry : fs::recursive_directory_iterator(root)) {
            const auto ext = entry.path().extension();
            if (entry.is_regular_file() && (ext == ".cpp" || ext == ".h")) files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::size_t line_count(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

bool allowed(const LongFunction& function) {
    return std::any_of(LONG_FUNCTIONS_ALLOWED.begin(), LONG_FUNCTIONS_ALLOWED.end(),
                       [&](const std::string& name) { return function.head.find(name + "(") != std::string::npos; });
}

}  // namespace

TEST_CASE("the layout check finds long functions, and only functions") {
    const std::string body(90, '\n');
    CHECK(long_functions("int f(int x) {" + body + "}\n", 80).size() == 1);
    CHECK(long_functions("int f(int x) const noexcept {" + body + "}\n", 80).size() == 1);
    CHECK(long_functions("auto f() -> int {" + body + "}\n", 80).size() == 1);
    CHECK(long_functions("static const auto table = [] {" + body + "}();\n", 80).size() == 1);
    CHECK(long_functions("int f(int x) {" + std::string(70, '\n') + "}\n", 80).empty());
    // Namespaces, classes and tables are no functions; their functions are.
    CHECK(long_functions("namespace a {" + body + "}\n", 80).empty());
    CHECK(long_functions("struct S {" + body + "};\n", 80).empty());
    CHECK(long_functions("const int T[] = {" + body + "};\n", 80).empty());
    CHECK(long_functions("namespace a { struct S { void f() {" + body + "} }; }\n", 80).size() == 1);
    // A long if inside a short function is the function's length, not its own.
    CHECK(long_functions("void f() { if (x) {" + body + "} }\n", 80).size() == 1);
    // Braces in strings, characters and comments do not count.
    CHECK(long_functions("void f() { auto s = \"}\"; char c = '}'; // }\n" + body + "}\n", 80).size() == 1);
    CHECK(long_functions("void f() { auto s = R\"x(})x\"; /* } */" + body + "}\n", 80).size() == 1);
    const auto found = long_functions("\nint answer(int x) {" + body + "}\n", 80);
    REQUIRE(found.size() == 1);
    CHECK(found[0].line == 2);
    CHECK(found[0].lines == 91);
    CHECK(found[0].head == "int answer(int x)");
}

TEST_CASE("no source file is over 500 lines and no function over 80") {
    const auto files = source_files();
    REQUIRE(files.size() > 50);  // the tree was found
    for (const auto& path : files) {
        const std::string text = fahras::test::read_file(path.string());
        const std::string name = fs::relative(path, fahras::test::source_dir()).string();
        INFO(name);
        CHECK(line_count(text) <= MAX_FILE_LINES);
        for (const auto& function : long_functions(text, MAX_FUNCTION_LINES)) {
            if (allowed(function)) continue;
            INFO("line ", function.line, ": ", function.lines, " lines: ", function.head);
            CHECK(function.lines <= MAX_FUNCTION_LINES);
        }
    }
}

TEST_CASE("no stage of the searcher includes its facade") {
    // searcher.h is what programs call; the stages (and what they use)
    // take their types from search_types.h, so they build without it.
    for (const auto& path : source_files()) {
        const std::string name = fs::relative(path, fahras::test::source_dir()).string();
        if (name.rfind("searcher/", 0) != 0 || path.extension() != ".h") continue;
        if (name == "searcher/searcher.h" || name == "searcher/search_cli.h") continue;
        INFO(name);
        CHECK(fahras::test::read_file(path.string()).find("#include \"searcher.h\"") == std::string::npos);
    }
}
