#include "other_versions.h"

#include <fahras/document.h>
#include <fahras/schema.h>

#include <map>
#include <set>
#include <string_view>
#include <utility>

namespace fahras {

namespace {

/** What a story's walk reads of one member: its id terms, and its band
 *  terms some other article holds too. */
struct MemberTerms {
    std::vector<std::string> ids;
    std::vector<std::string> shared_bands;
};

/** One read of @a did's termlist: the id terms sort before the band terms,
 *  so one iterator skips to each.  A band no other article holds leads
 *  nowhere; a local termlist carries each term's frequency, so telling costs
 *  no lookup. */
MemberTerms member_terms(const Xapian::Database& db, Xapian::docid did) {
    static_assert(PREFIX_ID < PREFIX_BAND, "one pass over the termlist reads the ids, then the bands");
    MemberTerms out;
    Xapian::TermIterator term = db.termlist_begin(did);
    const Xapian::TermIterator end = db.termlist_end(did);
    const auto take = [&](std::string_view prefix, std::vector<std::string>& into, bool shared) {
        if (term == end) return;
        for (term.skip_to(std::string(prefix)); term != end; ++term) {
            if ((*term).compare(0, prefix.size(), prefix) != 0) break;
            if (!shared || term.get_termfreq() > 1) into.push_back(*term);
        }
    };
    take(PREFIX_ID, out.ids, false);
    take(PREFIX_BAND, out.shared_bands, true);
    return out;
}

}  // namespace

// The unique id terms of the articles of story @a group, from its member
// @a first.  Every member joined its story through a band term it shares
// with another member (indexer/story_groups.cpp), so a walk over the band
// terms reaches them all: each member's bands lead to the articles sharing
// them, read one by one for their group (a band no other article holds is
// not opened).  Filtering the search itself by the group's value instead
// made Xapian read that value for every match of the query (4 to 8 times a
// search's work).
std::vector<std::string> story_id_terms(const Xapian::Database& db, Xapian::docid first, const std::string& group) {
    constexpr std::size_t MAX_READ = 2000;  // articles read at most: a bound, far above a story's size
    std::vector<Xapian::docid> members{first};
    std::set<std::string> bands_seen;
    std::set<Xapian::docid> read{first};
    std::vector<std::string> ids;
    for (std::size_t next = 0; next < members.size(); ++next) {
        MemberTerms terms = member_terms(db, members[next]);
        for (auto& id : terms.ids) ids.push_back(std::move(id));
        for (const auto& band : terms.shared_bands) {
            if (read.size() >= MAX_READ || !bands_seen.insert(band).second) continue;
            for (auto it = db.postlist_begin(band); it != db.postlist_end(band) && read.size() < MAX_READ; ++it) {
                if (!read.insert(*it).second) continue;
                if (db.get_document(*it, Xapian::DOC_ASSUME_VALID).get_value(VALUE_GROUP) == group) members.push_back(*it);
            }
        }
    }
    return ids;
}

void OtherVersions::show(const Xapian::MSetIterator& copy) {
    if (shown.size() >= MAX_OTHER_VERSIONS) return;
    const StoredArticle stored = read_stored_article(copy.get_document(), false);
    shown.push_back(OtherVersion{stored.id, stored.url, stored.source, stored.date});
}

Xapian::Query in_stories(const std::vector<std::string>& groups) {
    std::vector<Xapian::Query> each;
    for (const auto& group : groups) each.emplace_back(Xapian::Query::OP_VALUE_RANGE, VALUE_GROUP, group, group);
    return Xapian::Query(Xapian::Query::OP_OR, each.begin(), each.end());
}

namespace {

// The other articles of @a hit's story that @a plan matches too, on a
// local database.
OtherVersions other_versions(const Xapian::Database& db, const QueryPlan& plan, const Xapian::MSetIterator& hit) {
    const std::string group = hit.get_collapse_key();
    // A collapse count of 0 does not mean the story has no other matching
    // copies: the match counts only the copies it looked at, and once its
    // page is full it skips articles that cannot reach it (xapian/mset.h).
    // So the story is walked either way; a story of one article (no band
    // shared with another) ends the walk at its termlist.
    if (group.empty()) return {};
    const std::vector<std::string> ids = story_id_terms(db, *hit, group);
    if (ids.size() <= 1) return {};
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, plan.match,
                                    Xapian::Query(Xapian::Query::OP_OR, ids.begin(), ids.end())));
    if (plan.newest_first) enquire.set_sort_by_value_then_relevance(VALUE_TIMESTAMP, true);
    // A story has few copies: count them all.
    const Xapian::MSet copies = enquire.get_mset(0, static_cast<Xapian::doccount>(MAX_OTHER_VERSIONS + 1), db.get_doccount());
    copies.fetch();  // the copies' documents read together
    OtherVersions out;
    for (auto it = copies.begin(); it != copies.end(); ++it)
        if (*it != *hit) out.show(it);
    const Xapian::doccount all = copies.get_matches_estimated();
    out.count = all > 0 ? all - 1 : 0;
    return out;
}

}  // namespace

std::vector<OtherVersions> other_versions_of_page(const Xapian::Database& db, const QueryPlan& plan,
                                                  const std::vector<Xapian::MSetIterator>& hits, bool remote_shards) {
    std::vector<OtherVersions> out(hits.size());
    if (!remote_shards) {
        for (std::size_t i = 0; i < hits.size(); ++i) out[i] = other_versions(db, plan, hits[i]);
        return out;
    }
    // On remote shards, where reading a termlist or a document is a round
    // trip (and a server looks up the frequency of every term of a termlist
    // it sends), the search itself is filtered by the page's stories: the
    // servers read the group of every article it matches (4 to 8 times a
    // search's work, run where the articles are), and one query lists every
    // copy of the page's stories that the search matches, each telling its
    // story by its collapse key.
    std::map<std::string, std::size_t> by_group;
    std::vector<std::string> groups;
    for (std::size_t i = 0; i < hits.size(); ++i) {
        std::string group = hits[i].get_collapse_key();
        if (group.empty()) continue;
        by_group.emplace(group, i);
        groups.push_back(std::move(group));
    }
    if (groups.empty()) return out;
    constexpr Xapian::doccount MAX_COPIES = 2000;  // per story: a bound, far above a story's size
    const auto bound = MAX_COPIES * static_cast<Xapian::doccount>(groups.size());
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, plan.match, in_stories(groups)));
    if (plan.newest_first) enquire.set_sort_by_value_then_relevance(VALUE_TIMESTAMP, true);
    enquire.set_collapse_key(VALUE_GROUP, MAX_COPIES);  // for each copy's story; none dropped below the bound
    const Xapian::MSet copies = enquire.get_mset(0, bound, bound);
    // Their documents asked for together, unless a story's copies are many.
    if (copies.size() <= groups.size() * (MAX_OTHER_VERSIONS + 1)) copies.fetch();
    for (auto it = copies.begin(); it != copies.end(); ++it) {
        const auto story = by_group.find(it.get_collapse_key());
        if (story == by_group.end() || *it == *hits[story->second]) continue;
        ++out[story->second].count;
        out[story->second].show(it);
    }
    return out;
}

}  // namespace fahras
