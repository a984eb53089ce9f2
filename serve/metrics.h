/** @file metrics.h
 *  @brief fahras-serve's counters for GET /metrics, in Prometheus's text
 *  format (version 0.0.4): requests by endpoint and status, a latency
 *  histogram by endpoint, errors by kind, open connections, and the
 *  database's article count and revision.
 *
 *  Counters are atomics, incremented by every worker without a lock; a
 *  scrape reads each one once.  Labels are from fixed lists (an endpoint
 *  is one of seven names, never a path a client sent; a status outside the
 *  ones the server sends is "other"), so no client can grow the output.
 */
#ifndef FAHRAS_SERVE_METRICS_H
#define FAHRAS_SERVE_METRICS_H

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fahras::serve {

enum class Endpoint { search, suggest, articles, healthz, metrics, page, other };
inline constexpr std::size_t ENDPOINTS = 7;

/** The endpoint a request's path names ("other" for none). */
Endpoint endpoint_of(std::string_view target);

enum class ErrorKind {
    internal,  ///< a 500: a bug
    database,  ///< a 503: the database could not be read
    overload,  ///< a 503: over --max-connections
    worker,    ///< an exception caught by a worker's loop (http_server.h)
    accept,    ///< accept() failed, not for the connection's own reason (out of descriptors…): waited ACCEPT_BACKOFF
};
inline constexpr std::size_t ERROR_KINDS = 5;

/** The statuses counted by name; any other is counted as "other". */
inline constexpr std::array<int, 9> COUNTED_STATUSES = {200, 400, 404, 405, 413, 414, 431, 500, 503};

/** Upper bounds of the latency histogram's buckets, in seconds (and +Inf). */
inline constexpr std::array<double, 14> LATENCY_BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                           0.1,    0.25,  0.5,    1,     2.5,  5,    10};

/** The database as a scrape sees it; nothing when it cannot be read. */
struct DatabaseGauges {
    std::size_t articles = 0;
    std::uint64_t revision = 0;
};

class Metrics {
  public:
    /** One request answered with @a status after @a seconds. */
    void record(Endpoint endpoint, int status, double seconds);
    void error(ErrorKind kind);
    void connection_opened() { ++connections_; }
    void connection_closed() { --connections_; }

    /** The text format, every family with its HELP and TYPE. */
    std::string render(const std::optional<DatabaseGauges>& database) const;

  private:
    using Counter = std::atomic<std::uint64_t>;
    std::array<std::array<Counter, COUNTED_STATUSES.size() + 1>, ENDPOINTS> requests_{};
    std::array<std::array<Counter, LATENCY_BUCKETS.size() + 1>, ENDPOINTS> buckets_{};  ///< not cumulative; the last: above every bound
    std::array<Counter, ENDPOINTS> nanoseconds_{};
    std::array<Counter, ERROR_KINDS> errors_{};
    std::atomic<std::int64_t> connections_{0};
};

}  // namespace fahras::serve

#endif  // FAHRAS_SERVE_METRICS_H
