// Place recognition weighing the article's evidence: shared names by the
// countries the article names, clubs in sports articles, organisations,
// idioms (place_evidence.cpp and the scan's word rules), on the bundled
// gazetteer.  The sentences are written for these tests.
#include "test_support.h"

#include <fahras/gazetteer.h>
#include <fahras/place_recognizer.h>

#include <doctest/doctest.h>

#include <algorithm>

using namespace fahras;

namespace {

const Gazetteer& bundled() {
    static const Gazetteer gazetteer = [] {
        Gazetteer g;
        std::vector<std::string> problems;
        g.load_tsv(test::source_dir() + "/data/gazetteer/places.tsv", true, &problems);
        g.finish();
        REQUIRE(problems.empty());
        return g;
    }();
    return gazetteer;
}

bool has(const PlaceRecognizer& recognizer, const std::string& text, const std::string& id) {
    const auto places = recognizer.places_in("", text);
    return std::any_of(places.begin(), places.end(), [&](PlaceIndex p) { return bundled().place(p).id == id; });
}

}  // namespace

TEST_CASE("recognition: the article's evidence decides shared names, clubs and idioms") {
    const PlaceRecognizer recognizer(bundled());
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
    };
    for (const Row& row : rows) {
        CAPTURE(std::string(row.text));
        CHECK(has(recognizer, row.text, row.id) == row.found);
    }
}
