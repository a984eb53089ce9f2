#include "input_feed.h"

#include "progress.h"

#include <fahras/document.h>
#include <fahras/schema.h>

#include <atomic>
#include <exception>
#include <memory>
#include <optional>
#include <utility>

namespace fahras {

namespace {

// Incremental runs: blocks are small, the writer keeps up with a window of
// a few per thread.
constexpr std::size_t UPDATE_BLOCK_ARTICLES = 64;
constexpr std::size_t UPDATE_BLOCKS_PER_THREAD = 4;

// Index one article; one that has no document is this article's
// problem, like a bad line, not the run's.
void index_article(IndexRun& run, ArticleWriter& writer, const Article& article, PreparedArticle* prepared = nullptr) {
    try {
        writer.index(article, prepared);
    } catch (const ArticleRejected& e) {
        run.report({article.origin, e.what()});
    }
}

void read_serially(IndexRun& run, ArticleWriter& writer) {
    std::uint64_t total_bytes = 0;
    const auto files = run.input_files(total_bytes);
    Progress progress(run.err, total_bytes, run.show_progress());
    std::uint64_t done_bytes = 0, current_offset = 0;
    for (const auto& file : files) {
        if (stop_requested) break;
        ++run.stats.files;
        ReaderCallbacks callbacks;
        callbacks.on_article = [&](Article&& article) {
            if (stop_requested) return;
            index_article(run, writer, article);
            progress.update(run.stats.read, done_bytes + current_offset);
        };
        callbacks.on_problem = [&run](const InputProblem& p) { run.report(p); };
        callbacks.on_progress = [&](std::uint64_t offset) { current_offset = offset; };
        current_offset = 0;
        read_articles(file, run.reader, callbacks);
        done_bytes += file.size;
    }
    progress.finish();
}

// State of one analysis thread of an incremental run.
struct AnalysisThread {
    AnalysisThread(const std::string& stemmer, const PlaceSetup& places) : builder(stemmer, places) {}
    DocumentBuilder builder;
    std::optional<Xapian::Database> live;  ///< read-only view of the database, to spot unchanged articles
};

// The fingerprint the database @a db_path holds for @a id_term, as far as
// a reader can tell ("" when it cannot or there is none).
std::string stored_fingerprint(AnalysisThread& thread, const std::string& db_path, const std::string& id_term) {
    for (int attempt = 0; attempt < 3; ++attempt) {
        try {
            if (!thread.live) thread.live.emplace(db_path);
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

void prepare(InputItem& item, AnalysisThread& thread, const std::string& db_path, bool precheck,
             const std::string& salt) {
    PreparedArticle& prepared = item.prepared;
    prepared.id_term = make_id_term(item.article.id);
    prepared.fingerprint = article_fingerprint(item.article, salt);
    // Most articles of a nightly run are unchanged: no need to analyse
    // them.  The writer confirms against the database as it is then.
    if (precheck && stored_fingerprint(thread, db_path, prepared.id_term) == prepared.fingerprint) return;
    try {
        prepared.doc = thread.builder.build(item.article);
    } catch (...) {
        prepared.error = std::current_exception();
    }
}

// An incremental run with threads: they analyse ahead, the writer (this
// thread) decides and writes in input order, as the serial loop does,
// so the database ends up the same.
void read_in_parallel(IndexRun& run, ArticleWriter& writer, const std::string& stemmer, bool precheck) {
    std::uint64_t total_bytes = 0;
    const auto files = run.input_files(total_bytes);
    Progress progress(run.err, total_bytes, run.show_progress());
    const std::size_t workers = run.threads();
    std::vector<std::unique_ptr<AnalysisThread>> state;
    for (std::size_t i = 0; i < workers; ++i) state.push_back(std::make_unique<AnalysisThread>(stemmer, *run.places));
    const std::string salt = run.places->salt();
    BlockPipeline pipe(
        workers, UPDATE_BLOCKS_PER_THREAD * workers,
        [&](InputBlock& block, std::size_t worker, const std::atomic<bool>& cancelled) {
            for (InputItem& item : block.items) {
                if (cancelled) return;
                if (item.kind == InputItem::Kind::article)
                    prepare(item, *state[worker], run.opts.db_path, precheck, salt);
            }
        },
        [&](BlockPipeline& p) {
            // Problems are items too: binary garbage brings nothing else.
            produce_blocks(run, p, files, {}, [](const InputBlock& b) {
                return b.articles >= UPDATE_BLOCK_ARTICLES || b.text_bytes >= MAX_BLOCK_TEXT_BYTES ||
                       b.items.size() >= 4 * UPDATE_BLOCK_ARTICLES;
            });
        });
    while (auto block = pipe.next()) {
        for (InputItem& item : block->items) {
            if (stop_requested) break;
            switch (item.kind) {
                case InputItem::Kind::file: ++run.stats.files; break;
                case InputItem::Kind::problem: run.report(item.problem); break;
                case InputItem::Kind::article:
                    index_article(run, writer, item.article, &item.prepared);
                    progress.update(run.stats.read, item.input_bytes);
                    break;
            }
        }
        if (stop_requested) break;
    }
    progress.finish();
}

}  // namespace

void produce_blocks(IndexRun& run, BlockPipeline& pipe, const std::vector<InputFile>& files,
                    const std::function<void(InputBlock&, InputItem&)>& decide,
                    const std::function<bool(const InputBlock&)>& full) {
    InputBlock block;
    std::size_t number = 0;
    const auto push = [&](InputItem&& item) {
        if (item.kind == InputItem::Kind::article) {
            ++block.articles;
            block.text_bytes += item.article.title.size() + item.article.body.size();
        }
        if (decide) decide(block, item);
        block.items.push_back(std::move(item));
        if (full(block)) {
            block.number = number++;
            pipe.emit(std::move(block));
            block = InputBlock{};
        }
    };
    std::uint64_t done_bytes = 0, current_offset = 0;
    for (const auto& file : files) {
        if (stop_requested || pipe.cancelled()) break;
        InputItem start;
        start.kind = InputItem::Kind::file;
        push(std::move(start));
        ReaderCallbacks callbacks;
        callbacks.on_article = [&](Article&& article) {
            // What was read but not handed over is not counted either:
            // a stop leaves the consumer exactly where it was.
            if (stop_requested || pipe.cancelled()) throw PipelineCancelled{};
            InputItem item;
            item.article = std::move(article);
            item.input_bytes = done_bytes + current_offset;
            push(std::move(item));
        };
        callbacks.on_problem = [&](const InputProblem& p) {
            InputItem item;
            item.kind = InputItem::Kind::problem;
            item.problem = p;
            item.input_bytes = done_bytes + current_offset;
            push(std::move(item));
        };
        callbacks.on_progress = [&](std::uint64_t offset) { current_offset = offset; };
        current_offset = 0;
        read_articles(file, run.reader, callbacks);
        done_bytes += file.size;
    }
    if (!block.items.empty()) {
        block.number = number;
        pipe.emit(std::move(block));
    }
}

void read_inputs(IndexRun& run, ArticleWriter& writer, const std::string& stemmer, bool precheck) {
    if (run.threads() > 1) {
        read_in_parallel(run, writer, stemmer, precheck);
    } else {
        read_serially(run, writer);
    }
}

}  // namespace fahras
