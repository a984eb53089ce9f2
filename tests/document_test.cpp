// make_document: the whole document, pinned.  Every term with its wdf and
// positions, every value and the data of a few sample articles are compared
// with tests/data/document_golden.txt, so that a restructuring of how
// documents are built is proven to write the same bytes.  A deliberate
// change of the schema (which bumps SCHEMA_VERSION) rewrites the golden
// file: run the test with FAHRAS_UPDATE_GOLDEN=1 and review the diff.
#include <fahras/analyzer.h>
#include <fahras/document.h>
#include <fahras/schema.h>
#include <fahras/stemmers.h>
#include <fahras/utf8.h>

#include "test_support.h"

#include <doctest/doctest.h>
#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

using namespace fahras;

namespace {

// Readable where the bytes are text; control bytes, backslashes and bytes
// that are no UTF-8 (the data's length prefixes) as \xNN.
std::string escaped(std::string_view bytes) {
    std::string out;
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        const std::size_t start = pos;
        const char32_t cp = utf8::decode(bytes, pos);
        const std::string_view raw = bytes.substr(start, pos - start);
        const bool invalid = cp == utf8::REPLACEMENT && raw != "\uFFFD";
        if (invalid || cp < 0x20 || cp == 0x7F || cp == '\\') {
            for (const char c : raw) {
                char hex[8];
                std::snprintf(hex, sizeof hex, "\\x%02X", static_cast<unsigned>(static_cast<unsigned char>(c)));
                out += hex;
            }
        } else {
            out.append(raw);
        }
    }
    return out;
}

// One line per term (term, wdf, positions), then per value, then the data.
std::string render(const Xapian::Document& doc) {
    std::string out;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        out += "term " + escaped(*it) + " wdf=" + std::to_string(it.get_wdf()) + " pos=";
        std::string positions;
        for (auto pos = it.positionlist_begin(); pos != it.positionlist_end(); ++pos)
            positions += (positions.empty() ? "" : ",") + std::to_string(*pos);
        out += (positions.empty() ? "-" : positions) + '\n';
    }
    for (auto it = doc.values_begin(); it != doc.values_end(); ++it)
        out += "value " + std::to_string(it.get_valueno()) + ' ' + escaped(*it) + '\n';
    out += "data " + escaped(doc.get_data()) + '\n';
    return out;
}

struct Sample {
    const char* name;
    Article article;
    ArticlePlaces places;
};

std::vector<Sample> samples() {
    std::vector<Sample> out;

    // Every field and places: the title with tashkeel, a body longer than
    // the lead with a dateline, a dash and repeated words.
    Sample full{"full", {}, {}};
    full.article.id = "doc-1";
    full.article.url = "https://example.com/ar/1";
    full.article.title = "أَعْلَنَتِ الحكومةُ خطة حلب";
    full.article.body =
        "حلب — أعلن مجلـــس الوزراء يوم الثلاثاء خطة لإعادة إعمار حلب وبالرقة عام ٢٠١٥، وقال الوزير إن "
        "الخطة تشمل المدارس والمستشفيات والطرق في حلب وريفها، وإن العمل يبدأ قبل نهاية العام بتمويل من "
        "الحكومة ومن Reuters Foundation والبنك الدولي، على أن تعرض الخطة على البرلمان الشهر المقبل.";
    full.article.source = "Okaz";
    full.article.author = "سارة الأحمد";
    full.article.date = parse_date("2015-07-21 09:30:00");
    full.places.mentioned = {{"fahras:sy-aleppo", "حلب"}, {"fahras:sy-raqqa", "الرقة"}};
    full.places.with_parents = {"fahras:sy", "fahras:sy-aleppo", "fahras:sy-aleppo-gov", "fahras:sy-raqqa"};
    full.places.countries = {"SY"};
    out.push_back(full);

    // A title and an author but no body: the author's positions come after
    // two gaps.  No source, date or places.
    Sample no_body{"no body", {}, {}};
    no_body.article.id = "doc-2";
    no_body.article.title = "بيان";
    no_body.article.author = "وكالة الأنباء";
    out.push_back(no_body);

    // A body alone: its positions still start after the title's gap.
    Sample body_only{"body only", {}, {}};
    body_only.article.id = "doc-3";
    body_only.article.body = "نص قصير بلا عنوان";
    body_only.article.date = parse_date("2016-01-02");
    out.push_back(body_only);
    return out;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

std::string render_samples() {
    const Analyzer analyzer(DEFAULT_STEMMER);
    std::string out;
    for (const Sample& sample : samples()) {
        Xapian::TermGenerator generator = analyzer.make_term_generator();
        const ArticlePlaces* places = sample.places.mentioned.empty() ? nullptr : &sample.places;
        out += std::string("== ") + sample.name + '\n';
        out += render(make_document(sample.article, generator, places, "salt"));
    }
    return out;
}

}  // namespace

TEST_CASE("make_document writes exactly the pinned terms, positions, values and data") {
    const std::string golden_path = test::source_dir() + "/tests/data/document_golden.txt";
    const std::string rendered = render_samples();
    if (const char* update = std::getenv("FAHRAS_UPDATE_GOLDEN"); update && *update) {
        test::write_file(golden_path, rendered);
        MESSAGE("rewrote " << golden_path);
    }
    const std::string golden = test::read_file(golden_path);
    // Line by line, so that a failure names the first line that differs.
    const std::vector<std::string> got = lines(rendered), want = lines(golden);
    for (std::size_t i = 0; i < std::min(got.size(), want.size()); ++i) {
        CAPTURE(i + 1);
        REQUIRE(got[i] == want[i]);
    }
    CHECK(got.size() == want.size());
    CHECK(rendered == golden);
}
