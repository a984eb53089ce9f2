/** @file fuzz_support.h
 *  @brief What the fuzz targets share: failing loudly, scratch files.
 *
 *  A broken property calls fail(), which prints what was expected and
 *  aborts: libFuzzer then saves the input as a crash, like a sanitizer
 *  report.  Exceptions that escape a target abort the same way.
 */
#ifndef FAHRAS_FUZZ_SUPPORT_H
#define FAHRAS_FUZZ_SUPPORT_H

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace fahras::fuzz {

/** Print "fuzz property failed: @a what (@a detail)" to stderr and abort. */
[[noreturn]] void fail(const char* what, const std::string& detail);

/** @a text with bytes outside printable ASCII written as \xHH, cut to
 *  @a limit bytes: for failure messages. */
std::string escaped(std::string_view text, std::size_t limit = 200);

/** The input as text (libFuzzer passes bytes). */
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

/** A directory of this process's own under $TMPDIR (created on first use,
 *  removed at exit), and the path of @a name inside it. */
std::string scratch_path(const std::string& name);

/** Highlight spans of a --json hit or an API hit: [begin, end) pairs, in
 *  code points, sorted, apart, inside @a text; fail() otherwise, with
 *  @a context. */
void check_spans(const nlohmann::json& spans, const nlohmann::json& text, const std::string& context);

void write_file(const std::string& path, std::string_view content);
void write_gzip(const std::string& path, std::string_view content);
std::string read_file(const std::string& path);

}  // namespace fahras::fuzz

/** Abort with a message naming the property unless @a condition holds. */
#define FUZZ_REQUIRE(condition, detail)                                   \
    do {                                                                  \
        if (!(condition)) ::fahras::fuzz::fail(#condition, (detail));     \
    } while (false)

#endif  // FAHRAS_FUZZ_SUPPORT_H
