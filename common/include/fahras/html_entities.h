/** @file html_entities.h
 *  @brief Decoding the HTML character references scraped text carries.
 */
#ifndef FAHRAS_HTML_ENTITIES_H
#define FAHRAS_HTML_ENTITIES_H

#include <string>
#include <string_view>

namespace fahras {

/** Decode &name; and &#N; / &#xH; references.  Only complete, known
 *  references are replaced (the decoding is then unambiguous); anything
 *  else, such as a bare "&" or "&unknown;", is left as written. */
std::string decode_html_entities(std::string_view text);

}  // namespace fahras

#endif  // FAHRAS_HTML_ENTITIES_H
