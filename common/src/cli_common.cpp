#include <fahras/cli_common.h>

#include <fahras/error.h>
#include <fahras/terminal_text.h>

#include <fahras/cli_options.h>

#include <boost/program_options/errors.hpp>
#include <xapian.h>

#include <cstdlib>
#include <new>
#include <ostream>
#include <sstream>

namespace fahras {

const char* const VERSION = "0.1.0";

std::string default_database_path() {
    const char* env = std::getenv("FAHRAS_DB");
    return env && *env ? env : "fahras-db";
}

std::string exit_code_help(bool for_indexer) {
    if (for_indexer) {
        return "Exit status:\n"
               "   0  every input read and every article indexed (--stats/--check: database fine)\n"
               "   3  a snapshot's deletions or a rebuild's switch refused by --max-delete or input errors\n"
               "  64  usage error (bad option)\n"
               "  65  done, but some articles or files were bad and skipped (see stderr); --check: errors found\n"
               "  66  no input could be read, the database was built with another analysis, or the\n"
               "      gazetteer is not installed (see --no-places)\n"
               "  70  internal error\n"
               "  73  the database cannot be created or opened for writing, or --db is a directory that holds\n"
               "      other files and no Xapian database (refused before anything is written)\n"
               "  74  I/O error while writing (e.g. disk full); the last commit is intact\n"
               "  75  another fahras-index holds the database lock; try again later\n"
               " 130  interrupted; everything indexed before the signal is committed\n";
    }
    return "Exit status:\n"
           "   0  results found\n"
           "   1  no results\n"
           "  64  usage error (bad option)\n"
           "  65  a query over the size limits, or (--strict) with syntax that cannot be read\n"
           "  66  database missing, unreadable or built with an incompatible analysis\n"
           "  67  --like ID: no article has this id\n"
           "  70  internal error\n";
}

namespace {

// A message can quote a path, a query or a database's metadata: its
// control characters are shown, not sent to the terminal (terminal_text.h).
std::string shown(const std::string& message) { return terminal_text(message, TerminalMode::exact); }

}  // namespace

int run_cli(const char* program, std::ostream& err, const std::function<int()>& body) {
    try {
        return body();
    } catch (const Error& e) {
        err << program << ": " << shown(e.what()) << '\n';
        return e.code();
    } catch (const boost::program_options::error& e) {
        err << program << ": " << shown(e.what()) << " (see --help)\n";
        return EXIT_USAGE;
    } catch (const Xapian::DatabaseLockError& e) {
        err << program << ": database is locked by another writer: " << shown(e.get_msg())
            << " (try again later, or use --wait-lock)\n";
        return EXIT_TEMP_FAIL;
    } catch (const Xapian::DatabaseNotFoundError& e) {
        err << program << ": no database: " << shown(e.get_msg()) << '\n';
        return EXIT_NO_INPUT;
    } catch (const Xapian::DatabaseOpeningError& e) {
        err << program << ": cannot open database: " << shown(e.get_msg()) << '\n';
        return EXIT_NO_INPUT;
    } catch (const Xapian::DatabaseCorruptError& e) {
        err << program << ": database is corrupt: " << shown(e.get_msg()) << " (rebuild it)\n";
        return EXIT_NO_INPUT;
    } catch (const Xapian::DatabaseError& e) {
        err << program << ": database error: " << shown(e.get_msg()) << '\n';
        return EXIT_IO_ERROR;
    } catch (const Xapian::Error& e) {
        err << program << ": " << e.get_type() << ": " << shown(e.get_msg()) << '\n';
        return EXIT_INTERNAL;
    } catch (const std::bad_alloc&) {
        err << program << ": out of memory\n";
        return EXIT_INTERNAL;
    } catch (const std::exception& e) {
        err << program << ": internal error: " << shown(e.what()) << '\n';
        return EXIT_INTERNAL;
    }
}

}  // namespace fahras

namespace fahras {

boost::program_options::variables_map parse_command_line(int argc, const char* const argv[],
                                                         const boost::program_options::options_description& visible,
                                                         std::vector<std::string>& positional_values,
                                                         const std::string& help_footer, std::string& help_text) {
    namespace po = boost::program_options;
    po::options_description hidden;
    hidden.add_options()("positional", po::value(&positional_values)->composing());
    po::options_description all;
    all.add(visible).add(hidden);
    po::positional_options_description positional;
    positional.add("positional", -1);

    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    po::notify(vm);

    std::ostringstream help;
    help << visible << '\n' << help_footer;
    help_text = help.str();
    return vm;
}

}  // namespace fahras
