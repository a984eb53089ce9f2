/** @file e2e_support.h
 *  @brief What the end-to-end tests (e2e_tests, which know the programs'
 *  paths) share: running fahras-index on a database and counting what it
 *  holds, and the sample archive corpus/ indexed once and searched.
 */
#ifndef FAHRAS_TESTS_E2E_SUPPORT_H
#define FAHRAS_TESTS_E2E_SUPPORT_H

#include "test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace fahras::test {

/** A body for story tests: قافلة, then @a count words drawn in the order of
 *  @a seed from a fixed list, the first @a skip of them left out.  Two
 *  seeds share words but hardly any five-word run (two stories); one seed
 *  with a different @a count or @a skip is a near copy (one story). */
inline std::string story_text(unsigned seed, std::size_t count, std::size_t skip = 0) {
    static const std::vector<std::string> words = {
        "الوزير", "أعلن", "اليوم", "عن", "خطة", "جديدة", "لدعم", "المدارس", "في", "المناطق", "الريفية", "وقال",
        "إن", "الحكومة", "ستخصص", "مليون", "ريال", "للمشروع", "الذي", "يبدأ", "الشهر", "المقبل", "بمشاركة",
        "عدد", "من", "الجهات", "المختصة", "والمجلس", "البلدي", "مدينة", "جدة", "الرياض", "المياه", "الكهرباء"};
    std::mt19937 random(seed);
    std::uniform_int_distribution<std::size_t> pick(0, words.size() - 1);
    std::string out = "قافلة";
    for (std::size_t i = 0; i < count; ++i) {
        const std::string& word = words[pick(random)];
        if (i >= skip) out += " " + word;
    }
    return out;
}

/** fahras-index --db @a db, then @a args. */
inline CommandResult index_into(const std::string& db, const std::vector<std::string>& args) {
    std::vector<std::string> argv = {FAHRAS_INDEX_BIN, "--db", db};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv);
}

/** fahras-index --db @a db, then @a args and --json: its summary ({} when
 *  it printed none). */
inline nlohmann::json index_json(const std::string& db, std::vector<std::string> args) {
    args.push_back("--json");
    const CommandResult result = index_into(db, args);
    CAPTURE(result.err);  // in the report if the summary cannot be parsed
    return nlohmann::json::parse(result.out.empty() ? "{}" : result.out);
}

/** A search through the binary: 0 (found) and 1 (nothing) are both fine. */
inline int search_exit(const std::string& db, const std::string& query) {
    return run_command({FAHRAS_SEARCH_BIN, "--db", db, "--snippet-length", "0", query}).exit_code;
}

/** The articles @a db holds. */
inline Xapian::doccount count(const std::string& db) { return Xapian::Database(db).get_doccount(); }

/** The sample archive (corpus/), indexed once per test process. */
class IndexedCorpus {
  public:
    IndexedCorpus() {
        const std::string corpus = source_dir() + "/corpus";
        index_result = run_command({FAHRAS_INDEX_BIN, "--db", db(), corpus + "/articles.jsonl", corpus + "/text"});
    }
    std::string db() const { return dir_.file("db"); }
    CommandResult index_result;

  private:
    TempDir dir_;
};

inline const IndexedCorpus& corpus() {
    static const IndexedCorpus instance;
    return instance;
}

/** fahras-search on the sample archive, with @a args. */
inline CommandResult search(std::vector<std::string> args) {
    std::vector<std::string> argv = {FAHRAS_SEARCH_BIN, "--db", corpus().db()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv);
}

/** What fahras-search --json printed: its hits, then its summary. */
struct JsonSearch {
    std::vector<nlohmann::json> hits;
    nlohmann::json summary;
    int exit_code = -1;
};

inline JsonSearch parse_json_search(const std::string& out) {
    JsonSearch parsed;
    std::istringstream lines(out);
    for (std::string line; std::getline(lines, line);) {
        auto object = nlohmann::json::parse(line);
        if (object["type"] == "hit") parsed.hits.push_back(object);
        else parsed.summary = object;
    }
    return parsed;
}

/** fahras-search --json on the sample archive, with @a args. */
inline JsonSearch search_json(std::vector<std::string> args) {
    args.push_back("--json");
    const CommandResult result = search(args);
    JsonSearch parsed = parse_json_search(result.out);
    parsed.exit_code = result.exit_code;
    return parsed;
}

/** Ids of the hits, short form: "fahras-001" → "001". */
inline std::vector<std::string> ids(const JsonSearch& s) {
    std::vector<std::string> out;
    for (const auto& hit : s.hits) {
        std::string id = hit["id"];
        if (id.rfind("fahras-", 0) == 0) id = id.substr(7);
        out.push_back(id);
    }
    return out;
}

inline bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

/** ../shared, or "" after saying why the test is skipped. */
inline std::string shared_or_skip() {
    const std::string shared = shared_dir();
    if (shared.empty()) skip_test("../shared/corpora is not beside the repository");
    return shared;
}

}  // namespace fahras::test

#endif  // FAHRAS_TESTS_E2E_SUPPORT_H
