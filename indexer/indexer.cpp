#include "indexer.h"

#include "article_writer.h"
#include "database_dir.h"
#include "document_builder.h"
#include "generations.h"
#include "messages.h"
#include "pipeline.h"
#include "progress.h"
#include "writer_lock.h"

#include <fahras/analyzer.h>
#include <fahras/cli_common.h>
#include <fahras/database_meta.h>
#include <fahras/document.h>
#include <fahras/error.h>
#include <fahras/gazetteer.h>
#include <fahras/place_recognizer.h>
#include <fahras/schema.h>
#include <fahras/stemmers.h>
#include <fahras/terminal_text.h>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <csignal>
#include <ctime>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <sstream>
#include <thread>
#include <typeinfo>
#include <unordered_map>
#include <unordered_set>

namespace fs = std::filesystem;

namespace fahras {

namespace {

// Set by SIGINT/SIGTERM and read by every thread of a run; storing to a
// lock-free atomic is safe in a signal handler.
std::atomic<bool> stop_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the signal handler needs a lock-free flag");

extern "C" void request_stop(int) { stop_requested.store(true); }

// SIGINT/SIGTERM finish the current article, commit, and stop: a cron job
// killed by a timeout keeps everything it indexed.
class StopSignals {
  public:
    StopSignals() {
        stop_requested.store(false);
        previous_int_ = std::signal(SIGINT, request_stop);
        previous_term_ = std::signal(SIGTERM, request_stop);
    }
    ~StopSignals() {
        std::signal(SIGINT, previous_int_);
        std::signal(SIGTERM, previous_term_);
    }
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

  private:
    void (*previous_int_)(int);
    void (*previous_term_)(int);
};

std::string now_iso() { return utc_now("%Y-%m-%dT%H:%M:%SZ"); }

// A database keeps the stemmer it was built with; asking for another one
// would silently mix two analyses in one index (a rebuild may change it).
std::string choose_stemmer(Xapian::WritableDatabase& db, const IndexerOptions& opts, const std::string& fallback) {
    const AnalysisRecord record = read_analysis_record(db);
    const bool is_new = record.schema_version.empty() && db.get_doccount() == 0;
    if (is_new) {
        // Committed at once: a run killed before its first batch still
        // leaves a valid, empty Fahras database that searches answer.
        const std::string stemmer = opts.stemmer.value_or(fallback);
        write_analysis_record(db, stemmer);
        db.commit();
        return stemmer;
    }
    const std::string stemmer = check_analysis_record(db, opts.db_path);
    if (opts.stemmer && *opts.stemmer != stemmer) {
        throw Error(EXIT_USAGE, opts.db_path + " was built with stemmer '" + stemmer + "', not '" +
                                    *opts.stemmer + "'; use --rebuild to change it");
    }
    return stemmer;
}

// Parallel runs pass the inputs along in blocks of consecutive items.
struct Item {
    enum class Kind { file, article, problem };
    enum class Action { added, replaced, unchanged };

    Kind kind = Kind::article;
    Article article;
    InputProblem problem;
    std::uint64_t input_bytes = 0;  ///< input read so far when this came (for progress)
    PreparedArticle prepared;       ///< incremental runs: filled by an analysis thread
    // Shard builds: decided by the reader, in input order.
    Action action = Action::added;
    Xapian::docid docid = 0;
};

struct Block {
    std::vector<Item> items;
    std::size_t articles = 0;
    std::size_t text_bytes = 0;
    // Shard builds: the block's number, the new docids [first_docid,
    // end_docid) it brings, how far its thread got before a stop, and the
    // databases it wrote ("" for none).
    std::size_t number = 0;
    Xapian::docid first_docid = 0, end_docid = 0;
    std::size_t processed = 0;
    bool stopped = false;
    std::string shard, fixups;
};

using BlockPipeline = OrderedPipeline<Block>;

// Incremental runs: blocks are small, the writer keeps up with a window of
// a few per thread.  Shard builds: a block is a shard (opts.shard_size
// articles), flushed every SHARD_FLUSH_ARTICLES: Xapian's cost per
// document grows with the changes it holds in memory (measured on
// SaudiNewsNet: flushing every 1,000-2,000 documents costs a third less
// CPU, and a third of the memory, than every 10,000), while fewer, larger
// shards merge into a smaller database (a merge keeps each shard's
// postings of a term as a chunk of its own).
constexpr std::size_t UPDATE_BLOCK_ARTICLES = 64;
constexpr std::size_t UPDATE_BLOCKS_PER_THREAD = 4;
constexpr std::size_t SHARD_FLUSH_ARTICLES = 1000;
constexpr std::size_t MAX_BLOCK_TEXT_BYTES = 64u << 20;
// Shards are scratch space, removed when the run does not finish: no fsync
// (the merge syncs its output).  Xapian's DB_DANGEROUS (blocks updated in
// place) corrupted shards that are flushed more than once.
constexpr int SHARD_FLAGS = Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC;

const char* action_name(Item::Action action) {
    switch (action) {
        case Item::Action::added: return "added";
        case Item::Action::replaced: return "replaced";
        case Item::Action::unchanged: return "unchanged";
    }
    return "?";
}

class IndexRun {
  public:
    IndexRun(const IndexerOptions& opts, std::ostream& err) : opts_(opts), err_(err), reader_(opts.reader) {
        // A stop must reach the reader too: input may block (a FIFO, a
        // pipe that stays open) or never end (/dev/zero).
        reader_.cancel = &stop_requested;
    }

    IndexStats run() {
        const auto start = std::chrono::steady_clock::now();
        refuse_foreign_directory(opts_.db_path);
        const WriterLock lock(opts_.db_path, opts_.wait_lock_seconds);
        const WriteFailureExit write_failure_exit(err_, opts_.db_path, unchanged_notice());
        StopSignals signals;
        places_.emplace(opts_, err_);
        try {
            if (opts_.mode == IndexMode::rebuild) {
                rebuild();
            } else {
                update();
            }
        } catch (const Xapian::DatabaseError& e) {
            // A full disk met outside the writes that report it themselves
            // (creating the database, recording its analysis).
            if (!is_disk_full(e)) throw;
            throw Error(EXIT_IO_ERROR, "writing " + opts_.db_path + " failed: " + write_error_text(e) + "; " +
                                           unchanged_notice());
        }
        stats_.interrupted = stop_requested.load();
        stats_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return stats_;
    }

  private:
    void report(const InputProblem& problem) {
        if (problem.summary) {
            err_ << shown(problem.where) << ": note: " << shown(problem.reason) << '\n';
            return;
        }
        (problem.article_lost ? stats_.failed : stats_.warnings)++;
        if (problem.shown)
            err_ << shown(problem.where) << ": " << (problem.article_lost ? "error: " : "warning: ")
                 << shown(problem.reason) << '\n';
    }

    // Index one article; one that has no document is this article's
    // problem, like a bad line, not the run's.
    void index_article(ArticleWriter& writer, const Article& article, PreparedArticle* prepared = nullptr) {
        try {
            writer.index(article, prepared);
        } catch (const ArticleRejected& e) {
            report({article.origin, e.what()});
        }
    }

    void refuse(const std::string& why) {
        stats_.notice = why;
        err_ << "fahras-index: " << why << '\n';
    }

    std::size_t threads() const {
        if (opts_.threads > 0) return opts_.threads;
        const unsigned cores = std::thread::hardware_concurrency();
        return cores > 0 ? cores : 1;
    }

    bool show_progress() const { return opts_.progress && !opts_.quiet && !opts_.verbose; }

    // The files to read; unreadable inputs are reported here.
    std::vector<InputFile> input_files(std::uint64_t& total_bytes) {
        const auto files = expand_inputs(opts_.inputs, [this](const InputProblem& p) { report(p); });
        if (files.empty() && stats_.failed > 0)
            throw Error(EXIT_NO_INPUT, "nothing to index: none of the inputs could be read");
        total_bytes = 0;
        for (const auto& file : files) total_bytes += file.size;
        return files;
    }

    // Read every input into @a writer: serially, or with analysis threads
    // ahead of it.  @a precheck: the database already holds articles, so
    // the threads look for unchanged ones and do not analyse those.
    void read_inputs(ArticleWriter& writer, const std::string& stemmer, bool precheck) {
        if (threads() > 1) {
            read_inputs_parallel(writer, stemmer, precheck);
            return;
        }
        std::uint64_t total_bytes = 0;
        const auto files = input_files(total_bytes);
        Progress progress(err_, total_bytes, show_progress());
        std::uint64_t done_bytes = 0, current_offset = 0;
        for (const auto& file : files) {
            if (stop_requested) break;
            ++stats_.files;
            ReaderCallbacks callbacks;
            callbacks.on_article = [&](Article&& article) {
                if (stop_requested) return;
                index_article(writer, article);
                progress.update(stats_.read, done_bytes + current_offset);
            };
            callbacks.on_problem = [this](const InputProblem& p) { report(p); };
            callbacks.on_progress = [&](std::uint64_t offset) { current_offset = offset; };
            current_offset = 0;
            read_articles(file, reader_, callbacks);
            done_bytes += file.size;
        }
        progress.finish();
    }

    // The reader thread of a parallel run: the inputs, cut into blocks.
    // @a decide (may be empty) sees each item, in order, before it joins
    // the block; @a full says when the block goes.
    void produce(BlockPipeline& pipe, const std::vector<InputFile>& files,
                 const std::function<void(Block&, Item&)>& decide, const std::function<bool(const Block&)>& full) {
        Block block;
        std::size_t number = 0;
        const auto push = [&](Item&& item) {
            if (item.kind == Item::Kind::article) {
                ++block.articles;
                block.text_bytes += item.article.title.size() + item.article.body.size();
            }
            if (decide) decide(block, item);
            block.items.push_back(std::move(item));
            if (full(block)) {
                block.number = number++;
                pipe.emit(std::move(block));
                block = Block{};
            }
        };
        std::uint64_t done_bytes = 0, current_offset = 0;
        for (const auto& file : files) {
            if (stop_requested || pipe.cancelled()) break;
            Item start;
            start.kind = Item::Kind::file;
            push(std::move(start));
            ReaderCallbacks callbacks;
            callbacks.on_article = [&](Article&& article) {
                // What was read but not handed over is not counted either:
                // a stop leaves the consumer exactly where it was.
                if (stop_requested || pipe.cancelled()) throw PipelineCancelled{};
                Item item;
                item.article = std::move(article);
                item.input_bytes = done_bytes + current_offset;
                push(std::move(item));
            };
            callbacks.on_problem = [&](const InputProblem& p) {
                Item item;
                item.kind = Item::Kind::problem;
                item.problem = p;
                item.input_bytes = done_bytes + current_offset;
                push(std::move(item));
            };
            callbacks.on_progress = [&](std::uint64_t offset) { current_offset = offset; };
            current_offset = 0;
            read_articles(file, reader_, callbacks);
            done_bytes += file.size;
        }
        if (!block.items.empty()) {
            block.number = number;
            pipe.emit(std::move(block));
        }
    }

    // State of one analysis thread of an incremental run.
    struct AnalysisThread {
        AnalysisThread(const std::string& stemmer, const PlaceSetup& places) : builder(stemmer, places) {}
        DocumentBuilder builder;
        std::optional<Xapian::Database> live;  ///< read-only view of the database, to spot unchanged articles
    };

    // The fingerprint the database holds for @a id_term, as far as a
    // reader can tell ("" when it cannot or there is none).
    std::string stored_fingerprint(AnalysisThread& thread, const std::string& id_term) {
        for (int attempt = 0; attempt < 3; ++attempt) {
            try {
                if (!thread.live) thread.live.emplace(opts_.db_path);
                Xapian::Database& db = *thread.live;
                Xapian::PostingIterator it = db.postlist_begin(id_term);
                if (it == db.postlist_end(id_term)) return {};
                return db.get_document(*it, Xapian::DOC_ASSUME_VALID).get_value(VALUE_FINGERPRINT);
            } catch (const Xapian::DatabaseModifiedError&) {
                // The writer committed twice since this view was opened.
                thread.live.reset();
            } catch (const Xapian::Error&) {
                return {};  // only a hint: the writer looks for itself
            }
        }
        return {};
    }

    void prepare(Item& item, AnalysisThread& thread, bool precheck, const std::string& salt) {
        PreparedArticle& prepared = item.prepared;
        prepared.id_term = make_id_term(item.article.id);
        prepared.fingerprint = article_fingerprint(item.article, salt);
        // Most articles of a nightly run are unchanged: no need to analyse
        // them.  The writer confirms against the database as it is then.
        if (precheck && stored_fingerprint(thread, prepared.id_term) == prepared.fingerprint) return;
        try {
            prepared.doc = thread.builder.build(item.article);
        } catch (...) {
            prepared.error = std::current_exception();
        }
    }

    // An incremental run with threads: they analyse ahead, the writer (this
    // thread) decides and writes in input order, as the serial loop does,
    // so the database ends up the same.
    void read_inputs_parallel(ArticleWriter& writer, const std::string& stemmer, bool precheck) {
        std::uint64_t total_bytes = 0;
        const auto files = input_files(total_bytes);
        Progress progress(err_, total_bytes, show_progress());
        const std::size_t workers = threads();
        std::vector<std::unique_ptr<AnalysisThread>> state;
        for (std::size_t i = 0; i < workers; ++i) state.push_back(std::make_unique<AnalysisThread>(stemmer, *places_));
        const std::string salt = places_->salt();
        BlockPipeline pipe(
            workers, UPDATE_BLOCKS_PER_THREAD * workers,
            [&](Block& block, std::size_t worker, const std::atomic<bool>& cancelled) {
                for (Item& item : block.items) {
                    if (cancelled) return;
                    if (item.kind == Item::Kind::article) prepare(item, *state[worker], precheck, salt);
                }
            },
            [&](BlockPipeline& p) {
                // Problems are items too: binary garbage brings nothing else.
                produce(p, files, {}, [](const Block& b) {
                    return b.articles >= UPDATE_BLOCK_ARTICLES || b.text_bytes >= MAX_BLOCK_TEXT_BYTES ||
                           b.items.size() >= 4 * UPDATE_BLOCK_ARTICLES;
                });
            });
        while (auto block = pipe.next()) {
            for (Item& item : block->items) {
                if (stop_requested) break;
                switch (item.kind) {
                    case Item::Kind::file: ++stats_.files; break;
                    case Item::Kind::problem: report(item.problem); break;
                    case Item::Kind::article:
                        index_article(writer, item.article, &item.prepared);
                        progress.update(stats_.read, item.input_bytes);
                        break;
                }
            }
            if (stop_requested) break;
        }
        progress.finish();
    }

    // What a shard build wrote, in input order.
    struct Shards {
        std::vector<std::string> shards;  ///< one database per block
        std::vector<std::string> fixups;  ///< replacements of articles of earlier blocks
    };

    // A fresh build with threads.  The reader gives every new id the docid
    // a serial run would give it (after @a last_docid), in input order, and
    // decides there whether a repeated id is a replacement or unchanged.
    // Each thread takes a block, analyses its articles and writes them with
    // those docids into a shard database of its own under @a dir; a
    // replacement of an article of an earlier block goes to the block's
    // fixups database.  merge_shards() then joins everything.
    Shards build_shards(const std::string& stemmer, const std::string& dir, Xapian::docid last_docid) {
        std::uint64_t total_bytes = 0;
        const auto files = input_files(total_bytes);
        Progress progress(err_, total_bytes, show_progress());
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec) throw Error(EXIT_CANT_CREATE, "cannot create " + dir + ": " + ec.message());

        const std::size_t workers = threads();
        std::vector<std::unique_ptr<DocumentBuilder>> builders;
        for (std::size_t i = 0; i < workers; ++i) builders.push_back(std::make_unique<DocumentBuilder>(stemmer, *places_));
        std::atomic<std::size_t> articles_done{0};
        std::atomic<std::uint64_t> bytes_done{0};

        // Reader side.
        struct Known {
            Xapian::docid docid;
            std::string fingerprint;
        };
        std::unordered_map<std::string, Known> known;  // every id of this run
        Xapian::docid next_docid = last_docid + 1;
        const std::string salt = places_->salt();
        const auto decide = [&](Block& block, Item& item) {
            if (block.first_docid == 0) block.first_docid = next_docid;
            if (item.kind == Item::Kind::article) {
                std::string id_term = make_id_term(item.article.id);
                std::string fingerprint = article_fingerprint(item.article, salt);
                const auto found = known.find(id_term);
                if (found == known.end()) {
                    item.action = Item::Action::added;
                    item.docid = next_docid++;
                    known.emplace(std::move(id_term), Known{item.docid, std::move(fingerprint)});
                } else if (found->second.fingerprint == fingerprint) {
                    item.action = Item::Action::unchanged;
                    item.docid = found->second.docid;
                    // Nothing to analyse: keep only what messages need.
                    block.text_bytes -= item.article.title.size() + item.article.body.size();
                    item.article.title.clear();
                    item.article.body.clear();
                } else {
                    item.action = Item::Action::replaced;
                    item.docid = found->second.docid;
                    found->second.fingerprint = std::move(fingerprint);
                }
            }
            block.end_docid = next_docid;
        };
        const std::size_t shard_size = opts_.shard_size;
        const auto full = [shard_size](const Block& b) {
            return b.end_docid - b.first_docid >= shard_size || b.text_bytes >= MAX_BLOCK_TEXT_BYTES ||
                   b.items.size() >= 4 * shard_size;
        };

        // Worker side.
        const auto work = [&](Block& block, std::size_t worker, const std::atomic<bool>& cancelled) {
            DocumentBuilder& builder = *builders[worker];
            char name[32];
            std::snprintf(name, sizeof name, "%06zu", block.number);
            std::optional<Xapian::WritableDatabase> shard, fixups;
            const DiscardOnFailure discard_shard(shard), discard_fixups(fixups);
            std::size_t in_shard = 0;
            try {
                for (std::size_t i = 0; i < block.items.size(); ++i) {
                    if (stop_requested || cancelled) {
                        block.stopped = true;
                        break;
                    }
                    Item& item = block.items[i];
                    if (item.kind == Item::Kind::article && item.action != Item::Action::unchanged) {
                        Xapian::Document doc;
                        try {
                            doc = builder.build(item.article);
                        } catch (const ArticleRejected& e) {
                            // Reported in its place, like a bad line.  Its
                            // docid stays unused: the reader gave it out
                            // before the article was analysed (a serial run
                            // would give it to the next article).
                            item.problem = {item.article.origin, e.what()};
                            item.kind = Item::Kind::problem;
                            block.processed = i + 1;
                            continue;
                        }
                        if (!shard) {
                            block.shard = dir + "/shard-" + name;
                            shard.emplace(open_for_writing(block.shard, SHARD_FLAGS));
                        }
                        if (item.docid >= block.first_docid) {
                            shard->replace_document(item.docid, doc);
                            if (++in_shard % SHARD_FLUSH_ARTICLES == 0) shard->commit();
                        } else {
                            if (!fixups) {
                                block.fixups = dir + "/fixups-" + name;
                                fixups.emplace(open_for_writing(block.fixups, SHARD_FLAGS));
                            }
                            fixups->replace_document(item.docid, doc);
                        }
                        // Spelling frequencies add up when the shards merge.
                        if (opts_.spelling) add_spelling(*shard, doc);
                    }
                    block.processed = i + 1;
                    if (item.kind == Item::Kind::article) {
                        ++articles_done;
                        std::uint64_t seen = bytes_done.load();
                        while (seen < item.input_bytes && !bytes_done.compare_exchange_weak(seen, item.input_bytes)) {
                        }
                    }
                }
                if (shard) shard->commit();
                if (fixups) fixups->commit();
            } catch (const Xapian::DatabaseError& e) {
                throw Error(EXIT_IO_ERROR, "writing " + dir + " failed: " + write_error_text(e) + "; " + unchanged_notice());
            }
        };

        Shards out;
        {
            BlockPipeline pipe(workers, workers + 1, work, [&](BlockPipeline& p) { produce(p, files, decide, full); });
            const auto draw = [&] { progress.update(articles_done.load(), bytes_done.load()); };
            while (auto block = pipe.next(draw)) {
                count_block(*block);
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

    // The counts and messages of the items a shard-build thread handled.
    void count_block(const Block& block) {
        for (std::size_t i = 0; i < block.processed; ++i) {
            const Item& item = block.items[i];
            switch (item.kind) {
                case Item::Kind::file: ++stats_.files; break;
                case Item::Kind::problem: report(item.problem); break;
                case Item::Kind::article:
                    ++stats_.read;
                    switch (item.action) {
                        case Item::Action::added: ++stats_.added; break;
                        case Item::Action::replaced: ++stats_.replaced; break;
                        case Item::Action::unchanged: ++stats_.unchanged; break;
                    }
                    if (opts_.verbose)
                        err_ << shown(item.article.origin) << ": " << action_name(item.action) << ' '
                             << shown(item.article.id) << '\n';
                    break;
            }
        }
    }

    std::string unchanged_notice() const {
        return opts_.mode == IndexMode::rebuild ? "the live database is unchanged"
                                                : "the database keeps its last commit";
    }

    // Compact @a sources (the live database, when it brings metadata and
    // spelling data) and the shards into @a output, keeping every docid;
    // apply the blocks' fixups in input order (the last version of an
    // article wins), then record the analysis.
    void merge_shards(std::vector<std::string> sources, const Shards& built, const std::string& output,
                      const std::string& stemmer) {
        sources.insert(sources.end(), built.shards.begin(), built.shards.end());
        try {
            if (sources.empty()) {
                Xapian::WritableDatabase empty(output, Xapian::DB_CREATE_OR_OVERWRITE);
                const DiscardOnFailure discard(empty);
                empty.commit();
            } else {
                Xapian::Database all;
                for (const auto& source : sources) all.add_database(Xapian::Database(source));
                all.compact(output, Xapian::DBCOMPACT_NO_RENUMBER | Xapian::DBCOMPACT_MULTIPASS);
            }
            Xapian::WritableDatabase db(output, Xapian::DB_OPEN);
            const DiscardOnFailure discard(db);
            for (const auto& path : built.fixups) {
                const Xapian::Database fixups(path);
                for (auto it = fixups.postlist_begin(""); it != fixups.postlist_end(""); ++it)
                    db.replace_document(*it, fixups.get_document(*it));
            }
            write_analysis_record(db, stemmer);
            db.set_metadata(META_PLACES, places_->recognizer ? "1" : "0");
            db.set_metadata(META_GAZETTEERS, places_->record);
            db.set_metadata(META_LAST_UPDATE, now_iso());
            db.commit();
            ++stats_.commits;
            stats_.total_in_db = db.get_doccount();
        } catch (const Xapian::Error& e) {
            throw Error(EXIT_IO_ERROR, "merging the new database into " + output + " failed: " + write_error_text(e) + "; " +
                                           unchanged_notice());
        }
    }

    bool use_shards() const { return threads() > 1 && opts_.shard_size > 0; }

    // Incremental update, optional explicit deletions, optional snapshot.
    void update() {
        remove_build_leftovers(opts_.db_path);
        create_if_missing(opts_.db_path, opts_.stemmer.value_or(std::string(DEFAULT_STEMMER)));
        Xapian::WritableDatabase db = open_for_writing(opts_.db_path);
        const DiscardOnFailure discard(db);
        const std::string stemmer = choose_stemmer(db, opts_, std::string(DEFAULT_STEMMER));
        const Xapian::doccount before = db.get_doccount();
        std::error_code ec;
        if (before == 0 && opts_.delete_ids.empty() && use_shards() && !fs::is_symlink(opts_.db_path, ec)) {
            // Nothing to update, delete or keep: build in parallel shards.
            const Xapian::docid last_docid = db.get_lastdocid();
            db.close();
            build_fresh(stemmer, last_docid);
            return;
        }
        ArticleWriter writer(db, stemmer, opts_, err_, stats_, *places_);

        for (const auto& id : opts_.delete_ids) {
            if (!writer.remove(make_id_term(id))) err_ << "fahras-index: --delete " << shown(id) << ": no such article\n";
        }
        std::unordered_set<std::uint64_t> seen;
        if (opts_.mode == IndexMode::snapshot) writer.track_seen(&seen);
        read_inputs(writer, stemmer, before > 0);
        if (opts_.mode == IndexMode::snapshot && !stop_requested) delete_missing(db, writer, seen, before);
        db.set_metadata(META_LAST_UPDATE, now_iso());
        writer.commit();
        stats_.total_in_db = db.get_doccount();
    }

    // The database is empty: build the new one beside it in shards, merge
    // them (with the empty database's metadata and spelling data), and put
    // the result in its place in one step.  Searchers see the empty database
    // until then; a run killed on the way leaves it so, and the next run
    // removes the leftovers and starts again.  SIGINT and SIGTERM keep what
    // was indexed, as always.
    void build_fresh(const std::string& stemmer, Xapian::docid last_docid) {
        const std::string shards = opts_.db_path + ".shards";
        const std::string built = opts_.db_path + ".creating";
        WriteFailureExit::ScratchDirs scratch({shards, built});
        try {
            const Shards written = build_shards(stemmer, shards, last_docid);
            merge_shards({opts_.db_path}, written, built, stemmer);
            remove_database_dir(shards);
            replace_directory(built, opts_.db_path);
        } catch (...) {
            remove_database_dir(shards);
            remove_database_dir(built);
            throw;
        }
    }

    // A snapshot's inputs are the whole archive: what they no longer hold
    // goes, unless that looks like broken input rather than real deletions.
    void delete_missing(Xapian::WritableDatabase& db, ArticleWriter& writer,
                        const std::unordered_set<std::uint64_t>& seen, Xapian::doccount before) {
        std::vector<std::string> missing;
        const std::string prefix(PREFIX_ID);
        for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
            if (!seen.count(hash_term(*it))) missing.push_back(*it);
        }
        if (missing.empty()) return;
        const double limit = opts_.max_delete_share * static_cast<double>(before);
        if (!opts_.force_delete && stats_.failed > 0) {
            stats_.delete_refused = missing.size();
            refuse("snapshot: " + std::to_string(stats_.failed) + " inputs or articles could not be read, so " +
                   std::to_string(missing.size()) +
                   " articles missing from the inputs were NOT deleted (an unreadable input would look like "
                   "deleted articles); fix the input, or pass --force-delete");
            return;
        }
        if (!opts_.force_delete && static_cast<double>(missing.size()) > limit) {
            stats_.delete_refused = missing.size();
            refuse("snapshot: " + std::to_string(missing.size()) + " of " + std::to_string(before) +
                   " articles are missing from the inputs, more than --max-delete " +
                   std::to_string(static_cast<int>(opts_.max_delete_share * 100)) +
                   "% allows; nothing was deleted (check the inputs, or pass --force-delete)");
            return;
        }
        for (const auto& term : missing) writer.remove(term);
    }

    // Build beside the live database, compact, check, switch, clean up.
    void rebuild() {
        clean_stale_generations(opts_.db_path);
        std::string stemmer = opts_.stemmer.value_or(std::string(DEFAULT_STEMMER));
        std::size_t live_count = 0;
        std::error_code ec;
        if (fs::exists(opts_.db_path, ec)) {
            try {
                Xapian::Database live(opts_.db_path);
                live_count = live.get_doccount();
                const AnalysisRecord record = read_analysis_record(live);
                if (!opts_.stemmer && !record.stemmer.empty()) stemmer = record.stemmer;
            } catch (const Xapian::Error&) {
                // An unreadable live database is exactly what a rebuild is for.
            }
        }
        const std::string generation = new_generation_path(opts_.db_path);
        const std::string building = generation + ".building";
        WriteFailureExit::ScratchDirs scratch({building, generation});
        if (use_shards()) {
            // Shards merged by compaction: the compacted generation comes
            // out of the merge itself.
            try {
                const Shards written = build_shards(stemmer, building, 0);
                if (!stop_requested) merge_shards({}, written, generation, stemmer);
            } catch (...) {
                remove_database_dir(building);
                remove_database_dir(generation);
                throw;
            }
            remove_database_dir(building);
            if (stop_requested) {
                remove_database_dir(generation);
                refuse("rebuild interrupted; the live database is unchanged");
                stats_.total_in_db = live_count;
                return;
            }
        } else {
            try {
                Xapian::WritableDatabase db = open_for_writing(building, Xapian::DB_CREATE_OR_OVERWRITE);
                const DiscardOnFailure discard(db);
                write_analysis_record(db, stemmer);
                ArticleWriter writer(db, stemmer, opts_, err_, stats_, *places_);
                read_inputs(writer, stemmer, false);
                db.set_metadata(META_LAST_UPDATE, now_iso());
                writer.commit();
                stats_.total_in_db = db.get_doccount();
            } catch (...) {
                // A failed build (a full disk, most likely) gives its space back
                // at once; the live database was never touched.
                remove_database_dir(building);
                throw;
            }
            if (stop_requested) {
                remove_database_dir(building);
                refuse("rebuild interrupted; the live database is unchanged");
                stats_.total_in_db = live_count;
                return;
            }
            try {
                Xapian::Database(building).compact(generation);
            } catch (const Xapian::Error& e) {
                remove_database_dir(building);
                remove_database_dir(generation);
                throw Error(EXIT_IO_ERROR, "compacting the rebuilt database failed: " + write_error_text(e) +
                                               "; the live database is unchanged");
            }
            remove_database_dir(building);
        }
        check_generation(generation);
        if (!opts_.force_delete && live_count > 0 &&
            static_cast<double>(stats_.total_in_db) < (1.0 - opts_.max_delete_share) * static_cast<double>(live_count)) {
            remove_database_dir(generation);
            stats_.delete_refused = live_count - stats_.total_in_db;
            refuse("rebuild: the new database holds " + std::to_string(stats_.total_in_db) + " articles, the live one " +
                   std::to_string(live_count) + ": more than --max-delete " +
                   std::to_string(static_cast<int>(opts_.max_delete_share * 100)) +
                   "% fewer, so the live database was kept (check the inputs, or pass --force-delete)");
            stats_.total_in_db = live_count;
            return;
        }
        scratch.release();  // from here on the generation is the database
        const std::string previous = switch_generation(opts_.db_path, generation);
        stats_.switched = true;
        if (!previous.empty()) remove_database_dir(previous);
    }

    // Never switch searchers to a database that does not open, holds the
    // wrong number of articles, or records another analysis.
    void check_generation(const std::string& generation) {
        try {
            Xapian::Database built(generation);
            check_analysis_record(built, generation);
            if (built.get_doccount() != stats_.total_in_db) {
                throw Error(EXIT_INTERNAL, "the compacted database holds " + std::to_string(built.get_doccount()) +
                                               " articles, expected " + std::to_string(stats_.total_in_db));
            }
        } catch (const Xapian::Error& e) {
            remove_database_dir(generation);
            throw Error(EXIT_IO_ERROR, "the rebuilt database does not open: " + e.get_msg() +
                                           "; the live database is unchanged");
        } catch (const Error&) {
            remove_database_dir(generation);
            throw;
        }
    }

    const IndexerOptions& opts_;
    std::ostream& err_;
    ReaderOptions reader_;  ///< opts_.reader, cancelled by SIGINT/SIGTERM
    IndexStats stats_;
    std::optional<PlaceSetup> places_;
};

}  // namespace

IndexStats run_indexer(const IndexerOptions& opts, std::ostream& err) {
    return IndexRun(opts, err).run();
}

}  // namespace fahras
