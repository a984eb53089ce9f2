/** @file article_reader_internal.h
 *  @brief What the article readers (article_reader.cpp, json_lines.cpp,
 *  plain_text.cpp) share: where a problem is, how a file's input ended, and the small text
 *  helpers they both need.
 */
#ifndef FAHRAS_ARTICLE_READER_INTERNAL_H
#define FAHRAS_ARTICLE_READER_INTERNAL_H

#include "byte_input_internal.h"

#include <fahras/article_reader.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace fahras::detail {

// ---------------------------------------------------------------- text

bool has_suffix(std::string_view text, std::string_view suffix);

/** ASCII letters lowered, every other byte as it is. */
std::string lower_ascii(std::string_view text);

/** @a text without ASCII whitespace and NBSP (common in scraped text) at
 *  either end. */
std::string trim(std::string_view text);

// ---------------------------------------------------------------- problems

/** "file:line" for a problem, "<stdin>:line" for standard input. */
std::string where(const std::string& path, std::size_t line);
/** "file", or "<stdin>". */
std::string where(const std::string& path);

// What a file's reader reports last, always shown: how its input ended,
// when that was not its clean end.
using EndProblem = std::optional<InputProblem>;

/** Damage is reported at the line where it was found, after every complete
 *  line before it was read; data after a gzip stream is a warning. */
EndProblem input_end_problem(const LineReader& reader, const std::string& path);

// ---------------------------------------------------------------- readers

/** Every article of a JSON Lines file (json_lines.cpp); the problems of
 *  its lines go to callbacks.on_problem as they come.  Throws OpenError. */
EndProblem read_json_lines(const InputFile& file, const ReaderOptions& options, const ReaderCallbacks& callbacks);

/** The one article of a plain-text file (plain_text.cpp); its problems go
 *  to callbacks.on_problem, except the one that loses the whole file,
 *  which is returned like how the input ended.  Throws OpenError. */
EndProblem read_plain_text(const InputFile& file, const ReaderOptions& options, const ReaderCallbacks& callbacks);

}  // namespace fahras::detail

#endif  // FAHRAS_ARTICLE_READER_INTERNAL_H
