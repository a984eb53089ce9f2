/** @file article.h
 *  @brief One news article as read from an archive, before analysis.
 */
#ifndef FAHRAS_ARTICLE_H
#define FAHRAS_ARTICLE_H

#include <fahras/dates.h>

#include <optional>
#include <string>

namespace fahras {

struct Article {
    std::string id;      ///< unique key; re-indexing the same id replaces it
    std::string url;
    std::string title;
    std::string body;
    std::string source;
    std::string author;
    std::optional<DateTime> date;
    std::string origin;  ///< "file:line" it came from, for messages
};

}  // namespace fahras

#endif  // FAHRAS_ARTICLE_H
