/** @file postings.h
 *  @brief Which of a page's articles hold a term, read from its postlist.
 *
 *  Both the matched terms of each hit and the rescoring of the first
 *  results (rerank.h) ask which of a handful of articles hold a term.
 *  Walking the term's postlist over them in increasing id order only ever
 *  moves it forward, and costs far less than reading each article's whole
 *  termlist (Xapian 1.4's Enquire::get_matching_terms).
 */
#ifndef FAHRAS_POSTINGS_H
#define FAHRAS_POSTINGS_H

#include <xapian.h>

#include <algorithm>
#include <cstddef>
#include <map>
#include <string>
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

/** Call @a found(i, posting) for each index i of @a by_id (from
 *  indices_by_docid) whose article docids[i] holds @a term; @a posting is
 *  @a term's postlist at that article (its wdf, its positions). */
template <typename Found>
void for_each_holder(const Xapian::Database& db, const std::string& term, const std::vector<Xapian::docid>& docids,
                     const std::vector<std::size_t>& by_id, Found found) {
    Xapian::PostingIterator post = db.postlist_begin(term);
    const Xapian::PostingIterator end = db.postlist_end(term);
    for (std::size_t i : by_id) {
        post.skip_to(docids[i]);
        if (post == end) return;
        if (*post == docids[i]) found(i, post);
    }
}

}  // namespace fahras

#endif  // FAHRAS_POSTINGS_H
