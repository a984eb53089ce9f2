#!/usr/bin/env python3
"""Judge fahras-search --like on the real archive: draw the sample, show each
article's top 5 related under each variant for a person to grade, report
mean related@5 per variant from the grades, and time the queries.

  related_eval.py show   --db DB [ARCHIVE]    the sample and each variant's top 5, to judge (prints archive text: never commit it;
                                              --new: only the pairs not graded yet)
  related_eval.py report --db DB [ARCHIVE]    mean related@5 per variant, from judged.tsv
  related_eval.py time   --db DB [ARCHIVE]    median wall time of one --like query (each variant)

The sample: SAMPLE_RANDOM articles drawn with a fixed seed from the archive's
ids, plus the first hit of each BUSY_QUERIES query that has other versions
(an article of a story several papers printed).  judged.tsv holds, for each
(article, related article) pair read, 1 when the related article is about
the same story or subject and 0 when not; articles are named by KEY (the
first 12 hex digits of the SHA-1 of their id), so no text of the archive,
not even a headline in a url, is in the repository.
"""
import argparse
import gzip
import hashlib
import json
import os
import random
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_ARCHIVE = os.path.join(os.path.dirname(ROOT), "shared", "corpora", "saudinewsnet")
DEFAULT_SEARCH = os.path.join(ROOT, "build", "searcher", "fahras-search")
JUDGED = os.path.join(HERE, "judged.tsv")

SEED = 20261205
SAMPLE_RANDOM = 24
# Subjects the archive covers every day (2015): the first hit of each, when
# several papers printed its story, joins the sample.
BUSY_QUERIES = ["عاصفة الحزم", "الحوثيين صنعاء", "داعش", "تدافع منى", "كورونا وزارة الصحة", "أسعار النفط",
                "الاتفاق النووي إيران", "مسجد تفجير", "الهلال النصر", "خادم الحرمين الشريفين يستقبل"]
VARIANTS = ["names", "plain", "title"]
TOP = 5


def key(article_id):
    return hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:12]


def archive_titles(archive):
    """Every id of the archive, as fahras-index takes it (the url when there is no id), and its title."""
    titles = {}
    for name in sorted(os.listdir(archive)):
        path = os.path.join(archive, name)
        opener = gzip.open if name.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                line = line.strip()
                if not line:
                    continue
                try:
                    article = json.loads(line)
                except json.JSONDecodeError:
                    continue  # the indexer skips it too
                article_id = article.get("id") or article.get("url")
                if article_id:
                    titles[article_id] = article.get("title", "")
    return titles


def search(args, extra, summary=None):
    command = [args.search, "--db", args.db, "--json", "--snippet-length", "0"] + extra
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit("%s: exit %d: %s" % (" ".join(command), done.returncode, done.stderr.strip()))
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    if summary is not None:
        summary.update(rows[-1])
    return [row for row in rows if row["type"] == "hit"]


def sample(args):
    ids = sorted(archive_titles(args.archive))
    drawn = random.Random(SEED).sample(ids, SAMPLE_RANDOM)
    busy = []
    for query in BUSY_QUERIES:
        for hit in search(args, ["-n", "20", query]):
            if hit.get("other_count", 0) > 0 and hit["id"] not in drawn + busy:
                busy.append(hit["id"])
                break
    return [(article_id, "random") for article_id in drawn] + [(article_id, "busy") for article_id in busy]


def related(args, article_id, variant, summary=None):
    return search(args, ["--like", article_id, "--like-terms", variant, "-n", str(TOP)], summary)


def read_judged():
    grades = {}
    if os.path.exists(JUDGED):
        with open(JUDGED, encoding="utf-8") as rows:
            for row in rows:
                if row.startswith("#") or not row.strip():
                    continue
                article, other, grade = row.rstrip("\n").split("\t")
                grades[(article, other)] = int(grade)
    return grades


def show(args):
    titles = archive_titles(args.archive)
    grades = read_judged() if args.new else {}
    for article_id, why in sample(args):
        print("=" * 70)
        print("ARTICLE %s (%s) %s\n  %s" % (key(article_id), why, article_id, titles.get(article_id, "")))
        seen = set()
        for variant in VARIANTS:
            for hit in related(args, article_id, variant):
                if hit["id"] in seen or (key(article_id), key(hit["id"])) in grades:
                    continue
                seen.add(hit["id"])
                print("  %s\t%s\t%s\t%s" % (key(hit["id"]), hit["date"][:10], hit["source"], hit["title"]))


def report(args):
    grades = read_judged()
    scores = {variant: [] for variant in VARIANTS}
    unjudged = 0
    by_kind = {variant: {"random": [], "busy": []} for variant in VARIANTS}
    per_article = []
    for article_id, why in sample(args):
        per_article.append([key(article_id), why])
        for variant in VARIANTS:
            hits = related(args, article_id, variant)
            good = 0
            for hit in hits:
                grade = grades.get((key(article_id), key(hit["id"])))
                if grade is None:
                    unjudged += 1
                    grade = 0
                good += grade
            scores[variant].append(good)
            per_article[-1].append(str(good))
            by_kind[variant][why].append(good)
    print("article\tdrawn\t" + "\t".join(VARIANTS))
    for row in per_article:
        print("\t".join(row))
    print()
    print("variant\tarticles\tmean related@5\trandom\tbusy")
    for variant in VARIANTS:
        values = scores[variant]
        kinds = by_kind[variant]
        print("%s\t%d\t%.2f\t%.2f\t%.2f" % (variant, len(values), statistics.mean(values),
                                            statistics.mean(kinds["random"]) if kinds["random"] else 0,
                                            statistics.mean(kinds["busy"]) if kinds["busy"] else 0))
    if unjudged:
        print("%d related articles not judged (counted as unrelated): run show and grade them" % unjudged)


def timing(args):
    """Each variant's --like, and for scale an ordinary search: the article's title as the query."""
    titles = archive_titles(args.archive)
    articles = [article_id for article_id, _ in sample(args)]
    print("variant\truns\tmedian wall ms (a fahras-search process)\tmedian elapsed_ms (its search, database opening included)")
    for variant in VARIANTS + ["title as a query"]:
        walls, elapsed = [], []
        for _ in range(3):
            for article_id in articles:
                summary = {}
                start = time.monotonic()
                if variant in VARIANTS:
                    related(args, article_id, variant, summary)
                else:
                    search(args, ["-n", str(TOP), "--", titles[article_id]], summary)
                walls.append(time.monotonic() - start)
                elapsed.append(summary["elapsed_ms"])
        print("%s\t%d\t%.1f\t%.1f" % (variant, len(walls), statistics.median(walls) * 1000, statistics.median(elapsed)))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["show", "report", "time"])
    parser.add_argument("archive", nargs="?", default=DEFAULT_ARCHIVE)
    parser.add_argument("--db", required=True)
    parser.add_argument("--search", default=DEFAULT_SEARCH)
    parser.add_argument("--new", action="store_true", help="show: only the pairs judged.tsv does not grade yet")
    args = parser.parse_args()
    if not os.path.isdir(args.archive):
        print("no archive at %s: nothing to judge" % args.archive, file=sys.stderr)
        return 0
    {"show": show, "report": report, "time": timing}[args.mode](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
