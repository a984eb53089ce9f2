// Command-line parsing for fahras-search: the only file that knows Boost.
#include "search_cli.h"

#include "request_params.h"

#include <fahras/cli_common.h>
#include <fahras/cli_options.h>
#include <fahras/dates.h>
#include <fahras/error.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <unistd.h>

namespace po = boost::program_options;

namespace fahras {

namespace {

// What fahras-search says about itself before its options.
std::string usage_caption() {
    return
        "Usage: fahras-search [--db DIR] [OPTIONS] QUERY...\n"
        "       fahras-search [--db DIR] [OPTIONS] --like ID [FILTERS...]\n\n"
        "Search a Fahras database.  Spelling variants match: diacritics, tatweel,\n"
        "hamza forms, ة/ه, ى/ي, Arabic-Indic digits and presentation forms.\n\n"
        "Query syntax:\n"
        "  words            ranked by BM25, any word may match (--all: every word)\n"
        "  \"a phrase\"       also «a phrase»\n"
        "  -word +word      exclude / require a word\n"
        "  AND OR NOT       boolean operators (in capitals)\n"
        "  title:word  author:word  source:NAME  year:2015  month:201507\n"
        "  date:2015-07-21..2015-07-25   a date range (either end may be left open)\n"
        "  date:1436-09h..1436-10h       a range of Hijri (Umm al-Qura) dates\n"
        "  place:حلب        articles about a place or a place inside it\n"
        "What the parser cannot read as syntax (a.. b, a quote or bracket without its\n"
        "pair, AND at the end) is searched as plain words, with a note on stderr.\n"
        "Name variants (أمريكا/أميركا, داعش/«تنظيم الدولة») match each other; words\n"
        "standing together rank higher; a query that finds little gets a spelling correction,\n"
        "whose results are shown instead when it finds more (--no-correct: never).\n"
        "A query may have up to " + std::to_string(MAX_QUERY_BYTES) + " bytes and " + std::to_string(MAX_QUERY_WORDS) +
        " words.\n\nOptions";
}

// Options read as text, checked and converted by apply_options.
struct TextOptions {
    std::string sort = "relevance", highlight = "auto", bidi = "auto", from, to, near, limit, offset, snippet_chars;
    std::string like, like_terms = "names";
    std::vector<std::string> sources;
    std::string facets, date_interval;
    std::string remote_timeout = "5";  // DEFAULT_REMOTE_TIMEOUT
};

// --highlight and --bidi given alone mean "always", --facets alone "all",
// and each takes a value word that follows (--highlight brackets, --facets
// places,dates).  Boost would take any word that follows as the value
// (--highlight حلب: "--highlight expects…"), so the arguments are made
// explicit first: a value word is joined to its option, and before any
// other word the option becomes --highlight=always (--facets=all).
std::vector<std::string> join_output_values(int argc, const char* const argv[]) {
    static const std::vector<std::pair<std::string, std::vector<std::string>>> OPTIONS = {
        {"--highlight", {"auto", "always", "never", "ansi", "brackets", "none"}},
        {"--bidi", {"auto", "always", "never"}},
        {"--facets", {}},  // names_facets() says which words are values
    };
    std::vector<std::string> args(argv, argv + argc);
    for (std::size_t i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == "--") break;
        for (const auto& [name, values] : OPTIONS) {
            if (args[i] != name) continue;
            const bool value = name == "--facets" ? names_facets(args[i + 1])
                                                  : std::find(values.begin(), values.end(), args[i + 1]) != values.end();
            if (!value) {
                args[i] += name == "--facets" ? "=all" : "=always";
            } else {
                args[i] += "=" + args[i + 1];
                args.erase(args.begin() + static_cast<std::ptrdiff_t>(i) + 1);
            }
            break;
        }
    }
    return args;
}

// When stdout is a terminal, people read the output: the matches are in
// bold and each field is isolated, so that Arabic and Latin keep their
// order.  Elsewhere (a pipe, a file) a script or another program reads it,
// and gets the text plain, as grep --color=auto does.  The text is made
// safe for a terminal (terminal_text.h) in every case.
void apply_output_options(const po::variables_map& vm, const TextOptions& text, bool terminal, SearcherOptions& opts) {
    const std::string& how = text.highlight;
    if (how == "auto") opts.highlight = terminal ? HighlightStyle::ansi : HighlightStyle::none;
    else if (how == "always") opts.highlight = terminal ? HighlightStyle::ansi : HighlightStyle::brackets;
    else if (how == "ansi") opts.highlight = HighlightStyle::ansi;
    else if (how == "brackets") opts.highlight = HighlightStyle::brackets;
    else if (how == "never" || how == "none") opts.highlight = HighlightStyle::none;
    else throw po::error("--highlight expects auto, always, never, ansi or brackets, got '" + how + "'");
    if (vm.count("no-bidi") && !vm["bidi"].defaulted())
        throw po::error("--bidi and --no-bidi contradict each other: give one");
    const std::string& bidi = vm.count("no-bidi") ? "never" : text.bidi;
    if (bidi == "auto") opts.bidi_isolates = terminal;
    else if (bidi == "always") opts.bidi_isolates = true;
    else if (bidi == "never") opts.bidi_isolates = false;
    else throw po::error("--bidi expects auto, always or never, got '" + bidi + "'");
}

void add_options(po::options_description& visible, SearcherOptions& opts, TextOptions& text) {
    SearchRequest& request = opts.request;
    visible.add_options()
        ("db,d", po::value(&opts.db_path)->default_value(default_database_path()),
         "database directory, sharded directory or stub file listing shards (default $FAHRAS_DB or ./fahras-db)")
        ("remote-timeout", po::value(&text.remote_timeout)->value_name("SECONDS")->default_value(text.remote_timeout),
         "how long a remote shard (remote HOST:PORT in a stub) may take to connect or answer before the search "
         "fails (exit 69) or, with --partial, goes on without it")
        ("partial", po::bool_switch(&request.partial),
         "when a remote shard does not answer, show the results of the others and name it (shards_failed)")
        ("limit,n", po::value(&text.limit)->default_value(text.limit),
         ("show at most N results (at most " + std::to_string(MAX_LIMIT) + ")").c_str())
        ("offset", po::value(&text.offset)->default_value(text.offset), "skip the first N results")
        ("sort", po::value(&text.sort)->default_value(text.sort), "relevance or date (newest first)")
        ("from", po::value(&text.from),
         "only articles dated on or after YYYY[-MM[-DD]], or a Hijri date: 1436h, 1436-09h, 1436-09-05h (or هـ)")
        ("to", po::value(&text.to), "only articles dated on or before YYYY[-MM[-DD]] or a Hijri date; a year or "
         "month means to its last day")
        ("all", po::bool_switch(&request.match_all), "require every word (default: rank by any)")
        ("like", po::value(&text.like)->value_name("ID"),
         "the articles about the same story or subject as the article with this id (as results show it), "
         "its own story left out; the query may then hold only filters (exit 67: no such article)")
        ("like-terms", po::value(&text.like_terms)->value_name("HOW")->default_value(text.like_terms),
         "what --like looks for: names (the article's words, its names and places weighed double, near "
         "dates first), or for comparison plain (Xapian's expand set as it is) or title (the title's words)")
        ("source", po::value(&text.sources)->composing()->value_name("NAME"),
         "only articles of this source (as source:NAME in the query); repeatable: any of them")
        ("place", po::value(&request.places)->composing(),
         "NAME: only articles about this place or places inside it (Arabic or English name, or id); repeatable")
        ("country", po::value(&request.countries)->composing(),
         "NAME: only articles about this country or places in it (Arabic or English name, or ISO code); repeatable")
        ("near", po::value(&text.near), "LAT,LON: only articles mentioning a place within --km of this point")
        ("km", po::value(&request.near_km)->default_value(request.near_km), "radius for --near, in km (positive)")
        ("facets", po::value(&text.facets)->value_name("WHICH")->implicit_value("all"),
         "also count among the matches: the top places, countries and sources, and a timeline (dates); "
         "--facets alone counts all, --facets places,dates some")
        ("date-interval", po::value(&text.date_interval)->value_name("STEP"),
         "the timeline's buckets: day, month, year, or auto (by the span of the matches: days up to 92 days, "
         "months up to 120 months, else years)")
        ("variants", po::value(&opts.variant_files)->composing(),
         "FILE: more name variants (one group a line, members separated by |); repeatable")
        ("no-variants", "do not expand name variants (أمريكا/أميركا, داعش/تنظيم الدولة…)")
        ("stopwords", po::bool_switch(&request.stopwords),
         "drop Arabic stopwords (data/stopwords_ar.txt) from free text, also from the weighing of "
         "the first results; phrases keep them")
        ("no-proximity", "do not rank words standing together above scattered ones")
        ("no-exact-forms", "do not rank the forms typed above other forms of their stems")
        ("no-verb-forms", "do not also search a present-tense verb's past forms (يعلن → أعلن, يعود → عاد)")
        ("explain", po::bool_switch(&request.explain), "show how each query word was normalized and stemmed")
        ("no-correct", ("search exactly what was typed: not its spelling correction when it finds fewer than " +
         std::to_string(FEW_RESULTS) + " articles and the correction more").c_str())
        ("no-collapse", "show every copy of a story printed by several papers, not only the best-ranked one "
         "with its other versions; totals then count articles, not stories")
        ("strict", po::bool_switch(&request.strict),
         "refuse (exit 65) a query whose syntax cannot all be read, instead of searching it as plain words")
        ("snippet-length", po::value(&text.snippet_chars)->default_value(text.snippet_chars),
         ("snippet length in characters (0: no snippet; at most " + std::to_string(MAX_SNIPPET_CHARS) + ")").c_str())
        ("json", po::bool_switch(&opts.json), "JSON Lines: one object per result, then a summary")
        ("highlight",
         po::value(&text.highlight)->value_name("HOW")->default_value(text.highlight)->implicit_value("always"),
         "mark the matches: auto (bold on a terminal, none in a pipe or file), always (--highlight "
         "alone: bold on a terminal, else [brackets]), ansi (bold codes even in a pipe), brackets, never")
        ("bidi", po::value(&text.bidi)->value_name("WHEN")->default_value(text.bidi)->implicit_value("always"),
         "wrap each field in Unicode bidi isolates (U+2068…U+2069): auto (on a terminal only), always "
         "(--bidi alone), never")
        ("no-bidi", "the same as --bidi=never")
        ("help,h", po::bool_switch(&opts.show_help), "show this help")
        ("version", po::bool_switch(&opts.show_version), "show the version");
}

void apply_options(const po::variables_map& vm, const std::vector<std::string>& words, const TextOptions& text,
                   bool terminal, SearcherOptions& opts) {
    SearchRequest& request = opts.request;
    for (const auto& word : words) request.query += (request.query.empty() ? "" : " ") + word;
    // --source NAME is the query's source:NAME, as the API's source=NAME.
    for (const auto& source : text.sources) {
        if (source.empty() || source.find_first_of(" \t\r\n\"()") != std::string::npos)
            throw po::error("--source expects a source name without spaces, quotes or brackets, got '" + source + "'");
        request.query += (request.query.empty() ? "" : " ") + ("source:" + source);
    }
    if (vm.count("like")) {
        if (text.like.empty()) throw po::error("--like expects an article id, got ''");
        request.like = text.like;
    }
    if (text.like_terms == "names") request.like_terms = LikeTerms::names;
    else if (text.like_terms == "plain") request.like_terms = LikeTerms::plain;
    else if (text.like_terms == "title") request.like_terms = LikeTerms::title;
    else throw po::error("--like-terms expects names, plain or title, got '" + text.like_terms + "'");
    request.sort = sort_param("--sort", text.sort);
    apply_output_options(vm, text, terminal, opts);
    opts.timeline_bars = terminal;
    if (vm.count("from")) request.from = date_param("--from", text.from, false);
    if (vm.count("to")) request.to = date_param("--to", text.to, true);
    if (request.from && request.to && *request.from > *request.to) throw po::error("--from is after --to");
    request.variants = vm.count("no-variants") == 0;
    request.proximity = vm.count("no-proximity") == 0;
    request.exact_forms = vm.count("no-exact-forms") == 0;
    request.verb_forms = vm.count("no-verb-forms") == 0;
    request.correct = vm.count("no-correct") == 0;
    request.collapse = vm.count("no-collapse") == 0;
    request.facets = vm.count("facets") > 0;
    if (request.facets) request.facet_kinds = facets_param("--facets", text.facets);
    if (vm.count("date-interval")) {
        if (!request.facets || !(request.facet_kinds & FACET_DATES))
            throw po::error("--date-interval sets the timeline's buckets: give it with --facets (all or dates)");
        request.date_interval = interval_param("--date-interval", text.date_interval);
    }
    opts.remote_timeout = timeout_param("--remote-timeout", text.remote_timeout);
    request.limit = count_param("--limit", text.limit, 1, MAX_LIMIT);
    request.offset = count_param("--offset", text.offset, 0, MAX_OFFSET);
    request.snippet_chars = count_param("--snippet-length", text.snippet_chars, 0, MAX_SNIPPET_CHARS);
    if (vm.count("near")) request.near = near_param("--near", text.near);
    const bool filters = request.from || request.to || !request.places.empty() || !request.countries.empty() || request.near;
    if (request.query.find_first_not_of(' ') == std::string::npos && !filters && !request.like)
        throw po::error("no QUERY given (or give --from/--to, --place, --country or --near to list articles by date, "
                        "or --like ID for the articles related to one)");
}

}  // namespace

SearcherOptions parse_searcher_options(int argc, const char* const argv[]) {
    return parse_searcher_options(argc, argv, isatty(STDOUT_FILENO) == 1);
}

SearcherOptions parse_searcher_options(int argc, const char* const argv[], bool stdout_is_terminal) {
    SearcherOptions opts;
    TextOptions text;
    text.limit = std::to_string(opts.request.limit);
    text.offset = std::to_string(opts.request.offset);
    text.snippet_chars = std::to_string(opts.request.snippet_chars);
    po::options_description visible(usage_caption());
    add_options(visible, opts, text);
    std::vector<std::string> words;
    const std::vector<std::string> args = join_output_values(argc, argv);
    std::vector<const char*> joined;
    for (const auto& arg : args) joined.push_back(arg.c_str());
    joined.push_back(nullptr);
    const po::variables_map vm = parse_command_line(static_cast<int>(args.size()), joined.data(), visible, words,
                                                    exit_code_help(false), opts.help_text);
    if (opts.show_help || opts.show_version) return opts;
    // The values are read by request_params.h and checked by the library's
    // own limits, which a server applies too: --km (Boost reads "nan" and
    // "inf" as numbers) and the query's size.  A value refused is a usage
    // error like any other option's.
    try {
        apply_options(vm, words, text, stdout_is_terminal, opts);
        check_search_request(opts.request);
    } catch (const Error& e) {
        if (e.code() == EXIT_USAGE) throw po::error(e.what());
        throw;
    }
    return opts;
}

}  // namespace fahras
