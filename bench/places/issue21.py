#!/usr/bin/env python3
"""The issue-21 place sample: what a place filter returns, labelled by hand.

    bench/places/issue21.py sample [--db DB] [--large-db DB]   tags to label  -> WORK/tags_to_label.tsv
    bench/places/issue21.py recall-sample                      mentions to label -> WORK/recall_to_label.tsv
    bench/places/issue21.py score [--markdown F] [--json F]    precision and recall per group
    bench/places/issue21.py score --reuse                      … on the databases of the last score
    bench/places/issue21.py quick                              … from fahras-places-recognize alone (seconds)
    bench/places/issue21.py added --db DB --large-db DB        tags the large gazetteer adds per filter

Tags (precision).  A *tag* is an article that `fahras-search --place ID`
returns.  For each place filter of issue21_filters.tsv, `sample` draws up to
--per-filter of its tagged articles (seeded by --seed and the place id, from
the sorted urls the filter returns, so adding a filter changes no other
draw) and writes, for labelling, the url, the place, and the words around the
mentions the recognizer accepted for it or for a place inside it.  The
article text goes only to WORK (default /tmp/fahras-issue21), never to the
repository.  The database is the archive indexed with the bundled gazetteer
(fahras-index is run unless --db names one); the filters of the large-only
group are drawn from --large-db, the archive indexed with
../shared/gazetteer/gazetteer_ar.tsv too (skipped without it).  The tags the
large gazetteer adds to the other filters (`added` counts them) are drawn
too, up to --per-filter for each, after all the others.

Labels: issue21_tags.tsv, url<TAB>place id<TAB>mention<TAB>label<TAB>error kind.
mention is "w<word position>:<hash>" of the first accepted mention (the hash
is of the normalized words around it: it tells a relabeller whether the text
or the recognizer moved); label is 1 when the text means that place, else 0.

Recall.  `recall-sample` draws, for each place of RECALL_PLACES, mentions of
its name in the raw text of the archive written in varied ways (after a
proclitic, in quotes, in a list, in a dateline, plain), seeded.  Labels:
issue21_recall.tsv, url<TAB>place id<TAB>context kind<TAB>offset:hash<TAB>label
(1: the text means that place there, so the article should carry the tag).

`quick` scores the same tags without an index: fahras-places-recognize
--tags prints the places and parents fahras-index would add as terms, so the
figures are those of `score` (which checks it through fahras-search) in
seconds rather than minutes, for trying a change of policy.

`score` indexes the labelled articles afresh with the current sources (the
bundled gazetteer alone, and with the large one too) into WORK and asks
`fahras-search --place` which of them each filter returns: precision per
group (ordinary-word names, shared names, clear names, parents through their
children, places only the large
gazetteer has) and recall over the recall sample.  Python 3 standard
library only; the programs come from --fahras-build (default build/).
"""
import argparse
import collections
import glob
import gzip
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
SHARED = os.path.normpath(os.path.join(REPO, "..", "shared"))
DEFAULT_CORPUS = os.path.join(SHARED, "corpora", "saudinewsnet")
DEFAULT_LARGE = os.path.join(SHARED, "gazetteer", "gazetteer_ar.tsv")
FILTERS = os.path.join(HERE, "issue21_filters.tsv")
TAGS = os.path.join(HERE, "issue21_tags.tsv")
RECALL = os.path.join(HERE, "issue21_recall.tsv")
GROUPS = ["ordinary", "shared", "clear", "parent", "large-only"]

# The recall sample: clear names of places the archive writes about often,
# and the spellings to look for (normalized: see norm()).
RECALL_PLACES = {
    "fahras:sa-jeddah": ["جده"],
    "fahras:sa-riyadh": ["الرياض"],
    "fahras:sa-dammam": ["الدمام"],
    "fahras:sa-taif": ["الطائف", "الطايف"],
    "fahras:ye-sanaa": ["صنعاء"],
    "fahras:ye-aden": ["عدن"],
    "fahras:sy-aleppo": ["حلب"],
    "fahras:iq-mosul": ["الموصل"],
    "fahras:eg-cairo": ["القاهره"],
    "fahras:lb-beirut": ["بيروت"],
    # Names that are also everyday words, and shared names: most of what
    # the text holds is not the place (labelled 0); a shared name's key
    # lists its places, and the labeller writes the one the text means.
    "fahras:sa-khobar": ["الخبر"],
    "fahras:sy-al-bab": ["الباب"],
    "fahras:jo-zarqa": ["الزرقاء"],
    "fahras:ps-hebron": ["الخليل"],
    "fahras:om-muscat": ["مسقط"],
    "fahras:lb-tripoli-lb|fahras:ly-tripoli": ["طرابلس"],
    "fahras:om|fahras:jo-amman": ["عمان"],
    "fahras:lb-tyre|fahras:om-sur": ["صور"],
}


def recall_names(place):
    """The spellings the recall sample looked for, for a labelled place id."""
    for key, names in RECALL_PLACES.items():
        if place in key.split("|"):
            return names
    return []
KINDS = ["proclitic", "quote", "list", "dateline", "plain"]

# ---------------------------------------------------------------- text

_TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c-\u200f]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ک": "ك", "ی": "ي"})
ARABIC_LETTER = "\u0621-\u064a"


def norm(text):
    """Letter folds that keep one character per character (offsets stay valid)."""
    return text.translate(_FOLD)


def short_hash(text):
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def article_text(a):
    return a.get("title", "") + "\n" + a.get("content", "")


def articles(corpus):
    """Every article of the archive once (the first of a repeated url)."""
    seen = set()
    paths = sorted(glob.glob(os.path.join(corpus, "*.jsonl.gz")))
    if not paths:
        sys.exit(f"issue21.py: no *.jsonl.gz in {corpus} (give --corpus)")
    for path in paths:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                a = json.loads(line)
                if a.get("url") in seen:
                    continue
                seen.add(a.get("url"))
                yield a


def load_articles(corpus, urls):
    wanted = set(urls)
    found = {a["url"]: a for a in articles(corpus) if a.get("url") in wanted}
    lost = wanted - found.keys()
    if lost:
        sys.exit(f"issue21.py: {len(lost)} urls are not in {corpus}, e.g. {sorted(lost)[0]}")
    return found


# ---------------------------------------------------------------- label files


def read_tsv(path, columns):
    """Rows of a tab-separated file without comments or blank lines, as dicts."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) < len(columns) - 1 or len(parts) > len(columns):
                sys.exit(f"{path}:{n}: expected {len(columns)} tab-separated columns, got {len(parts)}")
            parts += [""] * (len(columns) - len(parts))
            rows.append(dict(zip(columns, parts)))
    return rows


def read_filters(path=FILTERS):
    rows = read_tsv(path, ["place", "group", "note"])
    for r in rows:
        if r["group"] not in GROUPS:
            sys.exit(f"{path}: {r['place']}: group must be one of {', '.join(GROUPS)}")
    return rows


def read_labelled(path, columns):
    """read_tsv() of a file whose "label" column is 0 or 1."""
    rows = read_tsv(path, columns)
    for r in rows:
        if r["label"] not in ("0", "1"):
            sys.exit(f"{path}: {r['url']} {r['place']}: label must be 0 or 1")
    return rows


def read_tags(path=TAGS):
    return read_labelled(path, ["url", "place", "mention", "label", "error"])


def read_recall(path=RECALL):
    rows = read_labelled(path, ["url", "place", "kind", "mention", "label"])
    for r in rows:
        if r["kind"] not in KINDS:
            sys.exit(f"{path}: {r['url']}: kind must be one of {', '.join(KINDS)}")
    return rows


# ---------------------------------------------------------------- programs


class Programs:
    def __init__(self, build, index=None, search=None):
        self.index = index or os.path.join(build, "indexer", "fahras-index")
        self.search = search or os.path.join(build, "searcher", "fahras-search")
        self.recognize = os.path.join(build, "bench", "places", "fahras-places-recognize")

    def need(self, *paths):
        for p in paths:
            if not os.access(p, os.X_OK):
                sys.exit(f"issue21.py: {p} is missing: build with -DFAHRAS_BUILD_BENCH=ON, "
                         f"or give --fahras-build")

    def index_files(self, db, inputs, large=None):
        """A fresh database of inputs (files or directories)."""
        self.need(self.index)
        shutil.rmtree(db, ignore_errors=True)
        cmd = [self.index, "--db", db, "--no-progress", "--quiet"]
        if large:
            cmd += ["--gazetteer", large]
        proc = subprocess.run(cmd + inputs, capture_output=True, text=True)
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr[-3000:])
            sys.exit(f"issue21.py: {' '.join(cmd)} … exited with {proc.returncode}")

    def tagged(self, db, place):
        """The urls that `fahras-search --place place` returns (all of them: every copy of a story,
        since each copy is a tag of its own)."""
        self.need(self.search)
        urls, offset = [], 0
        while True:
            cmd = [self.search, "--db", db, "--place", place, "--limit", "10000", "--offset", str(offset), "--json",
                   "--no-collapse"]
            proc = subprocess.run(cmd, capture_output=True, text=True)
            if proc.returncode == 64 and "no such place" in proc.stderr:
                return []  # a place this database's gazetteers lack
            if proc.returncode not in (0, 1):  # 1: nothing found
                sys.stderr.write(proc.stderr)
                sys.exit(f"issue21.py: {' '.join(cmd)} exited with {proc.returncode}")
            hits = [json.loads(l) for l in proc.stdout.splitlines() if l.strip()]
            page = [h["url"] or h["id"] for h in hits if h.get("type") == "hit"]
            urls += page
            if len(page) < 10000:
                return urls
            offset += len(page)

    def run_recognize(self, mode, lines, large=None):
        """fahras-places-recognize MODE (with the large gazetteer too when given) on JSON Lines: its stdout."""
        self.need(self.recognize)
        cmd = [self.recognize, mode] + (["--gazetteer", large] if large else [])
        proc = subprocess.run(cmd, input=lines, capture_output=True, text=True)
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr[-3000:])
            sys.exit(f"issue21.py: {' '.join(cmd)} exited with {proc.returncode}")
        return proc.stdout

    def tags(self, docs, large=None):
        """{place: set(urls)}: the tags an index of docs would hold, from fahras-places-recognize --tags."""
        lines = "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in docs)
        out = collections.defaultdict(set)
        for line in self.run_recognize("--tags", lines, large).splitlines():
            url, ids = line.split("\t")
            for pid in filter(None, ids.split("|")):
                out[pid].add(url)
        return out

    def mentions(self, docs, large=None):
        """{url: [mention dicts]} from fahras-places-recognize --mentions."""
        lines = "".join(json.dumps({"url": a["url"], "title": a.get("title", ""), "body": a.get("content", "")},
                                   ensure_ascii=False) + "\n" for a in docs)
        out = collections.defaultdict(list)
        for line in self.run_recognize("--mentions", lines, large).splitlines():
            url, pid, name, word, ambiguous, ancestors, context = line.split("\t")
            out[url].append({"place": pid, "name": name, "word": int(word), "ambiguous": ambiguous == "1",
                             "ancestors": [x for x in ancestors.split(",") if x], "context": context})
        return out


def mention_key(m):
    """w<position>:<hash of the bracketed mention and two words either side>."""
    words = m["context"].split(" ")
    at = next((i for i, w in enumerate(words) if w.startswith("[")), 0)
    return f"w{m['word']}:{short_hash(' '.join(words[max(0, at - 2):at + 3]))}"


def for_filter(mentions, place):
    """The mentions that give an article the tag place (itself or a place inside it)."""
    return [m for m in mentions if m["place"] == place or place in m["ancestors"]]


# ---------------------------------------------------------------- sample


def draw(urls, place, seed, k):
    rng = random.Random(f"{seed}:{place}")
    pool = sorted(set(urls))
    return pool if len(pool) <= k else sorted(rng.sample(pool, k))


def cmd_sample(args, programs):
    work = args.work
    os.makedirs(work, exist_ok=True)
    db = args.db
    if not db:
        db = os.path.join(work, "db-bundled")
        print(f"indexing {args.corpus} into {db} …", file=sys.stderr)
        programs.index_files(db, [args.corpus])
    filters = read_filters(args.filters)
    chosen = []  # (place, group, url)
    added = {}  # place -> urls only the large gazetteer tags
    for f in filters:
        if f["group"] == "large-only":
            if not args.large_db:
                continue
            urls = programs.tagged(args.large_db, f["place"])
        else:
            urls = programs.tagged(db, f["place"])
            if args.large_db:
                added[f["place"]] = set(programs.tagged(args.large_db, f["place"])) - set(urls)
        picked = draw(urls, f["place"], args.seed, args.per_filter)
        print(f"{f['place']}\t{f['group']}\t{len(set(urls))} tagged, {len(picked)} drawn", file=sys.stderr)
        chosen += [(f["place"], f["group"], u) for u in picked]
    # The tags only the large gazetteer makes, after all the others, so that
    # the draws above do not depend on it.
    for f in filters:
        if added.get(f["place"]):
            picked = draw(added[f["place"]], f["place"] + ":added", args.seed, args.per_filter)
            print(f"{f['place']}\t{f['group']}\t{len(added[f['place']])} added by the large gazetteer, "
                  f"{len(picked)} drawn", file=sys.stderr)
            chosen += [(f["place"], f["group"], u) for u in picked]
    texts = load_articles(args.corpus, {u for _, _, u in chosen})
    found = programs.mentions(texts.values())
    found_large = programs.mentions(texts.values(), args.large) if args.large_db else {}
    out = os.path.join(work, "tags_to_label.tsv")
    with open(out, "w", encoding="utf-8") as f:
        for place, group, url in chosen:
            ms = for_filter(found.get(url, []), place) or for_filter(found_large.get(url, []), place)
            if ms and url in added.get(place, ()):
                ms = for_filter(found_large.get(url, []), place)
            key = mention_key(ms[0]) if ms else "w-:none"
            contexts = " ‖ ".join(f"{m['name']}: {m['context']}" for m in ms[:3]) or "(no mention)"
            f.write(f"{url}\t{place}\t{key}\t{group}\t{contexts}\n")
    print(f"wrote {len(chosen)} tags to {out} (not for the repository: it holds article text)", file=sys.stderr)


def context_kind(text, start, end):
    """How the name at text[start:end] is written: see KINDS."""
    before, after = text[max(0, start - 3):start], text[end:end + 3]
    line_start = text.rfind("\n", 0, start) + 1
    if start > 0 and re.match(f"[{ARABIC_LETTER}]", text[start - 1]):
        return "proclitic"
    if re.search("[«\"“'(]\\s*$", before) or re.match("\\s*[»\"”')]", after):
        return "quote"
    if start - line_start <= 3 and re.match("\\s*[-–—:،(]", after):
        return "dateline"
    if re.match("\\s*[،,]", after) or re.search("[،,]\\s*$", before) or re.match("\\s+و", after):
        return "list"
    return "plain"


def cmd_recall_sample(args, programs):
    os.makedirs(args.work, exist_ok=True)
    patterns = {pid: re.compile(f"(?<![{ARABIC_LETTER}])(?:[وفبل]|ول|وب|لل)?({'|'.join(names)})(?![{ARABIC_LETTER}])")
                for pid, names in RECALL_PLACES.items()}
    pools = collections.defaultdict(list)  # (place, kind) -> [(url, start, end)]
    for a in articles(args.corpus):
        text = norm(article_text(a))
        for pid, regex in patterns.items():
            seen_kinds = set()
            for m in regex.finditer(text):
                start = m.start(1) if m.start() == m.start(1) else m.start()
                kind = context_kind(text, m.start(), m.end()) if m.start() == m.start(1) else "proclitic"
                if kind in seen_kinds:
                    continue
                seen_kinds.add(kind)
                pools[(pid, kind)].append((a["url"], start, m.end()))
    chosen = []
    for pid in RECALL_PLACES:
        for kind in KINDS:
            pool = sorted(pools[(pid, kind)])
            rng = random.Random(f"{args.seed}:{pid}:{kind}")
            chosen += [(pid, kind) + x for x in (pool if len(pool) <= args.per_kind else rng.sample(pool, args.per_kind))]
    texts = load_articles(args.corpus, {c[2] for c in chosen})
    out = os.path.join(args.work, "recall_to_label.tsv")
    with open(out, "w", encoding="utf-8") as f:
        for pid, kind, url, start, end in chosen:
            raw = article_text(texts[url])
            snippet = raw[max(0, start - 70):start] + "[" + raw[start:end] + "]" + raw[end:end + 70]
            key = f"{start}:{short_hash(norm(raw[start:end]))}"
            f.write(f"{url}\t{pid}\t{kind}\t{key}\t{snippet.replace(chr(10), ' / ').replace(chr(9), ' ')}\n")
    print(f"wrote {len(chosen)} mentions to {out} (not for the repository)", file=sys.stderr)


# ---------------------------------------------------------------- score


def ratio(a, b):
    return a / b if b else None


def precision(tags, tagged_by_place):
    """{group: (correct, predicted)} over the labelled tags the configuration makes."""
    out = collections.defaultdict(lambda: [0, 0])
    for t in tags:
        if t["url"] in tagged_by_place.get(t["place"], ()):
            out[t["group"]][1] += 1
            out[t["group"]][0] += t["label"] == "1"
    return out


def recall(rows, tagged_by_place, group_of):
    """{(group, kind): [found, mentions]} over the recall mentions labelled as the place."""
    out = collections.defaultdict(lambda: [0, 0])
    for r in rows:
        if r["label"] != "1":
            continue
        found = r["url"] in tagged_by_place.get(r["place"], ())
        for key in ((group_of.get(r["place"], "?"), r["kind"]), (group_of.get(r["place"], "?"), "all"), ("all", "all")):
            out[key][0] += found
            out[key][1] += 1
    return out


def score_tables(tags, filters, recall_rows, tagged):
    """tagged: {config: {place: set(urls)}} -> rows of the precision and recall tables."""
    group_of = {f["place"]: f["group"] for f in filters}
    tags = [dict(t, group=group_of.get(t["place"], "?")) for t in tags]
    prec_rows = []
    for config, by_place in tagged.items():
        p = precision(tags, by_place)
        total = [sum(v[0] for v in p.values()), sum(v[1] for v in p.values())]
        for group in GROUPS + ["all"]:
            c, n = total if group == "all" else p.get(group, [0, 0])
            labelled = len(tags) if group == "all" else sum(t["group"] == group for t in tags)
            if labelled:
                prec_rows.append([config, group, labelled, n, c, ratio(c, n)])
    rec_rows = []
    for config, by_place in tagged.items():
        r = recall(recall_rows, by_place, group_of)
        for group in GROUPS + ["?", "all"]:
            for kind in KINDS + ["all"]:
                found, n = r.get((group, kind), [0, 0])
                if n:
                    rec_rows.append([config, group, kind, n, found, ratio(found, n)])
    return prec_rows, rec_rows


def fmt(x):
    return "-" if x is None else (f"{x:.3f}" if isinstance(x, float) else str(x))


def table(rows, header, markdown=False):
    rows = [[fmt(c) for c in r] for r in rows]
    if markdown:
        return "\n".join(["| " + " | ".join(header) + " |", "|" + "---|" * len(header)] +
                         ["| " + " | ".join(r) + " |" for r in rows])
    widths = [max(len(x) for x in col) for col in zip(header, *rows)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in [header] + rows)


PREC_HEADER = ["gazetteer", "group", "labelled", "tagged", "right", "precision"]
REC_HEADER = ["gazetteer", "group", "written", "mentions", "tagged", "recall"]


def split_filters(filters, seed):
    """{place: "A" or "B"}: the filters other than large-only, half and half, seeded."""
    places = sorted(f["place"] for f in filters if f["group"] != "large-only")
    b = set(random.Random(seed).sample(places, len(places) // 2))
    return {p: "B" if p in b else "A" for p in places}


def cmd_score(args, programs):
    tags, filters, recall_rows = read_tags(args.tags), read_filters(args.filters), read_recall(args.recall)
    texts = load_articles(args.corpus, {t["url"] for t in tags} | {r["url"] for r in recall_rows})
    os.makedirs(args.work, exist_ok=True)
    sample = os.path.join(args.work, "labelled.jsonl")
    with open(sample, "w", encoding="utf-8") as f:
        for url in sorted(texts):
            f.write(json.dumps(texts[url], ensure_ascii=False) + "\n")
    configs = [("bundled", None)]
    if args.large and os.path.exists(args.large):
        configs.append(("bundled + large", args.large))
    elif args.large:
        print(f"issue21.py: no large gazetteer at {args.large}: scoring the bundled one only", file=sys.stderr)
    places = sorted({t["place"] for t in tags} | {r["place"] for r in recall_rows})
    tagged = {}
    for config, large in configs:
        if args.command == "quick":
            tagged[config] = programs.tags(texts.values(), large)
            continue
        db = os.path.join(args.work, "db-score-" + ("large" if large else "bundled"))
        if not (args.reuse and os.path.isdir(db)):
            programs.index_files(db, [sample], large)
        tagged[config] = {p: set(programs.tagged(db, p)) for p in places}
    prec_rows, rec_rows = score_tables(tags, filters, recall_rows, tagged)
    print("Precision of the place filters' tags (labelled tags the configuration still makes)")
    print(table(prec_rows, PREC_HEADER))
    print()
    print("Recall (recall sample), by group and by how the name is written")
    print(table(rec_rows, REC_HEADER))
    group_of = {f["place"]: f["group"] for f in filters}
    print()
    print("By filter: labelled tags the configuration makes, right ones")
    per_filter = []
    for f in filters:
        labelled = [t for t in tags if t["place"] == f["place"]]
        if not labelled:
            continue
        row = [f["place"], f["group"], len(labelled)]
        for config in tagged:
            made = [t for t in labelled if t["url"] in tagged[config].get(f["place"], ())]
            row += [len(made), sum(t["label"] == "1" for t in made)]
        per_filter.append(row)
    print(table(per_filter, ["place", "group", "labelled"] +
                [f"{h} ({c})" for c in tagged for h in ("tagged", "right")]))
    print()
    print("Precision by half of the filters (seeded split of all but the large-only ones: a check that")
    print("what was tuned on some filters holds on the others)")
    halves = split_filters(filters, args.seed)
    rows = []
    for config in tagged:
        for half in ("A", "B"):
            made = [t for t in tags if halves.get(t["place"]) == half and t["url"] in tagged[config].get(t["place"], ())]
            right = sum(t["label"] == "1" for t in made)
            rows.append([config, half, len(made), right, ratio(right, len(made))])
    print(table(rows, ["gazetteer", "half", "tagged", "right", "precision"]))
    print()
    print("Recall misses (labelled mentions of the place whose article lacks its tag):")
    for config, by_place in tagged.items():
        for r in recall_rows:
            if r["label"] == "1" and r["url"] not in by_place.get(r["place"], ()):
                print(f"  {config}: {r['place']} {r['kind']} {r['mention']} {r['url']}")
    wrong = collections.Counter(t["error"] or "?" for t in tags if t["label"] == "0")
    print()
    print("Kinds of wrong tags in the sample (whatever the configuration):")
    for kind, n in wrong.most_common():
        print(f"  {n:>4}  {kind}")
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as f:
            f.write(table(prec_rows, PREC_HEADER, True) + "\n\n" + table(rec_rows, REC_HEADER, True) + "\n")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"precision": [dict(zip(PREC_HEADER, r)) for r in prec_rows],
                       "recall": [dict(zip(REC_HEADER, r)) for r in rec_rows],
                       "errors": dict(wrong)}, f, ensure_ascii=False, indent=1)


def cmd_added(args, programs):
    """Tags the large gazetteer adds to, or takes from, each filter (whole databases)."""
    if not (args.db and args.large_db):
        sys.exit("issue21.py added: give --db and --large-db")
    rows = []
    for f in read_filters(args.filters):
        if f["group"] == "large-only":
            continue
        bundled, large = set(programs.tagged(args.db, f["place"])), set(programs.tagged(args.large_db, f["place"]))
        rows.append([f["place"], f["group"], len(bundled), len(large), len(large - bundled), len(bundled - large)])
    rows.append(["all", "", sum(r[2] for r in rows), sum(r[3] for r in rows), sum(r[4] for r in rows),
                 sum(r[5] for r in rows)])
    print(table(rows, ["place", "group", "bundled", "bundled + large", "added", "taken"]))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["sample", "recall-sample", "score", "quick", "added"])
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--large", default=DEFAULT_LARGE, help="the large gazetteer ('' to skip it)")
    ap.add_argument("--fahras-build", default=os.path.join(REPO, "build"))
    ap.add_argument("--fahras-index", help="default: FAHRAS_BUILD/indexer/fahras-index")
    ap.add_argument("--fahras-search", help="default: FAHRAS_BUILD/searcher/fahras-search")
    ap.add_argument("--work", default=os.environ.get("FAHRAS_ISSUE21_WORK", "/tmp/fahras-issue21"))
    ap.add_argument("--db", help="sample: the archive indexed with the bundled gazetteer (default: index it)")
    ap.add_argument("--large-db", help="sample: the archive indexed with the large gazetteer too")
    ap.add_argument("--seed", type=int, default=2121)
    ap.add_argument("--per-filter", type=int, default=7)
    ap.add_argument("--per-kind", type=int, default=4)
    ap.add_argument("--filters", default=FILTERS)
    ap.add_argument("--tags", default=TAGS)
    ap.add_argument("--recall", default=RECALL)
    ap.add_argument("--reuse", action="store_true",
                    help="score: reuse WORK's databases of the labelled articles (after relabelling only)")
    ap.add_argument("--markdown")
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    programs = Programs(args.fahras_build, args.fahras_index, args.fahras_search)
    {"sample": cmd_sample, "recall-sample": cmd_recall_sample, "score": cmd_score, "quick": cmd_score,
     "added": cmd_added}[args.command](args, programs)


if __name__ == "__main__":
    main()
