#!/usr/bin/env python3
"""Place recognition: precision and recall against hand labels.

    bench/places/evaluate.py                  build the tool if needed, score, print the tables
    bench/places/evaluate.py --context        also show the words around each SaudiNewsNet error
    bench/places/evaluate.py --markdown F     also write the tables to F
    bench/places/evaluate.py --tool PATH      use an already built fahras-places-recognize

Two sets, each scored with the bundled gazetteer alone and with the large
GeoNames/WOF gazetteer added (../shared/gazetteer/gazetteer_ar.tsv, read where
it lies, never copied):
  * saudinewsnet: the articles of labels_archive.tsv, whose text is read
    by url from ../shared/corpora/saudinewsnet at run time;
  * tricky: the sentences of tricky_sentences.tsv.

A label is a place id of data/gazetteer/places.tsv, or missing:<name>@<CC> for
a place our gazetteer lacks (CC: its country, ISO 3166 alpha-2).  Scores are micro-averaged over (document, place)
pairs: a place counts once per document however often it is mentioned.
  precision = correct predictions / predictions
  recall    = gazetteer labels found / gazetteer labels (missing: labels left out)
  coverage  = all labels found / all labels (missing: labels count; with the
              large gazetteer, a place of it in that country whose name is that
              of a missing: label of the document finds that label)
With the large gazetteer, a row of it that duplicates a labeled place (same
country, within 15 km, and one of its names is the labeled place's name, alone
or after other words: "محافظة القنفذة" for القنفذة) counts as that place.
Python 3 standard library only.
"""
import argparse
import collections
import csv
import glob
import gzip
import json
import math
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
SHARED = os.path.normpath(os.path.join(REPO, "..", "shared"))
DEFAULT_CORPUS = os.path.join(SHARED, "corpora", "saudinewsnet")
DEFAULT_LARGE = os.path.join(SHARED, "gazetteer", "gazetteer_ar.tsv")
BUNDLED = os.path.join(REPO, "data", "gazetteer", "places.tsv")
LABELS = os.path.join(HERE, "labels_archive.tsv")
TRICKY = os.path.join(HERE, "tricky_sentences.tsv")
TOOL_NAME = "fahras-places-recognize"

csv.field_size_limit(1 << 24)

# ---------------------------------------------------------------- normalizing

_TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c-\u200f]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ک": "ك", "ی": "ي"})


def norm(text):
    """The spelling folds the gazetteer README lists (for comparing names only)."""
    return _TASHKEEL.sub("", text).translate(_FOLD).strip()


def norm_with_map(text):
    """norm() of text, and for each output character the index of its source character."""
    out, where = [], []
    for i, ch in enumerate(text):
        if _TASHKEEL.match(ch):
            continue
        out.append(ch.translate(_FOLD))
        where.append(i)
    return "".join(out), where


# ---------------------------------------------------------------- inputs


class Gazetteer:
    def __init__(self):
        self.places = {}  # id -> dict(name, kind, cc, names)

    def load(self, path, tag):
        with open(path, encoding="utf-8", newline="") as f:
            rows = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
            header = next(rows)
            col = {name: i for i, name in enumerate(header)}
            for row in rows:
                if len(row) < len(header):
                    continue
                pid = row[col["source_id"]].split("|")[0]
                if not pid or pid in self.places:
                    continue
                names = {norm(row[col["name_ar"]])}
                names.update(norm(n) for n in row[col["alt_names_ar"]].split("|") if n)
                try:
                    point = (float(row[col["lat"]]), float(row[col["lon"]]))
                except ValueError:
                    point = None
                self.places[pid] = {
                    "point": point,
                    "name": row[col["name_ar"]],
                    "kind": row[col["kind"]],
                    "cc": row[col["country_code"]],
                    "names": names,
                    "from": tag,
                }

    def name(self, pid):
        p = self.places.get(pid)
        return p["name"] if p else "?"

    def kind(self, pid):
        if pid.startswith("missing:"):
            return "missing"
        p = self.places.get(pid)
        return p["kind"] if p else "?"


def km(a, b):
    (lat1, lon1), (lat2, lon2) = a, b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def duplicate_of(gaz, pid, gold):
    """The labeled place of which the large gazetteer's row pid is a duplicate, or None."""
    p = gaz.places.get(pid)
    if not p or p["from"] == "bundled" or not p["point"]:
        return None
    for gid in gold:
        g = gaz.places[gid]
        if g["cc"] != p["cc"] or not g["point"] or km(p["point"], g["point"]) > 15:
            continue
        if any(n == gn or n.endswith(" " + gn) for n in p["names"] for gn in g["names"]):
            return gid
    return None


def read_labels(path):
    """[(key, gold ids, missing (name, country))] from a key<TAB>ids file (comments: #)."""
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) > 2:
                sys.exit(f"{path}:{n}: expected two tab-separated columns")
            ids = [x.strip() for x in (parts[1] if len(parts) > 1 else "").split("|") if x.strip()]
            gold = [x for x in ids if not x.startswith("missing:")]
            missing = [x[len("missing:"):].partition("@")[::2] for x in ids if x.startswith("missing:")]
            out.append((parts[0], gold, missing))
    return out


def load_articles(corpus, urls):
    wanted, found = set(urls), {}
    for path in sorted(glob.glob(os.path.join(corpus, "*.jsonl.gz"))):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                if not wanted - found.keys():
                    return found
                a = json.loads(line)
                if a.get("url") in wanted and a["url"] not in found:
                    found[a["url"]] = a
    return found


# ---------------------------------------------------------------- the tool


def build_tool(build_dir):
    os.makedirs(build_dir, exist_ok=True)
    log = os.path.join(build_dir, "evaluate-build.log")
    with open(log, "w") as out:
        steps = [
            ["cmake", "-S", HERE, "-B", build_dir, "-DFAHRAS_WERROR=ON"],
            ["cmake", "--build", build_dir, "-j2", "--target", TOOL_NAME],
        ]
        for step in steps:
            if subprocess.run(step, stdout=out, stderr=subprocess.STDOUT).returncode != 0:
                with open(log) as f:
                    sys.stderr.write("".join(f.readlines()[-30:]))
                sys.exit(f"evaluate.py: building {TOOL_NAME} failed (see {log})")
    tool = os.path.join(build_dir, TOOL_NAME)
    if not os.path.exists(tool):
        sys.exit(f"evaluate.py: {tool} was not built")
    return tool


def run_tool(tool, extra_gazetteers, docs):
    """docs: [(id, title, body)] -> ({id: [place ids]}, seconds)."""
    lines = "".join(json.dumps({"id": i, "title": t, "body": b}, ensure_ascii=False) + "\n" for i, t, b in docs)
    cmd = [tool]
    for g in extra_gazetteers:
        cmd += ["--gazetteer", g]
    start = time.monotonic()
    proc = subprocess.run(cmd, input=lines.encode("utf-8"), capture_output=True)
    seconds = time.monotonic() - start
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
        sys.exit(f"evaluate.py: {' '.join(cmd)} exited with {proc.returncode}")
    out = {}
    for line in proc.stdout.decode("utf-8").splitlines():
        key, _, ids = line.partition("\t")
        out[key] = [x for x in ids.split("|") if x]
    missing = [i for i, _, _ in docs if i not in out]
    if missing:
        sys.exit(f"evaluate.py: no output for {len(missing)} documents, e.g. {missing[0]}")
    return out, seconds


# ---------------------------------------------------------------- scoring


class Score:
    def __init__(self):
        self.docs = 0
        self.gold = 0  # gazetteer labels
        self.missing = 0  # missing: labels
        self.pred = 0
        self.tp = 0  # gazetteer labels found
        self.tp_missing = 0  # missing: labels found (large gazetteer)
        self.fp = []  # (doc, id)
        self.fn = []  # (doc, id)
        self.found_missing = []  # (doc, id, name)
        self.duplicates = []  # (doc, id of the large gazetteer, labeled id)
        self.kinds = collections.defaultdict(lambda: [0, 0, 0])  # kind -> [tp, fp, fn]

    def p(self):
        return (self.tp + self.tp_missing) / self.pred if self.pred else 1.0

    def r(self):
        return self.tp / self.gold if self.gold else 1.0

    def f1(self):
        p, r = self.p(), self.r()
        return 2 * p * r / (p + r) if p + r else 0.0

    def coverage(self):
        total = self.gold + self.missing
        return (self.tp + self.tp_missing) / total if total else 1.0


def score(labels, predictions, gaz):
    s = Score()
    for key, gold, missing in labels:
        s.docs += 1
        gold_set = set(gold)
        pred = []
        for pid in predictions[key]:
            if pid not in gold_set:
                same = duplicate_of(gaz, pid, gold)
                if same:
                    s.duplicates.append((key, pid, same))
                    pid = same
            if pid not in pred:
                pred.append(pid)
        missing_left = {(norm(name), cc): name for name, cc in missing}
        s.gold += len(gold_set)
        s.missing += len(missing)
        s.pred += len(pred)
        for pid in pred:
            if pid in gold_set:
                s.tp += 1
                s.kinds[gaz.kind(pid)][0] += 1
                continue
            place = gaz.places.get(pid)
            hit = None
            if place and place["from"] != "bundled":
                hit = next(((n, place["cc"]) for n in place["names"] if (n, place["cc"]) in missing_left), None)
            if hit is not None:
                s.tp_missing += 1
                s.found_missing.append((key, pid, missing_left.pop(hit)))
                s.kinds["missing"][0] += 1
            else:
                s.fp.append((key, pid))
                s.kinds[gaz.kind(pid)][1] += 1
        for pid in gold_set - set(pred):
            s.fn.append((key, pid))
            s.kinds[gaz.kind(pid)][2] += 1
        for m in missing_left.values():
            s.kinds["missing"][2] += 1
    return s


# ---------------------------------------------------------------- reporting


def fmt(x):
    return f"{x:.3f}"


def table(rows, header):
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    lines = ["  ".join(str(h).ljust(w) for h, w in zip(header, widths))]
    lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        lines.append("  ".join(str(c).ljust(w) for c, w in zip(r, widths)))
    return "\n".join(lines)


def md_table(rows, header):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def snippet(text, names, width=45):
    """The words around the first occurrence of one of names (normalized) in text."""
    flat = text.replace("\n", " ")
    normalized, where = norm_with_map(flat)
    best = None
    for n in sorted(names, key=len, reverse=True):
        if not n:
            continue
        for m in re.finditer(re.escape(n), normalized):
            before = normalized[m.start() - 1] if m.start() else " "
            after = normalized[m.end()] if m.end() < len(normalized) else " "
            # A whole word, allowing one-letter proclitics (و ف ب ك ل) and لل.
            if after.isalpha():
                continue
            start = m.start()
            while start > 0 and normalized[start - 1] in "وفبكل" and m.start() - start < 3:
                start -= 1
            if start > 0 and normalized[start - 1].isalpha():
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), m.end())
            break
    if best is None:
        return "(name not found in the text)"
    a, b = where[best[0]], where[best[1] - 1] + 1
    return "…" + flat[max(0, a - width):a] + "[" + flat[a:b] + "]" + flat[b:b + width] + "…"


def error_report(title, errors, gaz, texts, context, short):
    """errors: [(doc, id)], grouped by place, most frequent first."""
    lines = [title]
    if not errors:
        lines.append("  (none)")
        return lines
    groups = collections.defaultdict(list)
    for doc, pid in errors:
        groups[pid].append(doc)
    for pid, docs in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        lines.append(f"  {len(docs):>2} × {pid}  {gaz.name(pid)}  ({gaz.kind(pid)})  in " +
                     ", ".join(short(d) for d in docs))
        if context:
            place = gaz.places.get(pid)
            for d in docs:
                if d in texts and place:
                    lines.append(f"       {short(d)}: {snippet(texts[d], place['names'])}")
    return lines


def parse_arguments():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tool", help=f"a built {TOOL_NAME} (default: build one in --build-dir)")
    ap.add_argument("--build-dir", default=os.environ.get("FAHRAS_PLACES_BUILD", "/tmp/fahras-places-build"))
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--large", default=DEFAULT_LARGE, help="the large gazetteer ('' to skip it)")
    ap.add_argument("--context", action="store_true", help="print the words around each SaudiNewsNet error")
    ap.add_argument("--markdown", help="also write the summary tables to this file")
    ap.add_argument("--json", help="also write every score and error to this file")
    return ap.parse_args()


def load_gazetteers(large):
    """The places of every gazetteer, and the configurations to score:
    (name, the gazetteer files the tool gets besides the bundled one)."""
    gaz = Gazetteer()
    gaz.load(BUNDLED, "bundled")
    configs = [("bundled", [])]
    if large:
        if os.path.exists(large):
            gaz.load(large, "large")
            configs.append(("bundled + " + os.path.basename(large), [large]))
        else:
            print(f"evaluate.py: warning: no large gazetteer at {large}; scoring the bundled one only",
                  file=sys.stderr)
    return gaz, configs


class LabeledSets:
    """The two labeled sets, as the scorer and the error report want them."""
    def __init__(self, corpus, gaz):
        # Every label must be a place of the bundled gazetteer.
        news = read_labels(LABELS)
        tricky_rows = read_labels(TRICKY)
        for name, rows in (("labels_archive.tsv", news), ("tricky_sentences.tsv", tricky_rows)):
            for key, gold, _ in rows:
                for pid in gold:
                    if gaz.places.get(pid, {}).get("from") != "bundled":
                        sys.exit(f"evaluate.py: {name}: unknown place id {pid} ({key[:60]})")

        articles = load_articles(corpus, [k for k, _, _ in news])
        lost = [k for k, _, _ in news if k not in articles]
        if lost:
            sys.exit(f"evaluate.py: {len(lost)} labeled urls are not in {corpus}, e.g. {lost[0]}")
        self.news = news
        self.texts = {k: articles[k].get("title", "") + "\n" + articles[k].get("content", "") for k, _, _ in news}
        self.news_docs = [(k, articles[k].get("title", ""), articles[k].get("content", "")) for k, _, _ in news]
        self.tricky = [(f"s{i + 1}", gold, missing) for i, (_, gold, missing) in enumerate(tricky_rows)]
        self.tricky_docs = [(f"s{i + 1}", "", sentence) for i, (sentence, _, _) in enumerate(tricky_rows)]
        self.tricky_text = {f"s{i + 1}": sentence for i, (sentence, _, _) in enumerate(tricky_rows)}
        self.url_number = {k: i + 1 for i, (k, _, _) in enumerate(news)}

    def short_news(self, url):
        return f"#{self.url_number[url]}"


def summary_rows(results):
    """The rows of the two summary tables: overall, and by kind of place."""
    rows = []
    for set_name, config, s, _ in results:
        rows.append([set_name, config, s.docs, s.gold, s.missing, s.pred, s.tp + s.tp_missing, len(s.fp),
                     len(s.fn), fmt(s.p()), fmt(s.r()), fmt(s.f1()), fmt(s.coverage())])
    kind_rows = []
    order = ["country", "admin1", "admin2", "admin3", "city", "district", "missing", "?"]
    for set_name, config, s, _ in results:
        for kind in sorted(s.kinds, key=lambda k: order.index(k) if k in order else 99):
            tp, fp, fn = s.kinds[kind]
            p = fmt(tp / (tp + fp)) if tp + fp else "-"
            r = fmt(tp / (tp + fn)) if tp + fn else "-"
            kind_rows.append([set_name, config, kind, tp, fp, fn, p, r])
    return rows, kind_rows


HEADER = ["set", "gazetteer", "docs", "labels", "missing", "predicted", "correct", "FP", "FN",
          "precision", "recall", "F1", "coverage"]
KIND_HEADER = ["set", "gazetteer", "kind", "correct", "FP", "FN", "precision", "recall"]


def print_errors(set_name, config, s, seconds, gaz, sets, context):
    """One set's errors under one configuration, and the large gazetteer's
    rows that counted as labeled places."""
    print()
    print(f"=== {set_name}, {config} ({seconds:.2f} s for {s.docs} documents)")
    if set_name == "saudinewsnet":
        short = sets.short_news
        print("    (#N = line N of the labels, not counting comments; bench/places/show.py --labels N shows it)")
        lines = error_report("False positives:", s.fp, gaz, sets.texts, context, short)
        lines += error_report("False negatives:", s.fn, gaz, sets.texts, context, short)
    else:
        lines = ["False positives:"] + [f"  {d}: {pid}  {gaz.name(pid)}  ← {sets.tricky_text[d]}" for d, pid in s.fp]
        lines += ["False negatives:"] + [f"  {d}: {pid}  {gaz.name(pid)}  ← {sets.tricky_text[d]}" for d, pid in s.fn]
    if s.duplicates:
        lines.append("Rows of the large gazetteer counted as the labeled place they duplicate:")
        lines += [f"  {sets.short_news(d) if set_name == 'saudinewsnet' else d}: {pid} {gaz.name(pid)} "
                  f"({gaz.kind(pid)}) = {gid} {gaz.name(gid)}" for d, pid, gid in s.duplicates]
    if s.found_missing:
        lines.append("Places our gazetteer lacks, found in the large one:")
        lines += [f"  {sets.short_news(d) if set_name == 'saudinewsnet' else d}: {m} = {pid} {gaz.name(pid)} "
                  f"({gaz.kind(pid)}, {gaz.places[pid]['cc']})" for d, pid, m in s.found_missing]
    print("\n".join(lines))


def main():
    args = parse_arguments()
    tool = args.tool or build_tool(args.build_dir)
    gaz, configs = load_gazetteers(args.large)
    sets = LabeledSets(args.corpus, gaz)

    results = []  # (set, config, Score, seconds)
    for config, extra in configs:
        for set_name, labels, docs in (("saudinewsnet", sets.news, sets.news_docs),
                                       ("tricky", sets.tricky, sets.tricky_docs)):
            predictions, seconds = run_tool(tool, extra, docs)
            results.append((set_name, config, score(labels, predictions, gaz), seconds))

    rows, kind_rows = summary_rows(results)
    print("Place recognition: micro-averaged over (document, place) pairs")
    print(table(rows, HEADER))
    print()
    print("By kind (FP by the kind of the predicted place; 'missing' = places our gazetteer lacks)")
    print(table(kind_rows, KIND_HEADER))
    for set_name, config, s, seconds in results:
        print_errors(set_name, config, s, seconds, gaz, sets, args.context)

    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as f:
            f.write(md_table(rows, HEADER) + "\n\n" + md_table(kind_rows, KIND_HEADER) + "\n")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump([{"set": set_name, "gazetteer": config, "seconds": round(seconds, 3),
                        "precision": s.p(), "recall": s.r(), "f1": s.f1(), "coverage": s.coverage(),
                        "labels": s.gold, "missing": s.missing, "predicted": s.pred,
                        "false_positives": s.fp, "false_negatives": s.fn,
                        "found_missing": s.found_missing, "duplicates": s.duplicates}
                       for set_name, config, s, seconds in results], f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
