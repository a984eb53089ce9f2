// End to end over real HTTP: fahras-serve serves its search page at / and
// its parts under /static/, with their types and security headers; any
// other path stays a JSON 404, and the page takes GET only.
#include "e2e_support.h"
#include "serve_client.h"
#include "test_support.h"

#include <doctest/doctest.h>

#include <string>

using fahras::test::corpus;
using fahras::test::http_get;
using fahras::test::ServeProcess;

TEST_CASE("fahras-serve: / is the search page, with its Content-Security-Policy, and its parts have their types") {
    REQUIRE(corpus().index_result.exit_code == 0);
    ServeProcess server(corpus().db());
    const int port = server.port();
    const auto page = http_get(port, "/");
    CAPTURE(page.head);
    REQUIRE(page.status == 200);
    CHECK(page.header("Content-Type") == "text/html; charset=utf-8");
    CHECK(page.body == fahras::test::read_file(fahras::test::source_dir() + "/serve/page/index.html"));
    const std::string csp = page.header("Content-Security-Policy");
    CHECK(csp.find("default-src 'none'") != std::string::npos);
    CHECK(csp.find("script-src 'self'") != std::string::npos);
    CHECK(csp.find("require-trusted-types-for 'script'") != std::string::npos);
    CHECK(page.header("X-Content-Type-Options") == "nosniff");
    CHECK(page.header("Referrer-Policy") == "no-referrer");
    // A shared search's URL is the page too: its query string is the page's to read.
    CHECK(http_get(port, "/?q=" + fahras::test::url_encode("الحكومة") + "&place=fahras%3Asy-aleppo").body == page.body);

    const auto script = http_get(port, "/static/page.js");
    REQUIRE(script.status == 200);
    CHECK(script.header("Content-Type") == "text/javascript; charset=utf-8");
    CHECK(script.header("X-Content-Type-Options") == "nosniff");
    CHECK(script.body.find("/api/search") != std::string::npos);
    const auto style = http_get(port, "/static/page.css");
    REQUIRE(style.status == 200);
    CHECK(style.header("Content-Type") == "text/css; charset=utf-8");
    // The page's <link>s and <script> name exactly what is served.
    for (const char* part : {"/static/page.css", "/static/page.js", "/static/suggest.js", "/static/icon.svg"}) {
        CAPTURE(part);
        CHECK(page.body.find(std::string("\"") + part + "\"") != std::string::npos);
        CHECK(http_get(port, part).status == 200);
    }
}

TEST_CASE("fahras-serve: any other path is a JSON 404, and the page takes GET only") {
    ServeProcess server(corpus().db());
    const int port = server.port();
    for (const char* path : {"/static/x", "/static/", "/static/../serve/page/page.js", "/static/%2e%2e/page.js", "/index.html",
                             "/static/page.js/", "/page.js", "/serve/page/index.html", "/static/page.js%00"}) {
        CAPTURE(path);
        const auto response = http_get(port, path);
        CHECK(response.status == 404);
        CHECK(response.header("Content-Type") == "application/json; charset=utf-8");
        CHECK(response.header("Content-Security-Policy") == "");
        CHECK(response.json()["status"] == 404);
    }
    const auto post = http_get(port, "/", "POST");
    CHECK(post.status == 405);
    CHECK(post.header("Allow") == "GET");
    CHECK(http_get(port, "/static/page.css", "DELETE").status == 405);
}
