// Remote shards and replicas end to end (docs/remote.md): corpus/ as three
// databases served by xapian-tcpsrv on loopback, searched through a stub of
// remote shards and a stub of the local paths, by fahras-search and by
// fahras-serve over HTTP; a shard server killed or stopped; a replica kept
// by xapian-replicate through an incremental update.
#include "e2e_support.h"
#include "serve_client.h"
#include "test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

using fahras::test::CommandResult;
using fahras::test::eventually;
using fahras::test::http_get;
using fahras::test::Process;
using fahras::test::run_command;
using fahras::test::search_target;
using fahras::test::ServeProcess;
using fahras::test::skip_test;
using fahras::test::TempDir;

namespace {

// The path of @a tool found on $PATH, or "" (run_command runs paths).
std::string program(const std::string& tool) {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "/usr/bin:/bin");
    for (std::string dir; std::getline(dirs, dir, ':');) {
        const std::string candidate = dir + "/" + tool;
        if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return "";
}

// Whether the Xapian tools these tests drive are installed (xapian-tools).
bool skip_without(const std::string& tool) {
    if (!program(tool).empty()) return false;
    skip_test(tool + " is not installed: run scripts/install-deps.sh (Debian's xapian-tools)");
    return true;
}

// A loopback port free a moment ago (the kernel's choice for port 0).
int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    ::close(fd);
    return ntohs(address.sin_port);
}

bool accepts(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return connected;
}

/** A daemon (xapian-tcpsrv, xapian-replicate-server) listening on a free
 *  loopback port, in a process group of its own: these servers fork a
 *  child for each connection, and a shard server going down is all of
 *  them going down.  Killed with the object. */
class Server {
  public:
    Server(std::vector<std::string> argv_before_port, const std::vector<std::string>& after) : port_(free_port()) {
        argv_before_port.front() = program(argv_before_port.front());
        argv_before_port.insert(argv_before_port.begin(), program("setsid"));
        argv_before_port.push_back(std::to_string(port_));
        argv_before_port.insert(argv_before_port.end(), after.begin(), after.end());
        process_ = std::make_unique<Process>(argv_before_port);
        REQUIRE(eventually([&] { return accepts(port_) || !process_->running(); }));
        CAPTURE(process_->err());
        REQUIRE(process_->running());
    }
    ~Server() { signal_all(SIGKILL); }
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;
    int port() const { return port_; }
    std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
    /** @a sig to the server and the children serving its connections. */
    void signal_all(int sig) { ::kill(-process_->pid(), sig); }

  private:
    int port_;
    std::unique_ptr<Process> process_;
};

std::unique_ptr<Server> shard_server(const std::string& db) {
    return std::make_unique<Server>(std::vector<std::string>{"xapian-tcpsrv", "--interface", "127.0.0.1", "--port"},
                                    std::vector<std::string>{db});
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path);
    out << text;
}

/** corpus/ indexed by fahras-index --shards 3 (news-db/shard-0..2 and its
 *  XAPIANDB), each shard served by xapian-tcpsrv, and stubs of them. */
class ShardedCorpus {
  public:
    ShardedCorpus() {
        const std::string corpus = fahras::test::source_dir() + "/corpus";
        const CommandResult indexed =
            fahras::test::index_into(sharded_dir(), {"--shards", "3", corpus + "/articles.jsonl", corpus + "/text"});
        CAPTURE(indexed.err);
        REQUIRE(indexed.exit_code == 0);
        std::string local = "# the three shards, read here\n";
        std::string remote = "# the three shards, through xapian-tcpsrv\n";
        for (std::size_t i = 0; i < 3; ++i) {
            local += "auto news-db/shard-" + std::to_string(i) + "\n";
            servers_.push_back(shard_server(shard(i)));
            remote += "remote " + servers_.back()->address() + "\n";
        }
        write_file(local_stub(), local);
        write_file(remote_stub(), remote);
    }
    /// The sharded directory, as fahras-index writes it.
    std::string sharded_dir() const { return dir_.file("news-db"); }
    std::string shard(std::size_t i) const { return sharded_dir() + "/shard-" + std::to_string(i); }
    std::string local_stub() const { return dir_.file("local.stub"); }
    std::string remote_stub() const { return dir_.file("remote.stub"); }
    std::string file(const std::string& name) const { return dir_.file(name); }

  private:
    TempDir dir_;
    std::vector<std::unique_ptr<Server>> servers_;
};

const ShardedCorpus& sharded() {
    static const ShardedCorpus instance;
    return instance;
}

/** fahras-search --json on @a db: every line, elapsed time left out. */
struct Searched {
    std::vector<nlohmann::json> lines;
    int exit_code = -1;
    std::string err;
};

Searched search_json(const std::string& db, std::vector<std::string> args) {
    std::vector<std::string> argv = {FAHRAS_SEARCH_BIN, "--db", db, "--json"};
    argv.insert(argv.end(), args.begin(), args.end());
    const CommandResult result = run_command(argv);
    Searched out{{}, result.exit_code, result.err};
    std::istringstream lines(result.out);
    for (std::string line; std::getline(lines, line);) {
        nlohmann::json object = nlohmann::json::parse(line);
        object.erase("elapsed_ms");
        out.lines.push_back(std::move(object));
    }
    return out;
}

nlohmann::json facets_of(const Searched& searched) {
    for (const auto& line : searched.lines)
        if (line["type"] == "facets") return line;
    return nullptr;
}

std::vector<std::string> hit_ids(const Searched& searched) {
    std::vector<std::string> ids;
    for (const auto& line : searched.lines)
        if (line["type"] == "hit") ids.push_back(line["id"]);
    return ids;
}

const std::vector<std::vector<std::string>>& queries() {
    static const std::vector<std::vector<std::string>> list = {
        {"الحكومة"},
        {"اعلن وزير الاقتصاد", "--limit", "20"},
        {"السعودية", "--sort", "date"},
        {"\"وزير الخارجية\""},
        {"وزير الخارجية", "--no-collapse"},
        {"قصف", "--place", "حلب"},
        {"المياه", "--facets", "places,countries,sources", "--explain"},
    };
    return list;
}

}  // namespace

TEST_CASE("remote shards: a stub of xapian-tcpsrv shards answers as the stub of the same databases read locally") {
    if (skip_without("xapian-tcpsrv")) return;
    for (const auto& query : queries()) {
        CAPTURE(query.front());
        const Searched local = search_json(sharded().local_stub(), query);
        const Searched remote = search_json(sharded().remote_stub(), query);
        CAPTURE(remote.err);
        REQUIRE(local.exit_code == 0);
        CHECK(remote.exit_code == 0);
        CHECK(remote.lines == local.lines);
    }
    // A prefix matches the same articles, but Xapian 1.4 weighs a
    // wildcard's expansion shard by shard (locally too): the order may
    // differ from one database's (docs/remote.md).
    const std::vector<std::string> prefix = {"الحكوم*", "--no-collapse", "--limit", "50"};
    const Searched local = search_json(sharded().local_stub(), prefix), remote = search_json(sharded().remote_stub(), prefix);
    std::vector<std::string> local_ids = hit_ids(local), remote_ids = hit_ids(remote);
    std::sort(local_ids.begin(), local_ids.end());
    std::sort(remote_ids.begin(), remote_ids.end());
    CHECK(!local_ids.empty());
    CHECK(remote_ids == local_ids);
    CHECK(remote.lines.back()["total_estimate"] == local.lines.back()["total_estimate"]);
    // Unweighted listings and related articles go through too.
    CHECK(search_json(sharded().remote_stub(), {"--country", "SY"}).lines ==
          search_json(sharded().local_stub(), {"--country", "SY"}).lines);
}

namespace {
/** @a lines with every hit's score rounded to 9 significant digits: a score
 *  summed over several shards can differ from one database's in its last
 *  bits (the same weights added in another order). */
std::vector<nlohmann::json> scores_rounded(std::vector<nlohmann::json> lines) {
    for (auto& line : lines)
        if (line.contains("score")) {
            char text[32];
            std::snprintf(text, sizeof text, "%.9g", line["score"].get<double>());
            line["score"] = text;
        }
    return lines;
}
}  // namespace

TEST_CASE("remote shards: the remote stub, the local sharded directory and one database answer alike") {
    if (skip_without("xapian-tcpsrv")) return;
    REQUIRE(fahras::test::corpus().index_result.exit_code == 0);
    // Xapian merges the shards' statistics, so the weights are those of one
    // database; on corpus/ the stories are the same too (docs/scale-out.md
    // says where they can differ), so the whole output is.
    for (const auto& query : queries()) {
        CAPTURE(query.front());
        const Searched one = search_json(fahras::test::corpus().db(), query);
        REQUIRE(one.exit_code == 0);
        CHECK(scores_rounded(search_json(sharded().sharded_dir(), query).lines) == scores_rounded(one.lines));
        CHECK(scores_rounded(search_json(sharded().remote_stub(), query).lines) == scores_rounded(one.lines));
    }
}

TEST_CASE("remote shards: the timeline counts articles, as a local search that does not collapse") {
    if (skip_without("xapian-tcpsrv")) return;
    for (const std::string query : {"الحكومة", "السعودية"}) {
        CAPTURE(query);
        const nlohmann::json remote = facets_of(search_json(sharded().remote_stub(), {query, "--facets"}))["dates"];
        const nlohmann::json local =
            facets_of(search_json(sharded().local_stub(), {query, "--facets", "--no-collapse"}))["dates"];
        CHECK(remote["counts"] == "articles");
        CHECK(remote == local);
        // And with the timeline counted alone, month by month.
        CHECK(facets_of(search_json(sharded().remote_stub(), {query, "--facets", "dates", "--date-interval", "month"})) ==
              facets_of(search_json(sharded().local_stub(),
                                    {query, "--facets", "dates", "--date-interval", "month", "--no-collapse"})));
    }
}

TEST_CASE("stubs: a directory holding XAPIANDB is searched as its shards; a bad line is named") {
    TempDir dir;
    const std::string sharded_dir = dir.file("db");
    REQUIRE(std::filesystem::create_directory(sharded_dir));
    std::string stub;
    for (std::size_t i = 0; i < 3; ++i) stub += "auto " + sharded().shard(i) + "\n";
    write_file(sharded_dir + "/XAPIANDB", stub);
    CHECK(search_json(sharded_dir, {"الحكومة"}).lines == search_json(sharded().local_stub(), {"الحكومة"}).lines);

    // A stub naming a stub (relative to its own folder) reads through.
    write_file(dir.file("outer.stub"), "auto db\n");
    CHECK(search_json(dir.file("outer.stub"), {"الحكومة"}).lines ==
          search_json(sharded().local_stub(), {"الحكومة"}).lines);

    for (const std::string bad : {"remote nohost\n", "glass\n", "sahrd-0\n"}) {
        CAPTURE(bad);
        write_file(dir.file("bad.stub"), "# ok\nauto " + sharded().shard(0) + "\n" + bad);
        const Searched searched = search_json(dir.file("bad.stub"), {"الحكومة"});
        CHECK(searched.exit_code == 66);
        CHECK(searched.err.find(dir.file("bad.stub") + ":3:") != std::string::npos);
        CHECK(searched.err.find("remote HOST:PORT") != std::string::npos);  // what a line may be
    }
    // "remote :HOST:PORT" would run a program in 1.4: the message says how to write it.
    write_file(dir.file("colon.stub"), "remote :127.0.0.1:7000\n");
    const Searched colon = search_json(dir.file("colon.stub"), {"الحكومة"});
    CHECK(colon.exit_code == 66);
    CHECK(colon.err.find("'remote 127.0.0.1:7000'") != std::string::npos);
    write_file(dir.file("loop.stub"), "auto loop.stub\n");
    const Searched loop = search_json(dir.file("loop.stub"), {"الحكومة"});
    CHECK(loop.exit_code == 66);
    CHECK(loop.err.find("nested") != std::string::npos);
    write_file(dir.file("empty.stub"), "# nothing yet\n");
    CHECK(search_json(dir.file("empty.stub"), {"الحكومة"}).exit_code == 66);
}

TEST_CASE("remote shards: a shard that does not answer fails the search and is named, or is left out with --partial") {
    if (skip_without("xapian-tcpsrv")) return;
    const ShardedCorpus& corpus = sharded();
    auto third = shard_server(corpus.shard(2));
    const std::string address = third->address();
    // Shards 0 and 1 read locally, shard 2 through its own server.
    const std::string stub = corpus.file("one-remote.stub");
    write_file(stub, "auto news-db/shard-0\nauto news-db/shard-1\nremote " + address + "\n");
    write_file(corpus.file("two.stub"), "auto news-db/shard-0\nauto news-db/shard-1\n");
    const std::vector<std::string> query = {"الحكومة", "--limit", "20", "--remote-timeout", "1"};
    REQUIRE(search_json(stub, query).lines == search_json(corpus.local_stub(), query).lines);

    ServeProcess serve(stub, {"--remote-timeout", "1"});
    const std::string target = search_target({{"q", "الحكومة"}, {"limit", "20"}});
    REQUIRE(http_get(serve.port(), target).status == 200);

    SUBCASE("stopped: it accepts but does not answer, and the search gives up after --remote-timeout") {
        third->signal_all(SIGSTOP);
        Process search({FAHRAS_SEARCH_BIN, "--db", stub, "--remote-timeout", "1", "الحكومة"});
        CHECK(search.exit_code_within(30) == 69);
        CHECK(search.err().find(address) != std::string::npos);
        const auto response = http_get(serve.port(), target);
        CHECK(response.status == 503);
        CHECK(response.json()["error"].get<std::string>().find(address) != std::string::npos);
        third->signal_all(SIGCONT);
    }
    SUBCASE("killed: the search fails at once, naming it; --partial and partial=1 search the others") {
        third.reset();  // kills the server and its connections
        const Searched failed = search_json(stub, query);
        CHECK(failed.exit_code == 69);
        CHECK(failed.err.find(address) != std::string::npos);
        CHECK(failed.err.find("--partial") != std::string::npos);  // what to do

        std::vector<std::string> partial_query = query;
        partial_query.push_back("--partial");
        Searched partial = search_json(stub, partial_query);
        CHECK(partial.exit_code == 0);
        REQUIRE(!partial.lines.empty());
        CHECK(partial.lines.back()["shards_failed"] == nlohmann::json::array({address}));
        partial.lines.back().erase("shards_failed");
        CHECK(partial.lines == search_json(corpus.file("two.stub"), query).lines);
        const CommandResult text = run_command({FAHRAS_SEARCH_BIN, "--db", stub, "--partial", "الحكومة"});
        CHECK(text.out.find("did not answer") != std::string::npos);
        CHECK(text.out.find(address) != std::string::npos);

        // The server holds its connection: the next search finds it closed.
        const auto response = http_get(serve.port(), target);
        CHECK(response.status == 503);
        CHECK(response.json()["error"].get<std::string>().find(address) != std::string::npos);
        const auto partial_response = http_get(serve.port(), target + "&partial=1");
        CHECK(partial_response.status == 200);
        CHECK(partial_response.json()["shards_failed"] == nlohmann::json::array({address}));
        CHECK(http_get(serve.port(), "/healthz").status == 503);
    }
}

TEST_CASE("fahras-serve over remote shards answers as over the local ones") {
    if (skip_without("xapian-tcpsrv")) return;
    ServeProcess remote(sharded().remote_stub());
    ServeProcess local(sharded().local_stub());
    for (const auto& params : std::vector<std::vector<std::pair<std::string, std::string>>>{
             {{"q", "الحكومة"}, {"facets", "places,sources"}},
             {{"q", "اعلن وزير الاقتصاد"}, {"limit", "20"}},
             {{"q", "السعودية"}, {"facets", "dates"}, {"collapse", "0"}}}) {
        CAPTURE(params.front().second);
        nlohmann::json a = http_get(remote.port(), search_target(params)).json();
        nlohmann::json b = http_get(local.port(), search_target(params)).json();
        a.erase("elapsed_ms");
        b.erase("elapsed_ms");
        CHECK(a == b);
    }
    CHECK(http_get(remote.port(), "/healthz").status == 200);
}

TEST_CASE("replicas: xapian-replicate keeps a replica that answers as the primary through an incremental update") {
    if (skip_without("xapian-replicate-server") || skip_without("xapian-replicate")) return;
    TempDir dir;
    const std::string primaries = dir.file("primary"), replica = dir.file("replica");
    REQUIRE(std::filesystem::create_directory(primaries));
    const std::string primary = primaries + "/db";
    std::ifstream in(fahras::test::source_dir() + "/corpus/articles.jsonl");
    std::string first, second, line;
    for (std::size_t i = 0; std::getline(in, line); ++i) (i < 30 ? first : second) += line + "\n";
    write_file(dir.file("first.jsonl"), first);
    write_file(dir.file("second.jsonl"), second);
    // Changesets let a replication round send only what changed (ops/replicate.sh).
    auto index = [&](const std::string& input) {
        const CommandResult indexed =
            run_command({program("env"), "XAPIAN_MAX_CHANGESETS=10", FAHRAS_INDEX_BIN, "--db", primary, input});
        CAPTURE(indexed.err);
        REQUIRE(indexed.exit_code == 0);
    };
    index(dir.file("first.jsonl"));
    Server server({"xapian-replicate-server", "--interface", "127.0.0.1", "--port"}, {primaries});
    auto round = [&] {
        const CommandResult replicated = run_command({program("xapian-replicate"), "--host", "127.0.0.1", "--port",
                                                      std::to_string(server.port()), "--master", "db", "--one-shot", "--reader-time", "0",
                                                      replica});
        CAPTURE(replicated.err);
        REQUIRE(replicated.exit_code == 0);
    };
    round();
    const std::vector<std::vector<std::string>> checks = {{"الحكومة"}, {"السعودية", "--sort", "date", "--facets"}};
    for (const auto& query : checks) CHECK(search_json(replica, query).lines == search_json(primary, query).lines);

    // A server keeps serving from the replica while a round replaces it.
    ServeProcess serve(replica);
    const std::string target = search_target({{"q", "الحكومة"}, {"limit", "50"}});
    const std::size_t before = http_get(serve.port(), target).json()["hits"].size();
    index(dir.file("second.jsonl"));
    round();
    for (const auto& query : checks) CHECK(search_json(replica, query).lines == search_json(primary, query).lines);
    const nlohmann::json after = http_get(serve.port(), target).json();
    CHECK(after["hits"].size() > before);
    CHECK(after["hits"].size() == hit_ids(search_json(primary, {"الحكومة", "--limit", "50"})).size());

    // A rebuild switches the primary to a new generation (db -> db.gen-…):
    // the next round sends it whole, and the replica switches to it.
    const CommandResult rebuilt = run_command({program("env"), "XAPIAN_MAX_CHANGESETS=10", FAHRAS_INDEX_BIN, "--db",
                                               primary, "--rebuild", dir.file("first.jsonl"),
                                               dir.file("second.jsonl")});
    CAPTURE(rebuilt.err);
    REQUIRE(rebuilt.exit_code == 0);
    round();
    for (const auto& query : checks) CHECK(search_json(replica, query).lines == search_json(primary, query).lines);
    CHECK(http_get(serve.port(), target).json()["hits"].size() ==
          hit_ids(search_json(primary, {"الحكومة", "--limit", "50"})).size());
}

TEST_CASE("fahras-serve over a stub follows a commit to a shard and an edit of the stub") {
    TempDir dir;
    std::ifstream in(fahras::test::source_dir() + "/corpus/articles.jsonl");
    std::vector<std::string> parts(3);
    std::string line;
    for (std::size_t i = 0; std::getline(in, line); ++i) parts[i % 3] += line + "\n";
    for (std::size_t i = 0; i < 3; ++i) write_file(dir.file("part-" + std::to_string(i) + ".jsonl"), parts[i]);
    REQUIRE(fahras::test::index_into(dir.file("a"), {dir.file("part-0.jsonl")}).exit_code == 0);
    REQUIRE(fahras::test::index_into(dir.file("b"), {dir.file("part-1.jsonl")}).exit_code == 0);
    const std::string stub = dir.file("news.stub");
    write_file(stub, "auto a\n");
    ServeProcess serve(stub);
    const auto articles = [&] { return http_get(serve.port(), "/healthz").json()["articles"].get<std::size_t>(); };
    const std::size_t first = articles();
    CHECK(first == fahras::test::count(dir.file("a")));
    // A nightly commit to a shard: seen without a restart.
    REQUIRE(fahras::test::index_into(dir.file("a"), {dir.file("part-2.jsonl")}).exit_code == 0);
    CHECK(eventually([&] { return articles() == fahras::test::count(dir.file("a")); }));
    // Another shard added to the stub (written whole and renamed over it).
    write_file(stub + ".new", "auto a\nauto b\n");
    std::filesystem::rename(stub + ".new", stub);
    CHECK(eventually([&] { return articles() == fahras::test::count(dir.file("a")) + fahras::test::count(dir.file("b")); }));
    const nlohmann::json hits = http_get(serve.port(), search_target({{"q", "الحكومة"}, {"limit", "50"}})).json()["hits"];
    std::vector<std::string> ids;
    for (const auto& hit : hits) ids.push_back(hit["id"]);
    Searched local = search_json(stub, {"الحكومة", "--limit", "50"});
    CHECK(ids == hit_ids(local));
}
