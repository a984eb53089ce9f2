#include "story_groups.h"

#include <fahras/schema.h>
#include <fahras/stories.h>

#include <algorithm>
#include <unordered_set>
#include <vector>

namespace fahras {

namespace {

// Articles with no VALUE_GROUP, in docid order: every docid less those of
// the value's stream.
std::vector<Xapian::docid> ungrouped(const Xapian::Database& db) {
    std::vector<Xapian::docid> out;
    Xapian::ValueIterator grouped = db.valuestream_begin(VALUE_GROUP);
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        const Xapian::docid did = *it;
        if (grouped != db.valuestream_end(VALUE_GROUP) && grouped.get_docid() < did) grouped.skip_to(did);
        if (grouped != db.valuestream_end(VALUE_GROUP) && grouped.get_docid() == did) continue;
        out.push_back(did);
    }
    return out;
}

// The group of the most similar grouped article (at least
// SAME_STORY_SIMILARITY), or "" when there is none.
std::string best_group(const Xapian::Database& db, Xapian::docid self, const StorySignature& signature,
                       const std::vector<Xapian::docid>& waiting) {
    // Waiting articles after this one have no group yet; those before it
    // got theirs earlier in this pass.
    const auto is_grouped = [&](Xapian::docid did) {
        return did < self || !std::binary_search(waiting.begin(), waiting.end(), did);
    };
    std::unordered_set<Xapian::docid> seen{self};
    double best = SAME_STORY_SIMILARITY;
    Xapian::docid best_did = 0;
    std::size_t compared = 0;
    for (const auto& term : band_terms(signature)) {
        for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
            const Xapian::docid did = *it;
            if (!is_grouped(did) || !seen.insert(did).second) continue;
            const double similarity =
                signature_similarity(signature, decode_signature(db.get_document(did, Xapian::DOC_ASSUME_VALID).get_value(VALUE_SIGNATURE)));
            if (similarity >= best && (similarity > best || best_did == 0 || did < best_did)) {
                best = similarity;
                best_did = did;
            }
            if (best == 1.0 || ++compared >= MAX_STORY_CANDIDATES) break;
        }
        if (best == 1.0 || compared >= MAX_STORY_CANDIDATES) break;
    }
    if (best_did == 0) return {};
    return db.get_document(best_did, Xapian::DOC_ASSUME_VALID).get_value(VALUE_GROUP);
}

}  // namespace

std::size_t assign_story_groups(Xapian::WritableDatabase& db, const std::atomic<bool>& stop) {
    const std::vector<Xapian::docid> waiting = ungrouped(db);
    std::size_t grouped = 0;
    for (const Xapian::docid did : waiting) {
        if (stop) break;
        const StorySignature signature =
            decode_signature(db.get_document(did, Xapian::DOC_ASSUME_VALID).get_value(VALUE_SIGNATURE));
        std::string group = signature.empty() ? std::string() : best_group(db, did, signature, waiting);
        // Read again just before it is replaced: Xapian writes only the
        // values of the document it handed out last, and rewrites every
        // term of any other (a third of the indexing time again).
        Xapian::Document doc = db.get_document(did);
        // A story of its own is named after its first article: the
        // fingerprint holds the id, so no other article's story has it,
        // and a replaced article (a new fingerprint) starts a new one.
        if (group.empty()) group = doc.get_value(VALUE_FINGERPRINT);
        if (group.empty()) group = "docid:" + std::to_string(did);
        doc.add_value(VALUE_GROUP, group);
        db.replace_document(did, doc);
        ++grouped;
    }
    return grouped;
}

std::size_t release_story_of(Xapian::WritableDatabase& db, Xapian::docid docid) {
    const std::string group = db.get_document(docid, Xapian::DOC_ASSUME_VALID).get_value(VALUE_GROUP);
    if (group.empty()) return 0;
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_VALUE_RANGE, VALUE_GROUP, group, group));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    const Xapian::MSet members = enquire.get_mset(0, db.get_doccount());
    std::size_t released = 0;
    for (auto it = members.begin(); it != members.end(); ++it) {
        Xapian::Document member = db.get_document(*it);
        member.remove_value(VALUE_GROUP);
        db.replace_document(*it, member);
        ++released;
    }
    return released;
}

}  // namespace fahras
