#include "test_support.h"

#include <fahras/gazetteer.h>

#include <doctest/doctest.h>

#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <cerrno>
#include <fcntl.h>
#include <pty.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace fs = std::filesystem;

namespace fahras::test {

TempDir::TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/fahras-test-XXXXXX";
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    for (auto it = fs::recursive_directory_iterator(path_, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
}

void write_file(const std::string& path, const std::string& content) {
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream out(path, std::ios::binary);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + path);
}

void write_gzip(const std::string& path, const std::string& content) {
    gzFile file = gzopen(path.c_str(), "wb");
    if (!file) throw std::runtime_error("cannot write " + path);
    gzwrite(file, content.data(), static_cast<unsigned>(content.size()));
    gzclose(file);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

namespace {

// Starts @a argv with standard output and error to files in @a io, and
// standard input as @a actions say; destroys @a actions.
pid_t spawn(const std::vector<std::string>& argv, posix_spawn_file_actions_t* actions, const TempDir& io) {
    const std::string out = io.file("stdout"), err = io.file("stderr");
    posix_spawn_file_actions_addopen(actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> args;
    for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, args[0], actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(actions);
    if (rc != 0) throw std::runtime_error("cannot run " + argv[0]);
    return pid;
}

int exit_code_of(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }

}  // namespace

Process::Process(const std::vector<std::string>& argv, const std::string& stdin_text) {
    const std::string in = io_.file("stdin");
    write_file(in, stdin_text);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, in.c_str(), O_RDONLY, 0);
    pid_ = spawn(argv, &actions, io_);
}

Process::Process(const std::vector<std::string>& argv, OpenStdin) {
    // Both ends close on exec: the child has only its standard input, so
    // the pipe ends when this object closes its write end.
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("cannot make a pipe");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[0], 0);
    try {
        pid_ = spawn(argv, &actions, io_);
    } catch (...) {
        close(fds[0]);
        close(fds[1]);
        throw;
    }
    close(fds[0]);
    stdin_pipe_ = fds[1];
}

Process::~Process() {
    if (pid_ > 0 && status_ < 0) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status_, 0);
    }
    if (stdin_pipe_ >= 0) close(stdin_pipe_);
}

void Process::signal(int sig) {
    if (status_ < 0) kill(pid_, sig);
}

bool Process::running() {
    if (status_ >= 0) return false;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
        status_ = status;
        return false;
    }
    return true;
}

CommandResult Process::wait() {
    if (status_ < 0) waitpid(pid_, &status_, 0);
    CommandResult result;
    result.exit_code = exit_code_of(status_);
    result.out = out();
    result.err = err();
    return result;
}

int Process::exit_code_within(int seconds) {
    if (!eventually([&] { return !running(); }, seconds)) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status_, 0);
        return -1;
    }
    return exit_code_of(status_);
}

void Process::write_stdin(const std::string& text) {
    if (stdin_pipe_ < 0) throw std::logic_error("write_stdin() needs a Process started with OpenStdin");
    if (::write(stdin_pipe_, text.data(), text.size()) != static_cast<ssize_t>(text.size()))
        throw std::runtime_error("cannot write to the standard input of " + std::to_string(pid_));
}

std::string Process::out() const { return read_file(io_.file("stdout")); }

std::string Process::err() const { return read_file(io_.file("stderr")); }

bool eventually(const std::function<bool()>& done, int seconds) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (!done()) {
        if (std::chrono::steady_clock::now() > give_up) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

std::string synthetic_articles(std::size_t count, unsigned seed, std::size_t first_id) {
    static const char* const WORDS[] = {"الحكومة", "وزير", "الاقتصاد", "حلب", "دمشق", "الرياض", "القاهرة", "مجلس",
                                        "الوزراء", "اجتماع", "المياه", "الكهرباء", "النفط", "الأسعار", "المدارس",
                                        "الطلاب", "المستشفى", "الصحة", "الأمم", "المتحدة", "مفاوضات", "جنيف",
                                        "السلام", "الرياضة", "كرة", "القدم", "البطولة", "الطقس", "الأمطار",
                                        "الزراعة", "القمح", "التجارة", "الميناء", "السياحة", "المطار", "الطرق"};
    constexpr std::size_t WORD_COUNT = sizeof WORDS / sizeof WORDS[0];
    std::uint64_t state = seed * 0x9E3779B97F4A7C15ULL + 1;
    auto next = [&]() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    std::string out;
    for (std::size_t i = first_id; i < first_id + count; ++i) {
        std::string title, body;
        for (int w = 0; w < 6; ++w) title += std::string(w ? " " : "") + WORDS[next() % WORD_COUNT];
        for (int w = 0; w < 80; ++w) body += std::string(w ? " " : "") + WORDS[next() % WORD_COUNT];
        const int month = static_cast<int>(1 + i % 12), day = static_cast<int>(1 + i % 28);
        char date[16];
        std::snprintf(date, sizeof date, "2015-%02d-%02d", month, day);
        out += "{\"id\":\"a" + std::to_string(i) + "\",\"title\":\"" + title + "\",\"body\":\"" + body +
               " رقم " + std::to_string(i) + "\",\"date\":\"" + date + "\",\"source\":\"s" +
               std::to_string(i % 5) + "\"}\n";
    }
    return out;
}

SmallDisk::SmallDisk(const std::string& path, const std::string& options) : path_(path) {
    std::filesystem::create_directories(path);
    const CommandResult mounted = run_command({"/bin/mount", "-t", "tmpfs", "-o", options, "tmpfs", path});
    mounted_ = mounted.exit_code == 0;
    error_ = mounted.err;
}

SmallDisk::~SmallDisk() {
    if (mounted_) run_command({"/bin/umount", "-l", path_});
}

std::vector<std::string> SmallDisk::others(const std::vector<std::string>& keep) const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(path_)) {
        const std::string name = entry.path().filename().string();
        if (std::find(keep.begin(), keep.end(), name) == keep.end()) names.push_back(name);
    }
    return names;
}

std::string SmallDisk::others_listed(const std::vector<std::string>& keep) const {
    std::string listed;
    for (const auto& name : others(keep)) listed += (listed.empty() ? "" : ", ") + name;
    return listed;
}

void SmallDisk::clear() const {
    for (const auto& entry : std::filesystem::directory_iterator(path_)) std::filesystem::remove_all(entry.path());
}

void SmallDisk::fill(const std::string& name) const {
    std::FILE* file = std::fopen((path_ + "/" + name).c_str(), "wb");
    if (!file) throw std::runtime_error("cannot create " + path_ + "/" + name);
    const std::string block(4096, 'x');
    while (std::fwrite(block.data(), 1, block.size(), file) == block.size() && std::fflush(file) == 0) {
    }
    std::fclose(file);
}

CommandResult run_command(const std::vector<std::string>& argv, const std::string& stdin_text) {
    return Process(argv, stdin_text).wait();
}

CommandResult run_in_terminal(const std::vector<std::string>& argv) {
    // Everything the child needs is made before the fork: the tests run
    // threads, and a forked child may only call what is async-signal-safe.
    std::vector<char*> args;
    for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    winsize size{};
    size.ws_row = 50;
    size.ws_col = 200;
    int terminal = -1;
    const pid_t pid = forkpty(&terminal, nullptr, nullptr, &size);
    if (pid < 0) throw std::runtime_error("forkpty failed: cannot open a pseudo-terminal");
    if (pid == 0) {
        execv(args[0], args.data());
        _exit(127);
    }
    CommandResult result;
    char buffer[4096];
    for (;;) {  // until the child's side closes: EIO on Linux
        const ssize_t got = read(terminal, buffer, sizeof buffer);
        if (got > 0) result.out.append(buffer, static_cast<std::size_t>(got));
        else if (got < 0 && errno == EINTR) continue;
        else break;
    }
    close(terminal);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    // The terminal writes each newline as \r\n (ONLCR).
    std::string lines;
    for (std::size_t i = 0; i < result.out.size(); ++i)
        if (!(result.out[i] == '\r' && i + 1 < result.out.size() && result.out[i + 1] == '\n')) lines += result.out[i];
    result.out = std::move(lines);
    return result;
}

std::string source_dir() { return FAHRAS_SOURCE_DIR; }

const Gazetteer& bundled_gazetteer() {
    static const Gazetteer gazetteer = [] {
        Gazetteer g;
        std::vector<std::string> problems;
        g.load_tsv(source_dir() + "/data/gazetteer/places.tsv", true, &problems);
        g.finish();
        REQUIRE(problems.empty());
        return g;
    }();
    return gazetteer;
}

std::string generated_query(std::mt19937& random, const std::vector<std::string>& pieces, std::size_t max_pieces,
                            unsigned gap_kinds) {
    std::string query;
    const std::size_t count = 1 + random() % max_pieces;
    for (std::size_t i = 0; i < count; ++i) {
        query += pieces[random() % pieces.size()];
        const auto gap = random() % gap_kinds;
        if (gap < 3) query += ' ';
        else if (gap == 3) query += "  ";
    }
    return query;
}

std::string shared_dir() {
    const fs::path shared = fs::path(FAHRAS_SOURCE_DIR).parent_path() / "shared";
    std::error_code ec;
    return fs::is_directory(shared / "corpora", ec) ? shared.string() : std::string();
}

void skip_test(const std::string& why) {
    // Flushed at once: a test that crashes later still shows why it skipped.
    std::cout << FAHRAS_SKIP_MARKER << why << std::endl;
}

}  // namespace fahras::test
