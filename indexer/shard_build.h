/** @file shard_build.h
 *  @brief A new database built by every thread at once: each writes its
 *  blocks of the inputs into temporary block databases of its own, with
 *  the docids a serial run would give, and one compaction merges them at
 *  the end.  (Not the shards of a sharded database, sharded_database.h,
 *  which stay apart and are searched together.)
 */
#ifndef FAHRAS_SHARD_BUILD_H
#define FAHRAS_SHARD_BUILD_H

#include "index_run.h"

#include <xapian.h>

#include <string>
#include <vector>

namespace fahras {

/** What a block build wrote, in input order. */
struct BlockBuild {
    std::vector<std::string> shards;  ///< one database per block
    std::vector<std::string> fixups;  ///< replacements of articles of earlier blocks
};

/** Read every input into block databases under @a dir (created), new ids numbered
 *  after @a last_docid; counts and messages go to @a run in input order.
 *  A stop ends the build after a beginning of the inputs, whole blocks
 *  only.  A failed write throws fahras::Error(EXIT_IO_ERROR). */
BlockBuild build_block_databases(IndexRun& run, const std::string& stemmer, const std::string& dir,
                                     Xapian::docid last_docid);

/** Compact @a sources (the live database, when it brings metadata and
 *  spelling data) and the block databases into "@a output.merged", keeping every
 *  docid; apply the blocks' fixups in input order (the last version of an
 *  article wins), choose the stories, record the analysis, and compact
 *  the result into @a output.  Throws fahras::Error(EXIT_IO_ERROR) when
 *  Xapian fails. */
void merge_block_databases(IndexRun& run, std::vector<std::string> sources, const BlockBuild& built,
                           const std::string& output, const std::string& stemmer);

}  // namespace fahras

#endif  // FAHRAS_SHARD_BUILD_H
