/** @file data_files.h
 *  @brief Finding the data files Fahras ships (gazetteer, variants, stopwords).
 */
#ifndef FAHRAS_DATA_FILES_H
#define FAHRAS_DATA_FILES_H

#include <string>
#include <string_view>

namespace fahras {

/** The path of data file @a relative ("variants_ar.txt"): $@a env_override
 *  if set, else the source tree's data/ (running from a build), else the
 *  installed share/fahras/; "" if none exists. */
std::string data_file_path(std::string_view relative, const char* env_override);

}  // namespace fahras

#endif  // FAHRAS_DATA_FILES_H
