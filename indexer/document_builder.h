/** @file document_builder.h
 *  @brief Articles into documents: the places a run recognizes, the
 *  document of each article, the checks Xapian would make too late, and the
 *  vocabulary for "did you mean".
 */
#ifndef FAHRAS_DOCUMENT_BUILDER_H
#define FAHRAS_DOCUMENT_BUILDER_H

#include "indexer.h"

#include <fahras/analyzer.h>
#include <fahras/article_reader.h>
#include <fahras/gazetteer.h>
#include <fahras/place_recognizer.h>

#include <xapian.h>

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>

namespace fahras {

/** The gazetteers and the recognizer a run uses, loaded once.  Shared
 *  read-only by every analysis thread. */
struct PlaceSetup {
    Gazetteer gazetteer;
    std::optional<PlaceRecognizer> recognizer;
    std::string record;  ///< what META_GAZETTEERS stores

    /** Nothing with --no-places; else the bundled gazetteer and those of
     *  --gazetteer and --geonames.  Their problems are warnings on @a err;
     *  throws fahras::Error(EXIT_NO_INPUT) without the bundled one or when
     *  a gazetteer cannot be read. */
    PlaceSetup(const IndexerOptions& opts, std::ostream& err);

    /// Part of every fingerprint: new gazetteers reindex every article.
    std::string salt() const;
};

/** An article that cannot become a document (an over-long term, a library
 *  failure while analysing it): reported and skipped like a bad line.  It is
 *  thrown before anything is written, so the database is untouched. */
struct ArticleRejected : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/** Xapian refuses longer terms, and a refused add_document() also drops
 *  every change since the last commit: such a document must never reach it. */
constexpr std::size_t XAPIAN_MAX_TERM_BYTES = 245;

/** Throw ArticleRejected if a term of @a doc is longer than Xapian takes. */
void check_terms(const Xapian::Document& doc);

/** Turns articles into documents: normalization, terms, stems, places.
 *  TermGenerator and Stem keep state between calls, so each thread has its
 *  own builder; the gazetteer and recognizer are only read. */
class DocumentBuilder {
  public:
    DocumentBuilder(const std::string& stemmer, const PlaceSetup& places);
    DocumentBuilder(const DocumentBuilder&) = delete;
    DocumentBuilder& operator=(const DocumentBuilder&) = delete;

    /** The document for @a article; throws ArticleRejected when it has
     *  none (out of memory stays fatal). */
    Xapian::Document build(const Article& article);

  private:
    Analyzer analyzer_;
    Xapian::TermGenerator generator_;
    const PlaceSetup& places_;
    std::string salt_;
};

/** Record the words of @a doc's title in @a db's spelling data. */
void add_spelling(Xapian::WritableDatabase& db, const Xapian::Document& doc);

}  // namespace fahras

#endif  // FAHRAS_DOCUMENT_BUILDER_H
