#include "shards.h"

#include <fahras/error.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fahras {

namespace {

namespace fs = std::filesystem;

constexpr const char* STUB_IN_DIRECTORY = "XAPIANDB";  // what Xapian looks for in a directory

const char* const STUB_LINES =
    "a stub lists one database a line: 'auto PATH' (a database, sharded directory or stub; relative to the "
    "stub's folder), 'glass PATH', 'remote HOST:PORT' (a shard served by xapian-tcpsrv), or a # comment";

class StubReader {
  public:
    explicit StubReader(std::chrono::milliseconds timeout) : timeout_(static_cast<unsigned>(timeout.count())) {}

    OpenedShards out;

    // @a path as a database, a directory with a stub, or a stub file.
    void open_path(const std::string& path, int depth) {
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            const fs::path stub = fs::path(path) / STUB_IN_DIRECTORY;
            if (fs::is_regular_file(stub, ec)) return read_stub(stub.string(), depth);
        } else if (fs::is_regular_file(path, ec) && is_text(path)) {
            return read_stub(path, depth);
        }
        // A database (or a single-file one): Xapian's errors say what is wrong.
        out.database.add_database(Xapian::Database(path));
    }

  private:
    unsigned timeout_;

    // A stub is text; a single-file Xapian database is not.
    static bool is_text(const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        char buffer[512];
        in.read(buffer, sizeof buffer);
        return std::string(buffer, static_cast<std::size_t>(in.gcount())).find('\0') == std::string::npos;
    }

    void read_stub(const std::string& stub, int depth) {
        if (depth > MAX_STUB_DEPTH)
            throw Error(EXIT_NO_INPUT, "stub " + stub + " is nested more than " + std::to_string(MAX_STUB_DEPTH) +
                                           " stubs deep: does a stub name itself? Fix its 'auto' lines");
        std::ifstream in(stub);
        if (!in) throw Error(EXIT_NO_INPUT, "cannot read the stub database file " + stub + ": check its permissions");
        out.stubs.push_back(stub);
        const fs::path folder = fs::path(stub).parent_path();
        std::string line;
        for (int number = 1; std::getline(in, line); ++number) {
            if (line.empty() || line[0] == '#') continue;
            const std::string where = stub + ":" + std::to_string(number);
            const std::size_t space = line.find(' ');
            const std::string type = line.substr(0, space);
            const std::string rest = space == std::string::npos ? "" : line.substr(space + 1);
            if ((type == "auto" || type == "glass") && !rest.empty()) {
                const fs::path target = fs::path(rest).is_absolute() ? fs::path(rest) : folder / rest;
                try {
                    if (type == "auto") open_path(target.string(), depth + 1);
                    else out.database.add_database(Xapian::Database(target.string(), Xapian::DB_BACKEND_GLASS));
                } catch (const Xapian::DatabaseOpeningError& e) {
                    // Keep Xapian's type: a rebuild's switch may have removed
                    // it a moment ago, and the caller opens again then.
                    throw Xapian::DatabaseOpeningError(where + ": " + e.get_msg());
                }
            } else if (type == "remote" && !rest.empty()) {
                open_remote(rest, where);
            } else {
                // As Xapian does, the line itself is not quoted: it may be
                // a line of some other file read as a stub.
                throw Error(EXIT_NO_INPUT, where + ": not a line of a stub database; " + STUB_LINES);
            }
        }
        if (in.bad()) throw Error(EXIT_NO_INPUT, "cannot read the stub database file " + stub);
    }

    // "HOST:PORT" (TCP), or ":PROGRAM ARGS" (a program speaking the remote
    // protocol on its standard input and output, as xapian-progsrv does).
    void open_remote(const std::string& address, const std::string& where) {
        if (address[0] == ':') {
            const std::size_t space = address.find(' ');
            const std::string program = address.substr(1, space == std::string::npos ? std::string::npos : space - 1);
            const std::string args = space == std::string::npos ? "" : address.substr(space + 1);
            // A TCP shard written with a leading colon (":HOST:PORT") is a
            // program to run for 1.4: say so rather than fail to run it.
            const std::size_t colon = program.rfind(':');
            if (args.empty() && colon != std::string::npos && colon + 1 < program.size() &&
                program.find_first_not_of("0123456789", colon + 1) == std::string::npos)
                throw Error(EXIT_NO_INPUT, where + ": 'remote :" + program +
                                               "' would run a program named so (Xapian 1.4's syntax); a shard served by "
                                               "xapian-tcpsrv is written 'remote " + program + "', without the first colon");
            out.remotes.push_back(address);
            add_remote([&] { return Xapian::Remote::open(program, args, timeout_); }, address, where);
            return;
        }
        const std::size_t colon = address.rfind(':');
        const std::string port_text = colon == std::string::npos ? "" : address.substr(colon + 1);
        unsigned port = 0;
        const bool digits = !port_text.empty() && port_text.size() <= 5 &&
                            port_text.find_first_not_of("0123456789") == std::string::npos;
        if (digits) port = static_cast<unsigned>(std::stoul(port_text));
        if (colon == std::string::npos || colon == 0 || !digits || port == 0 || port > 65535)
            throw Error(EXIT_NO_INPUT, where + ": a remote shard is written 'remote HOST:PORT' (a port from 1 to 65535); " +
                                           STUB_LINES);
        const std::string host = address.substr(0, colon);
        out.remotes.push_back(address);
        add_remote([&] { return Xapian::Remote::open(host, port, timeout_, timeout_); }, address, where);
    }

    // Xapian's message, and the system's reason when it has one
    // ("Couldn't connect (Connection refused)").
    static std::string reason(const Xapian::Error& e) {
        const char* system = e.get_error_string();
        return system && *system ? e.get_msg() + " (" + system + ")" : e.get_msg();
    }

    template <typename Open>
    void add_remote(Open open, const std::string& address, const std::string& where) {
        try {
            out.database.add_database(open());
        } catch (const Xapian::NetworkError& e) {
            out.failed.push_back({address, where, reason(e)});
        } catch (const Xapian::DatabaseError& e) {
            out.failed.push_back({address, where, reason(e)});
        }
    }
};

}  // namespace

OpenedShards open_shards(const std::string& path, std::chrono::milliseconds timeout) {
    StubReader reader(timeout);
    reader.open_path(path, 0);
    OpenedShards& out = reader.out;
    if (out.database.size() == 0 && out.failed.empty())
        throw Error(EXIT_NO_INPUT, path + " lists no database: " + STUB_LINES);
    if (out.database.size() == 0)
        throw Error(EXIT_UNAVAILABLE, "no shard of " + path + " answered: " + describe_failed(out.failed) +
                                          "; start xapian-tcpsrv on them, or fix the stub");
    return std::move(out);
}

std::string describe_failed(const std::vector<FailedShard>& failed) {
    std::string out;
    for (const auto& shard : failed) {
        if (!out.empty()) out += ", ";
        out += shard.address + " (" + shard.where + ": " + shard.reason + ")";
    }
    return out;
}

}  // namespace fahras
