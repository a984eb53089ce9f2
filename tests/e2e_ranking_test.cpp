// End to end: what decides the ranking (proximity, the lead, exact forms,
// verb forms, stopwords), --explain, and the spelling suggestions.
#include "e2e_support.h"
#include "search_types.h"
#include "test_support.h"

#include <fahras/exit_codes.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

using fahras::test::CommandResult;
using fahras::test::contains;
using fahras::test::ids;
using fahras::test::run_command;
using fahras::test::search;
using fahras::test::search_json;

TEST_CASE("--explain shows each word normalized and stemmed, and what matched") {
    const CommandResult text = search({"أَعْلَنَتِ", "الأمم", "--explain", "--no-bidi", "--limit", "1"});
    CHECK(text.out.find("أَعْلَنَتِ -> اعلنت -> stem ") != std::string::npos);
    CHECK(text.out.find("matched: ") != std::string::npos);
    const auto json = search_json({"أَعْلَنَتِ", "الأمم", "--explain", "--limit", "1"});
    REQUIRE(json.summary["explain"].size() == 2);
    CHECK(json.summary["explain"][0]["normalized"] == "اعلنت");
    CHECK(json.summary["explain"][0]["stem_frequency"].get<int>() >= json.summary["explain"][0]["word_frequency"].get<int>());
}

namespace {

/** Index @a jsonl into a fresh database in @a dir and return a function
 *  giving the id of the first result for some fahras-search arguments. */
auto first_hit_in(fahras::test::TempDir& dir, const std::string& jsonl) {
    fahras::test::write_file(dir.file("a.jsonl"), jsonl);
    REQUIRE(run_command({FAHRAS_INDEX_BIN, "--db", dir.file("db"), "--no-places", dir.file("a.jsonl")}).exit_code == 0);
    return [&dir](const std::vector<std::string>& args) {
        std::vector<std::string> argv = {FAHRAS_SEARCH_BIN, "--db", dir.file("db"), "--json", "--limit", "1"};
        argv.insert(argv.end(), args.begin(), args.end());
        const std::string out = run_command(argv).out;
        return nlohmann::json::parse(out.substr(0, out.find('\n')))["id"].get<std::string>();
    };
}

std::string words(const std::string& word, int count) {
    std::string text;
    for (int i = 0; i < count; ++i) text += " " + word;
    return text;
}

}  // namespace

TEST_CASE("proximity: words standing together rank above scattered ones") {
    fahras::test::TempDir dir;
    // Both articles hold each word once, past the weighted lead; only the
    // distance between them differs, and the scattered one is indexed first
    // so that a tie would put it on top.
    const std::string filler = words("كلام", 40);
    auto first = first_hit_in(dir, "{\"id\":\"scattered\",\"title\":\"خبر\",\"body\":\"" + filler + " دير" + filler +
                                       " الزور\"}\n"
                                       "{\"id\":\"together\",\"title\":\"خبر\",\"body\":\"" + filler + " دير الزور" +
                                       filler + "\"}\n");
    CHECK(first({"دير", "الزور"}) == "together");
    CHECK(first({"دير", "الزور", "--no-proximity"}) == "scattered");
}

TEST_CASE("names: an article about the person ranks above a list that names them once") {
    fahras::test::TempDir dir;
    const std::string filler = words("كلام", 40);
    // The list names محمد بن سلمان once among other princes, and holds each
    // word more often (سلمان and بن in other names); it is indexed first, so
    // that without the phrase it ranks first.
    auto first = first_hit_in(
        dir, "{\"id\":\"list\",\"title\":\"أسماء الحضور\",\"body\":\"حضر الأمير سلطان بن سلمان والأمير محمد بن "
             "نايف والأمير محمد بن سلمان والأمير فيصل بن سلمان والأمير عبدالعزيز بن سلمان" + filler + "\"}\n"
             "{\"id\":\"about\",\"title\":\"محمد بن سلمان يزور فرنسا\",\"body\":\"" + filler +
             " وصل محمد بن سلمان إلى باريس" + filler + " وقال محمد بن سلمان\"}\n");
    CHECK(first({"محمد", "بن", "سلمان", "--no-proximity"}) == "list");
    CHECK(first({"محمد", "بن", "سلمان"}) == "about");
}

TEST_CASE("names: two query words standing together in another name are not the name") {
    fahras::test::TempDir dir;
    const std::string filler = words("كلام", 40);
    // "other" holds محمد بن and بن سلمان, each inside another name (محمد بن
    // نايف, سلطان بن سلمان): the same two pairs as the name itself, and each
    // word as often as "about", which names محمد بن سلمان (and فيصل بن فهد).
    // Indexed first, "other" wins a tie.
    auto first = first_hit_in(
        dir, "{\"id\":\"other\",\"title\":\"خبر\",\"body\":\"" + filler +
             " الأمير سلطان بن سلمان والأمير محمد بن نايف" + filler + "\"}\n"
             "{\"id\":\"about\",\"title\":\"خبر\",\"body\":\"" + filler +
             " الأمير محمد بن سلمان والأمير فيصل بن فهد" + filler + "\"}\n");
    CHECK(first({"محمد", "بن", "سلمان", "--no-proximity", "--no-variants"}) == "other");
    CHECK(first({"محمد", "بن", "سلمان", "--no-variants"}) == "about");
    CHECK(first({"محمد", "بن", "سلمان"}) == "about");
}

TEST_CASE("names: an article about the person ranks above one about an institution named after them") {
    fahras::test::TempDir dir;
    const std::string filler = words("كلام", 40);
    // The relief centre's report holds the name in order in its headline,
    // its lead and again, more often than the article about the King; it
    // is indexed first, so that without the phrase it ranks first.
    auto first = first_hit_in(
        dir, "{\"id\":\"centre\",\"title\":\"مركز الملك سلمان للإغاثة يوزع السلال\",\"body\":\"وزع مركز الملك "
             "سلمان للإغاثة السلال" + filler + " وقال مدير مركز الملك سلمان إن مركز الملك سلمان\"}\n"
             "{\"id\":\"about\",\"title\":\"الملك سلمان يستقبل الوزير\",\"body\":\"استقبل الملك سلمان الوزير" +
             filler + " وقال\"}\n");
    CHECK(first({"الملك", "سلمان", "--no-proximity"}) == "centre");
    CHECK(first({"الملك", "سلمان"}) == "about");
}

TEST_CASE("the lead paragraph weighs more than the rest of the body") {
    fahras::test::TempDir dir;
    const std::string filler = words("كلام", 40);
    auto first = first_hit_in(dir, "{\"id\":\"later\",\"title\":\"خبر\",\"body\":\"" + filler + " ميناء" + filler + "\"}\n"
                                   "{\"id\":\"lead\",\"title\":\"خبر\",\"body\":\"ميناء" + filler + filler + "\"}\n");
    CHECK(first({"ميناء"}) == "lead");
}

TEST_CASE("exact forms: the form typed ranks above other forms of its stem") {
    fahras::test::TempDir dir;
    const std::string filler = words("كلام", 40);
    // وزارة and الوزارة share a stem; the bare form is indexed first.
    auto first = first_hit_in(dir, "{\"id\":\"bare\",\"title\":\"خبر\",\"body\":\"" + filler + " وزارة\"}\n"
                                   "{\"id\":\"definite\",\"title\":\"خبر\",\"body\":\"" + filler + " الوزارة\"}\n");
    CHECK(first({"الوزارة"}) == "definite");
    CHECK(first({"وزارة"}) == "bare");
    CHECK(first({"الوزارة", "--no-exact-forms"}) == "bare");
}

TEST_CASE("verb forms: a headline's present tense finds the article's past tense, marked in snippets") {
    fahras::test::TempDir dir;
    const std::string filler = words("كلام", 40);
    // Only "past" has the verb, in the past tense; "plain" is indexed first
    // and is shorter, so it wins whenever the verb is not found.
    auto first = first_hit_in(dir, "{\"id\":\"plain\",\"title\":\"خبر\",\"body\":\"" + filler + " الوزير\"}\n"
                                   "{\"id\":\"past\",\"title\":\"خبر\",\"body\":\"" + filler + " واستقبل الوزير\"}\n");
    CHECK(first({"يستقبل", "الوزير"}) == "past");
    CHECK(first({"يستقبل", "الوزير", "--no-verb-forms"}) == "plain");
    // A phrase means the words as typed.
    CHECK(run_command({FAHRAS_SEARCH_BIN, "--db", dir.file("db"), "\"يستقبل الوزير\""}).exit_code == fahras::EXIT_NO_RESULTS);

    const std::string out =
        run_command({FAHRAS_SEARCH_BIN, "--db", dir.file("db"), "--json", "--explain", "--limit", "1", "يستقبل", "الوزير"}).out;
    const auto hit = nlohmann::json::parse(out.substr(0, out.find('\n')));
    CHECK(hit["snippet"].get<std::string>().find("واستقبل") != std::string::npos);
    CHECK(std::find(hit["matched_terms"].begin(), hit["matched_terms"].end(), "Zاستقبل") != hit["matched_terms"].end());
    const std::string text = run_command({FAHRAS_SEARCH_BIN, "--db", dir.file("db"), "--no-bidi", "--highlight", "brackets",
                                          "--limit", "1", "يستقبل", "الوزير"}).out;
    CHECK(text.find("[واستقبل]") != std::string::npos);
    const auto summary = nlohmann::json::parse(out.substr(out.rfind('\n', out.size() - 2) + 1));
    REQUIRE(summary["explain"].size() == 2);
    CHECK(summary["explain"][0]["past_forms"] == nlohmann::json::array({"استقبل"}));
    CHECK(summary["explain"][1]["past_forms"].empty());
}

TEST_CASE("stopwords: dropped from free text, kept inside phrases") {
    const auto with = search_json({"في حلب", "--stopwords", "--explain", "--no-proximity"});
    CHECK(with.summary["parsed_query"].get<std::string>().find("في") == std::string::npos);
    CHECK(with.summary["explain"][0]["stopword"] == true);
    const auto without = search_json({"في حلب", "--no-proximity"});
    CHECK(without.summary["parsed_query"].get<std::string>().find("في") != std::string::npos);
    const auto phrase = search_json({"\"مجلس الوزراء في\"", "--stopwords"});
    CHECK(phrase.summary["parsed_query"].get<std::string>().find("في") != std::string::npos);
}

TEST_CASE("stopwords: not matched, but weighed among the first results") {
    fahras::test::TempDir dir;
    const std::string filler = words("كلام", 40);
    // Both hold حلب once, past the lead; only "with" holds في as well, and
    // "without" is indexed first so that a tie would put it on top.
    fahras::test::write_file(dir.file("a.jsonl"),
                             "{\"id\":\"without\",\"title\":\"خبر\",\"body\":\"" + filler + " حلب\"}\n"
                             "{\"id\":\"with\",\"title\":\"خبر\",\"body\":\"" + filler + " حلب في" + filler + "\"}\n"
                             "{\"id\":\"only\",\"title\":\"خبر\",\"body\":\"" + filler + " في\"}\n");
    REQUIRE(run_command({FAHRAS_INDEX_BIN, "--db", dir.file("db"), "--no-places", dir.file("a.jsonl")}).exit_code == 0);
    auto json = [&dir](std::vector<std::string> args) {
        std::vector<std::string> argv = {FAHRAS_SEARCH_BIN, "--db", dir.file("db"), "--json", "--snippet-length", "0"};
        argv.insert(argv.end(), args.begin(), args.end());
        return fahras::test::parse_json_search(run_command(argv).out);
    };
    const auto both = json({"في حلب"});
    // An article with nothing but the function word is no match...
    CHECK(ids(both) == std::vector<std::string>{"with", "without"});
    CHECK(both.summary["total_estimate"] == 2);
    // ...but the function word still counts where the other words match,
    const auto dropped = json({"في حلب", "--stopwords"});
    REQUIRE(dropped.hits.size() == 2);
    CHECK(ids(dropped) == std::vector<std::string>{"without", "with"});
    CHECK(both.hits[0]["score"].get<double>() > dropped.hits[1]["score"].get<double>());
    const auto matched = both.hits[0]["matched_terms"].get<std::vector<std::string>>();
    CHECK(contains(matched, "Zفي"));
    // and a query of function words alone matches them.
    CHECK(ids(json({"في"})) == std::vector<std::string>{"only", "with"});
    // Query syntax keeps them in the match: without في, "-حلب" would stand
    // alone, which Xapian reads as حلب.
    CHECK(ids(json({"في -حلب"})) == std::vector<std::string>{"only"});
    CHECK(ids(json({"في OR حلب"})).size() == 3);
    // Sorted by date nothing is rescored, so they are matched as before.
    CHECK(json({"في حلب", "--sort", "date"}).hits.size() == 3);
}

TEST_CASE("did you mean: a correction from the archive's own words when nothing matches, searched") {
    // The correction finds what the typo does not: its results are shown, and said so.
    const CommandResult text = search({"اسطمبول", "--no-bidi"});
    CHECK(text.exit_code == 0);
    CHECK(text.out.rfind("Results for اسطنبول; search instead for اسطمبول with --no-correct\n\n", 0) == 0);
    const auto json = search_json({"اسطمبول"});
    CHECK(json.summary["query"] == "اسطمبول");
    CHECK(json.summary["did_you_mean"] == "اسطنبول");
    CHECK(json.summary["searched_correction"] == true);
    REQUIRE_FALSE(json.hits.empty());
    CHECK(ids(json) == ids(search_json({"اسطنبول"})));
    CHECK(json.summary["total_estimate"] == search_json({"اسطنبول"}).summary["total_estimate"]);
    // --no-correct: exactly what was typed, and the suggestion.
    const CommandResult exact = search({"اسطمبول", "--no-bidi", "--no-correct"});
    CHECK(exact.exit_code == 1);
    CHECK(exact.out.find("Did you mean: اسطنبول") != std::string::npos);
    const auto exact_json = search_json({"اسطمبول", "--no-correct"});
    CHECK(exact_json.hits.empty());
    CHECK(exact_json.summary["did_you_mean"] == "اسطنبول");
    CHECK(exact_json.summary["searched_correction"] == false);
    // A correction that finds no more than the query is only suggested.
    const auto no_better = search_json({"اسطمبول", "source:nosuchsource"});
    CHECK(no_better.summary["did_you_mean"] == "اسطنبول source:nosuchsource");
    CHECK(no_better.summary["searched_correction"] == false);
    // A word the archive holds is no misspelling, even when it matches little.
    const auto known = search_json({"اسطنبول"});
    CHECK(known.summary["total_estimate"].get<int>() < 3);
    CHECK(known.summary["did_you_mean"].is_null());
    // One unknown word among known ones: the suggestion keeps the rest.
    CHECK(search_json({"\"اسطمبول بيروت\""}).summary["did_you_mean"] == "\"اسطنبول بيروت\"");
    CHECK(search_json({"اسطمبول", "source:okaz"}).summary["did_you_mean"] == "اسطنبول source:okaz");
    // Without spelling data there is nothing to suggest.
    fahras::test::TempDir dir;
    const std::string c = fahras::test::source_dir() + "/corpus/articles.jsonl";
    REQUIRE(run_command({FAHRAS_INDEX_BIN, "--db", dir.file("db"), "--no-spelling", c}).exit_code == 0);
    CHECK(run_command({FAHRAS_SEARCH_BIN, "--db", dir.file("db"), "اسطمبول"}).out.find("Did you mean") == std::string::npos);
}

TEST_CASE("did you mean: long words and words past the first few get no suggestion") {
    // Titles of Latin words, so that each misspelling (a letter dropped) is
    // one edit from exactly one of them.
    const std::vector<std::string> known = {"morning", "evening", "station", "markets", "gardens", "windows",
                                            "picture", "country", "mountain", "rivers"};
    std::string long41(41, 'k'), long42(42, 'q');
    long41[20] = 'z';
    long42[20] = 'z';
    std::string titles;
    for (const auto& word : known) titles += word + ' ';
    fahras::test::TempDir dir;
    fahras::test::write_file(dir.file("a.jsonl"),
                             "{\"id\":\"1\",\"title\":\"" + titles + "\",\"body\":\"x\"}\n"
                             "{\"id\":\"2\",\"title\":\"" + long41 + ' ' + long42 + "\",\"body\":\"y\"}\n");
    REQUIRE(run_command({FAHRAS_INDEX_BIN, "--db", dir.file("db"), dir.file("a.jsonl")}).exit_code == 0);
    const auto did_you_mean = [&](const std::vector<std::string>& words) {
        std::vector<std::string> argv = {FAHRAS_SEARCH_BIN, "--db", dir.file("db"), "--json", "--all"};
        argv.insert(argv.end(), words.begin(), words.end());
        const CommandResult result = run_command(argv);
        const std::string line = result.out.substr(result.out.rfind('\n', result.out.size() - 2) + 1);
        const auto summary = nlohmann::json::parse(line);
        return summary["did_you_mean"].is_null() ? std::string() : summary["did_you_mean"].get<std::string>();
    };
    // A typed word of 40 letters is still spelled; one of 41 is no typo.
    std::string typo40 = long41, typo41 = long42;
    typo40.erase(20, 1);
    typo41.erase(20, 1);
    CHECK(did_you_mean({typo40}) == long41);
    CHECK(did_you_mean({typo41}).empty());
    CHECK(did_you_mean({typo41, "mornin"}) == typo41 + " morning");
    // Eight unknown words are looked up; the ninth and tenth stay as typed.
    // The second letter is dropped, not the last: Latin words are stemmed as
    // English, so markets → market or picture → pictur would be found, no typo.
    std::vector<std::string> typos;
    std::string expected;
    for (std::size_t i = 0; i < known.size(); ++i) {
        typos.push_back(known[i].substr(0, 1) + known[i].substr(2));
        expected += (i ? " " : "") + (i < fahras::MAX_SPELLED_WORDS ? known[i] : typos.back());
    }
    CHECK(did_you_mean(typos) == expected);
    // Known words are no typos, operators are syntax, a field's words are not spelled.
    CHECK(did_you_mean({"morning", "AND", "(evenin", "statio)"}) == "morning AND (evening station)");
    CHECK(did_you_mean({"title:evenin", "statio"}) == "title:evenin station");
}

// A variant group is weighed as one word (OP_SYNONYM): each spelling used
// to be weighed on its own, so the rarest (here the name in Latin letters,
// in one article of nine) outweighed the spelling the user typed.  And the
// spellings of the group are all forms "as typed": an article holding one
// ranks above one holding only another word of the same stem (والزيلامر
// here; البكيرية, whose stem the stemmer makes كيري, for Kerry).
TEST_CASE("variants: a group weighs as one word, and each of its spellings counts as typed") {
    fahras::test::TempDir dir;
    fahras::test::write_file(dir.file("variants.txt"), "زيلامر|zilamer\n");
    const std::string filler = words("كلام", 20);
    std::string jsonl = "{\"id\":\"latin\",\"title\":\"خبر\",\"body\":\"zilamer" + filler + "\"}\n";
    jsonl += "{\"id\":\"same-stem\",\"title\":\"خبر\",\"body\":\"والزيلامر والزيلامر" + filler + "\"}\n";
    for (int i = 0; i < 8; ++i)
        jsonl += "{\"id\":\"arabic-" + std::to_string(i) + "\",\"title\":\"خبر\",\"body\":\"زيلامر" + filler + "\"}\n";
    for (int i = 0; i < 30; ++i) jsonl += "{\"id\":\"other-" + std::to_string(i) + "\",\"title\":\"خبر\",\"body\":\"" + filler + "\"}\n";
    fahras::test::write_file(dir.file("a.jsonl"), jsonl);
    REQUIRE(run_command({FAHRAS_INDEX_BIN, "--db", dir.file("db"), "--no-places", dir.file("a.jsonl")}).exit_code == 0);
    const std::string variants = dir.file("variants.txt");
    for (const std::string query : {"زيلامر", "zilamer"}) {
        CAPTURE(query);
        const CommandResult result = run_command(
            {FAHRAS_SEARCH_BIN, "--db", dir.file("db"), "--variants", variants, "--json", "--limit", "20",
             "--no-collapse", query});  // the eight copies are one story; every one is ranked here
        std::map<std::string, double> score;
        std::vector<std::string> ids;
        for (const auto& hit : fahras::test::parse_json_search(result.out).hits) {
            ids.push_back(hit["id"]);
            score[hit["id"]] = hit["score"];
        }
        REQUIRE(ids.size() == 10);  // the group found, both ways
        // Each spelling weighs the same, whichever was typed…
        CHECK(score["latin"] == doctest::Approx(score["arabic-0"]));
        // …and the article with only another word of the stem comes last.
        CHECK(ids.back() == "same-stem");
    }
}
