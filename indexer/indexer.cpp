#include "indexer.h"

#include "progress.h"

#include <fahras/analyzer.h>
#include <fahras/cli_common.h>
#include <fahras/database_meta.h>
#include <fahras/document.h>
#include <fahras/error.h>
#include <fahras/schema.h>
#include <fahras/stemmers.h>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include <chrono>
#include <csignal>
#include <ctime>
#include <ostream>
#include <sstream>

namespace fahras {

namespace {

volatile std::sig_atomic_t stop_requested = 0;

extern "C" void request_stop(int) { stop_requested = 1; }

// SIGINT/SIGTERM finish the current article, commit, and stop: a cron job
// killed by a timeout keeps everything it indexed.
class StopSignals {
  public:
    StopSignals() {
        stop_requested = 0;
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

std::string now_iso() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

Xapian::WritableDatabase open_for_writing(const std::string& path) {
    try {
        return Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN);
    } catch (const Xapian::DatabaseLockError&) {
        throw;  // run_cli maps it to 75 (try again later)
    } catch (const Xapian::DatabaseError& e) {
        throw Error(EXIT_CANT_CREATE, "cannot open " + path + " for writing: " + e.get_msg());
    }
}

// A database keeps the stemmer it was built with; asking for another one
// would silently mix two analyses in one index.
std::string choose_stemmer(Xapian::WritableDatabase& db, const IndexerOptions& opts) {
    const AnalysisRecord record = read_analysis_record(db);
    const bool is_new = record.schema_version.empty() && db.get_doccount() == 0;
    if (is_new) {
        const std::string stemmer = opts.stemmer.value_or(std::string(DEFAULT_STEMMER));
        write_analysis_record(db, stemmer);
        return stemmer;
    }
    const std::string stemmer = check_analysis_record(db, opts.db_path);
    if (opts.stemmer && *opts.stemmer != stemmer) {
        throw Error(EXIT_USAGE, opts.db_path + " was built with stemmer '" + stemmer + "', not '" +
                                    *opts.stemmer + "'; index into a new database to change it");
    }
    return stemmer;
}

class IndexRun {
  public:
    IndexRun(const IndexerOptions& opts, std::ostream& err)
        : opts_(opts), err_(err), db_(open_for_writing(opts.db_path)),
          analyzer_(choose_stemmer(db_, opts)), generator_(analyzer_.make_term_generator()) {}

    IndexStats run() {
        const auto start = std::chrono::steady_clock::now();
        const auto files = expand_inputs(opts_.inputs, [this](const InputProblem& p) { report(p); });
        std::uint64_t total_bytes = 0;
        for (const auto& file : files) total_bytes += file.size;
        Progress progress(err_, total_bytes, opts_.progress && !opts_.quiet && !opts_.verbose);

        StopSignals signals;
        std::uint64_t done_bytes = 0;
        for (const auto& file : files) {
            if (stop_requested) break;
            ++stats_.files;
            ReaderCallbacks callbacks;
            callbacks.on_article = [&](Article&& article) {
                if (stop_requested) return;
                index(article);
                progress.update(stats_.read, done_bytes + current_offset_);
            };
            callbacks.on_problem = [this](const InputProblem& p) { report(p); };
            callbacks.on_progress = [this](std::uint64_t offset) { current_offset_ = offset; };
            current_offset_ = 0;
            read_articles(file, opts_.reader, callbacks);
            done_bytes += file.size;
        }
        progress.finish();
        stats_.interrupted = stop_requested != 0;
        if (files.empty() && stats_.failed > 0)
            throw Error(EXIT_NO_INPUT, "nothing to index: none of the inputs could be read");
        db_.set_metadata(META_LAST_UPDATE, now_iso());
        commit();
        stats_.total_in_db = db_.get_doccount();
        stats_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return stats_;
    }

  private:
    void report(const InputProblem& problem) {
        (problem.article_lost ? stats_.failed : stats_.warnings)++;
        err_ << problem.where << ": " << (problem.article_lost ? "error: " : "warning: ") << problem.reason << '\n';
    }

    void index(const Article& article) {
        ++stats_.read;
        const std::string id_term = make_id_term(article.id);
        const std::string fingerprint = article_fingerprint(article);
        Xapian::PostingIterator existing = db_.postlist_begin(id_term);
        const char* action = "added";
        try {
            if (existing != db_.postlist_end(id_term)) {
                const Xapian::docid docid = *existing;
                if (db_.get_document(docid, Xapian::DOC_ASSUME_VALID).get_value(VALUE_FINGERPRINT) == fingerprint) {
                    ++stats_.unchanged;
                    action = "unchanged";
                } else {
                    db_.replace_document(docid, make_document(article, generator_));
                    ++stats_.replaced;
                    action = "replaced";
                }
            } else {
                db_.add_document(make_document(article, generator_));
                ++stats_.added;
            }
        } catch (const Xapian::DatabaseError& e) {
            throw write_failure(e);
        }
        if (opts_.verbose) err_ << article.origin << ": " << action << ' ' << article.id << '\n';
        if (++since_commit_ >= opts_.batch_size) commit();
    }

    void commit() {
        try {
            db_.commit();
        } catch (const Xapian::DatabaseError& e) {
            throw write_failure(e);
        }
        ++stats_.commits;
        since_commit_ = 0;
    }

    Error write_failure(const Xapian::Error& e) const {
        return Error(EXIT_IO_ERROR, "writing " + opts_.db_path + " failed: " + e.get_msg() +
                                        "; the database keeps its last commit (" +
                                        std::to_string(stats_.commits) + " commits this run)");
    }

    const IndexerOptions& opts_;
    std::ostream& err_;
    Xapian::WritableDatabase db_;
    Analyzer analyzer_;
    Xapian::TermGenerator generator_;
    IndexStats stats_;
    std::size_t since_commit_ = 0;
    std::uint64_t current_offset_ = 0;
};

}  // namespace

IndexStats run_indexer(const IndexerOptions& opts, std::ostream& err) {
    return IndexRun(opts, err).run();
}

std::string format_index_summary(const IndexStats& s, const IndexerOptions& opts) {
    if (opts.json) {
        const nlohmann::ordered_json summary = {
            {"database", opts.db_path}, {"files", s.files},       {"read", s.read},
            {"added", s.added},         {"replaced", s.replaced}, {"unchanged", s.unchanged},
            {"failed", s.failed},       {"warnings", s.warnings}, {"commits", s.commits},
            {"total", s.total_in_db},   {"seconds", s.seconds},   {"interrupted", s.interrupted},
            {"exit_code", index_exit_code(s)},
        };
        return summary.dump() + '\n';
    }
    std::ostringstream line;
    line.setf(std::ios::fixed);
    line.precision(1);
    line << "fahras-index: " << (s.interrupted ? "interrupted after " : "") << s.read << " articles from "
         << s.files << (s.files == 1 ? " file" : " files") << ": " << s.added << " added, " << s.replaced
         << " replaced, " << s.unchanged << " unchanged, " << s.failed << " failed";
    if (s.warnings) line << ", " << s.warnings << " warnings";
    line << " in " << s.seconds << " s; " << opts.db_path << " holds " << s.total_in_db << " articles\n";
    return line.str();
}

int index_exit_code(const IndexStats& stats) {
    if (stats.interrupted) return EXIT_INTERRUPTED;
    return stats.failed > 0 ? EXIT_DATA_ERROR : EXIT_OK;
}

}  // namespace fahras
