#include <fahras/schema.h>

#include "hash_internal.h"

#include <fahras/normalize.h>
#include <fahras/utf8.h>

#include <algorithm>
#include <cstdint>

namespace fahras {

namespace {

FieldSpec free_text_field(std::string_view field, std::string_view query_prefix, std::string_view term_prefix,
                          std::string Article::*text, Xapian::termcount unprefixed_weight,
                          Xapian::termcount lead_extra_weight, bool skipped_when_empty) {
    return FieldSpec{field, query_prefix, term_prefix, false, text, unprefixed_weight, lead_extra_weight,
                     skipped_when_empty, nullptr};
}

FieldSpec boolean_field(std::string_view field, std::string_view query_prefix, std::string_view term_prefix,
                        std::string (*term_of)(const Article&)) {
    return FieldSpec{field, query_prefix, term_prefix, true, nullptr, 0, 0, true, term_of};
}

}  // namespace

const std::vector<FieldSpec>& indexed_fields() {
    static const std::vector<FieldSpec> FIELDS = {
        // Title words are searchable on their own (title:) and, weighted
        // above body words, as part of the free text.
        free_text_field("title", "title", PREFIX_TITLE, &Article::title, TITLE_WEIGHT, 0, false),
        // The body is only the free text; its lead counts more.
        free_text_field("body", "", "", &Article::body, 1, LEAD_EXTRA_WEIGHT, false),
        // Author words are under author: only, not in the free text.
        free_text_field("author", "author", PREFIX_AUTHOR, &Article::author, 0, 0, true),
        boolean_field("id", "", PREFIX_ID, [](const Article& a) { return make_id_term(a.id); }),
        boolean_field("source", "source", PREFIX_SOURCE,
                      [](const Article& a) { return a.source.empty() ? std::string() : make_source_term(a.source); }),
        boolean_field("year", "year", PREFIX_YEAR,
                      [](const Article& a) { return a.date ? year_term(*a.date) : std::string(); }),
        boolean_field("month", "month", PREFIX_MONTH,
                      [](const Article& a) { return a.date ? month_term(*a.date) : std::string(); }),
    };
    return FIELDS;
}

const std::vector<FieldSpec>& query_fields() {
    static const std::vector<FieldSpec> FIELDS = [] {
        std::vector<FieldSpec> fields;
        for (const auto& field : indexed_fields())
            if (!field.query_prefix.empty()) fields.push_back(field);
        return fields;
    }();
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

std::size_t shard_of_id_term(std::string_view id_term, std::size_t shards) {
    if (shards < 2) return 0;
    // The whole term, prefix included: it is what deletions and snapshots
    // find in the database, and it is the same for every way of naming an id.
    const std::uint64_t high = std::stoull(detail::hash128_hex(id_term).substr(0, 16), nullptr, 16);
    return static_cast<std::size_t>(high % shards);
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

std::string year_term(const DateTime& date) {
    std::string term(PREFIX_YEAR);
    term.append(date.value_date(), 0, 4);
    return term;
}

std::string month_term(const DateTime& date) {
    std::string term(PREFIX_MONTH);
    term.append(date.value_date(), 0, 6);
    return term;
}

std::string place_term(std::string_view place_id) {
    std::string term(PREFIX_PLACE);
    term.append(place_id);
    return term;
}

TermParts split_term(std::string_view term) {
    TermParts parts;
    std::string_view rest = term;
    if (is_stem_term(rest)) {
        parts.stem = true;
        rest.remove_prefix(PREFIX_STEM.size());
    }
    // Words are normalized, so lower case: a prefix is the longest one of
    // the schema the term begins with, else its leading capitals (unknown).
    for (const auto& field : indexed_fields()) {
        if (!field.term_prefix.empty() && field.term_prefix.size() > parts.prefix.size() &&
            rest.substr(0, field.term_prefix.size()) == field.term_prefix) {
            parts.prefix = field.term_prefix;
            parts.field = &field;
        }
    }
    if (parts.prefix.size() < PREFIX_PLACE.size() && is_place_term(rest)) {
        parts.prefix = PREFIX_PLACE;
        parts.field = nullptr;
    }
    if (parts.prefix.empty()) parts.prefix = rest.substr(0, term_prefix_length(rest));
    parts.word = rest.substr(parts.prefix.size());
    return parts;
}

}  // namespace fahras
