#include "generations.h"

#include <fahras/error.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>

#include <fcntl.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace fahras {

std::string utc_now(const char* format) {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[64];
    std::strftime(buffer, sizeof buffer, format, &utc);
    return buffer;
}

namespace {

std::string timestamp() { return utc_now("%Y%m%dT%H%M%S"); }

}  // namespace

std::string new_generation_path(const std::string& db_path) {
    const std::string base = db_path + ".gen-" + timestamp();
    std::string candidate = base;
    for (int n = 2; fs::exists(fs::symlink_status(candidate)); ++n) candidate = base + "-" + std::to_string(n);
    return candidate;
}

std::string switch_generation(const std::string& db_path, const std::string& generation_path) {
    // The link is relative: the database and its generations move together.
    const std::string target = fs::path(generation_path).filename().string();
    const std::string fresh_link = db_path + ".switch";
    std::error_code ec;
    fs::remove(fresh_link, ec);
    fs::create_symlink(target, fresh_link);

    const fs::file_status live = fs::symlink_status(db_path, ec);
    if (ec || !fs::exists(live)) {  // no live database yet: just put the link in place
        fs::rename(fresh_link, db_path);
        return {};
    }
    std::string previous;
    if (fs::is_symlink(live)) {
        previous = (fs::path(db_path).parent_path() / fs::read_symlink(db_path)).string();
        // Replacing a symlink by rename is atomic.
        fs::rename(fresh_link, db_path);
        return previous;
    }
    // A plain directory (a database built before any rebuild): exchange it
    // with the link in one step; the old directory ends up at fresh_link.
    if (renameat2(AT_FDCWD, fresh_link.c_str(), AT_FDCWD, db_path.c_str(), RENAME_EXCHANGE) != 0) {
        const int err = errno;
        fs::remove(fresh_link, ec);
        throw Error(EXIT_IO_ERROR, "cannot switch " + db_path + " to the rebuilt database " + generation_path +
                                       ": " + std::strerror(err) + " (the old database is still live)");
    }
    previous = db_path + ".previous-" + timestamp();
    fs::rename(fresh_link, previous);
    return previous;
}

void replace_directory(const std::string& from, const std::string& to) {
    if (renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_EXCHANGE) == 0) {
        remove_database_dir(from);  // what was at `to`
        return;
    }
    int err = errno;
    if (err == ENOENT && !fs::exists(fs::symlink_status(to))) {
        if (std::rename(from.c_str(), to.c_str()) == 0) return;
        err = errno;
    } else if (err == EINVAL || err == ENOSYS || err == EOPNOTSUPP) {
        // No exchange on this file system: move the old directory aside
        // first (a searcher opening `to` in between finds nothing).
        const std::string aside = to + ".replaced";
        remove_database_dir(aside);
        if (std::rename(to.c_str(), aside.c_str()) == 0) {
            if (std::rename(from.c_str(), to.c_str()) == 0) {
                remove_database_dir(aside);
                return;
            }
            err = errno;
            std::rename(aside.c_str(), to.c_str());
        } else {
            err = errno;
        }
    }
    throw Error(EXIT_IO_ERROR, "cannot put " + from + " in place of " + to + ": " + std::strerror(err));
}

void remove_database_dir(const std::string& path) {
    std::error_code ec;
    fs::remove_all(path, ec);
}

}  // namespace fahras
