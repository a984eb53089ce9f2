/** @file other_versions.h
 *  @brief The other versions of a hit: the other articles of its story
 *  (indexer/story_groups.h) that the search matches too, shown under it
 *  when stories are collapsed (docs/stories.md).
 */
#ifndef FAHRAS_OTHER_VERSIONS_H
#define FAHRAS_OTHER_VERSIONS_H

#include "query_plan.h"
#include "search_types.h"

#include <xapian.h>

#include <cstddef>
#include <string>
#include <vector>

namespace fahras {

/** The unique id terms of the articles of story @a group, from its member
 *  @a first (itself included), read from a local database. */
std::vector<std::string> story_id_terms(const Xapian::Database& db, Xapian::docid first, const std::string& group);

/** The articles of any of @a groups (VALUE_GROUP), as a query a server can
 *  run: what stands for a story on remote shards, where walking it would
 *  be a round trip a read. */
Xapian::Query in_stories(const std::vector<std::string>& groups);

/** A hit's other versions, and how many there are. */
struct OtherVersions {
    std::vector<OtherVersion> shown;  ///< at most MAX_OTHER_VERSIONS, in the search's order
    std::size_t count = 0;
    /** Show @a copy, read from its stored article, unless MAX_OTHER_VERSIONS are. */
    void show(const Xapian::MSetIterator& copy);
};

/** The other articles of each hit's story that @a plan matches too (at most
 *  MAX_OTHER_VERSIONS shown), and how many there are, for every hit of a
 *  page, in its order; none when the story has no other article.  A story
 *  is walked even when nothing collapsed into its hit: a collapse count is
 *  only a lower bound (docs/stories.md).  On remote shards one query asks
 *  for the copies of all the page's stories (in_stories()), run by the
 *  servers; the answers are the same. */
std::vector<OtherVersions> other_versions_of_page(const Xapian::Database& db, const QueryPlan& plan,
                                                  const std::vector<Xapian::MSetIterator>& hits, bool remote_shards);

}  // namespace fahras

#endif  // FAHRAS_OTHER_VERSIONS_H
