/** @file completion.h
 *  @brief Completions of a partly typed query from the archive's title
 *  vocabulary: the words fahras-index records in Xapian's spelling table
 *  (indexer/document_builder.cpp: add_spelling), each with the number of
 *  titles that use it.
 *
 *  The words are stored normalized (normalize.h) and with their article:
 *  الاقتصاد, not اقتصاد.  A prefix matches a word when the word begins with
 *  it, or when the word begins with ال and the rest begins with it: typing
 *  اقتص offers الاقتصاد and اقتصادي; typing الاقتص offers الاقتصاد but not
 *  اقتصادي.  Other clitics (و، ب، ل…) are not taken off: والاقتصاد is
 *  offered for وال, as it is written.  Function words (the stopword list)
 *  are not offered.
 *
 *  Words are offered as the titles write them (published_spelling): the
 *  table holds الحكومه, a reader expects الحكومة.
 *
 *  Reading the spelling table for every keystroke would walk every word
 *  sharing a short prefix on disk; instead CompletionIndex reads it once
 *  into memory, sorted by both keys, and Searcher keeps one per database
 *  revision (searcher.h: Searcher::complete).
 */
#ifndef FAHRAS_SEARCH_COMPLETION_H
#define FAHRAS_SEARCH_COMPLETION_H

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace fahras {

/// Completions returned when the request names no number.
inline constexpr std::size_t DEFAULT_COMPLETIONS = 8;
/// At most this many completions are returned.
inline constexpr std::size_t MAX_COMPLETIONS = 20;

/** One word of the vocabulary offered for a prefix. */
struct Completion {
    std::string text;  ///< the query as typed, its last word replaced by published
    std::string word;  ///< the vocabulary word (normalized)
    std::string published;  ///< word as the titles using it write it (see published_spelling)
    Xapian::doccount frequency = 0;  ///< titles using it
};

/** What a partly typed query completes to. */
struct CompletionPage {
    std::string prefix;  ///< the query's last word, normalized: what was completed ("" for none)
    std::vector<Completion> completions;  ///< most frequent first
};

/** The spelling table of one database revision, in memory. */
class CompletionIndex {
  public:
    /** Reads every word of @a db's spelling table but those @a stopper
     *  stops: a function word (الي، التي) completes nothing anyone
     *  searches for.  Throws what Xapian throws. */
    explicit CompletionIndex(const Xapian::Database& db, const Xapian::Stopper* stopper = nullptr);

    /** Up to @a limit words matching @a normalized_prefix (see the file
     *  comment), by frequency, then shorter first, then in byte order. */
    std::vector<std::pair<std::string, Xapian::doccount>> complete(std::string_view normalized_prefix,
                                                                   std::size_t limit) const;

    std::size_t words() const { return words_.size(); }

    /** published_spelling(@a db, @a word), remembered: @a db must be the
     *  database (and revision) this index was read from. */
    const std::string& published(const Xapian::Database& db, const std::string& word);

  private:
    struct Key {
        std::string_view text;  ///< into words_: the word, or the word after its ال
        std::uint32_t word;
    };
    std::vector<std::string> words_;
    std::vector<Xapian::doccount> frequencies_;
    std::vector<Key> keys_;  ///< sorted by text
    std::unordered_map<std::string, std::string> published_;  ///< normalized word → published spelling
};

/** How the titles that use @a word (a word of the spelling table,
 *  normalized) write it: the most common published spelling among the
 *  first @a titles titles holding it (first seen wins a tie), with
 *  tashkeel, tatweel, invisible controls and presentation forms taken out
 *  but hamza, ة and ى as published.  @a word itself when no title has it.
 *  Throws what Xapian throws. */
std::string published_spelling(const Xapian::Database& db, const std::string& word, Xapian::doccount titles = 16);

/** The completions of @a query: its last word (after the last space, and
 *  after any of " ( + - that open it) completed from @a index, what comes
 *  before it kept as typed.  A query
 *  that is empty or ends in a space has no last word: no completions.
 *  With @a db (the database @a index was read from) words are offered in
 *  their published spelling, else as the index holds them. */
CompletionPage complete_query(CompletionIndex& index, std::string_view query, std::size_t limit,
                              const Xapian::Database* db = nullptr);

}  // namespace fahras

#endif  // FAHRAS_SEARCH_COMPLETION_H
