/** @file article_reader.h
 *  @brief Reading articles from news archives: JSON Lines and plain text.
 *
 *  Inputs are files, directories (searched recursively, in name order) or
 *  "-" for JSON Lines on standard input.  Files may be gzip-compressed.
 *  A problem with one article or file is reported and reading goes on:
 *  one malformed article never costs the others.  Anything that could not
 *  be read (a folder, a file, a dangling link, a damaged stream) is
 *  reported as a lost input, so that a snapshot never takes it for deleted
 *  articles.
 *
 *  Reading never blocks for long: a FIFO without a writer, a terminal or a
 *  pipe that stays open is waited on in short steps that check
 *  ReaderOptions::cancel, and so is an endless device like /dev/zero.
 */
#ifndef FAHRAS_ARTICLE_READER_H
#define FAHRAS_ARTICLE_READER_H

#include <fahras/article.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace fahras {

enum class InputFormat { json_lines, plain_text };

struct InputFile {
    std::string path;  ///< "-" for standard input
    InputFormat format = InputFormat::json_lines;
    std::uint64_t size = 0;  ///< bytes on disk (compressed size for .gz), 0 if unknown
};

/** A problem found while reading; "where" is "file:line" or "file". */
struct InputProblem {
    std::string where;
    std::string reason;
    bool article_lost = true;  ///< false for warnings (the article was still read)
    /// false past the first ReaderOptions::max_problems_shown of a file:
    /// count it like any other, but do not print it.
    bool shown = true;
    /// The line that sums up a file's problems not shown: print it, but do
    /// not count it (the problems it stands for were each counted).
    bool summary = false;
};

struct ReaderOptions {
    /** Extra or overriding source names per field, e.g. {"body", "article_text"}:
     *  tried before the built-in names. */
    std::multimap<std::string, std::string> field_names;
    /// Longer JSON lines, and plain-text files with more text, are skipped
    /// with a message (reading stops there: memory stays bounded).  An
    /// article is never larger than its line, and Xapian stores one field
    /// of about 128 MB at most (measured: a 127 MiB body indexed, 131 MiB
    /// failed at the commit); 64 MiB bodies index (docs/performance.md).
    std::size_t max_line_bytes = 64u << 20;
    std::size_t max_depth = 64;              ///< deeper JSON nesting is rejected
    /// Problems of one file printed in full; the rest are only counted and
    /// summed up in one line (binary garbage would print one per line).
    std::size_t max_problems_shown = 20;
    /// When set and true, reading stops as soon as it can (at the latest
    /// within a fraction of a second), even while the input blocks or never
    /// ends; what was read stays delivered, nothing more is reported.
    const std::atomic<bool>* cancel = nullptr;
};

/** The article fields and the JSON keys recognized for each, in order. */
const std::map<std::string, std::vector<std::string>>& builtin_field_names();

/** Callbacks for what a reader finds. */
struct ReaderCallbacks {
    std::function<void(Article&&)> on_article;
    std::function<void(const InputProblem&)> on_problem;
    /// Bytes of the current file consumed so far (compressed bytes for .gz).
    std::function<void(std::uint64_t)> on_progress;
};

/** Expand @a inputs into the files to read.  Missing or unreadable inputs
 *  (folders that cannot be listed, dangling links, entries that cannot be
 *  examined, archive names that are no regular file) are reported through
 *  @a on_problem as lost input and left out.  Links to folders inside a
 *  folder are not followed (as ever: no loops). */
std::vector<InputFile> expand_inputs(const std::vector<std::string>& inputs,
                                     const std::function<void(const InputProblem&)>& on_problem);

/** Read every article of @a file.  Files are opened without blocking and
 *  read in steps that honour ReaderOptions::cancel; gzip is recognized by
 *  its magic bytes (multi-member streams included).  Problems go to
 *  callbacks.on_problem; only an exception of a callback leaves here. */
void read_articles(const InputFile& file, const ReaderOptions& options, const ReaderCallbacks& callbacks);

/** Turn one JSON Lines record into an article (for tests and other readers).
 *  Problems that do not lose the article (an unreadable date) go to @a warnings.
 *  Throws std::runtime_error with a user-facing reason on bad input. */
Article article_from_json_line(std::string_view line, const ReaderOptions& options,
                               std::vector<std::string>* warnings = nullptr);

}  // namespace fahras

#endif  // FAHRAS_ARTICLE_READER_H
