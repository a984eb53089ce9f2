// The search page's routes: a fixed list of paths, each a file built into
// the binary (page_files.h), answered with its type and security headers.
#include "page_files.h"

#include <string>

namespace fahras::serve {

namespace {

constexpr std::string_view INDEX = "index.html";
constexpr std::string_view STATIC_PREFIX = "/static/";

bool ends_with(std::string_view text, std::string_view end) {
    return text.size() >= end.size() && text.substr(text.size() - end.size()) == end;
}

}  // namespace

std::string path_of(const PageFile& file) {
    return file.name == INDEX ? std::string("/") : std::string(STATIC_PREFIX) + std::string(file.name);
}

std::string_view content_type_of(std::string_view name) {
    if (ends_with(name, ".html")) return "text/html; charset=utf-8";
    if (ends_with(name, ".css")) return "text/css; charset=utf-8";
    if (ends_with(name, ".js")) return "text/javascript; charset=utf-8";
    if (ends_with(name, ".svg")) return "image/svg+xml";
    return "";
}

const PageFile* page_file_at(std::string_view path) {
    for (std::size_t i = 0; i < PAGE_FILE_COUNT; ++i)
        if (path_of(PAGE_FILES[i]) == path) return &PAGE_FILES[i];
    return nullptr;
}

ApiResponse page_response(const PageFile& file) {
    ApiResponse response;
    response.body = std::string(file.body);
    response.content_type = std::string(content_type_of(file.name));
    response.headers = {
        {"Content-Security-Policy", std::string(PAGE_CSP)},
        {"Referrer-Policy", "no-referrer"},
        {"X-Frame-Options", "DENY"},  // frame-ancestors, for browsers without CSP 2
    };
    return response;
}

}  // namespace fahras::serve
