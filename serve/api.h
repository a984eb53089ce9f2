/** @file api.h
 *  @brief The JSON API: a request as the HTTP layer hands it over, the
 *  response it gets, and the router with one handler per endpoint.
 *
 *  Nothing here knows HTTP's wire format (http_server.cpp does, through
 *  Boost.Beast): a request is its method and target, a response its
 *  status and body, so the handlers can be tested without a socket.
 *  Endpoints (docs/serve.md):
 *  - GET /api/search?q=…   a page of results (api_search.cpp); like=ID: related articles
 *  - GET /api/suggest?q=…  completions of a partly typed query
 *  - GET /api/articles/ID  one stored article
 *  - GET /healthz          the database's article count and last update
 *  - GET /metrics          Prometheus's text format (metrics.h)
 *  - GET /, /static/NAME   the search page (page_files.h)
 */
#ifndef FAHRAS_SERVE_API_H
#define FAHRAS_SERVE_API_H

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fahras {
class Searcher;
}

namespace fahras::serve {

class Metrics;

struct ApiRequest {
    std::string method;  ///< "GET", …
    std::string target;  ///< path and query string, as sent (percent-encoded)
};

struct ApiResponse {
    int status = 200;
    std::string body;   ///< JSON, UTF-8 (but /metrics: Prometheus's text format; the page's files)
    std::string content_type = "application/json; charset=utf-8";
    std::string allow;  ///< the Allow header of a 405, else ""
    std::vector<std::pair<std::string, std::string>> headers;  ///< more fields (the page's security headers)
};

/** The answer to @a request, from @a searcher (the calling thread's) and,
 *  for /metrics, @a metrics.  Never throws: every failure is a JSON error
 *  response. */
ApiResponse route(const ApiRequest& request, Searcher& searcher, const Metrics& metrics);

/** {"error": message, "status": status} */
ApiResponse error_response(int status, std::string_view message);

/** The path of @a target: what comes before '?'. */
std::string_view target_path(std::string_view target);

/** GET /api/search: @a query is the target's query string (after '?').
 *  Throws fahras::Error for a bad parameter or search (route() maps it to
 *  a status). */
ApiResponse search_endpoint(std::string_view query, Searcher& searcher);

}  // namespace fahras::serve

#endif  // FAHRAS_SERVE_API_H
