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
//
// --mentions prints one line per accepted mention instead, for labelling
// (bench/places/issue21.py):
//
//   id<TAB>place_id<TAB>name_ar<TAB>word<TAB>ambiguous<TAB>ancestors<TAB>context
//
// word is the mention's position among the article's words (title first),
// ambiguous is 1 when the name needed context, ancestors are the place's
// parents' ids (comma-separated, nearest first), and context is the
// normalized words around it with the mention in [brackets].
//
// --tags prints, per article, the ids it is tagged with in an index
// (PlaceRecognizer::article_places: the places and the places containing
// them, as fahras-index adds its XP terms): a place filter's articles
// without indexing (bench/places/issue21.py quick).
#include <fahras/article_reader.h>
#include <fahras/gazetteer.h>
#include <fahras/normalize.h>
#include <fahras/place_recognizer.h>
#include <fahras/words.h>

#include <algorithm>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

namespace {

int usage(std::ostream& out, int code) {
    out << "usage: fahras-places-recognize [--gazetteer FILE.tsv]... [--names | --mentions | --tags] < articles.jsonl\n"
           "Prints id<TAB>place_id|place_id|... for each JSON Lines article read on stdin;\n"
           "with --mentions, one line per mention: id, place id, name, word, ambiguous, ancestors, context;\n"
           "with --tags, id<TAB>the place ids an index tags it with (places and their parents).\n";
    return code;
}

// Ids and names must not break the TSV output.
std::string one_field(std::string text) {
    for (char& c : text)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return text;
}

// The words the recognizer counts positions in (place_recognizer.cpp's
// names_words): the index's words, a hashtag's parts apart.
std::vector<std::string_view> mention_words(std::string_view text) {
    std::vector<std::string_view> out;
    for (std::string_view word : fahras::words_of(text)) {
        std::size_t start = 0;
        while (true) {
            const std::size_t end = word.find('_', start);
            const std::string_view part = word.substr(start, end == std::string_view::npos ? end : end - start);
            if (!part.empty()) out.push_back(part);
            if (end == std::string_view::npos) break;
            start = end + 1;
        }
    }
    return out;
}

void print_mentions(const fahras::Gazetteer& gazetteer, const fahras::PlaceRecognizer& recognizer,
                    const fahras::Article& article) {
    const std::string title = fahras::normalize_text(article.title);
    const std::string body = fahras::normalize_text(article.body);
    std::vector<std::string_view> words = mention_words(title);
    const std::vector<std::string_view> body_words = mention_words(body);
    words.insert(words.end(), body_words.begin(), body_words.end());
    constexpr std::size_t around = 12;
    for (const fahras::PlaceMention& m : recognizer.recognize_normalized(title, body)) {
        const fahras::Place& place = gazetteer.place(m.place);
        std::string ancestors;
        for (const fahras::PlaceIndex up : gazetteer.ancestors(m.place)) {
            if (up == m.place) continue;
            if (!ancestors.empty()) ancestors += ',';
            ancestors += gazetteer.place(up).id;
        }
        std::string context;
        const std::size_t from = m.first_word > around ? m.first_word - around : 0;
        const std::size_t to = std::min(words.size(), m.first_word + m.words + around);
        for (std::size_t w = from; w < to; ++w) {
            if (!context.empty()) context += ' ';
            if (w == m.first_word) context += '[';
            context += words[w];
            if (w + 1 == m.first_word + m.words) context += ']';
        }
        std::cout << one_field(article.id) << '\t' << place.id << '\t' << one_field(place.name_ar) << '\t'
                  << m.first_word << '\t' << (m.ambiguous ? 1 : 0) << '\t' << ancestors << '\t'
                  << one_field(context) << '\n';
    }
}

// --tags: the ids an index tags the article with.
void print_tags(const fahras::PlaceRecognizer& recognizer, const fahras::Article& article) {
    std::string ids;
    for (const std::string& id : recognizer.article_places(article.title, article.body).with_parents)
        ids += (ids.empty() ? "" : "|") + id;
    std::cout << one_field(article.id) << '\t' << ids << '\n';
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> extra;
    bool names = false;
    bool mentions = false;
    bool tags = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--gazetteer" && i + 1 < argc) {
            extra.emplace_back(argv[++i]);
        } else if (arg.rfind("--gazetteer=", 0) == 0) {
            extra.push_back(arg.substr(12));
        } else if (arg == "--names") {
            names = true;
        } else if (arg == "--mentions") {
            mentions = true;
        } else if (arg == "--tags") {
            tags = true;
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
        if (tags || mentions) {
            tags ? print_tags(recognizer, article) : print_mentions(gazetteer, recognizer, article);
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
