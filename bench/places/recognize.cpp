// fahras-places-recognize: the places PlaceRecognizer finds in each article.
//
//   fahras-places-recognize [--gazetteer FILE.tsv]... [--names] < articles.jsonl
//
// Reads JSON Lines articles on standard input (the fields fahras-index reads:
// url or id, title, body or content…), loads the bundled gazetteer and any
// extra TSV gazetteers, and prints one line per article:
//
//   id<TAB>place_id|place_id|...
//
// The places are the direct mentions (PlaceRecognizer::places_in), in order of
// first mention, without their parents.  --names appends a third column with
// their Arabic names, for reading.  Used by bench/places/evaluate.py.
#include <fahras/article_reader.h>
#include <fahras/gazetteer.h>
#include <fahras/place_recognizer.h>

#include <exception>
#include <iostream>
#include <string>
#include <vector>

namespace {

int usage(std::ostream& out, int code) {
    out << "usage: fahras-places-recognize [--gazetteer FILE.tsv]... [--names] < articles.jsonl\n"
           "Prints id<TAB>place_id|place_id|... for each JSON Lines article read on stdin.\n";
    return code;
}

// Ids and names must not break the TSV output.
std::string one_field(std::string text) {
    for (char& c : text)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return text;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> extra;
    bool names = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--gazetteer" && i + 1 < argc) {
            extra.emplace_back(argv[++i]);
        } else if (arg.rfind("--gazetteer=", 0) == 0) {
            extra.push_back(arg.substr(12));
        } else if (arg == "--names") {
            names = true;
        } else if (arg == "-h" || arg == "--help") {
            return usage(std::cout, 0);
        } else {
            std::cerr << "fahras-places-recognize: unknown argument '" << arg << "'\n";
            return usage(std::cerr, 64);
        }
    }

    fahras::Gazetteer gazetteer;
    const std::string bundled = fahras::bundled_gazetteer_path();
    if (bundled.empty()) {
        std::cerr << "fahras-places-recognize: no bundled gazetteer found (set FAHRAS_GAZETTEER)\n";
        return 66;
    }
    std::vector<std::string> problems;
    try {
        gazetteer.load_tsv(bundled, true, &problems);
        for (const auto& file : extra) gazetteer.load_tsv(file, false, &problems);
    } catch (const std::exception& e) {
        std::cerr << "fahras-places-recognize: " << e.what() << "\n";
        return 66;
    }
    for (const auto& problem : problems) std::cerr << problem << ": warning: skipped\n";
    gazetteer.finish();
    const fahras::PlaceRecognizer recognizer(gazetteer);

    const fahras::ReaderOptions options;
    std::string line;
    std::size_t line_number = 0, failed = 0;
    while (std::getline(std::cin, line)) {
        ++line_number;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        fahras::Article article;
        try {
            article = fahras::article_from_json_line(line, options);
        } catch (const std::exception& e) {
            std::cerr << "stdin:" << line_number << ": " << e.what() << "\n";
            ++failed;
            continue;
        }
        std::string ids, arabic;
        for (const fahras::PlaceIndex index : recognizer.places_in(article.title, article.body)) {
            const fahras::Place& place = gazetteer.place(index);
            if (!ids.empty()) {
                ids += '|';
                arabic += '|';
            }
            ids += place.id;
            arabic += place.name_ar;
        }
        std::cout << one_field(article.id) << '\t' << ids;
        if (names) std::cout << '\t' << one_field(arabic);
        std::cout << '\n';
    }
    return failed ? 65 : 0;
}
