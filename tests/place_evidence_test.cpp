// Place recognition weighing the article's evidence: shared names by the
// countries the article names, clubs in sports articles, organisations,
// idioms (place_evidence.cpp and the scan's word rules), on the bundled
// gazetteer.  The sentences are written for these tests.
#include "test_support.h"

#include <fahras/gazetteer.h>
#include <fahras/normalize.h>
#include <fahras/place_recognizer.h>

#include <doctest/doctest.h>

#include <algorithm>

using namespace fahras;

namespace {

bool has(const PlaceRecognizer& recognizer, const std::string& text, const std::string& id) {
    const auto places = recognizer.places_in("", text);
    return std::any_of(places.begin(), places.end(), [&](PlaceIndex p) { return test::bundled_gazetteer().place(p).id == id; });
}

}  // namespace

TEST_CASE("recognition: the article's evidence decides shared names, clubs and idioms") {
    const PlaceRecognizer recognizer(test::bundled_gazetteer());
    struct Row {
        const char* text;
        const char* id;  // a place the text may mention
        bool found;      // whether the recognizer takes it
    };
    const Row rows[] = {
        // A name places of two countries share: the country the article names.
        {"وزعت المساعدات في مديرية المنصورة في عدن", "fahras:ye-mansoura-aden", true},
        {"وزعت المساعدات في مديرية المنصورة في عدن", "fahras:eg-mansoura", false},
        {"زار الوزير مدينة المنصورة في مصر", "fahras:eg-mansoura", true},
        // Both named: the one the article names most often.
        {"وصل من القاهرة إلى المنصورة في عدن وزار محافظ عدن", "fahras:ye-mansoura-aden", true},
        {"وصل من القاهرة إلى المنصورة في عدن وزار محافظ عدن", "fahras:eg-mansoura", false},
        // Only other countries named: another place of that name, left out.
        {"اشتباكات في بلدة المنصورة بريف حلب", "fahras:eg-mansoura", false},
        {"اشتباكات في بلدة المنصورة بريف حلب", "fahras:ye-mansoura-aden", false},
        // ... but a big city dwarfing the name's other places is that city.
        {"مؤتمر جنيف 2 في الإسكندرية", "fahras:eg-alexandria", true},
        // A sports article: a town named only as its club is no place...
        {"قال المدرب إن رئيس نجران أكد أن الفريق جاهز قبل المباراة أمام جماهير الدوري", "fahras:sa-najran", false},
        {"انتقل اللاعب إلى صفوف الليث قبل الدوري وأثنى على المدرب", "fahras:sa-lith", false},
        // ... unless a place word, a preposition or the dateline says the town.
        {"أكد رئيس نجران أن الفريق جاهز لخوض المباراة في نجران أمام الجماهير في الدوري", "fahras:sa-najran",
         true},
        {"وصل لاعبو الفريق بعد المباراة إلى الملعب بالدمام أمام الجماهير", "fahras:sa-dammam", true},
        {"نجران: أكد رئيس النادي أن الفريق جاهز قبل المباراة أمام جماهير الدوري", "fahras:sa-najran", true},
        {"أكد المدرب أن اللاعب جاهز قبل المباراة أمام الجماهير. محمد علي - نجران", "fahras:sa-najran", true},
        {"أكد المدرب أن اللاعب جاهز قبل المباراة أمام الجماهير. محمد علي – نجران", "fahras:sa-najran", true},
        // Outside sport a town's name alone is the town.
        {"أكد رئيس بلدية نجران أن المشروع جاهز", "fahras:sa-najran", true},
        // A list an organisation word heads is of organisations.
        {"غادرت بعثات أندية الحزم والرائد والفيصلي ونجران", "fahras:sa-najran", false},
        {"زار الوفد الرياض ونجران", "fahras:sa-najran", true},
        {"كرمت جمعية المنصورة الخيرية المتطوعين", "fahras:eg-mansoura", false},
        // A name inside a person's name, a noun after a demonstrative, مسقط الرأس.
        {"قال الدكتور رمضان أبو العلا إن القناة مهمة", "fahras:sa-ula", false},
        {"افتتاح مهرجان في محافظة العلا", "fahras:sa-ula", true},
        {"ومن هذه الزاوية تبقى ليبيا مصدر قلق", "fahras:ly-zawiya", false},
        {"اشتباكات في مدينة الزاوية غرب طرابلس في ليبيا", "fahras:ly-zawiya", true},
        {"عاد إلى مسقط الرأس بعد غياب", "fahras:om-muscat", false},
        // A town named after a date needs a place word: the date is no place.
        {"اندلعت الحرب في السادس من أكتوبر 1973", "fahras:eg-october", false},
        {"بدأ المهرجان في 6 أكتوبر من العام الماضي", "fahras:eg-october", false},
        {"افتتاح مصنع في مدينة 6 أكتوبر غرب القاهرة", "fahras:eg-october", true},
        {"افتتاح مصنع في حي بمدينة السادس من أكتوبر", "fahras:eg-october", true},
    };
    for (const Row& row : rows) {
        CAPTURE(std::string(row.text));
        CHECK(has(recognizer, row.text, row.id) == row.found);
    }
}

TEST_CASE("recognition: measured names of a user gazetteer that are never places, and neighbourhoods") {
    test::TempDir dir;
    test::write_file(dir.file("user.tsv"),
                     "عادل\t\tAdel\tcity\tSA\t24.0\t45.0\t60000\tuser\tu:adel\t\t\n"
                     "الملك فهد\t\tKing Fahd\tdistrict\tSA\t24.7\t46.6\t\tuser\tu:king-fahd\t\t\n");
    test::write_file(dir.file("large_needs.tsv"), "# name\tneed\tn\tplaced\nعادل\tnever\t950\t12\n");
    Gazetteer g;
    std::vector<std::string> problems;
    g.load_tsv(test::source_dir() + "/data/gazetteer/places.tsv", true, &problems);
    g.load_tsv(dir.file("user.tsv"), false, &problems);
    g.load_context_needs(dir.file("large_needs.tsv"), &problems);
    g.finish();
    REQUIRE(problems.empty());
    CHECK(g.context_need(normalize_text("عادل")) == ContextNeed::never);
    const PlaceRecognizer recognizer(g);
    auto found = [&](const char* text, const char* id) {
        for (PlaceIndex p : recognizer.places_in("", text))
            if (g.place(p).id == id) return true;
        return false;
    };
    // A name the archive writes almost only as a word is no place, whatever the context.
    CHECK_FALSE(found("تحقيق قضاء عادل وناجز", "u:adel"));
    CHECK_FALSE(found("زار الوفد مدينة عادل", "u:adel"));
    // A neighbourhood needs حي; an airport or a city named after a person is not it.
    CHECK_FALSE(found("وصل إلى مطار الملك فهد في الرياض", "u:king-fahd"));
    CHECK_FALSE(found("افتتاح مدينة الملك فهد الطبية", "u:king-fahd"));
    CHECK(found("افتتاح مدرسة في حي الملك فهد بالرياض", "u:king-fahd"));
}

TEST_CASE("the large gazetteer's measured names load beside the bundled gazetteer") {
    Gazetteer g;
    std::vector<std::string> problems;
    g.load_tsv(test::source_dir() + "/data/gazetteer/places.tsv", true, &problems);
    g.finish();
    CHECK(problems.empty());
    // Measured words (data/gazetteer/large_needs.tsv): "on", "direct".
    CHECK(g.context_need(normalize_text("علي")) == ContextNeed::never);
    CHECK(g.context_need(normalize_text("مباشر")) == ContextNeed::never);
    // A line with a need the file format lacks is reported.
    test::TempDir dir;
    test::write_file(dir.file("needs.tsv"), "عادل\talways\n");
    Gazetteer h;
    h.load_context_needs(dir.file("needs.tsv"), &problems);
    CHECK(problems.size() == 1);
}
