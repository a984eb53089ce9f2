#!/usr/bin/env bash
# Query latency of the default Fahras search against Xapian with Snowball
# alone, on the databases and query sets bench/eval/run.sh made.
#
#   bench/eval/latency.sh [RUNS]        (default 5 runs; WORK as for run.sh)
#
# Each run searches every title, keyword (and pasted) query once in one process, top
# 10, first Xapian + Snowball (its QueryParser, OR), then fahras-eval-search
# (what fahras-search --json runs: it opens the database for each query, as
# the program does).  The runs alternate so both sides see the same machine
# load; the table gives the median per-query time and the ratio.
#
# When run.sh has also built the "fahras + snowball" database (--configs 3),
# a second table times the whole Fahras search, no snippets, on that one
# too: what our analysis costs against Snowball's inside the same search,
# apart from what the search does on top of a bare Xapian match (the boosts
# over the first results, reading and writing the hits).
set -euo pipefail
work=${WORK:-/tmp/fahras-eval}
runs=${1:-5}
build=$work/build
for need in "$work/db/xapian-arabic" "$work/db/fahras-fahras-light" "$work/queries/title.jsonl"; do
    [ -e "$need" ] || { echo "latency.sh: $need is missing: run bench/eval/run.sh first" >&2; exit 66; }
done
snowball_db=$work/db/fahras-snowball
same_search=false
[ -e "$snowball_db" ] && same_search=true
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); echo "$end - $start" | bc; }
# medians N LABEL FILE... : "| LABEL | N | median ms per query of each FILE | … |"
medians() {
    python3 - "$@" <<'PY'
import statistics, sys
n, label, files = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
med = [statistics.median(float(x) for x in open(f)) * 1000 / n for f in files]
print("| " + " | ".join([label, str(n)] + [f"{m:.2f}" for m in med]) + " |")
PY
}
: >"$tmp/bare.md"
: >"$tmp/same.md"
# The pasted headlines too, when run.sh made them: Xapian's parser refuses
# about a tenth of them before any search, which flatters its side.
sets="title keywords"
[ -e "$work/queries/pasted.jsonl" ] && sets="$sets pasted"
for set in $sets; do
    python3 -c "import json,sys; [print(json.loads(l)['query']) for l in open(sys.argv[1])]" \
        "$work/queries/$set.jsonl" >"$tmp/$set.q"
    n=$(wc -l <"$tmp/$set.q")
    : >"$tmp/x" ; : >"$tmp/f0" ; : >"$tmp/f200" ; : >"$tmp/s0"
    for _ in $(seq "$runs"); do
        seconds "$build/fahras-eval-baseline" search "$work/db/xapian-arabic" arabic or 10 <"$tmp/$set.q" >>"$tmp/x"
        seconds "$build/fahras-eval-search" --queries "$tmp/$set.q" --db "$work/db/fahras-fahras-light" \
            --limit 10 --snippet-length 0 >>"$tmp/f0"
        seconds "$build/fahras-eval-search" --queries "$tmp/$set.q" --db "$work/db/fahras-fahras-light" \
            --limit 10 >>"$tmp/f200"
        if $same_search; then
            seconds "$build/fahras-eval-search" --queries "$tmp/$set.q" --db "$snowball_db" \
                --limit 10 --snippet-length 0 >>"$tmp/s0"
        fi
    done
    medians "$n" "$set" "$tmp/x" "$tmp/f0" "$tmp/f200" >>"$tmp/bare.md"
    $same_search && medians "$n" "$set" "$tmp/s0" "$tmp/f0" >>"$tmp/same.md"
done
ratios() {  # each row of table file $1, with every later time divided by its first one appended
    python3 -c '
import sys
for line in open(sys.argv[1]):
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    base = float(cells[2])
    print("| " + " | ".join(cells + [f"{float(c) / base:.2f}" for c in cells[3:]]) + " |")' "$1"
}
echo "| query set | queries | Xapian + Snowball ms/query | Fahras default, no snippets | Fahras default, 200-character snippets | ratio (no snippets) | ratio (snippets) |"
echo "|---|---|---|---|---|---|---|"
ratios "$tmp/bare.md"
if $same_search; then
    echo
    echo "| query set | queries | Fahras search, fahras + snowball database | Fahras search, default database | ratio |"
    echo "|---|---|---|---|---|"
    ratios "$tmp/same.md"
fi
