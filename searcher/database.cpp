#include "database.h"

#include "places.h"

#include <fahras/database_meta.h>
#include <fahras/error.h>
#include <fahras/schema.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <sys/stat.h>

namespace fahras {

namespace {

// An indexer may commit, or a rebuild switch the database, while we read:
// retry a few times, after a short pause, before giving up.
constexpr int ATTEMPTS = 6;

void pause_before(int attempt) { std::this_thread::sleep_for(std::chrono::milliseconds(20 * attempt)); }

void require_database(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        throw Error(EXIT_NO_INPUT, "no database at " + path + ": create one with fahras-index --db " + path +
                                       " INPUT..., or point --db (or $FAHRAS_DB) at one");
    }
}

Error kept_changing(const Xapian::Error& e) {
    return Error(EXIT_INTERNAL, "the database kept changing during the search: " + e.get_msg());
}

Error unreadable(const std::string& path, const Xapian::Error& e) {
    return Error(EXIT_NO_INPUT, "cannot read database " + path + ": " + e.get_msg());
}

// What the stub files are now (empty for none): inode and modification
// time of each, so that a stub replaced or edited in place is noticed.
std::string stubs_state(const std::vector<std::string>& stubs) {
    std::string state;
    for (const auto& stub : stubs) {
        struct stat st {};
        if (::stat(stub.c_str(), &st) != 0) continue;
        state += std::to_string(st.st_ino) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
                 std::to_string(st.st_mtim.tv_nsec) + ";";
    }
    return state;
}

Error stopped_answering(const Xapian::Error& e) {
    return Error(EXIT_UNAVAILABLE, "a remote shard kept failing during the search: " + e.get_msg() +
                                       "; check that its xapian-tcpsrv runs and answers");
}

}  // namespace

SearchDatabase::SearchDatabase(std::string path, std::chrono::milliseconds remote_timeout)
    : path_(std::move(path)), remote_timeout_(remote_timeout) {
    require_database(path_);
    for (int attempt = 1;; ++attempt) {
        try {
            open();
            return;
        } catch (const Xapian::DatabaseModifiedError& e) {
            if (attempt == ATTEMPTS) throw kept_changing(e);
        } catch (const Xapian::DatabaseError& e) {
            if (attempt == ATTEMPTS) throw unreadable(path_, e);
        } catch (const Xapian::NetworkError& e) {
            if (attempt == ATTEMPTS) throw stopped_answering(e);
        }
        pause_before(attempt);
    }
}

void SearchDatabase::read_with_retries(const std::function<void()>& read) {
    for (int attempt = 1;; ++attempt) {
        try {
            // A rebuild switched the path to a new generation (or a stub
            // was edited): open that one.  Shards left out are tried again.
            const bool retry_failed =
                !failed_.empty() && std::chrono::steady_clock::now() - opened_at_ >= RETRY_FAILED_AFTER;
            if (!database_ || retry_failed || switched()) open();
            // A commit since: read its revision (before, a commit was seen
            // only once a read stumbled on its changes).
            const auto now = std::chrono::steady_clock::now();
            if (now - checked_at_ >= REOPEN_CHECK_EVERY) {
                checked_at_ = now;
                database_->reopen();
            }
            read();
            return;
        } catch (const Xapian::DatabaseModifiedError& e) {
            if (attempt == ATTEMPTS) throw kept_changing(e);
            // A commit: read the latest revision.
            try {
                database_->reopen();
            } catch (const Xapian::DatabaseError&) {
                database_.reset();  // open again from the path on the next attempt
            } catch (const Xapian::NetworkError&) {
                database_.reset();
            }
        } catch (const Xapian::DatabaseError& e) {
            // Opening, or reading a file a rebuild just removed: the path
            // now names the new database.
            if (attempt == ATTEMPTS) throw unreadable(path_, e);
            database_.reset();
        } catch (const Xapian::NetworkError& e) {
            // A remote shard stopped answering (or took longer than the
            // timeout): open again, which leaves it out and names it.
            if (attempt == ATTEMPTS) throw stopped_answering(e);
            database_.reset();
        }
        pause_before(attempt);
    }
}

void SearchDatabase::require_all_shards() const {
    if (failed_.empty()) return;
    throw Error(EXIT_UNAVAILABLE, std::string(failed_.size() == 1 ? "a shard does" : "shards do") + " not answer within " +
                                      std::to_string(remote_timeout_.count()) + " ms: " + describe_failed(failed_) +
                                      "; start xapian-tcpsrv there (or fix the stub " + path_ +
                                      "), raise --remote-timeout, or search the other shards with --partial (partial=1)");
}

/** What the path names now: (device, inode) of the directory it leads to. */
bool SearchDatabase::identity(dev_t& dev, ino_t& ino) const {
    struct stat st {};
    if (::stat(path_.c_str(), &st) != 0) return false;
    dev = st.st_dev;
    ino = st.st_ino;
    return true;
}

/** Open (again) from the path: a rebuild may have switched it to a new generation. */
void SearchDatabase::open() {
    database_.reset();
    gazetteer_.reset();
    identity_known_ = identity(device_, inode_);
    OpenedShards opened = open_shards(path_, remote_timeout_);
    opened_at_ = std::chrono::steady_clock::now();
    checked_at_ = opened_at_;
    analyzer_.emplace(check_analysis_record(opened.database, path_));
    words_.clear();
    remotes_ = std::move(opened.remotes);
    failed_ = std::move(opened.failed);
    stubs_ = std::move(opened.stubs);
    stubs_state_ = stubs_state(stubs_);
    database_ = std::move(opened.database);
}

/** True when the path now leads to another database than the one open. */
bool SearchDatabase::switched() const {
    dev_t dev = 0;
    ino_t ino = 0;
    if (!identity(dev, ino)) return false;  // gone for now: keep reading what is open
    return !identity_known_ || dev != device_ || ino != inode_ || (!stubs_.empty() && stubs_state(stubs_) != stubs_state_);
}

const Gazetteer& SearchDatabase::gazetteer() {
    std::string meta = database_->get_metadata(META_GAZETTEERS);
    if (!gazetteer_ || meta != gazetteer_meta_) {
        gazetteer_.reset();
        gazetteer_ = load_database_gazetteer(*database_);
        gazetteer_meta_ = std::move(meta);
    }
    return *gazetteer_;
}

}  // namespace fahras
