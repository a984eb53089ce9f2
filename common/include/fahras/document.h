/** @file document.h
 *  @brief Turning an Article into a Xapian document and back.
 */
#ifndef FAHRAS_DOCUMENT_H
#define FAHRAS_DOCUMENT_H

#include <fahras/analyzer.h>
#include <fahras/article.h>

#include <xapian.h>

#include <string>

namespace fahras {

/** What a result displays, as stored in the document data. */
struct StoredArticle {
    std::string id, url, title, body, source, author;
    std::string date;  ///< ISO 8601 as stored, or empty
};

/** A content fingerprint: equal for articles that would index identically. */
std::string article_fingerprint(const Article& article);

/** Build the document for @a article.  @a generator must come from
 *  Analyzer::make_term_generator(). */
Xapian::Document make_document(const Article& article, Xapian::TermGenerator& generator);

/** Read back what make_document() stored for display. */
StoredArticle read_stored_article(const Xapian::Document& doc);

}  // namespace fahras

#endif  // FAHRAS_DOCUMENT_H
