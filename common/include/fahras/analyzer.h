/** @file analyzer.h
 *  @brief The one analyzer both programs use: normalization + terms + stems.
 *
 *  Fahras normalizes text itself (normalize.h) and then lets Xapian's
 *  TermGenerator and QueryParser split words and add Z-prefixed stems.
 *  Both are configured here, in one place, so index and query agree.
 */
#ifndef FAHRAS_ANALYZER_H
#define FAHRAS_ANALYZER_H

#include <fahras/normalize.h>
#include <fahras/variants.h>

#include <xapian.h>

#include <string>
#include <string_view>

namespace fahras {

class Analyzer {
  public:
    /** @param stemmer_name  one of stemmer_names(); throws fahras::Error if unknown. */
    explicit Analyzer(std::string_view stemmer_name);

    const std::string& stemmer_name() const { return stemmer_name_; }
    const Xapian::Stem& stemmer() const { return stemmer_; }

    /** A TermGenerator set up for indexing (document must be set by the caller). */
    Xapian::TermGenerator make_term_generator() const;

    /** A QueryParser with the same stemmer, field prefixes and date ranges.
     *  A date: range with a Hijri date that does not exist matches nothing,
     *  and the first such sets @a date_problem (when given) to a message. */
    Xapian::QueryParser make_query_parser(const Xapian::Database& db, std::string* date_problem = nullptr) const;

    /** Teach @a parser the groups VariantTable::mark_groups() writes, each
     *  read as one word: its members (stems, phrases of several words)
     *  under OP_SYNONYM.  @a variants must outlive the parser. */
    void add_variant_groups(Xapian::QueryParser& parser, const VariantTable& variants) const;

    /** What @a parser is given for a normalized query: its name-variant
     *  groups (if @a variants, taught to the parser too) and its Arabic
     *  word* written as tokens the parser reads (prefix_search.h). */
    std::string parser_text(Xapian::QueryParser& parser, const std::string& normalized_query,
                            const VariantTable* variants) const;

    /** Normalize, expand name variants (if @a variants: each group weighed
     *  as one word, add_variant_groups()), then parse, a query typed by a
     *  user.  Throws Xapian::QueryParserError on bad syntax. */
    Xapian::Query parse_query(Xapian::QueryParser& parser, std::string_view query, unsigned extra_flags = 0,
                              const VariantTable* variants = nullptr) const;

  private:
    std::string stemmer_name_;
    Xapian::Stem stemmer_;
};

/** Query-parser flags Fahras uses: phrases, boolean operators, +/-, pure NOT, word*. */
unsigned query_parser_flags();

}  // namespace fahras

#endif  // FAHRAS_ANALYZER_H
