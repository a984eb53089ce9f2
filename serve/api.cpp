// The router: one handler per endpoint, and the one place where a failure
// becomes a status.
#include "api.h"

#include "metrics.h"
#include "page_files.h"
#include "query_string.h"

#include <json_writer.h>
#include <result_json.h>
#include <request_params.h>
#include <searcher.h>

#include <fahras/error.h>
#include <fahras/hijri.h>
#include <fahras/terminal_text.h>

#include <xapian.h>

#include <iostream>
#include <new>

namespace fahras::serve {

namespace {

constexpr std::string_view ARTICLES_PREFIX = "/api/articles/";

ApiResponse health_endpoint(Searcher& searcher) {
    const DatabaseSummary summary = searcher.summary();
    ApiResponse response;
    JsonWriter json(response.body);
    json.begin_object().field("status", "ok").field("articles", summary.articles).key("last_update");
    if (summary.last_update.empty()) json.null();
    else json.value(summary.last_update);
    json.end_object();
    return response;
}

ApiResponse article_endpoint(std::string_view encoded_id, Searcher& searcher) {
    const auto id = percent_decode(encoded_id, false);
    if (!id) throw Error(EXIT_USAGE, "bad percent-encoding in the article id: '%' must be followed by two hexadecimal digits");
    const auto found = id->empty() ? std::nullopt : searcher.article(*id);
    if (!found) return error_response(404, "no article with this id");
    const StoredArticle& article = found->article;
    ApiResponse response;
    JsonWriter json(response.body);
    json.begin_object()
        .field("id", article.id)
        .field("url", article.url)
        .field("title", article.title)
        .field("date", article.date)
        .field("date_hijri", hijri_date_of(article.date))
        .field("source", article.source)
        .field("author", article.author);
    json.key("places").begin_array();
    for (const PlaceDetail& place : found->places) write_place(json, place);
    json.end_array().field("body", article.body).end_object();
    return response;
}

// GET /api/suggest?q=…&limit=N: the last word of q completed from the
// archive's title vocabulary (completion.h), the words before it kept.
ApiResponse suggest_endpoint(std::string_view query_string, Searcher& searcher) {
    std::optional<std::string> q;
    std::size_t limit = DEFAULT_COMPLETIONS;
    bool limit_seen = false;
    for (const auto& [name, value] : parse_query_string(query_string)) {
        if ((name == "q" && q) || (name == "limit" && limit_seen)) throw Error(EXIT_USAGE, "parameter '" + name + "' given twice");
        if (name == "q") {
            q = value;
        } else if (name == "limit") {
            limit = count_param(name, value, 1, MAX_COMPLETIONS);
            limit_seen = true;
        } else {
            throw Error(EXIT_USAGE, "unknown parameter '" + name + "' (known: q, limit)");
        }
    }
    if (!q) throw Error(EXIT_USAGE, "no q given: the query typed so far");
    if (q->size() > MAX_QUERY_BYTES)
        throw Error(EXIT_USAGE, "q is longer than " + std::to_string(MAX_QUERY_BYTES) + " bytes");
    const CompletionPage page = searcher.complete(*q, limit);
    ApiResponse response;
    JsonWriter json(response.body);
    json.begin_object().field("query", *q).field("prefix", page.prefix).key("completions").begin_array();
    for (const auto& completion : page.completions)
        json.begin_object()
            .field("text", completion.text)
            .field("word", completion.word)
            .field("published", completion.published)
            .field("frequency", static_cast<std::size_t>(completion.frequency))
            .end_object();
    json.end_array().end_object();
    return response;
}

// GET /metrics: the counters, and the database as it is now; a database
// that cannot be read is a gauge at 0, not a failed scrape.
ApiResponse metrics_endpoint(Searcher& searcher, const Metrics& metrics) {
    std::optional<DatabaseGauges> database;
    try {
        const DatabaseSummary summary = searcher.summary();
        database = DatabaseGauges{summary.articles, summary.revision};
    } catch (const Error&) {
    } catch (const Xapian::Error&) {
    }
    ApiResponse response;
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    response.body = metrics.render(database);
    return response;
}

// Statuses of fahras::Error: what a client did wrong (400, 404 for an
// article no one has), what the
// server cannot do now (503), what is our fault (500).
int status_of(ExitCode code) {
    switch (code) {
    case EXIT_USAGE:
    case EXIT_DATA_ERROR: return 400;
    case EXIT_UNKNOWN_ARTICLE: return 404;  // like=ID
    case EXIT_NO_INPUT:
    case EXIT_UNAVAILABLE:  // a remote shard does not answer
    case EXIT_TEMP_FAIL: return 503;
    default: return 500;
    }
}

ApiResponse dispatch(const ApiRequest& request, Searcher& searcher, const Metrics& metrics) {
    const std::string_view path = target_path(request.target);
    const PageFile* page = page_file_at(path);
    const bool known = page || path == "/api/search" || path == "/api/suggest" || path == "/healthz" || path == "/metrics" ||
                       (path.substr(0, ARTICLES_PREFIX.size()) == ARTICLES_PREFIX && path.size() > ARTICLES_PREFIX.size());
    if (!known)
        return error_response(404, "no such endpoint (see docs/serve.md: /, /api/search, /api/suggest, /api/articles/ID, /healthz, /metrics)");
    if (request.method != "GET") {
        ApiResponse response = error_response(405, "only GET is allowed here");
        response.allow = "GET";
        return response;
    }
    if (page) return page_response(*page);
    const std::size_t question = request.target.find('?');
    const std::string_view query = question == std::string::npos ? "" : std::string_view(request.target).substr(question + 1);
    if (path == "/api/search") return search_endpoint(query, searcher);
    if (path == "/api/suggest") return suggest_endpoint(query, searcher);
    if (path == "/healthz") return health_endpoint(searcher);
    if (path == "/metrics") return metrics_endpoint(searcher, metrics);
    return article_endpoint(path.substr(ARTICLES_PREFIX.size()), searcher);
}

}  // namespace

std::string_view target_path(std::string_view target) { return target.substr(0, target.find('?')); }

ApiResponse error_response(int status, std::string_view message) {
    ApiResponse response;
    response.status = status;
    JsonWriter json(response.body);
    json.begin_object().field("error", message).field("status", status).end_object();
    return response;
}

ApiResponse route(const ApiRequest& request, Searcher& searcher, const Metrics& metrics) {
    try {
        return dispatch(request, searcher, metrics);
    } catch (const Error& e) {
        return error_response(status_of(e.code()), e.what());
    } catch (const Xapian::DatabaseError& e) {
        return error_response(503, "the database cannot be read now: " + e.get_msg());
    } catch (const std::bad_alloc&) {
        return error_response(503, "out of memory");
    } catch (const std::exception& e) {
        std::cerr << "fahras-serve: internal error: " + terminal_text(e.what()) + "\n" << std::flush;
        return error_response(500, "internal error");
    } catch (const Xapian::Error& e) {
        return error_response(500, std::string("internal error: ") + e.get_type());
    }
}

}  // namespace fahras::serve
