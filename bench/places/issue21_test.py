#!/usr/bin/env python3
"""Tests of the issue-21 place sample's harness (issue21.py) and of its label files.

    python3 bench/places/issue21_test.py                        ctest runs it (label fast)
    python3 bench/places/issue21_test.py --index I --search S   also score a tiny fixture end to end
    python3 bench/places/issue21_test.py --archive              the labelled urls and mentions against the archive

The fixture is a few sentences written for this test, indexed with the given
fahras-index and searched with fahras-search: it checks the harness's
arithmetic, so its labels are chosen to be right or wrong whatever the
recognizer's policy.  Without the archive (../shared), --archive prints why
and exits 77, which ctest reports as skipped.
"""
import contextlib
import gzip
import io
import json
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import issue21  # noqa: E402

PROGRAMS = {}  # "index", "search": paths from the command line


class ContextKindTest(unittest.TestCase):
    def test_table(self):
        cases = [
            ("زار الوفد بجده امس", "جده", "proclitic"),
            ("قال لـ«الرياض» امس", "الرياض", "quote"),
            ("شرق (الرياض) امس", "الرياض", "quote"),
            ("الطائف: امطار غزيره", "الطائف", "dateline"),
            ("عنوان\nجده - سبق: خبر", "جده", "dateline"),
            ("وصل الوفد الى الرياض، وجده", "الرياض", "list"),
            ("بين حلب والرقه", "حلب", "list"),
            ("وصل الى عدن امس", "عدن", "plain"),
        ]
        for text, name, kind in cases:
            with self.subTest(text=text):
                start = text.index(name)
                self.assertEqual(issue21.context_kind(text, start, start + len(name)), kind)


class ContextStatsTest(unittest.TestCase):
    """bench/places/context_stats.py: the counts and the rule, on invented text."""

    def test_word_forms(self):
        import context_stats
        cases = [
            ("السلميه", {"سلميه", "سلميهها"}, {"السلميه", "سوري"}),
            ("دخان", {"الدخان", "دخانها"}, {"دخاني", "دخان"}),
            ("قطر", {"القطر"}, {"قطري", "قطريه", "قطريون"}),  # the nisba says the place
        ]
        for name, present, absent in cases:
            with self.subTest(name=name):
                forms = context_stats.word_forms(name)
                self.assertTrue(present <= forms, forms)
                self.assertFalse(absent & forms, forms)

    def test_counts_and_needs_on_a_small_archive(self):
        import context_stats
        articles = (
            [{"url": f"s{i}", "title": "", "content": "تصاعد دخان كثيف وانتشر الدخان في الحي"} for i in range(30)]
            + [{"url": f"d{i}", "title": "", "content": "الدمام: افتتاح معرض في الدمام"} for i in range(30)]
        )
        with tempfile.TemporaryDirectory() as tmp:
            with gzip.open(os.path.join(tmp, "2015-01-01.jsonl.gz"), "wt", encoding="utf-8") as f:
                for a in articles:
                    f.write(json.dumps(a, ensure_ascii=False) + "\n")
            gazetteer = os.path.join(tmp, "places.tsv")
            with open(gazetteer, "w", encoding="utf-8") as f:
                f.write("name_ar\talt\n" + "دخان\t\n" + "الدمام\t\n")
            out = os.path.join(tmp, "needs.tsv")
            with contextlib.redirect_stdout(io.StringIO()):
                context_stats.main(["--corpus", tmp, "--gazetteer", gazetteer, "--out", out])
            with open(out, encoding="utf-8") as f:
                text = f.read()
        rows = [line.split("\t") for line in text.splitlines() if not line.startswith("#")]
        # دخان: 30 times, never placed, 30 times as الدخان: above all a word.
        self.assertEqual(rows, [["دخان", "place-word", "30", "0", "30"]])
        self.assertIn("no text", text)

    def test_the_bare_word_measure(self):
        """A name with no other forms: judged by how often it is written with place context."""
        import context_stats
        bare = "قال الرجل سلوان جميل"        # no place word before the name
        placed = "وصل الوفد إلى سلوان امس"   # a preposition of place before it
        cases = [  # (bare sentences, placed sentences, expected rows)
            (12, 0, [["سلوان", "context", "12", "0", "0"]]),
            (9, 2, [["سلوان", "context", "11", "2", "0"]]),   # 2/11 = 0.18 < 0.20
            (8, 2, []),                                          # 2/10 = 0.20: not under the share
            (9, 0, []),                                          # written 9 times: too few to judge
            (5, 25, []),                                         # mostly a place
        ]
        for n_bare, n_placed, expected in cases:
            with self.subTest(bare=n_bare, placed=n_placed), tempfile.TemporaryDirectory() as tmp:
                with gzip.open(os.path.join(tmp, "2015-01-01.jsonl.gz"), "wt", encoding="utf-8") as f:
                    for i, text in enumerate([bare] * n_bare + [placed] * n_placed):
                        f.write(json.dumps({"url": f"u{i}", "title": "", "content": text}, ensure_ascii=False) + "\n")
                gazetteer = os.path.join(tmp, "places.tsv")
                with open(gazetteer, "w", encoding="utf-8") as f:
                    f.write("name_ar\talt\n" + "سلوان\t\n")
                out = os.path.join(tmp, "needs.tsv")
                with contextlib.redirect_stdout(io.StringIO()):
                    context_stats.main(["--corpus", tmp, "--gazetteer", gazetteer, "--out", out])
                with open(out, encoding="utf-8") as f:
                    rows = [line.split("\t") for line in f.read().splitlines() if not line.startswith("#")]
                self.assertEqual(rows, expected)

    def test_the_bundled_file(self):
        path = os.path.join(issue21.REPO, "data", "gazetteer", "needs_context.tsv")
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        self.assertTrue(lines[0].startswith("# ") and any("context_stats.py" in l for l in lines if l[:1] == "#"))
        rows = [line.split("\t") for line in lines if not line.startswith("#")]
        self.assertGreater(len(rows), 50)
        for row in rows:
            with self.subTest(row=row):
                self.assertEqual(len(row), 5)
                self.assertIn(row[1], ("context", "place-word"))
                self.assertTrue(all(x.isdigit() for x in row[2:]))


class DrawTest(unittest.TestCase):
    def test_seeded_and_independent_of_order(self):
        urls = [f"u{i}" for i in range(50)]
        a = issue21.draw(urls, "fahras:x", 7, 5)
        self.assertEqual(a, issue21.draw(list(reversed(urls)) + urls[:3], "fahras:x", 7, 5))
        self.assertEqual(len(a), 5)
        self.assertNotEqual(a, issue21.draw(urls, "fahras:x", 8, 5))
        self.assertEqual(issue21.draw(["b", "a"], "fahras:x", 7, 5), ["a", "b"])

    def test_mention_key_hashes_the_words_around(self):
        m = {"word": 12, "context": "a b c d [e] f g h"}
        self.assertEqual(issue21.mention_key(m), "w12:" + issue21.short_hash("c d [e] f g"))


class ScoreTest(unittest.TestCase):
    def test_hand_worked(self):
        filters = [{"place": "p1", "group": "ordinary"}, {"place": "p2", "group": "clear"}]
        tags = [
            {"url": "a", "place": "p1", "label": "0"},
            {"url": "b", "place": "p1", "label": "1"},
            {"url": "c", "place": "p1", "label": "0"},  # no longer tagged: left out
            {"url": "a", "place": "p2", "label": "1"},
        ]
        recall_rows = [
            {"url": "a", "place": "p2", "kind": "plain", "label": "1"},
            {"url": "d", "place": "p2", "kind": "quote", "label": "1"},
            {"url": "e", "place": "p2", "kind": "quote", "label": "0"},  # not the place: left out
        ]
        tagged = {"one": {"p1": {"a", "b"}, "p2": {"a", "e"}}}
        prec, rec = issue21.score_tables(tags, filters, recall_rows, tagged)
        self.assertEqual(prec, [["one", "ordinary", 3, 2, 1, 0.5], ["one", "clear", 1, 1, 1, 1.0],
                                ["one", "all", 4, 3, 2, 2 / 3]])
        self.assertEqual(rec, [["one", "clear", "quote", 1, 0, 0.0], ["one", "clear", "plain", 1, 1, 1.0],
                               ["one", "clear", "all", 2, 1, 0.5], ["one", "all", "all", 2, 1, 0.5]])


class LabelFilesTest(unittest.TestCase):
    """The sample the issue asks for, and labels that cannot be misread."""

    @classmethod
    def setUpClass(cls):
        cls.filters = issue21.read_filters()
        cls.tags = issue21.read_tags()
        cls.recall = issue21.read_recall()
        cls.bundled = set()
        with open(os.path.join(issue21.REPO, "data", "gazetteer", "places.tsv"), encoding="utf-8") as f:
            next(f)
            for line in f:
                cls.bundled.add(line.split("\t")[9].split("|")[0])

    def test_sizes(self):
        group = {f["place"]: f["group"] for f in self.filters}
        labelled_filters = {t["place"] for t in self.tags}
        self.assertGreaterEqual(len(self.tags), 400)
        self.assertGreaterEqual(len(labelled_filters), 40)
        self.assertGreaterEqual(sum(group[p] == "ordinary" for p in labelled_filters), 15)
        self.assertGreaterEqual(sum(group[p] == "shared" for p in labelled_filters), 3)
        clear = [r for r in self.recall if r["label"] == "1" and group[r["place"]] == "clear"]
        self.assertGreaterEqual(len(clear), 150)
        self.assertEqual(len({r["place"] for r in clear}), 10)
        for g in ("ordinary", "shared"):
            self.assertTrue(any(r["label"] == "1" and group[r["place"]] == g for r in self.recall), g)

    def test_ids_and_keys(self):
        group = {f["place"]: f["group"] for f in self.filters}
        for f in self.filters:
            if f["group"] != "large-only":
                self.assertIn(f["place"], self.bundled)
        seen = set()
        for t in self.tags:
            self.assertIn(t["place"], group, t)
            self.assertNotIn((t["url"], t["place"]), seen)
            seen.add((t["url"], t["place"]))
            self.assertRegex(t["mention"], r"^w(\d+|-):([0-9a-f]{8}|none)$")
            self.assertTrue(t["url"].startswith("http"), t)
            if t["label"] == "0":
                self.assertTrue(t["error"], f"a wrong tag says what kind of error: {t}")
        for r in self.recall:
            self.assertIn(r["place"], self.bundled)
            self.assertRegex(r["mention"], r"^\d+:[0-9a-f]{8}$")


def write_fixture(directory):
    """A corpus of sentences written for this test, and labels over it."""
    corpus = os.path.join(directory, "corpus")
    os.makedirs(corpus)
    articles = [
        {"url": "http://fixture/1", "title": "وصول الوفد", "content": "وصل الوفد إلى الدوحة عاصمة قطر أمس."},
        {"url": "http://fixture/2", "title": "زيارة", "content": "زار الوزير مدينة الرياض في السعودية."},
        {"url": "http://fixture/3", "title": "معرض", "content": "افتتح المعرض في القاهرة عاصمة مصر."},
        {"url": "http://fixture/4", "title": "خبر", "content": "لا مكان في هذا الخبر الطويل."},
    ]
    with gzip.open(os.path.join(corpus, "2015-01-01.jsonl.gz"), "wt", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
    files = {
        "filters": "fahras:qa-doha\tclear\tx\nfahras:sa-riyadh\tclear\tx\nfahras:eg-cairo\tshared\tx\n",
        # 2 is labelled wrong on purpose: the sum must count it as a wrong tag.
        # 4 mentions no place: its label is not counted, whatever it says.
        "tags": ("http://fixture/1\tfahras:qa-doha\tw1:00000000\t1\t\n"
                 "http://fixture/2\tfahras:sa-riyadh\tw1:00000000\t0\tfixture\n"
                 "http://fixture/4\tfahras:eg-cairo\tw1:00000000\t0\tfixture\n"),
        # 3 is about Cairo, not Riyadh: a miss for the recall.
        "recall": ("http://fixture/2\tfahras:sa-riyadh\tplain\t1:00000000\t1\n"
                   "http://fixture/3\tfahras:sa-riyadh\tquote\t1:00000000\t1\n"
                   "http://fixture/4\tfahras:sa-riyadh\tlist\t1:00000000\t0\n"),
    }
    for name, text in files.items():
        with open(os.path.join(directory, name + ".tsv"), "w", encoding="utf-8") as f:
            f.write(text)
    return corpus


@unittest.skipUnless(PROGRAMS or "--index" in sys.argv, "give --index and --search to score the fixture")
class FixtureEndToEndTest(unittest.TestCase):
    def test_score(self):
        with tempfile.TemporaryDirectory() as tmp:
            corpus = write_fixture(tmp)
            out = os.path.join(tmp, "scores.json")
            with contextlib.redirect_stdout(io.StringIO()):
                issue21.main(["score", "--corpus", corpus, "--large", "", "--work", os.path.join(tmp, "work"),
                              "--fahras-index", PROGRAMS["index"], "--fahras-search", PROGRAMS["search"],
                              "--filters", os.path.join(tmp, "filters.tsv"), "--tags", os.path.join(tmp, "tags.tsv"),
                              "--recall", os.path.join(tmp, "recall.tsv"), "--json", out])
            with open(out, encoding="utf-8") as f:
                scores = json.load(f)
        prec = {r["group"]: (r["labelled"], r["tagged"], r["right"]) for r in scores["precision"]}
        self.assertEqual(prec["clear"], (2, 2, 1))
        self.assertEqual(prec["shared"], (1, 0, 0))
        self.assertEqual(prec["all"], (3, 2, 1))
        rec = {(r["group"], r["written"]): (r["mentions"], r["tagged"]) for r in scores["recall"]}
        self.assertEqual(rec, {("clear", "plain"): (1, 1), ("clear", "quote"): (1, 0), ("clear", "all"): (2, 1),
                               ("all", "all"): (2, 1)})
        self.assertEqual(scores["errors"], {"fixture": 2})


def check_archive():
    """Every labelled url is an article of the archive, and each recall
    mention is still where its offset says."""
    corpus = os.environ.get("CORPUS", issue21.DEFAULT_CORPUS)
    if not os.path.isdir(corpus):
        print(f"fahras-test-skipped: no archive at {corpus} to check the labelled urls against")
        return 77
    tags, recall_rows = issue21.read_tags(), issue21.read_recall()
    texts = issue21.load_articles(corpus, {t["url"] for t in tags} | {r["url"] for r in recall_rows})
    moved = []
    for r in recall_rows:
        text = issue21.norm(issue21.article_text(texts[r["url"]]))
        offset, digest = r["mention"].split(":")
        names = issue21.recall_names(r["place"])
        at = int(offset)
        # The mention's characters: the name, after a proclitic or not.
        if not any(issue21.short_hash(text[at:at + k + len(n)]) == digest for n in names for k in range(3)):
            moved.append(r)
    for r in moved:
        print(f"{r['url']} {r['place']}: the mention is no longer at {r['mention']}")
    print(f"{len(texts)} labelled articles found, {len(moved)} recall mentions moved")
    return 1 if moved else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if args == ["--archive"]:
        sys.exit(check_archive())
    for flag in ("--index", "--search"):
        if flag in args:
            at = args.index(flag)
            PROGRAMS[flag[2:]] = args[at + 1]
            del args[at:at + 2]
    unittest.main(argv=[sys.argv[0]] + args)
