// Plain text: one article per file, its first non-blank line the title.
#include "article_reader_internal.h"

#include <fahras/utf8.h>

#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace fahras::detail {

// One article per file; its text, like a JSON line, may be at most
// max_line_bytes: reading stops there, so that memory stays bounded and a
// small .txt.gz that inflates to gigabytes is given up early.
EndProblem read_plain_text(const InputFile& file, const ReaderOptions& options, const ReaderCallbacks& callbacks) {
    LineReader reader(file.path, options.max_line_bytes, options.cancel);
    std::string line, title, body;
    std::size_t text_bytes = 0;
    bool problem = false;
    for (;;) {
        const auto status = reader.next(line);
        if (status == LineReader::Status::end) break;
        if (reader.line_number() == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
        text_bytes += line.size() + (reader.line_number() > 1 ? 1 : 0);  // and the line break before it
        if (status == LineReader::Status::too_long || text_bytes > options.max_line_bytes) {
            callbacks.on_problem({where(file.path), "text longer than " + std::to_string(options.max_line_bytes) +
                                                        " bytes; file skipped (raise --max-line-bytes to index it)"});
            problem = true;
            break;
        }
        std::size_t bad = 0;
        if (!utf8::is_valid(line, &bad)) {
            callbacks.on_problem({where(file.path, reader.line_number()),
                                  "invalid UTF-8 at byte " + std::to_string(bad + 1) +
                                      " of the line; file skipped (convert it to UTF-8)"});
            problem = true;
            break;
        }
        // The first non-blank line is the title; the rest is the body.
        if (title.empty()) {
            title = trim(line);
        } else {
            body += line;
            body += '\n';
        }
    }
    if (callbacks.on_progress) callbacks.on_progress(reader.offset());
    if (problem || reader.cancelled()) return std::nullopt;
    if (!reader.error().empty()) {
        return InputProblem{where(file.path), "input ends in error (" + reader.error() +
                                                  "): truncated or corrupt file; file skipped"};
    }
    Article article;
    article.title = title;
    article.body = trim(body);
    std::error_code ec;
    const fs::path absolute = fs::weakly_canonical(fs::absolute(file.path, ec), ec);
    article.id = ec ? file.path : absolute.string();
    article.origin = file.path;
    if (article.title.empty()) return InputProblem{file.path, "no text: the file is empty or blank"};
    if (article.body.empty()) callbacks.on_problem({file.path, "no body text; indexed by its title only", false});
    callbacks.on_article(std::move(article));
    return input_end_problem(reader, file.path);
}

}  // namespace fahras::detail
