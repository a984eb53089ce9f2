/** @file e2e_support.h
 *  @brief What the end-to-end tests (e2e_tests, which know the programs'
 *  paths) share: running fahras-index on a database and counting what it holds.
 */
#ifndef FAHRAS_TESTS_E2E_SUPPORT_H
#define FAHRAS_TESTS_E2E_SUPPORT_H

#include "test_support.h"

#include <xapian.h>

#include <string>
#include <vector>

namespace fahras::test {

/** fahras-index --db @a db, then @a args. */
inline CommandResult index_into(const std::string& db, const std::vector<std::string>& args) {
    std::vector<std::string> argv = {FAHRAS_INDEX_BIN, "--db", db};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv);
}

/** The articles @a db holds. */
inline Xapian::doccount count(const std::string& db) { return Xapian::Database(db).get_doccount(); }

}  // namespace fahras::test

#endif  // FAHRAS_TESTS_E2E_SUPPORT_H
