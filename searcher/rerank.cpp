#include "rerank.h"

#include "postings.h"

#include <fahras/normalize.h>
#include <fahras/schema.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>

namespace fahras {

namespace {

// Per pair of query words found together, of the result's own weight:
// measured with bench/eval (docs/retrieval.md).
constexpr double PROXIMITY_BONUS = 0.05;

// What holding the query's words as a phrase multiplies a result's weight
// by: measured on name queries and with bench/eval (docs/retrieval.md).
constexpr double PHRASE_FOUND = 0.1;
constexpr double PHRASE_IN_TITLE = 0.3;
constexpr double PHRASE_IN_LEAD = 0.2;
constexpr double PHRASE_PER_REPEAT = 0.05;  // per occurrence after the first
constexpr std::size_t PHRASE_MAX_REPEATS = 4;

// Xapian::BM25Weight's default parameters, which the match ranks by
// (tests/rerank_test.cpp holds the two to the same weights).
constexpr double BM25_K1 = 1.0;
constexpr double BM25_B = 0.5;
constexpr double BM25_MIN_NORMLEN = 0.5;

/** The part of a term's BM25 weight that is the same in every article:
 *  its idf as Xapian computes it, times k1 + 1 and @a factor.  The parser's
 *  leaves have a wqf of 1, for which BM25's k3 factor is 1. */
double term_weight(Xapian::doccount collection_size, Xapian::doccount termfreq, double factor) {
    if (termfreq == 0) return 0;
    double odds = (collection_size - termfreq + 0.5) / (termfreq + 0.5);
    // Xapian's guard for a term in more than about a third of the
    // articles: a small positive weight, never a negative one.
    if (odds < 2) odds = odds * 0.5 + 1;
    return std::log(odds) * factor * (BM25_K1 + 1);
}

/** The share of term_weight an article earns with @a wdf occurrences of
 *  the term in @a length words, when articles average @a average words. */
double length_share(Xapian::termcount wdf, Xapian::termcount length, double average) {
    const double normalized = std::max(average > 0 ? length / average : 0.0, BM25_MIN_NORMLEN);
    const double occurrences = wdf;
    return occurrences / (BM25_K1 * (normalized * BM25_B + (1 - BM25_B)) + occurrences);
}

/** Whether @a second stands right after @a first somewhere: both lists of
 *  positions are sorted, so walk them side by side. */
bool stand_together(const std::vector<Xapian::termpos>& first, const std::vector<Xapian::termpos>& second) {
    auto a = first.begin();
    auto b = second.begin();
    while (a != first.end() && b != second.end()) {
        if (*b == *a + 1) return true;
        if (*b <= *a) ++b;
        else ++a;
    }
    return false;
}

// The nouns an institution named after a person puts right before the
// name: مركز الملك سلمان للإغاثة, جامعة الملك سعود, جائزة الملك فيصل,
// مستشفى الملك فهد, طريق الملك عبدالعزيز, مركزي محمد بن نايف للمناصحة.
// Their articles hold the name in order, in the headline and again, and
// would pass for articles about the person.  Written as the archive writes
// them (ة, ى, hamza), normalized once, as the index normalizes them: the
// construct state keeps ة, which is ه then.  Nouns of places and things
// named after people, not titles or offices (not وزير, ولي العهد: those
// are the person).  مركزي is the dual in construct ("the two centres
// of"), the one common in the archive.
constexpr std::string_view INSTITUTION_NOUNS[] = {
    "مركز", "مركزي", "جامعة", "جائزة", "مدينة", "مستشفى", "مشفى", "مؤسسة", "برنامج", "كلية", "معهد",
    "مطار", "شارع", "طريق", "قاعدة", "ميناء", "مسجد", "جامع", "حي", "مجمع", "صندوق", "كرسي", "مشروع",
    "مدرسة", "ملعب", "استاد", "قاعة", "مكتبة", "دارة", "واحة", "منحة", "وسام", "قلادة", "جمعية",
    "ميدان", "مهرجان", "كأس", "حديقة", "نادي",
};

// The proclitics such a noun takes in the archive (لمركز, ومركز, بمركز,
// بمستشفى; the pairs وب, ول are rare there): each form is one more term to
// look up per search.  No ال: a noun in construct has none.
constexpr std::string_view NOUN_PROCLITICS[] = {"", "و", "ب", "ل"};

// The titles written between the noun and the name: مركز الأمير محمد بن
// نايف, ميدان الأمير محمد بن نايف.
constexpr std::string_view HONORIFICS[] = {"الأمير", "الأميرة", "الملك", "الشيخ"};

/** What score_window reads of one term. */
struct Need {
    double factor = 0;
    std::vector<std::string> weighed_with;  // a boost leaf's terms weighed as one
    bool paired = false;     // a word of a pair, or of a phrase
    bool first_word = false;  // a form of a phrase's first word: its title wdf too
    double weight = 0;
    std::vector<Xapian::termcount> wdf;  // per article, 0 where it is not
    std::vector<Xapian::termcount> title_wdf;  // per article, for a first word
    std::vector<std::vector<Xapian::termpos>> positions;  // per article, where needed
};

using Wanted = std::map<std::string, std::vector<char>>;  // term → per article, whether its positions are

void want(Wanted& wanted, const std::string& term, std::size_t i, std::size_t size) {
    auto& flags = wanted[term];
    flags.resize(size, 0);
    flags[i] = 1;
}

/** Whether article @a i holds some form of each word of @a phrase. */
bool holds_phrase_words(const Phrase& phrase, const std::map<std::string, Need>& needs, std::size_t i) {
    return std::all_of(phrase.words.begin(), phrase.words.end(), [&](const std::vector<std::string>& forms) {
        return std::any_of(forms.begin(), forms.end(), [&](const std::string& form) { return needs.at(form).wdf[i] != 0; });
    });
}

/** The positions score_window needs: only where both words of a pair, or
 *  every word of a phrase, are.  A position lookup costs a B-tree
 *  descent, and most articles hold one word without the other. */
Wanted wanted_positions(std::size_t size, const std::vector<std::pair<std::string, std::string>>& pairs,
                        const std::vector<Phrase>& phrases, const std::map<std::string, Need>& needs) {
    Wanted wanted;
    for (const auto& [first, second] : pairs) {
        const auto& a = needs.at(first).wdf;
        const auto& b = needs.at(second).wdf;
        for (std::size_t i = 0; i < size; ++i) {
            if (a[i] == 0 || b[i] == 0) continue;
            want(wanted, first, i, size);
            want(wanted, second, i, size);
        }
    }
    for (const Phrase& phrase : phrases) {
        for (std::size_t i = 0; i < size; ++i) {
            if (!holds_phrase_words(phrase, needs, i)) continue;
            for (const auto& forms : phrase.words)
                for (const auto& form : forms)
                    if (needs.at(form).wdf[i] != 0) want(wanted, form, i, size);
        }
    }
    return wanted;
}

/** The positions of @a term in article @a i, or none where they were not read. */
const std::vector<Xapian::termpos>& positions_of(const Need& need, std::size_t i) {
    static const std::vector<Xapian::termpos> NONE;
    return need.positions.empty() ? NONE : need.positions[i];
}

/** Where article @a i holds @a phrase, from the positions read; not where
 *  @a before says an institution's name begins. */
PhraseHits phrase_hits(const Phrase& phrase, const std::map<std::string, Need>& needs, std::size_t i,
                       const Before& before) {
    std::vector<Occurrence> first;
    for (const auto& form : phrase.words.front()) {
        const Need& need = needs.at(form);
        if (need.wdf[i] == 0) continue;
        const std::vector<Occurrence> found = locate(positions_of(need, i), need.wdf[i], need.title_wdf[i]);
        first.insert(first.end(), found.begin(), found.end());
    }
    std::sort(first.begin(), first.end(), [](const Occurrence& a, const Occurrence& b) { return a.position < b.position; });
    std::vector<std::vector<Xapian::termpos>> rest;
    for (std::size_t k = 1; k < phrase.words.size(); ++k) {
        std::vector<Xapian::termpos> positions;
        for (const auto& form : phrase.words[k]) {
            const auto& found = positions_of(needs.at(form), i);
            positions.insert(positions.end(), found.begin(), found.end());
        }
        std::sort(positions.begin(), positions.end());
        rest.push_back(std::move(positions));
    }
    return find_phrase(first, rest, before);
}

/** Read into @a before what stands before names in the articles @a which
 *  flags: the positions of the institution nouns, and of the titles in
 *  the articles holding a noun.  Each form's postlist is walked over those
 *  articles alone, and positions read where it is. */
void read_before(WindowTerms& window, const std::vector<char>& which, std::vector<Before>& before) {
    const auto read = [&](const std::vector<std::string>& forms, const std::vector<std::size_t>& in,
                          std::vector<Xapian::termpos> Before::*member) {
        if (in.empty()) return;
        for (const auto& form : forms)
            window.for_each_holder(form, in, [&](std::size_t i, Xapian::termcount) {
                auto& positions = before[i].*member;
                const std::vector<Xapian::termpos> found = window.positions(i, form);
                positions.insert(positions.end(), found.begin(), found.end());
            });
        for (std::size_t i : in) std::sort((before[i].*member).begin(), (before[i].*member).end());
    };
    std::vector<std::size_t> articles;
    for (std::size_t i : window.by_id())
        if (which[i]) articles.push_back(i);
    read(institution_forms(), articles, &Before::institution);
    std::vector<std::size_t> with_noun;
    for (std::size_t i : articles)
        if (!before[i].institution.empty()) with_noun.push_back(i);
    read(honorific_forms(), with_noun, &Before::honorific);
}

/** Add to @a hits, per article, where it holds each of @a phrases, from
 *  the positions read.  The title's terms are read of the first word alone
 *  (how many of its positions are the title's), and only when some
 *  article holds every word of the phrase. */
void count_phrases(WindowTerms& window, const std::vector<Phrase>& phrases, std::map<std::string, Need>& needs,
                   std::vector<PhraseHits>& hits) {
    const std::size_t size = window.size();
    // What stands before the names, read once per article, and only of
    // the articles holding one: most of the window holds none.
    std::vector<Before> before(size);
    std::vector<char> before_read(size, 0);
    for (const Phrase& phrase : phrases) {
        std::vector<char> candidate(size, 0);
        for (std::size_t i = 0; i < size; ++i) candidate[i] = holds_phrase_words(phrase, needs, i);
        if (std::find(candidate.begin(), candidate.end(), 1) == candidate.end()) continue;
        for (const auto& form : phrase.words.front()) {
            Need& need = needs.at(form);
            if (!need.title_wdf.empty()) continue;
            need.title_wdf.assign(size, 0);
            window.for_each_holder(std::string(PREFIX_TITLE) + form,
                                   [&](std::size_t i, Xapian::termcount wdf) { need.title_wdf[i] = wdf; });
        }
        std::vector<PhraseHits> found(size);
        std::vector<char> to_read(size, 0);
        for (std::size_t i = 0; i < size; ++i) {
            if (!candidate[i]) continue;
            found[i] = phrase_hits(phrase, needs, i, {});
            to_read[i] = found[i].total() > 0 && !before_read[i];
            before_read[i] |= to_read[i];
        }
        read_before(window, to_read, before);
        for (std::size_t i = 0; i < size; ++i) {
            if (found[i].total() > 0 && !before[i].institution.empty()) found[i] = phrase_hits(phrase, needs, i, before[i]);
            hits[i].title += found[i].title;
            hits[i].lead += found[i].lead;
            hits[i].body += found[i].body;
        }
    }
}

/** @a words normalized, each after each of @a proclitics. */
template <std::size_t W, std::size_t P>
std::vector<std::string> normalized_forms(const std::string_view (&words)[W], const std::string_view (&proclitics)[P]) {
    std::vector<std::string> forms;
    for (const std::string_view word : words)
        for (const std::string_view proclitic : proclitics) forms.push_back(normalize_text(std::string(proclitic) + std::string(word)));
    std::sort(forms.begin(), forms.end());
    forms.erase(std::unique(forms.begin(), forms.end()), forms.end());
    return forms;
}

/** What each term is read for: a weight (leaves of the same term weigh
 *  alike, so their factors add up) and the positions proximity needs. */
std::map<std::string, Need> needs_of(const Boost& boost, const std::vector<std::pair<std::string, std::string>>& pairs,
                                     const std::vector<Phrase>& phrases) {
    std::map<std::string, Need> needs;
    for (const auto& leaf : boost) {
        Need& need = needs[leaf.term];
        need.factor += leaf.factor;
        if (!leaf.weighed_with.empty()) need.weighed_with = leaf.weighed_with;
    }
    for (const auto& [first, second] : pairs) {
        needs[first].paired = true;
        needs[second].paired = true;
    }
    for (const Phrase& phrase : phrases) {
        for (const auto& forms : phrase.words)
            for (const auto& form : forms) needs[form].paired = true;
        for (const auto& form : phrase.words.front()) needs[form].first_word = true;
    }
    return needs;
}

/** Every term score_window asks the window about: the needs, and with
 *  phrases the titles' forms of their first words and what stands before
 *  names. */
std::vector<std::string> terms_asked(const std::map<std::string, Need>& needs, const std::vector<Phrase>& phrases) {
    std::vector<std::string> asked;
    for (const auto& entry : needs) asked.push_back(entry.first);
    if (phrases.empty()) return asked;
    for (const Phrase& phrase : phrases)
        for (const auto& form : phrase.words.front()) asked.push_back(std::string(PREFIX_TITLE) + form);
    asked.insert(asked.end(), institution_forms().begin(), institution_forms().end());
    asked.insert(asked.end(), honorific_forms().begin(), honorific_forms().end());
    return asked;
}

}  // namespace

const std::vector<std::string>& institution_forms() {
    static const std::vector<std::string> FORMS = normalized_forms(INSTITUTION_NOUNS, NOUN_PROCLITICS);
    return FORMS;
}

const std::vector<std::string>& honorific_forms() {
    static constexpr std::string_view NONE[] = {""};
    static const std::vector<std::string> FORMS = normalized_forms(HONORIFICS, NONE);
    return FORMS;
}

bool Before::institution_before(Xapian::termpos position) const {
    const auto at = [](const std::vector<Xapian::termpos>& positions, Xapian::termpos p) {
        return std::binary_search(positions.begin(), positions.end(), p);
    };
    if (position < 2) return false;
    if (at(institution, position - 1)) return true;
    return position >= 3 && at(honorific, position - 1) && at(institution, position - 2);
}

std::vector<Occurrence> locate(const std::vector<Xapian::termpos>& positions, Xapian::termcount wdf,
                               Xapian::termcount title_wdf) {
    const std::size_t count = positions.size();
    const std::size_t in_title = std::min<std::size_t>(title_wdf, count);
    // What the lead's extra weight added; a database indexed otherwise
    // (an older lead) at worst finds no lead.
    const std::size_t extra = static_cast<std::size_t>(wdf) > count + (TITLE_WEIGHT - 1) * in_title
                                  ? wdf - count - (TITLE_WEIGHT - 1) * in_title
                                  : 0;
    const std::size_t in_lead = std::min(extra / LEAD_EXTRA_WEIGHT, count - in_title);
    std::vector<Occurrence> occurrences;
    occurrences.reserve(count);
    for (std::size_t k = 0; k < count; ++k) {
        const Region region = k < in_title ? Region::title : k < in_title + in_lead ? Region::lead : Region::body;
        occurrences.push_back({positions[k], region});
    }
    return occurrences;
}

PhraseHits find_phrase(const std::vector<Occurrence>& first, const std::vector<std::vector<Xapian::termpos>>& rest,
                       const Before& before) {
    PhraseHits hits;
    for (const Occurrence& start : first) {
        if (before.institution_before(start.position)) continue;
        bool whole = true;
        for (std::size_t k = 0; k < rest.size() && whole; ++k)
            whole = std::binary_search(rest[k].begin(), rest[k].end(), start.position + static_cast<Xapian::termpos>(k + 1));
        if (!whole) continue;
        switch (start.region) {
            case Region::title: ++hits.title; break;
            case Region::lead: ++hits.lead; break;
            case Region::body: ++hits.body; break;
        }
    }
    return hits;
}

double phrase_factor(const PhraseHits& hits) {
    if (hits.total() == 0) return 1.0;
    const std::size_t repeats = std::min(hits.total() - 1, PHRASE_MAX_REPEATS);
    return 1.0 + PHRASE_FOUND + (hits.title > 0 ? PHRASE_IN_TITLE : 0.0) + (hits.lead > 0 ? PHRASE_IN_LEAD : 0.0) +
           PHRASE_PER_REPEAT * static_cast<double>(repeats);
}

Boost boost_terms(const Xapian::Query& query) {
    Boost terms;
    for (auto term = query.get_terms_begin(); term != query.get_terms_end(); ++term)
        if (!(*term).empty()) terms.push_back({*term, 1.0, {}});
    return terms;
}

Xapian::Query boost_query(const Boost& boost) {
    if (boost.empty()) return Xapian::Query();
    // Leaves of the same factor under one OP_SCALE_WEIGHT, in order of
    // first appearance: "0.5 * (a OR b)" rather than "0.5 * a OR 0.5 * b".
    std::vector<std::pair<double, std::vector<Xapian::Query>>> by_factor;
    for (const auto& leaf : boost) {
        auto group = std::find_if(by_factor.begin(), by_factor.end(), [&](const auto& g) { return g.first == leaf.factor; });
        if (group == by_factor.end()) group = by_factor.insert(by_factor.end(), {leaf.factor, {}});
        group->second.emplace_back(leaf.term);
    }
    std::vector<Xapian::Query> scaled;
    for (const auto& [factor, terms] : by_factor) {
        Xapian::Query either(Xapian::Query::OP_OR, terms.begin(), terms.end());
        scaled.push_back(factor == 1.0 ? either : Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, either, factor));
    }
    if (scaled.size() == 1) return scaled.front();
    return Xapian::Query(Xapian::Query::OP_OR, scaled.begin(), scaled.end());
}

WindowScores score_window(const Xapian::Database& db, WindowTerms& window, const Boost& boost,
                          const std::vector<std::pair<std::string, std::string>>& pairs,
                          const std::vector<Phrase>& phrases, TermFrequencies* frequencies) {
    const std::vector<Xapian::docid>& docids = window.docids();
    WindowScores scores{std::vector<double>(docids.size(), 0.0), std::vector<std::size_t>(docids.size(), 0),
                        std::vector<PhraseHits>(docids.size()), {}};
    if (docids.empty() || (boost.empty() && pairs.empty() && phrases.empty())) return scores;
    std::map<std::string, Need> needs = needs_of(boost, pairs, phrases);
    // On remote shards, how many articles hold each term the window is
    // asked about, in one match: it decides how each is read.
    window.know(terms_asked(needs, phrases));
    const Xapian::doccount collection_size = db.get_doccount();
    // Every walk goes over the articles in increasing id order, so each list
    // it reads (a postlist, the document lengths, a term's positions) only
    // ever moves forward, within the same few blocks.
    const std::vector<std::size_t>& by_id = window.by_id();
    std::vector<char> boosted(docids.size(), 0);
    // Not a structured binding: C++17 lets no lambda capture one (clang
    // refuses; GCC lets it pass), and the walk below writes into need.
    for (auto& entry : needs) {
        const std::string& term = entry.first;
        Need& need = entry.second;
        if (need.factor != 0) {
            const auto frequency = [&](const std::string& t) { return frequencies ? (*frequencies)(t) : db.get_termfreq(t); };
            Xapian::doccount termfreq = need.weighed_with.empty() ? frequency(term) : 0;
            // Articles holding two spellings are counted twice: a bound, as
            // Xapian's estimate for OP_SYNONYM is.
            for (const auto& other : need.weighed_with) termfreq += frequency(other);
            need.weight = term_weight(collection_size, std::min(termfreq, collection_size), need.factor);
        }
        if (need.weight == 0 && !need.paired) continue;
        need.wdf.assign(docids.size(), 0);
        window.for_each_holder(term, [&](std::size_t i, Xapian::termcount wdf) {
            // A text term occurs at least once; 1 stands in for a term
            // indexed without wdf, so it still counts as held.
            need.wdf[i] = std::max<Xapian::termcount>(wdf, 1);
            if (need.weight != 0) boosted[i] = 1;
        });
    }
    for (const auto& [term, need] : needs) {
        auto& ids = scores.holders[term];
        for (std::size_t i : by_id)
            if (!need.wdf.empty() && need.wdf[i] != 0) ids.push_back(docids[i]);
    }
    // Lengths only of the articles a boost term is in: each costs a lookup.
    std::vector<Xapian::termcount> lengths(docids.size(), 0);
    for (std::size_t i : by_id)
        if (boosted[i]) lengths[i] = window.length(i);
    const double average_length = db.get_avlength();
    for (const auto& [term, need] : needs) {
        if (need.weight == 0) continue;
        for (std::size_t i = 0; i < docids.size(); ++i)
            if (need.wdf[i] != 0) scores.boost[i] += need.weight * length_share(need.wdf[i], lengths[i], average_length);
    }
    if (pairs.empty() && phrases.empty()) return scores;
    const Wanted wanted = wanted_positions(docids.size(), pairs, phrases, needs);
    for (const auto& [term, flags] : wanted) {
        auto& positions = needs.at(term).positions;
        positions.resize(docids.size());
        for (std::size_t i : by_id)
            if (flags[i]) positions[i] = window.positions(i, term);
    }
    for (const auto& [first, second] : pairs)
        for (std::size_t i = 0; i < docids.size(); ++i)
            if (stand_together(positions_of(needs.at(first), i), positions_of(needs.at(second), i)))
                ++scores.pairs_together[i];
    count_phrases(window, phrases, needs, scores.phrases);
    return scores;
}

WindowScores score_window(const Xapian::Database& db, const std::vector<Xapian::docid>& docids, const Boost& boost,
                          const std::vector<std::pair<std::string, std::string>>& pairs,
                          const std::vector<Phrase>& phrases, TermFrequencies* frequencies) {
    WindowTerms window(db, docids);
    return score_window(db, window, boost, pairs, phrases, frequencies);
}

Reranking rerank_top(const Xapian::Database& db, const Xapian::MSet& mset, const Boost& boost,
                     const std::vector<std::pair<std::string, std::string>>& pairs,
                     const std::vector<Phrase>& phrases, std::size_t window, TermFrequencies* frequencies,
                     bool remote_shards) {
    const Xapian::doccount reordered = static_cast<Xapian::doccount>(std::min<std::size_t>(window, mset.size()));
    std::vector<Xapian::docid> docids;
    for (Xapian::doccount i = 0; i < reordered; ++i) docids.push_back(*mset[i]);
    WindowTerms terms(db, docids, remote_shards);
    WindowScores scores = score_window(db, terms, boost, pairs, phrases, frequencies);
    Reranking reranking;
    auto& order = reranking.order;
    for (Xapian::doccount i = 0; i < reordered; ++i) {
        const double weight = mset[i].get_weight() + scores.boost[i];
        order.emplace_back(i, weight * (1 + PROXIMITY_BONUS * static_cast<double>(scores.pairs_together[i])) *
                                  phrase_factor(scores.phrases[i]));
    }
    std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
        if (a.second != b.second) return a.second > b.second;
        return docids[a.first] < docids[b.first];
    });
    for (Xapian::doccount i = reordered; i < mset.size(); ++i) order.emplace_back(i, mset[i].get_weight());
    std::sort(docids.begin(), docids.end());
    reranking.window = std::move(docids);
    reranking.holders = std::move(scores.holders);
    return reranking;
}

}  // namespace fahras
