// fahras-eval-baseline: "plain Xapian" for the retrieval evaluation.  It
// indexes and searches with Xapian's own TermGenerator and QueryParser and
// nothing of Fahras (no normalization, no Fahras stemmer, no fields), so
// that run.sh can show what Fahras adds.  Linked to Xapian only.
//
//   fahras-eval-baseline index  DB STEMMER < docs.tsv      (id TAB text per line)
//   fahras-eval-baseline search DB STEMMER OP LIMIT < queries.txt > hits.tsv
//
// STEMMER is "none" or a Xapian stemmer name ("arabic"); OP is "or" or
// "and".  Search prints "query_index TAB rank TAB id" per hit, ranks from 1,
// and "query_index TAB error TAB what" for a query the parser refuses.
#include <xapian.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

namespace {

Xapian::Stem stemmer_named(const std::string& name) {
    return name == "none" ? Xapian::Stem() : Xapian::Stem(name);
}

int index_documents(const std::string& db_path, const std::string& stemmer) {
    Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator generator;
    generator.set_stemmer(stemmer_named(stemmer));
    // Xapian's default strategy, spelled out: it is also Fahras's.
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    std::string line;
    Xapian::doccount count = 0;
    while (std::getline(std::cin, line)) {
        const std::size_t tab = line.find('\t');
        if (tab == std::string::npos) continue;
        Xapian::Document doc;
        doc.set_data(line.substr(0, tab));
        generator.set_document(doc);
        generator.index_text(line.substr(tab + 1));
        db.add_document(doc);
        ++count;
    }
    db.commit();
    std::cerr << "fahras-eval-baseline: indexed " << count << " documents\n";
    return 0;
}

int search_queries(const std::string& db_path, const std::string& stemmer, const std::string& op,
                   Xapian::doccount limit) {
    Xapian::Database db(db_path);
    Xapian::QueryParser parser;
    parser.set_database(db);
    parser.set_stemmer(stemmer_named(stemmer));
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.set_default_op(op == "and" ? Xapian::Query::OP_AND : Xapian::Query::OP_OR);
    Xapian::Enquire enquire(db);
    std::string line;
    for (std::size_t index = 0; std::getline(std::cin, line); ++index) {
        Xapian::Query query;
        try {
            query = parser.parse_query(line, Xapian::QueryParser::FLAG_DEFAULT);
        } catch (const Xapian::QueryParserError& e) {
            // What a search box on this parser would show: an error, no
            // results.  eval.py counts these lines as failed queries.
            std::cerr << "fahras-eval-baseline: query " << index << ": " << e.get_msg() << '\n';
            std::cout << index << "\terror\t" << e.get_msg() << '\n';
            continue;
        }
        enquire.set_query(query);
        const Xapian::MSet mset = enquire.get_mset(0, limit);
        for (auto it = mset.begin(); it != mset.end(); ++it)
            std::cout << index << '\t' << it.get_rank() + 1 << '\t' << it.get_document().get_data() << '\n';
    }
    return 0;
}

}  // namespace

int main(int argc, char* argv[]) try {
    const std::string usage =
        "usage: fahras-eval-baseline index DB STEMMER < docs.tsv\n"
        "       fahras-eval-baseline search DB STEMMER or|and LIMIT < queries.txt\n";
    const std::string command = argc > 1 ? argv[1] : "";
    if (command == "index" && argc == 4) return index_documents(argv[2], argv[3]);
    if (command == "search" && argc == 6) {
        const long limit = std::strtol(argv[5], nullptr, 10);
        if (limit > 0) return search_queries(argv[2], argv[3], argv[4], static_cast<Xapian::doccount>(limit));
    }
    std::cerr << usage;
    return 64;
} catch (const Xapian::Error& e) {
    std::cerr << "fahras-eval-baseline: " << e.get_description() << '\n';
    return 70;
}
