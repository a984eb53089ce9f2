/** @file test_support.h
 *  @brief Temporary directories, files and subprocesses for the tests.
 */
#ifndef FAHRAS_TEST_SUPPORT_H
#define FAHRAS_TEST_SUPPORT_H

#include <string>
#include <vector>

namespace fahras::test {

/** A fresh directory under $TMPDIR, removed with everything in it. */
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }

  private:
    std::string path_;
};

void write_file(const std::string& path, const std::string& content);
void write_gzip(const std::string& path, const std::string& content);
std::string read_file(const std::string& path);

struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

/** Run @a argv (no shell) with @a stdin_text on its standard input. */
CommandResult run_command(const std::vector<std::string>& argv, const std::string& stdin_text = "");

/** The repository's source directory (for corpus/ and tests/data/). */
std::string source_dir();

/** ../shared beside the repository, or "" when it is not there. */
std::string shared_dir();

}  // namespace fahras::test

#endif  // FAHRAS_TEST_SUPPORT_H
