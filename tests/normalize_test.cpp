// One TEST_CASE per normalization stage, letter by letter.
#include <fahras/normalize.h>
#include <fahras/utf8.h>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace fahras;

namespace {

std::string u(char32_t cp) {
    std::string out;
    utf8::append(out, cp);
    return out;
}

const std::string BEH = u(0x0628);  // ب: a neutral letter to carry marks

struct Row {
    char32_t from;
    std::string to;  // "" = removed
};

// Each row: the stage maps BEH+from+BEH to BEH+to+BEH, and leaves BEH alone.
void check_rows(std::string (*stage)(std::string_view), const std::vector<Row>& rows) {
    for (const auto& row : rows) {
        CAPTURE(static_cast<unsigned>(row.from));
        CHECK(stage(BEH + u(row.from) + BEH) == BEH + row.to + BEH);
    }
}

// Every code point in [first, last] is removed.
void check_range_removed(std::string (*stage)(std::string_view), char32_t first, char32_t last) {
    for (char32_t cp = first; cp <= last; ++cp) {
        CAPTURE(static_cast<unsigned>(cp));
        CHECK(stage(BEH + u(cp) + BEH) == BEH + BEH);
    }
}

// The Arabic letters U+0621–U+064A that no stage below should touch.
void check_letters_kept(std::string (*stage)(std::string_view), const std::vector<char32_t>& folded) {
    for (char32_t cp = 0x0621; cp <= 0x064A; ++cp) {
        bool is_folded = false;
        for (char32_t f : folded) is_folded = is_folded || f == cp;
        if (is_folded || cp == 0x0640) continue;
        CAPTURE(static_cast<unsigned>(cp));
        CHECK(stage(u(cp)) == u(cp));
    }
}

}  // namespace

TEST_CASE("strip_tashkeel removes every harakah, tanween and Quranic mark") {
    check_range_removed(stages::strip_tashkeel, 0x064B, 0x065F);
    check_range_removed(stages::strip_tashkeel, 0x0610, 0x061A);
    check_range_removed(stages::strip_tashkeel, 0x06D6, 0x06ED);
    check_rows(stages::strip_tashkeel, {{0x0670, ""}});
    check_letters_kept(stages::strip_tashkeel, {});
    CHECK(stages::strip_tashkeel("مَدْرَسَةٌ") == "مدرسة");
    CHECK(stages::strip_tashkeel("أَعْلَنَتِ الحُكومةُ") == "أعلنت الحكومة");
    CHECK(stages::strip_tashkeel("هٰذا") == "هذا");
}

TEST_CASE("strip_tatweel removes only U+0640") {
    check_rows(stages::strip_tatweel, {{0x0640, ""}});
    check_letters_kept(stages::strip_tatweel, {});
    CHECK(stages::strip_tatweel("مجلـــس") == "مجلس");
    CHECK(stages::strip_tatweel("مَـجلس") == "مَجلس");  // marks are another stage's job
}

TEST_CASE("fold_alef maps hamza, madda and wasla forms to bare alef") {
    const std::string alef = u(0x0627);
    check_rows(stages::fold_alef, {{0x0622, alef}, {0x0623, alef}, {0x0625, alef}, {0x0671, alef},
                                   {0x0672, alef}, {0x0673, alef}, {0x0675, alef}, {0x0627, alef}});
    check_letters_kept(stages::fold_alef, {0x0622, 0x0623, 0x0625});
    // ؤ and ئ carry hamza on other seats: they stay.
    CHECK(stages::fold_alef("مسؤول") == "مسؤول");
    CHECK(stages::fold_alef("إسطنبول") == "اسطنبول");
    CHECK(stages::fold_alef("آخر") == "اخر");
}

TEST_CASE("fold_alef_maksura maps ى to ي") {
    check_rows(stages::fold_alef_maksura, {{0x0649, u(0x064A)}, {0x064A, u(0x064A)}});
    check_letters_kept(stages::fold_alef_maksura, {0x0649});
    CHECK(stages::fold_alef_maksura("مستشفى على") == "مستشفي علي");
}

TEST_CASE("fold_teh_marbuta maps ة to ه") {
    check_rows(stages::fold_teh_marbuta, {{0x0629, u(0x0647)}, {0x0647, u(0x0647)}});
    check_letters_kept(stages::fold_teh_marbuta, {0x0629});
    CHECK(stages::fold_teh_marbuta("القاهرة") == "القاهره");
}

TEST_CASE("fold_persian_letters maps Persian and Urdu look-alikes") {
    check_rows(stages::fold_persian_letters, {{0x06A9, u(0x0643)}, {0x06AA, u(0x0643)}, {0x06CC, u(0x064A)},
                                              {0x06D2, u(0x064A)}, {0x06C0, u(0x0647)}, {0x06C1, u(0x0647)},
                                              {0x06BE, u(0x0647)}, {0x06D5, u(0x0647)}});
    check_letters_kept(stages::fold_persian_letters, {});
    CHECK(stages::fold_persian_letters("الکویت") == "الكويت");
}

TEST_CASE("fold_digits maps both Arabic-Indic digit sets and numeric signs") {
    for (char32_t d = 0; d <= 9; ++d) {
        const std::string ascii(1, static_cast<char>('0' + d));
        check_rows(stages::fold_digits, {{0x0660 + d, ascii}, {0x06F0 + d, ascii}});
    }
    check_rows(stages::fold_digits, {{0x066A, "%"}, {0x066B, "."}, {0x066C, ","}});
    check_letters_kept(stages::fold_digits, {});
    CHECK(stages::fold_digits("٢٠١٥") == "2015");
    CHECK(stages::fold_digits("۲۰۱۶") == "2016");
    CHECK(stages::fold_digits("٨٠٪") == "80%");
    CHECK(stages::fold_digits("١٢٫٥") == "12.5");
    CHECK(stages::fold_digits("٢٬٥٠٠") == "2,500");
}

TEST_CASE("drop_invisible_controls removes bidi and zero-width controls") {
    check_range_removed(stages::drop_invisible_controls, 0x200B, 0x200F);
    check_range_removed(stages::drop_invisible_controls, 0x202A, 0x202E);
    check_range_removed(stages::drop_invisible_controls, 0x2066, 0x2069);
    check_rows(stages::drop_invisible_controls, {{0x061C, ""}, {0xFEFF, ""}, {0x2060, ""}, {0x00AD, ""}});
    check_letters_kept(stages::drop_invisible_controls, {});
    CHECK(stages::drop_invisible_controls("\u200Fمدي\u200Cنة\u200E") == "مدينة");
}

TEST_CASE("unify_spaces turns every Unicode space into U+0020") {
    for (char32_t cp : {0x00A0, 0x1680, 0x2000, 0x2005, 0x200A, 0x202F, 0x205F, 0x3000, 0x2028, 0x2029}) {
        CAPTURE(static_cast<unsigned>(cp));
        CHECK(stages::unify_spaces(BEH + u(cp) + BEH) == BEH + " " + BEH);
    }
    check_letters_kept(stages::unify_spaces, {});
}

TEST_CASE("separate_punctuation turns Arabic punctuation into spaces") {
    check_rows(stages::separate_punctuation,
               {{0x060C, " "}, {0x061B, " "}, {0x061F, " "}, {0x00AB, " "}, {0x00BB, " "}, {0x06D4, " "}});
    check_letters_kept(stages::separate_punctuation, {});
    CHECK(stages::separate_punctuation("حلب،الرقة") == "حلب الرقة");
}

TEST_CASE("nfkc folds presentation forms and compatibility characters") {
    // Isolated, final, initial and medial forms of beh, and the lam-alef ligature.
    check_rows(stages::nfkc, {{0xFE8F, BEH}, {0xFE90, BEH}, {0xFE91, BEH}, {0xFE92, BEH},
                              {0xFEFB, u(0x0644) + u(0x0627)}, {0xFEF5, u(0x0644) + u(0x0622)},
                              {0xFB8E, u(0x06A9)}, {0xFF21, "A"}, {0x00A0, " "}});
    // Every Arabic presentation form becomes something outside the blocks.
    for (char32_t cp = 0xFE70; cp <= 0xFEFC; ++cp) {
        if (cp == 0xFE73 || cp == 0xFE75) continue;  // tail fragment has no decomposition; FE75 unassigned
        const std::string folded = stages::nfkc(u(cp));
        CAPTURE(static_cast<unsigned>(cp));
        std::size_t pos = 0;
        const char32_t first = utf8::decode(folded, pos);
        CHECK((first < 0xFB50 || first > 0xFEFF));
    }
    CHECK(stages::nfkc("\uFEB3\uFEEE\uFEAD\uFEF3\uFE8E") == "سوريا");
}

TEST_CASE("fold_case lower-cases Latin, and the query variant keeps operators") {
    CHECK(stages::fold_case("Reuters FIFA iPhone") == "reuters fifa iphone");
    CHECK(stages::fold_case("ÉLYSÉE") == "élysée");
    CHECK(stages::fold_case("حلب") == "حلب");
    CHECK(stages::fold_case_keep_operators("Reuters AND FIFA OR iPhone NOT Google") ==
          "reuters AND fifa OR iphone NOT google");
    CHECK(stages::fold_case_keep_operators("ANDROID NEAR Orbit") == "android NEAR orbit");
    // An operator is a whole word: a letter outside ASCII is part of it.
    CHECK(stages::fold_case_keep_operators("\u0130NOT NOT\u0130 NOT") == "inot noti NOT");
    CHECK(stages::fold_case_keep_operators("NOT2 ORé AND") == "not2 oré AND");
}

TEST_CASE("nfkc composes and reorders wherever the marks stand, after any stable text") {
    // NFKC skips ICU over a start of ASCII and Arabic letters; what follows
    // must still compose with the letter just before it.  Each row runs
    // alone and behind such a start, in Arabic and in ASCII.
    const std::string ALEF = u(0x0627), HAMZA_ABOVE = u(0x0654), MADDA = u(0x0653), SHADDA = u(0x0651),
                      FATHA = u(0x064E), KASRA = u(0x0650);
    struct Row {
        std::string from, to;
    };
    const std::vector<Row> rows = {
        {ALEF + HAMZA_ABOVE, u(0x0623)},                  // أ composes
        {ALEF + MADDA, u(0x0622)},                        // آ composes
        {BEH + SHADDA + FATHA, BEH + FATHA + SHADDA},     // marks reordered (ccc 33 after 30)
        {BEH + FATHA + SHADDA, BEH + FATHA + SHADDA},     // already in order
        {BEH + SHADDA + KASRA, BEH + KASRA + SHADDA},
        {u(0xFEFB), u(0x0644) + ALEF},                    // a presentation form
        {u(0x200F) + ALEF + HAMZA_ABOVE, u(0x200F) + u(0x0623)},  // three-byte, then a composition
        {"\xE2\x80", "\uFFFD\uFFFD"},                     // broken UTF-8
        {ALEF + "\xFF" + HAMZA_ABOVE, ALEF + "\uFFFD" + HAMZA_ABOVE},
        {ALEF, ALEF},
    };
    for (const std::string& before : {std::string(), std::string("\u062D\u0644\u0628 "), std::string("abc"),
                                      std::string(200, 'x') + "\u0628"}) {
        for (const Row& row : rows) {
            CAPTURE(before);
            CAPTURE(row.from);
            CHECK(stages::nfkc(before + row.from) == before + row.to);
            CHECK(stages::nfkc(before + row.from + " " + before) == before + row.to + " " + before);
        }
    }
}
