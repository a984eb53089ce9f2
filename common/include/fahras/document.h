/** @file document.h
 *  @brief Turning an Article into a Xapian document and back.
 */
#ifndef FAHRAS_DOCUMENT_H
#define FAHRAS_DOCUMENT_H

#include <fahras/analyzer.h>
#include <fahras/article.h>

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace fahras {

/** A place as a result shows it. */
struct PlaceRef {
    std::string id;
    std::string name;  ///< Arabic name
};

/** What place recognition found in an article, ready to index. */
struct ArticlePlaces {
    std::vector<PlaceRef> mentioned;        ///< in order of first mention
    std::vector<std::string> with_parents;  ///< ids of those and every place containing them
    std::vector<std::string> countries;     ///< ISO codes
};

/** What a result displays, as stored in the document data. */
struct StoredArticle {
    std::string id, url, title, body, source, author;
    std::string date;  ///< ISO 8601 as stored, or empty
    std::vector<PlaceRef> places;
};

/** A content fingerprint: equal for articles that would index identically.
 *  @a analysis_salt names anything else that changes the document (the
 *  gazetteers used), so changing it reindexes everything. */
std::string article_fingerprint(const Article& article, const std::string& analysis_salt = "");

/** An article's title and body as the index reads them (normalize_text). */
struct NormalizedText {
    std::string title, body;
};

NormalizedText normalized_text(const Article& article);

/** Build the document for @a article.  @a generator must come from
 *  Analyzer::make_term_generator(); @a places may be null (no recognition). */
Xapian::Document make_document(const Article& article, Xapian::TermGenerator& generator,
                               const ArticlePlaces* places = nullptr, const std::string& analysis_salt = "");

/** The same, with @a text = normalized_text(article) computed by the caller
 *  (place recognition reads it too: the text is normalized once). */
Xapian::Document make_document(const Article& article, const NormalizedText& text, Xapian::TermGenerator& generator,
                               const ArticlePlaces* places = nullptr, const std::string& analysis_salt = "");

/** The document data: @a article, but its body, as a string of
 *  length-prefixed fields (the body is stored in VALUE_BODY). */
std::string encode_stored_article(const StoredArticle& article);

/** The inverse of encode_stored_article(); an empty article (no id) for
 *  data that is not of that layout or is damaged. */
StoredArticle decode_stored_article(std::string_view data);

/** Read back what make_document() stored for display; the body (a value
 *  of its own, read separately) only if @a with_body. */
StoredArticle read_stored_article(const Xapian::Document& doc, bool with_body = true);

}  // namespace fahras

#endif  // FAHRAS_DOCUMENT_H
