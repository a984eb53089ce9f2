#include "rerank.h"

#include "postings.h"

#include <algorithm>
#include <map>

namespace fahras {

namespace {

// Per pair of query words found together, of the result's own weight:
// measured with bench/eval (docs/retrieval.md).
constexpr double PROXIMITY_BONUS = 0.05;

/** The articles of a sorted list of ids, as a posting list: OP_FILTER by it
 *  restricts a query to those articles without reading any term's
 *  postings beyond them. */
class DocidListSource : public Xapian::PostingSource {
  public:
    explicit DocidListSource(std::vector<Xapian::docid> sorted_ids) : ids_(std::move(sorted_ids)) {}

    Xapian::doccount get_termfreq_min() const override { return static_cast<Xapian::doccount>(ids_.size()); }
    Xapian::doccount get_termfreq_est() const override { return get_termfreq_min(); }
    Xapian::doccount get_termfreq_max() const override { return get_termfreq_min(); }

    void init(const Xapian::Database&) override {
        started_ = false;
        position_ = 0;
    }
    void next(double) override {
        if (started_) ++position_;
        started_ = true;
    }
    void skip_to(Xapian::docid did, double) override {
        started_ = true;
        position_ = static_cast<std::size_t>(
            std::lower_bound(ids_.begin() + static_cast<std::ptrdiff_t>(position_), ids_.end(), did) - ids_.begin());
    }
    bool at_end() const override { return started_ && position_ >= ids_.size(); }
    Xapian::docid get_docid() const override { return ids_[position_]; }
    std::string get_description() const override { return "DocidListSource(" + std::to_string(ids_.size()) + ")"; }

  private:
    std::vector<Xapian::docid> ids_;
    std::size_t position_ = 0;
    bool started_ = false;
};

}  // namespace

std::vector<double> boost_weights(const Xapian::Database& db, const Xapian::Query& boost,
                                  const std::vector<Xapian::docid>& docids) {
    std::vector<double> weights(docids.size(), 0.0);
    if (boost.empty() || docids.empty()) return weights;
    std::vector<Xapian::docid> sorted = docids;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    DocidListSource only_these(std::move(sorted));
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, boost, Xapian::Query(&only_these)));
    const Xapian::MSet scored = enquire.get_mset(0, static_cast<Xapian::doccount>(docids.size()));
    std::map<Xapian::docid, double> by_id;
    for (auto it = scored.begin(); it != scored.end(); ++it) by_id.emplace(*it, it.get_weight());
    for (std::size_t i = 0; i < docids.size(); ++i)
        if (const auto found = by_id.find(docids[i]); found != by_id.end()) weights[i] = found->second;
    return weights;
}

namespace {

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

}  // namespace

std::vector<std::size_t> pairs_together(const Xapian::Database& db, const std::vector<Xapian::docid>& docids,
                                        const std::vector<std::pair<std::string, std::string>>& pairs) {
    std::vector<std::size_t> together(docids.size(), 0);
    if (pairs.empty() || docids.empty()) return together;
    // Positions are keyed by term, then document: reading them term by term
    // over the documents in id order stays within the same few blocks of
    // the position table, where document by document each read lands
    // elsewhere (a sixth of a keyword search's time went to those reads).
    const std::vector<std::size_t> by_id = indices_by_docid(docids);
    std::map<std::string, std::vector<std::vector<Xapian::termpos>>> positions;  // word → per document
    for (const auto& [first, second] : pairs) {
        for (const std::string* word : {&first, &second}) {
            auto [entry, inserted] = positions.try_emplace(*word);
            if (!inserted) continue;
            auto& per_document = entry->second;
            per_document.resize(docids.size());
            // Positions only where the word is: its postlist says where,
            // and a position lookup costs a B-tree descent even for nothing.
            for_each_holder(db, *word, docids, by_id, [&](std::size_t i, const Xapian::PostingIterator& post) {
                per_document[i].assign(post.positionlist_begin(), post.positionlist_end());
            });
        }
    }
    for (const auto& [first, second] : pairs) {
        const auto& a = positions.at(first);
        const auto& b = positions.at(second);
        for (std::size_t i = 0; i < docids.size(); ++i)
            if (stand_together(a[i], b[i])) ++together[i];
    }
    return together;
}

std::vector<std::pair<Xapian::doccount, double>> rerank_top(
    const Xapian::Database& db, const Xapian::MSet& mset, const Xapian::Query& boost,
    const std::vector<std::pair<std::string, std::string>>& pairs, std::size_t window) {
    const Xapian::doccount reordered = static_cast<Xapian::doccount>(std::min<std::size_t>(window, mset.size()));
    std::vector<Xapian::docid> docids;
    for (Xapian::doccount i = 0; i < reordered; ++i) docids.push_back(*mset[i]);
    const std::vector<double> boosts = boost_weights(db, boost, docids);
    const std::vector<std::size_t> together = pairs_together(db, docids, pairs);
    std::vector<std::pair<Xapian::doccount, double>> order;
    for (Xapian::doccount i = 0; i < reordered; ++i) {
        const double weight = mset[i].get_weight() + boosts[i];
        order.emplace_back(i, weight * (1 + PROXIMITY_BONUS * static_cast<double>(together[i])));
    }
    std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
        if (a.second != b.second) return a.second > b.second;
        return docids[a.first] < docids[b.first];
    });
    for (Xapian::doccount i = reordered; i < mset.size(); ++i) order.emplace_back(i, mset[i].get_weight());
    return order;
}

}  // namespace fahras
