// fahras-serve's metrics (serve/metrics.h): what the counters count, and
// the text they are written as, read by a strict reader of Prometheus's
// format (prometheus_text.h), which is itself checked to refuse bad text.
#include "metrics.h"
#include "prometheus_text.h"

#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

using fahras::serve::DatabaseGauges;
using fahras::serve::Endpoint;
using fahras::serve::ErrorKind;
using fahras::serve::Metrics;
using fahras::test::histogram_fault;
using fahras::test::parse_prometheus_text;

TEST_CASE("serve metrics: requests by endpoint and status, a cumulative latency histogram, errors and the database") {
    Metrics metrics;
    metrics.record(Endpoint::search, 200, 0.003);
    metrics.record(Endpoint::search, 200, 0.0004);
    metrics.record(Endpoint::search, 400, 0.0001);
    metrics.record(Endpoint::healthz, 200, 2.0);
    metrics.record(Endpoint::other, 404, 20.0);   // above every bound: only +Inf
    metrics.record(Endpoint::other, 418, 0.001);  // a status not counted by name
    metrics.error(ErrorKind::internal);
    metrics.error(ErrorKind::accept);
    metrics.error(ErrorKind::accept);
    metrics.connection_opened();
    const std::string text = metrics.render(DatabaseGauges{52, 7});
    CAPTURE(text);
    const auto parsed = parse_prometheus_text(text);
    CHECK(histogram_fault(parsed) == "");
    for (const auto& sample : parsed.samples) CHECK(sample.name.rfind("fahras_", 0) == 0);
    for (const auto& [name, type] : parsed.types) CHECK(parsed.helps.count(name) == 1);

    CHECK(parsed.types.at("fahras_http_requests_total") == "counter");
    CHECK(parsed.value("fahras_http_requests_total", {{"endpoint", "search"}, {"status", "200"}}) == 2);
    CHECK(parsed.value("fahras_http_requests_total", {{"endpoint", "search"}, {"status", "400"}}) == 1);
    CHECK(parsed.value("fahras_http_requests_total", {{"endpoint", "other"}, {"status", "other"}}) == 1);
    CHECK_FALSE(parsed.has("fahras_http_requests_total", {{"endpoint", "suggest"}, {"status", "200"}}));

    const std::string h = "fahras_http_request_duration_seconds";
    CHECK(parsed.types.at(h) == "histogram");
    CHECK(parsed.value(h + "_bucket", {{"endpoint", "search"}, {"le", "0.0005"}}) == 2);  // 0.1 ms and 0.4 ms
    CHECK(parsed.value(h + "_bucket", {{"endpoint", "search"}, {"le", "0.001"}}) == 2);
    CHECK(parsed.value(h + "_bucket", {{"endpoint", "search"}, {"le", "0.005"}}) == 3);
    CHECK(parsed.value(h + "_bucket", {{"endpoint", "search"}, {"le", "+Inf"}}) == 3);
    CHECK(parsed.value(h + "_count", {{"endpoint", "search"}}) == 3);
    CHECK(parsed.value(h + "_sum", {{"endpoint", "search"}}) == doctest::Approx(0.0035));
    CHECK(parsed.value(h + "_bucket", {{"endpoint", "healthz"}, {"le", "1"}}) == 0);
    CHECK(parsed.value(h + "_bucket", {{"endpoint", "healthz"}, {"le", "2.5"}}) == 1);
    CHECK(parsed.value(h + "_bucket", {{"endpoint", "other"}, {"le", "10"}}) == 1);
    CHECK(parsed.value(h + "_bucket", {{"endpoint", "other"}, {"le", "+Inf"}}) == 2);
    CHECK_FALSE(parsed.has(h + "_count", {{"endpoint", "suggest"}}));  // no request, no series

    CHECK(parsed.value("fahras_errors_total", {{"kind", "internal"}}) == 1);
    CHECK(parsed.value("fahras_errors_total", {{"kind", "accept"}}) == 2);
    CHECK(parsed.value("fahras_errors_total", {{"kind", "worker"}}) == 0);
    CHECK(parsed.value("fahras_connections_open") == 1);
    CHECK(parsed.value("fahras_database_readable") == 1);
    CHECK(parsed.value("fahras_database_articles") == 52);
    CHECK(parsed.value("fahras_database_revision") == 7);

    const auto unreadable = parse_prometheus_text(metrics.render(std::nullopt));
    CHECK(unreadable.value("fahras_database_readable") == 0);
    CHECK_FALSE(unreadable.has("fahras_database_articles"));
}

TEST_CASE("serve metrics: counted from several threads at once, none lost") {
    Metrics metrics;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 10000; ++i) metrics.record(Endpoint::suggest, 200, 0.0002);
        });
    for (auto& thread : threads) thread.join();
    const auto parsed = parse_prometheus_text(metrics.render(std::nullopt));
    CHECK(parsed.value("fahras_http_requests_total", {{"endpoint", "suggest"}, {"status", "200"}}) == 40000);
    CHECK(parsed.value("fahras_http_request_duration_seconds_count", {{"endpoint", "suggest"}}) == 40000);
}

TEST_CASE("serve metrics: an endpoint is one of seven names, whatever path a client sends") {
    using fahras::serve::endpoint_of;
    CHECK(endpoint_of("/api/search?q=x") == Endpoint::search);
    CHECK(endpoint_of("/api/suggest?q=x") == Endpoint::suggest);
    CHECK(endpoint_of("/api/articles/a%2Fb") == Endpoint::articles);
    CHECK(endpoint_of("/api/articles/") == Endpoint::other);
    CHECK(endpoint_of("/healthz") == Endpoint::healthz);
    CHECK(endpoint_of("/metrics") == Endpoint::metrics);
    CHECK(endpoint_of("/metrics/x") == Endpoint::other);
    CHECK(endpoint_of("/?q=x") == Endpoint::page);
    CHECK(endpoint_of("/static/page.js") == Endpoint::page);
    CHECK(endpoint_of("/static/") == Endpoint::other);
    CHECK(endpoint_of("/static/../page.js") == Endpoint::other);
    CHECK(endpoint_of("") == Endpoint::other);
}

TEST_CASE("prometheus text reader: it refuses what the format refuses") {
    const std::string type = "# TYPE fahras_x counter\n";
    CHECK_NOTHROW(parse_prometheus_text(type + "fahras_x{a=\"q\\\"\\\\\\n\"} 1\n"));
    CHECK_THROWS(parse_prometheus_text("fahras_x 1\n"));                        // no TYPE before it
    CHECK_THROWS(parse_prometheus_text(type + "fahras_x{a=q} 1\n"));            // unquoted label value
    CHECK_THROWS(parse_prometheus_text(type + "fahras_x{a=\"\\t\"} 1\n"));      // an escape the format lacks
    CHECK_THROWS(parse_prometheus_text(type + "fahras_x{1a=\"v\"} 1\n"));       // a label name with a digit first
    CHECK_THROWS(parse_prometheus_text(type + "fahras_x one\n"));               // not a number
    CHECK_THROWS(parse_prometheus_text(type + type + "fahras_x 1\n"));          // TYPE twice
    CHECK_THROWS(parse_prometheus_text(type + "fahras_x 1"));                   // no final newline
    CHECK_THROWS(parse_prometheus_text(type + "# TYPE fahras_y gauge\nfahras_x 1\nfahras_y 1\nfahras_x 2\n"));  // apart
    const std::string histogram = "# TYPE fahras_h histogram\n";
    const auto decreasing = parse_prometheus_text(histogram + "fahras_h_bucket{le=\"0.1\"} 3\nfahras_h_bucket{le=\"+Inf\"} 2\n"
                                                              "fahras_h_sum 1\nfahras_h_count 2\n");
    CHECK(histogram_fault(decreasing).find("counts less") != std::string::npos);
    const auto no_inf = parse_prometheus_text(histogram + "fahras_h_bucket{le=\"0.1\"} 3\nfahras_h_sum 1\nfahras_h_count 3\n");
    CHECK(histogram_fault(no_inf).find("+Inf") != std::string::npos);
    const auto bad_count = parse_prometheus_text(histogram + "fahras_h_bucket{le=\"+Inf\"} 3\nfahras_h_sum 1\nfahras_h_count 4\n");
    CHECK(histogram_fault(bad_count).find("_count") != std::string::npos);
}
