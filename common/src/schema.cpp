#include <fahras/schema.h>

#include "hash_internal.h"

#include <fahras/normalize.h>
#include <fahras/utf8.h>

#include <algorithm>

namespace fahras {

const std::vector<FieldSpec>& query_fields() {
    static const std::vector<FieldSpec> FIELDS = {
        {"title", "title", PREFIX_TITLE, false},
        {"author", "author", PREFIX_AUTHOR, false},
        {"source", "source", PREFIX_SOURCE, true},
        {"year", "year", PREFIX_YEAR, true},
        {"month", "month", PREFIX_MONTH, true},
    };
    return FIELDS;
}

const std::vector<QueryPrefix>& query_prefixes() {
    static const std::vector<QueryPrefix> PREFIXES = [] {
        std::vector<QueryPrefix> prefixes;
        for (const auto& field : query_fields())
            prefixes.push_back({field.query_prefix, field.boolean ? PrefixKind::boolean : PrefixKind::free_text});
        prefixes.push_back({PLACE_QUERY_PREFIX, PrefixKind::boolean});
        prefixes.push_back({DATE_QUERY_PREFIX, PrefixKind::range});
        return prefixes;
    }();
    return PREFIXES;
}

std::string make_id_term(std::string_view id) {
    std::string term(PREFIX_ID);
    if (term.size() + id.size() <= MAX_TERM_BYTES) {
        term += id;
        return term;
    }
    // Keep a readable head (cut on a UTF-8 boundary) and make the tail a
    // hash of the whole id, so two long URLs sharing a prefix stay distinct.
    const std::string hash = detail::hash128_hex(id);
    std::size_t head = MAX_TERM_BYTES - term.size() - hash.size() - 1;
    while (head > 0 && (static_cast<unsigned char>(id[head]) & 0xC0) == 0x80) --head;
    term.append(id.substr(0, head));
    term += '#';
    term += hash;
    return term;
}

std::string make_source_term(std::string_view source) {
    // Sources are matched exactly but spelled loosely ("Okaz", "okaz ",
    // Arabic names with or without hamza): normalize like any text.
    const std::string normalized = normalize_text(source);
    std::size_t begin = 0, end = normalized.size();
    while (begin < end && normalized[begin] == ' ') ++begin;
    while (end > begin && normalized[end - 1] == ' ') --end;
    std::string term(PREFIX_SOURCE);
    term.append(normalized, begin, std::min(end - begin, MAX_TERM_BYTES - term.size()));
    while (!utf8::is_valid(term)) term.pop_back();  // never cut a letter in half
    return term;
}

}  // namespace fahras
