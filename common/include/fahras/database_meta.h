/** @file database_meta.h
 *  @brief The analysis a database was built with, recorded in its metadata.
 *
 *  A query only finds what the index holds if both were analysed the same
 *  way; these helpers write that record and refuse a database whose
 *  record does not match this build.
 */
#ifndef FAHRAS_DATABASE_META_H
#define FAHRAS_DATABASE_META_H

#include <xapian.h>

#include <string>

namespace fahras {

struct AnalysisRecord {
    std::string schema_version;      ///< empty when the database has none
    std::string normalizer_version;
    std::string stemmer;
};

AnalysisRecord read_analysis_record(const Xapian::Database& db);

/** Record this build's versions and @a stemmer (not committed). */
void write_analysis_record(Xapian::WritableDatabase& db, const std::string& stemmer);

/** The stemmer to search @a db with.  Throws fahras::Error(EXIT_NO_INPUT)
 *  naming @a db_path and telling how to rebuild when the database was not
 *  made by Fahras or used another schema or normalizer version. */
std::string check_analysis_record(const Xapian::Database& db, const std::string& db_path);

}  // namespace fahras

#endif  // FAHRAS_DATABASE_META_H
