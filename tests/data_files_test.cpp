// Where the programs find their data files (gazetteer, variants, stopwords).  install_test.cpp runs an installed
// tree end to end.
#include "test_support.h"

#include <fahras/data_files.h>

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>

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
