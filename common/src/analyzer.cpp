#include <fahras/analyzer.h>

#include <fahras/prefix_search.h>
#include <fahras/schema.h>
#include <fahras/stemmers.h>

namespace fahras {

Analyzer::Analyzer(std::string_view stemmer_name)
    : stemmer_name_(stemmer_name),
      stemmer_(make_stemmer(stemmer_name)) {}

Xapian::TermGenerator Analyzer::make_term_generator() const {
    Xapian::TermGenerator generator;
    generator.set_stemmer(stemmer_);
    // STEM_SOME: every word gets a positional unstemmed term (for phrases and
    // exact matches) plus a Z-prefixed stem (for close forms).
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    return generator;
}

unsigned query_parser_flags() {
    // FLAG_DEFAULT: phrases, AND/OR/NOT (capitals only, so that Latin words
    // in a query are never read as operators by accident), +word and -word;
    // word* (prefix_search.h).
    return Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PURE_NOT | Xapian::QueryParser::FLAG_WILDCARD;
}

Xapian::QueryParser Analyzer::make_query_parser(const Xapian::Database& db) const {
    Xapian::QueryParser parser;
    parser.set_database(db);
    parser.set_stemmer(stemmer_);
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.set_default_op(Xapian::Query::OP_OR);
    // word* expands over the words as indexed (normalized, unstemmed:
    // stems are Z terms, which no prefix typed begins), at match time; the
    // MAX_PREFIX_WORDS most frequent when there are more (the searcher says so).
    parser.set_max_expansion(MAX_PREFIX_WORDS, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
                             Xapian::QueryParser::FLAG_WILDCARD);
    for (const auto& field : query_fields()) {
        if (field.boolean)
            parser.add_boolean_prefix(std::string(field.query_prefix), std::string(field.term_prefix));
        else
            parser.add_prefix(std::string(field.query_prefix), std::string(field.term_prefix));
    }
    // "date:2015-07-21..2015-07-25"; open ends ("date:2015-07-21..") work too.
    // release() hands ownership to the parser.
    parser.add_rangeprocessor(
        (new Xapian::DateRangeProcessor(VALUE_DATE, std::string(DATE_QUERY_PREFIX) + ":"))->release());
    return parser;
}

Xapian::Query Analyzer::parse_query(Xapian::QueryParser& parser, std::string_view query, unsigned extra_flags,
                                    const VariantTable* variants) const {
    std::string normalized = normalize_text(query, TextRole::query);
    if (variants) normalized = variants->expand(normalized);
    return parser.parse_query(normalized, query_parser_flags() | extra_flags);
}

}  // namespace fahras
