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

bool prefix_takes_article(const std::vector<QueryToken>& tokens, std::size_t word, std::string_view text) {
    const QueryToken& token = tokens[word];
    if (token.kind != QueryTokenKind::word || token.prefix || token.in_phrase || token.phrased) return false;
    const bool signed_term = word > 0 &&
                             (tokens[word - 1].kind == QueryTokenKind::love || tokens[word - 1].kind == QueryTokenKind::hate) &&
                             tokens[word - 1].end == token.begin;
    return !signed_term && takes_article(token.text(text));
}

std::string with_article_prefixes(std::string_view normalized_query) {
    const std::vector<QueryToken> tokens = lex_query(normalized_query);
    std::string out;
    std::size_t copied = 0;
    for (std::size_t i = 1; i < tokens.size(); ++i) {
        if (tokens[i].kind != QueryTokenKind::wildcard || !prefix_takes_article(tokens, i - 1, normalized_query))
            continue;
        const QueryToken& word = tokens[i - 1];
        const std::string_view text = word.text(normalized_query);
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
