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

/** On remote shards, the most articles a term may be held by for its
 *  postlist to be read (WindowTerms): past it, the window's termlists. */
inline constexpr Xapian::doccount REMOTE_POSTLIST_LIMIT = 10000;

/** Which of a few articles (the window of first results, a page) hold a
 *  term, how often, and where.
 *
 *  On a local database each term's postlist is walked over the articles in
 *  increasing id order: it only ever moves forward, and costs far less
 *  than reading each article's whole termlist.  Through Xapian 1.4's remote
 *  backend (xapian-tcpsrv) a postlist comes whole over the network: a
 *  common word's, on a large archive, is megabytes (a reranked search on a
 *  million articles took seconds).  There (@a remote) a term held by more
 *  than @a postlist_limit articles is answered from the articles'
 *  termlists instead, read once, a request each, which cost the server a
 *  lookup of each of their terms' frequency (so not for every search: on
 *  SaudiNewsNet they made the reranking four times slower than the
 *  postlists); an article's length is then the sum of its terms' wdf, which
 *  is what Xapian stores.  know() asks the terms' frequencies in one match;
 *  a term it was not told of is read from the termlists.  Every way gives
 *  the same answers (tests/rerank_phrases_test.cpp). */
class WindowTerms {
  public:
    WindowTerms(const Xapian::Database& db, std::vector<Xapian::docid> docids, bool remote = false,
                Xapian::doccount postlist_limit = REMOTE_POSTLIST_LIMIT)
        : db_(db),
          docids_(std::move(docids)),
          by_id_(indices_by_docid(docids_)),
          remote_(remote),
          postlist_limit_(postlist_limit) {}

    /** On remote shards, how many articles hold each of @a terms, from one
     *  match (a round trip to each server, where asking term by term is one
     *  a term and shard): what decides how each is read.  Locally nothing. */
    void know(const std::vector<std::string>& terms) {
        if (!remote_ || terms.empty()) return;
        Xapian::Enquire enquire(db_);
        enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
        const Xapian::MSet statistics = enquire.get_mset(0, 0);
        for (const auto& term : terms) frequencies_[term] = statistics.get_termfreq(term);
    }

    std::size_t size() const { return docids_.size(); }
    const std::vector<Xapian::docid>& docids() const { return docids_; }
    /** Every index, in increasing document id order. */
    const std::vector<std::size_t>& by_id() const { return by_id_; }

    /** Call @a found(i, wdf) for each index i of @a among (a subset of
     *  by_id(), in its order) whose article holds @a term. */
    template <typename Found>
    void for_each_holder(const std::string& term, const std::vector<std::size_t>& among, Found found) {
        if (from_termlists(term)) {
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
        if (terms_.empty()) return db_.get_doclength(docids_[i]);
        return lengths_[i];
    }

  private:
    bool from_termlists(const std::string& term) const {
        if (!remote_) return false;
        const auto known = frequencies_.find(term);
        return known == frequencies_.end() || known->second > postlist_limit_;
    }

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
    bool remote_;
    Xapian::doccount postlist_limit_;
    std::map<std::string, Xapian::doccount> frequencies_;  // know()'s
    std::vector<std::vector<std::pair<std::string, Xapian::termcount>>> terms_;  // per article, sorted as a termlist is
    std::vector<Xapian::termcount> lengths_;
};

}  // namespace fahras

#endif  // FAHRAS_POSTINGS_H
