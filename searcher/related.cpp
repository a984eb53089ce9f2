#include "related.h"

#include "match.h"
#include "other_versions.h"
#include "query_analysis.h"

#include <fahras/error.h>
#include <fahras/normalize.h>
#include <fahras/schema.h>
#include <fahras/words.h>

#include <algorithm>
#include <cmath>

namespace fahras {

namespace {

// The expand set's candidates: a predicate on terms, and with @a stopper
// no stem of a function word (في, عن, and على, whose stem علي is also a name).
class TermFilter : public Xapian::ExpandDecider {
  public:
    TermFilter(bool (*accept)(std::string_view), const Xapian::Stopper* stopper) : accept_(accept), stopper_(stopper) {}
    bool operator()(const std::string& term) const override {
        return accept_(term) && !(stopper_ && (*stopper_)(term.substr(PREFIX_STEM.size())));
    }

  private:
    bool (*accept_)(std::string_view);
    const Xapian::Stopper* stopper_;
};

bool is_upper_ascii(char c) { return c >= 'A' && c <= 'Z'; }

// Xapian's expand set for the article alone, up to @a count terms @a filter accepts.
Xapian::ESet expand_set(const Xapian::Database& db, Xapian::docid docid, std::size_t count, const TermFilter& filter) {
    Xapian::Enquire enquire(db);
    Xapian::RSet relevant;
    relevant.add_document(docid);
    return enquire.get_eset(static_cast<Xapian::termcount>(count), relevant, &filter);
}

// The stems of the title's words: its ZS terms, as stems of the whole text.
std::vector<RelatedTerm> title_terms(const Xapian::Database& db, Xapian::docid docid) {
    const std::string title_stems = stem_term("", PREFIX_TITLE);
    std::vector<RelatedTerm> out;
    Xapian::TermIterator term = db.termlist_begin(docid);
    for (term.skip_to(title_stems); term != db.termlist_end(docid); ++term) {
        if ((*term).compare(0, title_stems.size(), title_stems) != 0) break;
        out.push_back(RelatedTerm{stem_term((*term).substr(title_stems.size())), 1, 1});
    }
    return out;
}

}  // namespace

LikeArticle find_like_article(const Xapian::Database& db, const std::string& id) {
    const std::string term = make_id_term(id);
    for (auto posting = db.postlist_begin(term); posting != db.postlist_end(term); ++posting) {
        const Xapian::Document doc = db.get_document(*posting);
        StoredArticle stored = read_stored_article(doc, false);
        // A hashed id term could be shared by two long ids: the stored id decides.
        if (stored.id != id) continue;
        return LikeArticle{*posting, std::move(stored.id), doc.get_value(VALUE_GROUP), doc.get_value(VALUE_DATE),
                           std::move(stored.places)};
    }
    throw Error(EXIT_UNKNOWN_ARTICLE, "--like: no article has the id '" + id +
                                          "' (give an id as the results show it: fahras-search --json prints it as \"id\")");
}

bool is_body_stem(std::string_view term) {
    return term.size() > PREFIX_STEM.size() && is_stem_term(term) && !is_upper_ascii(term[PREFIX_STEM.size()]);
}

bool is_free_text_term(std::string_view term) {
    if (term.empty()) return false;
    if (!is_upper_ascii(term[0])) return true;  // a word as written
    return term[0] == PREFIX_STEM[0] || term.substr(0, PREFIX_TITLE.size()) == PREFIX_TITLE ||
           term.substr(0, PREFIX_AUTHOR.size()) == PREFIX_AUTHOR;
}

std::set<std::string> name_stems(const Analyzer& analyzer, const std::vector<PlaceRef>& places,
                                 const VariantTable* variants) {
    std::set<std::string> stems;
    const auto add_words = [&](std::string_view text) {
        for (const std::string_view word : words_of(text)) {
            if (word == "OR") continue;  // group_text()'s operator
            // Lower case, as the term generator writes a Latin word (Kerry: kerri).
            const std::string stem = analyzer.stemmer()(Xapian::Unicode::tolower(word_term(word)));
            if (!stem.empty()) stems.insert(stem_term(stem));
        }
    };
    for (const PlaceRef& place : places) add_words(normalize_text(place.name, TextRole::document));
    if (variants)
        for (std::size_t group = 0; group < variants->groups(); ++group) add_words(variants->group_text(group));
    return stems;
}

std::vector<RelatedTerm> related_terms(const Xapian::Database& db, Xapian::docid docid, LikeTerms kind,
                                       const std::set<std::string>& names) {
    if (kind == LikeTerms::title) return title_terms(db, docid);
    const bool plain = kind == LikeTerms::plain;
    const TermFilter filter(plain ? &is_free_text_term : &is_body_stem, plain ? nullptr : &arabic_stopper());
    const Xapian::ESet eset = expand_set(db, docid, plain ? RELATED_TERMS : RELATED_CANDIDATES, filter);
    std::vector<RelatedTerm> terms;
    for (auto it = eset.begin(); it != eset.end(); ++it) {
        const double query_weight = !plain && names.count(*it) ? NAME_WEIGHT : 1.0;
        terms.push_back(RelatedTerm{*it, it.get_weight() * query_weight, query_weight});
    }
    // Stable: among equal weights, Xapian's order (by term).
    std::stable_sort(terms.begin(), terms.end(),
                     [](const RelatedTerm& a, const RelatedTerm& b) { return a.expand_weight > b.expand_weight; });
    if (terms.size() > RELATED_TERMS) terms.resize(RELATED_TERMS);
    return terms;
}

Xapian::Query related_query(const std::vector<RelatedTerm>& terms) {
    std::vector<Xapian::Query> parts;
    for (const RelatedTerm& term : terms) {
        Xapian::Query leaf(term.term);
        parts.push_back(term.query_weight == 1.0 ? leaf : Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, leaf, term.query_weight));
    }
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

Xapian::Query own_story(const Xapian::Database& db, const LikeArticle& article, bool remote_shards) {
    // On remote shards the servers tell the story by its value
    // (other_versions.h): walking it would be a round trip a read.
    if (remote_shards && !article.group.empty()) return in_stories({article.group});
    std::vector<std::string> ids;
    if (!article.group.empty()) ids = story_id_terms(db, article.docid, article.group);
    else ids.push_back(make_id_term(article.id));
    return Xapian::Query(Xapian::Query::OP_OR, ids.begin(), ids.end());
}

bool day_number(std::string_view yyyymmdd, long& days) {
    if (yyyymmdd.size() != 8 || !std::all_of(yyyymmdd.begin(), yyyymmdd.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    const auto number = [&](std::size_t at, std::size_t size) {
        long n = 0;
        for (std::size_t i = at; i < at + size; ++i) n = n * 10 + (yyyymmdd[i] - '0');
        return n;
    };
    long year = number(0, 4);
    const long month = number(4, 2), day = number(6, 2);
    if (month < 1 || month > 12 || day < 1 || day > 31) return false;
    // Days of the proleptic Gregorian calendar, counted in eras of 400
    // years from a year that starts in March (so February ends it).
    if (month <= 2) --year;
    const long era = year / 400;  // year >= 0 here
    const long year_of_era = year - era * 400;
    const long day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    days = era * 146097 + day_of_era - 719468;
    return true;
}

double date_closeness(long days) {
    const double apart = std::fabs(static_cast<double>(days));
    return 1.0 + DATE_WEIGHT * DATE_HALF_DAYS / (DATE_HALF_DAYS + apart);
}

}  // namespace fahras
