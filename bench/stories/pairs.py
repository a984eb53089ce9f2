#!/usr/bin/env python3
"""Hand-labelled pairs of articles: how well fahras-index groups near
duplicates into stories (README.md here; docs/stories.md has the figures).

    pairs.py dump --db DB [--out articles.tsv]   the stories and signatures of a database
    pairs.py draw --articles A.tsv               draw the pairs (seeded) into labels.tsv, keeping labels
    pairs.py show --articles A.tsv [--from N] [--count K]   print pairs to label (terminal only)
    pairs.py score --articles A.tsv [--labels L] [--json OUT]   precision and recall

articles.tsv is what fahras-stories-dump prints (docid, id, source, date,
story, signature in hex).  The grouping pass is also replayed here, on the
signatures, for other thresholds and rules (replay()): at the indexer's
threshold and rule it gives the database's stories exactly, which score
checks.  Python 3 standard library only.
"""
import argparse
import gzip
import json
import os
import random
import re
import subprocess
import sys
import unicodedata
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
SHARED = os.path.normpath(os.path.join(REPO, "..", "shared"))
DEFAULT_CORPUS = os.path.join(SHARED, "corpora", "saudinewsnet")
LABELS = os.path.join(HERE, "labels.tsv")
LABEL_COLUMNS = ["stratum", "id_a", "id_b", "similarity", "label"]

# stories.h
BANDS, ROWS = 24, 3
HASHES = BANDS * ROWS
THRESHOLD = 0.5
MAX_CANDIDATES = 200  # story_groups.h

SEED = 22  # issue 22
# Strata, in the order a pair is assigned to the first that holds it.
NEAR_BINS = [(0.30 + 0.05 * i, 0.35 + 0.05 * i) for i in range(8)]  # 0.30 .. 0.70
SIZES = {"near": 14, "across": 40, "chained": 60, "sameday": 60, "random": 30}  # near: a bin


# ---------------------------------------------------------------- articles


class Article:
    __slots__ = ("docid", "id", "source", "date", "group", "signature")

    def __init__(self, docid, id_, source, date, group, signature):
        self.docid, self.id, self.source, self.date, self.group, self.signature = (
            docid, id_, source, date, group, signature)


def read_articles(path):
    """The rows of fahras-stories-dump's output, in docid order."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            docid, id_, source, date, group, sig = line.rstrip("\n").split("\t")
            signature = tuple(int(sig[i:i + 8], 16) for i in range(0, len(sig), 8))
            if signature and len(signature) != HASHES:
                sys.exit(f"pairs.py: {path}: a signature of {len(signature)} hashes, expected {HASHES}")
            out.append(Article(int(docid), id_, source, date, group, signature))
    out.sort(key=lambda a: a.docid)
    return out


def similarity(a, b):
    """signature_similarity(): the share of equal positions."""
    if not a or not b:
        return 0.0
    return sum(x == y for x, y in zip(a, b)) / HASHES


def bands_of(signature):
    """Stand-ins for the band terms: two articles share a band term when
    their signatures agree on the band's rows."""
    return [(b, signature[b * ROWS:(b + 1) * ROWS]) for b in range(BANDS)] if signature else []


def band_index(articles):
    """Band -> docids holding it, lowest first (a term's posting list)."""
    index = defaultdict(list)
    for a in articles:
        for band in bands_of(a.signature):
            index[band].append(a.docid)
    return index


# ---------------------------------------------------------------- the pass, replayed


def replay(articles, threshold=THRESHOLD, rule="best", second=0.0, index=None):
    """assign_story_groups() of a fresh build: every article in docid order
    joins the story of its most similar earlier candidate (at least
    threshold; ties: lowest docid), band by band, at most MAX_CANDIDATES
    compared, stopping at an exact copy.  Returns docid -> the docid of the
    story's first article, and docid -> (the docid it joined, similarity).

    rule "first": also require at least `second` similarity to the first
    article of the story joined; when the best candidate's story fails, the
    next best is tried (a chain can then not reach far from its start)."""
    by_docid = {a.docid: a for a in articles}
    index = index if index is not None else band_index(articles)
    root, joined = {}, {}
    for a in articles:
        if not a.signature:
            root[a.docid] = a.docid
            continue
        seen = {a.docid}
        scored = []
        compared = 0
        done = False
        for band in bands_of(a.signature):
            for did in index[band]:
                if did >= a.docid or did in seen:
                    continue  # later articles have no story yet
                seen.add(did)
                s = similarity(a.signature, by_docid[did].signature)
                scored.append((s, did))
                compared += 1
                if s == 1.0 or compared >= MAX_CANDIDATES:
                    done = True
                    break
            if done:
                break
        scored = [(s, d) for s, d in scored if s >= threshold]
        scored.sort(key=lambda x: (-x[0], x[1]))
        choice = None
        for s, did in scored:
            if rule == "first":
                first = by_docid[root[did]]
                if similarity(a.signature, first.signature) < second:
                    continue
            choice = (did, s)
            break
        if choice:
            root[a.docid] = root[choice[0]]
            joined[a.docid] = choice
        else:
            root[a.docid] = a.docid
    return root, joined


def stories(root):
    members = defaultdict(list)
    for did, r in root.items():
        members[r].append(did)
    return members


# ---------------------------------------------------------------- title words (the same-day stratum)


def norm_word(word):
    word = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return word.translate(str.maketrans("أإآٱةى", "اااايه")).replace("ـ", "")


COMMON = set("""الذي التي الذين هذا هذه ذلك تلك بين على الى إلى عن من في مع بعد قبل خلال حول عند
حتى ضد دون منذ اليوم امس غدا عام العام كان كانت يكون تكون ليس لدى لها له منها فيها عليه عليها انه
انها السعوديه سعودي المملكه""".split())


def title_words(title):
    words = {norm_word(w) for w in re.findall(r"\w+", title or "")}
    return {w for w in words if len(w) >= 4 and w not in COMMON and not w.isdigit()}


def corpus_articles(corpus):
    for name in sorted(os.listdir(corpus)):
        if not name.endswith((".jsonl", ".jsonl.gz")):
            continue
        path = os.path.join(corpus, name)
        with (gzip.open(path, "rt", encoding="utf-8") if name.endswith(".gz") else open(path, encoding="utf-8")) as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)


def article_id(a):
    return a.get("url") or a.get("id") or ""


# ---------------------------------------------------------------- drawing


def draw(articles, titles, seed=SEED):
    """The pairs to label: [(stratum, docid_a, docid_b, similarity)], each
    stratum a seeded uniform draw from its population, and the populations'
    sizes (for weighting)."""
    rng = random.Random(seed)
    by_docid = {a.docid: a for a in articles}
    index = band_index(articles)
    root, _ = replay(articles, index=index)
    # Candidate pairs: sharing a band (as the pass finds them).
    candidates = {}
    for docids in index.values():
        if len(docids) > 1 and len(docids) <= 2000:
            for i, x in enumerate(docids):
                for y in docids[i + 1:]:
                    if (x, y) not in candidates:
                        candidates[(x, y)] = None
    for pair in candidates:
        candidates[pair] = similarity(by_docid[pair[0]].signature, by_docid[pair[1]].signature)
    taken = set()
    out, population = [], {}

    def pick(stratum, pool, n):
        pool = sorted(p for p in pool if p not in taken)
        population[stratum] = len(pool)
        for p in rng.sample(pool, min(n, len(pool))):
            taken.add(p)
            out.append((stratum, p[0], p[1], similarity(by_docid[p[0]].signature, by_docid[p[1]].signature)))

    for lo, hi in NEAR_BINS:
        pick(f"near{lo:.2f}", [p for p, s in candidates.items() if lo - 1e-9 <= s < hi - 1e-9], SIZES["near"])
    pick("across", [p for p, s in candidates.items()
                    if s >= NEAR_BINS[-1][1] - 1e-9 and by_docid[p[0]].source != by_docid[p[1]].source], SIZES["across"])
    # Chained: a story's first article and a member too far from it to have
    # joined it directly.
    chained = []
    for first, members in stories(root).items():
        for did in members:
            if did != first and similarity(by_docid[first].signature, by_docid[did].signature) < THRESHOLD:
                chained.append((first, did))
    pick("chained", chained, SIZES["chained"])
    # Same day, a title word in common.
    by_day_word = defaultdict(set)
    for a in articles:
        for w in title_words(titles.get(a.id, "")):
            by_day_word[(a.date, w)].add(a.docid)
    sameday = set()
    for docids in by_day_word.values():
        docids = sorted(docids)
        if len(docids) <= 300:  # a word in every title that day says nothing
            sameday.update((x, y) for i, x in enumerate(docids) for y in docids[i + 1:])
    pick("sameday", sameday, SIZES["sameday"])
    # Random: any two articles.
    docids = [a.docid for a in articles]
    randoms = set()
    while len(randoms) < SIZES["random"]:
        x, y = sorted(rng.sample(docids, 2))
        if (x, y) not in taken:
            randoms.add((x, y))
    n = len(docids)
    population["random"] = n * (n - 1) // 2 - sum(population.values())
    for x, y in sorted(randoms):
        taken.add((x, y))
        out.append(("random", x, y, similarity(by_docid[x].signature, by_docid[y].signature)))
    return out, population


# ---------------------------------------------------------------- label file


def read_labels(path=LABELS):
    rows, population = [], {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.startswith("# population"):
                _, _, stratum, size = line.split()
                population[stratum] = int(size)
                continue
            if not line.strip() or line.startswith("#") or line == "\t".join(LABEL_COLUMNS):
                continue
            parts = line.split("\t")
            if len(parts) != len(LABEL_COLUMNS):
                sys.exit(f"{path}:{n}: expected {len(LABEL_COLUMNS)} tab-separated columns, got {len(parts)}")
            row = dict(zip(LABEL_COLUMNS, parts))
            if row["label"] not in ("same", "different", ""):
                sys.exit(f"{path}:{n}: the label is 'same' or 'different', not {row['label']!r}")
            rows.append(row)
    return rows, population


HEADER = """# Hand-labelled pairs of SaudiNewsNet articles (bench/stories/README.md):
# stratum, the two article ids (urls), their signature similarity, and the label
# (same: one story, the same report or agency text; different: not).  Drawn by
# `pairs.py draw` (seed {seed}); population: how many pairs the stratum was drawn from.
"""


def write_labels(rows, population, path=LABELS, seed=SEED):
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEADER.format(seed=seed))
        for stratum in sorted(population):
            f.write(f"# population {stratum} {population[stratum]}\n")
        f.write("\t".join(LABEL_COLUMNS) + "\n")
        for r in rows:
            f.write("\t".join(r[c] for c in LABEL_COLUMNS) + "\n")


# ---------------------------------------------------------------- scoring


def stratum_group(stratum):
    return "near" if stratum.startswith("near") else stratum


def counts(pairs):
    """pairs: (predicted same, labelled same, weight) -> tp, fp, fn, tn (weighted)."""
    tp = fp = fn = tn = 0.0
    for predicted, actual, w in pairs:
        if predicted and actual:
            tp += w
        elif predicted:
            fp += w
        elif actual:
            fn += w
        else:
            tn += w
    return tp, fp, fn, tn


def ratio(a, b):
    return a / b if b else None


def score_rows(rows, population, same_story):
    """Per stratum (unweighted: the pairs as drawn) and overall (each pair
    weighted by its stratum's population over its sample size, so the
    overall figures estimate the archive's pairs), precision and recall of
    same_story(row) against the labels.  Rows without a label are left out."""
    labelled = [r for r in rows if r["label"]]
    drawn = defaultdict(int)
    for r in labelled:
        drawn[r["stratum"]] += 1
    table = []
    groups = defaultdict(list)
    for r in labelled:
        groups[stratum_group(r["stratum"])].append(r)
    order = [g for g in ("near", "across", "chained", "sameday", "random") if g in groups]
    order += sorted(set(groups) - set(order))
    for g in order:
        tp, fp, fn, tn = counts((same_story(r), r["label"] == "same", 1) for r in groups[g])
        table.append({"stratum": g, "pairs": len(groups[g]), "same": int(tp + fn), "grouped": int(tp + fp),
                      "tp": int(tp), "fp": int(fp), "fn": int(fn),
                      "precision": ratio(tp, tp + fp), "recall": ratio(tp, tp + fn)})
    tp, fp, fn, tn = counts((same_story(r), r["label"] == "same", 1) for r in labelled)
    table.append({"stratum": "all, as drawn", "pairs": len(labelled), "same": int(tp + fn), "grouped": int(tp + fp),
                  "tp": int(tp), "fp": int(fp), "fn": int(fn),
                  "precision": ratio(tp, tp + fp), "recall": ratio(tp, tp + fn)})
    weight = {s: population.get(s, drawn[s]) / drawn[s] for s in drawn}
    # Weighted: all pairs, and the pairs the signatures can see (candidates
    # and chains: every stratum but sameday and random).
    for name, keep in (("all, weighted", lambda r: True),
                       ("seen, weighted", lambda r: stratum_group(r["stratum"]) not in ("sameday", "random"))):
        kept = [r for r in labelled if keep(r)]
        tp, fp, fn, tn = counts((same_story(r), r["label"] == "same", weight[r["stratum"]]) for r in kept)
        table.append({"stratum": name, "pairs": len(kept), "same": round(tp + fn), "grouped": round(tp + fp),
                      "tp": round(tp), "fp": round(fp), "fn": round(fn),
                      "precision": ratio(tp, tp + fp), "recall": ratio(tp, tp + fn)})
    return table


def threshold_curve(rows, population, thresholds):
    """Direct pairs: precision and recall of "similarity >= t" against the
    labels, on the candidate pairs (the strata the bands find: near*, which
    covers 0.30-0.70, and across), each pair weighted by its stratum's
    population over its sample size."""
    labelled = [r for r in rows if r["label"] and (r["stratum"].startswith("near") or r["stratum"] == "across")]
    drawn = defaultdict(int)
    for r in labelled:
        drawn[r["stratum"]] += 1
    out = []
    for t in thresholds:
        c = counts((float(r["similarity"]) >= t - 1e-9, r["label"] == "same",
                    population.get(r["stratum"], drawn[r["stratum"]]) / drawn[r["stratum"]]) for r in labelled)
        out.append({"threshold": t, "tp": round(c[0]), "fp": round(c[1]), "fn": round(c[2]),
                    "precision": ratio(c[0], c[0] + c[1]), "recall": ratio(c[0], c[0] + c[2])})
    return out


def bins(rows):
    """The near stratum's bins: how many of each bin's pairs are one story."""
    out = []
    for lo, hi in NEAR_BINS:
        name = f"near{lo:.2f}"
        labelled = [r for r in rows if r["stratum"] == name and r["label"]]
        same = sum(r["label"] == "same" for r in labelled)
        out.append({"similarity": f"{lo:.2f}-{hi:.2f}", "pairs": len(labelled), "same": same,
                    "share": ratio(same, len(labelled))})
    return out


def fmt(x):
    return "-" if x is None else f"{x:.3f}"


def print_table(title, table, keys):
    print(title)
    print("  " + "  ".join(f"{k:>14}" for k in keys))
    for row in table:
        print("  " + "  ".join(f"{fmt(row[k]) if isinstance(row[k], float) or row[k] is None else row[k]:>14}"
                               for k in keys))


# ---------------------------------------------------------------- commands


def tool_path(given):
    if given:
        return given
    for build in ("build", "build-bench"):
        path = os.path.join(REPO, build, "bench", "stories", "fahras-stories-dump")
        if os.path.exists(path):
            return path
    sys.exit("pairs.py: no fahras-stories-dump: build with -DFAHRAS_BUILD_BENCH=ON or give --tool")


def cmd_dump(args):
    with open(args.out, "w", encoding="utf-8") as out:
        subprocess.run([tool_path(args.tool), args.db], stdout=out, check=True)
    print(f"wrote {args.out}")


def load_titles(corpus):
    return {article_id(a): a.get("title", "") for a in corpus_articles(corpus)}


def cmd_draw(args):
    articles = read_articles(args.articles)
    drawn, population = draw(articles, load_titles(args.corpus), args.seed)
    by_docid = {a.docid: a for a in articles}
    old = {}
    if os.path.exists(args.labels):
        for r in read_labels(args.labels)[0]:
            old[(r["id_a"], r["id_b"])] = r["label"]
    rows = []
    for stratum, x, y, s in drawn:
        a, b = by_docid[x].id, by_docid[y].id
        rows.append({"stratum": stratum, "id_a": a, "id_b": b, "similarity": f"{s:.3f}", "label": old.get((a, b), "")})
    write_labels(rows, population, args.labels, args.seed)
    print(f"{len(rows)} pairs in {args.labels}; populations: {population}")


def first_last(text, n):
    lines = [l.strip() for l in (text or "").splitlines() if l.strip()]
    if not lines:
        return "", ""
    return lines[0][:n], (lines[-1][-n:] if len(lines) > 1 else lines[0][-n:])


def cmd_show(args):
    rows, _ = read_labels(args.labels)
    chosen = rows[args.start:args.start + args.count]
    texts = {}
    wanted = {r["id_a"] for r in chosen} | {r["id_b"] for r in chosen}
    for a in corpus_articles(args.corpus):
        if article_id(a) in wanted:
            texts[article_id(a)] = a
    for n, r in enumerate(chosen, args.start):
        print(f"=== {n} {r['stratum']} s={r['similarity']} label={r['label'] or '?'}")
        for key in ("id_a", "id_b"):
            a = texts.get(r[key], {})
            first, last = first_last(a.get("content") or a.get("body"), args.chars)
            print(f"  [{a.get('source', '?')} {a.get('date_extracted', '')[:10]}] {a.get('title', '')}")
            print(f"     > {first}")
            print(f"     < {last}")


def predictions(articles, rows, root):
    by_id = {a.id: a for a in articles}
    missing = [r for r in rows if r["id_a"] not in by_id or r["id_b"] not in by_id]
    if missing:
        sys.exit(f"pairs.py: {len(missing)} labelled ids are not in the articles, e.g. {missing[0]['id_a']}")
    return lambda r: root[by_id[r["id_a"]].docid] == root[by_id[r["id_b"]].docid]


def cmd_score(args):
    articles = read_articles(args.articles)
    rows, population = read_labels(args.labels)
    index = band_index(articles)
    keys = ["stratum", "pairs", "same", "grouped", "tp", "fp", "fn", "precision", "recall"]
    results = {}
    # The database's stories, and the replayed pass must agree with them.
    by_group = {}
    db_root = {}
    for a in articles:
        db_root[a.docid] = by_group.setdefault(a.group, a.docid)
    root, _ = replay(articles, index=index)
    same_as_db = all(db_root[d] == root[d] for d in root)
    print(f"replayed pass at {THRESHOLD} gives the database's stories: {'yes' if same_as_db else 'NO'}")
    results["replay_matches_database"] = same_as_db
    results["database"] = score_rows(rows, population, predictions(articles, rows, db_root))
    print_table("\nThe database's stories:", results["database"], keys)
    results["bins"] = bins(rows)
    print_table("\nNear the threshold: the labelled pairs of each bin of similarity that are one story:",
                results["bins"], ["similarity", "pairs", "same", "share"])
    results["threshold_curve"] = threshold_curve(rows, population, [round(0.3 + 0.05 * i, 2) for i in range(9)])
    print_table("\nCandidate pairs (near and across, weighted), 'similarity >= t' against the labels:",
                results["threshold_curve"], ["threshold", "tp", "fp", "fn", "precision", "recall"])
    results["variants"] = []
    for name, threshold, rule, second in VARIANTS:
        root, _ = replay(articles, threshold, rule, second, index)
        members = stories(root)
        multi = [m for m in members.values() if len(m) > 1]
        table = score_rows(rows, population, predictions(articles, rows, root))
        results["variants"].append({"variant": name, "stories": len(members), "multi": len(multi),
                                    "largest": max(len(m) for m in members.values()), "table": table})
        print_table(f"\nReplayed: {name}: {len(members)} stories, {len(multi)} of more than one article, "
                    f"the largest {max(len(m) for m in members.values())}", table, keys)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1)


VARIANTS = [
    ("threshold 0.5, best candidate (the indexer)", 0.5, "best", 0.0),
    ("threshold 0.4", 0.4, "best", 0.0),
    ("threshold 0.45", 0.45, "best", 0.0),
    ("threshold 0.55", 0.55, "best", 0.0),
    ("threshold 0.6", 0.6, "best", 0.0),
    ("0.5, and >= 0.35 to the story's first", 0.5, "first", 0.35),
    ("0.5, and >= 0.4 to the story's first", 0.5, "first", 0.4),
]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--db", required=True)
    d.add_argument("--out", default="/tmp/fahras-stories-articles.tsv")
    d.add_argument("--tool")
    for name in ("draw", "show", "score"):
        s = sub.add_parser(name)
        s.add_argument("--articles", default="/tmp/fahras-stories-articles.tsv")
        s.add_argument("--labels", default=LABELS)
        s.add_argument("--corpus", default=os.environ.get("CORPUS", DEFAULT_CORPUS))
        if name == "draw":
            s.add_argument("--seed", type=int, default=SEED)
        if name == "show":
            s.add_argument("--from", dest="start", type=int, default=0)
            s.add_argument("--count", type=int, default=20)
            s.add_argument("--chars", type=int, default=160)
        if name == "score":
            s.add_argument("--json")
    args = p.parse_args(argv)
    {"dump": cmd_dump, "draw": cmd_draw, "show": cmd_show, "score": cmd_score}[args.command](args)


if __name__ == "__main__":
    main()
