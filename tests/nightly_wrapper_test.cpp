// scripts/fahras-nightly.sh run for real: bash, a temporary directory and
// the built fahras-index.  Runs are held mid-way by reading their archive
// from a named pipe, so the tests decide when things happen instead of
// guessing with sleeps: a run is known to be indexing once it has opened
// the pipe, and ends when the test closes it.
#include "test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace fs = std::filesystem;
using fahras::test::read_file;
using fahras::test::TempDir;
using fahras::test::write_file;

namespace {

using Clock = std::chrono::steady_clock;

// Upper bound for waiting on a condition: far longer than any of these
// runs takes, so it only stops a test that would otherwise hang.
constexpr auto PATIENCE = std::chrono::seconds(120);

void pause_briefly() { std::this_thread::sleep_for(std::chrono::milliseconds(10)); }

/** The wrapper in a process group of its own (as under systemd, which
 *  signals the whole group), in @a cwd, with @a settings added to the
 *  environment. */
class Wrapper {
  public:
    Wrapper(const std::vector<std::string>& args, const std::string& cwd, const std::vector<std::string>& settings) {
        std::vector<std::string> argv = {"/bin/bash", fahras::test::source_dir() + "/scripts/fahras-nightly.sh"};
        argv.insert(argv.end(), args.begin(), args.end());
        std::vector<std::string> env;
        for (char** e = environ; *e; ++e) env.emplace_back(*e);
        env.insert(env.end(), settings.begin(), settings.end());
        std::vector<char*> c_argv, c_env;
        for (auto& a : argv) c_argv.push_back(a.data());
        c_argv.push_back(nullptr);
        for (auto& e : env) c_env.push_back(e.data());
        c_env.push_back(nullptr);
        const std::string out = io_.file("stdout"), err = io_.file("stderr");
        pid_ = fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            setpgid(0, 0);
            const int in_fd = open("/dev/null", O_RDONLY);
            const int out_fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            const int err_fd = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (in_fd < 0 || out_fd < 0 || err_fd < 0 || chdir(cwd.c_str()) != 0) _exit(127);
            dup2(in_fd, 0);
            dup2(out_fd, 1);
            dup2(err_fd, 2);
            execve(c_argv[0], c_argv.data(), c_env.data());
            _exit(127);
        }
        setpgid(pid_, pid_);  // also here: the group exists before anyone signals it
    }
    ~Wrapper() {
        // A test that failed half way: leave nothing running.
        if (status_ < 0) {
            kill(-pid_, SIGKILL);
            waitpid(pid_, &status_, 0);
        }
        wait_group_gone();
    }
    Wrapper(const Wrapper&) = delete;
    Wrapper& operator=(const Wrapper&) = delete;

    pid_t pid() const { return pid_; }

    bool running() {
        if (status_ >= 0) return false;
        if (waitpid(pid_, &status_, WNOHANG) == pid_) return false;
        status_ = -1;
        return true;
    }

    /** The wrapper's exit code (128 + signal if a signal killed it), once
     *  every process of its group is gone too. */
    int wait() {
        if (status_ < 0) waitpid(pid_, &status_, 0);
        wait_group_gone();
        return WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
    }

    std::string err() const { return read_file(io_.file("stderr")); }

    /** The pid of the fahras-index this wrapper started, once it runs
     *  (0 if none appeared). */
    pid_t indexer() const {
        const auto deadline = Clock::now() + PATIENCE;
        while (Clock::now() < deadline) {
            for (const auto& entry : fs::directory_iterator("/proc")) {
                const std::string name = entry.path().filename().string();
                if (name.find_first_not_of("0123456789") != std::string::npos) continue;
                const std::string stat = read_file(entry.path().string() + "/stat");
                // "pid (comm) state ppid pgrp ..."
                const std::size_t open = stat.find('('), close = stat.rfind(')');
                if (open == std::string::npos || close == std::string::npos) continue;
                std::istringstream rest(stat.substr(close + 1));
                std::string state;
                long ppid = 0, pgrp = 0;
                rest >> state >> ppid >> pgrp;
                if (pgrp == pid_ && stat.substr(open + 1, close - open - 1) == "fahras-index" && state != "Z")
                    return static_cast<pid_t>(std::stol(name));
            }
            pause_briefly();
        }
        return 0;
    }

  private:
    void wait_group_gone() const {
        const auto deadline = Clock::now() + PATIENCE;
        while (kill(-pid_, 0) == 0 && Clock::now() < deadline) pause_briefly();
    }

    TempDir io_;
    pid_t pid_ = -1;
    int status_ = -1;
};

/** The writing end of a named pipe, opened once a reader has opened it:
 *  from then on the reading fahras-index is known to be mid-run. */
class Feed {
  public:
    Feed(const std::string& path, Wrapper& reader) {
        const auto deadline = Clock::now() + PATIENCE;
        while ((fd_ = open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
            REQUIRE(errno == ENXIO);  // no reader yet
            REQUIRE(reader.running());
            REQUIRE(Clock::now() < deadline);
            pause_briefly();
        }
        fcntl(fd_, F_SETFL, 0);
    }
    ~Feed() { finish(); }
    Feed(const Feed&) = delete;
    Feed& operator=(const Feed&) = delete;

    void write(const std::string& text) {
        std::size_t done = 0;
        while (done < text.size()) {
            const ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
            REQUIRE(n > 0);
            done += static_cast<std::size_t>(n);
        }
    }
    /** End of input: the reader finishes. */
    void finish() {
        if (fd_ >= 0) close(fd_);
        fd_ = -1;
    }

  private:
    int fd_ = -1;
};

/** Wait until @a pid has taken the signals sent to it (none pending). */
void wait_signal_taken(pid_t pid) {
    const auto deadline = Clock::now() + PATIENCE;
    while (Clock::now() < deadline) {
        std::ifstream status("/proc/" + std::to_string(pid) + "/status");
        if (!status) return;  // gone: taken, one way or the other
        std::string line;
        bool pending = false;
        while (std::getline(status, line)) {
            if (line.rfind("SigPnd:", 0) == 0 || line.rfind("ShdPnd:", 0) == 0)
                pending |= line.find_first_not_of("0\t ", 7) != std::string::npos;
        }
        if (!pending) return;
        pause_briefly();
    }
}

/** Every log the wrapper wrote, one after the other. */
std::string all_logs(const std::string& log_dir) {
    std::string logs;
    for (const auto& entry : fs::directory_iterator(log_dir))
        if (entry.path().filename().string().rfind("nightly-", 0) == 0) logs += read_file(entry.path().string());
    return logs;
}

/** What the log directory holds besides the logs and last-run.json:
 *  temporary files left behind. */
std::vector<std::string> leftovers(const std::string& log_dir) {
    std::vector<std::string> left;
    for (const auto& entry : fs::directory_iterator(log_dir)) {
        const std::string name = entry.path().filename().string();
        if (name != "last-run.json" && name.rfind("nightly-", 0) != 0) left.push_back(name);
    }
    return left;
}

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

struct Setup {
    TempDir dir;
    std::string db = dir.file("news"), logs = dir.file("logs");
    std::vector<std::string> env(const std::string& wait_lock = "0") const {
        return {"FAHRAS_BIN=" FAHRAS_INDEX_BIN, "FAHRAS_LOG_DIR=" + logs, "FAHRAS_WAIT_LOCK=" + wait_lock};
    }
    Setup() {
        write_file(dir.file("first.jsonl"), fahras::test::synthetic_articles(20));
        const auto first = fahras::test::run_command({FAHRAS_INDEX_BIN, "--db", db, dir.file("first.jsonl")});
        REQUIRE(first.exit_code == 0);
        REQUIRE(mkfifo(dir.file("feed.jsonl").c_str(), 0600) == 0);
    }
};

}  // namespace

TEST_CASE("fahras-nightly.sh: two runs at once leave one valid last-run.json, each run logged whole") {
    Setup s;
    // The second run's archive holds 5 more articles, so its summary is
    // told apart from the first one's.
    write_file(s.dir.file("day.jsonl"), fahras::test::synthetic_articles(25));
    Wrapper first({s.db, s.dir.file("feed.jsonl")}, s.dir.path(), s.env());
    Feed feed(s.dir.file("feed.jsonl"), first);  // the first run is indexing, and holds the lock
    Wrapper second({s.db, s.dir.file("day.jsonl")}, s.dir.path(), s.env("600"));
    REQUIRE(second.indexer() != 0);  // started, and waiting for the lock
    feed.write(fahras::test::synthetic_articles(20));
    feed.finish();
    CHECK(first.wait() == 0);
    CHECK(second.wait() == 0);  // it got the lock when the first run ended
    CAPTURE(first.err());
    CAPTURE(second.err());
    CHECK(first.err().empty());  // nothing needs a person, and no error from the wrapper itself
    CHECK(second.err().empty());

    const std::string text = read_file(s.logs + "/last-run.json");
    CAPTURE(text);
    nlohmann::json last;
    REQUIRE_NOTHROW(last = nlohmann::json::parse(text));  // one document, nothing after it
    CHECK(last["read"] == 25);                             // the run that ended last
    CHECK(last["added"] == 5);
    const std::string logs = all_logs(s.logs);
    CAPTURE(logs);
    CHECK(occurrences(logs, "# exit 0") == 2);
    CHECK(occurrences(logs, "\"read\":20,") == 1);  // each summary kept in its log
    CHECK(occurrences(logs, "\"read\":25,") == 1);
    CHECK(leftovers(s.logs).empty());
    CHECK(Xapian::Database(s.db).get_doccount() == 25);
}

TEST_CASE("fahras-nightly.sh: SIGTERM to the process group mid-run is logged, summarized and cleaned up") {
    Setup s;
    Wrapper run({s.db, s.dir.file("feed.jsonl")}, s.dir.path(), s.env());
    Feed feed(s.dir.file("feed.jsonl"), run);
    feed.write(fahras::test::synthetic_articles(5, 2, 100));
    const pid_t indexer = run.indexer();
    REQUIRE(indexer != 0);
    // What systemd does when TimeoutStartSec runs out.
    REQUIRE(kill(-run.pid(), SIGTERM) == 0);
    wait_signal_taken(indexer);  // fahras-index knows it must stop...
    feed.finish();               // ...before its input ends
    const int code = run.wait();
    const std::string err = run.err();
    CAPTURE(err);
    CHECK(code == 130);  // fahras-index's code: interrupted, work committed
    CHECK(err.find("WARNING: interrupted") != std::string::npos);

    const std::string logs = all_logs(s.logs);
    CAPTURE(logs);
    CHECK(logs.find("# exit 130") != std::string::npos);
    nlohmann::json last;
    REQUIRE_NOTHROW(last = nlohmann::json::parse(read_file(s.logs + "/last-run.json")));
    CHECK(last["interrupted"] == true);
    CHECK(last["exit_code"] == 130);
    CHECK(last["deleted"] == 0);  // an interrupted snapshot deletes nothing
    CHECK(leftovers(s.logs).empty());
    CHECK(Xapian::Database(s.db).get_doccount() >= 20);
}

TEST_CASE("fahras-nightly.sh: a SIGTERM to the wrapper alone reaches fahras-index too") {
    Setup s;
    Wrapper run({s.db, s.dir.file("feed.jsonl")}, s.dir.path(), s.env());
    Feed feed(s.dir.file("feed.jsonl"), run);
    const pid_t indexer = run.indexer();
    REQUIRE(indexer != 0);
    REQUIRE(kill(run.pid(), SIGTERM) == 0);
    // The wrapper passes the signal on (and logs it once it has), so that
    // fahras-index stops instead of running on unwatched.
    const auto deadline = Clock::now() + PATIENCE;
    while (all_logs(s.logs).find("SIGTERM") == std::string::npos && Clock::now() < deadline) {
        REQUIRE(run.running());
        pause_briefly();
    }
    wait_signal_taken(indexer);
    feed.finish();
    CHECK(run.wait() == 130);
    CHECK(all_logs(s.logs).find("# exit 130") != std::string::npos);
    CHECK(leftovers(s.logs).empty());
}

TEST_CASE("fahras-nightly.sh: paths beginning with '-' are paths, not options") {
    TempDir dir;
    write_file(dir.file("-day.jsonl"), fahras::test::synthetic_articles(7));
    Wrapper run({"-news", "-day.jsonl"}, dir.path(), {"FAHRAS_BIN=" FAHRAS_INDEX_BIN, "FAHRAS_LOG_DIR=" + dir.file("logs")});
    const int code = run.wait();
    CAPTURE(run.err());
    CAPTURE(all_logs(dir.file("logs")));
    CHECK(code == 0);
    CHECK(Xapian::Database(dir.file("-news")).get_doccount() == 7);
    Wrapper rebuild({"--rebuild", "-news", "-day.jsonl"}, dir.path(),
                    {"FAHRAS_BIN=" FAHRAS_INDEX_BIN, "FAHRAS_LOG_DIR=" + dir.file("logs")});
    CHECK(rebuild.wait() == 0);
    CHECK(fs::is_symlink(dir.file("-news")));
    CHECK(Xapian::Database(dir.file("-news")).get_doccount() == 7);
}

TEST_CASE("the systemd unit counts as success exactly the codes its comment says are not crashes") {
    const std::string unit = read_file(fahras::test::source_dir() + "/ops/systemd/fahras-nightly.service");
    REQUIRE_FALSE(unit.empty());
    const auto numbers = [](const std::string& text) {
        std::set<int> found;
        for (std::size_t i = 0; i < text.size();) {
            if (std::isdigit(static_cast<unsigned char>(text[i]))) {
                std::size_t end = i;
                while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
                found.insert(std::stoi(text.substr(i, end - i)));
                i = end;
            } else {
                ++i;
            }
        }
        return found;
    };
    std::set<int> said, configured;
    std::istringstream lines(unit);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind('#', 0) == 0 && line.find("not crashes") != std::string::npos) said = numbers(line);
        if (line.rfind("SuccessExitStatus=", 0) == 0) configured = numbers(line);
    }
    CHECK(said == std::set<int>{3, 65, 75});
    CHECK(configured == said);
}
