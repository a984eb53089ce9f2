/** @file hash_internal.h
 *  @brief A small non-cryptographic 128-bit hash, as 32 hex digits.
 *
 *  Two FNV-1a-64 passes with different offsets, each finished with a
 *  splitmix64 mixer.  Used for over-long id terms and content fingerprints,
 *  where stability across versions and platforms matters more than speed.
 */
#ifndef FAHRAS_HASH_INTERNAL_H
#define FAHRAS_HASH_INTERNAL_H

#include <string>
#include <string_view>

namespace fahras::detail {

std::string hash128_hex(std::string_view data);

}  // namespace fahras::detail

#endif  // FAHRAS_HASH_INTERNAL_H
