// End to end over real HTTP: fahras-serve answers as fahras-search --json
// does, serves stored articles and its health, from several threads at
// once and through a rebuild's switch; /metrics counts what it served.
#include "e2e_support.h"
#include "prometheus_text.h"
#include "serve_client.h"
#include "test_support.h"

#include <fahras/gazetteer.h>

#include <doctest/doctest.h>

#include <atomic>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using fahras::test::corpus;
using fahras::test::http_get;
using fahras::test::search_target;
using fahras::test::ServeProcess;
using Params = std::vector<std::pair<std::string, std::string>>;

namespace {

// The same search through fahras-search --json and through /api/search.
struct Case {
    std::vector<std::string> cli;
    Params api;
};

const std::vector<Case>& cases() {
    static const std::vector<Case> list = {
        {{"اعلن وزير الاقتصاد"}, {{"q", "اعلن وزير الاقتصاد"}}},
        {{"الحكومة", "--limit", "5", "--offset", "2"}, {{"q", "الحكومة"}, {"limit", "5"}, {"offset", "2"}}},
        {{"السعودية", "--sort", "date"}, {{"q", "السعودية"}, {"sort", "date"}}},
        {{"place:دمشق", "--snippet-length", "50"}, {{"q", "place:دمشق"}, {"snippet_length", "50"}}},
        {{"قصف", "--place", "حلب"}, {{"q", "قصف"}, {"place", "حلب"}}},
        {{"الحكومة", "--from", "2015", "--to", "2016-06"}, {{"q", "الحكومة"}, {"from", "2015"}, {"to", "2016-06"}}},
        {{"--country", "SY"}, {{"country", "SY"}}},
        {{"الحكومة السورية.. الخبز"}, {{"q", "الحكومة السورية.. الخبز"}}},  // '..' searched as punctuation
        {{"الحكوم*"}, {{"q", "الحكوم*"}}},                       // a prefix
        {{"ال*", "--limit", "3"}, {{"q", "ال*"}, {"limit", "3"}}},  // one past MAX_PREFIX_WORDS
        {{"اسطمبول"}, {{"q", "اسطمبول"}}},                       // the correction searched
    };
    return list;
}

std::vector<std::string> hit_ids(const nlohmann::json& hits) {
    std::vector<std::string> ids;
    for (const auto& hit : hits) ids.push_back(hit["id"]);
    return ids;
}

}  // namespace

TEST_CASE("fahras-serve: /api/search gives the hits fahras-search --json gives, field for field") {
    REQUIRE(corpus().index_result.exit_code == 0);
    ServeProcess server(corpus().db());
    for (const auto& c : cases()) {
        const std::string target = search_target(c.api);
        CAPTURE(target);
        const auto cli = fahras::test::search_json(c.cli);
        const auto response = http_get(server.port(), target);
        REQUIRE(response.status == 200);
        CHECK(response.header("Content-Type") == "application/json; charset=utf-8");
        const auto page = response.json();
        REQUIRE(!cli.hits.empty());
        REQUIRE(page["hits"].size() == cli.hits.size());
        for (std::size_t i = 0; i < cli.hits.size(); ++i) {
            auto expected = cli.hits[i];
            expected.erase("type");  // a JSON Lines record's kind, not a field of the hit
            CHECK(page["hits"][i] == expected);
        }
        for (const char* field : {"query", "parsed_query", "total_estimate", "total_is_exact", "total_counts", "returned", "offset",
                                  "limit", "did_you_mean", "searched_correction", "syntax_fallback", "capped_prefixes"})
            CHECK(page[field] == cli.summary[field]);
        CHECK(page.contains("elapsed_ms"));
        CHECK_FALSE(page.contains("facets"));
    }
    // correct=0 searches exactly what was typed, as --no-correct does.
    const auto exact = http_get(server.port(), search_target({{"q", "اسطمبول"}, {"correct", "0"}}));
    REQUIRE(exact.status == 200);
    CHECK(exact.json()["hits"].empty());
    CHECK(exact.json()["searched_correction"] == false);
    CHECK(exact.json()["did_you_mean"] == "اسطنبول");
    CHECK(http_get(server.port(), search_target({{"q", "اسطمبول"}, {"correct", "2"}})).status == 400);
    // strict=1 refuses what the parser cannot read, as --strict does.
    const auto plain = http_get(server.port(), search_target({{"q", "الحكومة.. الخبز"}}));
    REQUIRE(plain.status == 200);
    CHECK(plain.json()["syntax_fallback"] == true);
    const auto strict = http_get(server.port(), search_target({{"q", "الحكومة.. الخبز"}, {"strict", "1"}}));
    CHECK(strict.status == 400);
    CHECK(strict.body.find("cannot parse query") != std::string::npos);
}

TEST_CASE("fahras-serve: facets and explain when asked, as fahras-search counts them") {
    ServeProcess server(corpus().db());
    const auto response = http_get(server.port(), search_target({{"q", "الحكومة"}, {"facets", "1"}, {"explain", "1"}}));
    REQUIRE(response.status == 200);
    const auto page = response.json();
    const auto cli = fahras::test::search({"الحكومة", "--facets", "--explain", "--json"});
    nlohmann::json facets;
    std::istringstream lines(cli.out);
    for (std::string line; std::getline(lines, line);)
        if (auto object = nlohmann::json::parse(line); object["type"] == "facets") facets = object;
    REQUIRE(facets.is_object());
    facets.erase("type");
    CHECK(page["facets"] == facets);
    CHECK_FALSE(page["facets"]["places"].empty());
    CHECK(page["explain"] == fahras::test::parse_json_search(cli.out).summary["explain"]);
}

TEST_CASE("fahras-serve: /api/articles/ID gives the stored article, 404 for an unknown id, /healthz the count") {
    ServeProcess server(corpus().db());
    const auto hit = fahras::test::search_json({"اعلن وزير الاقتصاد"}).hits.at(0);
    const std::string id = hit["id"];
    const auto response = http_get(server.port(), "/api/articles/" + fahras::test::url_encode(id));
    REQUIRE(response.status == 200);
    const auto article = response.json();
    CHECK(article["id"] == id);
    CHECK(article["url"] == hit["url"]);
    CHECK(article["date"] == hit["date"]);
    CHECK(article["source"] == hit["source"]);
    // The hit's places, described by the bundled gazetteer the corpus was indexed with.
    fahras::Gazetteer gazetteer;
    gazetteer.load_tsv(fahras::test::source_dir() + "/data/gazetteer/places.tsv", true);
    gazetteer.finish();
    REQUIRE(article["places"].size() == hit["places"].size());
    REQUIRE_FALSE(article["places"].empty());
    for (std::size_t i = 0; i < hit["places"].size(); ++i) {
        const auto& place = article["places"][i];
        // The hit (fahras-search --json, and so the API's) describes its places as the article does.
        CHECK(place == hit["places"][i]);
        const fahras::PlaceIndex index = gazetteer.find_id(place["id"]);
        REQUIRE(index != fahras::NO_PLACE);
        const fahras::Place& known = gazetteer.place(index);
        CHECK(place["country"] == known.country_code);
        CHECK(place["name_en"] == known.name_en);
        CHECK(place["kind"] == std::string(fahras::place_kind_name(known.kind)));
        REQUIRE(known.lat.has_value());
        CHECK(place["lat"].get<double>() == doctest::Approx(*known.lat));
        CHECK(place["lon"].get<double>() == doctest::Approx(*known.lon));
    }
    CHECK(article["body"].get<std::string>().size() > hit["snippet"].get<std::string>().size());
    // A text article's id is its path: slashes and all, percent-encoded.
    const auto text_hit = fahras::test::search_json({"انواكشوط"});
    if (!text_hit.hits.empty()) {
        const std::string path_id = text_hit.hits[0]["id"];
        CHECK(http_get(server.port(), "/api/articles/" + fahras::test::url_encode(path_id)).json()["id"] == path_id);
    }
    const auto missing = http_get(server.port(), "/api/articles/no-such-article");
    CHECK(missing.status == 404);
    CHECK(missing.json()["status"] == 404);
    const auto health = http_get(server.port(), "/healthz");
    REQUIRE(health.status == 200);
    CHECK(health.json()["articles"] == fahras::test::count(corpus().db()));
    CHECK(health.json()["last_update"].is_string());
}

TEST_CASE("fahras-serve: requests from several threads at once all succeed, with the same answers") {
    ServeProcess server(corpus().db(), {"--quiet"});
    std::vector<std::vector<std::string>> expected;
    for (const auto& c : cases()) expected.push_back(hit_ids(http_get(server.port(), search_target(c.api)).json()["hits"]));
    std::atomic<int> failures{0}, done{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < 6; ++t) {
        clients.emplace_back([&, t] {
            fahras::test::HttpConnection connection(server.port());  // kept alive across requests
            for (std::size_t i = 0; i < 3 * cases().size(); ++i) {
                const std::size_t which = (i + static_cast<std::size_t>(t)) % cases().size();
                connection.send("GET " + search_target(cases()[which].api) + " HTTP/1.1\r\nHost: x\r\n\r\n");
                const auto response = connection.read_response();
                if (response.status != 200 || hit_ids(response.json()["hits"]) != expected[which]) ++failures;
                ++done;
            }
        });
    }
    for (auto& client : clients) client.join();
    CHECK(failures == 0);
    CHECK(done == static_cast<int>(6 * 3 * cases().size()));
    CHECK(server.process().err().find("GET /api/search") == std::string::npos);  // --quiet
}

TEST_CASE("fahras-serve: searches run through a rebuild's switch without an error, and find the new articles after") {
    fahras::test::TempDir dir;
    const std::string db = dir.file("db"), corpus_dir = fahras::test::source_dir() + "/corpus";
    REQUIRE(fahras::test::index_into(db, {corpus_dir + "/articles.jsonl"}).exit_code == 0);
    fahras::test::write_file(dir.file("new.jsonl"),
                             "{\"id\":\"new-1\",\"title\":\"زرافة في حديقة الرياض\",\"body\":\"وصلت زرافة جديدة إلى الحديقة\","
                             "\"date\":\"2016-03-01\",\"source\":\"test\"}\n");
    ServeProcess server(db, {"--quiet"});
    // Exactly the word: corpus/ has none, but a correction that finds some.
    const std::string giraffe = search_target({{"q", "زرافة"}, {"correct", "0"}});
    REQUIRE(http_get(server.port(), giraffe).json()["total_estimate"] == 0);
    std::atomic<bool> stop{false};
    std::atomic<int> errors{0}, searches{0};
    std::thread client([&] {
        while (!stop) {
            const auto response = http_get(server.port(), search_target({{"q", "الحكومة"}, {"limit", "3"}}));
            if (response.status != 200 || response.json()["hits"].empty()) ++errors;
            ++searches;
        }
    });
    const auto rebuild = fahras::test::index_into(db, {"--rebuild", corpus_dir + "/articles.jsonl", dir.file("new.jsonl")});
    const int before_end = searches;
    fahras::test::eventually([&] { return searches > before_end + 3; });
    stop = true;
    client.join();
    CAPTURE(rebuild.err);
    REQUIRE(rebuild.exit_code == 0);
    CHECK(errors == 0);
    CHECK(searches > 3);
    const auto after = http_get(server.port(), giraffe).json();
    REQUIRE(after["hits"].size() == 1);
    CHECK(after["hits"][0]["id"] == "new-1");
    CHECK(http_get(server.port(), "/api/articles/new-1").status == 200);
}

TEST_CASE("fahras-serve: /metrics counts the requests made, in Prometheus's text format, with the database's size") {
    ServeProcess server(corpus().db());
    const int port = server.port();
    for (int i = 0; i < 3; ++i) REQUIRE(http_get(port, search_target({{"q", "الحكومة"}})).status == 200);
    REQUIRE(http_get(port, search_target({{"q", "x"}, {"limit", "abc"}})).status == 400);
    REQUIRE(http_get(port, "/api/suggest?q=" + fahras::test::url_encode("ال")).status == 200);
    REQUIRE(http_get(port, "/no/such/path").status == 404);
    REQUIRE(http_get(port, "/healthz").status == 200);
    const auto response = http_get(port, "/metrics");
    REQUIRE(response.status == 200);
    CHECK(response.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
    CAPTURE(response.body);
    const auto metrics = fahras::test::parse_prometheus_text(response.body);
    CHECK(fahras::test::histogram_fault(metrics) == "");
    const std::string requests = "fahras_http_requests_total";
    CHECK(metrics.value(requests, {{"endpoint", "search"}, {"status", "200"}}) == 3);
    CHECK(metrics.value(requests, {{"endpoint", "search"}, {"status", "400"}}) == 1);
    CHECK(metrics.value(requests, {{"endpoint", "suggest"}, {"status", "200"}}) == 1);
    CHECK(metrics.value(requests, {{"endpoint", "other"}, {"status", "404"}}) == 1);
    CHECK(metrics.value(requests, {{"endpoint", "healthz"}, {"status", "200"}}) == 1);
    CHECK(metrics.value("fahras_http_request_duration_seconds_count", {{"endpoint", "search"}}) == 4);
    CHECK(metrics.value("fahras_database_articles") == fahras::test::count(corpus().db()));
    CHECK(metrics.value("fahras_database_revision") == Xapian::Database(corpus().db()).get_revision());
    CHECK(metrics.value("fahras_errors_total", {{"kind", "internal"}}) == 0);
    // The scrape itself is counted, once it has been answered.
    const auto again = fahras::test::parse_prometheus_text(http_get(port, "/metrics").body);
    CHECK(again.value(requests, {{"endpoint", "metrics"}, {"status", "200"}}) == 1);
}
