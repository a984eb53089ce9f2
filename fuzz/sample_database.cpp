// corpus/ indexed as fahras-index would, once per process.
#include "sample_database.h"

#include "fuzz_support.h"

#include "indexer.h"

#include <sstream>

namespace fahras::fuzz {

std::string index_sample_archive() {
    IndexerOptions opts;
    opts.db_path = scratch_path("db");
    opts.inputs = {std::string(FAHRAS_SOURCE_DIR) + "/corpus/articles.jsonl", std::string(FAHRAS_SOURCE_DIR) + "/corpus/text"};
    opts.threads = 1;
    opts.quiet = true;
    opts.progress = false;
    std::ostringstream err;
    const IndexStats stats = run_indexer(opts, err);
    FUZZ_REQUIRE(stats.added == 52 && stats.failed == 0, "corpus/ indexes (52 articles): " + err.str());
    return opts.db_path;
}

}  // namespace fahras::fuzz
