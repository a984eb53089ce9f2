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
 *  terms (only those some other article holds too, where that is known
 *  without asking a server). */
struct MemberTerms {
    std::vector<std::string> ids;
    std::vector<std::string> shared_bands;
};

/** One read of @a did's termlist (a request on a remote shard): the id
 *  terms sort before the band terms, so one iterator skips to each.  A
 *  band no other article holds leads nowhere, and a local termlist knows
 *  each term's frequency; a remote one asks every shard for it, a round
 *  trip a band (hundreds a search), so with @a remote_shards every band
 *  is kept and the hop's query, run by the servers, finds nobody by the
 *  others. */
MemberTerms member_terms(const Xapian::Database& db, Xapian::docid did, bool remote_shards) {
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
    take(PREFIX_BAND, out.shared_bands, !remote_shards);
    return out;
}

// Locally: the band terms of each member lead to the articles sharing
// them, read one by one for their group, reaching the few articles that
// share bands (a band no other article holds is not opened).
std::vector<std::string> walk_story_locally(const Xapian::Database& db, Xapian::docid first, const std::string& group) {
    constexpr std::size_t MAX_READ = 2000;  // articles read at most: a bound, far above a story's size
    std::vector<Xapian::docid> members{first};
    std::set<std::string> bands_seen;
    std::set<Xapian::docid> read{first};
    std::vector<std::string> ids;
    for (std::size_t next = 0; next < members.size(); ++next) {
        MemberTerms terms = member_terms(db, members[next], false);
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

// On remote shards, where each of those reads is a round trip (thousands
// for a band that boilerplate text shares): hop by hop, one query a hop
// asks for the articles of the story that share a band with the members
// found last, until a hop finds no one new.  The servers run the query,
// reading the group's value only of the articles holding those bands.  (A
// query's fixed cost made this twice as slow as the walk above locally.)
std::vector<std::string> walk_story_by_queries(const Xapian::Database& db, Xapian::docid first, const std::string& group) {
    constexpr Xapian::doccount MAX_MEMBERS = 2000;  // a bound, far above a story's size
    const Xapian::Query in_story(Xapian::Query::OP_VALUE_RANGE, VALUE_GROUP, group, group);
    std::vector<Xapian::docid> members{first};
    std::set<Xapian::docid> known{first};
    std::set<std::string> bands_seen;
    std::vector<std::string> ids;
    std::size_t next = 0;
    while (next < members.size()) {
        std::vector<std::string> new_bands;
        for (; next < members.size(); ++next) {
            MemberTerms terms = member_terms(db, members[next], true);
            for (auto& id : terms.ids) ids.push_back(std::move(id));
            for (auto& band : terms.shared_bands)
                if (bands_seen.insert(band).second) new_bands.push_back(std::move(band));
        }
        if (new_bands.empty() || members.size() >= MAX_MEMBERS) break;
        Xapian::Enquire hop(db);
        hop.set_query(Xapian::Query(Xapian::Query::OP_FILTER,
                                    Xapian::Query(Xapian::Query::OP_OR, new_bands.begin(), new_bands.end()), in_story));
        hop.set_weighting_scheme(Xapian::BoolWeight());
        const Xapian::MSet found = hop.get_mset(0, MAX_MEMBERS - static_cast<Xapian::doccount>(members.size()));
        for (auto it = found.begin(); it != found.end(); ++it)
            if (known.insert(*it).second) members.push_back(*it);
    }
    return ids;
}

}  // namespace

// The unique id terms of the articles of story @a group, from its member
// @a first.  Every member joined its story through a band term it shares
// with another member (indexer/story_groups.cpp), so a walk over the band
// terms reaches them all; filtering the search itself by the group's value
// instead made Xapian read that value for every match of the query (4 to 8
// times a search's work).
std::vector<std::string> story_id_terms(const Xapian::Database& db, Xapian::docid first, const std::string& group,
                                        bool remote_shards) {
    return remote_shards ? walk_story_by_queries(db, first, group) : walk_story_locally(db, first, group);
}

std::vector<OtherVersion> other_versions(const Xapian::Database& db, const QueryPlan& plan, const Xapian::MSetIterator& hit,
                                         std::size_t& count) {
    count = 0;
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
    copies.fetch();  // on a remote shard, the copies' documents are asked for together
    std::vector<OtherVersion> out;
    for (auto it = copies.begin(); it != copies.end(); ++it) {
        if (*it == *hit) continue;
        if (out.size() < MAX_OTHER_VERSIONS) {
            const StoredArticle stored = read_stored_article(it.get_document(), false);
            out.push_back(OtherVersion{stored.id, stored.url, stored.source, stored.date});
        }
    }
    const Xapian::doccount all = copies.get_matches_estimated();
    count = all > 0 ? all - 1 : 0;
    return out;
}


namespace {

/** One story of a page being walked (remote shards). */
struct PageStory {
    std::size_t hit = 0;  // its index in the page
    std::string group;
    std::vector<Xapian::docid> members;
    std::size_t next = 0;  // members[next…] are still to read
    std::set<std::string> bands_seen;
    std::vector<std::string> ids;
};

// The hop of every story still growing, as one query: the articles of its
// group holding a band of its members read last.  Each article found
// carries its group as its collapse key, so it is told to its story without
// reading it (collapsing keeps up to MAX_MEMBERS an article per group: none
// is dropped).
void walk_page_stories(const Xapian::Database& db, std::vector<PageStory>& stories) {
    constexpr Xapian::doccount MAX_MEMBERS = 2000;  // per story: a bound, far above a story's size
    std::map<std::string, std::size_t> by_group;
    std::set<Xapian::docid> known;
    for (std::size_t s = 0; s < stories.size(); ++s) {
        by_group[stories[s].group] = s;
        known.insert(stories[s].members.front());
    }
    for (;;) {
        std::vector<Xapian::Query> hops;
        for (PageStory& story : stories) {
            std::vector<std::string> new_bands;
            for (; story.next < story.members.size(); ++story.next) {
                MemberTerms terms = member_terms(db, story.members[story.next], true);
                for (auto& id : terms.ids) story.ids.push_back(std::move(id));
                for (auto& band : terms.shared_bands)
                    if (story.bands_seen.insert(band).second) new_bands.push_back(std::move(band));
            }
            if (new_bands.empty() || story.members.size() >= MAX_MEMBERS) continue;
            hops.emplace_back(Xapian::Query::OP_FILTER, Xapian::Query(Xapian::Query::OP_OR, new_bands.begin(), new_bands.end()),
                              Xapian::Query(Xapian::Query::OP_VALUE_RANGE, VALUE_GROUP, story.group, story.group));
        }
        if (hops.empty()) return;
        Xapian::Enquire hop(db);
        hop.set_query(Xapian::Query(Xapian::Query::OP_OR, hops.begin(), hops.end()));
        hop.set_weighting_scheme(Xapian::BoolWeight());
        hop.set_collapse_key(VALUE_GROUP, MAX_MEMBERS);
        const Xapian::MSet found = hop.get_mset(0, MAX_MEMBERS * static_cast<Xapian::doccount>(stories.size()));
        for (auto it = found.begin(); it != found.end(); ++it) {
            const auto story = by_group.find(it.get_collapse_key());
            if (story != by_group.end() && known.insert(*it).second) stories[story->second].members.push_back(*it);
        }
    }
}

}  // namespace

std::vector<OtherVersions> other_versions_of_page(const Xapian::Database& db, const QueryPlan& plan,
                                                  const std::vector<Xapian::MSetIterator>& hits, bool remote_shards) {
    std::vector<OtherVersions> out(hits.size());
    if (!remote_shards) {
        for (std::size_t i = 0; i < hits.size(); ++i) out[i].shown = other_versions(db, plan, hits[i], out[i].count);
        return out;
    }
    std::vector<PageStory> stories;
    for (std::size_t i = 0; i < hits.size(); ++i) {
        std::string group = hits[i].get_collapse_key();
        if (!group.empty()) stories.push_back(PageStory{i, std::move(group), {*hits[i]}, 0, {}, {}});
    }
    walk_page_stories(db, stories);
    // Every copy the search matches of the stories with another article:
    // at most as many as their articles, so all are counted.
    std::vector<std::string> ids;
    std::map<std::string, const PageStory*> by_group;
    for (const PageStory& story : stories) {
        if (story.ids.size() <= 1) continue;
        ids.insert(ids.end(), story.ids.begin(), story.ids.end());
        by_group[story.group] = &story;
    }
    if (ids.empty()) return out;
    const auto all = static_cast<Xapian::doccount>(ids.size());
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, plan.match,
                                    Xapian::Query(Xapian::Query::OP_OR, ids.begin(), ids.end())));
    if (plan.newest_first) enquire.set_sort_by_value_then_relevance(VALUE_TIMESTAMP, true);
    enquire.set_collapse_key(VALUE_GROUP, all);  // for each copy's group; nothing is dropped
    const Xapian::MSet copies = enquire.get_mset(0, all, all);
    // Their documents asked for together, unless a story's copies are many.
    if (copies.size() <= stories.size() * (MAX_OTHER_VERSIONS + 1)) copies.fetch();
    for (auto it = copies.begin(); it != copies.end(); ++it) {
        const auto story = by_group.find(it.get_collapse_key());
        if (story == by_group.end() || *it == *hits[story->second->hit]) continue;
        OtherVersions& versions = out[story->second->hit];
        ++versions.count;
        if (versions.shown.size() < MAX_OTHER_VERSIONS) {
            const StoredArticle stored = read_stored_article(it.get_document(), false);
            versions.shown.push_back(OtherVersion{stored.id, stored.url, stored.source, stored.date});
        }
    }
    return out;
}

}  // namespace fahras
