// End to end: Latin script in an Arabic archive.  Place names typed in
// English find the Arabic articles about the place, names of people and
// organisations find their other script through the name variants (both
// ways), Latin words are matched as English, through fahras-search and
// fahras-serve's API; and a database built before that asks for a rebuild.
#include "e2e_support.h"
#include "serve_client.h"
#include "test_support.h"

#include <fahras/schema.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <string>
#include <vector>

using fahras::test::CommandResult;
using fahras::test::contains;
using fahras::test::JsonSearch;
using fahras::test::run_command;

namespace {

std::string article(const std::string& id, const std::string& title, const std::string& body) {
    return nlohmann::json{{"id", id}, {"title", title}, {"body", body}, {"date", "2015-08-01"}}.dump() + "\n";
}

// Short articles written for this test.
class LatinArchive {
  public:
    LatinArchive() {
        fahras::test::write_file(
            dir_.file("a.jsonl"),
            article("kerry-ar", "كيري يصل إلى الرياض",
                    "وصل وزير الخارجية الأمريكي جون كيري إلى الرياض في زيارة يبحث خلالها الملف النووي الإيراني.") +
                article("kerry-latin", "تصريحات عن المحادثات",
                        "قال John Kerry للصحفيين إن المحادثات مع طهران ستستمر الأسبوع المقبل.") +
                article("rouhani-ar", "روحاني يتحدث عن الاتفاق",
                        "أكد الرئيس الإيراني حسن روحاني أن الاتفاق سيفتح صفحة جديدة مع دول الجوار.") +
                article("aramco-ar", "أرامكو السعودية توسع مصافيها",
                        "أعلنت أرامكو السعودية عن خطة لتوسيع طاقة التكرير في مصافيها خلال العام المقبل.") +
                article("aramco-latin", "اتفاقية جديدة للطاقة",
                        "وقعت Saudi Aramco اتفاقية لتوريد الغاز إلى محطات الكهرباء في المنطقة الشرقية.") +
                article("taif", "مهرجان الورد في الطائف",
                        "افتتح أمير منطقة مكة المكرمة مهرجان الورد السنوي في الطائف بحضور آلاف الزوار.") +
                article("mosul", "معارك قرب الموصل",
                        "تواصلت المعارك على أطراف الموصل شمال العراق وسط نزوح مئات العائلات.") +
                article("abu-dhabi", "معرض للكتاب في أبوظبي",
                        "يفتتح في أبوظبي الأسبوع المقبل معرض الكتاب بمشاركة مئات الناشرين العرب.") +
                article("election", "صحف أجنبية تتابع الاقتراع",
                        "وصفت صحيفة بريطانية الـ election المقبلة بأنها الأكثر تنافسا منذ عقود.") +
                article("other", "أمطار على جدة", "هطلت أمطار غزيرة على جدة مساء أمس دون أضرار تذكر."));
        index_result = run_command({FAHRAS_INDEX_BIN, "--db", db(), dir_.file("a.jsonl")});
    }
    std::string db() const { return dir_.file("db"); }
    CommandResult index_result;

  private:
    fahras::test::TempDir dir_;
};

const LatinArchive& archive() {
    static const LatinArchive instance;
    return instance;
}

JsonSearch search_json(const std::string& db, const std::vector<std::string>& args) {
    std::vector<std::string> argv = {FAHRAS_SEARCH_BIN, "--db", db, "--json", "--limit", "20"};
    argv.insert(argv.end(), args.begin(), args.end());
    const CommandResult result = run_command(argv);
    JsonSearch parsed = fahras::test::parse_json_search(result.out);
    parsed.exit_code = result.exit_code;
    return parsed;
}

std::vector<std::string> found(const std::vector<std::string>& args) {
    std::vector<std::string> ids;
    for (const auto& hit : search_json(archive().db(), args).hits) ids.push_back(hit["id"]);
    return ids;
}

}  // namespace

TEST_CASE("Latin: a name typed in Latin letters finds the articles spelling it in Arabic, in any case") {
    REQUIRE(archive().index_result.exit_code == 0);
    struct Row {
        std::string query;
        const char* finds;
    };
    for (const Row& row : {Row{"Kerry", "kerry-ar"}, Row{"kerry", "kerry-ar"}, Row{"KERRY", "kerry-ar"},
                           Row{"John Kerry", "kerry-ar"}, Row{"Rouhani", "rouhani-ar"},
                           Row{"Saudi Aramco", "aramco-ar"}, Row{"aramco", "aramco-ar"}}) {
        CAPTURE(row.query);
        CHECK(contains(found({row.query}), row.finds));
    }
    CHECK(found({"Kerry"}) == found({"KERRY"}));
    // Without variants, Latin finds Latin only.
    CHECK(found({"--no-variants", "Kerry"}) == std::vector<std::string>{"kerry-latin"});
}

TEST_CASE("Latin: a name in Arabic finds the articles spelling it in Latin letters") {
    REQUIRE(archive().index_result.exit_code == 0);
    for (const std::string query : {"كيري", "جون كيري"}) {
        CAPTURE(query);
        const auto ids = found({query});
        CHECK(contains(ids, "kerry-latin"));
        CHECK(contains(ids, "kerry-ar"));
    }
    CHECK(contains(found({"أرامكو"}), "aramco-latin"));
    CHECK(contains(found({"أرامكو السعودية"}), "aramco-latin"));
    CHECK_FALSE(contains(found({"--no-variants", "أرامكو"}), "aramco-latin"));
}

TEST_CASE("Latin: English place names in free text find the Arabic articles about the place") {
    REQUIRE(archive().index_result.exit_code == 0);
    struct Row {
        std::string query;
        const char* finds;
    };
    for (const Row& row : {Row{"Taif", "taif"}, Row{"Ta'if", "taif"}, Row{"Mosul", "mosul"},
                           Row{"Abu Dhabi", "abu-dhabi"}, Row{"book fair Abu Dhabi", "abu-dhabi"},
                           Row{"Jeddah", "other"}}) {
        CAPTURE(row.query);
        const auto ids = found({row.query});
        CHECK(contains(ids, row.finds));
        CHECK(ids.size() == 1);  // that article alone
    }
    // As the Arabic name finds it: the same articles, ranked the same.
    CHECK(found({"Taif"}) == found({"الطائف"}));
    // As words, not as a filter: with other words it still ranks.
    CHECK(found({"Mosul", "الورد"}).size() == 2);
    CHECK(found({"--no-variants", "Taif"}).empty());
}

TEST_CASE("Latin: words in Latin letters are matched as English") {
    REQUIRE(archive().index_result.exit_code == 0);
    for (const std::string query : {"elections", "Election", "ELECTIONS"}) {
        CAPTURE(query);
        CHECK(found({query}) == std::vector<std::string>{"election"});
    }
    // Arabic stays as it is: الانتخابات finds nothing here.
    CHECK(found({"الانتخابات"}).empty());
}

TEST_CASE("Latin: fahras-serve's API answers Latin queries as fahras-search does") {
    REQUIRE(archive().index_result.exit_code == 0);
    fahras::test::ServeProcess server(archive().db());
    for (const std::string query : {"Kerry", "كيري", "Taif", "Saudi Aramco", "elections"}) {
        CAPTURE(query);
        const auto response = fahras::test::http_get(server.port(), fahras::test::search_target({{"q", query}, {"limit", "20"}}));
        REQUIRE(response.status == 200);
        const nlohmann::json page = response.json();
        std::vector<std::string> ids;
        for (const auto& hit : page["hits"]) ids.push_back(hit["id"]);
        CHECK_FALSE(ids.empty());
        CHECK(ids == found({query}));
    }
}

TEST_CASE("Latin: a database of the previous schema says to rebuild, and works once rebuilt") {
    fahras::test::TempDir dir;
    fahras::test::write_file(dir.file("a.jsonl"), article("e", "انتخابات", "تغطية الـ elections في الصحف"));
    REQUIRE(run_command({FAHRAS_INDEX_BIN, "--db", dir.file("db"), dir.file("a.jsonl")}).exit_code == 0);
    {
        Xapian::WritableDatabase db(dir.file("db"));
        db.set_metadata(fahras::META_SCHEMA_VERSION, std::to_string(fahras::SCHEMA_VERSION - 1));
        db.commit();
    }
    const CommandResult old = run_command({FAHRAS_SEARCH_BIN, "--db", dir.file("db"), "election"});
    CHECK(old.exit_code == 66);
    CHECK(old.err.find("rebuild it: fahras-index --rebuild --db " + dir.file("db")) != std::string::npos);
    REQUIRE(run_command({FAHRAS_INDEX_BIN, "--db", dir.file("db"), "--rebuild", dir.file("a.jsonl")}).exit_code == 0);
    const JsonSearch rebuilt = search_json(dir.file("db"), {"election"});
    CHECK(rebuilt.exit_code == 0);
    CHECK(rebuilt.hits.size() == 1);
}
