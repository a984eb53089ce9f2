#!/usr/bin/env python3
"""Print SaudiNewsNet articles by url, for checking labels (text goes to the terminal only).

    bench/places/show.py URL...            the articles
    bench/places/show.py --labels [N-M]    the labeled articles (1-based range), each with its labels
"""
import gzip
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.normpath(os.path.join(HERE, "../../../shared/corpora/saudinewsnet"))


def load(urls):
    wanted, found = set(urls), {}
    for path in sorted(glob.glob(os.path.join(CORPUS, "*.jsonl.gz"))):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                a = json.loads(line)
                if a["url"] in wanted and a["url"] not in found:
                    found[a["url"]] = a
    return found


def main():
    args = sys.argv[1:]
    labels = {}
    if args and args[0] == "--labels":
        with open(os.path.join(HERE, "labels_archive.tsv"), encoding="utf-8") as f:
            rows = [l.rstrip("\n").split("\t") for l in f if l.strip() and not l.startswith("#")]
        first = 1
        if len(args) > 1:
            lo, _, hi = args[1].partition("-")
            rows = rows[int(lo) - 1:int(hi or lo)]
            first = int(lo)
        labels = {r[0]: (r[1] if len(r) > 1 else "") for r in rows}
        args = list(labels)
    else:
        first = 1
    found = load(args)
    for i, url in enumerate(args, first):
        a = found.get(url)
        print(f"=== [{i}] {url}")
        if a is None:
            print("(not in the corpus)")
            continue
        print(f"source: {a['source']}  date: {a['date_extracted']}")
        if url in labels:
            print(f"labels: {labels[url]}")
        print(f"TITLE: {a['title']}")
        print(a["content"])
        print()


if __name__ == "__main__":
    main()
