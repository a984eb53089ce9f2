/** @file run_modes.h
 *  @brief What a run does to the database: an update (with --delete, and
 *  a snapshot's deletions), or a rebuild beside the live database and the
 *  switch to it.
 */
#ifndef FAHRAS_RUN_MODES_H
#define FAHRAS_RUN_MODES_H

#include "index_run.h"

namespace fahras {

/** Add new articles, replace changed ones, skip unchanged ones; delete
 *  --delete ids and, for a snapshot, what the inputs no longer hold (within
 *  the --max-delete limit, and only when every input was read).  A new
 *  database is created whole; an empty one is built in parallel shards. */
void update_database(IndexRun& run);

/** Build a fresh, compacted database beside the live one, check it, and
 *  switch searchers to it, unless interrupted or it lost more articles than
 *  --max-delete allows; whatever is not switched to is removed. */
void rebuild_database(IndexRun& run);

}  // namespace fahras

#endif  // FAHRAS_RUN_MODES_H
