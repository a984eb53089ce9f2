#!/usr/bin/env bash
# Query latency of the default Fahras search against Xapian with Snowball
# alone, on the databases and query sets bench/eval/run.sh made.
#
#   bench/eval/latency.sh [RUNS]        (default 5 runs; WORK as for run.sh)
#
# Each run searches every title and keyword query once in one process, top
# 10, first Xapian + Snowball (its QueryParser, OR), then fahras-eval-search
# (what fahras-search --json runs: it opens the database for each query, as
# the program does).  The runs alternate so both sides see the same machine
# load; the table gives the median per-query time and the ratio.
set -euo pipefail
work=${WORK:-/tmp/fahras-eval}
runs=${1:-5}
build=$work/build
for need in "$work/db/xapian-arabic" "$work/db/fahras-fahras-light" "$work/queries/title.jsonl"; do
    [ -e "$need" ] || { echo "latency.sh: $need is missing: run bench/eval/run.sh first" >&2; exit 66; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); echo "$end - $start" | bc; }
echo "| query set | queries | Xapian + Snowball ms/query | Fahras default, no snippets | Fahras default, 200-character snippets | ratio (no snippets) | ratio (snippets) |"
echo "|---|---|---|---|---|---|---|"
for set in title keywords; do
    python3 -c "import json,sys; [print(json.loads(l)['query']) for l in open(sys.argv[1])]" \
        "$work/queries/$set.jsonl" >"$tmp/$set.q"
    n=$(wc -l <"$tmp/$set.q")
    : >"$tmp/x" ; : >"$tmp/f0" ; : >"$tmp/f200"
    for _ in $(seq "$runs"); do
        seconds "$build/fahras-eval-baseline" search "$work/db/xapian-arabic" arabic or 10 <"$tmp/$set.q" >>"$tmp/x"
        seconds "$build/fahras-eval-search" --queries "$tmp/$set.q" --db "$work/db/fahras-fahras-light" \
            --limit 10 --snippet-length 0 >>"$tmp/f0"
        seconds "$build/fahras-eval-search" --queries "$tmp/$set.q" --db "$work/db/fahras-fahras-light" \
            --limit 10 >>"$tmp/f200"
    done
    python3 - "$n" "$tmp/x" "$tmp/f0" "$tmp/f200" "$set" <<'PY'
import statistics, sys
n = int(sys.argv[1])
med = [statistics.median(float(x) for x in open(f)) * 1000 / n for f in sys.argv[2:5]]
print(f"| {sys.argv[5]} | {n} | {med[0]:.2f} | {med[1]:.2f} | {med[2]:.2f} | {med[1] / med[0]:.2f} | {med[2] / med[0]:.2f} |")
PY
done
