// JSON Lines: one article per line, its fields found under any of their
// usual names, each line checked before and while it is parsed.
#include <fahras/article_reader.h>

#include "article_reader_internal.h"

#include <fahras/dates.h>
#include <fahras/html_entities.h>
#include <fahras/utf8.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>
#include <stdexcept>

namespace fahras {

namespace {

using detail::has_suffix;
using detail::lower_ascii;
using detail::trim;

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

namespace detail {

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

}  // namespace detail

}  // namespace fahras
