/** @file cli_common.h
 *  @brief What fahras-index and fahras-search share on the command line.
 */
#ifndef FAHRAS_CLI_COMMON_H
#define FAHRAS_CLI_COMMON_H

#include <functional>
#include <iosfwd>
#include <string>

namespace fahras {

/// Version of both programs.
extern const char* const VERSION;

/** The database used when --db is not given: $FAHRAS_DB, else ./fahras-db. */
std::string default_database_path();

/** The exit-code table, as printed at the end of both programs' --help. */
std::string exit_code_help(bool for_indexer);

/** Run @a body and translate any exception into one "program: message"
 *  line on @a err and the matching exit code.  The only catch ladder. */
int run_cli(const char* program, std::ostream& err, const std::function<int()>& body);

}  // namespace fahras

#endif  // FAHRAS_CLI_COMMON_H
