#!/usr/bin/env bash
# Work per query that does not depend on the machine's load: user-space
# instructions (valgrind's cachegrind) and pread64 calls (strace), of Xapian +
# Snowball and of the default Fahras search, on the databases and queries
# bench/eval/run.sh made.  latency.sh's times move by a tenth from one hour to
# the next on a shared machine; these counts are the same every run, so a
# change of 1% shows.  Instructions are not time: a block read from the page
# cache costs a system call and a copy that they leave out.
#
#   bench/eval/counts.sh [--decompose] [fahras-search options]   e.g. --no-verb-forms, --snippet-length 200
#
# --decompose adds three rows per query set that take the gap apart (below);
# it needs the fahras + snowball database too (run.sh --configs 3).
#
# Without options, Fahras runs with --snippet-length 0, as latency.sh's first
# table.  WORK as for run.sh.  Needs valgrind and strace (apt-get install
# valgrind strace).  About two minutes here, five with --decompose.
set -euo pipefail
work=${WORK:-/tmp/fahras-eval}
build=$work/build
for tool in valgrind strace; do
    command -v "$tool" >/dev/null || { echo "counts.sh: $tool is missing: apt-get install valgrind strace" >&2; exit 69; }
done
decompose=no
needs=("$work/db/xapian-arabic" "$work/db/fahras-fahras-light" "$work/queries/title.jsonl")
if [ "${1:-}" = --decompose ]; then
    decompose=yes
    needs+=("$work/db/fahras-snowball")
    shift
fi
for need in "${needs[@]}"; do
    [ -e "$need" ] || { echo "counts.sh: $need is missing: run bench/eval/run.sh first" >&2; exit 66; }
done
options=("$@")
[ ${#options[@]} -gt 0 ] || options=(--snippet-length 0)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# count LABEL QUERIES COMMAND... : "| LABEL | instructions | pread64 |" per query
count() {
    local label=$1 queries=$2 n instructions reads
    shift 2
    n=$(wc -l <"$queries")
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$@" <"$queries" \
        >/dev/null 2>"$tmp/valgrind"
    instructions=$(sed -n 's/.*I *refs: *//p' "$tmp/valgrind" | tr -d ,)
    strace -f -c -o "$tmp/strace" "$@" <"$queries" >/dev/null 2>&1
    reads=$(awk '$NF == "pread64" { print $4 }' "$tmp/strace")
    awk -v label="$label" -v n="$n" -v i="$instructions" -v r="${reads:-0}" \
        'BEGIN { printf "| %s | %.0f | %.1f |\n", label, i / n / 1000, r / n }'
}
echo "| per query | thousand instructions | pread64 calls |"
echo "|---|---|---|"
for set in title keywords; do
    python3 -c "import json,sys; [print(json.loads(l)['query']) for l in open(sys.argv[1])]" \
        "$work/queries/$set.jsonl" >"$tmp/$set.q"
    count "$set: Xapian + Snowball" "$tmp/$set.q" \
        "$build/fahras-eval-baseline" search "$work/db/xapian-arabic" arabic or 10
    count "$set: Fahras ${options[*]}" "$tmp/$set.q" \
        "$build/fahras-eval-search" --queries /dev/stdin --db "$work/db/fahras-fahras-light" --limit 10 "${options[@]}"
    [ "$decompose" = yes ] || continue
    # What the gap is made of: Xapian asked for the 30 results the default
    # reorders; the search without reordering (its match takes the top 10);
    # the same search on the Snowball-stemmed database (what our analysis
    # costs against Snowball's inside one search).
    count "$set: Xapian + Snowball, top 30" "$tmp/$set.q" \
        "$build/fahras-eval-baseline" search "$work/db/xapian-arabic" arabic or 30
    count "$set: Fahras ${options[*]} --no-verb-forms --no-exact-forms --no-proximity" "$tmp/$set.q" \
        "$build/fahras-eval-search" --queries /dev/stdin --db "$work/db/fahras-fahras-light" --limit 10 "${options[@]}" \
        --no-verb-forms --no-exact-forms --no-proximity
    count "$set: Fahras ${options[*]}, fahras + snowball database" "$tmp/$set.q" \
        "$build/fahras-eval-search" --queries /dev/stdin --db "$work/db/fahras-snowball" --limit 10 "${options[@]}"
done
