#!/usr/bin/env python3
"""Alerts rehearsal on SaudiNewsNet: the 18 daily files arrive one a night
through scripts/fahras-nightly.sh (a snapshot each night, a --rebuild on
night REBUILD_NIGHT), which runs fahras-alerts on a handful of saved
searches after indexing.  Each night the alerts must be exactly the new
articles that match, computed independently: the ids first seen in that
night's file (read from the files themselves) kept among what fahras-search
finds over the whole database (every page, every copy); and no article may
be reported twice to a saved search over the 18 nights.

    bench/alerts_rehearsal.py [WORK_DIR]     (default /tmp/fahras-alerts-rehearsal)

Prints a line a night (new articles, alerts per saved search, mismatches,
seconds of the alerts run) and exits 1 when a night differs.
"""
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARCHIVE = os.path.join(HERE, "..", "shared", "corpora", "saudinewsnet")
BUILD = os.path.join(HERE, "build")
INDEX = os.path.join(BUILD, "indexer", "fahras-index")
SEARCH = os.path.join(BUILD, "searcher", "fahras-search")
ALERTS = os.path.join(BUILD, "alerts", "fahras-alerts")
REBUILD_NIGHT = 9

# name -> (saved search, the same as fahras-search arguments)
SAVED = {
    "saudi": ({"query": "السعودية", "collapse": False}, ["السعودية"]),
    "foreign-minister": ({"query": "\"وزير الخارجية\"", "collapse": False}, ["\"وزير الخارجية\""]),
    "yemen-houthis": ({"query": "اليمن الحوثيين", "all": True, "collapse": False}, ["اليمن الحوثيين", "--all"]),
    "okaz-oil": ({"query": "النفط", "source": "okaz", "collapse": False}, ["النفط source:okaz"]),
    "riyadh": ({"place": "الرياض", "collapse": False}, ["--place", "الرياض"]),
    "hilal-stories": ({"query": "الهلال"}, ["الهلال"]),  # collapsed: hits and their other versions
}
PAGE = 10000


def day_ids(path):
    ids = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            try:
                article = json.loads(line)
            except ValueError:
                continue
            article_id = article.get("id") or article.get("url")
            if article_id:
                ids.append(article_id)
    return ids


def search_all(db, args):
    """Every article fahras-search finds for args, page by page, every copy."""
    found, offset = set(), 0
    while True:
        out = subprocess.run([SEARCH, "--db", db, "--json", "--no-collapse", "--no-correct", "--snippet-length", "0",
                              "--limit", str(PAGE), "--offset", str(offset)] + args,
                             capture_output=True, text=True).stdout
        hits = [json.loads(line) for line in out.splitlines() if line.startswith('{"type":"hit"')]
        found.update(hit["id"] for hit in hits)
        if len(hits) < PAGE:
            return found
        offset += PAGE


def read_alerts(path):
    """name -> (ids listed as hits or other versions, articles counted)"""
    alerts = {}
    if not os.path.exists(path):
        return alerts
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            ids, counted, hits = alerts.setdefault(record["name"], (set(), [0], []))
            for hit in record["hits"]:
                hits.append(hit["id"])
                ids.add(hit["id"])
                ids.update(other["id"] for other in hit["other_versions"])
                counted[0] += 1 + hit["other_count"]
    return alerts


def main():
    work = sys.argv[1] if len(sys.argv) > 1 else "/tmp/fahras-alerts-rehearsal"
    if not os.path.isdir(ARCHIVE):
        print("no archive at " + ARCHIVE, file=sys.stderr)
        return 66
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, "archive"))
    saved = os.path.join(work, "saved.jsonl")
    with open(saved, "w", encoding="utf-8") as f:
        for name, (search, _) in SAVED.items():
            f.write(json.dumps(dict(name=name, limit=10000, snippet_length=0, **search), ensure_ascii=False) + "\n")
    db = os.path.join(work, "db")
    seen, reported, failures = set(), {name: set() for name in SAVED}, 0
    days = sorted(d for d in os.listdir(ARCHIVE) if d.endswith(".jsonl.gz"))
    print("night day        new  alerted per saved search (%s)  mismatches  alerts_s" % ", ".join(SAVED))
    for night, day in enumerate(days, 1):
        os.symlink(os.path.join(ARCHIVE, day), os.path.join(work, "archive", day))
        new = set(day_ids(os.path.join(ARCHIVE, day))) - seen
        seen |= new
        out = os.path.join(work, "alerts-%02d.jsonl" % night)
        env = dict(os.environ, FAHRAS_LOG_DIR=os.path.join(work, "logs"), FAHRAS_BIN=INDEX, FAHRAS_ALERTS_BIN=ALERTS,
                   FAHRAS_ALERTS_SAVED=saved, FAHRAS_ALERTS_OUT=out)
        mode = ["--rebuild"] if night == REBUILD_NIGHT else []
        subprocess.run([os.path.join(HERE, "scripts", "fahras-nightly.sh")] + mode + [db, os.path.join(work, "archive")],
                       env=env)
        alerts = read_alerts(out)
        counts, mismatches = [], []
        for name, (search, args) in SAVED.items():
            want = search_all(db, args) & new if night > 1 else set()  # night 1: every saved search starts
            ids, counted, hits = alerts.get(name, (set(), [0], []))
            collapsed = search.get("collapse", True)
            exact = ids <= want and counted[0] == len(want) if collapsed else ids == want and len(hits) == len(ids)
            again = ids & reported[name]
            reported[name] |= ids
            counts.append("%d/%d" % (len(ids) if not collapsed else counted[0], len(want)))
            if not exact or again:
                mismatches.append("%s: %d missing, %d extra, %d again" % (name, len(want - ids), len(ids - want), len(again)))
        seconds = alerts_seconds(os.path.join(work, "logs"))
        failures += bool(mismatches)
        print("%-5d %s %5d  %s  %s  %s" % (night, day[:10], len(new), " ".join(counts), "; ".join(mismatches) or "none",
                                          seconds))
        sys.stdout.flush()
    print("nights with a mismatch: %d" % failures)
    return 1 if failures else 0


def alerts_seconds(log_dir):
    """The seconds of the last alerts run, from its --verbose summary in the newest log."""
    logs = sorted(f for f in os.listdir(log_dir) if f.startswith("nightly-"))
    with open(os.path.join(log_dir, logs[-1]), encoding="utf-8", errors="replace") as f:
        found = re.findall(r"fahras-alerts: run \d+: .*, ([0-9.e-]+) s", f.read())
    return found[-1] if found else "?"


if __name__ == "__main__":
    sys.exit(main())
