/** @file article_writer.h
 *  @brief One writer for one database: replace-or-add by id, skip what did
 *  not change, delete, commit in batches.  Updates, snapshots and serial
 *  rebuilds write through it; analysis threads may prepare its documents.
 */
#ifndef FAHRAS_ARTICLE_WRITER_H
#define FAHRAS_ARTICLE_WRITER_H

#include "document_builder.h"
#include "indexer.h"

#include <fahras/article.h>
#include <fahras/error.h>

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <iosfwd>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace fahras {

/** What a snapshot remembers of an id term it saw (a hash: a snapshot of a
 *  large archive keeps every id in memory). */
std::uint64_t hash_term(const std::string& term);

/** What an analysis thread prepared for one article ahead of the writer. */
struct PreparedArticle {
    std::string id_term, fingerprint;
    std::optional<Xapian::Document> doc;  ///< none: looked unchanged (the writer checks), or analysis failed
    std::exception_ptr error;             ///< analysis failed: rethrown by the writer, in input order
};

/** Writes articles into one database, counting into @a stats; a failed
 *  write throws fahras::Error(EXIT_IO_ERROR) saying what the database kept. */
class ArticleWriter {
  public:
    /** Records in @a db whether and with which gazetteers places are
     *  recognized.  With @a shards (a sharded database: @a db combines
     *  these handles, sharded_database.h), a new article is added to the
     *  shard its id hashes to, and metadata goes to every shard. */
    ArticleWriter(Xapian::WritableDatabase& db, const std::string& stemmer, const IndexerOptions& opts,
                  std::ostream& err, IndexStats& stats, const PlaceSetup& places,
                  std::vector<Xapian::WritableDatabase>* shards = nullptr);
    ArticleWriter(const ArticleWriter&) = delete;
    ArticleWriter& operator=(const ArticleWriter&) = delete;

    /** Index @a article.  @a prepared, when given, is what an analysis
     *  thread computed for it; the decision is still made here, in input
     *  order, against the database as this run has changed it.
     *  Throws ArticleRejected, with nothing written or counted, for an
     *  article that has no document. */
    void index(const Article& article, PreparedArticle* prepared = nullptr);

    /** Delete the article with @a id_term; false if there is none. */
    bool remove(const std::string& id_term);

    void commit();

    /** Set @a key in the database, on every shard of a sharded one. */
    void set_metadata(const std::string& key, const std::string& value);

    /** Commit, then give every article without a story one
     *  (story_groups.h); the caller commits again. */
    void group_stories();

    /** Start remembering the ids indexed (for a snapshot's deletions). */
    void track_seen(std::unordered_set<std::uint64_t>* seen) { seen_ = seen; }

  private:
    Xapian::Document document_for(const Article& article, PreparedArticle* prepared);
    Error write_failure(const Xapian::Error& e) const;
    void write(const std::string& id_term, Xapian::docid existing, const Xapian::Document& doc);

    Xapian::WritableDatabase& db_;
    std::vector<Xapian::WritableDatabase>* shards_;  ///< null: one database
    DocumentBuilder builder_;
    const IndexerOptions& opts_;
    std::ostream& err_;
    IndexStats& stats_;
    std::size_t since_commit_ = 0;
    std::unordered_set<std::uint64_t>* seen_ = nullptr;
    std::string salt_;
};

}  // namespace fahras

#endif  // FAHRAS_ARTICLE_WRITER_H
