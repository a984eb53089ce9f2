// fahras-bench-plain: the plain-Xapian baseline of the performance benchmark.
//
//   fahras-bench-plain index DB FILES...
//   fahras-bench-plain index-sharded THREADS SHARD_SIZE DB FILES...
//   fahras-bench-plain search [--limit N] [--snippet-length N] [--no-warmup] DB QUERYFILE
//
// What a developer who knows Xapian but nothing of Arabic would write in an
// afternoon: TermGenerator without normalization or stemmer over title and
// body, the url as unique id term, the body stored as document data for
// snippets; QueryParser (default OR, no stemmer) at search time, top 10, the
// first 200 characters of each hit's body as its snippet.  Whatever Fahras
// costs beyond this is the price of its analysis, places and snippets.
//
// index-sharded is the same indexing done the fastest way Xapian allows on
// this machine: THREADS threads each write SHARD_SIZE-article databases
// (no fsync) that one compaction merges into DB, as fahras-index builds a
// new database.  It is the floor for any indexer that writes at least these
// terms through Xapian, so the benchmark reports it beside the baseline.
//
// Input is read with fahras_common's reader (and nothing else of Fahras), so
// both sides index exactly the same articles, gzip and HTML entities alike.
//
// A line of QUERYFILE is `QUERY`, `KIND<TAB>QUERY` or
// `KIND<TAB>SNIPPET_CHARS<TAB>QUERY` (make_queries.py writes the last form:
// its queries without snippets carry 0).  Search prints one line per query,
// `index<TAB>kind<TAB>microseconds<TAB>estimated matches<TAB>hits`, and a
// summary on stderr.
#include "percentile.h"

#include <fahras/article_reader.h>

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>
#include <string>
#include <vector>

using fahras::bench::percentile;

namespace {

constexpr int EXIT_USAGE = 64;
constexpr int EXIT_NO_INPUT = 66;
constexpr int EXIT_INTERNAL = 70;

// ------------------------------------------------------------------ index

// Xapian refuses terms over 245 bytes.  No SaudiNewsNet url comes close, but
// other archives' might: keep such ids unique rather than crash.
std::string id_term(const std::string& id) {
    constexpr std::size_t MAX_TERM = 245;
    std::string term = "Q" + id;
    if (term.size() <= MAX_TERM) return term;
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016zx", std::hash<std::string>{}(id));
    return term.substr(0, 200) + hash;
}

// Prints each input problem as file:line and counts the lost articles.
std::function<void(const fahras::InputProblem&)> problem_reporter(std::size_t& problems) {
    return [&problems](const fahras::InputProblem& problem) {
        if (problem.article_lost) ++problems;
        std::cerr << problem.where << ": " << (problem.article_lost ? "error: " : "warning: ") << problem.reason << '\n';
    };
}

// Title, a position gap, body; the body as data; the id term.
Xapian::Document plain_document(Xapian::TermGenerator& generator, const fahras::Article& article) {
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(article.title);
    // Keep phrases from matching across the end of the title.
    generator.increase_termpos();
    generator.index_text(article.body);
    doc.set_data(article.body);
    doc.add_boolean_term(id_term(article.id));
    return doc;
}

int index_files(const std::string& db_path, const std::vector<std::string>& inputs) {
    const auto start = std::chrono::steady_clock::now();
    std::size_t problems = 0;
    const auto report = problem_reporter(problems);
    const std::vector<fahras::InputFile> files = fahras::expand_inputs(inputs, report);
    if (files.empty()) {
        std::cerr << "fahras-bench-plain: no input\n";
        return EXIT_NO_INPUT;
    }

    Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator generator;  // no stemmer, no stopper: Xapian's defaults
    std::size_t articles = 0;
    fahras::ReaderCallbacks callbacks;
    callbacks.on_problem = report;
    callbacks.on_article = [&](fahras::Article&& article) {
        Xapian::Document doc = plain_document(generator, article);
        const std::string id = id_term(article.id);
        // replace_document, like scriptindex's unique=Q and fahras-index: a
        // re-run replaces an article instead of adding it twice.  Xapian
        // flushes by itself every 10,000 documents (XAPIAN_FLUSH_THRESHOLD).
        db.replace_document(id, doc);
        ++articles;
    };
    for (const auto& file : files) fahras::read_articles(file, fahras::ReaderOptions{}, callbacks);
    db.commit();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "indexed " << articles << " articles in " << seconds << " s (" << problems << " problems)\n";
    return problems ? 65 : 0;
}

// The articles are read into memory first (the reader is not what is
// measured here, and the archive fits), then split into shards in input
// order, shard k getting docids from k*SHARD_SIZE+1 on.  Ids are assumed
// unique, as in any fresh build.
int index_sharded(std::size_t threads, std::size_t shard_size, const std::string& db_path,
                  const std::vector<std::string>& inputs) {
    const auto start = std::chrono::steady_clock::now();
    std::size_t problems = 0;
    const auto report = problem_reporter(problems);
    std::vector<fahras::Article> articles;
    fahras::ReaderCallbacks callbacks;
    callbacks.on_problem = report;
    callbacks.on_article = [&](fahras::Article&& article) { articles.push_back(std::move(article)); };
    for (const auto& file : fahras::expand_inputs(inputs, report)) fahras::read_articles(file, fahras::ReaderOptions{}, callbacks);
    if (articles.empty()) {
        std::cerr << "fahras-bench-plain: no input\n";
        return EXIT_NO_INPUT;
    }
    const std::size_t shards = (articles.size() + shard_size - 1) / shard_size;
    std::vector<std::string> shard_paths(shards);
    std::size_t next_shard = 0;
    std::mutex mutex;
    std::exception_ptr failure;
    const auto work = [&] {
        Xapian::TermGenerator generator;
        for (;;) {
            std::size_t k;
            {
                std::lock_guard<std::mutex> lock(mutex);
                if (next_shard == shards || failure) return;
                k = next_shard++;
            }
            try {
                shard_paths[k] = db_path + ".shard-" + std::to_string(k);
                Xapian::WritableDatabase shard(shard_paths[k], Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
                const std::size_t end = std::min(articles.size(), (k + 1) * shard_size);
                for (std::size_t i = k * shard_size; i < end; ++i)
                    shard.replace_document(static_cast<Xapian::docid>(i + 1), plain_document(generator, articles[i]));
                shard.commit();
            } catch (...) {
                std::lock_guard<std::mutex> lock(mutex);
                failure = std::current_exception();
                return;
            }
        }
    };
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(work);
    for (auto& thread : pool) thread.join();
    if (failure) std::rethrow_exception(failure);
    Xapian::Database all;
    for (const auto& path : shard_paths) all.add_database(Xapian::Database(path));
    all.compact(db_path, Xapian::DBCOMPACT_NO_RENUMBER | Xapian::DBCOMPACT_MULTIPASS);
    for (const auto& path : shard_paths) {
        std::error_code error;
        std::filesystem::remove_all(path, error);
        if (error) std::cerr << "fahras-bench-plain: could not remove " << path << ": " << error.message() << '\n';
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "indexed " << articles.size() << " articles in " << seconds << " s, " << threads << " threads, " << shards
              << " shards (" << problems << " problems)\n";
    return problems ? 65 : 0;
}

// ----------------------------------------------------------------- search

struct Query {
    std::string kind = "-";
    std::size_t snippet_chars = 0;
    std::string text;
};

std::vector<Query> read_queries(std::istream& in, std::size_t default_snippet) {
    std::vector<Query> queries;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        Query query;
        query.snippet_chars = default_snippet;
        const std::size_t tab = line.find('\t');
        if (tab == std::string::npos) {
            query.text = line;
        } else {
            query.kind = line.substr(0, tab);
            query.text = line.substr(tab + 1);
            const std::size_t tab2 = query.text.find('\t');
            if (tab2 != std::string::npos) {
                query.snippet_chars = std::strtoul(query.text.substr(0, tab2).c_str(), nullptr, 10);
                query.text.erase(0, tab2 + 1);
            }
        }
        queries.push_back(std::move(query));
    }
    return queries;
}

// The first @a chars code points of @a text: no search for the matched words,
// no highlighting, which is all a naive snippet does.
std::string naive_snippet(const std::string& text, std::size_t chars) {
    std::size_t end = 0, seen = 0;
    while (end < text.size()) {
        const auto lead = static_cast<unsigned char>(text[end]);
        if ((lead & 0xC0) != 0x80 && seen++ == chars) break;
        ++end;
    }
    return text.substr(0, end);
}

struct Outcome {
    double micros = 0;
    Xapian::doccount estimated = 0;
    Xapian::doccount hits = 0;
    std::size_t snippet_bytes = 0;
};

Outcome run_query(const Xapian::Database& db, Xapian::QueryParser& parser, const Query& query,
                  Xapian::doccount limit) {
    const auto start = std::chrono::steady_clock::now();
    Xapian::Enquire enquire(db);
    enquire.set_query(parser.parse_query(query.text, Xapian::QueryParser::FLAG_DEFAULT));
    const Xapian::MSet mset = enquire.get_mset(0, limit);
    Outcome outcome;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        // Without a snippet no document is read at all: the body is all this
        // database stores.  (Fahras still reads each hit's stored article
        // then, for its title and url.)
        if (query.snippet_chars > 0)
            outcome.snippet_bytes += naive_snippet(it.get_document().get_data(), query.snippet_chars).size();
        ++outcome.hits;
    }
    outcome.estimated = mset.get_matches_estimated();
    outcome.micros = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
    return outcome;
}

int search_file(const std::string& db_path, const std::string& queries_path, Xapian::doccount limit,
                std::size_t snippet_chars, bool warmup) {
    std::ifstream in(queries_path);
    if (!in) {
        std::cerr << "fahras-bench-plain: cannot read " << queries_path << '\n';
        return EXIT_NO_INPUT;
    }
    const std::vector<Query> queries = read_queries(in, snippet_chars);
    const Xapian::Database db(db_path);
    Xapian::QueryParser parser;  // no stemmer; default operator OR
    parser.set_database(db);

    // One untimed pass first: the measured pass then sees a warm page cache
    // and warm Xapian block caches, as a long-running search service would.
    if (warmup) {
        for (const Query& query : queries) {
            try {
                run_query(db, parser, query, limit);
            } catch (const Xapian::QueryParserError&) {
                // Reported by the measured pass.
            }
        }
    }
    std::map<std::string, std::vector<double>> by_kind;
    std::size_t failures = 0, checksum = 0;
    for (std::size_t i = 0; i < queries.size(); ++i) {
        Outcome outcome;
        try {
            outcome = run_query(db, parser, queries[i], limit);
        } catch (const Xapian::QueryParserError& e) {
            std::cerr << "fahras-bench-plain: query " << i << ": " << e.get_msg() << '\n';
            ++failures;
            continue;
        }
        checksum += outcome.snippet_bytes;
        by_kind[queries[i].kind].push_back(outcome.micros);
        by_kind["all"].push_back(outcome.micros);
        std::cout << i << '\t' << queries[i].kind << '\t' << static_cast<long long>(std::llround(outcome.micros)) << '\t'
                  << outcome.estimated << '\t' << outcome.hits << '\n';
    }
    std::fprintf(stderr, "%-12s %7s %9s %9s %9s %9s\n", "kind", "queries", "p50 ms", "p95 ms", "p99 ms", "mean ms");
    for (const auto& [kind, micros] : by_kind) {
        double sum = 0;
        for (double m : micros) sum += m;
        std::fprintf(stderr, "%-12s %7zu %9.3f %9.3f %9.3f %9.3f\n", kind.c_str(), micros.size(),
                     percentile(micros, 50) / 1000, percentile(micros, 95) / 1000, percentile(micros, 99) / 1000,
                     sum / static_cast<double>(micros.size()) / 1000);
    }
    std::fprintf(stderr, "%zu queries failed to parse; %zu snippet bytes\n", failures, checksum);
    return 0;
}

int usage() {
    std::cerr << "usage: fahras-bench-plain index DB FILES...\n"
                 "       fahras-bench-plain index-sharded THREADS SHARD_SIZE DB FILES...\n"
                 "       fahras-bench-plain search [--limit N] [--snippet-length N] [--no-warmup] DB QUERYFILE\n";
    return EXIT_USAGE;
}

}  // namespace

int main(int argc, char* argv[]) try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() >= 3 && args[0] == "index") return index_files(args[1], {args.begin() + 2, args.end()});
    if (args.size() >= 5 && args[0] == "index-sharded") {
        const long threads = std::strtol(args[1].c_str(), nullptr, 10);
        const long shard_size = std::strtol(args[2].c_str(), nullptr, 10);
        if (threads <= 0 || shard_size <= 0) return usage();
        return index_sharded(static_cast<std::size_t>(threads), static_cast<std::size_t>(shard_size), args[3],
                             {args.begin() + 4, args.end()});
    }
    if (!args.empty() && args[0] == "search") {
        long limit = 10, snippet = 200;
        bool warmup = true;
        std::vector<std::string> positional;
        for (std::size_t i = 1; i < args.size(); ++i) {
            if (args[i] == "--limit" && i + 1 < args.size()) limit = std::strtol(args[++i].c_str(), nullptr, 10);
            else if (args[i] == "--snippet-length" && i + 1 < args.size()) snippet = std::strtol(args[++i].c_str(), nullptr, 10);
            else if (args[i] == "--no-warmup") warmup = false;
            else positional.push_back(args[i]);
        }
        if (positional.size() != 2 || limit <= 0 || snippet < 0) return usage();
        return search_file(positional[0], positional[1], static_cast<Xapian::doccount>(limit),
                           static_cast<std::size_t>(snippet), warmup);
    }
    return usage();
} catch (const Xapian::Error& e) {
    std::cerr << "fahras-bench-plain: " << e.get_description() << '\n';
    return EXIT_INTERNAL;
} catch (const std::exception& e) {
    std::cerr << "fahras-bench-plain: " << e.what() << '\n';
    return EXIT_INTERNAL;
}
