// fahras-alerts' state file: read, written atomically, locked, and the
// ledger of article ids brought up to date.
#include "alert_state.h"

#include <fahras/error.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cctype>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace fahras {

namespace {

constexpr const char* STATE_HEADER = "fahras-alerts-state 1";

// FNV-1a over the bytes, finished with splitmix64's mixer so that ids
// differing in their last bytes (urls) spread over every bit.
std::uint64_t fnv_mixed(std::string_view data) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const char c : data) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    return h ^ (h >> 31);
}

std::string hex64(std::uint64_t value) {
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016" PRIx64, value);
    return buffer;
}

// A run number, or a hash in hex: all digits, nothing after.
bool read_number(const std::string& text, int base, std::uint64_t& value) {
    if (text.empty() || text.size() > 20) return false;
    char* end = nullptr;
    errno = 0;
    value = std::strtoull(text.c_str(), &end, base);
    return errno == 0 && end == text.c_str() + text.size() && std::isxdigit(static_cast<unsigned char>(text[0]));
}

struct StateLine {
    std::string keyword, first, rest;  // "search", "16", "\"aleppo\""
};

StateLine split_line(const std::string& line) {
    StateLine parts;
    const std::size_t space = line.find(' ');
    parts.keyword = line.substr(0, space);
    if (space == std::string::npos) return parts;
    const std::size_t second = line.find(' ', space + 1);
    parts.first = line.substr(space + 1, second == std::string::npos ? std::string::npos : second - space - 1);
    if (second != std::string::npos) parts.rest = line.substr(second + 1);
    return parts;
}

// Reads one line (not the header) into @a state; false when it cannot.
bool read_state_line(const std::string& line, AlertState& state) {
    const StateLine parts = split_line(line);
    std::uint64_t number = 0, run = 0;
    if (parts.keyword == "db") {
        state.db = line.substr(3);
        return line.size() > 3;
    }
    if (parts.keyword == "run") {
        state.run_time = parts.rest;
        return read_number(parts.first, 10, state.run);
    }
    if (parts.keyword == "search") {
        if (!read_number(parts.first, 10, run)) return false;
        try {
            const nlohmann::json name = nlohmann::json::parse(parts.rest);
            if (!name.is_string()) return false;
            state.searches[name.get<std::string>()] = run;
        } catch (const nlohmann::json::parse_error&) {
            return false;
        }
        return true;
    }
    if (parts.keyword == "seen") {
        if (!read_number(parts.first, 16, number) || !read_number(parts.rest, 10, run)) return false;
        state.first_seen[number] = run;
        return true;
    }
    return false;
}

[[noreturn]] void throw_write_error(const std::string& what, const std::string& path, int err) {
    if (err == ENOSPC || err == EDQUOT)
        throw Error(EXIT_IO_ERROR, "cannot " + what + " " + path + ": No space left on device; free space, then run "
                                   "again (the alerts of this run will be written again)");
    throw Error(err == EACCES || err == EPERM || err == ENOENT || err == EROFS ? EXIT_CANT_CREATE : EXIT_IO_ERROR,
                "cannot " + what + " " + path + ": " + std::strerror(err));
}

void write_all(int fd, const std::string& text, const std::string& path) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            throw_write_error("write", path, err);
        }
        done += static_cast<std::size_t>(n);
    }
}

}  // namespace

std::uint64_t id_term_hash(std::string_view id_term) { return fnv_mixed(id_term); }

void write_state_text(const AlertState& state, std::ostream& out) {
    out << STATE_HEADER << '\n' << "db " << state.db << '\n' << "run " << state.run << ' ' << state.run_time << '\n';
    for (const auto& [name, run] : state.searches) out << "search " << run << ' ' << nlohmann::json(name).dump() << '\n';
    // In order, so the same state is the same file (diffable, testable).
    std::vector<std::pair<std::uint64_t, AlertRun>> seen(state.first_seen.begin(), state.first_seen.end());
    std::sort(seen.begin(), seen.end());
    for (const auto& [hash, run] : seen) out << "seen " << hex64(hash) << ' ' << run << '\n';
}

AlertState parse_state_text(std::istream& in, const std::string& file_name) {
    AlertState state;
    std::size_t number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        const bool ok = number == 1 ? line == STATE_HEADER : read_state_line(line, state);
        if (!ok)
            throw Error(EXIT_DATA_ERROR, file_name + ":" + std::to_string(number) +
                                             ": error: not a line of fahras-alerts' state: remove the file to start "
                                             "again (each saved search then starts from the next run's articles)");
    }
    return state;
}

AlertState read_state(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec) && !ec) return AlertState{};
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error(EXIT_NO_INPUT, "cannot read the alerts state " + path + ": " + std::strerror(errno));
    }
    AlertState state = parse_state_text(in, path);
    if (in.bad()) throw Error(EXIT_NO_INPUT, "cannot read the alerts state " + path);
    return state;
}

void save_state(const AlertState& state, const std::string& path) {
    std::ostringstream text;
    write_state_text(state, text);
    std::string temporary = path + ".XXXXXX";
    const int fd = ::mkstemp(temporary.data());
    if (fd < 0) throw_write_error("create", temporary, errno);
    write_all(fd, text.str(), temporary);
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const int err = errno;
        ::unlink(temporary.c_str());
        throw_write_error("write", temporary, err);
    }
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(temporary.c_str());
        throw_write_error("replace", path, err);
    }
}

void append_durably(const std::string& path, const std::string& text) {
    if (text.empty()) return;
    const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) throw_write_error("open", path, errno);
    write_all(fd, text, path);
    if (::fsync(fd) != 0 || ::close(fd) != 0) throw_write_error("write", path, errno);
}

StateLock::StateLock(const std::string& state_path, double wait_seconds) {
    const std::string path = state_path + ".lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw_write_error("create the lock file", path, errno);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_seconds);
    while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) {
            const int err = errno;
            ::close(fd_);
            throw Error(EXIT_CANT_CREATE, "cannot lock " + path + ": " + std::strerror(err));
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            ::close(fd_);
            fd_ = -1;
            throw Error(EXIT_TEMP_FAIL, "another fahras-alerts is running on " + state_path +
                                            "; try again later, or wait with --wait-lock SECONDS");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

StateLock::~StateLock() {
    if (fd_ >= 0) ::close(fd_);
}

LedgerUpdate::LedgerUpdate(const AlertState& old, AlertRun run, AlertRun keep_after)
    : old_(old.first_seen), run_(run), keep_after_(keep_after) {
    ledger_.reserve(old_.size() + old_.size() / 8);
}

void LedgerUpdate::see(const std::string& id_term) {
    const std::uint64_t hash = id_term_hash(id_term);
    const auto known = old_.find(hash);
    const AlertRun first = known == old_.end() ? run_ : known->second;
    if (known == old_.end()) ++new_articles_;
    ledger_[hash] = first;
    if (first > keep_after_) recent_.emplace_back(first, id_term);
}

void LedgerUpdate::restart() {
    ledger_.clear();
    recent_.clear();
    new_articles_ = 0;
}

std::vector<std::string> LedgerUpdate::seen_after(AlertRun since) const {
    std::vector<std::string> terms;
    for (const auto& [first, term] : recent_)
        if (first > since) terms.push_back(term);
    return terms;
}

}  // namespace fahras
