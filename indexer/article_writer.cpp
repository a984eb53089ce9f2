#include "article_writer.h"

#include "database_dir.h"
#include "index_run.h"
#include "messages.h"
#include "story_groups.h"

#include <fahras/document.h>
#include <fahras/schema.h>

#include <functional>
#include <ostream>
#include <utility>

namespace fahras {

std::uint64_t hash_term(const std::string& term) { return std::hash<std::string>{}(term); }

ArticleWriter::ArticleWriter(Xapian::WritableDatabase& db, const std::string& stemmer, const IndexerOptions& opts,
                             std::ostream& err, IndexStats& stats, const PlaceSetup& places,
                             std::vector<Xapian::WritableDatabase>* shards)
    : db_(db), shards_(shards && !shards->empty() ? shards : nullptr), builder_(stemmer, places), opts_(opts),
      err_(err), stats_(stats), salt_(places.salt()) {
    set_metadata(META_PLACES, places.recognizer ? "1" : "0");
    set_metadata(META_GAZETTEERS, places.record);
}

void ArticleWriter::set_metadata(const std::string& key, const std::string& value) {
    if (!shards_) {
        db_.set_metadata(key, value);
        return;
    }
    // The combined handle would write only the first shard.
    for (auto& shard : *shards_) shard.set_metadata(key, value);
}

void ArticleWriter::index(const Article& article, PreparedArticle* prepared) {
    const std::string id_term = prepared ? prepared->id_term : make_id_term(article.id);
    const std::string fingerprint = prepared ? prepared->fingerprint : article_fingerprint(article, salt_);
    Xapian::docid existing = 0;
    bool unchanged = false;
    try {
        Xapian::PostingIterator found = db_.postlist_begin(id_term);
        if (found != db_.postlist_end(id_term)) {
            existing = *found;
            unchanged = db_.get_document(existing, Xapian::DOC_ASSUME_VALID).get_value(VALUE_FINGERPRINT) == fingerprint;
        }
    } catch (const Xapian::DatabaseError& e) {
        throw write_failure(e);
    }
    const char* action = "unchanged";
    if (!unchanged) {
        Xapian::Document doc = document_for(article, prepared);
        try {
            write(id_term, existing, doc);
            action = existing ? "replaced" : "added";
        } catch (const Xapian::DatabaseError& e) {
            throw write_failure(e);
        } catch (const Xapian::Error& e) {
            // Never expected (build() checks what Xapian checks), and
            // not survivable: a refused document takes every change
            // since the last commit with it.
            throw Error(EXIT_INTERNAL, "writing the article of " + article.origin + " failed: " +
                                           e.get_description() + "; the database keeps its last commit");
        }
    }
    ++stats_.read;
    ++(existing ? (unchanged ? stats_.unchanged : stats_.replaced) : stats_.added);
    if (seen_) seen_->insert(hash_term(id_term));
    if (opts_.verbose) err_ << shown(article.origin) << ": " << action << ' ' << shown(article.id) << '\n';
    if (++since_commit_ >= opts_.batch_size) commit();
}

// Through the combined handle, docid d of a database of N shards is docid
// (d-1)/N+1 of shard (d-1)%N: a replacement by docid lands where the
// article is.  A new article goes to the shard of its id, through that
// shard's own handle (the combined one would deal them out in turn).
void ArticleWriter::write(const std::string& id_term, Xapian::docid existing, const Xapian::Document& doc) {
    Xapian::WritableDatabase* target = &db_;
    if (shards_) target = &(*shards_)[shard_of_id_term(id_term, shards_->size())];
    if (opts_.spelling) add_spelling(*target, doc);
    if (existing && (!shards_ || (existing - 1) % shards_->size() == shard_of_id_term(id_term, shards_->size()))) {
        release_story_of(db_, existing);
        db_.replace_document(existing, doc);
        return;
    }
    if (existing) {
        // In another shard than its id's (a database sharded by hand):
        // moved to its own, where the next update looks for it.
        release_story_of(db_, existing);
        db_.delete_document(existing);
    }
    target->add_document(doc);
}

bool ArticleWriter::remove(const std::string& id_term) {
    try {
        Xapian::PostingIterator found = db_.postlist_begin(id_term);
        if (found == db_.postlist_end(id_term)) return false;
        release_story_of(db_, *found);
        db_.delete_document(id_term);
    } catch (const Xapian::DatabaseError& e) {
        throw write_failure(e);
    }
    ++stats_.deleted;
    if (++since_commit_ >= opts_.batch_size) commit();
    return true;
}

void ArticleWriter::group_stories() {
    try {
        commit();
        stats_.grouped += assign_story_groups(db_, stop_requested);
    } catch (const Xapian::DatabaseError& e) {
        throw write_failure(e);
    }
}

void ArticleWriter::commit() {
    try {
        db_.commit();
    } catch (const Xapian::DatabaseError& e) {
        throw write_failure(e);
    }
    ++stats_.commits;
    since_commit_ = 0;
}

Xapian::Document ArticleWriter::document_for(const Article& article, PreparedArticle* prepared) {
    if (prepared && prepared->error) std::rethrow_exception(prepared->error);
    Xapian::Document doc;
    if (prepared && prepared->doc) {
        doc = std::move(*prepared->doc);
        prepared->doc.reset();
    } else {
        // Serial runs; or the analysis thread judged the article
        // unchanged from the database as it was, but this run has
        // changed it since (a duplicate id in the inputs).
        doc = builder_.build(article);
    }
    return doc;
}

Error ArticleWriter::write_failure(const Xapian::Error& e) const {
    // A rebuild writes a database beside the live one, which it never touches.
    const std::string kept = opts_.mode == IndexMode::rebuild
                                 ? std::string("the live database is unchanged")
                                 : "the database keeps its last commit (" + std::to_string(stats_.commits) +
                                       " commits this run)";
    return Error(EXIT_IO_ERROR, "writing " + opts_.db_path + " failed: " + write_error_text(e) + "; " + kept);
}

}  // namespace fahras
