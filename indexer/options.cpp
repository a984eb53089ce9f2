// Command-line parsing for fahras-index: the only file that knows Boost.
#include "indexer.h"

#include <fahras/cli_common.h>
#include <fahras/cli_options.h>
#include <fahras/error.h>
#include <fahras/stemmers.h>


namespace po = boost::program_options;

namespace fahras {

namespace {

// --field body=article_text: read the article's body from the key "article_text".
void add_field_mapping(ReaderOptions& reader, const std::string& mapping) {
    const std::size_t eq = mapping.find('=');
    const std::string field = mapping.substr(0, eq);
    if (eq == std::string::npos || eq + 1 == mapping.size() || builtin_field_names().count(field) == 0) {
        throw po::error("--field expects FIELD=KEY with FIELD one of id, url, title, body, date, source, "
                        "author; got '" + mapping + "'");
    }
    reader.field_names.emplace(field, mapping.substr(eq + 1));
}

}  // namespace

IndexerOptions parse_indexer_options(int argc, const char* const argv[]) {
    IndexerOptions opts;
    std::string stemmer;
    std::vector<std::string> fields;
    std::string known_stemmers;
    for (const auto& name : stemmer_names()) known_stemmers += (known_stemmers.empty() ? "" : ", ") + name;

    po::options_description visible(
        "Usage: fahras-index [--db DIR] INPUT...\n\n"
        "Index news articles into a Fahras (Xapian) database.  INPUT is a JSON Lines\n"
        "file (.jsonl, .ndjson, .json, optionally .gz), a .txt article (first\n"
        "non-empty line = title, rest = body, path = id), a directory of those\n"
        "(searched recursively), or - for JSON Lines on standard input.\n"
        "Articles with an id already in the database replace it (unchanged ones are\n"
        "skipped).  Bad articles are reported as file:line and skipped.\n\nOptions");
    visible.add_options()
        ("db,d", po::value(&opts.db_path)->default_value(default_database_path()),
         "database directory (created if missing; default $FAHRAS_DB or ./fahras-db)")
        ("stemmer", po::value(&stemmer),
         ("stemmer for a new database: " + known_stemmers + " (default " + std::string(DEFAULT_STEMMER) +
          "); an existing database keeps its own").c_str())
        ("field", po::value(&fields)->composing(),
         "FIELD=KEY: read FIELD (id, url, title, body, date, source, author) from JSON key KEY; repeatable")
        ("batch", po::value(&opts.batch_size)->default_value(opts.batch_size), "commit every N articles")
        ("max-line-bytes", po::value(&opts.reader.max_line_bytes)->default_value(opts.reader.max_line_bytes),
         "skip JSON lines longer than this")
        ("json", po::bool_switch(&opts.json), "print the summary as one JSON object")
        ("quiet,q", po::bool_switch(&opts.quiet), "no progress and no summary (problems are still reported)")
        ("verbose,v", po::bool_switch(&opts.verbose), "report every article on stderr")
        ("no-progress", "never show the progress line")
        ("help,h", po::bool_switch(&opts.show_help), "show this help")
        ("version", po::bool_switch(&opts.show_version), "show the version");
    const po::variables_map vm = parse_command_line(argc, argv, visible, opts.inputs, exit_code_help(true), opts.help_text);
    if (opts.show_help || opts.show_version) return opts;

    if (vm.count("stemmer")) {
        make_stemmer(stemmer);  // throws a usage error for an unknown name
        opts.stemmer = stemmer;
    }
    for (const auto& mapping : fields) add_field_mapping(opts.reader, mapping);
    if (vm.count("no-progress")) opts.progress = false;
    if (opts.batch_size == 0) throw po::error("--batch must be at least 1");
    if (opts.inputs.empty()) throw po::error("no INPUT given: name files, directories or - for stdin");
    if (opts.db_path.empty()) throw po::error("--db must not be empty");
    return opts;
}

}  // namespace fahras
