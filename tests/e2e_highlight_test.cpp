// End to end: which words fahras-search and fahras-serve mark.  A query
// word found through a name variant, normalization, a stem or a verb form
// is marked where the article's form stands, and nothing else is; a phrase
// is marked where its words stand together.  The same in the human output,
// in --json's highlight offsets and in /api/search's (which the page draws).
#include "e2e_support.h"
#include "serve_client.h"
#include "test_support.h"

#include <fahras/utf8.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using fahras::test::CommandResult;
using fahras::test::run_command;

namespace {

// One article per row: the query as typed, the article's body, and the
// body with what the query marks in brackets.
struct Row {
    std::string query;
    std::string body;
    std::string marked;
};

const std::vector<Row>& rows() {
    static const std::vector<Row> list = {
        // A name variant (data/variants_ar.txt): the article's spelling is
        // marked; a word that only looks alike is not.
        {"أمريكا", "قالت أميركا إن الأمير وصل", "قالت [أميركا] إن الأمير وصل"},
        {"ترامب", "صرح ترمب للصحفيين", "صرح [ترمب] للصحفيين"},
        // A variant of several words is a phrase: الدولة alone is no match.
        {"داعش", "هاجم تنظيم الدولة قرية على حدود الدولة", "هاجم [تنظيم الدولة] قرية على حدود الدولة"},
        {"بان كيمون", "قال بان كي مون إن بان وصل", "قال [بان كي مون] إن بان وصل"},
        // Normalization (diacritics, hamza), a stem (بـ), a verb's past form.
        {"اعلنت", "أَعْلَنَتْ الوزارة الخطة", "[أَعْلَنَتْ] الوزارة الخطة"},
        {"حلب", "قصف بحلب أمس", "قصف [بحلب] أمس"},
        {"يستقبل", "استقبل الأمين الوفد", "[استقبل] الأمين الوفد"},
        // Phrases: where the words stand together, not where each stands.
        {"\"الملك سلمان\"", "استقبل الملك سلمان الوفد وقال الملك إن سلمان", "استقبل [الملك سلمان] الوفد وقال الملك إن سلمان"},
        {"\"الملك سلمان\" الرياض", "في الرياض استقبل الملك سلمان الضيوف ثم غادر الملك",
         "في [الرياض] استقبل [الملك سلمان] الضيوف ثم غادر الملك"},
        {"«ولي العهد» سلمان", "وصل ولي العهد وسلمان ثم العهد الجديد", "وصل [ولي العهد] [وسلمان] ثم العهد الجديد"},
    };
    return list;
}

std::string archive() {
    std::string out;
    for (std::size_t i = 0; i < rows().size(); ++i) {
        nlohmann::json article = {{"id", "row-" + std::to_string(i)}, {"title", "خبر"}, {"body", rows()[i].body},
                                  {"date", "2015-07-21"}};
        out += article.dump() + "\n";
    }
    return out;
}

// @a text with its [begin, end) code-point @a spans in brackets.
std::string bracketed(const std::string& text, const nlohmann::json& spans) {
    std::vector<std::size_t> opens, closes;
    for (const auto& span : spans) {
        opens.push_back(span[0]);
        closes.push_back(span[1]);
    }
    std::string out;
    std::size_t index = 0;
    for (std::size_t pos = 0; pos <= text.size(); ++index) {
        for (const std::size_t end : closes)
            if (end == index) out += ']';
        for (const std::size_t begin : opens)
            if (begin == index) out += '[';
        if (pos == text.size()) break;
        const std::size_t start = pos;
        fahras::utf8::decode(text, pos);
        out.append(text, start, pos - start);
    }
    return out;
}

// The hit of row @a i among @a hits, or null.
template <typename Hits>
nlohmann::json hit_of(const Hits& hits, std::size_t i) {
    for (const auto& hit : hits)
        if (hit["id"] == "row-" + std::to_string(i)) return hit;
    return nullptr;
}

class RowArchive {
  public:
    RowArchive() {
        fahras::test::write_file(dir_.file("rows.jsonl"), archive());
        index = run_command({FAHRAS_INDEX_BIN, "--db", db(), "--threads", "1", dir_.file("rows.jsonl")});
    }
    std::string db() const { return dir_.file("db"); }
    CommandResult search(const std::string& query, std::vector<std::string> args) const {
        std::vector<std::string> argv = {FAHRAS_SEARCH_BIN, "--db", db(), "--limit", "50", query};
        argv.insert(argv.end(), args.begin(), args.end());
        return run_command(argv);
    }
    CommandResult index;

  private:
    fahras::test::TempDir dir_;
};

}  // namespace

TEST_CASE("fahras-search marks what the query matched in the article's form, phrases where they stand") {
    const RowArchive rows_db;
    REQUIRE(rows_db.index.exit_code == 0);
    for (std::size_t i = 0; i < rows().size(); ++i) {
        const Row& row = rows()[i];
        CAPTURE(row.query);
        const auto json = fahras::test::parse_json_search(rows_db.search(row.query, {"--json"}).out);
        const nlohmann::json hit = hit_of(json.hits, i);
        REQUIRE(hit.is_object());
        CHECK(bracketed(hit["snippet"], hit["highlights"]) == row.marked);
        CHECK(hit["title_highlights"].empty());
        // The human output, marks asked for in brackets, shows the same.
        const CommandResult text = rows_db.search(row.query, {"--highlight=brackets"});
        CAPTURE(text.out);
        CHECK(text.out.find("   " + row.marked + "\n") != std::string::npos);
    }
}

TEST_CASE("fahras-serve: /api/search's highlight offsets mark phrases and variants as fahras-search does") {
    const RowArchive rows_db;
    REQUIRE(rows_db.index.exit_code == 0);
    fahras::test::ServeProcess server(rows_db.db());
    for (std::size_t i = 0; i < rows().size(); ++i) {
        const Row& row = rows()[i];
        CAPTURE(row.query);
        const auto response =
            fahras::test::http_get(server.port(), fahras::test::search_target({{"q", row.query}, {"limit", "50"}}));
        REQUIRE(response.status == 200);
        const nlohmann::json hit = hit_of(response.json()["hits"], i);
        REQUIRE(hit.is_object());
        CHECK(bracketed(hit["snippet"], hit["highlights"]) == row.marked);
    }
}
