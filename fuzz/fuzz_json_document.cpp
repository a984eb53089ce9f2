// Fuzz target: one JSON Lines record through to the stored document, as
// fahras-index builds it (article_from_json_line, then indexer.cpp's
// DocumentBuilder: normalization, place recognition, make_document).
//
// Properties: a record is either an article or a std::runtime_error (what
// the indexer reports as "file:line: error: reason"), and reasons and
// warnings are valid UTF-8; an article's fields
// are valid UTF-8, trimmed, with an id; its document stores exactly those
// fields, the date's values, the fingerprint and the places found; every
// term is valid UTF-8 and within Xapian's length limit.
#include "fuzz_support.h"

#include <fahras/analyzer.h>
#include <fahras/article_reader.h>
#include <fahras/document.h>
#include <fahras/gazetteer.h>
#include <fahras/place_recognizer.h>
#include <fahras/schema.h>
#include <fahras/stemmers.h>
#include <fahras/utf8.h>

#include <xapian.h>

#include <memory>
#include <stdexcept>

using namespace fahras;
using fahras::fuzz::escaped;

namespace {

// What the indexer loads once per run (indexer.cpp's PlaceSetup and
// DocumentBuilder), with the bundled gazetteer only.
struct Builder {
    Gazetteer gazetteer;
    std::unique_ptr<PlaceRecognizer> recognizer;
    Analyzer analyzer{DEFAULT_STEMMER};
    Xapian::TermGenerator generator = analyzer.make_term_generator();
    ReaderOptions options;

    Builder() {
        const std::string path = bundled_gazetteer_path();
        FUZZ_REQUIRE(!path.empty(), "the bundled gazetteer (data/gazetteer/places.tsv) is found");
        gazetteer.load_tsv(path, true);
        gazetteer.finish();
        recognizer = std::make_unique<PlaceRecognizer>(gazetteer);
        // As with --field body=article_text: user names are tried first.
        options.field_names.emplace("body", "article_text");
        options.field_names.emplace("id", "key");
    }
};

Builder* builder = nullptr;

bool trimmed(const std::string& text) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    if (text.empty()) return true;
    if (space(text.front()) || space(text.back())) return false;
    return text.compare(0, 2, "\xC2\xA0") != 0 && (text.size() < 2 || text.compare(text.size() - 2, 2, "\xC2\xA0") != 0);
}

bool all_digits(const std::string& text, std::size_t size) {
    if (text.size() != size) return false;
    for (char c : text)
        if (c < '0' || c > '9') return false;
    return true;
}

void check_article(const Article& article, std::string_view line) {
    const std::string context = "record: " + escaped(line);
    FUZZ_REQUIRE(!article.id.empty(), context);
    for (const std::string* field : {&article.id, &article.url, &article.title, &article.body, &article.source,
                                     &article.author}) {
        FUZZ_REQUIRE(utf8::is_valid(*field), "field " + escaped(*field) + "; " + context);
        FUZZ_REQUIRE(trimmed(*field), "field " + escaped(*field) + "; " + context);
    }
    if (article.date) {
        const DateTime& d = *article.date;
        FUZZ_REQUIRE(d.year >= 1 && d.year <= 9999 && d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= 31 &&
                         d.hour >= 0 && d.hour <= 23 && d.minute >= 0 && d.minute <= 59 && d.second >= 0 &&
                         d.second <= 60,
                     "date " + d.iso() + "; " + context);
    }
}

void check_document(const Article& article, const ArticlePlaces& places, const Xapian::Document& doc,
                    std::string_view line) {
    const std::string context = "record: " + escaped(line);
    // The document data and the body value read back as what was stored.
    const StoredArticle stored = read_stored_article(doc);
    FUZZ_REQUIRE(stored.id == article.id, context);
    FUZZ_REQUIRE(stored.url == article.url, context);
    FUZZ_REQUIRE(stored.title == article.title, context);
    FUZZ_REQUIRE(stored.body == article.body, context);
    FUZZ_REQUIRE(stored.source == article.source, context);
    FUZZ_REQUIRE(stored.author == article.author, context);
    FUZZ_REQUIRE(stored.date == (article.date ? article.date->iso() : std::string()), context);
    FUZZ_REQUIRE(stored.places.size() == places.mentioned.size(), context);
    for (std::size_t i = 0; i < stored.places.size(); ++i) {
        FUZZ_REQUIRE(stored.places[i].id == places.mentioned[i].id, context);
        FUZZ_REQUIRE(stored.places[i].name == places.mentioned[i].name, context);
        FUZZ_REQUIRE(utf8::is_valid(stored.places[i].name), context);
    }

    // Values.
    FUZZ_REQUIRE(doc.get_value(VALUE_FINGERPRINT) == article_fingerprint(article, builder->gazetteer.content_hash()),
                 context);
    FUZZ_REQUIRE(doc.get_value(VALUE_SOURCE) == article.source, context);
    if (article.date) {
        FUZZ_REQUIRE(all_digits(doc.get_value(VALUE_DATE), 8), "VALUE_DATE " + doc.get_value(VALUE_DATE) + "; " + context);
        FUZZ_REQUIRE(all_digits(doc.get_value(VALUE_TIMESTAMP), 14), context);
        FUZZ_REQUIRE(doc.get_value(VALUE_TIMESTAMP).compare(0, 8, doc.get_value(VALUE_DATE)) == 0, context);
    } else {
        FUZZ_REQUIRE(doc.get_value(VALUE_DATE).empty() && doc.get_value(VALUE_TIMESTAMP).empty(), context);
    }
    FUZZ_REQUIRE(places.mentioned.empty() == doc.get_value(VALUE_PLACES).empty(), context);

    // Terms: the one id term, and nothing Xapian would refuse to store.
    std::size_t id_terms = 0;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        const std::string term = *it;
        FUZZ_REQUIRE(!term.empty(), context);
        FUZZ_REQUIRE(term.size() <= MAX_TERM_BYTES, "term " + escaped(term) + "; " + context);
        FUZZ_REQUIRE(utf8::is_valid(term), "term " + escaped(term) + "; " + context);
        // Text terms are lower case, and other prefixes start with S, A, X
        // or Z: a term starting with Q is an id term (whatever its id holds).
        if (term.compare(0, PREFIX_ID.size(), PREFIX_ID) == 0) {
            ++id_terms;
            FUZZ_REQUIRE(term == make_id_term(article.id), "id term " + escaped(term) + "; " + context);
        }
    }
    FUZZ_REQUIRE(id_terms == 1, context);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    builder = new Builder;
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view line = fuzz::as_text(data, size);
    std::vector<std::string> warnings;
    Article article;
    try {
        article = article_from_json_line(line, builder->options, &warnings);
    } catch (const std::runtime_error& e) {
        // A bad record: reported and skipped, with a reason.  (Control
        // characters it quotes are the printer's to show: terminal_text.h.)
        const std::string reason = e.what();
        FUZZ_REQUIRE(!reason.empty() && utf8::is_valid(reason), "reason " + escaped(reason));
        return 0;
    }
    for (const auto& warning : warnings) FUZZ_REQUIRE(utf8::is_valid(warning), "warning " + escaped(warning));
    check_article(article, line);

    // indexer.cpp's DocumentBuilder::build.
    const NormalizedText text = normalized_text(article);
    const ArticlePlaces places = builder->recognizer->article_places_normalized(text.title, text.body);
    const Xapian::Document doc =
        make_document(article, text, builder->generator, &places, builder->gazetteer.content_hash());
    builder->generator.set_document(Xapian::Document());
    check_document(article, places, doc, line);
    return 0;
}
