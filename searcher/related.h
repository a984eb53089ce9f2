/** @file related.h
 *  @brief Related articles (--like ID): the terms of one article that say
 *  what it is about, as a query for the articles about the same story or
 *  subject, its own story left out.
 *
 *  The terms come from Xapian's expand set: the article alone as the
 *  relevant set (RSet), its terms weighed by Xapian (TradEWeight: how
 *  often the article uses a term, and how rare the term is in the
 *  archive).  Of these, the stems of the body's words are kept (not the
 *  words as written, which would count each word twice, nor the fields'
 *  copies, the id, the bands or the filters, nor the stems of function
 *  words, data/stopwords_ar.txt), and names weigh double:
 *  the stems of the places the article mentions (as the gazetteer
 *  recognized them) and of the name variants (data/variants_ar.txt), the
 *  names of people, groups and places the archive spells several ways.
 *  News about the same subject shares its names more surely than its
 *  other words (docs/stories.md has the judgement).  Among near-equal
 *  articles, those closest in date to the article come first
 *  (date_closeness): a story's follow-ups are written in the days around
 *  it, and an archive's newest articles are no nearer to an old one.
 */
#ifndef FAHRAS_RELATED_H
#define FAHRAS_RELATED_H

#include "search_types.h"

#include <fahras/analyzer.h>
#include <fahras/document.h>
#include <fahras/variants.h>

#include <xapian.h>

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace fahras {

/// Terms of the article the related query looks for.
inline constexpr std::size_t RELATED_TERMS = 20;
/// Terms of the expand set weighed, of which the RELATED_TERMS best are kept.
inline constexpr std::size_t RELATED_CANDIDATES = 60;
/// A name's weight, against 1 for any other word: in the choice of the
/// terms and in the query.
inline constexpr double NAME_WEIGHT = 2.0;
/// The first results reordered by closeness in date (date_closeness).
inline constexpr std::size_t RELATED_WINDOW = 50;
/// At most this much is added to a score for the same day (a fraction of
/// the score), half of it at DATE_HALF_DAYS apart: scores within a fifth
/// of each other are ordered by date, larger differences stay.
inline constexpr double DATE_WEIGHT = 0.2;
inline constexpr double DATE_HALF_DAYS = 7;

/** The article --like names, as the related search needs it. */
struct LikeArticle {
    Xapian::docid docid = 0;
    std::string id;
    std::string group;  ///< its story (VALUE_GROUP); "" when it has none yet
    std::string date;   ///< YYYYMMDD (VALUE_DATE); "" when undated
    std::vector<PlaceRef> places;
};

/** The article whose id is @a id.  Throws fahras::Error
 *  (EXIT_UNKNOWN_ARTICLE) when no article has it. */
LikeArticle find_like_article(const Xapian::Database& db, const std::string& id);

/** Whether the expand set may offer @a term for LikeTerms::names: a stem
 *  of the article's text (Z and no field prefix after it: "Zحلب", not
 *  "ZSحلب", "حلب" or "XPsy-aleppo"). */
bool is_body_stem(std::string_view term);

/** Whether it may offer @a term for LikeTerms::plain: any free-text term
 *  (the words, their stems, the title's and the author's), not the
 *  boolean ones (id, bands, source, year, month, places). */
bool is_free_text_term(std::string_view term);

/** The stem terms ("Z…") of the names in @a places and, when given, of the
 *  one-word and several-word members of @a variants, as @a analyzer
 *  indexes their words. */
std::set<std::string> name_stems(const Analyzer& analyzer, const std::vector<PlaceRef>& places,
                                 const VariantTable* variants);

/** A term chosen for the related query, and its weight in the query. */
struct RelatedTerm {
    std::string term;
    double expand_weight = 0;  ///< Xapian's expand weight, times the query weight
    double query_weight = 1;   ///< NAME_WEIGHT for a name, else 1
};

/** The terms of article @a docid that the related query looks for, best
 *  first: for LikeTerms::names, the RELATED_TERMS best body stems of the
 *  expand set (function words' stems left out) once names (@a names) weigh
 *  NAME_WEIGHT; for plain, the
 *  RELATED_TERMS best free-text terms as Xapian weighs them; for title,
 *  the stems of the title's words (weight 1 each). */
std::vector<RelatedTerm> related_terms(const Xapian::Database& db, Xapian::docid docid, LikeTerms kind,
                                       const std::set<std::string>& names);

/** The terms as one query: any of them, each scaled by its query weight. */
Xapian::Query related_query(const std::vector<RelatedTerm>& terms);

/** What leaves out @a article's own story: its id term and those of the
 *  other members of its story. */
Xapian::Query own_story(const Xapian::Database& db, const LikeArticle& article, bool remote_shards = false);

/** Days from 1970-01-01 to @a yyyymmdd; false when it is no such date. */
bool day_number(std::string_view yyyymmdd, long& days);

/** The factor a related article's score is multiplied by for being
 *  @a days apart from the article: 1 + DATE_WEIGHT at 0 days, 1 +
 *  DATE_WEIGHT / 2 at DATE_HALF_DAYS, towards 1 further away. */
double date_closeness(long days);

}  // namespace fahras

#endif  // FAHRAS_RELATED_H
