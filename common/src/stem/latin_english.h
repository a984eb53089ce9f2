/** @file latin_english.h
 *  @brief Latin words stemmed as English, every other word by the Arabic stemmer.
 */
#ifndef FAHRAS_LATIN_ENGLISH_H
#define FAHRAS_LATIN_ENGLISH_H

#include <xapian.h>

#include <string>
#include <string_view>

namespace fahras::detail {

/** Arabic news quotes English: names (Kerry, Aramco), organisations, the
 *  odd headline word.  Those words are English far more often than any
 *  other language written in Latin letters, so they get Snowball's
 *  english stemmer (elections → elect, like election), and every other
 *  word goes to the Arabic stemmer it wraps, untouched.
 *
 *  A word is Latin when it holds an ASCII or Latin-1 letter and nothing
 *  but those letters, ASCII digits and apostrophes (normalized text is lower case, so
 *  the English stemmer sees what it expects).  A word mixing scripts goes
 *  to the Arabic stemmer, which leaves what it cannot read alone. */
class LatinEnglishStem : public Xapian::StemImplementation {
  public:
    explicit LatinEnglishStem(Xapian::Stem arabic);
    std::string operator()(const std::string& word) override;
    std::string get_description() const override;

    /** Whether @a word is stemmed as English. */
    static bool is_latin_word(std::string_view word);

  private:
    Xapian::Stem arabic_;
    Xapian::Stem english_;
};

}  // namespace fahras::detail

#endif  // FAHRAS_LATIN_ENGLISH_H
