#include "indexer.h"

#include "generations.h"
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

#include <nlohmann/json.hpp>
#include <xapian.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <csignal>
#include <ctime>
#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <sstream>
#include <unordered_set>

namespace fs = std::filesystem;

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

std::string now_iso() { return utc_now("%Y-%m-%dT%H:%M:%SZ"); }

Xapian::WritableDatabase open_for_writing(const std::string& path, int flags = Xapian::DB_CREATE_OR_OPEN) {
    try {
        return Xapian::WritableDatabase(path, flags);
    } catch (const Xapian::DatabaseLockError&) {
        throw;  // run_cli maps it to 75 (try again later)
    } catch (const Xapian::DatabaseError& e) {
        // A full disk is an I/O condition to retry after freeing space, not
        // a path or permission problem.
        const char* detail = e.get_error_string();
        const bool disk_full = detail && std::string(detail) == std::strerror(ENOSPC);
        throw Error(disk_full ? EXIT_IO_ERROR : EXIT_CANT_CREATE,
                    "cannot open " + path + " for writing: " + e.get_msg() + (detail ? std::string(" (") + detail + ")" : ""));
    }
}

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

std::uint64_t hash_term(const std::string& term) { return std::hash<std::string>{}(term); }

// The gazetteers and the recognizer a run uses, loaded once.
struct PlaceSetup {
    Gazetteer gazetteer;
    std::optional<PlaceRecognizer> recognizer;
    std::string record;  ///< what META_GAZETTEERS stores

    PlaceSetup(const IndexerOptions& opts, std::ostream& err) {
        if (!opts.places) return;
        const std::string bundled = bundled_gazetteer_path();
        if (bundled.empty()) {
            err << "fahras-index: warning: no gazetteer found (set FAHRAS_GAZETTEER); places are not recognized\n";
            return;
        }
        std::vector<std::string> problems;
        try {
            gazetteer.load_tsv(bundled, true, &problems);
            for (const auto& file : opts.gazetteers) {
                gazetteer.load_tsv(file, false, &problems);
                record += "tsv:" + fs::absolute(file).string() + "\n";
            }
            for (const auto& file : opts.geonames) {
                gazetteer.load_geonames(file, &problems);
                record += "geonames:" + fs::absolute(file).string() + "\n";
            }
        } catch (const std::runtime_error& e) {
            throw Error(EXIT_NO_INPUT, e.what());
        }
        for (const auto& problem : problems) err << problem << ": warning: skipped\n";
        gazetteer.finish();
        recognizer.emplace(gazetteer);
    }

    /// Part of every fingerprint: new gazetteers reindex every article.
    std::string salt() const { return recognizer ? gazetteer.content_hash() : std::string("no-places"); }
};

// Writes articles into one database: replace-or-add by id, skip unchanged,
// commit in batches.  Shared by updates, snapshots and rebuilds.
class ArticleWriter {
  public:
    ArticleWriter(Xapian::WritableDatabase& db, const std::string& stemmer, const IndexerOptions& opts,
                  std::ostream& err, IndexStats& stats, const PlaceSetup& places)
        : db_(db), analyzer_(stemmer), generator_(analyzer_.make_term_generator()), opts_(opts), err_(err),
          stats_(stats), places_(places), salt_(places.salt()) {
        db_.set_metadata(META_PLACES, places_.recognizer ? "1" : "0");
        db_.set_metadata(META_GAZETTEERS, places_.record);
    }

    void index(const Article& article) {
        ++stats_.read;
        const std::string id_term = make_id_term(article.id);
        if (seen_) seen_->insert(hash_term(id_term));
        const std::string fingerprint = article_fingerprint(article, salt_);
        const char* action = "added";
        try {
            Xapian::PostingIterator existing = db_.postlist_begin(id_term);
            if (existing != db_.postlist_end(id_term)) {
                const Xapian::docid docid = *existing;
                if (db_.get_document(docid, Xapian::DOC_ASSUME_VALID).get_value(VALUE_FINGERPRINT) == fingerprint) {
                    ++stats_.unchanged;
                    action = "unchanged";
                } else {
                    db_.replace_document(docid, document_for(article));
                    ++stats_.replaced;
                    action = "replaced";
                }
            } else {
                db_.add_document(document_for(article));
                ++stats_.added;
            }
        } catch (const Xapian::DatabaseError& e) {
            throw write_failure(e);
        }
        if (opts_.verbose) err_ << article.origin << ": " << action << ' ' << article.id << '\n';
        if (++since_commit_ >= opts_.batch_size) commit();
    }

    /** Delete the article with @a id_term; false if there is none. */
    bool remove(const std::string& id_term) {
        try {
            if (db_.get_termfreq(id_term) == 0) return false;
            db_.delete_document(id_term);
        } catch (const Xapian::DatabaseError& e) {
            throw write_failure(e);
        }
        ++stats_.deleted;
        if (++since_commit_ >= opts_.batch_size) commit();
        return true;
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

    /** Start remembering the ids indexed (for a snapshot's deletions). */
    void track_seen(std::unordered_set<std::uint64_t>* seen) { seen_ = seen; }

  private:
    Xapian::Document document_for(const Article& article) {
        Xapian::Document doc;
        if (!places_.recognizer) {
            doc = make_document(article, generator_, nullptr, salt_);
        } else {
            const ArticlePlaces places = places_.recognizer->article_places(article.title, article.body);
            doc = make_document(article, generator_, &places, salt_);
        }
        if (opts_.spelling) add_spelling(doc);
        return doc;
    }

    // The archive's vocabulary for "did you mean": the words of titles,
    // once per article, so a word's spelling frequency is the number of
    // titles that use it.  Titles carry the names and topics people search
    // for; recording every body word (TermGenerator's FLAG_SPELLING) cost
    // about 45% of indexing time, titles cost a few percent.
    void add_spelling(const Xapian::Document& doc) {
        const std::string title_prefix(PREFIX_TITLE);
        auto it = doc.termlist_begin();
        for (it.skip_to(title_prefix); it != doc.termlist_end(); ++it) {
            const std::string& term = *it;
            if (term.compare(0, title_prefix.size(), title_prefix) != 0) break;
            const auto first = static_cast<unsigned char>(term[title_prefix.size()]);
            const bool number = first >= '0' && first <= '9';
            if (!number && term.size() - title_prefix.size() > 4) db_.add_spelling(term.substr(title_prefix.size()));
        }
    }

    Error write_failure(const Xapian::Error& e) const {
        return Error(EXIT_IO_ERROR, "writing " + opts_.db_path + " failed: " + e.get_msg() +
                                        "; the database keeps its last commit (" +
                                        std::to_string(stats_.commits) + " commits this run)");
    }

    Xapian::WritableDatabase& db_;
    Analyzer analyzer_;
    Xapian::TermGenerator generator_;
    const IndexerOptions& opts_;
    std::ostream& err_;
    IndexStats& stats_;
    std::size_t since_commit_ = 0;
    std::unordered_set<std::uint64_t>* seen_ = nullptr;
    const PlaceSetup& places_;
    std::string salt_;
};

class IndexRun {
  public:
    IndexRun(const IndexerOptions& opts, std::ostream& err) : opts_(opts), err_(err) {}

    IndexStats run() {
        const auto start = std::chrono::steady_clock::now();
        const WriterLock lock(opts_.db_path, opts_.wait_lock_seconds);
        StopSignals signals;
        places_.emplace(opts_, err_);
        if (opts_.mode == IndexMode::rebuild) {
            rebuild();
        } else {
            update();
        }
        stats_.interrupted = stop_requested != 0;
        stats_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return stats_;
    }

  private:
    void report(const InputProblem& problem) {
        (problem.article_lost ? stats_.failed : stats_.warnings)++;
        err_ << problem.where << ": " << (problem.article_lost ? "error: " : "warning: ") << problem.reason << '\n';
    }

    void refuse(const std::string& why) {
        stats_.notice = why;
        err_ << "fahras-index: " << why << '\n';
    }

    // Read every input into @a writer.
    void read_inputs(ArticleWriter& writer) {
        const auto files = expand_inputs(opts_.inputs, [this](const InputProblem& p) { report(p); });
        if (files.empty() && stats_.failed > 0)
            throw Error(EXIT_NO_INPUT, "nothing to index: none of the inputs could be read");
        std::uint64_t total_bytes = 0;
        for (const auto& file : files) total_bytes += file.size;
        Progress progress(err_, total_bytes, opts_.progress && !opts_.quiet && !opts_.verbose);
        std::uint64_t done_bytes = 0, current_offset = 0;
        for (const auto& file : files) {
            if (stop_requested) break;
            ++stats_.files;
            ReaderCallbacks callbacks;
            callbacks.on_article = [&](Article&& article) {
                if (stop_requested) return;
                writer.index(article);
                progress.update(stats_.read, done_bytes + current_offset);
            };
            callbacks.on_problem = [this](const InputProblem& p) { report(p); };
            callbacks.on_progress = [&](std::uint64_t offset) { current_offset = offset; };
            current_offset = 0;
            read_articles(file, opts_.reader, callbacks);
            done_bytes += file.size;
        }
        progress.finish();
    }

    // Incremental update, optional explicit deletions, optional snapshot.
    // A new database appears complete or not at all: it is created and its
    // analysis record committed under a temporary name, then renamed into
    // place, so a run killed at any moment never leaves a database that
    // searchers would refuse.
    void create_if_missing() {
        std::error_code ec;
        if (fs::exists(fs::symlink_status(opts_.db_path, ec))) return;
        const std::string creating = opts_.db_path + ".creating";
        remove_database_dir(creating);
        {
            Xapian::WritableDatabase db = open_for_writing(creating, Xapian::DB_CREATE_OR_OVERWRITE);
            write_analysis_record(db, opts_.stemmer.value_or(std::string(DEFAULT_STEMMER)));
            db.commit();
        }
        fs::rename(creating, opts_.db_path, ec);
        if (ec) throw Error(EXIT_CANT_CREATE, "cannot create " + opts_.db_path + ": " + ec.message());
    }

    void update() {
        create_if_missing();
        Xapian::WritableDatabase db = open_for_writing(opts_.db_path);
        const std::string stemmer = choose_stemmer(db, opts_, std::string(DEFAULT_STEMMER));
        const Xapian::doccount before = db.get_doccount();
        ArticleWriter writer(db, stemmer, opts_, err_, stats_, *places_);

        for (const auto& id : opts_.delete_ids) {
            if (!writer.remove(make_id_term(id))) err_ << "fahras-index: --delete " << id << ": no such article\n";
        }
        std::unordered_set<std::uint64_t> seen;
        if (opts_.mode == IndexMode::snapshot) writer.track_seen(&seen);
        read_inputs(writer);
        if (opts_.mode == IndexMode::snapshot && !stop_requested) delete_missing(db, writer, seen, before);
        db.set_metadata(META_LAST_UPDATE, now_iso());
        writer.commit();
        stats_.total_in_db = db.get_doccount();
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
        clean_stale_generations();
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
        try {
            Xapian::WritableDatabase db = open_for_writing(building, Xapian::DB_CREATE_OR_OVERWRITE);
            write_analysis_record(db, stemmer);
            ArticleWriter writer(db, stemmer, opts_, err_, stats_, *places_);
            read_inputs(writer);
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
            throw Error(EXIT_IO_ERROR, "compacting the rebuilt database failed: " + e.get_msg() +
                                           "; the live database is unchanged");
        }
        remove_database_dir(building);
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

    // Leftovers of a rebuild that was killed: half-built or never switched
    // to.  Only a lock holder creates them, so only one can remove them.
    void clean_stale_generations() {
        const fs::path db(opts_.db_path);
        const fs::path dir = db.has_parent_path() ? db.parent_path() : fs::path(".");
        const std::string name_of_db = db.filename().string();
        std::error_code ec;
        std::string live_target;
        if (fs::is_symlink(db, ec)) live_target = fs::read_symlink(db, ec).filename().string();
        for (const auto& entry : fs::directory_iterator(dir, ec)) {
            const std::string name = entry.path().filename().string();
            const bool ours = name.rfind(name_of_db + ".gen-", 0) == 0 || name.rfind(name_of_db + ".previous-", 0) == 0 ||
                              name == name_of_db + ".switch";
            if (ours && name != live_target) remove_database_dir(entry.path().string());
        }
    }

    const IndexerOptions& opts_;
    std::ostream& err_;
    IndexStats stats_;
    std::optional<PlaceSetup> places_;
};

std::string iso_day(const std::string& yyyymmdd) {
    if (yyyymmdd.size() < 8) return {};
    return yyyymmdd.substr(0, 4) + "-" + yyyymmdd.substr(4, 2) + "-" + yyyymmdd.substr(6, 2);
}

}  // namespace

IndexStats run_indexer(const IndexerOptions& opts, std::ostream& err) {
    return IndexRun(opts, err).run();
}

DatabaseReport report_database(const std::string& db_path, bool check) {
    std::error_code ec;
    if (!fs::exists(db_path, ec)) throw Error(EXIT_NO_INPUT, "no database at " + db_path);
    Xapian::Database db(db_path);
    DatabaseReport report;
    report.path = db_path;
    report.articles = db.get_doccount();
    if (report.articles > 0 && db.get_value_freq(VALUE_DATE) > 0) {
        report.first_date = iso_day(db.get_value_lower_bound(VALUE_DATE));
        report.last_date = iso_day(db.get_value_upper_bound(VALUE_DATE));
    }
    const std::string prefix(PREFIX_SOURCE);
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it)
        report.sources.emplace_back((*it).substr(prefix.size()), it.get_termfreq());
    std::stable_sort(report.sources.begin(), report.sources.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    const AnalysisRecord record = read_analysis_record(db);
    report.schema_version = record.schema_version;
    report.normalizer_version = record.normalizer_version;
    report.stemmer = record.stemmer;
    report.last_update = db.get_metadata(META_LAST_UPDATE);
    try {
        check_analysis_record(db, db_path);
        report.compatible = true;
    } catch (const Error&) {
        report.compatible = false;
    }
    if (check) {
        std::ostringstream ignored;
        report.check_errors = Xapian::Database::check(db_path, 0, &ignored);
    }
    return report;
}

std::string format_database_report(const DatabaseReport& r, bool json) {
    if (json) {
        nlohmann::ordered_json sources = nlohmann::ordered_json::object();
        for (const auto& [name, count] : r.sources) sources[name] = count;
        const nlohmann::ordered_json object = {
            {"database", r.path},           {"articles", r.articles},
            {"first_date", r.first_date},   {"last_date", r.last_date},
            {"sources", sources},           {"schema_version", r.schema_version},
            {"normalizer_version", r.normalizer_version}, {"stemmer", r.stemmer},
            {"compatible", r.compatible},   {"last_update", r.last_update},
            {"check_errors", r.check_errors},
        };
        return object.dump() + '\n';
    }
    std::ostringstream out;
    out << "database:     " << r.path << '\n'
        << "articles:     " << r.articles << '\n'
        << "dates:        " << (r.first_date.empty() ? "none" : r.first_date + " .. " + r.last_date) << '\n'
        << "sources:      " << r.sources.size();
    for (std::size_t i = 0; i < r.sources.size() && i < 20; ++i)
        out << (i == 0 ? " (" : ", ") << r.sources[i].first << ' ' << r.sources[i].second;
    if (!r.sources.empty()) out << (r.sources.size() > 20 ? ", ...)" : ")");
    out << '\n'
        << "analysis:     schema " << r.schema_version << ", normalizer " << r.normalizer_version << ", stemmer "
        << r.stemmer << (r.compatible ? " (compatible)" : " (INCOMPATIBLE: rebuild with --rebuild)") << '\n'
        << "last update:  " << (r.last_update.empty() ? "never" : r.last_update) << '\n';
    return out.str();
}

std::string format_index_summary(const IndexStats& s, const IndexerOptions& opts) {
    if (opts.json) {
        const nlohmann::ordered_json summary = {
            {"database", opts.db_path}, {"files", s.files},         {"read", s.read},
            {"added", s.added},         {"replaced", s.replaced},   {"unchanged", s.unchanged},
            {"deleted", s.deleted},     {"delete_refused", s.delete_refused},
            {"failed", s.failed},       {"warnings", s.warnings},   {"commits", s.commits},
            {"total", s.total_in_db},   {"seconds", s.seconds},     {"interrupted", s.interrupted},
            {"rebuilt", opts.mode == IndexMode::rebuild && s.switched}, {"notice", s.notice},
            {"exit_code", index_exit_code(s)},
        };
        return summary.dump() + '\n';
    }
    std::ostringstream line;
    line.setf(std::ios::fixed);
    line.precision(1);
    line << "fahras-index: " << (s.interrupted ? "interrupted after " : "") << s.read << " articles from "
         << s.files << (s.files == 1 ? " file" : " files") << ": " << s.added << " added, " << s.replaced
         << " replaced, " << s.unchanged << " unchanged, " << s.deleted << " deleted, " << s.failed << " failed";
    if (s.warnings) line << ", " << s.warnings << " warnings";
    if (s.delete_refused) line << ", " << s.delete_refused << " deletions refused";
    line << " in " << s.seconds << " s; " << opts.db_path << " holds " << s.total_in_db << " articles";
    if (s.switched) line << " (rebuilt and switched)";
    line << '\n';
    return line.str();
}

int index_exit_code(const IndexStats& stats) {
    if (stats.interrupted) return EXIT_INTERRUPTED;
    if (stats.delete_refused > 0) return EXIT_UNSAFE_DELETE;
    return stats.failed > 0 ? EXIT_DATA_ERROR : EXIT_OK;
}

}  // namespace fahras
