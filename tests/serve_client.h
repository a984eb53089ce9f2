/** @file serve_client.h
 *  @brief What the fahras-serve tests share: the built server started on a
 *  free loopback port, and a small HTTP/1.1 client on plain sockets that
 *  sends exactly the bytes a test writes (an oversized target, a request
 *  cut in the middle) and reads one response.
 */
#ifndef FAHRAS_TESTS_SERVE_CLIENT_H
#define FAHRAS_TESTS_SERVE_CLIENT_H

#include "test_support.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace fahras::test {

/** A response as read: its status, its header block, its body. */
struct HttpResponse {
    int status = 0;  ///< 0: no response (the connection closed or timed out first)
    std::string head, body;
    nlohmann::json json() const { return nlohmann::json::parse(body); }
    /** The value of header @a name (case-insensitive), or "". */
    std::string header(const std::string& name) const;
};

/** One TCP connection to 127.0.0.1:@a port.  Every read gives up after
 *  20 seconds, so a server that hangs fails the test instead of hanging it. */
class HttpConnection {
  public:
    explicit HttpConnection(int port);
    ~HttpConnection();
    HttpConnection(const HttpConnection&) = delete;
    HttpConnection& operator=(const HttpConnection&) = delete;
    bool connected() const { return fd_ >= 0; }
    /** Writes all of @a bytes; false when the server has closed. */
    bool send(const std::string& bytes);
    /** One response (its body by Content-Length). */
    HttpResponse read_response();
    /** Whether the server closed the connection (a read gives end of file
     *  or a reset) within @a seconds. */
    bool closed_by_server(int seconds);

  private:
    bool fill();  ///< reads more into pending_; false at end of file or error
    int fd_ = -1;
    std::string pending_;
};

/** "GET @a target", the connection closed after the response. */
HttpResponse http_get(int port, const std::string& target, const std::string& method = "GET");

/** @a text percent-encoded for a query string. */
std::string url_encode(const std::string& text);

/** /api/search?name=value&… with every value encoded. */
std::string search_target(const std::vector<std::pair<std::string, std::string>>& params);

/** The built fahras-serve on a free loopback port over @a db; killed with
 *  the object if still running.  @a launcher, when given, runs it (e.g.
 *  {"prlimit", "--nofile=40"}): it must exec the server in its place. */
class ServeProcess {
  public:
    explicit ServeProcess(const std::string& db, const std::vector<std::string>& extra = {},
                          const std::vector<std::string>& launcher = {});
    int port() const { return port_; }
    Process& process() { return *process_; }

  private:
    std::unique_ptr<Process> process_;
    int port_ = 0;
};

}  // namespace fahras::test

#endif  // FAHRAS_TESTS_SERVE_CLIENT_H
