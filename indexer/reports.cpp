#include "indexer.h"

#include "database_dir.h"
#include "messages.h"
#include "sharded_database.h"

#include <fahras/database_meta.h>
#include <fahras/error.h>
#include <fahras/schema.h>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

namespace fs = std::filesystem;

namespace fahras {

namespace {

std::string iso_day(const std::string& yyyymmdd) {
    if (yyyymmdd.size() < 8) return {};
    return yyyymmdd.substr(0, 4) + "-" + yyyymmdd.substr(4, 2) + "-" + yyyymmdd.substr(6, 2);
}

// Paths, source names and notices are bytes, not always UTF-8 (a Latin-1
// file name, a foreign database's metadata), and JSON must be UTF-8: an
// invalid byte is written as U+FFFD, as fahras-search's --json does, rather
// than making the dump throw after the work is done.  Valid UTF-8 comes out
// unchanged.
std::string dump_json(const nlohmann::ordered_json& object) {
    return object.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + '\n';
}

}  // namespace

DatabaseReport report_database(const std::string& db_path, bool check) {
    std::error_code ec;
    if (!fs::exists(db_path, ec)) throw Error(EXIT_NO_INPUT, "no database at " + db_path);
    const std::string foreign = foreign_directory_contents(db_path);
    if (!foreign.empty())
        throw Error(EXIT_NO_INPUT, db_path + " is not a Xapian database: it is a directory that holds other files (" +
                                       foreign + ")");
    Xapian::Database db(db_path);
    DatabaseReport report;
    report.path = db_path;
    report.articles = db.get_doccount();
    if (report.articles > 0 && db.get_value_freq(VALUE_DATE) > 0) {
        report.first_date = iso_day(db.get_value_lower_bound(VALUE_DATE));
        report.last_date = iso_day(db.get_value_upper_bound(VALUE_DATE));
    }
    const std::string prefix = source_terms_prefix();
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it)
        report.sources.emplace_back(source_of_term(*it), it.get_termfreq());
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
    if (!is_sharded(db_path)) {
        if (check) {
            std::ostringstream ignored;
            report.check_errors = Xapian::Database::check(db_path, 0, &ignored);
        }
        return report;
    }
    // Xapian checks one database at a time (not a stub); each shard is also
    // checked for articles outside the shard of their id, which an update
    // would not find.
    const std::size_t count = shard_count(db_path);
    const auto paths = shard_paths(db_path, count);
    for (std::size_t i = 0; i < count; ++i) {
        ShardReport shard;
        shard.name = shard_name(i);
        Xapian::Database one(paths[i]);
        shard.articles = one.get_doccount();
        if (check) {
            std::ostringstream ignored;
            shard.check_errors = Xapian::Database::check(paths[i], 0, &ignored);
            const std::string id_prefix = id_terms_prefix();
            for (auto it = one.allterms_begin(id_prefix); it != one.allterms_end(id_prefix); ++it)
                if (shard_of_id_term(*it, count) != i) ++shard.misplaced;
            shard.check_errors += shard.misplaced;
            report.check_errors += shard.check_errors;
        }
        report.shards.push_back(shard);
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
        if (r.shards.empty()) return dump_json(object);
        nlohmann::ordered_json with_shards = object;
        nlohmann::ordered_json shards = nlohmann::ordered_json::array();
        for (const auto& shard : r.shards)
            shards.push_back({{"name", shard.name},
                              {"articles", shard.articles},
                              {"check_errors", shard.check_errors},
                              {"misplaced", shard.misplaced}});
        with_shards["shards"] = shards;
        return dump_json(with_shards);
    }
    std::ostringstream out;
    out << "database:     " << shown(r.path) << '\n'
        << "articles:     " << r.articles << '\n'
        << "dates:        " << (r.first_date.empty() ? "none" : r.first_date + " .. " + r.last_date) << '\n'
        << "sources:      " << r.sources.size();
    for (std::size_t i = 0; i < r.sources.size() && i < 20; ++i)
        out << (i == 0 ? " (" : ", ") << shown(r.sources[i].first) << ' ' << r.sources[i].second;
    if (!r.sources.empty()) out << (r.sources.size() > 20 ? ", ...)" : ")");
    out << '\n'
        << "analysis:     schema " << r.schema_version << ", normalizer " << r.normalizer_version << ", stemmer "
        << shown(r.stemmer) << (r.compatible ? " (compatible)" : " (INCOMPATIBLE: rebuild with --rebuild)") << '\n'
        << "last update:  " << (r.last_update.empty() ? "never" : shown(r.last_update)) << '\n';
    if (!r.shards.empty()) {
        out << "shards:       " << r.shards.size() << " (";
        for (std::size_t i = 0; i < r.shards.size(); ++i)
            out << (i ? ", " : "") << r.shards[i].name << ' ' << r.shards[i].articles
                << (r.shards[i].check_errors ? " (" + std::to_string(r.shards[i].check_errors) + " check errors)" : "");
        out << ")\n";
    }
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
        return dump_json(summary);
    }
    std::ostringstream line;
    line.setf(std::ios::fixed);
    line.precision(1);
    line << "fahras-index: " << (s.interrupted ? "interrupted after " : "") << s.read << " articles from "
         << s.files << (s.files == 1 ? " file" : " files") << ": " << s.added << " added, " << s.replaced
         << " replaced, " << s.unchanged << " unchanged, " << s.deleted << " deleted, " << s.failed << " failed";
    if (s.warnings) line << ", " << s.warnings << " warnings";
    if (s.delete_refused) line << ", " << s.delete_refused << " deletions refused";
    line << " in " << s.seconds << " s; " << shown(opts.db_path) << " holds " << s.total_in_db << " articles";
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
