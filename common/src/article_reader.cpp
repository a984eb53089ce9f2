#include <fahras/article_reader.h>

#include "byte_input_internal.h"

#include <fahras/html_entities.h>
#include <fahras/utf8.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <system_error>

namespace fs = std::filesystem;

namespace fahras {

namespace {

// ---------------------------------------------------------------- field names

bool has_suffix(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string lower_ascii(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    return out;
}

std::string trim(std::string_view text) {
    // Trim ASCII whitespace and NBSP (common in scraped text).
    auto is_space_at_front = [&](std::string_view t) -> std::size_t {
        if (t.empty()) return 0;
        if (t[0] == ' ' || t[0] == '\t' || t[0] == '\n' || t[0] == '\r') return 1;
        if (t.substr(0, 2) == "\xC2\xA0") return 2;
        return 0;
    };
    auto is_space_at_back = [&](std::string_view t) -> std::size_t {
        if (t.empty()) return 0;
        const char c = t.back();
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return 1;
        if (t.size() >= 2 && t.substr(t.size() - 2) == "\xC2\xA0") return 2;
        return 0;
    };
    while (std::size_t n = is_space_at_front(text)) text.remove_prefix(n);
    while (std::size_t n = is_space_at_back(text)) text.remove_suffix(n);
    return std::string(text);
}

// Convert a JSON value to text: strings as they are, numbers for ids,
// arrays of strings joined (paragraph lists, author lists).
std::string field_text(const nlohmann::json& value, const std::string& field, const std::string& key) {
    using Type = nlohmann::json::value_t;
    switch (value.type()) {
        case Type::null:
            return {};
        case Type::string:
            return value.get<std::string>();
        case Type::number_integer:
        case Type::number_unsigned:
            if (field == "id") return value.dump();
            break;
        case Type::array: {
            std::string joined;
            const char* separator = field == "body" ? "\n" : ", ";
            for (const auto& item : value) {
                if (!item.is_string()) {
                    throw std::runtime_error("field '" + key + "' (" + field +
                                             ") is a list containing a " + item.type_name() +
                                             "; expected text or a list of texts");
                }
                if (!joined.empty()) joined += separator;
                joined += item.get<std::string>();
            }
            return joined;
        }
        default:
            break;
    }
    throw std::runtime_error("field '" + key + "' (" + field + ") is " +
                             (value.is_object() ? std::string("an object") : std::string("a ") + value.type_name()) +
                             "; expected text");
}

// The first non-empty value among the names for @a field.
std::string find_field(const nlohmann::json& object, const std::string& field, const ReaderOptions& options) {
    std::vector<std::string> names;
    const auto range = options.field_names.equal_range(field);
    for (auto it = range.first; it != range.second; ++it) names.push_back(it->second);
    const auto builtin = builtin_field_names().find(field);
    if (builtin != builtin_field_names().end())
        names.insert(names.end(), builtin->second.begin(), builtin->second.end());
    for (const auto& name : names) {
        const auto it = object.find(name);
        if (it == object.end()) continue;
        std::string text = trim(decode_html_entities(field_text(*it, field, name)));
        if (!text.empty()) return text;
    }
    return {};
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// News sites put the headline in the url ("…/node/620227/كيف-تسعف-طفلا.html").
// When an article has neither title nor body, those words are all there is
// to find it by.  Returns "" when the last path segment has no letters.
std::string words_from_url(std::string_view url) {
    url = url.substr(0, url.find_first_of("?#"));
    while (!url.empty() && url.back() == '/') url.remove_suffix(1);
    std::string_view segment = url.substr(url.find_last_of('/') + 1);
    for (std::string_view ext : {".html", ".htm", ".php", ".aspx", ".asp"})
        if (has_suffix(lower_ascii(segment), ext)) segment.remove_suffix(ext.size());
    std::string words;
    for (std::size_t i = 0; i < segment.size(); ++i) {
        const char c = segment[i];
        if (c == '%' && i + 2 < segment.size() && hex_value(segment[i + 1]) >= 0 && hex_value(segment[i + 2]) >= 0) {
            words += static_cast<char>(hex_value(segment[i + 1]) * 16 + hex_value(segment[i + 2]));
            i += 2;
        } else {
            words += (c == '-' || c == '_' || c == '+') ? ' ' : c;
        }
    }
    if (!utf8::is_valid(words)) return {};
    // A bare number or an opaque id is not a headline: require a letter
    // outside ASCII, or two ASCII words.
    const bool non_ascii = std::any_of(words.begin(), words.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    const bool two_words = words.find(' ') != std::string::npos &&
                           std::any_of(words.begin(), words.end(), [](char c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; });
    return non_ascii || two_words ? trim(words) : std::string();
}

// nlohmann's parser keeps its own stack, but very deep documents still cost
// memory and a recursive destructor: refuse them up front with a cheap scan.
std::size_t json_depth(std::string_view line, std::size_t limit) {
    std::size_t depth = 0, deepest = 0;
    bool in_string = false, escaped = false;
    for (char c : line) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            deepest = std::max(deepest, ++depth);
            if (deepest > limit) return deepest;
        } else if ((c == '}' || c == ']') && depth > 0) {
            --depth;
        }
    }
    return deepest;
}

// nlohmann says "[json.exception.parse_error.101] parse error at line 1,
// column 7: syntax error while parsing value - invalid literal; last read: 'x'".
// Keep the column and the reason; the raw bytes read are noise to a user.
std::string describe_parse_error(const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    const std::size_t column = what.find("column ");
    if (column != std::string::npos) what = what.substr(column);
    const std::size_t last_read = what.find("; last read");
    if (last_read != std::string::npos) what.resize(last_read);
    return "malformed JSON at " + what;
}

// Any other nlohmann error, without its "[json.exception.out_of_range.406]"
// tag.  The one a valid-looking line meets is a number no double holds
// ("number overflow parsing '1e400'"), in any field, even an unknown one.
std::string describe_json_error(const nlohmann::json::exception& e) {
    std::string what = e.what();
    const std::size_t tag_end = what.find("] ");
    if (what.compare(0, 1, "[") == 0 && tag_end != std::string::npos) what.erase(0, tag_end + 2);
    if (e.id == 406) return "a number too large for a double (" + what + ")";
    return "unreadable JSON (" + what + ")";
}

// ---------------------------------------------------------------- reading

using detail::LineReader;
using detail::OpenError;

std::string where(const std::string& path, std::size_t line) {
    return (path == "-" ? std::string("<stdin>") : path) + ":" + std::to_string(line);
}

std::string where(const std::string& path) { return path == "-" ? std::string("<stdin>") : path; }

// What a file's reader reports last, always shown: how its input ended,
// when that was not its clean end.
using EndProblem = std::optional<InputProblem>;

// Damage is reported at the line where it was found, after every complete
// line before it was read.
EndProblem input_end_problem(const LineReader& reader, const std::string& path) {
    const std::string error = reader.error();
    if (!error.empty()) {
        return InputProblem{where(path, reader.line_number() + 1),
                            "input ends in error (" + error +
                                "): truncated or corrupt file; this line and the rest of the file are lost, the " +
                                std::to_string(reader.line_number()) + " lines before it were read"};
    }
    if (reader.trailing_data()) return InputProblem{where(path), "data after the end of the compressed stream ignored", false};
    return std::nullopt;
}

EndProblem read_json_lines(const InputFile& file, const ReaderOptions& options, const ReaderCallbacks& callbacks) {
    LineReader reader(file.path, options.max_line_bytes, options.cancel);
    std::string line;
    std::vector<std::string> warnings;
    std::size_t count = 0;
    for (;;) {
        const auto status = reader.next(line);
        if (status == LineReader::Status::end) break;
        const std::string here = where(file.path, reader.line_number());
        if (callbacks.on_progress && ++count % 256 == 0) callbacks.on_progress(reader.offset());
        if (status == LineReader::Status::too_long) {
            callbacks.on_problem({here, "line longer than " + std::to_string(options.max_line_bytes) +
                                            " bytes; skipped (raise --max-line-bytes to index it)"});
            continue;
        }
        // Blank lines (and a UTF-8 BOM before the first record) carry nothing.
        if (reader.line_number() == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        std::optional<Article> article;
        try {
            warnings.clear();
            article = article_from_json_line(line, options, &warnings);
        } catch (const std::runtime_error& e) {
            callbacks.on_problem({here, e.what()});
            continue;
        } catch (const std::bad_alloc&) {
            throw;
        } catch (const std::exception& e) {
            // Not a reason of ours (a bug, most likely): still this article's
            // problem, not the run's.
            callbacks.on_problem({here, std::string("cannot read this article (") + e.what() + "); article skipped"});
            continue;
        }
        // Outside the try: a failure of the consumer (a full disk) is not a
        // problem of this article and must not be reported as one.
        article->origin = here;
        for (const auto& warning : warnings) callbacks.on_problem({here, warning, false});
        callbacks.on_article(std::move(*article));
    }
    if (callbacks.on_progress) callbacks.on_progress(reader.offset());
    return reader.cancelled() ? std::nullopt : input_end_problem(reader, file.path);
}

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

InputFormat format_from_name(const std::string& name) {
    std::string lower = lower_ascii(name);
    if (has_suffix(lower, ".gz")) lower.resize(lower.size() - 3);
    return has_suffix(lower, ".txt") ? InputFormat::plain_text : InputFormat::json_lines;
}

bool is_archive_name(const std::string& name) {
    std::string lower = lower_ascii(name);
    if (has_suffix(lower, ".gz")) lower.resize(lower.size() - 3);
    for (const char* ext : {".jsonl", ".ndjson", ".json", ".txt"})
        if (has_suffix(lower, ext)) return true;
    return false;
}

std::uint64_t size_on_disk(const fs::path& path) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    return ec ? 0 : static_cast<std::uint64_t>(size);
}

// One JSON Lines record, parsed, as an article.
Article article_from_json(const nlohmann::json& object, const ReaderOptions& options,
                          std::vector<std::string>* warnings) {
    if (!object.is_object())
        throw std::runtime_error(std::string("expected a JSON object per line, found ") +
                                 (object.is_array() ? "an array" : std::string("a ") + object.type_name()));

    Article article;
    article.url = find_field(object, "url", options);
    article.id = find_field(object, "id", options);
    if (article.id.empty()) article.id = article.url;
    article.title = find_field(object, "title", options);
    article.body = find_field(object, "body", options);
    article.source = find_field(object, "source", options);
    article.author = find_field(object, "author", options);
    if (article.id.empty())
        throw std::runtime_error("no id or url field (name one with --field id=KEY)");
    // Real archives hold photo galleries, PDF pages and videos with no text.
    // They are still articles of the archive (a listing by date or source
    // must show them), so they are indexed with what they have: the headline
    // words of their url where it has some, else only their metadata.
    if (article.body.empty() && article.title.empty()) {
        article.title = words_from_url(article.url);
        if (warnings)
            warnings->push_back(article.title.empty()
                                    ? "no title or body; indexed for its url, date and source only"
                                    : "no title or body; indexed by the words of its url");
    } else if (article.body.empty() && warnings) {
        warnings->push_back("no body text; indexed by its title only");
    }
    const std::string date = find_field(object, "date", options);
    if (!date.empty()) {
        article.date = parse_date(date);
        if (!article.date && warnings) {
            // Quote at most 40 bytes, cut between letters: the message stays UTF-8.
            std::size_t cut = std::min<std::size_t>(date.size(), 40);
            while (cut < date.size() && (static_cast<unsigned char>(date[cut]) & 0xC0) == 0x80) --cut;
            warnings->push_back("unrecognized date '" + date.substr(0, cut) +
                                "' (use ISO 8601 or RFC 2822); indexed without a date");
        }
    }
    return article;
}

// The archive files under @a folder, recursively.  Whatever cannot be
// listed or examined is reported as lost input: a snapshot must not take
// the articles of an unreadable folder for deleted ones.  Links to files
// are followed, links to folders are not (no loops), as ever.
void walk_folder(const std::string& folder, std::vector<InputFile>& found,
                 const std::function<void(const InputProblem&)>& on_problem) {
    std::vector<fs::path> pending{fs::path(folder)};
    while (!pending.empty()) {
        const fs::path dir = std::move(pending.back());
        pending.pop_back();
        std::error_code ec;
        fs::directory_iterator it(dir, ec);
        if (ec) {
            on_problem({dir.string(), "cannot read the folder: " + ec.message() + "; its articles were not read"});
            continue;
        }
        for (const fs::directory_iterator end; it != end; it.increment(ec)) {
            if (ec) break;
            const fs::directory_entry& entry = *it;
            const std::string path = entry.path().string();
            const std::string name = entry.path().filename().string();
            std::error_code type_ec;
            const bool link = entry.is_symlink(type_ec);
            if (!type_ec && !link && entry.is_directory(type_ec)) {
                pending.push_back(entry.path());
                continue;
            }
            if (type_ec) {
                // Perhaps a folder: its name says nothing.
                on_problem({path, "cannot read: " + type_ec.message()});
                continue;
            }
            if (!is_archive_name(name)) continue;
            const fs::file_status target = entry.status(type_ec);  // follows a link
            if (link && (type_ec == std::errc::no_such_file_or_directory || !fs::exists(target))) {
                std::error_code link_ec;
                const fs::path points_to = fs::read_symlink(entry.path(), link_ec);
                on_problem({path, "dangling symbolic link" +
                                      (link_ec ? std::string() : " to " + points_to.string()) +
                                      " (its target does not exist); skipped"});
            } else if (type_ec) {
                on_problem({path, "cannot read: " + type_ec.message()});
            } else if (fs::is_regular_file(target)) {
                found.push_back({path, format_from_name(name), size_on_disk(entry.path())});
            } else if (!fs::is_directory(target)) {
                on_problem({path, "not a regular file; skipped"});
            }
        }
        if (ec) on_problem({dir.string(), "error while reading the folder: " + ec.message() +
                                              "; some of its articles were not read"});
    }
}

}  // namespace

const std::map<std::string, std::vector<std::string>>& builtin_field_names() {
    static const std::map<std::string, std::vector<std::string>> NAMES = {
        {"id", {"id", "_id", "guid", "article_id", "doc_id"}},
        {"url", {"url", "link", "href", "permalink"}},
        {"title", {"title", "headline", "heading"}},
        {"body", {"body", "content", "text", "article", "articleBody", "article_body", "fulltext"}},
        {"date", {"date", "published", "published_at", "publish_date", "pubDate", "datePublished",
                  "date_published", "date_extracted", "created_at"}},
        {"source", {"source", "publisher", "newspaper", "site", "outlet"}},
        {"author", {"author", "authors", "byline", "writer"}},
    };
    return NAMES;
}

Article article_from_json_line(std::string_view line, const ReaderOptions& options,
                               std::vector<std::string>* warnings) {
    std::size_t bad = 0;
    if (!utf8::is_valid(line, &bad))
        throw std::runtime_error("invalid UTF-8 at byte " + std::to_string(bad + 1) + "; article skipped");
    if (json_depth(line, options.max_depth) > options.max_depth)
        throw std::runtime_error("JSON nested deeper than " + std::to_string(options.max_depth) +
                                 " levels; article skipped");
    nlohmann::json object;
    try {
        object = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error& e) {
        throw std::runtime_error(describe_parse_error(e) + "; article skipped");
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(describe_json_error(e) + "; article skipped");
    }
    try {
        return article_from_json(object, options, warnings);
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(describe_json_error(e) + "; article skipped");
    }
}

std::vector<InputFile> expand_inputs(const std::vector<std::string>& inputs,
                                     const std::function<void(const InputProblem&)>& on_problem) {
    std::vector<InputFile> files;
    for (const auto& input : inputs) {
        if (input == "-") {
            files.push_back({"-", InputFormat::json_lines, 0});
            continue;
        }
        std::error_code ec;
        const fs::file_status status = fs::status(input, ec);
        if (ec || !fs::exists(status)) {
            on_problem({input, ec && ec != std::errc::no_such_file_or_directory
                                   ? ec.message()
                                   : std::string("no such file or directory")});
            continue;
        }
        if (!fs::is_directory(status)) {
            files.push_back({input, format_from_name(input), size_on_disk(input)});
            continue;
        }
        std::vector<InputFile> found;
        walk_folder(input, found, on_problem);
        std::sort(found.begin(), found.end(), [](const InputFile& a, const InputFile& b) { return a.path < b.path; });
        files.insert(files.end(), found.begin(), found.end());
    }
    return files;
}

void read_articles(const InputFile& file, const ReaderOptions& options, const ReaderCallbacks& callbacks) {
    // Past max_problems_shown, problems are still delivered (every one
    // counts) but marked not to be shown, and one line sums them up.
    std::size_t problems = 0, errors_not_shown = 0, warnings_not_shown = 0;
    ReaderCallbacks capped = callbacks;
    capped.on_problem = [&](const InputProblem& problem) {
        if (++problems <= options.max_problems_shown) {
            callbacks.on_problem(problem);
            return;
        }
        ++(problem.article_lost ? errors_not_shown : warnings_not_shown);
        InputProblem hidden = problem;
        hidden.shown = false;
        callbacks.on_problem(hidden);
    };
    EndProblem end;
    try {
        end = file.format == InputFormat::plain_text ? read_plain_text(file, options, capped)
                                                     : read_json_lines(file, options, capped);
    } catch (const OpenError& e) {
        // Per-article problems are reported inside; only opening ends here.
        end = InputProblem{where(file.path), std::string("cannot read: ") + e.what()};
    }
    if (errors_not_shown + warnings_not_shown > 0) {
        InputProblem summary{where(file.path),
                             "... " + std::to_string(errors_not_shown + warnings_not_shown) +
                                 " more problems in this file not shown (" + std::to_string(errors_not_shown) +
                                 " errors, " + std::to_string(warnings_not_shown) + " warnings; all are counted)",
                             false};
        summary.summary = true;
        callbacks.on_problem(summary);
    }
    // Last and always shown: why the rest of the file was not read.
    if (end) callbacks.on_problem(*end);
}

}  // namespace fahras
