#include <fahras/variants.h>

#include <fahras/data_files.h>
#include <fahras/normalize.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>

namespace fahras {

namespace {

std::string join(const std::vector<std::string>& words, std::size_t from, std::size_t count) {
    std::string out;
    for (std::size_t i = from; i < from + count; ++i) out += (i > from ? " " : "") + words[i];
    return out;
}

}  // namespace

std::vector<std::string> query_words(std::string_view text) {
    std::vector<std::string> words;
    std::size_t pos = 0;
    while (pos < text.size()) {
        while (pos < text.size() && text[pos] == ' ') ++pos;
        const std::size_t end = std::min(text.find(' ', pos), text.size());
        if (end > pos) words.emplace_back(text.substr(pos, end - pos));
        pos = end;
    }
    return words;
}

bool is_query_syntax(const std::string& word) {
    if (word == "AND" || word == "OR" || word == "NOT" || word == "XOR" || word == "NEAR" || word == "ADJ") return true;
    return word.find_first_of(":\"()+-*") != std::string::npos;
}

void VariantTable::load(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read variants file " + path);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> members;
        std::size_t start = 0;
        for (;;) {
            const std::size_t bar = line.find('|', start);
            members.push_back(line.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
            if (bar == std::string::npos) break;
            start = bar + 1;
        }
        add_group(members);
    }
}

void VariantTable::add_group(const std::vector<std::string>& members) {
    std::vector<std::string> normalized;
    for (const auto& member : members) {
        const std::string words = join(query_words(normalize_text(member)), 0, query_words(normalize_text(member)).size());
        if (!words.empty() && std::find(normalized.begin(), normalized.end(), words) == normalized.end())
            normalized.push_back(words);
    }
    if (normalized.size() < 2) return;
    const std::size_t index = groups_.size();
    for (const auto& member : normalized) {
        group_of_[member] = index;
        max_words_ = std::max(max_words_, query_words(member).size());
    }
    groups_.push_back(std::move(normalized));
}

std::string VariantTable::expand(std::string_view normalized_query) const {
    if (groups_.empty()) return std::string(normalized_query);
    // Leave quoted phrases as they are: the user asked for those exact words.
    std::string out;
    bool in_quotes = false;
    std::string segment;
    auto flush = [&]() {
        const std::vector<std::string> words = query_words(segment);
        std::vector<std::string> rewritten;
        for (std::size_t i = 0; i < words.size();) {
            bool matched = false;
            for (std::size_t n = std::min(max_words_, words.size() - i); n >= 1 && !matched; --n) {
                bool plain = true;
                for (std::size_t k = i; k < i + n; ++k) plain = plain && !is_query_syntax(words[k]);
                if (!plain) continue;
                const auto group = group_of_.find(join(words, i, n));
                if (group == group_of_.end()) continue;
                std::string alternatives;
                for (const auto& member : groups_[group->second]) {
                    alternatives += alternatives.empty() ? "(" : " OR ";
                    alternatives += member.find(' ') == std::string::npos ? member : "\"" + member + "\"";
                }
                rewritten.push_back(alternatives + ")");
                i += n;
                matched = true;
            }
            if (!matched) rewritten.push_back(words[i++]);
        }
        if (!out.empty() && !rewritten.empty() && out.back() != ' ') out += ' ';
        out += join(rewritten, 0, rewritten.size());
        segment.clear();
    };
    for (char c : normalized_query) {
        if (c == '"') {
            if (!in_quotes) {
                flush();
                if (!out.empty() && out.back() != ' ') out += ' ';
            }
            out += c;
            in_quotes = !in_quotes;
            continue;
        }
        if (in_quotes) out += c;
        else segment += c;
    }
    if (in_quotes) out += '"';
    flush();
    return out;
}

std::string bundled_variants_path() { return data_file_path("variants_ar.txt", "FAHRAS_VARIANTS"); }

}  // namespace fahras
