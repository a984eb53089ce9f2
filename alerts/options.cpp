// fahras-alerts' command line: the only file of alerts/ that knows Boost.
#include "alerts.h"

#include <fahras/cli_common.h>
#include <fahras/cli_options.h>

#include <cmath>

namespace po = boost::program_options;

namespace fahras {

namespace {

const char* const USAGE =
    "Usage: fahras-alerts [--db DIR] --saved FILE [--state FILE] [--out FILE]\n\n"
    "Run each saved search against only the articles that reached the database since\n"
    "that search last ran, and write one JSON line per saved search with new hits\n"
    "(name, query, run, hits with id, url, title, date, snippet) for a mailer or a\n"
    "webhook.  A saved search seen for the first time starts from the next articles.\n"
    "The saved searches file holds one JSON object per line (# starts a comment):\n"
    "  {\"name\": \"aleppo\", \"query\": \"حلب\", \"country\": \"sy\"}\n"
    "keys: name, query, source, place, country, from, to, all, collapse, sort,\n"
    "limit (default 100), snippet_length.  See docs/alerts.md.\n\nOptions";

const char* const EXIT_HELP =
    "Exit status:\n"
    "   0  every saved search ran (with or without new hits)\n"
    "  64  usage error, or --state follows another database\n"
    "  65  done, but some saved searches could not be read or run (FILE:LINE on stderr);\n"
    "      their new articles wait for the next run; or the state file is damaged\n"
    "  66  no database, or the saved searches cannot be read\n"
    "  70  internal error\n"
    "  73  the state or output file cannot be created\n"
    "  74  I/O error writing the alerts or the state (disk full): nothing is marked reported\n"
    "  75  another fahras-alerts runs on the same state file: try again later\n";

}  // namespace

AlertsOptions parse_alerts_options(int argc, const char* const argv[]) {
    AlertsOptions opts;
    po::options_description visible(USAGE);
    visible.add_options()
        ("db,d", po::value(&opts.db_path)->default_value(default_database_path()),
         "database directory (default $FAHRAS_DB or ./fahras-db)")
        ("saved", po::value(&opts.saved_path)->value_name("FILE"), "the saved searches, one JSON object per line")
        ("state", po::value(&opts.state_path)->value_name("FILE"),
         "where each saved search stopped, and the articles seen (default: the saved searches' FILE.state)")
        ("out,o", po::value(&opts.out_path)->value_name("FILE"),
         "append the records to FILE, flushed to disk (default: standard output)")
        ("wait-lock", po::value(&opts.wait_lock)->value_name("SECONDS")->default_value(0),
         "wait for another fahras-alerts on the same state file to finish")
        ("dry-run", po::bool_switch(&opts.dry_run), "write the alerts but remember nothing (the next run reports them again)")
        ("verbose,v", po::bool_switch(&opts.verbose), "one line per saved search on stderr")
        ("help,h", po::bool_switch(&opts.show_help), "show this help")
        ("version", po::bool_switch(&opts.show_version), "show the version");
    std::vector<std::string> positional;
    const po::variables_map vm = parse_command_line(argc, argv, visible, positional, EXIT_HELP, opts.help_text);
    if (opts.show_help || opts.show_version) return opts;
    if (!positional.empty()) throw po::error("unexpected argument '" + positional.front() + "': the queries are in --saved FILE");
    if (opts.saved_path.empty()) throw po::error("--saved FILE is required: the saved searches to run");
    if (!std::isfinite(opts.wait_lock) || opts.wait_lock < 0) throw po::error("--wait-lock takes a number of seconds, 0 or more");
    return opts;
}

}  // namespace fahras
