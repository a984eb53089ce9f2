// The search page as built into fahras-serve (serve/page_files.h): the
// bytes served are the files of serve/page/, each at its fixed path with
// its type, and the HTML holds nothing its Content-Security-Policy forbids.
#include "test_support.h"

#include <page_files.h>

#include <doctest/doctest.h>

#include <regex>
#include <string>

using namespace fahras::serve;

TEST_CASE("page files: each embedded file is its file in serve/page/, byte for byte, with a type") {
    REQUIRE(PAGE_FILE_COUNT >= 3);
    for (std::size_t i = 0; i < PAGE_FILE_COUNT; ++i) {
        const PageFile& file = PAGE_FILES[i];
        CAPTURE(file.name);
        CHECK(file.body == fahras::test::read_file(fahras::test::source_dir() + "/serve/page/" + std::string(file.name)));
        CHECK(content_type_of(file.name) != "");
        CHECK(page_file_at(path_of(file)) == &file);
    }
}

TEST_CASE("page files: / is the page, its parts are under /static/, any other path is none of them") {
    REQUIRE(page_file_at("/") != nullptr);
    CHECK(page_file_at("/")->name == "index.html");
    CHECK(page_file_at("/static/page.js") != nullptr);
    CHECK(page_file_at("/static/page.css") != nullptr);
    for (const char* path : {"", "/index.html", "/static/index.html", "/static/", "/static/x", "/static/../serve/page/page.js",
                             "/static/page.js/", "/static//page.js", "/static/page.js%00", "/STATIC/page.js", "//"})
        CHECK_MESSAGE(page_file_at(path) == nullptr, path);
}

TEST_CASE("page files: the response has the type and the security headers") {
    const auto response = page_response(*page_file_at("/"));
    CHECK(response.status == 200);
    CHECK(response.content_type == "text/html; charset=utf-8");
    CHECK(response.body.find("<html lang=\"ar\" dir=\"rtl\">") != std::string::npos);
    auto header = [&](const std::string& name) {
        for (const auto& [field, value] : response.headers)
            if (field == name) return value;
        return std::string();
    };
    CHECK(header("Content-Security-Policy") == PAGE_CSP);
    CHECK(header("Referrer-Policy") == "no-referrer");
    CHECK(PAGE_CSP.find("default-src 'none'") != std::string_view::npos);
    CHECK(PAGE_CSP.find("script-src 'self';") != std::string_view::npos);
    CHECK(PAGE_CSP.find("unsafe") == std::string_view::npos);
    CHECK(page_response(*page_file_at("/static/page.js")).content_type == "text/javascript; charset=utf-8");
    CHECK(page_response(*page_file_at("/static/page.css")).content_type == "text/css; charset=utf-8");
}

// The CSP forbids inline script and style: the HTML must not need them, or
// the browser would quietly refuse part of the page.
TEST_CASE("page files: the HTML has no inline script, style or event handler, and loads nothing from elsewhere") {
    const std::string html(page_file_at("/")->body);
    CHECK_FALSE(std::regex_search(html, std::regex("<script(?![^>]*\\ssrc=)", std::regex::icase)));
    CHECK_FALSE(std::regex_search(html, std::regex("<style", std::regex::icase)));
    CHECK_FALSE(std::regex_search(html, std::regex("\\sstyle\\s*=", std::regex::icase)));
    CHECK_FALSE(std::regex_search(html, std::regex("\\son[a-z]+\\s*=", std::regex::icase)));
    CHECK_FALSE(std::regex_search(html, std::regex("javascript:", std::regex::icase)));
    CHECK_FALSE(std::regex_search(html, std::regex("(src|href)\\s*=\\s*\"(https?:)?//", std::regex::icase)));
}

// What the archive sends is put into the page as text: the script never
// writes HTML from a string, nor runs one as code.
TEST_CASE("page files: the scripts have no HTML or code sink") {
    for (const char* path : {"/static/page.js", "/static/suggest.js"}) {
        REQUIRE(page_file_at(path) != nullptr);
        const std::string script(page_file_at(path)->body);
        CAPTURE(path);
        for (const char* sink : {"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                                 "setTimeout('", "setTimeout(\"", "createContextualFragment", "DOMParser"})
            CHECK_MESSAGE(script.find(sink) == std::string::npos, sink);
    }
}
