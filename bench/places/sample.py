#!/usr/bin/env python3
"""Choose the SaudiNewsNet articles to label (how labels_archive.tsv was drawn).

    bench/places/sample.py [--seed 4242] [--corpus DIR]      prints url<TAB>why

Two seeded draws, both limited to articles whose body has 200-2,500 characters
(so that a person can read every one of them closely):
  * "random": up to 4 articles per source, sources taken round-robin in a
    shuffled order of the archive, 50 in all;
  * "ambiguous": 4 articles for each of الباب, جدة/جده, عمان, الخبر, صور that
    contain the word (with or without و/ب/ل/ف before it) in any sense.
The corpus text is read at run time and never written anywhere.
"""
import argparse
import collections
import glob
import gzip
import json
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPUS = os.path.normpath(os.path.join(HERE, "../../../shared/corpora/saudinewsnet"))
AMBIGUOUS = {
    "الباب": r"الباب",
    "جدة": r"جد[ةه]",
    "عمان": r"عمان",
    "الخبر": r"الخبر",
    "صور": r"صور",
}


def articles(corpus):
    seen = set()
    for path in sorted(glob.glob(os.path.join(corpus, "*.jsonl.gz"))):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                a = json.loads(line)
                if a["url"] in seen:
                    continue
                seen.add(a["url"])
                yield a


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=4242)
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--random", type=int, default=50)
    ap.add_argument("--per-source", type=int, default=4)
    ap.add_argument("--per-word", type=int, default=4)
    args = ap.parse_args()

    pool = [a for a in articles(args.corpus) if 200 <= len(a.get("content", "")) <= 2500]
    rng = random.Random(args.seed)
    rng.shuffle(pool)
    chosen, why = [], {}

    by_source = collections.defaultdict(list)
    for a in pool:
        by_source[a["source"]].append(a)
    sources = sorted(by_source)
    rng.shuffle(sources)
    taken = collections.Counter()
    while len(chosen) < args.random and any(taken[s] < min(args.per_source, len(by_source[s])) for s in sources):
        for s in sources:
            if len(chosen) >= args.random:
                break
            if taken[s] < min(args.per_source, len(by_source[s])):
                a = by_source[s][taken[s]]
                taken[s] += 1
                chosen.append(a["url"])
                why[a["url"]] = "random:" + s

    for word, pattern in AMBIGUOUS.items():
        regex = re.compile(r"(?<![\u0621-\u064A])[وفبل]{0,2}" + pattern + r"(?![\u0621-\u064A])")
        n = 0
        for a in pool:
            if n >= args.per_word:
                break
            if a["url"] in why:
                continue
            if regex.search(a.get("title", "") + "\n" + a.get("content", "")):
                chosen.append(a["url"])
                why[a["url"]] = "ambiguous:" + word
                n += 1

    for url in chosen:
        print(f"{url}\t{why[url]}")


if __name__ == "__main__":
    main()
