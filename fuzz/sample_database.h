/** @file sample_database.h
 *  @brief corpus/ indexed once per fuzzing process, for the targets that
 *  search (fuzz_search, fuzz_serve_api).
 */
#ifndef FAHRAS_FUZZ_SAMPLE_DATABASE_H
#define FAHRAS_FUZZ_SAMPLE_DATABASE_H

#include <string>

namespace fahras::fuzz {

/** The path of a database of corpus/ (places included) built as
 *  fahras-index builds it, in this process's scratch directory; aborts
 *  unless all 52 articles index. */
std::string index_sample_archive();

}  // namespace fahras::fuzz

#endif  // FAHRAS_FUZZ_SAMPLE_DATABASE_H
