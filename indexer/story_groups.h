/** @file story_groups.h
 *  @brief The indexer's grouping pass: each article without a story
 *  (VALUE_GROUP) joins the story of its most similar earlier article, or
 *  starts one; an article deleted or replaced sends the rest of its story
 *  back to be grouped again.
 *
 *  The pass runs on the database once a run's documents are in it, in
 *  docid order, so a serial run, a parallel shard build and any number of
 *  threads give the same groups: docids are the same at any --threads.
 *  Candidates come from the band terms' posting lists (stories.h); memory
 *  is the list of articles waiting for a group (4 bytes each) and one
 *  article's candidates.
 */
#ifndef FAHRAS_STORY_GROUPS_H
#define FAHRAS_STORY_GROUPS_H

#include <xapian.h>

#include <atomic>
#include <cstddef>
#include <string>

namespace fahras {

/// At most this many candidates are compared with one article: a story
/// printed thousands of times (a stock notice) costs no more than this
/// each.  Candidates come band by band, lowest docid first, and an exact
/// copy ends the search at once.
inline constexpr std::size_t MAX_STORY_CANDIDATES = 200;

/** Give every article of @a db that has no story one; returns how many
 *  were grouped.  Stops early (what is left is grouped by the next run)
 *  when @a stop becomes true. */
std::size_t assign_story_groups(Xapian::WritableDatabase& db, const std::atomic<bool>& stop);

/** Before article @a docid is deleted or replaced: the other articles of
 *  its story lose their group, so the pass groups them again without it
 *  (it may have been what joined them).  Returns how many. */
std::size_t release_story_of(Xapian::WritableDatabase& db, Xapian::docid docid);

}  // namespace fahras

#endif  // FAHRAS_STORY_GROUPS_H
