/** @file exit_codes.h
 *  @brief Exit statuses shared by the Fahras programs.
 *
 *  The numbers follow BSD sysexits(3) so that cron wrappers and scripts can
 *  tell "retry later" from "fix your input" from "this is a bug".
 */
#ifndef FAHRAS_EXIT_CODES_H
#define FAHRAS_EXIT_CODES_H

namespace fahras {

enum ExitCode : int {
    EXIT_OK = 0,             ///< success (search: at least one result)
    EXIT_NO_RESULTS = 1,     ///< search ran fine and found nothing
    EXIT_UNSAFE_DELETE = 3,  ///< indexer: deletions (or a rebuild switch) refused by the safety limit
    EXIT_USAGE = 64,         ///< bad command line (EX_USAGE)
    EXIT_DATA_ERROR = 65,    ///< bad query, or some articles were skipped (EX_DATAERR)
    EXIT_NO_INPUT = 66,      ///< database or input missing, unreadable or incompatible (EX_NOINPUT)
    EXIT_UNKNOWN_ARTICLE = 67,  ///< search --like: no article has this id (EX_NOUSER: the one named does not exist)
    EXIT_UNAVAILABLE = 69,   ///< a remote shard does not answer (search, serve's 503, alerts); fahras-serve: the address cannot be listened on (EX_UNAVAILABLE)
    EXIT_INTERNAL = 70,      ///< a bug or an unexpected library failure (EX_SOFTWARE)
    EXIT_CANT_CREATE = 73,   ///< the database cannot be created or written (EX_CANTCREAT)
    EXIT_IO_ERROR = 74,      ///< I/O failure while writing, e.g. disk full (EX_IOERR)
    EXIT_TEMP_FAIL = 75,     ///< another indexer holds the lock: retry later (EX_TEMPFAIL)
    EXIT_INTERRUPTED = 130,  ///< stopped by SIGINT/SIGTERM after committing what was done
};

}  // namespace fahras

#endif  // FAHRAS_EXIT_CODES_H
