#!/usr/bin/env python3
"""Count the names an archive mentions, to choose and check name variants.

Usage:
    bench/name_counts.py ARCHIVE_DIR --top N      the N words most articles hold
                                                  (function words left out): where
                                                  to look for names
    bench/name_counts.py ARCHIVE_DIR [VARIANTS]   for each group of the variants
                                                  file (data/variants_ar.txt by
                                                  default), how many articles
                                                  mention one of its members,
                                                  most mentioned first

ARCHIVE_DIR holds JSON Lines files (.jsonl or .jsonl.gz) with title and
content (or body).  Matching is by words after a light normalization
(no tashkeel or tatweel, one alef, ه for ة, ي for ى, lower case): close to
what Fahras's normalizer does, enough for counting.  A member counts with
a one-letter proclitic (و ب ل ف ك, or ال after it) in front of its first word.
"""
import collections
import gzip
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TASHKEEL = re.compile("[\u064B-\u0652\u0640\u0670]")
WORD = re.compile(r"[\w']+")
FOLD = str.maketrans({"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627",
                      "\u0629": "\u0647", "\u0649": "\u064A"})
PROCLITICS = ("", "\u0648", "\u0628", "\u0644", "\u0641", "\u0643",
              "\u0648\u0628", "\u0648\u0644", "\u0644\u0644", "\u0648\u0627\u0644",
              "\u0628\u0627\u0644", "\u0641\u0627\u0644")


def words(text):
    return WORD.findall(TASHKEEL.sub("", text).translate(FOLD).lower())


def articles(archive):
    for name in sorted(os.listdir(archive)):
        path = os.path.join(archive, name)
        if name.endswith(".jsonl.gz"):
            stream = gzip.open(path, "rt", encoding="utf-8")
        elif name.endswith(".jsonl"):
            stream = open(path, encoding="utf-8")
        else:
            continue
        with stream:
            for line in stream:
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                yield words(" ".join(str(record.get(f) or "") for f in ("title", "content", "body")))


def top(archive, n):
    stop = set(words(open(os.path.join(HERE, "..", "data", "stopwords_ar.txt"), encoding="utf-8").read()))
    counts = collections.Counter()
    for ws in articles(archive):
        counts.update(set(ws) - stop)
    for word, count in counts.most_common(n):
        print(f"{count:8d}  {word}")


def groups(path):
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            yield line, [tuple(words(m)) for m in line.split("|") if words(m)]


def coverage(archive, path):
    table = list(groups(path))
    firsts = collections.defaultdict(list)  # first word (with proclitics) -> (group, member)
    for g, (_, members) in enumerate(table):
        for member in members:
            for p in PROCLITICS:
                firsts[p + member[0]].append((g, member))
    mentioned = collections.Counter()
    total = 0
    for ws in articles(archive):
        total += 1
        seen = set()
        for i, w in enumerate(ws):
            for g, member in firsts.get(w, ()):
                if g not in seen and tuple(ws[i + 1:i + len(member)]) == member[1:]:
                    seen.add(g)
        mentioned.update(seen)
    print(f"{total} articles; articles mentioning each group:")
    for g, (line, _) in enumerate(table):
        table[g] = (mentioned[g], line)
    for count, line in sorted(table, key=lambda t: -t[0]):
        print(f"{count:7d}  {line}")


def main(argv):
    if len(argv) < 2 or not os.path.isdir(argv[1]):
        sys.exit(__doc__)
    if len(argv) == 4 and argv[2] == "--top":
        top(argv[1], int(argv[3]))
    else:
        coverage(argv[1], argv[2] if len(argv) > 2 else os.path.join(HERE, "..", "data", "variants_ar.txt"))


if __name__ == "__main__":
    main(sys.argv)
