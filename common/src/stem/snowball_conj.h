/** @file snowball_conj.h
 *  @brief Snowball arabic, after removing a conjunction before the article.
 */
#ifndef FAHRAS_SNOWBALL_CONJ_H
#define FAHRAS_SNOWBALL_CONJ_H

#include "stem_cache.h"

#include <xapian.h>

#include <string>

namespace fahras::detail {

/** Xapian's Snowball arabic stemmer strips ال, بال, كال and لل but not a
 *  conjunction in front of them: والقاهرة stems to والقاهر while القاهرة
 *  stems to قاهر, and وبالرقة never meets الرقة.  This removes one leading
 *  و or ف when what follows starts with one of those article forms and
 *  leaves at least two letters after it, then hands over to Snowball. */
class SnowballConjunctionStem : public Xapian::StemImplementation {
  public:
    SnowballConjunctionStem();
    std::string operator()(const std::string& word) override;
    std::string get_description() const override;

    /** The word with its conjunction removed (or unchanged): testable alone. */
    static std::string strip_conjunction(const std::string& word);

  private:
    Xapian::Stem snowball_;
    StemCache cache_;
};

}  // namespace fahras::detail

#endif  // FAHRAS_SNOWBALL_CONJ_H
