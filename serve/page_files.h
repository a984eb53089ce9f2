/** @file page_files.h
 *  @brief The search page served at / (serve/page/: HTML, CSS, JavaScript),
 *  built into the binary, and the responses that serve it.
 *
 *  The files are byte arrays in a source generated at build time
 *  (embed_files.cmake): fahras-serve reads no file to serve the page, so a
 *  newsroom's closed network needs nothing else, and no request can reach
 *  the file system.  The paths are a fixed list: / is index.html, every
 *  other file is /static/NAME.
 */
#ifndef FAHRAS_SERVE_PAGE_FILES_H
#define FAHRAS_SERVE_PAGE_FILES_H

#include "api.h"

#include <cstddef>
#include <optional>
#include <string_view>

namespace fahras::serve {

/** One file of serve/page/, as built into the binary. */
struct PageFile {
    std::string_view name;  ///< "index.html", "page.js", …
    std::string_view body;  ///< its bytes
};

/** Every file of the page (generated: page_files_embedded.cpp in the build tree). */
extern const PageFile PAGE_FILES[];
extern const std::size_t PAGE_FILE_COUNT;

/** The Content-Security-Policy of the page's responses: scripts, styles,
 *  images and requests from this server only, no inline script or style,
 *  no framing, and Trusted Types required, so that the browser itself
 *  refuses any HTML written into the page from a string. */
inline constexpr std::string_view PAGE_CSP =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'; "
    "require-trusted-types-for 'script'; trusted-types 'none'";

/** The path a page file is served at: "/" for index.html, else "/static/NAME". */
std::string path_of(const PageFile& file);

/** The Content-Type of @a name, by its extension; "" for an extension the
 *  page does not use. */
std::string_view content_type_of(std::string_view name);

/** The page file served at @a path (without query string), or nullptr. */
const PageFile* page_file_at(std::string_view path);

/** The response for @a file: its bytes, its type and the security headers. */
ApiResponse page_response(const PageFile& file);

}  // namespace fahras::serve

#endif  // FAHRAS_SERVE_PAGE_FILES_H
