#include "shard_build.h"

#include "database_dir.h"
#include "document_builder.h"
#include "input_feed.h"
#include "messages.h"
#include "progress.h"
#include "story_groups.h"

#include <fahras/database_meta.h>
#include <fahras/document.h>
#include <fahras/error.h>
#include <fahras/schema.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <unordered_map>
#include <utility>

namespace fs = std::filesystem;

namespace fahras {

namespace {

// A block is a database (opts.block_database_size articles), flushed every
// SHARD_FLUSH_ARTICLES: Xapian's cost per document grows with the changes
// it holds in memory (measured on SaudiNewsNet: flushing every 1,000-2,000
// documents costs a third less CPU, and a third of the memory, than every
// 10,000), while fewer, larger shards merge into a smaller database (a
// merge keeps each shard's postings of a term as a chunk of its own).
constexpr std::size_t SHARD_FLUSH_ARTICLES = 1000;
// Block databases are scratch space, removed when the run does not finish: no fsync
// (the merge syncs its output).  Xapian's DB_DANGEROUS (blocks updated in
// place) corrupted shards that are flushed more than once.
constexpr int SHARD_FLAGS = Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC;

const char* action_name(InputItem::Action action) {
    switch (action) {
        case InputItem::Action::added: return "added";
        case InputItem::Action::replaced: return "replaced";
        case InputItem::Action::unchanged: return "unchanged";
    }
    return "?";
}

// The reader side: gives every new id the docid a serial run would give
// it (after the last docid of the database), in input order, and decides
// there whether a repeated id is a replacement or unchanged.
class DocidPlan {
  public:
    DocidPlan(Xapian::docid last_docid, std::string salt) : next_docid_(last_docid + 1), salt_(std::move(salt)) {}

    void decide(InputBlock& block, InputItem& item) {
        if (block.first_docid == 0) block.first_docid = next_docid_;
        if (item.kind == InputItem::Kind::article) {
            std::string id_term = make_id_term(item.article.id);
            std::string fingerprint = article_fingerprint(item.article, salt_);
            const auto found = known_.find(id_term);
            if (found == known_.end()) {
                item.action = InputItem::Action::added;
                item.docid = next_docid_++;
                known_.emplace(std::move(id_term), Known{item.docid, std::move(fingerprint)});
            } else if (found->second.fingerprint == fingerprint) {
                item.action = InputItem::Action::unchanged;
                item.docid = found->second.docid;
                // Nothing to analyse: keep only what messages need.
                block.text_bytes -= item.article.title.size() + item.article.body.size();
                item.article.title.clear();
                item.article.body.clear();
            } else {
                item.action = InputItem::Action::replaced;
                item.docid = found->second.docid;
                found->second.fingerprint = std::move(fingerprint);
            }
        }
        block.end_docid = next_docid_;
    }

  private:
    struct Known {
        Xapian::docid docid;
        std::string fingerprint;
    };
    std::unordered_map<std::string, Known> known_;  // every id of this run
    Xapian::docid next_docid_;
    std::string salt_;
};

// How far the threads got, for the progress line.
struct ShardProgress {
    std::atomic<std::size_t> articles{0};
    std::atomic<std::uint64_t> bytes{0};

    void done(const InputItem& item) {
        ++articles;
        std::uint64_t seen = bytes.load();
        while (seen < item.input_bytes && !bytes.compare_exchange_weak(seen, item.input_bytes)) {
        }
    }
};

// The databases one block writes under dir: its shard, opened with its
// first document, and its fixups, opened with the first replacement of an
// article of an earlier block.  A failure discards what they hold.
class BlockDatabases {
  public:
    BlockDatabases(InputBlock& block, const std::string& dir, bool spelling)
        : block_(block), dir_(dir), spelling_(spelling) {
        char name[32];
        std::snprintf(name, sizeof name, "%06zu", block.number);
        name_ = name;
    }

    void add(const InputItem& item, const Xapian::Document& doc) {
        if (!shard_) {
            block_.shard = dir_ + "/shard-" + name_;
            shard_.emplace(open_for_writing(block_.shard, SHARD_FLAGS));
        }
        if (item.docid >= block_.first_docid) {
            shard_->replace_document(item.docid, doc);
            if (++in_shard_ % SHARD_FLUSH_ARTICLES == 0) shard_->commit();
        } else {
            if (!fixups_) {
                block_.fixups = dir_ + "/fixups-" + name_;
                fixups_.emplace(open_for_writing(block_.fixups, SHARD_FLAGS));
            }
            fixups_->replace_document(item.docid, doc);
        }
        // Spelling frequencies add up when the shards merge.
        if (spelling_) add_spelling(*shard_, doc);
    }

    void commit() {
        if (shard_) shard_->commit();
        if (fixups_) fixups_->commit();
    }

  private:
    InputBlock& block_;
    std::string dir_, name_;
    bool spelling_;
    std::optional<Xapian::WritableDatabase> shard_, fixups_;
    const DiscardOnFailure discard_shard_{shard_}, discard_fixups_{fixups_};  // after the databases
    std::size_t in_shard_ = 0;
};

// The worker side: analyse the block's articles and write them.
void write_block(IndexRun& run, InputBlock& block, DocumentBuilder& builder, const std::string& dir,
                 const std::atomic<bool>& cancelled, ShardProgress& progress) {
    BlockDatabases databases(block, dir, run.opts.spelling);
    try {
        for (std::size_t i = 0; i < block.items.size(); ++i) {
            if (stop_requested || cancelled) {
                block.stopped = true;
                break;
            }
            InputItem& item = block.items[i];
            if (item.kind == InputItem::Kind::article && item.action != InputItem::Action::unchanged) {
                Xapian::Document doc;
                try {
                    doc = builder.build(item.article);
                } catch (const ArticleRejected& e) {
                    // Reported in its place, like a bad line.  Its docid
                    // stays unused: the reader gave it out before the
                    // article was analysed (a serial run would give it to
                    // the next article).
                    item.problem = {item.article.origin, e.what()};
                    item.kind = InputItem::Kind::problem;
                    block.processed = i + 1;
                    continue;
                }
                databases.add(item, doc);
            }
            block.processed = i + 1;
            if (item.kind == InputItem::Kind::article) progress.done(item);
        }
        databases.commit();
    } catch (const Xapian::DatabaseError& e) {
        throw Error(EXIT_IO_ERROR, "writing " + dir + " failed: " + write_error_text(e) + "; " + run.unchanged_notice());
    }
}

// The counts and messages of the items a shard-build thread handled.
void count_block(IndexRun& run, const InputBlock& block) {
    for (std::size_t i = 0; i < block.processed; ++i) {
        const InputItem& item = block.items[i];
        switch (item.kind) {
            case InputItem::Kind::file: ++run.stats.files; break;
            case InputItem::Kind::problem: run.report(item.problem); break;
            case InputItem::Kind::article:
                ++run.stats.read;
                switch (item.action) {
                    case InputItem::Action::added: ++run.stats.added; break;
                    case InputItem::Action::replaced: ++run.stats.replaced; break;
                    case InputItem::Action::unchanged: ++run.stats.unchanged; break;
                }
                if (run.opts.verbose)
                    run.err << shown(item.article.origin) << ": " << action_name(item.action) << ' '
                            << shown(item.article.id) << '\n';
                break;
        }
    }
}

}  // namespace

// The reader thread numbers the articles (DocidPlan); each worker thread
// takes a block, analyses its articles and writes them with those docids
// into a shard database of its own under @a dir, a replacement of an
// article of an earlier block into the block's fixups database; this
// thread counts the blocks in input order.  merge_block_databases() then joins
// everything.
BlockBuild build_block_databases(IndexRun& run, const std::string& stemmer, const std::string& dir, Xapian::docid last_docid) {
    std::uint64_t total_bytes = 0;
    const auto files = run.input_files(total_bytes);
    Progress progress(run.err, total_bytes, run.show_progress());
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error(EXIT_CANT_CREATE, "cannot create " + dir + ": " + ec.message());

    const std::size_t workers = run.threads();
    std::vector<std::unique_ptr<DocumentBuilder>> builders;
    for (std::size_t i = 0; i < workers; ++i) builders.push_back(std::make_unique<DocumentBuilder>(stemmer, *run.places));
    ShardProgress done;
    DocidPlan plan(last_docid, run.places->salt());
    const std::size_t block_database_size = run.opts.block_database_size;
    const auto full = [block_database_size](const InputBlock& b) {
        return b.end_docid - b.first_docid >= block_database_size || b.text_bytes >= MAX_BLOCK_TEXT_BYTES ||
               b.items.size() >= 4 * block_database_size;
    };
    const auto work = [&](InputBlock& block, std::size_t worker, const std::atomic<bool>& cancelled) {
        write_block(run, block, *builders[worker], dir, cancelled, done);
    };
    const auto read = [&](BlockPipeline& p) {
        produce_blocks(run, p, files, [&plan](InputBlock& b, InputItem& item) { plan.decide(b, item); }, full);
    };

    BlockBuild out;
    {
        BlockPipeline pipe(workers, workers + 1, work, read);
        const auto draw = [&] { progress.update(done.articles.load(), done.bytes.load()); };
        while (auto block = pipe.next(draw)) {
            count_block(run, *block);
            if (!block->shard.empty()) out.shards.push_back(block->shard);
            if (!block->fixups.empty()) out.fixups.push_back(block->fixups);
            if (block->stopped) {
                // The run ends here: later blocks are left out whole, so
                // what is kept is exactly a beginning of the inputs.
                pipe.cancel();
                break;
            }
        }
    }  // the threads are joined here: nothing writes under dir any more
    progress.finish();
    return out;
}

namespace {

// The documents the shards could not finish (BlockBuild::fixups) put into @a db_path.
void apply_fixups(const BlockBuild& built, const std::string& db_path) {
    if (built.fixups.empty()) return;
    Xapian::WritableDatabase db(db_path, Xapian::DB_OPEN);
    const DiscardOnFailure discard(db);
    for (const auto& path : built.fixups) {
        const Xapian::Database fixups(path);
        for (auto it = fixups.postlist_begin(""); it != fixups.postlist_end(""); ++it)
            db.replace_document(*it, fixups.get_document(*it));
    }
    db.commit();
}

// Stories chosen on the whole database at @a db_path, in docid order, as a
// serial run chooses them (story_groups.h), and the run's metadata.
void finish_database(IndexRun& run, const std::string& db_path, const std::string& stemmer) {
    Xapian::WritableDatabase db(db_path, Xapian::DB_OPEN);
    const DiscardOnFailure discard(db);
    run.stats.grouped += assign_story_groups(db, stop_requested);
    write_analysis_record(db, stemmer);
    db.set_metadata(META_PLACES, run.places->recognizer ? "1" : "0");
    db.set_metadata(META_GAZETTEERS, run.places->record);
    db.set_metadata(META_LAST_UPDATE, now_iso());
    db.commit();
}

}  // namespace

void merge_block_databases(IndexRun& run, std::vector<std::string> sources, const BlockBuild& built, const std::string& output,
                  const std::string& stemmer) {
    sources.insert(sources.end(), built.shards.begin(), built.shards.end());
    try {
        if (sources.empty()) {
            {
                Xapian::WritableDatabase empty(output, Xapian::DB_CREATE_OR_OVERWRITE);
                const DiscardOnFailure discard(empty);
                empty.commit();
            }
            finish_database(run, output, stemmer);
        } else {
            // Merged into a scratch directory and finished there, then
            // compacted once more into @a output: the fixups and the story
            // pass change documents of a just-compacted database, whose
            // full pages then split (SaudiNewsNet: 520 MB instead of 391;
            // the second compaction takes about 2% of the build's time).
            const std::string merged = output + ".merged";
            BuildDirs scratch({merged});
            {
                Xapian::Database all;
                for (const auto& source : sources) all.add_database(Xapian::Database(source));
                all.compact(merged, Xapian::DBCOMPACT_NO_RENUMBER | Xapian::DBCOMPACT_MULTIPASS);
            }
            apply_fixups(built, merged);
            finish_database(run, merged, stemmer);
            Xapian::Database(merged).compact(output, Xapian::DBCOMPACT_NO_RENUMBER);
            scratch.remove(merged);
        }
        ++run.stats.commits;
        run.stats.total_in_db = Xapian::Database(output).get_doccount();
    } catch (const Xapian::Error& e) {
        throw Error(EXIT_IO_ERROR, "merging the new database into " + output + " failed: " + write_error_text(e) + "; " +
                                       run.unchanged_notice());
    }
}

}  // namespace fahras
