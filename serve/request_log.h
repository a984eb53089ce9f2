/** @file request_log.h
 *  @brief One line per request on stderr: method, path (without the query
 *  string), status, milliseconds.
 */
#ifndef FAHRAS_SERVE_REQUEST_LOG_H
#define FAHRAS_SERVE_REQUEST_LOG_H

#include <iosfwd>
#include <mutex>
#include <string>
#include <string_view>

namespace fahras::serve {

/** Paths longer than this are cut in the log (a 414's target is 8 KiB). */
inline constexpr std::size_t MAX_LOGGED_PATH_BYTES = 256;

/** "GET /api/search 200 3.2 ms": what the client sent passes through
 *  terminal_text() (terminal_text.h), so no control character of a
 *  client's reaches the log raw; the query string is left out (it is the
 *  reader's search, and can be long).  "-" for a method or path not read. */
std::string request_log_line(std::string_view method, std::string_view target, int status, double milliseconds);

/** Lines written whole, from any thread. */
class RequestLog {
  public:
    RequestLog(std::ostream& out, bool quiet) : out_(out), quiet_(quiet) {}
    void write(const std::string& line);
    /** A line written even under --quiet (startup, shutdown). */
    void notice(const std::string& line);
    bool quiet() const { return quiet_; }

  private:
    std::ostream& out_;
    bool quiet_;
    std::mutex mutex_;
};

}  // namespace fahras::serve

#endif  // FAHRAS_SERVE_REQUEST_LOG_H
