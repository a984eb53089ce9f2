#include <fahras/analyzer.h>

#include <fahras/dates.h>
#include <fahras/prefix_search.h>
#include <fahras/schema.h>
#include <fahras/stemmers.h>

#include <string>
#include <vector>

namespace fahras {

namespace {

// date:FROM..TO.  A range with a Hijri end (date:1436-09h..1436-10h) is
// read as --from and --to read their dates (dates.h: read_date_bound), a
// month standing for all its days; any other goes to Xapian's
// DateRangeProcessor as before (2015-07-21, 20150721, 21/07/2015).  A
// Hijri date that does not exist matches nothing, and *problem says why
// (the parser is not thrown through: the caller refuses the query).
class HijriDateRangeProcessor : public Xapian::DateRangeProcessor {
  public:
    explicit HijriDateRangeProcessor(std::string* problem)
        : Xapian::DateRangeProcessor(VALUE_DATE, std::string(DATE_QUERY_PREFIX) + ":"), problem_(problem) {}

    Xapian::Query operator()(const std::string& begin, const std::string& end) override {
        const DateBound from = read_date_bound(begin, false);
        const DateBound to = read_date_bound(end, true);
        if (!from.hijri && !to.hijri) return Xapian::DateRangeProcessor::operator()(begin, end);
        for (const auto& [text, bound] : {std::pair(&begin, &from), std::pair(&end, &to)}) {
            if (text->empty() || !bound->day.empty()) continue;
            if (problem_ && problem_->empty())
                *problem_ = std::string(DATE_QUERY_PREFIX) + ": expects " + std::string(DATE_BOUND_FORMS) +
                            ", got '" + *text + "'" + (bound->problem.empty() ? "" : ": " + bound->problem);
            return Xapian::Query::MatchNothing;
        }
        if (begin.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, VALUE_DATE, to.day);
        if (end.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, VALUE_DATE, from.day);
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, VALUE_DATE, from.day, to.day);
    }

  private:
    std::string* problem_;
};

// A group of name variants, written by VariantTable::mark_groups() as
// "fahrasvariants:N", read as one word.  Its members are parsed as the
// query's own words are (a stem for a word, a phrase for several) and put
// under OP_SYNONYM, which weighs them as a single term holding all their
// postings.  Under OR each spelling would be weighed on its own, the rarest
// highest: a misspelling or an English name in an Arabic archive would
// outweigh everything else the user typed (docs/retrieval.md).
class VariantGroupProcessor : public Xapian::FieldProcessor {
  public:
    VariantGroupProcessor(const VariantTable& variants, const Xapian::Stem& stemmer)
        : variants_(variants), stemmer_(stemmer) {}

    Xapian::Query operator()(const std::string& number) override {
        if (number.empty() || number.size() > 9 || number.find_first_not_of("0123456789") != std::string::npos)
            return Xapian::Query::MatchNothing;
        const std::string text = variants_.group_text(std::stoul(number));
        if (text.empty()) return Xapian::Query::MatchNothing;
        Xapian::QueryParser parser;
        parser.set_stemmer(stemmer_);
        parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        const Xapian::Query members =
            parser.parse_query(text, Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_PHRASE);
        if (members.get_type() != Xapian::Query::OP_OR) return members;  // spellings of one stem
        std::vector<Xapian::Query> parts;
        for (std::size_t i = 0; i < members.get_num_subqueries(); ++i) parts.push_back(members.get_subquery(i));
        return Xapian::Query(Xapian::Query::OP_SYNONYM, parts.begin(), parts.end());
    }

  private:
    const VariantTable& variants_;
    Xapian::Stem stemmer_;
};

// An Arabic word* written by with_article_prefixes() (prefix_search.h):
// the words that begin with it or with the article and it, each limited
// as the parser limits a wildcard, under one OP_SYNONYM, so that the two
// spellings weigh as one word (as word* alone does), not the rarer more.
class ArticlePrefixProcessor : public Xapian::FieldProcessor {
  public:
    Xapian::Query operator()(const std::string& prefix) override {
        const auto words = [](const std::string& begin) {
            return Xapian::Query(Xapian::Query::OP_WILDCARD, begin, MAX_PREFIX_WORDS,
                                 Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT, Xapian::Query::OP_SYNONYM);
        };
        if (!takes_article(prefix)) return words(prefix);
        return Xapian::Query(Xapian::Query::OP_SYNONYM, words(prefix), words(std::string(ARABIC_ARTICLE) + prefix));
    }
};

}  // namespace

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

Xapian::QueryParser Analyzer::make_query_parser(const Xapian::Database& db, std::string* date_problem) const {
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
    // "date:2015-07-21..2015-07-25"; open ends ("date:2015-07-21..") work
    // too, and Hijri dates ("date:1436-09h..").  release() hands ownership
    // to the parser.
    parser.add_rangeprocessor((new HijriDateRangeProcessor(date_problem))->release());
    parser.add_prefix(std::string(ARTICLE_PREFIX_QUERY_PREFIX), (new ArticlePrefixProcessor)->release());
    return parser;
}

void Analyzer::add_variant_groups(Xapian::QueryParser& parser, const VariantTable& variants) const {
    parser.add_prefix(std::string(VARIANT_GROUP_QUERY_PREFIX),
                      (new VariantGroupProcessor(variants, stemmer_))->release());
}

std::string Analyzer::parser_text(Xapian::QueryParser& parser, const std::string& normalized_query,
                                  const VariantTable* variants) const {
    if (!variants) return with_article_prefixes(normalized_query);
    add_variant_groups(parser, *variants);
    return with_article_prefixes(variants->mark_groups(normalized_query));
}

Xapian::Query Analyzer::parse_query(Xapian::QueryParser& parser, std::string_view query, unsigned extra_flags,
                                    const VariantTable* variants) const {
    const std::string normalized = parser_text(parser, normalize_text(query, TextRole::query), variants);
    return parser.parse_query(normalized, query_parser_flags() | extra_flags);
}

}  // namespace fahras
