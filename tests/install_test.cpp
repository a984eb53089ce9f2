// `cmake --install` end to end: an installed tree indexes and searches with
// the data installed beside it, from whatever directory it ends up in.
#include "test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using fahras::test::CommandResult;
using fahras::test::run_command;
namespace fs = std::filesystem;

namespace {

void append(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::app);
    out << text;
    REQUIRE(out.good());
}

// The ids of a --json search's hits.
std::vector<std::string> hit_ids(const CommandResult& result) {
    std::vector<std::string> ids;
    std::istringstream lines(result.out);
    std::string line;
    while (std::getline(lines, line)) {
        const auto object = nlohmann::json::parse(line);
        if (object["type"] == "hit") ids.push_back(object["id"]);
    }
    return ids;
}

bool has_id_ending(const std::vector<std::string>& ids, const std::string& end) {
    for (const auto& id : ids)
        if (id.size() >= end.size() && id.compare(id.size() - end.size(), end.size(), end) == 0) return true;
    return false;
}

}  // namespace

TEST_CASE("an installed tree indexes and searches with its own data, wherever it is moved") {
    fahras::test::TempDir dir;
    const CommandResult installed =
        run_command({FAHRAS_CMAKE_COMMAND, "--install", FAHRAS_BUILD_DIR, "--prefix", dir.file("staged")});
    REQUIRE_MESSAGE(installed.exit_code == 0, installed.err);
    // Moved after installing: the prefix the install was given is gone, and
    // the configured one (CMAKE_INSTALL_PREFIX) was never installed to, so
    // only the lookup relative to the programs can find this tree's data.
    fs::rename(dir.file("staged"), dir.file("moved"));
    const std::string bin = dir.file("moved/bin/");
    const std::string share = dir.file("moved/share/fahras/");
    for (const char* program : {"fahras-index", "fahras-search", "fahras-serve", "fahras-alerts"}) {
        CAPTURE(program);
        CHECK(run_command({bin + program, "--version"}).exit_code == 0);
    }
    for (const char* file : {"gazetteer/places.tsv", "variants_ar.txt", "stopwords_ar.txt"}) {
        CAPTURE(file);
        REQUIRE(fs::is_regular_file(share + file));
    }
    // The source tree's data/ stays reachable (the programs look there
    // too), so mark the installed copies with what data/ lacks: a name
    // variant and a place named after words of nouakchott-fishing.txt.
    append(share + "variants_ar.txt", "مثبتستان|الأخطبوط\n");
    append(share + "gazetteer/places.tsv",
           "الزوارق\t\tInstall Check Harbour\tcity\tMR\t20.9\t-17.0\t100000\tfahras\tfahras:test-install-check\t\t\n");

    const std::string corpus = fahras::test::source_dir() + "/corpus";
    const std::string db = dir.file("db");
    const CommandResult indexed = run_command({bin + "fahras-index", "--db", db, corpus + "/articles.jsonl", corpus + "/text"});
    CHECK_MESSAGE(indexed.exit_code == 0, indexed.err);
    CHECK(indexed.err.find("warning") == std::string::npos);

    auto search = [&](std::vector<std::string> args) {
        std::vector<std::string> argv = {bin + "fahras-search", "--db", db, "--json", "--limit", "50"};
        argv.insert(argv.end(), args.begin(), args.end());
        const CommandResult result = run_command(argv);
        CAPTURE(result.err);
        CHECK(result.err.find("warning") == std::string::npos);
        return result;
    };
    // The shipped data at work: 002 writes بحلب; داعش is in no article, but
    // data/variants_ar.txt pairs it with «تنظيم الدولة», which 003 writes.
    CHECK(has_id_ending(hit_ids(search({"--place", "حلب"})), "002"));
    CHECK(has_id_ending(hit_ids(search({"داعش"})), "003"));
    CHECK(hit_ids(search({"داعش", "--no-variants"})).empty());
    // The installed copies, not the source tree's: the indexer recognized
    // the added place, the searcher resolves it and expands the added variant.
    CHECK(has_id_ending(hit_ids(search({"--place", "Install Check Harbour"})), "nouakchott-fishing.txt"));
    CHECK(has_id_ending(hit_ids(search({"مثبتستان"})), "nouakchott-fishing.txt"));
    // …which the build tree's searcher, reading data/, does not know.
    CHECK(run_command({FAHRAS_SEARCH_BIN, "--db", db, "مثبتستان"}).exit_code == 1);

    // With no data to be found (the source tree's included), the indexer
    // stops and says what to do; the searcher says what it misses and
    // searches on.
    const std::string nowhere = "FAHRAS_DATA_DIR=" + dir.file("nowhere");
    const CommandResult refused = run_command({"/usr/bin/env", nowhere, bin + "fahras-index", "--db", dir.file("db2"), corpus + "/text"});
    CHECK(refused.exit_code == 66);
    CHECK(refused.err.find("fahras-index: no gazetteer: found no gazetteer/places.tsv") == 0);
    CHECK(refused.err.find("--no-places") != std::string::npos);
    CHECK(run_command({"/usr/bin/env", nowhere, bin + "fahras-index", "--db", dir.file("db2"), "--no-places", corpus + "/text"})
              .exit_code == 0);
    const CommandResult warned = run_command({"/usr/bin/env", nowhere, bin + "fahras-search", "--db", db, "حلب"});
    CHECK(warned.exit_code == 0);
    // Its hits' places keep their ids and names, undescribed, without the gazetteer.
    const CommandResult undescribed =
        run_command({"/usr/bin/env", nowhere, bin + "fahras-search", "--db", db, "--json", "حلب"});
    CHECK(undescribed.exit_code == 0);
    CHECK(undescribed.out.find("{\"id\":\"fahras:sy-aleppo\",\"name\":\"حلب\",\"name_en\":null,\"kind\":null") !=
          std::string::npos);
    CHECK(warned.err.find("fahras-search: warning: no name variants: found no variants_ar.txt") != std::string::npos);
    CHECK(warned.err.find("fahras-search: warning: no stopwords") != std::string::npos);
}
