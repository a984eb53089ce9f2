// The query lexer: tables of tokens, the rewriters' words, and a check
// against Xapian's own parser that the operators are where it reads them.
#include "test_support.h"

#include <fahras/analyzer.h>
#include <fahras/normalize.h>
#include <fahras/query_lexer.h>
#include <fahras/schema.h>

#include <doctest/doctest.h>

#include <xapian.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

using namespace fahras;

namespace {

// One token as a short string: words as they are (/title under a prefix,
// /q in a phrase, /j joined to the word before), <OP>, [prefix:],
// [source=value], {" and "}, + - ( ), [range …], 'punctuation'.
std::string render(const QueryToken& token, std::string_view text) {
    const std::string body(token.text(text));
    switch (token.kind) {
        case QueryTokenKind::word: {
            std::string out = body;
            if (token.prefix) out += "/" + std::string(token.prefix->name);
            if (token.in_phrase) out += "/q";
            if (token.phrased) out += "/j";
            return out;
        }
        case QueryTokenKind::op: return "<" + body + ">";
        case QueryTokenKind::field_prefix: return "[" + body + "]";
        case QueryTokenKind::boolean_filter:
            return "[" + std::string(token.prefix->name) + "=" +
                   std::string(text.substr(token.value_begin, token.value_end - token.value_begin)) + "]";
        case QueryTokenKind::phrase_open: return "{\"";
        case QueryTokenKind::phrase_close: return "\"}";
        case QueryTokenKind::love: return "+";
        case QueryTokenKind::hate: return "-";
        case QueryTokenKind::open_paren: return "(";
        case QueryTokenKind::close_paren: return ")";
        case QueryTokenKind::range: return (token.prefix ? "[range " : "[refused range ") + body + "]";
        case QueryTokenKind::wildcard: return "*";
        case QueryTokenKind::punctuation: return "'" + body + "'";
    }
    return "?";
}

std::string lexed(std::string_view text) {
    std::string out;
    for (const auto& token : lex_query(text)) out += (out.empty() ? "" : " ") + render(token, text);
    return out;
}

struct Row {
    const char* query;
    const char* tokens;
};

void check_rows(std::initializer_list<Row> rows) {
    for (const Row& row : rows) {
        CAPTURE(row.query);
        CHECK(lexed(row.query) == row.tokens);
    }
}

}  // namespace

TEST_CASE("operators: in capitals, alone, outside phrases and prefixes") {
    check_rows({
        {"حلب OR الرقة", "حلب <OR> الرقة"},
        {"حلب or الرقة", "حلب or الرقة"},
        {"a AND b NOT c XOR d", "a <AND> b <NOT> c <XOR> d"},
        {"a NEAR b ADJ c", "a <NEAR> b <ADJ> c"},
        {"a NEAR/3 b ADJ/12 c", "a <NEAR/3> b <ADJ/12> c"},
        {"a NEAR/0 b", "a NEAR '/' 0/j b"},   // no window: a word, and a phrase
        {"a NEAR/3x b", "a NEAR '/' 3x/j b"},
        {"a And b Or c", "a And b Or c"},
        {"ANDROID NOTE", "ANDROID NOTE"},
        {"AND's", "AND's"},                          // one word: AND's
        {"A.N.D b", "A.N.D b"},                      // capital initials
        {"\"a AND b\"", "{\" a/q AND/q b/q \"}"},    // in a phrase
        {"title:AND", "[title:] AND/title"},
        {"a-AND b", "a '-' AND/j b"},                // phrased
        {"AND, b", "<AND> ',' b"},
        {"NOT حلب", "<NOT> حلب"},
        {"AN\u200BD", "<AN\u200BD>"},                // a zero-width space inside is skipped
    });
    for (const auto name : QUERY_OPERATORS) CHECK(operator_spelled(name));
    CHECK(operator_spelled("NEAR") == QueryOperator::NEAR);
    for (const char* word : {"and", "Not", "NOT2", "", "ANDS", "NEAR/3"}) {
        CAPTURE(word);
        CHECK_FALSE(operator_spelled(word));
    }
    // FLAG_BOOLEAN_ANY_CASE would read them in any case.
    const std::string any_case = "a and b";
    const auto tokens = lex_query(any_case, query_parser_flags() | Xapian::QueryParser::FLAG_BOOLEAN_ANY_CASE);
    REQUIRE(tokens.size() == 3);
    CHECK(tokens[1].kind == QueryTokenKind::op);
    CHECK(tokens[1].op == QueryOperator::AND);
}

TEST_CASE("prefixes: the known ones from schema.h, place: and date:") {
    check_rows({
        {"title:حلب", "[title:] حلب/title"},
        {"author:x y", "[author:] x/author y"},
        {"title:\"مجلس الوزراء\" x", "[title:] {\" مجلس/title/q الوزراء/title/q \"} x"},
        {"title:(a b) c", "[title:] ( a/title b/title ) c"},
        {"title:a-b", "[title:] a/title '-' b/title/j"},
        {"title:-x", "[title:] '-' x/title"},
        {"source:okaz year:2015", "[source=okaz] [year=2015]"},
        {"source:\"الشرق الأوسط\" x", "[source=الشرق الأوسط] x"},
        {"source:\"a\"\"b\"", "[source=a\"\"b]"},
        {"source:x)", "[source=x] )"},
        {"place:حلب -place:دمشق", "[place=حلب] - [place=دمشق]"},
        {"month:201507", "[month=201507]"},
        // Unknown, or no prefix after all: a word, and the colon joins a phrase.
        {"xyz:حلب", "xyz ':' حلب/j"},
        {"Title:x", "Title ':' x/j"},
        {"date:x", "date ':' x/j"},
        {"title: x", "title ':' x"},
        {"title:)x", "title ':' ) x"},
        {"title::x", "title ':' ':' x/j"},
        {"title:", "title ':'"},
        {"\"title:x\"", "{\" title/q ':' x/q/j \"}"},
    });
    std::vector<std::string_view> names;
    for (const auto& prefix : query_prefixes()) names.push_back(prefix.name);
    CHECK(names == std::vector<std::string_view>{"title", "author", "source", "year", "month", "place", "date"});
    const std::string query = "حلب place:دمشق";
    CHECK(uses_prefix(lex_query(query), PLACE_QUERY_PREFIX));
    CHECK_FALSE(uses_prefix(lex_query(query), "title"));
    for (const char* text : {"\"place:x\"", "place: x", "xplace:x", "Place:x"}) {
        CAPTURE(text);
        CHECK_FALSE(uses_prefix(lex_query(text), PLACE_QUERY_PREFIX));
    }
}

TEST_CASE("phrases: \" “ ” and « », balanced or not") {
    check_rows({
        {"\"a b\" c", "{\" a/q b/q \"} c"},
        {"«a b» c", "{\" a/q b/q \"} c"},
        {"“a b” c", "{\" a/q b/q \"} c"},
        {"\"a b", "{\" a/q b/q"},                // closed by the end
        {"a \"", "a '\"'"},                       // nothing after: skipped
        {"a \"\" b", "a '\"' '\"' b"},            // empty: skipped
        {"a \" \" b", "a '\"' '\"' b"},
        {"a\"b c\"", "a {\" b/q c/q \"}"},
        {"\"a-b c\" d", "{\" a/q '-' b/q/j c/q \"} d"},
        {"\"U.N. x\"", "{\" U.N./q x/q \"}"},
    });
}

TEST_CASE("+ and -, parentheses, balanced or not") {
    check_rows({
        {"+a -b", "+ a - b"},
        {"a - b", "a '-' b"},                     // lone: skipped
        {"a + b", "a '+' b"},
        {"a -", "a '-'"},
        {"--a", "'-' '-' a"},
        {"-+a", "'-' '+' a"},
        {"a-b", "a '-' b/j"},
        {"C++ x", "C '+' '+' x"},
        {"(a OR b) -c", "( a <OR> b ) - c"},
        {"-(a b)", "- ( a b )"},
        {"(a", "( a"},
        {"a)", "a )"},                            // nothing to close: the parser fails
        {"a(b c)", "a '(' b c )"},                // ( only after a space, bracket, + or -
        {"a () b", "a '(' ')' b"},
        {"a (", "a '('"},
        {"x\u0600(b)", "x '\u0600' ( b )"},       // Xapian tests the low byte of the character before
        {"a*", "a *"},                            // word*: the words beginning with it
        {"a*b", "a '*' b"},                       // a word after it: punctuation
        {"* a", "'*' a"},
    });
    const std::string wild = "حلب* x";
    const auto tokens = lex_query(wild, query_parser_flags() & ~unsigned(Xapian::QueryParser::FLAG_WILDCARD));
    REQUIRE(tokens.size() == 3);
    CHECK(tokens[1].kind == QueryTokenKind::punctuation);
}

TEST_CASE("ranges: date:FROM..TO, and the ones the parser refuses") {
    check_rows({
        {"date:2015-07-21..2015-07-25 حلب", "[range date:2015-07-21..2015-07-25] حلب"},
        {"date:2015-07-21.. x", "[range date:2015-07-21..] x"},
        {"(date:..2015-07-25)", "( [range date:..2015-07-25] )"},
        {"2015..2016", "[refused range 2015..2016]"},
        {"a \"b..c\"", "a [refused range \"b..c\"]"},
        {".. a", "'.' '.' a"},
        {"\"a..b c\"", "[refused range \"a..b] c '\"'"},
        {"source:a..b", "[source=a..b]"},        // a colon: a boolean value after all
        {"a. b", "a '.' b"},
    });
}

TEST_CASE("Arabic text with its punctuation, and what the parser skips") {
    check_rows({
        {"قصف في حلب، اليوم؟", "قصف في حلب '،' اليوم '؟'"},
        {"حلب—دمشق", "حلب '—' دمشق"},
        {"مجلس الوزراء: اجتماع", "مجلس الوزراء ':' اجتماع"},
        {"١٢٫٥ 2,500 l’ONU", "١٢ '٫' ٥ 2,500 l’ONU"},  // ٫ joins no digits until normalized to .
        {"مدي\u200Cنة", "مدي\u200Cنة"},
        {"a\tb\nc", "a b c"},                     // controls are whitespace
        {"\xFF" "a", "'\xFF' a"},
    });
}

TEST_CASE("spans cover the text: every byte that is no whitespace is in one token") {
    const std::string text = "title:\"a b\" -(c OR d) source:x «e» f..g, NEAR/2 ؟";
    const auto tokens = lex_query(text);
    std::string covered(text.size(), ' ');
    std::size_t last_end = 0;
    for (const auto& token : tokens) {
        CHECK(token.begin >= last_end);
        CHECK(token.end > token.begin);
        for (std::size_t i = token.begin; i < token.end; ++i) covered[i] = text[i];
        last_end = token.end;
    }
    CHECK(covered == text);
}

TEST_CASE("the rewriters' words: between spaces, syntax by character") {
    CHECK(spaced_words("  a  b\tc ") == std::vector<std::string_view>{"a", "b\tc"});
    CHECK(spaced_words("").empty());
    for (const char* word : {"AND", "NEAR", "title:x", "\"a", "(b", "c)", "-c", "+d", "a-b", "x:", "a*"}) {
        CAPTURE(word);
        CHECK(is_syntax_word(word));
    }
    for (const char* word : {"حلب", "and", "AND,", "NEAR/3", "a.b", "a/b", "“a", "2015..2016", ""}) {
        CAPTURE(word);
        CHECK_FALSE(is_syntax_word(word));
    }
    struct SegmentRow {
        const char* text;
        std::vector<std::pair<std::string, bool>> segments;
    };
    for (const SegmentRow& row : std::initializer_list<SegmentRow>{
             {"a \"b c\" d", {{"a ", false}, {"b c", true}, {" d", false}}},
             {"\"a\"\"b\"", {{"a", true}, {"b", true}}},
             {"a\"", {{"a", false}, {"", true}}},
             {"a \"\" b", {{"a ", false}, {"", true}, {" b", false}}},
             {"", {}},
         }) {
        CAPTURE(row.text);
        std::vector<std::pair<std::string, bool>> got;
        for (const auto& segment : quote_segments(row.text)) got.emplace_back(segment.text, segment.quoted);
        CHECK(got == row.segments);
    }
    const std::string runs_text = "-حلب (a_b) x-y \xFF z";
    std::vector<std::string> runs;
    for (const TextSpan run : word_runs(runs_text)) runs.push_back(runs_text.substr(run.begin, run.end - run.begin));
    CHECK(runs == std::vector<std::string>{"حلب", "a_b", "x", "y", "z"});
}

// Where the rewriters (variants, proximity, exact forms, stopword deferral,
// --explain) read a query otherwise than the parser does.  Kept so that
// results stay what they were; query_lexer.h lists them.  A change that
// aligns the rewriters with the parser updates this table.
TEST_CASE("known differences between the rewriters' words and the parser's tokens") {
    // “ ” quote a phrase for the parser; the rewriters see plain words.
    CHECK(lexed("“a b”") == "{\" a/q b/q \"}");
    CHECK(quote_segments("“a b”").size() == 1);
    CHECK_FALSE(is_syntax_word("“a"));
    // A quote inside a boolean value opens a phrase for the rewriters only.
    CHECK(lexed("source:a\"b c") == "[source=a\"b] c");
    CHECK(quote_segments("source:a\"b c").size() == 2);
    // Operators and phrases the rewriters take for plain words.
    CHECK(lexed("AND,") == "<AND> ','");
    CHECK(lexed("NEAR/3") == "<NEAR/3>");
    CHECK(lexed("a.b") == "a '.' b/j");
    for (const char* word : {"AND,", "NEAR/3", "a.b"}) CHECK_FALSE(is_syntax_word(word));
    // A tab separates tokens, not the rewriters' words.
    CHECK(lexed("a\tb") == "a b");
    CHECK(spaced_words("a\tb").size() == 1);
}

namespace {

// Pieces of generated queries: words, operators in both cases, prefixes
// known and unknown, quotes of every kind, brackets, + and -, colons,
// ranges, Arabic punctuation.
const std::vector<std::string> PIECES = {
    "حلب", "الرقة", "أمريكا", "تنظيم", "الدولة", "في", "x", "Reuters", "and", "or", "not", "near",
    "AND", "OR", "NOT", "XOR", "NEAR", "ADJ", "NEAR/2", "ADJ/0", "AND's", "A.N.D", "U.N.", "NOT2",
    "title:", "author:", "source:", "place:", "year:", "date:", "xyz:", "Title:", ":", "::",
    "\"", "«", "»", "“", "”", "(", ")", "+", "-", "*", "..", ".", "/", ",", "،", "؟", "—",
    "2015-07-01", "٢٠١٥", "_", "'", "\u200B",
};

std::string generated_query(std::mt19937& random) {
    return fahras::test::generated_query(random, PIECES, 8);
}

std::string description(Xapian::QueryParser& parser, const std::string& query, unsigned flags) {
    try {
        return parser.parse_query(query, flags).get_description();
    } catch (const Xapian::QueryParserError& e) {
        return "error: " + e.get_msg();
    }
}

}  // namespace

// The lexer's operators are exactly the words whose case the parser cares
// about: spelling an operator in small letters changes the parsed query
// where the lexer reads an operator, and nowhere else (a word's case never
// matters: the parser lower-cases terms).  Stemming is off, since it skips
// words in capitals.  After a syntax error the parser reads the query again
// without flags (every operator a word); a query it parses as it does
// without flags is left out, and so is one of which it keeps only the
// filters ("0 * XPx": the words dropped, the grammar's doing).
TEST_CASE("lex_query finds operators exactly where Xapian's parser reads them") {
    const Analyzer analyzer("snowball");
    Xapian::QueryParser parser = analyzer.make_query_parser(Xapian::Database());
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_NONE);
    parser.add_boolean_prefix(std::string(PLACE_QUERY_PREFIX), std::string(PREFIX_PLACE));
    std::mt19937 random(2015);
    std::size_t operators_checked = 0, words_checked = 0;
    for (int n = 0; n < 8000; ++n) {
        const std::string query = normalize_text(generated_query(random), TextRole::query);
        const std::string parsed = description(parser, query, query_parser_flags());
        if (parsed.rfind("error: ", 0) == 0 || parsed.rfind("Query(0 * ", 0) == 0 ||
            parsed == description(parser, query, 0))
            continue;
        const auto tokens = lex_query(query);
        for (const TextSpan run : word_runs(query)) {
            const std::string_view word = std::string_view(query).substr(run.begin, run.end - run.begin);
            if (!operator_spelled(word)) continue;
            // A word run inside a boolean value or a range keeps its case.
            const auto token = std::find_if(tokens.begin(), tokens.end(), [&](const QueryToken& t) {
                return t.begin <= run.begin && run.end <= t.end;
            });
            REQUIRE(token != tokens.end());
            if (token->kind != QueryTokenKind::word && token->kind != QueryTokenKind::op) continue;
            // C++-like suffixes depend on the database: "AND+" is left out.
            if (run.end < query.size() && (query[run.end] == '+' || query[run.end] == '#')) continue;
            std::string lowered = query;
            for (std::size_t i = run.begin; i < run.end; ++i) lowered[i] = static_cast<char>(lowered[i] - 'A' + 'a');
            const bool changed = description(parser, lowered, query_parser_flags()) != parsed;
            CAPTURE(query);
            CAPTURE(word);
            CAPTURE(run.begin);
            if (token->kind == QueryTokenKind::op) {
                CHECK(changed);
                ++operators_checked;
            } else {
                CHECK_FALSE(changed);
                ++words_checked;
            }
        }
    }
    // The generator must reach both sides.
    CHECK(operators_checked > 300);
    CHECK(words_checked > 300);
}
