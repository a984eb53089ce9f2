// fahras-serve's metrics (metrics.h): atomics counted by the workers, and
// Prometheus's text format written from them.
#include "metrics.h"

#include "api.h"
#include "page_files.h"

#include <cstdio>

namespace fahras::serve {

namespace {

constexpr std::array<const char*, ENDPOINTS> ENDPOINT_NAMES = {"search", "suggest", "articles", "healthz", "metrics", "page", "other"};
constexpr std::array<const char*, ERROR_KINDS> ERROR_NAMES = {"internal", "database", "overload", "worker", "accept"};
constexpr std::string_view ARTICLES_PREFIX = "/api/articles/";

std::size_t status_index(int status) {
    for (std::size_t i = 0; i < COUNTED_STATUSES.size(); ++i)
        if (COUNTED_STATUSES[i] == status) return i;
    return COUNTED_STATUSES.size();
}

// A bucket bound as Prometheus clients write it: the shortest decimal.
std::string bound_text(double bound) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", bound);
    return text;
}

void family(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
    out.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void sample(std::string& out, std::string_view name, std::string_view labels, const std::string& value) {
    out.append(name);
    if (!labels.empty()) out.append("{").append(labels).append("}");
    out.append(" ").append(value).append("\n");
}

}  // namespace

Endpoint endpoint_of(std::string_view target) {
    const std::string_view path = target_path(target);
    if (path == "/api/search") return Endpoint::search;
    if (path == "/api/suggest") return Endpoint::suggest;
    if (path.substr(0, ARTICLES_PREFIX.size()) == ARTICLES_PREFIX && path.size() > ARTICLES_PREFIX.size()) return Endpoint::articles;
    if (path == "/healthz") return Endpoint::healthz;
    if (path == "/metrics") return Endpoint::metrics;
    if (page_file_at(path)) return Endpoint::page;
    return Endpoint::other;
}

void Metrics::record(Endpoint endpoint, int status, double seconds) {
    const auto e = static_cast<std::size_t>(endpoint);
    ++requests_[e][status_index(status)];
    std::size_t bucket = 0;
    while (bucket < LATENCY_BUCKETS.size() && seconds > LATENCY_BUCKETS[bucket]) ++bucket;
    ++buckets_[e][bucket];
    nanoseconds_[e] += static_cast<std::uint64_t>(seconds > 0 ? seconds * 1e9 : 0);
}

void Metrics::error(ErrorKind kind) { ++errors_[static_cast<std::size_t>(kind)]; }

std::string Metrics::render(const std::optional<DatabaseGauges>& database) const {
    std::string out;
    family(out, "fahras_http_requests_total", "counter", "Requests answered, by endpoint and status.");
    for (std::size_t e = 0; e < ENDPOINTS; ++e) {
        for (std::size_t s = 0; s <= COUNTED_STATUSES.size(); ++s) {
            const std::uint64_t n = requests_[e][s];
            if (n == 0) continue;
            const std::string status = s < COUNTED_STATUSES.size() ? std::to_string(COUNTED_STATUSES[s]) : "other";
            sample(out, "fahras_http_requests_total", "endpoint=\"" + std::string(ENDPOINT_NAMES[e]) + "\",status=\"" + status + "\"",
                   std::to_string(n));
        }
    }
    family(out, "fahras_http_request_duration_seconds", "histogram",
           "Time from a request's first byte to its response, by endpoint.");
    for (std::size_t e = 0; e < ENDPOINTS; ++e) {
        // Each bucket read once; the count is the last cumulative bucket, so
        // a scrape during a request is still consistent.
        std::array<std::uint64_t, LATENCY_BUCKETS.size() + 1> counts{};
        for (std::size_t b = 0; b < counts.size(); ++b) counts[b] = buckets_[e][b];
        std::uint64_t cumulative = 0;
        for (std::uint64_t c : counts) cumulative += c;
        if (cumulative == 0) continue;
        const std::string endpoint = "endpoint=\"" + std::string(ENDPOINT_NAMES[e]) + "\"";
        cumulative = 0;
        for (std::size_t b = 0; b < counts.size(); ++b) {
            cumulative += counts[b];
            const std::string le = b < LATENCY_BUCKETS.size() ? bound_text(LATENCY_BUCKETS[b]) : "+Inf";
            sample(out, "fahras_http_request_duration_seconds_bucket", endpoint + ",le=\"" + le + "\"", std::to_string(cumulative));
        }
        char sum[48];
        std::snprintf(sum, sizeof sum, "%.9f", static_cast<double>(nanoseconds_[e].load()) / 1e9);
        sample(out, "fahras_http_request_duration_seconds_sum", endpoint, sum);
        sample(out, "fahras_http_request_duration_seconds_count", endpoint, std::to_string(cumulative));
    }
    family(out, "fahras_errors_total", "counter",
           "Errors by kind: internal (500), database (503, unreadable), overload (503, --max-connections), "
           "worker (exception caught by a worker), accept (accept failed, out of descriptors or memory).");
    for (std::size_t k = 0; k < ERROR_KINDS; ++k)
        sample(out, "fahras_errors_total", "kind=\"" + std::string(ERROR_NAMES[k]) + "\"", std::to_string(errors_[k].load()));
    family(out, "fahras_connections_open", "gauge", "Connections being served now.");
    sample(out, "fahras_connections_open", "", std::to_string(connections_.load()));
    family(out, "fahras_database_readable", "gauge", "1 when the database could be read for this scrape, else 0.");
    sample(out, "fahras_database_readable", "", database ? "1" : "0");
    if (database) {
        family(out, "fahras_database_articles", "gauge", "Articles in the database.");
        sample(out, "fahras_database_articles", "", std::to_string(database->articles));
        family(out, "fahras_database_revision", "gauge", "The database's revision (Xapian's, one per commit).");
        sample(out, "fahras_database_revision", "", std::to_string(database->revision));
    }
    return out;
}

}  // namespace fahras::serve
