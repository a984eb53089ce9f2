#!/usr/bin/env python3
"""Tests of the story-pairs harness (pairs.py) and of its label file.

    python3 bench/stories/pairs_test.py                        ctest runs it (label fast)
    python3 bench/stories/pairs_test.py --index I --dump D     also: the replayed pass gives the stories
                                                               fahras-index gave a tiny fixture
    python3 bench/stories/pairs_test.py --archive              the labelled ids against the archive

The signatures here are invented (72 small numbers), so the replay's and the
scorer's arithmetic can be worked by hand.  Without the archive (../shared),
--archive prints why and exits 77, which ctest reports as skipped.
"""
import contextlib
import gzip
import io
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import pairs  # noqa: E402

PROGRAMS = {}  # "index", "dump": paths from the command line


def signature(shared_with, base, n_shared):
    """72 hashes: the first n_shared equal to those of shared_with, the rest
    unique to this article (base + position)."""
    return tuple(shared_with[i] if i < n_shared else base + i for i in range(pairs.HASHES))


def article(docid, sig, source="s", group=""):
    return pairs.Article(docid, f"http://fixture/{docid}", source, "20150801", group, sig)


class ReplayTest(unittest.TestCase):
    def setUp(self):
        a = tuple(range(1000, 1000 + pairs.HASHES))
        # b shares its first 45 of 72 hashes with a (0.625); c shares its
        # last 45 with b, 18 of them also a's (0.25): c joins a's story
        # through b.
        b = signature(a, 2000, 45)
        c = tuple(b[i] if i >= 27 else 3000 + i for i in range(pairs.HASHES))
        self.a, self.b, self.c = a, b, c
        self.articles = [article(1, a), article(2, b), article(3, c), article(4, ())]

    def test_similarities(self):
        self.assertAlmostEqual(pairs.similarity(self.a, self.b), 45 / 72)
        self.assertAlmostEqual(pairs.similarity(self.b, self.c), 45 / 72)
        self.assertAlmostEqual(pairs.similarity(self.a, self.c), 18 / 72)
        self.assertEqual(pairs.similarity(self.a, ()), 0.0)

    def test_chain_and_empty_signature(self):
        root, joined = pairs.replay(self.articles)
        self.assertEqual(root, {1: 1, 2: 1, 3: 1, 4: 4})
        self.assertEqual(joined[2][0], 1)
        self.assertEqual(joined[3][0], 2)

    def test_threshold(self):
        root, _ = pairs.replay(self.articles, threshold=0.7)
        self.assertEqual(root, {1: 1, 2: 2, 3: 3, 4: 4})

    def test_first_article_rule(self):
        root, _ = pairs.replay(self.articles, rule="first", second=0.3)
        self.assertEqual(root, {1: 1, 2: 1, 3: 3, 4: 4})
        root, _ = pairs.replay(self.articles, rule="first", second=0.2)
        self.assertEqual(root, {1: 1, 2: 1, 3: 1, 4: 4})

    def test_ties_go_to_the_lowest_docid(self):
        a = self.a
        twin = signature(a, 5000, 72)  # an exact copy of a
        late = signature(a, 6000, 50)
        root, joined = pairs.replay([article(1, a), article(2, twin), article(3, late)])
        self.assertEqual(joined[3][0], 1)  # 1 and 2 are equally similar to 3
        self.assertEqual(root, {1: 1, 2: 1, 3: 1})


class ScoreTest(unittest.TestCase):
    def rows(self):
        def row(stratum, a, b, s, label):
            return {"stratum": stratum, "id_a": a, "id_b": b, "similarity": s, "label": label}
        return [
            row("near0.30", "1", "2", "0.320", "same"),       # not grouped: a miss
            row("near0.50", "3", "4", "0.520", "same"),       # grouped, right
            row("near0.50", "5", "6", "0.510", "different"),  # grouped, wrong
            row("across", "7", "8", "0.900", "same"),         # grouped, right
            row("random", "9", "10", "0.000", "different"),
            row("random", "11", "12", "0.000", ""),           # not labelled: left out
        ]

    def test_hand_worked(self):
        rows = self.rows()
        grouped = {("3", "4"), ("5", "6"), ("7", "8")}
        population = {"near0.30": 10, "near0.50": 20, "across": 5, "random": 1000}
        table = {r["stratum"]: r for r in pairs.score_rows(rows, population, lambda r: (r["id_a"], r["id_b"]) in grouped)}
        self.assertEqual((table["near"]["pairs"], table["near"]["tp"], table["near"]["fp"], table["near"]["fn"]), (3, 1, 1, 1))
        self.assertEqual(table["near"]["precision"], 0.5)
        self.assertEqual(table["across"]["recall"], 1.0)
        self.assertEqual(table["random"]["precision"], None)
        drawn = table["all, as drawn"]
        self.assertEqual((drawn["pairs"], drawn["tp"], drawn["fp"], drawn["fn"]), (5, 2, 1, 1))
        # Weighted: near0.30 10 a pair, near0.50 10, across 5, random 1000.
        weighted = table["all, weighted"]
        self.assertAlmostEqual(weighted["precision"], 15 / 25)
        self.assertAlmostEqual(weighted["recall"], 15 / 25)
        # Without the random stratum: the same pairs but one (a right "no").
        seen = table["seen, weighted"]
        self.assertEqual((seen["pairs"], seen["tp"], seen["fp"], seen["fn"]), (4, 15, 10, 10))

    def test_threshold_curve(self):
        population = {"near0.30": 10, "near0.50": 20, "across": 5}
        curve = {r["threshold"]: r for r in pairs.threshold_curve(self.rows(), population, [0.3, 0.515, 0.6])}
        self.assertEqual((curve[0.3]["tp"], curve[0.3]["fp"], curve[0.3]["fn"]), (25, 10, 0))
        self.assertEqual((curve[0.515]["tp"], curve[0.515]["fp"], curve[0.515]["fn"]), (15, 0, 10))
        self.assertEqual((curve[0.6]["tp"], curve[0.6]["fp"], curve[0.6]["fn"]), (5, 0, 20))

    def test_label_file_round_trip(self):
        rows = [{"stratum": "near0.30", "id_a": "http://a", "id_b": "http://b", "similarity": "0.300", "label": "same"}]
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "labels.tsv")
            pairs.write_labels(rows, {"near0.30": 7}, path)
            self.assertEqual(pairs.read_labels(path), (rows, {"near0.30": 7}))


class LabelFileTest(unittest.TestCase):
    """The sample the issue asks for, labelled, and nothing but ids in it."""

    def test_the_labels(self):
        rows, population = pairs.read_labels()
        self.assertGreaterEqual(len(rows), 300)
        strata = {pairs.stratum_group(r["stratum"]) for r in rows}
        self.assertEqual(strata, {"near", "across", "chained", "sameday", "random"})
        seen = set()
        for r in rows:
            with self.subTest(row=r):
                self.assertIn(r["label"], ("same", "different"))
                self.assertIn(r["stratum"], population)
                self.assertTrue(r["id_a"].startswith("http") and r["id_b"].startswith("http"))
                self.assertNotEqual(r["id_a"], r["id_b"])
                self.assertNotIn((r["id_a"], r["id_b"]), seen)
                seen.add((r["id_a"], r["id_b"]))
                self.assertTrue(0 <= float(r["similarity"]) <= 1)
                if r["stratum"].startswith("near"):
                    lo = float(r["stratum"][4:])
                    self.assertTrue(lo - 1e-9 <= float(r["similarity"]) < lo + 0.05)


def write_fixture(directory):
    """Sentences written for this test: two versions of one notice, a third
    version nearer to the second than to the first, and an unrelated one."""
    words = ("اعلنت الوزارة اليوم بدء التسجيل في البرنامج الصيفي للطلاب في جميع مناطق المملكة "
             "على ان يستمر التسجيل اسبوعين عبر الموقع الالكتروني للوزارة ويبدا البرنامج بعد ذلك "
             "بشهر ويشمل دورات في الحاسب واللغة والرياضة والفنون").split()
    first = " ".join(words)
    second = " ".join(words[:24] + ["وقال", "المتحدث", "ان", "المقاعد", "محدودة"] + words[24:])
    third = " ".join(["ذكرت", "مصادر", "ان"] + words[4:24] + ["وقال", "المتحدث", "ان", "المقاعد", "محدودة"]
                     + words[24:34] + ["وتنتهي", "الدورات", "قبل", "بدء", "العام", "الدراسي"])
    other = ("فاز الفريق الاول لكرة القدم في مباراته الودية الثانية ضمن معسكره الاعدادي في النمسا "
             "بثلاثة اهداف مقابل هدف واحد وسجل الاهداف لاعبو الوسط في الشوط الثاني من المباراة")
    corpus = os.path.join(directory, "corpus")
    os.makedirs(corpus)
    articles = [{"url": f"http://fixture/{i}", "source": f"paper{i}", "title": f"خبر {i}", "content": text,
                 "date_extracted": "2015-08-01 10:00:00"} for i, text in enumerate([first, second, third, other], 1)]
    with gzip.open(os.path.join(corpus, "2015-08-01.jsonl.gz"), "wt", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
    return corpus


@unittest.skipUnless(PROGRAMS or "--index" in sys.argv, "give --index and --dump to replay a built database")
class ReplayMatchesTheIndexerTest(unittest.TestCase):
    def test_replay_gives_the_databases_stories(self):
        with tempfile.TemporaryDirectory() as tmp:
            corpus = write_fixture(tmp)
            db = os.path.join(tmp, "db")
            subprocess.run([PROGRAMS["index"], "--db", db, "--no-progress", corpus], check=True,
                           stdout=subprocess.DEVNULL)
            out = os.path.join(tmp, "articles.tsv")
            with contextlib.redirect_stdout(io.StringIO()):
                pairs.main(["dump", "--db", db, "--out", out, "--tool", PROGRAMS["dump"]])
            articles = pairs.read_articles(out)
        self.assertEqual(len(articles), 4)
        self.assertTrue(all(len(a.signature) == pairs.HASHES for a in articles))
        db_root, first = {}, {}
        for a in articles:
            db_root[a.docid] = first.setdefault(a.group, a.docid)
        root, _ = pairs.replay(articles)
        self.assertEqual(root, db_root)
        by_url = {a.id: a.docid for a in articles}
        # The three versions are one story, the match report another.
        self.assertEqual(len({root[by_url[f"http://fixture/{i}"]] for i in (1, 2, 3)}), 1)
        self.assertNotEqual(root[by_url["http://fixture/4"]], root[by_url["http://fixture/1"]])


def check_archive():
    """Every labelled id is an article of the archive."""
    corpus = os.environ.get("CORPUS", pairs.DEFAULT_CORPUS)
    if not os.path.isdir(corpus):
        print(f"fahras-test-skipped: no archive at {corpus} to check the labelled ids against")
        return 77
    rows, _ = pairs.read_labels()
    wanted = {r["id_a"] for r in rows} | {r["id_b"] for r in rows}
    found = {pairs.article_id(a) for a in pairs.corpus_articles(corpus)} & wanted
    lost = sorted(wanted - found)
    for id_ in lost[:10]:
        print(f"not in the archive: {id_}")
    print(f"{len(found)} of {len(wanted)} labelled articles found")
    return 1 if lost else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if args == ["--archive"]:
        sys.exit(check_archive())
    for flag in ("--index", "--dump"):
        if flag in args:
            at = args.index(flag)
            PROGRAMS[flag[2:]] = args[at + 1]
            del args[at:at + 2]
    unittest.main(argv=[sys.argv[0]] + args)
