/** @file sharded_database.h
 *  @brief A database split into shards: DIR/shard-0 … DIR/shard-(N-1),
 *  each a Xapian database of its own, and the stub DIR/XAPIANDB listing
 *  them ("auto shard-0", relative paths), so that Xapian::Database(DIR)
 *  opens them all as one and fahras-search needs nothing new.
 *
 *  An article lives in the shard its id term hashes to
 *  (shard_of_id_term()), so an update or a deletion finds it there.  Each
 *  shard carries the whole metadata (the analysis record, places, last
 *  update): a searcher reads it from the first shard, and any shard opened
 *  alone (--check, a shard server) describes itself.  docs/scale-out.md.
 */
#ifndef FAHRAS_SHARDED_DATABASE_H
#define FAHRAS_SHARDED_DATABASE_H

#include <xapian.h>

#include <cstddef>
#include <string>
#include <vector>

namespace fahras {

/// At most this many shards: a sharded database is for tens of millions of
/// articles on a few machines, not for thousands of tiny databases.
inline constexpr std::size_t MAX_SHARDS = 256;

/** Whether nothing is at @a path, or an empty directory (made ready for a
 *  database): a new database may take its place. */
bool is_missing_or_empty(const std::string& path);

/** Whether @a db_path is a sharded database (it holds a XAPIANDB stub). */
bool is_sharded(const std::string& db_path);

/** The number of shards the stub of @a db_path lists.  Throws
 *  fahras::Error(EXIT_NO_INPUT) for a stub fahras-index did not write
 *  (remote shards, other paths): it can only write its own layout. */
std::size_t shard_count(const std::string& db_path);

/** "shard-@a i", the directory of shard @a i inside the database. */
std::string shard_name(std::size_t i);

/** The paths of the @a count shards of @a db_path. */
std::vector<std::string> shard_paths(const std::string& db_path, std::size_t count);

/** Write the stub of a database of @a count shards into the directory @a dir. */
void write_shard_stub(const std::string& dir, std::size_t count);

/** Create @a count empty shards in @a dir (created; what was there is
 *  overwritten), each with the analysis record of @a stemmer, and the stub. */
void create_shards(const std::string& dir, std::size_t count, const std::string& stemmer);

/** Create the sharded database @a db_path, if there is nothing at that
 *  path: built under a temporary name and renamed into place, so that it
 *  appears complete or not at all (as create_if_missing() does). */
void create_sharded_if_missing(const std::string& db_path, std::size_t count, const std::string& stemmer);

/** The usage error for --shards @a wanted on the existing @a db_path, or
 *  "" when it fits (or the run rebuilds, or reports).  @a wanted 0: not
 *  given.  A database keeps its number of shards until --rebuild. */
std::string shard_option_conflict(const std::string& db_path, std::size_t wanted, bool rebuild);

/** A database opened for writing, whole or by shard.  For a plain database
 *  @c shards is empty and @c all is the database.  For a sharded one,
 *  @c shards are the shards' own handles and @c all combines the same
 *  handles (WritableDatabase::add_database), so a write through either is
 *  seen by both: docid d of @c all is docid (d-1)/N+1 of shard (d-1)%N.
 *  New articles are added through their shard's handle; lookups,
 *  replacements by docid, deletions by term, the story pass and commits
 *  (shard by shard, in order) go through @c all. */
struct WritableShards {
    Xapian::WritableDatabase all;
    std::vector<Xapian::WritableDatabase> shards;

    /** Set @a key on every shard (on the database when it is plain):
     *  Xapian's combined view writes, and reads, only the first. */
    void set_metadata(const std::string& key, const std::string& value);
};

/** Open @a db_path (plain or sharded) for writing with @a flags, as
 *  open_for_writing() does for one database. */
WritableShards open_shards_for_writing(const std::string& db_path, int flags = Xapian::DB_CREATE_OR_OPEN);

/** Write the analysis record of @a stemmer into every shard of @a db. */
void write_analysis_record(WritableShards& db, const std::string& stemmer);

}  // namespace fahras

#endif  // FAHRAS_SHARDED_DATABASE_H
