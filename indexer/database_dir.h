/** @file database_dir.h
 *  @brief The database directory's lifecycle, for fahras-index's runs.
 *
 *  Opening it for writing (a full disk said plainly), refusing a --db that
 *  is someone else's directory, creating a new database all at once,
 *  discarding what a failed write left uncommitted, the exit when Xapian
 *  fails a write where no catch can see it, and the scratch directories a
 *  run builds in beside the database.
 */
#ifndef FAHRAS_DATABASE_DIR_H
#define FAHRAS_DATABASE_DIR_H

#include <xapian.h>

#include <exception>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace fahras {

/** Whether @a e is a write that failed on a full disk. */
bool is_disk_full(const Xapian::Error& e);

/** Xapian's message about a failed write, with the system's reason when it
 *  gives one; a full disk is said plainly, with what to do about it. */
std::string write_error_text(const Xapian::Error& e);

/** The database at @a path, opened for writing with @a flags.  Throws
 *  fahras::Error: EXIT_IO_ERROR for a full disk, else EXIT_CANT_CREATE;
 *  a Xapian::DatabaseLockError goes on as it is. */
Xapian::WritableDatabase open_for_writing(const std::string& path, int flags = Xapian::DB_CREATE_OR_OPEN);

/** Close @a db so that nothing uncommitted reaches the disk. */
void discard_pending(Xapian::WritableDatabase& db) noexcept;

/** Leaving the scope by an exception (a failed write, or anything else)
 *  discards what the database holds uncommitted; leaving it normally
 *  changes nothing: every path that keeps its work commits it explicitly.
 *  Declared after the database, so it runs before the database's destructor. */
class DiscardOnFailure {
  public:
    explicit DiscardOnFailure(Xapian::WritableDatabase& db) : db_(&db) {}
    /// For a database opened lazily, perhaps never.
    explicit DiscardOnFailure(std::optional<Xapian::WritableDatabase>& db) : optional_(&db) {}
    ~DiscardOnFailure();
    DiscardOnFailure(const DiscardOnFailure&) = delete;
    DiscardOnFailure& operator=(const DiscardOnFailure&) = delete;

  private:
    Xapian::WritableDatabase* db_ = nullptr;
    std::optional<Xapian::WritableDatabase>* optional_ = nullptr;
    int exceptions_ = std::uncaught_exceptions();
};

/** For the length of a run: a write failure that Xapian turns into
 *  std::terminate is reported as @a err "fahras-index: writing DB failed:
 *  …; NOTICE", the run's scratch directories are removed and the process
 *  exits 74 (database_dir.cpp says why).  One run at a time. */
class WriteFailureExit {
  public:
    WriteFailureExit(std::ostream& err, const std::string& db_path, const std::string& notice);
    ~WriteFailureExit();
    WriteFailureExit(const WriteFailureExit&) = delete;
    WriteFailureExit& operator=(const WriteFailureExit&) = delete;

    /** Directories that exist only while the run works (shards, a database
     *  being built): removed if the process has to stop there.  Registered
     *  before any thread writes them, forgotten at the end of the scope or
     *  by release(). */
    class ScratchDirs {
      public:
        explicit ScratchDirs(std::vector<std::string> paths);
        ~ScratchDirs() { release(); }
        ScratchDirs(const ScratchDirs&) = delete;
        ScratchDirs& operator=(const ScratchDirs&) = delete;
        /// Not scratch any more (about to become the live database).
        void release();

      private:
        std::vector<std::string> paths_;
    };

  private:
    struct State;
    static State& state();
    [[noreturn]] static void on_terminate();
};

/** The directories a run builds a database in, beside the one searchers
 *  use (shards, a database being created or a generation being rebuilt):
 *  WriteFailureExit's scratch meanwhile, and removed when the scope ends,
 *  however it ends (an error, an interruption, a refusal), unless kept. */
class BuildDirs {
  public:
    explicit BuildDirs(std::vector<std::string> paths);
    ~BuildDirs();
    BuildDirs(const BuildDirs&) = delete;
    BuildDirs& operator=(const BuildDirs&) = delete;

    /** Remove @a path now: what it held is merged or compacted elsewhere. */
    void remove(const std::string& path);

    /** Keep what is left: it is the database now. */
    void keep();

  private:
    std::vector<std::string> paths_;
    WriteFailureExit::ScratchDirs scratch_;
};

/** Whether @a name is a file only Xapian puts in a database directory. */
bool is_xapian_file(const std::string& name);

/** What the directory @a db_path holds when it is neither empty nor a
 *  Xapian database ("a, b, c and 4 more"); "" when it is fine to open:
 *  missing, not a directory, empty, a database, or a link to one of our
 *  rebuilt generations (DB -> DB.gen-…), which a rebuild may repair. */
std::string foreign_directory_contents(const std::string& db_path);

/** Throw fahras::Error(EXIT_CANT_CREATE) when @a db_path is a directory
 *  that holds other files: nothing may be written there, not even a lock. */
void refuse_foreign_directory(const std::string& db_path);

/** Create the database @a db_path, if there is nothing at that path, with
 *  the analysis record of @a stemmer: built under a temporary name and
 *  renamed into place, so that it appears complete or not at all. */
void create_if_missing(const std::string& db_path, const std::string& stemmer);

/** Remove what killed runs left beside @a db_path: the scratch of a
 *  parallel build or of a creation.  Only a lock holder may. */
void remove_build_leftovers(const std::string& db_path);

/** Remove what killed rebuilds left beside @a db_path: generations
 *  half-built or never switched to, the old database put aside, a switch
 *  link.  The generation @a db_path links to stays.  Only a lock holder may. */
void clean_stale_generations(const std::string& db_path);

}  // namespace fahras

#endif  // FAHRAS_DATABASE_DIR_H
