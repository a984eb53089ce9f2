#include "sharded_database.h"

#include "database_dir.h"
#include "generations.h"

#include <fahras/database_meta.h>
#include <fahras/error.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace fahras {

namespace {

constexpr const char* STUB_NAME = "XAPIANDB";

std::string stub_path(const std::string& db_path) { return (fs::path(db_path) / STUB_NAME).string(); }

std::string stub_line(std::size_t i) { return "auto " + shard_name(i); }


bool is_empty_directory(const std::string& path) {
    std::error_code ec;
    return !fs::is_symlink(path, ec) && fs::is_directory(path, ec) && fs::is_empty(path, ec) && !ec;
}

}  // namespace

bool is_missing_or_empty(const std::string& path) {
    std::error_code ec;
    return !fs::exists(fs::symlink_status(path, ec)) || is_empty_directory(path);
}

bool is_sharded(const std::string& db_path) {
    std::error_code ec;
    return fs::is_regular_file(stub_path(db_path), ec);
}

// Only the stub fahras-index writes: "auto shard-0", "auto shard-1", … in
// order.  A stub naming remote shards or other paths is for searching; the
// indexer cannot know where their articles belong.
std::size_t shard_count(const std::string& db_path) {
    std::ifstream in(stub_path(db_path));
    if (!in) throw Error(EXIT_NO_INPUT, "cannot read " + stub_path(db_path));
    std::size_t count = 0;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        if (line != stub_line(count) || count >= MAX_SHARDS)
            throw Error(EXIT_NO_INPUT, stub_path(db_path) + " line " + std::to_string(count + 1) + " is '" + line +
                                           "', not '" + stub_line(count) +
                                           "': it is not a sharded database fahras-index built (a stub of remote "
                                           "or other shards is for searching only), so it cannot write to it");
        ++count;
    }
    if (count == 0) throw Error(EXIT_NO_INPUT, stub_path(db_path) + " lists no shards");
    return count;
}

std::string shard_name(std::size_t i) { return "shard-" + std::to_string(i); }

std::vector<std::string> shard_paths(const std::string& db_path, std::size_t count) {
    std::vector<std::string> paths;
    for (std::size_t i = 0; i < count; ++i) paths.push_back((fs::path(db_path) / shard_name(i)).string());
    return paths;
}

void write_shard_stub(const std::string& dir, std::size_t count) {
    std::ofstream out(stub_path(dir), std::ios::trunc);
    for (std::size_t i = 0; i < count; ++i) out << stub_line(i) << '\n';
    out.close();
    if (!out) throw Error(EXIT_CANT_CREATE, "cannot write " + stub_path(dir));
}

void create_shards(const std::string& dir, std::size_t count, const std::string& stemmer) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error(EXIT_CANT_CREATE, "cannot create " + dir + ": " + ec.message());
    for (const auto& path : shard_paths(dir, count)) {
        Xapian::WritableDatabase shard = open_for_writing(path, Xapian::DB_CREATE_OR_OVERWRITE);
        const DiscardOnFailure discard(shard);
        write_analysis_record(shard, stemmer);
        shard.commit();
    }
    write_shard_stub(dir, count);
}

void create_sharded_if_missing(const std::string& db_path, std::size_t count, const std::string& stemmer) {
    std::error_code ec;
    // An empty directory (made ready for the database) is nothing yet: the
    // rename below replaces it.
    if (fs::exists(fs::symlink_status(db_path, ec)) && !is_empty_directory(db_path)) return;
    const std::string creating = db_path + ".creating";
    remove_database_dir(creating);
    WriteFailureExit::ScratchDirs scratch({creating});
    create_shards(creating, count, stemmer);
    fs::rename(creating, db_path, ec);
    if (ec) throw Error(EXIT_CANT_CREATE, "cannot create " + db_path + ": " + ec.message());
}

std::string shard_option_conflict(const std::string& db_path, std::size_t wanted, bool rebuild) {
    std::error_code ec;
    if (wanted == 0 || rebuild || !fs::exists(db_path, ec) || is_empty_directory(db_path)) return {};
    const std::size_t have = is_sharded(db_path) ? shard_count(db_path) : 1;
    if (have == wanted) return {};
    const std::string layout = have == 1 ? "is one (unsharded) database" : "has " + std::to_string(have) + " shards";
    return "--db " + db_path + " " + layout + ", not --shards " + std::to_string(wanted) +
           "; a database keeps its shards until it is rebuilt: to change them, run fahras-index --rebuild --shards " +
           std::to_string(wanted) + " --db " + db_path + " ARCHIVE... (or leave out --shards to update it as it is)";
}

void WritableShards::set_metadata(const std::string& key, const std::string& value) {
    if (shards.empty()) {
        all.set_metadata(key, value);
        return;
    }
    for (auto& shard : shards) shard.set_metadata(key, value);
}

WritableShards open_shards_for_writing(const std::string& db_path, int flags) {
    WritableShards db;
    if (!is_sharded(db_path)) {
        db.all = open_for_writing(db_path, flags);
        return db;
    }
    for (const auto& path : shard_paths(db_path, shard_count(db_path))) {
        db.shards.push_back(open_for_writing(path, flags));
        db.all.add_database(db.shards.back());
    }
    return db;
}

void write_analysis_record(WritableShards& db, const std::string& stemmer) {
    if (db.shards.empty()) {
        write_analysis_record(db.all, stemmer);
        return;
    }
    for (auto& shard : db.shards) write_analysis_record(shard, stemmer);
}

}  // namespace fahras
