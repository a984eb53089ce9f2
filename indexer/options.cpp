// Command-line parsing for fahras-index: the only file that knows Boost.
#include "indexer.h"
#include "sharded_database.h"

#include <fahras/cli_common.h>
#include <fahras/cli_options.h>
#include <fahras/error.h>
#include <fahras/stemmers.h>

#include <fstream>
#include <thread>


namespace po = boost::program_options;

namespace fahras {

namespace {

// Xapian stores one field (a body, a list of positions) in at most 65,535
// pieces of about 2 KB: 127 MiB indexed, 131 MiB failed at the commit
// ("Can't handle insanely large tags"), losing the whole batch.  An article
// is never larger than its line, so lines stay well below that.
constexpr std::size_t MAX_LINE_BYTES_LIMIT = 100u << 20;

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

// --delete-from FILE: one id per line; blank lines and #comments are ignored.
void read_delete_list(const std::string& path, std::vector<std::string>& ids) {
    std::ifstream in(path);
    if (!in) throw Error(EXIT_NO_INPUT, "cannot read --delete-from " + path);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        ids.push_back(line);
    }
}

}  // namespace

IndexerOptions parse_indexer_options(int argc, const char* const argv[]) {
    IndexerOptions opts;
    std::string stemmer;
    std::vector<std::string> fields;
    std::vector<std::string> delete_from;
    double max_delete_percent = 20;
    bool snapshot = false, rebuild = false, stats = false, check = false;
    const unsigned cores = std::thread::hardware_concurrency();
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
        ("snapshot", po::bool_switch(&snapshot),
         "the inputs are the whole archive: also delete articles they no longer hold")
        ("rebuild", po::bool_switch(&rebuild),
         "build a fresh database from the inputs beside the live one, compact and check it, then switch "
         "searchers to it atomically (also how to change --stemmer)")
        ("delete", po::value(&opts.delete_ids)->composing()->multitoken(), "ID...: delete these articles")
        ("delete-from", po::value(&delete_from)->composing(), "FILE: delete the ids listed in FILE, one per line")
        ("max-delete", po::value(&max_delete_percent)->default_value(max_delete_percent),
         "PERCENT: a snapshot or rebuild may remove at most this share of the database")
        ("force-delete", po::bool_switch(&opts.force_delete),
         "delete or switch even past --max-delete, or after unreadable inputs")
        ("wait-lock", po::value(&opts.wait_lock_seconds)->default_value(0),
         "SECONDS to wait for another fahras-index to finish (default: exit 75 at once)")
        ("shards", po::value(&opts.shards),
         ("N: build a new database, or --rebuild one, as N shards (DIR/shard-0 ... and a stub DIR/XAPIANDB that "
          "searchers open as one database; 1 to " + std::to_string(MAX_SHARDS) + ", 1 = unsharded); an existing "
          "database keeps its shards, and changing them needs --rebuild").c_str())
        ("stats", po::bool_switch(&stats), "report articles, dates, sources, analysis and last update; change nothing")
        ("check", po::bool_switch(&check), "--stats plus Xapian's consistency check of every table")
        ("gazetteer", po::value(&opts.gazetteers)->composing(),
         "FILE: more places, a TSV with the bundled gazetteer's columns; repeatable")
        ("geonames", po::value(&opts.geonames)->composing(),
         "FILE: more places from a GeoNames cities*.txt file (Arabic alternate names); repeatable")
        ("no-places", "do not recognize places")
        ("no-spelling", "do not record spelling data (fahras-search then suggests no corrections)")
        ("batch", po::value(&opts.batch_size)->default_value(opts.batch_size), "commit every N articles (a new database or --rebuild built with threads is "
         "written once, at the end)")
        ("threads", po::value(&opts.threads)->default_value(0, "cores"),
         ("N threads analysing and writing (default: one per core, here " + std::to_string(cores > 0 ? cores : 1) +
          "); 1 indexes serially.  With more, a new (unsharded) database and --rebuild are built as "
          "temporary block databases merged at the end; a sharded one is analysed in parallel").c_str())
        ("max-line-bytes", po::value(&opts.reader.max_line_bytes)->default_value(opts.reader.max_line_bytes),
         ("skip JSON lines, and .txt articles, longer than this (at most " +
          std::to_string(MAX_LINE_BYTES_LIMIT) + ": Xapian's limit for one field, with room)").c_str())
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
    if (vm.count("no-places")) opts.places = false;
    if (vm.count("no-spelling")) opts.spelling = false;
    if (opts.batch_size == 0) throw po::error("--batch must be at least 1");
    if (opts.threads > 1024) throw po::error("--threads expects 1 to 1024 (or 0: one per core)");
    if (vm.count("shards") && (opts.shards < 1 || opts.shards > MAX_SHARDS))
        throw po::error("--shards expects 1 to " + std::to_string(MAX_SHARDS));
    if (opts.reader.max_line_bytes < 1 || opts.reader.max_line_bytes > MAX_LINE_BYTES_LIMIT)
        throw po::error("--max-line-bytes expects 1 to " + std::to_string(MAX_LINE_BYTES_LIMIT) +
                        " (Xapian stores at most about 128 MiB per field)");
    for (const auto& file : delete_from) read_delete_list(file, opts.delete_ids);
    if (snapshot + rebuild + stats + check > 1)
        throw po::error("--snapshot, --rebuild, --stats and --check exclude one another");
    if (snapshot) opts.mode = IndexMode::snapshot;
    if (rebuild) opts.mode = IndexMode::rebuild;
    if (stats) opts.mode = IndexMode::stats;
    if (check) opts.mode = IndexMode::check;
    if (max_delete_percent < 0 || max_delete_percent > 100) throw po::error("--max-delete expects 0 to 100");
    opts.max_delete_share = max_delete_percent / 100.0;
    if (rebuild && !opts.delete_ids.empty()) throw po::error("--delete makes no sense with --rebuild");
    const bool reports = stats || check;
    if (opts.inputs.empty() && !reports && opts.delete_ids.empty())
        throw po::error("no INPUT given: name files, directories or - for stdin");
    if ((snapshot || rebuild) && opts.inputs.empty())
        throw po::error("--snapshot and --rebuild need the whole archive as INPUT");
    if (opts.db_path.empty()) throw po::error("--db must not be empty");
    return opts;
}

}  // namespace fahras
