#include <fahras/database_meta.h>

#include <fahras/error.h>
#include <fahras/normalize.h>
#include <fahras/schema.h>
#include <fahras/stemmers.h>

#include <algorithm>

namespace fahras {

AnalysisRecord read_analysis_record(const Xapian::Database& db) {
    return {db.get_metadata(META_SCHEMA_VERSION), db.get_metadata(META_NORMALIZER_VERSION),
            db.get_metadata(META_STEMMER)};
}

void write_analysis_record(Xapian::WritableDatabase& db, const std::string& stemmer) {
    db.set_metadata(META_SCHEMA_VERSION, std::to_string(SCHEMA_VERSION));
    db.set_metadata(META_NORMALIZER_VERSION, std::to_string(NORMALIZER_VERSION));
    db.set_metadata(META_STEMMER, stemmer);
}

std::string check_analysis_record(const Xapian::Database& db, const std::string& db_path) {
    const AnalysisRecord record = read_analysis_record(db);
    const std::string rebuild = "; rebuild it: fahras-index --rebuild --db " + db_path + " ARCHIVE...";
    if (record.schema_version.empty()) {
        throw Error(EXIT_NO_INPUT, db_path + " is not a Fahras database (it has no " +
                                       std::string(META_SCHEMA_VERSION) + " record); remove it and run " +
                                       "fahras-index again");
    }
    const std::string ours = "schema " + std::to_string(SCHEMA_VERSION) + ", normalizer " +
                             std::to_string(NORMALIZER_VERSION);
    const std::string theirs = "schema " + record.schema_version + ", normalizer " + record.normalizer_version;
    if (ours != theirs) {
        throw Error(EXIT_NO_INPUT, db_path + " was built with an incompatible analysis (" + theirs +
                                       "; this version uses " + ours + ")" + rebuild);
    }
    const auto& names = stemmer_names();
    if (std::find(names.begin(), names.end(), record.stemmer) == names.end()) {
        throw Error(EXIT_NO_INPUT, db_path + " was built with stemmer '" + record.stemmer +
                                       "', which this version does not know" + rebuild);
    }
    return record.stemmer;
}

}  // namespace fahras
