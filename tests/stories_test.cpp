// Near-duplicate stories: the MinHash signature and its band terms
// (common/include/fahras/stories.h), and the indexer's grouping pass
// (indexer/story_groups.h) through the writer: copies, a trimmed
// paragraph and a new headline join one story, other stories stay apart,
// and a deleted or replaced article leaves its story.
#include "test_support.h"

#include "article_writer.h"
#include "story_groups.h"

#include <fahras/normalize.h>
#include <fahras/schema.h>
#include <fahras/stemmers.h>
#include <fahras/stories.h>

#include <doctest/doctest.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace fahras;

namespace {

// Words to make stories of: a story is a seeded sequence of them, so two
// seeds give texts that share words but hardly any five-word run.
const std::vector<std::string> WORDS = {
    "الوزير", "أعلن", "اليوم", "عن", "خطة", "جديدة", "لدعم", "المدارس", "في", "المناطق", "الريفية", "وقال",
    "إن", "الحكومة", "ستخصص", "مليون", "ريال", "للمشروع", "الذي", "يبدأ", "الشهر", "المقبل", "بمشاركة",
    "عدد", "من", "الجهات", "المختصة", "والمجلس", "البلدي", "مدينة", "جدة", "الرياض", "المياه", "الكهرباء",
    "الطرق", "الصحة", "المستشفى", "الطلاب", "المعلمين", "السنة"};

std::vector<std::string> story_words(unsigned seed, std::size_t count) {
    std::mt19937 random(seed);
    std::uniform_int_distribution<std::size_t> pick(0, WORDS.size() - 1);
    std::vector<std::string> words;
    for (std::size_t i = 0; i < count; ++i) words.push_back(WORDS[pick(random)]);
    return words;
}

std::string join(const std::vector<std::string>& words, std::size_t from = 0, std::size_t to = std::string::npos) {
    std::string text;
    for (std::size_t i = from; i < std::min(to, words.size()); ++i) text += (text.empty() ? "" : " ") + words[i];
    return text;
}

StorySignature signature_of(const std::string& body) { return story_signature(normalize_text(body)); }

std::size_t shared_bands(const StorySignature& a, const StorySignature& b) {
    const auto x = band_terms(a), y = band_terms(b);
    std::size_t shared = 0;
    for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) shared += x[i] == y[i];
    return shared;
}

}  // namespace

TEST_CASE("story signatures: copies agree, a trimmed paragraph nearly, other stories hardly") {
    const auto words = story_words(1, 200);
    const std::string body = join(words);
    const StorySignature signature = signature_of(body);
    REQUIRE(signature.size() == SIGNATURE_HASHES);
    CHECK(band_terms(signature).size() == LSH_BANDS);
    CHECK(band_terms(signature).front().rfind(std::string(PREFIX_BAND), 0) == 0);

    struct Case {
        const char* what;
        std::string other;
        double at_least, at_most;
    };
    const std::vector<Case> cases = {
        {"the same text", body, 1.0, 1.0},
        {"diacritics and another alef: the same normalized words", "الوزيرُ " + join(words, 1), 1.0, 1.0},
        {"the last paragraph cut (a sixth)", join(words, 0, 170), SAME_STORY_SIMILARITY, 1.0},
        {"a sentence added at the start", join(story_words(9, 15)) + " " + body, SAME_STORY_SIMILARITY, 1.0},
        {"another story of the same words", join(story_words(2, 200)), 0.0, 0.2},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        const double similarity = signature_similarity(signature, signature_of(c.other));
        CHECK(similarity >= c.at_least);
        CHECK(similarity <= c.at_most);
    }
    // A near copy shares bands, so a posting list finds it.
    CHECK(shared_bands(signature, signature_of(join(words, 0, 170))) > 0);
    CHECK(shared_bands(signature, signature) == LSH_BANDS);
}

TEST_CASE("story signatures: stored and read back; too short a body has none") {
    const StorySignature signature = signature_of(join(story_words(3, 50)));
    CHECK(decode_signature(encode_signature(signature)) == signature);
    CHECK(encode_signature(signature).size() == SIGNATURE_HASHES * 4);
    CHECK(decode_signature("short").empty());
    CHECK(signature_of("أربع كلمات فقط هنا").empty());
    CHECK(band_terms({}).empty());
    CHECK(signature_similarity({}, signature) == 0);
    CHECK(signature_of("خمس كلمات هنا في النص").size() == SIGNATURE_HASHES);
}

namespace {

IndexerOptions options(const std::string& db_path) {
    IndexerOptions opts;
    opts.db_path = db_path;
    opts.places = false;
    return opts;
}

struct Writer {
    test::TempDir dir;
    IndexerOptions opts = options(dir.file("db"));
    std::ostringstream err;
    IndexStats stats;
    PlaceSetup places{opts, err};
    Xapian::WritableDatabase db{opts.db_path, Xapian::DB_CREATE_OR_OPEN};
    ArticleWriter writer{db, std::string(DEFAULT_STEMMER), opts, err, stats, places};

    void index(const std::string& id, const std::string& title, const std::string& body) {
        Article a;
        a.id = id;
        a.title = title;
        a.body = body;
        a.origin = id;
        writer.index(a);
    }
    void group() {
        try {
            writer.group_stories();
            writer.commit();
        } catch (const Xapian::Error& e) {
            FAIL(e.get_description());
        }
    }
    std::string story(const std::string& id) {
        const std::string term = make_id_term(id);
        auto found = db.postlist_begin(term);
        REQUIRE(found != db.postlist_end(term));
        return db.get_document(*found).get_value(VALUE_GROUP);
    }
};

}  // namespace

TEST_CASE("story groups: versions of one story share a group, other stories do not") {
    Writer w;
    const auto a = story_words(1, 200), b = story_words(2, 200);
    w.index("wire", "موجة حر في مصر", join(a));
    w.index("copy", "موجة حر في مصر", join(a));
    w.index("trimmed", "موجة حر في مصر", join(a, 0, 170));
    w.index("headline", "عنوان جديد تماما للخبر", join(a));
    w.index("other", "خبر آخر", join(b));
    w.index("short", "خبر قصير", "أربع كلمات فقط هنا");
    w.index("short-copy", "خبر قصير", "أربع كلمات فقط هنا");
    w.group();
    const std::string story = w.story("wire");
    CHECK(!story.empty());
    CHECK(w.story("copy") == story);
    CHECK(w.story("trimmed") == story);
    CHECK(w.story("headline") == story);
    CHECK(w.story("other") != story);
    // No shingle, no signature: a story of its own, whatever it says.
    CHECK(w.story("short") != w.story("short-copy"));
    CHECK(w.stats.grouped == 7);

    SUBCASE("a new version joins the story in a later run") {
        w.index("late", "متابعة", join(a, 10));
        w.group();
        CHECK(w.story("late") == story);
        CHECK(w.story("wire") == story);
    }
    SUBCASE("the first version deleted: the others stay one story") {
        CHECK(w.writer.remove(make_id_term("wire")));
        w.group();
        const std::string rest = w.story("copy");
        CHECK(!rest.empty());
        CHECK(w.story("trimmed") == rest);
        CHECK(w.story("headline") == rest);
        CHECK(w.story("other") != rest);
    }
    SUBCASE("a version rewritten as another story leaves it") {
        w.index("copy", "موجة حر في مصر", join(story_words(7, 200)));
        w.group();
        CHECK(w.story("copy") != w.story("wire"));
        CHECK(w.story("trimmed") == w.story("wire"));
        CHECK(w.story("headline") == w.story("wire"));
    }
}

TEST_CASE("story groups: an article that joined two stories leaves them apart when it goes") {
    // bridge shares its first half with a and its second half with b; a
    // and b share nothing.  Grouped in docid order, b joins a's story
    // through bridge; without bridge they are two stories again.
    Writer w;
    const auto x = story_words(4, 100), y = story_words(5, 100);
    w.index("a", "أ", join(x) + " " + join(y, 0, 20));
    w.index("bridge", "ب", join(x, 20) + " " + join(y, 0, 80));
    w.index("b", "ج", join(x, 80) + " " + join(y));
    w.group();
    const Xapian::docid before = w.db.get_lastdocid();
    CHECK(w.story("a") == w.story("bridge"));
    CHECK(w.story("b") == w.story("bridge"));
    CHECK(w.writer.remove(make_id_term("bridge")));
    w.group();
    CHECK(w.story("a") != w.story("b"));
    CHECK(w.db.get_lastdocid() == before);
}
