/** @file session.h
 *  @brief The server and its connections (Boost.Beast), shared by
 *  http_server.cpp (accepting, stopping, threads) and session.cpp (one
 *  connection's requests).
 */
#ifndef FAHRAS_SERVE_SESSION_H
#define FAHRAS_SERVE_SESSION_H

#include "api.h"
#include "metrics.h"
#include "request_log.h"
#include "serve_options.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace fahras {
class Searcher;
}

namespace fahras::serve {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;
using tcp = boost::asio::ip::tcp;

class Session;

/** The listening socket, the open connections and the stop. */
class Server {
  public:
    Server(const ServeOptions& opts, RequestLog& log);
    /** Bind and listen, say where on the log, start accepting.  Throws
     *  boost::system::system_error. */
    void listen();
    /** Stop accepting; close idle connections; let requests begun finish.
     *  Safe from any thread, more than once. */
    void stop();
    bool stopping() const { return stopping_; }
    net::io_context& io_context() { return ioc_; }
    const ServeOptions& options() const { return opts_; }
    RequestLog& log() { return log_; }
    Metrics& metrics() { return metrics_; }

    std::uint64_t add_session(const std::shared_ptr<Session>& session);
    void remove_session(std::uint64_t id);
    /** Connections being answered 503 (over --max-connections) now. */
    std::atomic<std::size_t>& refusing() { return refusing_; }

  private:
    void accept();
    void back_off(const beast::error_code& ec);
    void admit(tcp::socket socket);
    std::size_t open_sessions();

    const ServeOptions& opts_;
    RequestLog& log_;
    net::io_context ioc_;
    tcp::acceptor acceptor_;
    net::steady_timer accept_backoff_;  ///< on the acceptor's strand, as accept_failures_
    std::size_t accept_failures_ = 0;   ///< in a row, for want of descriptors or memory
    std::atomic<std::size_t> refusing_{0};
    std::atomic<bool> stopping_{false};
    Metrics metrics_;
    std::mutex sessions_mutex_;
    std::map<std::uint64_t, std::weak_ptr<Session>> sessions_;
    std::uint64_t last_session_id_ = 0;
};

/** One connection: requests read one at a time (keep-alive), each checked
 *  against the limits (serve_limits.h), routed (api.h) and answered. */
class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(tcp::socket socket, Server& server);
    ~Session();
    void start();
    /** Answer 503 (too many connections) without reading a request, and
     *  close.  Not counted among the open sessions; counted by
     *  Server::refusing() until it ends. */
    void refuse();
    /** From any thread: close the connection unless a request is begun. */
    void stop_if_idle();

  private:
    /** Whether bytes of a next request wait in the socket, unread. */
    bool bytes_arrived();
    void wait_for_request();
    void on_first_bytes(beast::error_code ec, std::size_t bytes);
    void read_request();
    void on_header(beast::error_code ec);
    ApiResponse answer(const http::request<http::empty_body>& request);
    void send(const ApiResponse& response, bool keep_alive);
    void linger();
    void discard_more();
    void close();

    beast::tcp_stream stream_;
    Server& server_;
    std::uint64_t id_ = 0;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::empty_body>> parser_;
    http::response<http::string_body> response_;
    bool waiting_ = false;  ///< for the next request's first byte
    std::chrono::steady_clock::time_point started_;
    std::string method_, target_;
    std::size_t discarded_ = 0;  ///< bytes read and dropped by linger()
    bool refused_ = false;       ///< a 503 over --max-connections
};

/** The Searcher of the worker thread calling (http_server.cpp). */
Searcher& this_workers_searcher();

}  // namespace fahras::serve

#endif  // FAHRAS_SERVE_SESSION_H
