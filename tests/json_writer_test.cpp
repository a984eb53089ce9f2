// fahras-search --json's writer (searcher/json_writer.h): every line must
// parse back, with nlohmann::json, to exactly what was written.
#include "json_writer.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <limits>
#include <string>

using fahras::JsonWriter;

namespace {

std::string written(std::string_view text) {
    std::string out;
    JsonWriter(out).value(text);
    return out;
}

}  // namespace

TEST_CASE("JsonWriter: strings escaped as RFC 8259 asks, letter by letter") {
    struct Case {
        std::string text, json;
    };
    const Case cases[] = {
        {"", "\"\""},
        {"abc", "\"abc\""},
        {"\"", "\"\\\"\""},
        {"\\", "\"\\\\\""},
        {"a\nb\tc\rd", "\"a\\nb\\tc\\rd\""},
        {"\b\f", "\"\\b\\f\""},
        {std::string("\x01\x1f", 2), "\"\\u0001\\u001f\""},
        {std::string(1, '\0'), "\"\\u0000\""},
        {"/\x7f", "\"/\x7f\""},                                         // no escape needed
        {"وزارة", "\"وزارة\""},                                         // Arabic as is
        {"\u2068حلب\u2069", "\"\u2068حلب\u2069\""},                     // isolates as is
        {"\xEF\xBF\xBD", "\"\xEF\xBF\xBD\""},                           // a real U+FFFD
        {"a\xFFz", "\"a\xEF\xBF\xBDz\""},                               // a stray byte
        {"\xD8", "\"\xEF\xBF\xBD\""},                                   // a truncated letter
        {"\xED\xA0\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""},   // a surrogate, byte by byte
        {"😀", "\"😀\""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(written(c.text) == c.json);
        CHECK(nlohmann::json::accept(written(c.text)));
    }
    // Valid text reads back unchanged.
    for (const std::string& text : {std::string("\"quoted\" \\ back"), std::string("سطر\nثان"), std::string("\x01z", 2)})
        CHECK(nlohmann::json::parse(written(text)).get<std::string>() == text);
}

TEST_CASE("JsonWriter: nested containers, commas and numbers") {
    std::string out;
    JsonWriter json(out);
    json.begin_object()
        .field("type", "hit")
        .field("rank", std::size_t{3})
        .field("percent", -7)
        .field("score", 0.1 + 0.2)
        .field("flag", false);
    json.key("empty").begin_array().end_array();
    json.key("spans").begin_array();
    for (std::size_t i = 0; i < 3; ++i) json.begin_array().value(i).value(i + 1).end_array();
    json.end_array();
    json.key("places").begin_array().begin_object().field("id", "x").end_object().begin_object().end_object().end_array();
    json.key("nothing").null();
    json.field("inf", std::numeric_limits<double>::infinity());
    json.end_object();
    const auto parsed = nlohmann::json::parse(out);
    CHECK(parsed["type"] == "hit");
    CHECK(parsed["rank"] == 3);
    CHECK(parsed["percent"] == -7);
    CHECK(parsed["score"].get<double>() == 0.1 + 0.2);  // exactly: the shortest form that reads back
    CHECK(parsed["flag"] == false);
    CHECK(parsed["empty"].empty());
    CHECK(parsed["spans"] == nlohmann::json::parse("[[0,1],[1,2],[2,3]]"));
    CHECK(parsed["places"].size() == 2);
    CHECK(parsed["places"][0]["id"] == "x");
    CHECK(parsed["nothing"].is_null());
    CHECK(parsed["inf"].is_null());
    CHECK(out.find(' ') == std::string::npos);  // one compact line
}
