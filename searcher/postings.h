/** @file postings.h
 *  @brief Which of a handful of articles hold a term, and how often each
 *  term is in the archive.
 *
 *  Both the matched terms of each hit and the rescoring of the first
 *  results (rerank.h) ask which of a handful of articles hold a term
 *  (WindowTerms), and the planning and the rescoring how many articles hold
 *  a word (TermFrequencies).
 */
#ifndef FAHRAS_POSTINGS_H
#define FAHRAS_POSTINGS_H

#include <xapian.h>

#include <algorithm>
#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace fahras {

/** How many articles hold a term, each term looked up once per search:
 *  the proximity pairs and the rescoring ask about the same words, and
 *  each lookup is a B-tree descent. */
class TermFrequencies {
  public:
    explicit TermFrequencies(const Xapian::Database& db) : db_(db) {}

    Xapian::doccount operator()(const std::string& term) {
        const auto [known, inserted] = known_.try_emplace(term, 0);
        if (inserted) known->second = db_.get_termfreq(term);
        return known->second;
    }

  private:
    const Xapian::Database& db_;
    std::map<std::string, Xapian::doccount> known_;
};

/** Indices into @a docids, ordered by increasing document id. */
inline std::vector<std::size_t> indices_by_docid(const std::vector<Xapian::docid>& docids) {
    std::vector<std::size_t> by_id(docids.size());
    for (std::size_t i = 0; i < by_id.size(); ++i) by_id[i] = i;
    std::sort(by_id.begin(), by_id.end(), [&](std::size_t a, std::size_t b) { return docids[a] < docids[b]; });
    return by_id;
}

/** Which of a few articles (the window of first results, a page) hold a
 *  term, how often, and where.
 *
 *  On a local database each term's postlist is walked over the articles in
 *  increasing id order: it only ever moves forward, and costs far less
 *  than reading each article's whole termlist.  Through Xapian 1.4's remote
 *  backend (xapian-tcpsrv) a postlist comes whole over the network, every
 *  term's and every length's lookup is a round trip, and a search asks
 *  about dozens of terms (each word's forms, the institution nouns): there
 *  (@a from_termlists) each article's termlist is read instead, once, at the
 *  first question, a request per article, and its length is the sum of its
 *  terms' wdf, which is what Xapian stores as a document's length.  Both
 *  give the same answers (tests/rerank_test.cpp). */
class WindowTerms {
  public:
    WindowTerms(const Xapian::Database& db, std::vector<Xapian::docid> docids, bool from_termlists = false)
        : db_(db), docids_(std::move(docids)), by_id_(indices_by_docid(docids_)), from_termlists_(from_termlists) {}

    std::size_t size() const { return docids_.size(); }
    const std::vector<Xapian::docid>& docids() const { return docids_; }
    /** Every index, in increasing document id order. */
    const std::vector<std::size_t>& by_id() const { return by_id_; }

    /** Call @a found(i, wdf) for each index i of @a among (a subset of
     *  by_id(), in its order) whose article holds @a term. */
    template <typename Found>
    void for_each_holder(const std::string& term, const std::vector<std::size_t>& among, Found found) {
        if (from_termlists_) {
            read_termlists();
            for (std::size_t i : among) {
                const auto& terms = terms_[i];
                const auto at = std::lower_bound(terms.begin(), terms.end(), term,
                                                 [](const auto& held, const std::string& t) { return held.first < t; });
                if (at != terms.end() && at->first == term) found(i, at->second);
            }
            return;
        }
        Xapian::PostingIterator post = db_.postlist_begin(term);
        const Xapian::PostingIterator end = db_.postlist_end(term);
        for (std::size_t i : among) {
            post.skip_to(docids_[i]);
            if (post == end) return;
            if (*post == docids_[i]) found(i, post.get_wdf());
        }
    }
    template <typename Found>
    void for_each_holder(const std::string& term, Found found) {
        for_each_holder(term, by_id_, found);
    }

    /** Where article @a i holds @a term (sorted; empty where it does not). */
    std::vector<Xapian::termpos> positions(std::size_t i, const std::string& term) const {
        return {db_.positionlist_begin(docids_[i], term), db_.positionlist_end(docids_[i], term)};
    }

    /** Article @a i's length. */
    Xapian::termcount length(std::size_t i) {
        if (!from_termlists_) return db_.get_doclength(docids_[i]);
        read_termlists();
        return lengths_[i];
    }

  private:
    void read_termlists() {
        if (!terms_.empty() || docids_.empty()) return;
        terms_.resize(docids_.size());
        lengths_.assign(docids_.size(), 0);
        for (std::size_t i : by_id_) {
            for (auto term = db_.termlist_begin(docids_[i]); term != db_.termlist_end(docids_[i]); ++term) {
                terms_[i].emplace_back(*term, term.get_wdf());
                lengths_[i] += term.get_wdf();
            }
        }
    }

    const Xapian::Database& db_;
    std::vector<Xapian::docid> docids_;
    std::vector<std::size_t> by_id_;
    bool from_termlists_;
    std::vector<std::vector<std::pair<std::string, Xapian::termcount>>> terms_;  // per article, sorted as a termlist is
    std::vector<Xapian::termcount> lengths_;
};

}  // namespace fahras

#endif  // FAHRAS_POSTINGS_H
