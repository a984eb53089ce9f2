/** @file stories.h
 *  @brief Near-duplicate articles (one wire story printed by several
 *  papers): a MinHash signature of each article's body, the LSH band terms
 *  that find candidates for it in the index, and the similarity of two
 *  signatures.
 *
 *  The body's normalized words (normalize_text, words_of) are cut into
 *  overlapping SHINGLE_WORDS-word shingles; the signature keeps, for each
 *  of SIGNATURE_HASHES hash functions, the smallest hash of any shingle.
 *  The share of equal positions in two signatures estimates the Jaccard
 *  similarity of the two shingle sets.  The signature is cut into
 *  LSH_BANDS bands of LSH_ROWS positions; two articles whose signatures
 *  agree on a whole band share that band's term, so a posting list finds
 *  the candidates without comparing every pair.  docs/stories.md explains
 *  the choice of numbers.
 */
#ifndef FAHRAS_STORIES_H
#define FAHRAS_STORIES_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fahras {

inline constexpr std::size_t SHINGLE_WORDS = 5;
inline constexpr std::size_t LSH_BANDS = 24;
inline constexpr std::size_t LSH_ROWS = 3;
inline constexpr std::size_t SIGNATURE_HASHES = LSH_BANDS * LSH_ROWS;
/// Two articles are versions of one story when the estimated Jaccard
/// similarity of their shingle sets is at least this.
inline constexpr double SAME_STORY_SIMILARITY = 0.5;

/** A MinHash signature: SIGNATURE_HASHES minima, or empty for a body too
 *  short to have one shingle (such an article is a story of its own). */
using StorySignature = std::vector<std::uint32_t>;

/** The signature of @a normalized_body (text as normalize_text() gives it). */
StorySignature story_signature(std::string_view normalized_body);

/** The signature as stored in VALUE_SIGNATURE (4 bytes a hash,
 *  little-endian), and back; a value of another length reads as empty. */
std::string encode_signature(const StorySignature& signature);
StorySignature decode_signature(std::string_view value);

/** The LSH band terms of @a signature (PREFIX_BAND, the band's number and
 *  a hash of its rows), one a band; none for an empty signature. */
std::vector<std::string> band_terms(const StorySignature& signature);

/** The estimated Jaccard similarity of two signatures: the share of
 *  positions where they agree (0 when either is empty). */
double signature_similarity(const StorySignature& a, const StorySignature& b);

}  // namespace fahras

#endif  // FAHRAS_STORIES_H
