// The inputs: folders walked into archive files, each file handed to its
// reader (json_lines.cpp, plain_text.cpp), and its problems capped; plus
// what the readers share (article_reader_internal.h).
#include <fahras/article_reader.h>

#include "article_reader_internal.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <system_error>

namespace fs = std::filesystem;

namespace fahras {

namespace detail {

// ---------------------------------------------------------------- text

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

// ---------------------------------------------------------------- problems

std::string where(const std::string& path, std::size_t line) {
    return (path == "-" ? std::string("<stdin>") : path) + ":" + std::to_string(line);
}

std::string where(const std::string& path) { return path == "-" ? std::string("<stdin>") : path; }

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

}  // namespace detail

namespace {

using detail::has_suffix;
using detail::lower_ascii;
using detail::OpenError;
using detail::read_json_lines;
using detail::read_plain_text;
using detail::where;
using EndProblem = detail::EndProblem;

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