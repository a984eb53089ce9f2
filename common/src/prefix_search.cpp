#include <fahras/prefix_search.h>

#include <fahras/query_lexer.h>
#include <fahras/schema.h>

#include <vector>

namespace fahras {

bool takes_article(std::string_view prefix) {
    // Arabic letters are U+0620..U+064A: two bytes in UTF-8, led by D8 or D9.
    if (prefix.size() < 2) return false;
    const auto lead = static_cast<unsigned char>(prefix[0]);
    if (lead != 0xD8 && lead != 0xD9) return false;
    return prefix.substr(0, ARABIC_ARTICLE.size()) != ARABIC_ARTICLE;
}

std::string with_article_prefixes(std::string_view normalized_query) {
    const std::vector<QueryToken> tokens = lex_query(normalized_query);
    std::string out;
    std::size_t copied = 0;
    for (std::size_t i = 1; i < tokens.size(); ++i) {
        const QueryToken& word = tokens[i - 1];
        if (tokens[i].kind != QueryTokenKind::wildcard || word.kind != QueryTokenKind::word || word.prefix ||
            word.in_phrase || word.phrased)
            continue;
        if (i >= 2 && (tokens[i - 2].kind == QueryTokenKind::love || tokens[i - 2].kind == QueryTokenKind::hate) &&
            tokens[i - 2].end == word.begin)
            continue;
        const std::string_view text = word.text(normalized_query);
        if (!takes_article(text)) continue;
        out.append(normalized_query.substr(copied, word.begin - copied));
        out += ARTICLE_PREFIX_QUERY_PREFIX;
        out += ':';
        out += text;
        copied = tokens[i].end;
    }
    out.append(normalized_query.substr(copied));
    return out;
}

}  // namespace fahras
