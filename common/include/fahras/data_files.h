/** @file data_files.h
 *  @brief Finding the data files Fahras ships (gazetteer, variants, stopwords).
 *
 *  `cmake --install build --prefix P` puts data/ in P/share/fahras beside
 *  P/bin.  The programs look there first, found from their own path, so an
 *  installed tree works from any prefix and after being moved; then in the
 *  source tree's data/, so that programs run from the build tree use the
 *  data being edited; then in the prefix the build was configured for.
 */
#ifndef FAHRAS_DATA_FILES_H
#define FAHRAS_DATA_FILES_H

#include <string>
#include <string_view>
#include <vector>

namespace fahras {

/** The directories data files are looked for in, in order: $FAHRAS_DATA_DIR
 *  alone if it is set; else share/fahras beside the running program's bin/,
 *  the source tree's data/ and the configured install prefix's share/fahras. */
std::vector<std::string> data_dirs();

/** The path of data file @a relative ("variants_ar.txt"): $@a env_override
 *  if set, else the first of data_dirs() that holds it; "" if none does. */
std::string data_file_path(std::string_view relative, const char* env_override);

/** Where data file @a relative was looked for, for a message saying it is
 *  missing: "found no variants_ar.txt in DIR, DIR or DIR". */
std::string data_file_not_found(std::string_view relative);

}  // namespace fahras

#endif  // FAHRAS_DATA_FILES_H
