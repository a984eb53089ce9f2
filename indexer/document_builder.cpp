#include "document_builder.h"

#include "messages.h"

#include <fahras/document.h>
#include <fahras/error.h>
#include <fahras/schema.h>

#include <filesystem>
#include <new>
#include <ostream>
#include <vector>

namespace fs = std::filesystem;

namespace fahras {

PlaceSetup::PlaceSetup(const IndexerOptions& opts, std::ostream& err) {
    if (!opts.places) return;
    const std::string bundled = bundled_gazetteer_path();
    // Refused rather than warned about: an index built without places
    // answers no place search, and only a full reindex repairs it.
    if (bundled.empty()) {
        throw Error(EXIT_NO_INPUT, missing_gazetteer_help() + ", or index without places with --no-places");
    }
    std::vector<std::string> problems;
    try {
        gazetteer.load_tsv(bundled, true, &problems);
        for (const auto& file : opts.gazetteers) {
            gazetteer.load_tsv(file, false, &problems);
            record += "tsv:" + fs::absolute(file).string() + "\n";
        }
        for (const auto& file : opts.geonames) {
            gazetteer.load_geonames(file, &problems);
            record += "geonames:" + fs::absolute(file).string() + "\n";
        }
    } catch (const std::runtime_error& e) {
        throw Error(EXIT_NO_INPUT, e.what());
    }
    for (const auto& problem : problems) err << shown(problem) << ": warning: skipped\n";
    gazetteer.finish();
    recognizer.emplace(gazetteer);
}

std::string PlaceSetup::salt() const { return recognizer ? gazetteer.content_hash() : std::string("no-places"); }

void check_terms(const Xapian::Document& doc) {
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        const std::string& term = *it;
        if (term.size() > XAPIAN_MAX_TERM_BYTES) {
            const bool place = is_place_term(term);
            throw ArticleRejected("a term of " + std::to_string(term.size()) + " bytes ('" + term.substr(0, 24) +
                                  "...'" + (place ? ", from the id of a place in a gazetteer" : "") +
                                  ") is longer than Xapian's " + std::to_string(XAPIAN_MAX_TERM_BYTES) +
                                  "-byte limit; article skipped");
        }
    }
}

DocumentBuilder::DocumentBuilder(const std::string& stemmer, const PlaceSetup& places)
    : analyzer_(stemmer), generator_(analyzer_.make_term_generator()), places_(places), salt_(places.salt()) {}

Xapian::Document DocumentBuilder::build(const Article& article) {
    // The generator keeps a handle on the document, and Xapian counts
    // handles without atomics: let go of it before the document may
    // move to another thread, whatever happens.
    struct Release {
        Xapian::TermGenerator& generator;
        ~Release() { generator.set_document(Xapian::Document()); }
    } release{generator_};
    try {
        Xapian::Document doc;
        const NormalizedText text = normalized_text(article);
        if (!places_.recognizer) {
            doc = make_document(article, text, generator_, nullptr, salt_);
        } else {
            const ArticlePlaces places = places_.recognizer->article_places_normalized(text.title, text.body);
            doc = make_document(article, text, generator_, &places, salt_);
        }
        check_terms(doc);
        return doc;
    } catch (const ArticleRejected&) {
        throw;
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const Xapian::Error& e) {
        throw ArticleRejected("cannot analyse this article (" + e.get_description() + "); article skipped");
    } catch (const std::exception& e) {
        throw ArticleRejected(std::string("cannot analyse this article (") + e.what() + "); article skipped");
    }
}

// The archive's vocabulary for "did you mean": the words of titles, once
// per article, so a word's spelling frequency is the number of titles that
// use it.  Titles carry the names and topics people search for; recording
// every body word (TermGenerator's FLAG_SPELLING) cost about 45% of
// indexing time, titles cost a few percent.
void add_spelling(Xapian::WritableDatabase& db, const Xapian::Document& doc) {
    const std::string title_prefix(PREFIX_TITLE);
    auto it = doc.termlist_begin();
    for (it.skip_to(title_prefix); it != doc.termlist_end(); ++it) {
        const std::string& term = *it;
        if (term.compare(0, title_prefix.size(), title_prefix) != 0) break;
        const auto first = static_cast<unsigned char>(term[title_prefix.size()]);
        const bool number = first >= '0' && first <= '9';
        if (!number && term.size() - title_prefix.size() > 4) db.add_spelling(term.substr(title_prefix.size()));
    }
}

}  // namespace fahras
