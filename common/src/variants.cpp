#include <fahras/variants.h>

#include <fahras/data_files.h>
#include <fahras/normalize.h>
#include <fahras/query_lexer.h>
#include <fahras/schema.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>

namespace fahras {

namespace {

std::string join(const std::vector<std::string_view>& words, std::size_t from, std::size_t count) {
    std::string out;
    for (std::size_t i = from; i < from + count; ++i) {
        if (i > from) out += ' ';
        out += words[i];
    }
    return out;
}

// A member is a name, never query syntax: quotes (a phrase written as a
// user would type it) go, since expand() quotes a member of several words
// itself; left in, they unpair the query's quotes.
std::string normalized_member(const std::string& member) {
    std::string text = normalize_text(member);
    text.erase(std::remove(text.begin(), text.end(), '"'), text.end());
    const std::vector<std::string_view> member_words = spaced_words(text);
    return join(member_words, 0, member_words.size());
}

void add_unique(std::vector<std::string>& group, std::string member) {
    if (!member.empty() && std::find(group.begin(), group.end(), member) == group.end())
        group.push_back(std::move(member));
}

}  // namespace

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
    for (const auto& member : members) add_unique(normalized, normalized_member(member));
    if (normalized.size() < 2) return;
    const std::size_t index = groups_.size();
    for (const auto& member : normalized) {
        group_of_[member] = index;
        max_words_ = std::max(max_words_, spaced_words(member).size());
    }
    groups_.push_back(std::move(normalized));
    one_way_.push_back(false);
}

void VariantTable::add_expansion(const std::string& key, const std::vector<std::string>& members) {
    std::string normalized_key = normalized_member(key);
    if (normalized_key.empty()) return;
    const auto found = group_of_.find(normalized_key);
    if (found != group_of_.end() && one_way_[found->second]) {
        for (const auto& member : members) add_unique(groups_[found->second], normalized_member(member));
        return;
    }
    // A two-way group stays as it is for its other members.
    std::vector<std::string> group =
        found == group_of_.end() ? std::vector<std::string>{normalized_key} : groups_[found->second];
    for (const auto& member : members) add_unique(group, normalized_member(member));
    if (group.size() < 2) return;
    max_words_ = std::max(max_words_, spaced_words(normalized_key).size());
    group_of_[normalized_key] = groups_.size();
    groups_.push_back(std::move(group));
    one_way_.push_back(true);
}

std::string VariantTable::group_text(std::size_t n) const {
    if (n >= groups_.size()) return {};
    std::string text;
    for (const auto& member : groups_[n]) {
        text += text.empty() ? "(" : " OR ";
        text += member.find(' ') == std::string::npos ? member : "\"" + member + "\"";
    }
    return text + ")";
}

std::vector<std::string> VariantTable::one_word_members(const std::string& normalized_word) const {
    std::vector<std::string> members;
    const auto group = group_of_.find(normalized_word);
    if (group == group_of_.end()) return members;
    for (const auto& member : groups_[group->second])
        if (member.find(' ') == std::string::npos) members.push_back(member);
    return members;
}

std::string VariantTable::expand(std::string_view normalized_query) const { return rewrite(normalized_query, false); }

std::string VariantTable::mark_groups(std::string_view normalized_query) const {
    return rewrite(normalized_query, true);
}

std::string VariantTable::rewrite(std::string_view normalized_query, bool as_tokens) const {
    if (groups_.empty()) return std::string(normalized_query);
    std::string out;
    // Rewrites the words of a stretch outside quotes.
    const auto rewrite = [&](std::string_view stretch) {
        const std::vector<std::string_view> words = spaced_words(stretch);
        std::vector<std::string> rewritten;
        for (std::size_t i = 0; i < words.size();) {
            bool matched = false;
            for (std::size_t n = std::min(max_words_, words.size() - i); n >= 1 && !matched; --n) {
                if (std::any_of(words.begin() + static_cast<std::ptrdiff_t>(i),
                                words.begin() + static_cast<std::ptrdiff_t>(i + n), is_syntax_word))
                    continue;
                const auto group = group_of_.find(join(words, i, n));
                if (group == group_of_.end()) continue;
                rewritten.push_back(as_tokens ? std::string(VARIANT_GROUP_QUERY_PREFIX) + ":" +
                                                    std::to_string(group->second)
                                              : group_text(group->second));
                i += n;
                matched = true;
            }
            if (!matched) rewritten.emplace_back(words[i++]);
        }
        for (const auto& word : rewritten) {
            if (!out.empty() && out.back() != ' ') out += ' ';
            out += word;
        }
    };
    // Quoted phrases stay as they are: the user asked for those exact words.
    for (const QuerySegment& segment : quote_segments(normalized_query)) {
        if (!segment.quoted) {
            rewrite(segment.text);
            continue;
        }
        // A phrase keeps what it was joined to: title:"…" stays one prefix
        // and its phrase, which a space would make the word title and a
        // phrase anywhere.
        const std::size_t quote = static_cast<std::size_t>(segment.text.data() - normalized_query.data()) - 1;
        const bool joined = quote > 0 && normalized_query[quote - 1] != ' ';
        if (!out.empty() && out.back() != ' ' && !joined) out += ' ';
        out += '"';
        out += segment.text;
        out += '"';  // a phrase left open is closed
    }
    return out;
}

std::string bundled_variants_path() { return data_file_path("variants_ar.txt", "FAHRAS_VARIANTS"); }

}  // namespace fahras
