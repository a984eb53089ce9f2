// fahras-stories-dump: each article's story and MinHash signature, as the
// indexer stored them, for bench/stories/pairs.py.
//
//   fahras-stories-dump DB > articles.tsv
//
// One line per document, in docid order:
//
//   docid<TAB>id<TAB>source<TAB>date<TAB>group<TAB>signature
//
// id is the article's id term without its prefix (its url), date is
// VALUE_DATE (YYYYMMDD), group is VALUE_GROUP and signature is
// VALUE_SIGNATURE in hex (SIGNATURE_HASHES hashes of 8 hex digits each, in
// order; empty for a body too short to have one).  The database is only
// read.  No article text is printed.
#include <fahras/schema.h>
#include <fahras/stories.h>

#include <xapian.h>

#include <cstdio>
#include <exception>
#include <iostream>
#include <string>

namespace {

std::string one_field(std::string text) {
    for (char& c : text)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return text;
}

std::string hex(const fahras::StorySignature& signature) {
    std::string out;
    char buffer[9];
    for (const std::uint32_t h : signature) {
        std::snprintf(buffer, sizeof buffer, "%08x", static_cast<unsigned>(h));
        out += buffer;
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2 || std::string(argv[1]) == "--help") {
        std::cerr << "usage: fahras-stories-dump DB > articles.tsv\n"
                     "Prints docid, id, source, date, story and signature (hex) of every article.\n";
        return argc == 2 ? 0 : 2;
    }
    try {
        const Xapian::Database db(argv[1]);
        const std::string id_prefix = fahras::id_terms_prefix();
        for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
            const Xapian::Document doc = db.get_document(*it);
            std::string id;
            auto term = doc.termlist_begin();
            term.skip_to(id_prefix);
            if (term != doc.termlist_end() && (*term).compare(0, id_prefix.size(), id_prefix) == 0)
                id = (*term).substr(id_prefix.size());
            std::cout << *it << '\t' << one_field(id) << '\t' << one_field(doc.get_value(fahras::VALUE_SOURCE))
                      << '\t' << doc.get_value(fahras::VALUE_DATE) << '\t'
                      << one_field(doc.get_value(fahras::VALUE_GROUP)) << '\t'
                      << hex(fahras::decode_signature(doc.get_value(fahras::VALUE_SIGNATURE))) << '\n';
        }
    } catch (const Xapian::Error& e) {
        std::cerr << "fahras-stories-dump: " << e.get_description() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "fahras-stories-dump: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
