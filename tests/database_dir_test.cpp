// The database directory's lifecycle (indexer/database_dir.h): opening for
// writing, full disks, foreign directories, discarding, scratch directories.
#include "test_support.h"

#include "database_dir.h"

#include <fahras/database_meta.h>
#include <fahras/error.h>
#include <fahras/schema.h>

#include <doctest/doctest.h>
#include <xapian.h>

#include <cerrno>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

using namespace fahras;
namespace fs = std::filesystem;

namespace {

// Runs @a body in a child process and returns its exit status (-1 if it
// did not exit): for what ends a process (std::terminate).
template <typename Body>
int exit_status_of(Body body) {
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        body();
        std::_Exit(0);
    }
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::size_t doccount(const std::string& path) { return Xapian::Database(path).get_doccount(); }

}  // namespace

TEST_CASE("a full disk is recognized and said plainly, with what to do") {
    const Xapian::DatabaseError full("Error writing block 347", ENOSPC);
    CHECK(is_disk_full(full));
    CHECK(write_error_text(full) ==
          "Error writing block 347 (No space left on device): the disk is full; free space on it (or move the "
          "database to a larger one), then run again");
    // Some of Xapian's messages carry the reason in their text alone.
    const Xapian::DatabaseError in_text("Couldn't write: No space left on device");
    CHECK(is_disk_full(in_text));
    CHECK(write_error_text(in_text) == "Couldn't write: No space left on device: the disk is full; free space on it "
                                       "(or move the database to a larger one), then run again");
    const Xapian::DatabaseError denied("Cannot open tables", EACCES);
    CHECK_FALSE(is_disk_full(denied));
    CHECK(write_error_text(denied) == "Cannot open tables (Permission denied)");
}

TEST_CASE("open_for_writing: a path that cannot be a database is exit 73, another writer's lock stays a lock error") {
    test::TempDir dir;
    test::write_file(dir.file("plain-file"), "not a directory\n");
    try {
        open_for_writing(dir.file("plain-file/db"));
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(e.code() == EXIT_CANT_CREATE);
        CHECK(std::string(e.what()).rfind("cannot open " + dir.file("plain-file/db") + " for writing: ", 0) == 0);
    }
    Xapian::WritableDatabase holder = open_for_writing(dir.file("db"));
    CHECK_THROWS_AS(open_for_writing(dir.file("db")), Xapian::DatabaseLockError);
}

TEST_CASE("DiscardOnFailure drops uncommitted changes when an exception leaves the scope, and only then") {
    test::TempDir dir;
    const std::string path = dir.file("db");
    {
        Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
        db.add_document(Xapian::Document());
        db.commit();
    }
    try {
        Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
        const DiscardOnFailure discard(db);
        db.add_document(Xapian::Document());
        throw std::runtime_error("a failed write");
    } catch (const std::runtime_error&) {
    }
    CHECK(doccount(path) == 1);
    {
        std::optional<Xapian::WritableDatabase> lazy;
        try {
            const DiscardOnFailure discard(lazy);
            lazy.emplace(path, Xapian::DB_OPEN);
            lazy->add_document(Xapian::Document());
            throw std::runtime_error("a failed write");
        } catch (const std::runtime_error&) {
        }
    }
    CHECK(doccount(path) == 1);
    {
        // Left normally: Xapian commits on closing, as it always does.
        Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
        const DiscardOnFailure discard(db);
        db.add_document(Xapian::Document());
    }
    CHECK(doccount(path) == 2);
}

TEST_CASE("is_xapian_file knows the files only Xapian writes") {
    for (const char* name : {"iamglass", "iamchert", "iamhoney", "iamflint", "XAPIANDB", "flintlock", "postlist.glass"}) {
        CAPTURE(name);
        CHECK(is_xapian_file(name));
    }
    for (const char* name : {"", ".glass", "notes.txt", "iamglass2", "glass", "articles.jsonl"}) {
        CAPTURE(name);
        CHECK_FALSE(is_xapian_file(name));
    }
}

TEST_CASE("foreign_directory_contents names a few of the files of a directory that is not a database") {
    test::TempDir dir;
    CHECK(foreign_directory_contents(dir.file("missing")) == "");
    test::write_file(dir.file("plain-file"), "x");
    CHECK(foreign_directory_contents(dir.file("plain-file")) == "");
    fs::create_directory(dir.file("empty"));
    CHECK(foreign_directory_contents(dir.file("empty")) == "");
    for (const char* name : {"e.txt", "b.txt", "d.txt", "a.txt", "c.txt"}) test::write_file(dir.file("home/") + name, "x");
    CHECK(foreign_directory_contents(dir.file("home")) == "a.txt, b.txt, c.txt and 2 more");
    test::write_file(dir.file("two/y"), "x");
    test::write_file(dir.file("two/x"), "x");
    CHECK(foreign_directory_contents(dir.file("two")) == "x, y");
    { Xapian::WritableDatabase db(dir.file("db"), Xapian::DB_CREATE_OR_OPEN); }
    CHECK(foreign_directory_contents(dir.file("db")) == "");
    // A link to one of our generations is ours, whatever it holds; a link
    // to anything else is looked into.
    fs::create_directory_symlink("home", dir.file("news"));
    CHECK(foreign_directory_contents(dir.file("news")) == "a.txt, b.txt, c.txt and 2 more");
    fs::create_directory(dir.file("news2.gen-20150801T020000"));
    test::write_file(dir.file("news2.gen-20150801T020000/half-built"), "x");
    fs::create_directory_symlink("news2.gen-20150801T020000", dir.file("news2"));
    CHECK(foreign_directory_contents(dir.file("news2")) == "");
}

TEST_CASE("refuse_foreign_directory refuses with exit 73 and says what to do") {
    test::TempDir dir;
    CHECK_NOTHROW(refuse_foreign_directory(dir.file("new-db")));
    test::write_file(dir.file("archive/2015.jsonl"), "{}\n");
    try {
        refuse_foreign_directory(dir.file("archive"));
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(e.code() == EXIT_CANT_CREATE);
        CHECK(std::string(e.what()) == "--db " + dir.file("archive") +
                                           " is a directory that holds other files (2015.jsonl) and is not a Xapian "
                                           "database; nothing was written. Give --db the path of a Fahras database, "
                                           "a new path or an empty directory");
    }
}

TEST_CASE("create_if_missing creates a database with its analysis record, and leaves an existing one alone") {
    test::TempDir dir;
    const std::string db = dir.file("db");
    create_if_missing(db, "none");
    CHECK_FALSE(fs::exists(db + ".creating"));
    CHECK(Xapian::Database(db).get_metadata(META_STEMMER) == "none");
    CHECK(Xapian::Database(db).get_metadata(META_SCHEMA_VERSION) == std::to_string(SCHEMA_VERSION));
    create_if_missing(db, "snowball");
    CHECK(Xapian::Database(db).get_metadata(META_STEMMER) == "none");
}

TEST_CASE("leftovers of killed runs are removed, and nothing else") {
    test::TempDir dir;
    const std::string db = dir.file("news");
    for (const char* name : {"news.shards/shard-000000/x", "news.creating/x", "news.gen-1/x", "news.gen-2/x",
                             "news.gen-2.building/x", "news.previous-3/x", "news2.gen-1/x", "other/x", "news.lock"})
        test::write_file(dir.file(name), "x");
    fs::create_symlink("news.gen-1", dir.file("news.switch"));
    fs::create_directory_symlink("news.gen-1", db);

    remove_build_leftovers(db);
    CHECK_FALSE(fs::exists(dir.file("news.shards")));
    CHECK_FALSE(fs::exists(dir.file("news.creating")));
    CHECK(fs::exists(dir.file("news.gen-2")));

    clean_stale_generations(db);
    CHECK(fs::exists(dir.file("news.gen-1/x")));  // the live generation
    for (const char* gone : {"news.gen-2", "news.gen-2.building", "news.previous-3", "news.switch"}) {
        CAPTURE(gone);
        CHECK_FALSE(fs::exists(fs::symlink_status(dir.file(gone))));
    }
    for (const char* kept : {"news2.gen-1", "other", "news.lock"}) {
        CAPTURE(kept);
        CHECK(fs::exists(dir.file(kept)));
    }
}

TEST_CASE("a write failure that ends in std::terminate exits 74 and removes the scratch directories") {
    test::TempDir dir;
    fs::create_directories(dir.file("shards/shard-000000"));
    fs::create_directories(dir.file("kept"));
    const int status = exit_status_of([&] {
        std::ofstream err(dir.file("stderr"));
        const WriteFailureExit on_failure(err, "/srv/news", "the database keeps its last commit");
        const WriteFailureExit::ScratchDirs scratch({dir.file("shards")});
        WriteFailureExit::ScratchDirs released({dir.file("kept")});
        released.release();
        // What Xapian's ValueUpdater does: a failed write while unwinding.
        try {
            throw Xapian::DatabaseError("Error writing block 12", ENOSPC);
        } catch (...) {
            std::terminate();
        }
    });
    CHECK(status == EXIT_IO_ERROR);
    CHECK(test::read_file(dir.file("stderr")) ==
          "fahras-index: writing /srv/news failed: Error writing block 12 (No space left on device): the disk is "
          "full; free space on it (or move the database to a larger one), then run again; the database keeps its "
          "last commit\n");
    CHECK_FALSE(fs::exists(dir.file("shards")));
    CHECK(fs::exists(dir.file("kept")));
}

// The exit status of a child in which @a thrown ends in std::terminate with
// a WriteFailureExit installed over a handler that exits 42; what the
// WriteFailureExit wrote goes to @a err_path.
template <typename Exception>
int status_when_terminating_with(const Exception& thrown, const std::string& err_path) {
    return exit_status_of([&] {
        std::set_terminate([] { std::_Exit(42); });
        std::ofstream err(err_path);
        const WriteFailureExit on_failure(err, "/srv/news", "notice");
        try {
            throw thrown;
        } catch (...) {
            std::terminate();
        }
    });
}

TEST_CASE("any other reason for std::terminate goes on to the handler that was there before") {
    test::TempDir dir;
    CHECK(status_when_terminating_with(std::runtime_error("not a write"), dir.file("stderr")) == 42);
    CHECK(test::read_file(dir.file("stderr")) == "");
}

// Xapian 1.4's exceptions have no virtual functions: told apart by
// typeid(), every DatabaseError subclass (corrupt, modified, locked…) was
// taken for a failed write and reported as a full disk, exit 74.
TEST_CASE("a corrupt database ending in std::terminate is not taken for a failed write") {
    test::TempDir dir;
    CHECK(status_when_terminating_with(Xapian::DatabaseCorruptError("a damaged table"), dir.file("stderr")) == 42);
    CHECK(test::read_file(dir.file("stderr")) == "");
}

// Xapian built by GCC before 14 may call std::terminate() with nothing
// thrown to look at (database_dir.cpp): a full disk is then the evidence.
TEST_CASE("std::terminate with no exception on a full disk exits 74; with room left it goes on as before") {
    test::TempDir dir;
    const test::SmallDisk disk(dir.file("disk"), "size=1m");
    if (!disk.mounted()) {
        test::skip_test("cannot mount a small tmpfs here (" + disk.error() + ")");
        return;
    }
    const auto terminate_writing = [&](const std::string& err_path) {
        return exit_status_of([&] {
            std::set_terminate([] { std::_Exit(42); });
            std::ofstream err(err_path);
            const WriteFailureExit on_failure(err, dir.file("disk/db"), "the database keeps its last commit");
            const WriteFailureExit::ScratchDirs scratch({dir.file("disk/db.building")});
            std::terminate();
        });
    };
    fs::create_directories(dir.file("disk/db.building"));
    CHECK(terminate_writing(dir.file("room")) == 42);
    CHECK(test::read_file(dir.file("room")) == "");
    CHECK(fs::exists(dir.file("disk/db.building")));

    disk.fill("filler");
    CHECK(terminate_writing(dir.file("full")) == EXIT_IO_ERROR);
    CHECK(test::read_file(dir.file("full")) ==
          "fahras-index: writing " + dir.file("disk/db") +
              " failed: No space left on device (Xapian stopped inside a write): the disk is full; free space on it "
              "(or move the database to a larger one), then run again; the database keeps its last commit\n");
    CHECK_FALSE(fs::exists(dir.file("disk/db.building")));
}

TEST_CASE("BuildDirs removes its directories however the scope ends, but those removed early or kept") {
    test::TempDir dir;
    const auto make = [&](const std::vector<std::string>& names) {
        std::vector<std::string> paths;
        for (const auto& name : names) {
            test::write_file(dir.file(name + "/table"), "x");
            paths.push_back(dir.file(name));
        }
        return paths;
    };
    { const BuildDirs dirs(make({"returned-a", "returned-b"})); }
    CHECK_FALSE(fs::exists(dir.file("returned-a")));
    CHECK_FALSE(fs::exists(dir.file("returned-b")));
    try {
        const BuildDirs dirs(make({"failed"}));
        throw std::runtime_error("a failed build");
    } catch (const std::runtime_error&) {
    }
    CHECK_FALSE(fs::exists(dir.file("failed")));
    {
        BuildDirs dirs(make({"shards", "generation"}));
        dirs.remove(dir.file("shards"));
        CHECK_FALSE(fs::exists(dir.file("shards")));
        CHECK(fs::exists(dir.file("generation")));
        dirs.keep();
    }
    CHECK(fs::exists(dir.file("generation/table")));
}

TEST_CASE("BuildDirs are the scratch a write failure removes before exit 74, until kept") {
    test::TempDir dir;
    fs::create_directories(dir.file("building"));
    fs::create_directories(dir.file("kept"));
    const int status = exit_status_of([&] {
        std::ofstream err(dir.file("stderr"));
        const WriteFailureExit on_failure(err, "/srv/news", "the live database is unchanged");
        const BuildDirs building({dir.file("building")});
        BuildDirs kept({dir.file("kept")});
        kept.keep();
        try {
            throw Xapian::DatabaseError("Error writing block 12", ENOSPC);
        } catch (...) {
            std::terminate();
        }
    });
    CHECK(status == EXIT_IO_ERROR);
    CHECK_FALSE(fs::exists(dir.file("building")));
    CHECK(fs::exists(dir.file("kept")));
}
