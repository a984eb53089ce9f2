// fahras-serve's HTTP side on Boost.Beast: accepting within the connection
// limit, the stop on SIGTERM/SIGINT, the worker threads and their Searchers.
// A connection's own steps are in session.cpp.
#include "http_server.h"

#include "session.h"

#include <searcher.h>

#include <fahras/error.h>
#include <fahras/terminal_text.h>

#include <boost/asio/signal_set.hpp>

#include <cerrno>
#include <csignal>
#include <memory>
#include <ostream>
#include <thread>
#include <vector>

namespace fahras::serve {

namespace {

thread_local Searcher* worker_searcher = nullptr;

// accept() failing for a reason of the connection's own (the client gone
// before it was accepted, a protocol error, a firewall rule): the next one
// may well be accepted, at once.  Any other failure (EMFILE, ENFILE,
// ENOBUFS, ENOMEM: no descriptor or kernel memory left) leaves the
// connection in the backlog, and accepting again at once fails again at
// once, a busy loop that starves the workers of the connections that would
// free descriptors: wait first.
bool connection_error(const beast::error_code& ec) {
    if (ec.category() != boost::system::system_category()) return false;
    const int code = ec.value();
    return code == ECONNABORTED || code == EPROTO || code == ECONNRESET || code == EPERM;
}

}  // namespace

Searcher& this_workers_searcher() { return *worker_searcher; }

Server::Server(const ServeOptions& opts, RequestLog& log)
    : opts_(opts),
      log_(log),
      ioc_(static_cast<int>(opts.threads)),
      acceptor_(net::make_strand(ioc_)),
      accept_backoff_(acceptor_.get_executor()) {}

namespace {

// What to do about an address that cannot be listened on.
std::string listen_advice(const boost::system::error_code& ec) {
    if (ec == boost::asio::error::address_in_use)
        return "another program listens there: stop it, or choose another port with --listen";
    if (ec == boost::asio::error::access_denied)
        return "ports below 1024 need root or CAP_NET_BIND_SERVICE: choose a port from 1024 up";
    if (ec == boost::system::errc::address_not_available)
        return "no network interface of this machine has that address: use 127.0.0.1, ::1 or one of its own";
    return "check the address given to --listen";
}

}  // namespace

void Server::listen() {
    const tcp::endpoint endpoint(net::ip::make_address(opts_.host), opts_.port);
    try {
        acceptor_.open(endpoint.protocol());
        acceptor_.set_option(net::socket_base::reuse_address(true));
        acceptor_.bind(endpoint);
        acceptor_.listen(net::socket_base::max_listen_connections);
    } catch (const boost::system::system_error& e) {
        const std::string address = endpoint.address().is_v6() ? "[" + opts_.host + "]" : opts_.host;
        throw Error(EXIT_UNAVAILABLE, "cannot listen on " + address + ":" + std::to_string(opts_.port) + ": " +
                                          e.code().message() + " (" + listen_advice(e.code()) + ")");
    }
    const tcp::endpoint bound = acceptor_.local_endpoint();
    const std::string host = bound.address().is_v6() ? "[" + bound.address().to_string() + "]" : bound.address().to_string();
    log_.notice("fahras-serve: listening on " + host + ":" + std::to_string(bound.port()));
    accept();
}

void Server::accept() {
    acceptor_.async_accept(net::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
        if (stopping_) return;
        if (ec && !connection_error(ec)) return back_off(ec);
        if (accept_failures_ > 0) {
            log_.notice("fahras-serve: accepting again after " + std::to_string(accept_failures_) + " failed attempts");
            accept_failures_ = 0;
        }
        if (!ec) admit(std::move(socket));  // else the error was that connection's only
        accept();
    });
}

// Wait ACCEPT_BACKOFF before accepting again; say so once per spell.
void Server::back_off(const beast::error_code& ec) {
    metrics_.error(ErrorKind::accept);
    if (accept_failures_++ == 0) {
        log_.notice("fahras-serve: cannot accept connections (" + terminal_text(ec.message()) + "); trying again every " +
                    std::to_string(ACCEPT_BACKOFF.count()) + " ms");
    }
    accept_backoff_.expires_after(ACCEPT_BACKOFF);
    accept_backoff_.async_wait([this](const beast::error_code& wait_ec) {
        if (!wait_ec && !stopping_) accept();
    });
}

// A connection within --max-connections is served; one over it is told so
// (503) and closed, unless as many are being refused already: then it is
// closed at once, so refusing costs a bounded number of descriptors too.
void Server::admit(tcp::socket socket) {
    if (open_sessions() < opts_.max_connections) {
        std::make_shared<Session>(std::move(socket), *this)->start();
    } else if (refusing_ < opts_.max_connections) {
        std::make_shared<Session>(std::move(socket), *this)->refuse();
    } else {
        beast::error_code ignored;
        socket.close(ignored);
    }
}

void Server::stop() {
    if (stopping_.exchange(true)) return;
    log_.notice("fahras-serve: stopping: finishing the requests in flight");
    net::post(acceptor_.get_executor(), [this] {
        beast::error_code ignored;
        acceptor_.close(ignored);
        accept_backoff_.cancel();
    });
    std::vector<std::weak_ptr<Session>> sessions;
    {
        const std::lock_guard<std::mutex> lock(sessions_mutex_);
        for (const auto& [id, session] : sessions_) sessions.push_back(session);
    }
    for (const auto& weak : sessions)
        if (auto session = weak.lock()) session->stop_if_idle();
}

std::uint64_t Server::add_session(const std::shared_ptr<Session>& session) {
    const std::lock_guard<std::mutex> lock(sessions_mutex_);
    sessions_[++last_session_id_] = session;
    metrics_.connection_opened();
    return last_session_id_;
}

void Server::remove_session(std::uint64_t id) {
    const std::lock_guard<std::mutex> lock(sessions_mutex_);
    sessions_.erase(id);
    metrics_.connection_closed();
}

std::size_t Server::open_sessions() {
    const std::lock_guard<std::mutex> lock(sessions_mutex_);
    return sessions_.size();
}

std::size_t run_worker_loop(net::io_context& ioc, RequestLog& log, Metrics* metrics) {
    std::size_t caught = 0;
    for (;;) {
        try {
            ioc.run();  // returns when no work is left: the server has stopped
            return caught;
        } catch (const std::exception& e) {
            ++caught;
            if (metrics) metrics->error(ErrorKind::worker);
            log.notice("fahras-serve: internal error in a worker, serving on: " + terminal_text(e.what()));
        } catch (...) {
            ++caught;
            if (metrics) metrics->error(ErrorKind::worker);
            log.notice("fahras-serve: internal error in a worker (not a std::exception), serving on");
        }
    }
}

int run_server(const ServeOptions& opts, std::ostream& log_stream) {
    // Every worker's Searcher is opened before the server listens, so a
    // database that cannot be read stops the program at once (exit 66).
    std::vector<std::unique_ptr<Searcher>> searchers;
    for (std::size_t i = 0; i < opts.threads; ++i) searchers.push_back(std::make_unique<Searcher>(opts.db_path, opts.variant_files, opts.remote_timeout));
    RequestLog log(log_stream, opts.quiet);
    Server server(opts, log);
    net::signal_set signals(server.io_context(), SIGINT, SIGTERM);
    signals.async_wait([&server](const beast::error_code& ec, int) {
        if (!ec) server.stop();
    });
    server.listen();
    std::vector<std::thread> workers;
    for (std::size_t i = 0; i < opts.threads; ++i) {
        workers.emplace_back([&server, searcher = searchers[i].get()] {
            worker_searcher = searcher;
            run_worker_loop(server.io_context(), server.log(), &server.metrics());
        });
    }
    for (auto& worker : workers) worker.join();
    log.notice("fahras-serve: stopped");
    return 0;
}

}  // namespace fahras::serve
