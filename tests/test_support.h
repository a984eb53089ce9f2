/** @file test_support.h
 *  @brief Temporary directories, files and subprocesses for the tests.
 */
#ifndef FAHRAS_TEST_SUPPORT_H
#define FAHRAS_TEST_SUPPORT_H

#include <functional>
#include <random>
#include <string>
#include <vector>

namespace fahras {
class Gazetteer;
}

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

/** A small file system of its own at @a path (a tmpfs with mount
 *  @a options such as "size=5m": needs root), unmounted at the end. */
class SmallDisk {
  public:
    SmallDisk(const std::string& path, const std::string& options);
    ~SmallDisk();
    SmallDisk(const SmallDisk&) = delete;
    SmallDisk& operator=(const SmallDisk&) = delete;
    bool mounted() const { return mounted_; }
    const std::string& error() const { return error_; }
    /// What is on it, but @a keep (space left taken by failed runs shows here).
    std::vector<std::string> others(const std::vector<std::string>& keep) const;
    /// others(), as one line a failed check shows.
    std::string others_listed(const std::vector<std::string>& keep) const;
    void clear() const;
    /// Fill what room is left with one file, @a name.
    void fill(const std::string& name) const;

  private:
    std::string path_, error_;
    bool mounted_ = false;
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

/** Run @a argv on a pseudo-terminal, as from a person's terminal: its
 *  standard input, output and error are the terminal.  out is what it
 *  wrote there (stdout and stderr together, each "\r\n" read back as
 *  "\n"); err stays empty. */
CommandResult run_in_terminal(const std::vector<std::string>& argv);

/** A child process running in the background, output to files. */
class Process {
  public:
    /// Standard input: @a stdin_text, then its end.
    explicit Process(const std::vector<std::string>& argv, const std::string& stdin_text = "");
    /// Standard input on a pipe that this object holds open, and so never
    /// ends while it lives (a feed that stays open); write_stdin() feeds it.
    struct OpenStdin {};
    Process(const std::vector<std::string>& argv, OpenStdin);
    ~Process();  ///< kills and reaps the child if it still runs
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;
    void signal(int sig);
    bool running();            ///< false once it has exited (then wait() returns at once)
    CommandResult wait();      ///< exit code (128+signal if killed), stdout, stderr
    /// The exit code once the child has ended, waiting at most @a seconds:
    /// a child still running then is killed, and -1 returned.
    int exit_code_within(int seconds);
    /// Writes @a text to the pipe of an OpenStdin process, all of it.
    void write_stdin(const std::string& text);
    int pid() const { return pid_; }
    std::string out() const;  ///< standard output so far
    std::string err() const;  ///< standard error so far

  private:
    TempDir io_;
    int pid_ = -1;
    int status_ = -1;
    int stdin_pipe_ = -1;  ///< the write end, for OpenStdin
};

/** Waits until @a done, looking every 20 ms, at most @a seconds: a bound
 *  against hanging, never a measurement.  Whether @a done came true. */
bool eventually(const std::function<bool()>& done, int seconds = 20);

/** @a count synthetic articles (ids "a0", "a1", …) as JSON Lines: Arabic
 *  words drawn deterministically from @a seed, so tests can build archives
 *  of any size. */
std::string synthetic_articles(std::size_t count, unsigned seed = 1, std::size_t first_id = 0);

/** A query made of 1 to @a max_pieces of @a pieces drawn by @a random, each
 *  followed, one draw of @a gap_kinds in 6 or 7, by a space (3 of them), two
 *  spaces (1) or nothing (the rest): for tests over generated queries. */
std::string generated_query(std::mt19937& random, const std::vector<std::string>& pieces, std::size_t max_pieces,
                            unsigned gap_kinds = 6);

/** The repository's source directory (for corpus/ and tests/data/). */
std::string source_dir();

/** The bundled gazetteer (data/gazetteer/places.tsv), loaded once per test
 *  process; a problem in the file fails the test that first asks for it. */
const Gazetteer& bundled_gazetteer();

/** ../shared beside the repository, or "" when it is not there. */
std::string shared_dir();

/** Report that the running test cannot run here, and why: prints a marker
 *  on stdout that ctest turns into "Skipped" (tests/CMakeLists.txt).  doctest
 *  2.4 has no run-time skip, so the test must return right after. */
void skip_test(const std::string& why);

/** Whether this build runs under AddressSanitizer (scripts/test.sh runs
 *  every test a second time so, where each program runs a few times
 *  slower).  The few tests that repeat one scenario over many inputs (a
 *  full disk of three sizes, thirty thousand headlines) take a sample of
 *  them there, every kind of run still included; the regular build runs
 *  them all. */
constexpr bool under_sanitizers() {
#if defined(__SANITIZE_ADDRESS__)
    return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    return true;
#else
    return false;
#endif
#else
    return false;
#endif
}

}  // namespace fahras::test

#endif  // FAHRAS_TEST_SUPPORT_H
