/** @file http_server.h
 *  @brief fahras-serve's HTTP side, on Boost.Beast: connections, limits,
 *  timeouts, worker threads, the request log and a graceful stop.
 *
 *  Threads: --threads workers run one Boost.Asio io_context; each owns one
 *  Searcher, opened before the server listens and reused for every request
 *  it handles (a Searcher is one thread's: searcher.h).  A connection's
 *  steps run on its strand, one at a time; a search runs on the worker that
 *  read the request, while the other workers go on reading and writing.
 *
 *  Stop: SIGTERM or SIGINT closes the listening socket; a connection
 *  waiting for its next request is closed; a request begun (a byte of it
 *  received) is read, answered and its connection closed.  When none is
 *  left the workers return and run_server returns 0.
 */
#ifndef FAHRAS_SERVE_HTTP_SERVER_H
#define FAHRAS_SERVE_HTTP_SERVER_H

#include "serve_options.h"

#include <cstddef>
#include <iosfwd>

namespace boost::asio {
class io_context;
}

namespace fahras::serve {

class Metrics;
class RequestLog;

/** Open the database once per worker, listen, serve until SIGTERM or
 *  SIGINT; @a log gets the "listening on HOST:PORT" line and, unless
 *  opts.quiet, one line per request.  Throws fahras::Error(EXIT_NO_INPUT)
 *  when the database cannot be opened, and boost::system::system_error
 *  when the address cannot be listened on.  Returns the exit code (0). */
int run_server(const ServeOptions& opts, std::ostream& log);

/** A worker's loop: run @a ioc until it has no work left.  An exception
 *  escaping a handler (a bug, or memory running out outside a request) is
 *  written to @a log as one line and the loop runs on: one connection is
 *  lost (its handler is gone), not the process and every request in it.
 *  Each is counted in @a metrics when given.
 *  Returns the number of exceptions caught. */
std::size_t run_worker_loop(boost::asio::io_context& ioc, RequestLog& log, Metrics* metrics = nullptr);

}  // namespace fahras::serve

#endif  // FAHRAS_SERVE_HTTP_SERVER_H
