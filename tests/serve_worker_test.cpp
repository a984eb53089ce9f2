// fahras-serve's worker loop (http_server.h: run_worker_loop): an exception
// escaping a handler is logged as one line and the loop serves on.  The
// worker threads run exactly this function; here a posted handler throws.
#include "http_server.h"
#include "request_log.h"

#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <string>

namespace net = boost::asio;
using fahras::serve::RequestLog;
using fahras::serve::run_worker_loop;

TEST_CASE("serve worker loop: an exception from a handler is logged in one line and the handlers after it still run") {
    net::io_context ioc;
    std::ostringstream out;
    RequestLog log(out, true);  // --quiet does not silence it
    int ran = 0;
    net::post(ioc, [&] { ++ran; });
    net::post(ioc, [] { throw std::runtime_error("boom\nsecond line\x1b[31m"); });
    net::post(ioc, [&] { ++ran; });
    net::post(ioc, [] { throw 42; });  // not even a std::exception
    net::post(ioc, [&] { ++ran; });
    CHECK(run_worker_loop(ioc, log) == 2);
    CHECK(ran == 3);
    const std::string text = out.str();
    CHECK(text.find("fahras-serve: internal error in a worker, serving on: boom") == 0);
    CHECK(text.find("(not a std::exception), serving on\n") != std::string::npos);
    CHECK(std::count(text.begin(), text.end(), '\n') == 2);  // one line each: the message's own newline is escaped
    CHECK(text.find('\x1b') == std::string::npos);
}

TEST_CASE("serve worker loop: with nothing thrown it returns 0 when the work is done, and logs nothing") {
    net::io_context ioc;
    std::ostringstream out;
    RequestLog log(out, false);
    int ran = 0;
    for (int i = 0; i < 5; ++i) net::post(ioc, [&] { ++ran; });
    CHECK(run_worker_loop(ioc, log) == 0);
    CHECK(ran == 5);
    CHECK(out.str().empty());
}
