// End to end over real HTTP: what fahras-serve refuses and with which
// status, the timeouts that cut a slow client off, and the stop on SIGTERM
// that finishes the request in flight.
#include "e2e_support.h"
#include "prometheus_text.h"
#include "serve_client.h"
#include "test_support.h"

#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <unistd.h>

using fahras::test::corpus;
using fahras::test::http_get;
using fahras::test::HttpConnection;
using fahras::test::search_target;
using fahras::test::ServeProcess;

namespace {

// A JSON error with this status, and the status in the body too.
void check_error(const fahras::test::HttpResponse& response, int status, const std::string& says = "") {
    CAPTURE(response.head);
    CAPTURE(response.body);
    REQUIRE(response.status == status);
    const auto body = response.json();
    CHECK(body["status"] == status);
    CHECK(body["error"].get<std::string>().find(says) != std::string::npos);
}

}  // namespace

TEST_CASE("fahras-serve: a bad parameter is a 400 naming it, an unknown path 404, another method 405 with Allow") {
    REQUIRE(corpus().index_result.exit_code == 0);
    ServeProcess server(corpus().db());
    const int port = server.port();
    check_error(http_get(port, "/api/search?q=x&limit=abc"), 400, "limit expects a whole number");
    check_error(http_get(port, "/api/search?q=x&limit=0"), 400, "limit must be from 1 to 10000");
    check_error(http_get(port, "/api/search?q=x&offset=-1"), 400, "offset");
    check_error(http_get(port, "/api/search?q=x&from=2015-13"), 400, "from expects YYYY");
    check_error(http_get(port, "/api/search?q=x&sort=best"), 400, "sort expects relevance or date");
    check_error(http_get(port, "/api/search?q=x&near=91,0"), 400, "near expects LAT,LON");
    check_error(http_get(port, "/api/search?q=x&near=33,36&km=nan"), 400, "km");
    check_error(http_get(port, "/api/search?q=x&facets=maybe"), 400, "facets expects 1 or 0");
    check_error(http_get(port, "/api/search?q=x&colour=red"), 400, "unknown parameter 'colour'");
    check_error(http_get(port, "/api/search?q=x&q=y"), 400, "given twice");
    check_error(http_get(port, "/api/search?q=%zz"), 400, "percent-encoding");
    check_error(http_get(port, "/api/search"), 400, "no q given");
    check_error(http_get(port, "/api/search?place=Atlantis"), 400, "");
    check_error(http_get(port, search_target({{"q", std::string(5000, 'a')}})), 400, "4096");
    check_error(http_get(port, "/nowhere"), 404, "no such endpoint");
    check_error(http_get(port, "/api/articles/"), 404, "");
    const auto post = http_get(port, "/api/search?q=x", "DELETE");
    check_error(post, 405, "only GET");
    CHECK(post.header("Allow") == "GET");
    // Still serving after all that.
    CHECK(http_get(port, "/healthz").status == 200);
}

TEST_CASE("fahras-serve: an over-long target is a 414, too many or too large headers a 431, a body a 413") {
    ServeProcess server(corpus().db());
    const int port = server.port();
    check_error(http_get(port, "/api/search?q=" + std::string(9000, 'a')), 414, "8192");
    check_error(http_get(port, "/api/search?q=" + std::string(100000, 'a')), 414, "8192");
    {
        HttpConnection connection(port);
        std::string request = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
        for (int i = 0; i < 100; ++i) request += "X-Field-" + std::to_string(i) + ": 1\r\n";
        connection.send(request + "\r\n");
        check_error(connection.read_response(), 431, "header fields");
    }
    {
        HttpConnection connection(port);
        connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(12000, 'b') + "\r\n\r\n");
        check_error(connection.read_response(), 431, "");
    }
    {
        HttpConnection connection(port);
        connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
        check_error(connection.read_response(), 413, "no request body");
    }
    {
        HttpConnection connection(port);
        connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        check_error(connection.read_response(), 413, "");
    }
    {
        HttpConnection connection(port);
        connection.send("GET /he\x01lz HTTP/1.1\r\nHost: x\r\n\r\n");
        check_error(connection.read_response(), 400, "malformed");
    }
    CHECK(http_get(port, "/healthz").status == 200);
    // The log shows what the client sent, never a control character of it raw.
    CHECK(server.process().err().find("GET /api/search 414") != std::string::npos);
    CHECK(server.process().err().find('\x01') == std::string::npos);
}

TEST_CASE("fahras-serve: a client that sends its request a byte at a time is cut off, others are served meanwhile") {
    ServeProcess server(corpus().db(), {"--read-timeout", "1", "--idle-timeout", "2"});
    HttpConnection slow(server.port());
    REQUIRE(slow.send("GET /healthz HTTP/1.1\r\nHo"));  // and nothing more
    HttpConnection idle(server.port());                  // sends nothing at all
    for (int i = 0; i < 3; ++i) CHECK(http_get(server.port(), "/healthz").status == 200);
    CHECK(slow.closed_by_server(15));
    CHECK(idle.closed_by_server(15));
    CHECK(http_get(server.port(), search_target({{"q", "الحكومة"}})).status == 200);
}

TEST_CASE("fahras-serve: SIGTERM finishes the request in flight, then exits 0, and takes no new connection") {
    ServeProcess server(corpus().db());
    HttpConnection connection(server.port());
    // One whole request first: the connection is then certainly accepted.
    REQUIRE(connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    REQUIRE(connection.read_response().status == 200);
    HttpConnection idle(server.port());
    REQUIRE(connection.send("GET " + search_target({{"q", "الحكومة"}}) + " HTTP/1.1\r\nHost: x\r\n"));  // begun
    server.process().signal(SIGTERM);
    REQUIRE(fahras::test::eventually([&] { return server.process().err().find("stopping") != std::string::npos; }));
    REQUIRE(connection.send("\r\n"));  // and now finished
    const auto response = connection.read_response();
    CHECK(response.status == 200);
    CHECK_FALSE(response.json()["hits"].empty());
    CHECK(response.header("Connection") == "close");
    CHECK(idle.closed_by_server(15));
    CHECK(server.process().exit_code_within(20) == 0);
    CHECK_FALSE(HttpConnection(server.port()).connected());
}

TEST_CASE("fahras-serve: a database that cannot be opened stops it at once with exit 66, a bad --listen is 64") {
    fahras::test::TempDir dir;
    const auto missing = fahras::test::run_command({FAHRAS_SERVE_BIN, "--db", dir.file("none"), "--listen", "127.0.0.1:0"});
    CHECK(missing.exit_code == 66);
    CHECK(missing.err.find("fahras-serve: ") == 0);
    const auto bad = fahras::test::run_command({FAHRAS_SERVE_BIN, "--db", corpus().db(), "--listen", "localhost"});
    CHECK(bad.exit_code == 64);
    CHECK(bad.err.find("--listen expects HOST:PORT") != std::string::npos);
}

TEST_CASE("fahras-serve: an address that cannot be listened on is exit 69, saying why and what to do") {
    ServeProcess first(corpus().db());
    const std::string taken = "127.0.0.1:" + std::to_string(first.port());
    const auto in_use = fahras::test::run_command({FAHRAS_SERVE_BIN, "--db", corpus().db(), "--listen", taken});
    CHECK(in_use.exit_code == 69);
    CHECK(in_use.err.find("cannot listen on " + taken) != std::string::npos);
    CHECK(in_use.err.find("choose another port with --listen") != std::string::npos);
    // The first server is not disturbed.
    CHECK(http_get(first.port(), "/healthz").status == 200);
    // 192.0.2.1 (TEST-NET-1) is nobody's: no interface of this machine has it.
    const auto foreign = fahras::test::run_command({FAHRAS_SERVE_BIN, "--db", corpus().db(), "--listen", "192.0.2.1:0"});
    CHECK(foreign.exit_code == 69);
    CHECK(foreign.err.find("no network interface of this machine has that address") != std::string::npos);
}

TEST_CASE("fahras-serve: a connection over --max-connections gets a 503 JSON answer with Connection: close") {
    ServeProcess server(corpus().db(), {"--max-connections", "2"});
    const std::string request = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
    auto first = std::make_unique<HttpConnection>(server.port());
    HttpConnection second(server.port());
    // One whole request on each: both are then certainly accepted and counted.
    for (HttpConnection* connection : {first.get(), &second}) {
        REQUIRE(connection->send(request));
        REQUIRE(connection->read_response().status == 200);
    }
    HttpConnection third(server.port());
    REQUIRE(third.connected());
    third.send(request);  // may be refused before it is read: the answer comes anyway
    const auto refused = third.read_response();
    check_error(refused, 503, "--max-connections");
    CHECK(refused.header("Connection") == "close");
    CHECK(third.closed_by_server(15));
    // The two kept-alive connections are still served.
    REQUIRE(second.send(request));
    CHECK(second.read_response().status == 200);
    // One closed, a new connection is served again.
    first.reset();
    CHECK(fahras::test::eventually([&] { return http_get(server.port(), "/healthz").status == 200; }));
    CHECK(server.process().err().find("- - 503") != std::string::npos);
    // Counted as an overload, under no endpoint (its request was never read).
    fahras::test::HttpResponse scrape;  // the connection just closed may not be gone yet: 503 until it is
    REQUIRE(fahras::test::eventually([&] { return (scrape = http_get(server.port(), "/metrics")).status == 200; }));
    const auto metrics = fahras::test::parse_prometheus_text(scrape.body);
    CHECK(metrics.value("fahras_errors_total", {{"kind", "overload"}}) >= 1);
    CHECK(metrics.value("fahras_errors_total", {{"kind", "overload"}}) ==
          metrics.value("fahras_http_requests_total", {{"endpoint", "other"}, {"status", "503"}}));
}

TEST_CASE("fahras-serve: out of file descriptors it backs off instead of spinning, and serves again once some are free") {
    const std::string prlimit = "/usr/bin/prlimit";
    if (::access(prlimit.c_str(), X_OK) != 0) {
        fahras::test::skip_test("no " + prlimit + " (util-linux) to start the server with few descriptors");
        return;
    }
    // Few descriptors: those the server holds once listening (the
    // database's files, the listener, and under ASan its own), and room
    // for a few clients.  Counted rather than fixed, so that the server is
    // out of descriptors for the 60 clients below yet can accept some.
    ServeProcess server(corpus().db(), {"--max-connections", "1000"});
    const std::string fds = "/proc/" + std::to_string(server.process().pid()) + "/fd";
    const auto held = std::distance(std::filesystem::directory_iterator(fds), std::filesystem::directory_iterator());
    const std::string limit = std::to_string(held + 8);
    REQUIRE(fahras::test::run_command({prlimit, "--pid", std::to_string(server.process().pid()),
                                       "--nofile=" + limit + ":" + limit}).exit_code == 0);
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::unique_ptr<HttpConnection>> clients;
    for (int i = 0; i < 60; ++i) clients.push_back(std::make_unique<HttpConnection>(server.port()));  // the backlog takes them
    REQUIRE(fahras::test::eventually([&] { return server.process().err().find("cannot accept connections") != std::string::npos; }));
    // A while out of descriptors: spinning would be thousands of attempts.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    clients.clear();
    const std::string again = "accepting again after ";
    REQUIRE(fahras::test::eventually([&] { return server.process().err().find(again) != std::string::npos; }));
    const auto elapsed = std::chrono::steady_clock::now() - start;
    const std::string err = server.process().err();
    CAPTURE(err);
    // Each attempt after a failure waits ACCEPT_BACKOFF (100 ms) at least,
    // so there can be no more attempts than 100 ms spans in the whole time.
    const long attempts = std::stol(err.substr(err.find(again) + again.size()));
    const long spans = static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() / 100);
    CHECK(attempts >= 1);
    CHECK(attempts <= spans + 1);
    CHECK(fahras::test::eventually([&] { return http_get(server.port(), "/healthz").status == 200; }));
    // Every failed attempt is counted.  At least those of the first episode:
    // accepting again, the server takes the backlog's closed connections
    // and may run out of descriptors once more before /metrics answers.
    const auto metrics = fahras::test::parse_prometheus_text(http_get(server.port(), "/metrics").body);
    CHECK(metrics.value("fahras_errors_total", {{"kind", "accept"}}) >= attempts);
}
