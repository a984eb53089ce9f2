#include "database_dir.h"

#include "generations.h"

#include <fahras/database_meta.h>
#include <fahras/error.h>
#include <fahras/terminal_text.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <ostream>
#include <utility>

#include <sys/statvfs.h>

namespace fs = std::filesystem;

namespace fahras {

namespace {

// Said in English whatever strerror() says in the user's language: it is
// what people search for.
constexpr const char* NO_SPACE = "No space left on device";

// Below this much room left, a write failure nobody could see (below) is
// taken for a full disk: a write Xapian could not finish leaves less than
// one of its blocks (8 KB), and nothing else of the run frees space before
// the handler runs.
constexpr unsigned long long FULL_DISK_BYTES = 1024 * 1024;

// Whether the file system holding @a dir has (nearly) no room left.
bool nearly_full(const std::string& dir) {
    struct statvfs fs_stats {};
    if (dir.empty() || ::statvfs(dir.c_str(), &fs_stats) != 0) return false;
    return static_cast<unsigned long long>(fs_stats.f_bavail) * fs_stats.f_frsize < FULL_DISK_BYTES;
}

}  // namespace

// A full disk reaches us as a Xapian::DatabaseError whose get_error_string()
// is strerror(ENOSPC) (the message itself says only "Error writing block
// 347"); a few of Xapian's messages carry it in their text instead.
bool is_disk_full(const Xapian::Error& e) {
    const char* detail = e.get_error_string();
    const std::string no_space = std::strerror(ENOSPC);
    if (detail && no_space == detail) return true;
    const std::string& message = e.get_msg();
    return message.find(no_space) != std::string::npos || message.find(NO_SPACE) != std::string::npos;
}

std::string write_error_text(const Xapian::Error& e) {
    std::string text = e.get_msg();
    const char* detail = e.get_error_string();
    if (detail && *detail && text.find(detail) == std::string::npos) text += std::string(" (") + detail + ")";
    if (is_disk_full(e)) {
        if (text.find(NO_SPACE) == std::string::npos) text += std::string(" (") + NO_SPACE + ")";
        text += ": the disk is full; free space on it (or move the database to a larger one), then run again";
    }
    return text;
}

Xapian::WritableDatabase open_for_writing(const std::string& path, int flags) {
    try {
        return Xapian::WritableDatabase(path, flags);
    } catch (const Xapian::DatabaseLockError&) {
        throw;  // run_cli maps it to 75 (try again later)
    } catch (const Xapian::DatabaseError& e) {
        // A full disk is an I/O condition to retry after freeing space, not
        // a path or permission problem.
        throw Error(is_disk_full(e) ? EXIT_IO_ERROR : EXIT_CANT_CREATE,
                    "cannot open " + path + " for writing: " + write_error_text(e));
    }
}

// Xapian 1.4 commits whatever a WritableDatabase holds when it is closed or
// destroyed outside a transaction.  After a failed write that would be a
// second try, on the same full disk, at a batch that is half applied in
// memory: at best it fails again, at worst it commits a revision nobody
// asked for, or dies in Xapian's value merge (WriteFailureExit below).  An
// unflushed transaction does no I/O and makes closing cancel instead, so
// the database stays at its last commit.
void discard_pending(Xapian::WritableDatabase& db) noexcept {
    try {
        db.begin_transaction(false);
    } catch (const Xapian::Error&) {
        // Already inside a transaction (or closed): closing cancels it anyway.
    }
    try {
        db.close();  // releases Xapian's lock and files now, before any cleanup
    } catch (const Xapian::Error&) {
        // The tables of a database that failed a write may not close
        // cleanly; there is nothing more to release.
    }
}

DiscardOnFailure::~DiscardOnFailure() {
    if (std::uncaught_exceptions() <= exceptions_) return;
    if (db_) discard_pending(*db_);
    if (optional_ && optional_->has_value()) discard_pending(**optional_);
}

// The one write failure no catch can see.  Xapian 1.4 merges the changes
// to document values during commit() in glass's ValueUpdater, whose
// destructor writes the last chunk: when a write in update() fails (a full
// disk), the destructor writes again during the unwinding, fails again, and
// an exception leaving a destructor is std::terminate (exit 134), from
// inside commit(), whether we catch or not.  Xapian makes a revision
// current only once all of it is written, so the database is still at its
// last commit: for the length of a run, a Xapian::DatabaseError that ends
// in std::terminate is reported as the catch would have reported it, the
// run's scratch databases are removed, and the process exits 74.  Any other
// exception goes on to the handler that was there before.
//
// Often there is no exception to look at: in a noexcept function that has
// cleanups, code from GCC before 14 (Debian 12's Xapian) calls
// std::terminate() itself after the cleanups, without catching what was
// thrown (GCC bug 97720), and std::current_exception() is empty.  Then a
// disk with (nearly) no room left is the evidence: the failure is reported
// as a full disk, the same way.  Anything else still aborts.
struct WriteFailureExit::State {
    std::mutex mutex;
    std::ostream* err = nullptr;  ///< set while a run is active
    std::string db_path, db_dir, notice;
    std::vector<std::string> scratch;
    std::terminate_handler previous = nullptr;
};

WriteFailureExit::State& WriteFailureExit::state() {
    static State s;
    return s;
}

WriteFailureExit::WriteFailureExit(std::ostream& err, const std::string& db_path, const std::string& notice) {
    State& s = state();
    const std::lock_guard<std::mutex> lock(s.mutex);
    s.err = &err;
    s.db_path = db_path;
    std::error_code ec;
    s.db_dir = fs::absolute(db_path, ec).parent_path().string();  // where the run writes, scratch included
    s.notice = notice;
    s.scratch.clear();
    const std::terminate_handler previous = std::set_terminate(on_terminate);
    if (previous != on_terminate) s.previous = previous;  // one run at a time, as the program does
}

WriteFailureExit::~WriteFailureExit() {
    State& s = state();
    const std::lock_guard<std::mutex> lock(s.mutex);
    std::set_terminate(s.previous);
    s.err = nullptr;
    s.scratch.clear();
}

WriteFailureExit::ScratchDirs::ScratchDirs(std::vector<std::string> paths) : paths_(std::move(paths)) {
    State& s = state();
    const std::lock_guard<std::mutex> lock(s.mutex);
    s.scratch.insert(s.scratch.end(), paths_.begin(), paths_.end());
}

void WriteFailureExit::ScratchDirs::release() {
    State& s = state();
    const std::lock_guard<std::mutex> lock(s.mutex);
    for (const auto& path : paths_) {
        const auto found = std::find(s.scratch.begin(), s.scratch.end(), path);
        if (found != s.scratch.end()) s.scratch.erase(found);
    }
    paths_.clear();
}

void WriteFailureExit::on_terminate() {
    State& s = state();
    // What the failure was, when it is a failed write: Xapian's message, or
    // a full disk seen from outside.
    std::string failure;
    if (const std::exception_ptr current = std::current_exception()) {
        try {
            std::rethrow_exception(current);
        } catch (const Xapian::DatabaseError& e) {
            // Xapian reports failed writes as a plain DatabaseError; its
            // subclasses (corrupt, modified, locked…) are other stories.
            // Asked by name: Xapian 1.4's exceptions have no virtual
            // functions, so typeid() would see only the static type.
            if (std::strcmp(e.get_type(), "DatabaseError") == 0) failure = write_error_text(e);
        } catch (...) {
        }
    } else {
        const std::lock_guard<std::mutex> lock(s.mutex);
        if (s.err && nearly_full(s.db_dir))
            failure = std::string(NO_SPACE) +
                      " (Xapian stopped inside a write): the disk is full; free space on it (or move the "
                      "database to a larger one), then run again";
    }
    if (!failure.empty()) {
        const std::lock_guard<std::mutex> lock(s.mutex);  // the other threads die with us
        if (s.err) {
            *s.err << terminal_text("fahras-index: writing " + s.db_path + " failed: " + failure + "; " + s.notice,
                                    TerminalMode::exact)
                   << std::endl;
            for (const auto& path : s.scratch) remove_database_dir(path);
            std::_Exit(EXIT_IO_ERROR);
        }
    }
    if (s.previous) s.previous();
    std::abort();
}

BuildDirs::BuildDirs(std::vector<std::string> paths) : paths_(paths), scratch_(std::move(paths)) {}

BuildDirs::~BuildDirs() {
    for (const auto& path : paths_) remove_database_dir(path);
}

void BuildDirs::remove(const std::string& path) {
    remove_database_dir(path);
    paths_.erase(std::remove(paths_.begin(), paths_.end(), path), paths_.end());
}

void BuildDirs::keep() {
    scratch_.release();
    paths_.clear();
}

// Files only Xapian puts in a database directory: each backend's version
// file, a stub's XAPIANDB, the writer's lock and glass tables (the last two
// appear first while another run is creating the database).
bool is_xapian_file(const std::string& name) {
    static const char* const NAMES[] = {"iamglass", "iamchert", "iamhoney", "iamflint", "XAPIANDB", "flintlock"};
    for (const char* known : NAMES)
        if (name == known) return true;
    const std::string glass = ".glass";
    return name.size() > glass.size() && name.compare(name.size() - glass.size(), glass.size(), glass) == 0;
}

std::string foreign_directory_contents(const std::string& db_path) {
    std::error_code ec;
    if (!fs::is_directory(db_path, ec)) return {};
    const fs::path path(db_path);
    if (fs::is_symlink(path, ec)) {
        const std::string target = fs::read_symlink(path, ec).filename().string();
        const std::string generation = (path.filename().empty() ? path.parent_path() : path).filename().string() + ".gen-";
        if (!ec && target.rfind(generation, 0) == 0) return {};
    }
    std::vector<std::string> names;  // the first few, in name order
    constexpr std::size_t SHOWN = 3;
    std::size_t entries = 0;
    for (fs::directory_iterator it(db_path, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (is_xapian_file(name)) return {};
        ++entries;
        names.insert(std::upper_bound(names.begin(), names.end(), name), name);
        if (names.size() > SHOWN) names.pop_back();
    }
    if (ec || entries == 0) return {};  // unreadable: Xapian says why
    std::string shown;
    for (const auto& name : names) shown += (shown.empty() ? "" : ", ") + name;
    if (entries > names.size()) shown += " and " + std::to_string(entries - names.size()) + " more";
    return shown;
}

// Xapian would create its files beside whatever a directory holds, without
// a word: someone's home or the archive itself given as --db by mistake
// would become a database, and a --rebuild would then move it aside and
// delete it.  Refused before anything is written, the lock file included.
void refuse_foreign_directory(const std::string& db_path) {
    const std::string found = foreign_directory_contents(db_path);
    if (found.empty()) return;
    throw Error(EXIT_CANT_CREATE, "--db " + db_path + " is a directory that holds other files (" + found +
                                      ") and is not a Xapian database; nothing was written. Give --db the path "
                                      "of a Fahras database, a new path or an empty directory");
}

// A new database appears complete or not at all: it is created and its
// analysis record committed under a temporary name, then renamed into
// place, so a run killed at any moment never leaves a database that
// searchers would refuse.
void create_if_missing(const std::string& db_path, const std::string& stemmer) {
    std::error_code ec;
    if (fs::exists(fs::symlink_status(db_path, ec))) return;
    const std::string creating = db_path + ".creating";
    remove_database_dir(creating);
    WriteFailureExit::ScratchDirs scratch({creating});
    {
        Xapian::WritableDatabase db = open_for_writing(creating, Xapian::DB_CREATE_OR_OVERWRITE);
        const DiscardOnFailure discard(db);
        write_analysis_record(db, stemmer);
        db.commit();
    }
    fs::rename(creating, db_path, ec);
    if (ec) throw Error(EXIT_CANT_CREATE, "cannot create " + db_path + ": " + ec.message());
}

// Leftovers of a parallel build that was killed (only a lock holder makes
// them, so only one can remove them).
void remove_build_leftovers(const std::string& db_path) {
    remove_database_dir(db_path + ".shards");
    remove_database_dir(db_path + ".creating");
    remove_database_dir(db_path + ".creating.merged");  // merge_block_databases()'s scratch
    remove_database_dir(db_path + ".creating.building");  // a new sharded database's, before compaction
}

// Leftovers of a rebuild that was killed: half-built or never switched
// to.  Only a lock holder creates them, so only one can remove them.
void clean_stale_generations(const std::string& db_path) {
    const fs::path db(db_path);
    const fs::path dir = db.has_parent_path() ? db.parent_path() : fs::path(".");
    const std::string name_of_db = db.filename().string();
    std::error_code ec;
    std::string live_target;
    if (fs::is_symlink(db, ec)) live_target = fs::read_symlink(db, ec).filename().string();
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        const bool ours = name.rfind(name_of_db + ".gen-", 0) == 0 || name.rfind(name_of_db + ".previous-", 0) == 0 ||
                          name == name_of_db + ".switch";
        if (ours && name != live_target) remove_database_dir(entry.path().string());
    }
}

}  // namespace fahras
