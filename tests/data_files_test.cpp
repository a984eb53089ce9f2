// Where the programs find their data files (gazetteer, variants, stopwords)
// and what they do when one is missing.  install_test.cpp runs an installed
// tree end to end.
#include "test_support.h"

#include "indexer.h"
#include "search_cli.h"

#include <fahras/data_files.h>
#include <fahras/error.h>

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>

using namespace fahras;
namespace fs = std::filesystem;

namespace {

// Sets (or, given no value, unsets) an environment variable for one scope
// and puts back what was there: the variables steer every lookup.
class ScopedEnv {
  public:
    ScopedEnv(const char* name, const std::optional<std::string>& value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value) ::setenv(name, value->c_str(), 1);
        else ::unsetenv(name);
    }
    ~ScopedEnv() {
        if (old_) ::setenv(name_, old_->c_str(), 1);
        else ::unsetenv(name_);
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

  private:
    const char* name_;
    std::optional<std::string> old_;
};

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("data files: beside the program first, then the source tree, then the configured prefix") {
    const ScopedEnv no_dir("FAHRAS_DATA_DIR", std::nullopt);
    const ScopedEnv no_variants("FAHRAS_VARIANTS", std::nullopt);
    const std::vector<std::string> dirs = data_dirs();
    REQUIRE(dirs.size() == 3);
    // <prefix>/bin/program reads <prefix>/share/fahras, whatever the prefix
    // (the default GNUInstallDirs layout).
    const fs::path self = fs::read_symlink("/proc/self/exe");
    CHECK(dirs[0] == (self.parent_path().parent_path() / "share" / "fahras").string());
    CHECK(dirs[1] == test::source_dir() + "/data");
    // The build tree has no share/fahras: a build runs on the source's data.
    CHECK(data_file_path("variants_ar.txt", "FAHRAS_VARIANTS") == test::source_dir() + "/data/variants_ar.txt");
    CHECK(data_file_path("no-such-file.txt", nullptr).empty());
}

TEST_CASE("data files: $FAHRAS_DATA_DIR is the only place looked in, a file's own variable wins") {
    test::TempDir dir;
    test::write_file(dir.file("variants_ar.txt"), "أ|ب\n");
    const ScopedEnv data_dir("FAHRAS_DATA_DIR", dir.path());
    const ScopedEnv no_variants("FAHRAS_VARIANTS", std::nullopt);
    CHECK(data_dirs() == std::vector<std::string>{dir.path()});
    CHECK(data_file_path("variants_ar.txt", "FAHRAS_VARIANTS") == dir.file("variants_ar.txt"));
    CHECK(data_file_path("stopwords_ar.txt", nullptr).empty());  // not taken from the source tree
    CHECK(data_file_not_found("stopwords_ar.txt") == "found no stopwords_ar.txt in " + dir.path());
    const ScopedEnv variants("FAHRAS_VARIANTS", std::string("/elsewhere/v.txt"));
    CHECK(data_file_path("variants_ar.txt", "FAHRAS_VARIANTS") == "/elsewhere/v.txt");
}

TEST_CASE("fahras-index refuses to index without its gazetteer, unless --no-places") {
    test::TempDir dir;
    test::write_file(dir.file("a.jsonl"), "{\"id\":\"1\",\"body\":\"خبر من حلب\"}\n");
    const ScopedEnv data_dir("FAHRAS_DATA_DIR", dir.file("nowhere"));
    const ScopedEnv no_gazetteer("FAHRAS_GAZETTEER", std::nullopt);
    IndexerOptions opts;
    opts.db_path = dir.file("db");
    opts.inputs = {dir.file("a.jsonl")};
    opts.progress = false;
    std::ostringstream err;
    try {
        run_indexer(opts, err);
        FAIL("indexed without a gazetteer; stderr: " << err.str());
    } catch (const Error& e) {
        CHECK(e.code() == EXIT_NO_INPUT);
        const std::string message = e.what();
        CAPTURE(message);
        CHECK(has(message, "gazetteer/places.tsv in " + dir.file("nowhere")));  // where it looked
        CHECK(has(message, "reinstall"));
        CHECK(has(message, "FAHRAS_GAZETTEER"));
        CHECK(has(message, "--no-places"));
    }
    CHECK_FALSE(fs::exists(dir.file("db")));  // nothing written

    opts.places = false;
    CHECK(run_indexer(opts, err).added == 1);
}

TEST_CASE("fahras-search warns when name variants or stopwords are missing") {
    const char* argv[] = {"fahras-search", "--db", "x", "حلب", nullptr};
    SearcherOptions opts = parse_searcher_options(4, argv);
    const ScopedEnv no_variants("FAHRAS_VARIANTS", std::nullopt);
    const ScopedEnv no_stopwords("FAHRAS_STOPWORDS", std::nullopt);
    {
        const ScopedEnv data_dir("FAHRAS_DATA_DIR", std::nullopt);
        CHECK(missing_data_warnings(opts.request).empty());
    }
    const ScopedEnv data_dir("FAHRAS_DATA_DIR", std::string("/nonexistent/fahras"));
    const std::vector<std::string> warnings = missing_data_warnings(opts.request);
    REQUIRE(warnings.size() == 2);
    CHECK(has(warnings[0], "warning: no name variants: found no variants_ar.txt in /nonexistent/fahras"));
    CHECK(has(warnings[0], "FAHRAS_VARIANTS"));
    CHECK(has(warnings[0], "--no-variants"));
    CHECK(has(warnings[1], "warning: no stopwords: found no stopwords_ar.txt in /nonexistent/fahras"));
    CHECK(has(warnings[1], "FAHRAS_STOPWORDS"));
    // --no-variants: the user asked for none.
    opts.request.variants = false;
    CHECK(missing_data_warnings(opts.request).size() == 1);
}
