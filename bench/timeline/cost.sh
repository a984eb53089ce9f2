#!/usr/bin/env bash
# What --facets dates costs a search: user-space instructions (valgrind's
# cachegrind, the same every run) and the median wall time of 5 runs, of one
# fahras-search process a query, for each way of asking for facets.  Queries
# from broad (the whole archive: a date filter alone) to narrow.
#
#   bench/timeline/cost.sh [BUILD [DB]]     (default: build, $FAHRAS_DB)
#
# The database is only read.  Needs valgrind.  Prints a Markdown table.
set -euo pipefail
build=${1:-build}
db=${2:-${FAHRAS_DB:-fahras-db}}
search=$build/searcher/fahras-search
command -v valgrind >/dev/null || { echo "cost.sh: valgrind is missing: apt-get install valgrind" >&2; exit 69; }
[ -x "$search" ] || { echo "cost.sh: no $search: build first" >&2; exit 66; }
queries=("--from 2000" "السعودية" "الملك سلمان" "حلب" "كأس العالم")
configs=("" "--facets places,countries,sources" "--facets dates" "--facets" "--no-collapse" "--facets dates --no-collapse")

instructions() {
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
        sed -n 's/.*I *refs: *//p' | tr -d ,
}

median_ms() {
    local times=()
    for _ in 1 2 3 4 5; do
        local start end
        start=$(date +%s%N)
        "$@" >/dev/null
        end=$(date +%s%N)
        times+=($(((end - start) / 1000000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n 3p
}

echo "| query | articles matching | options | instructions (M) | median ms |"
echo "|---|---:|---|---:|---:|"
for query in "${queries[@]}"; do
    eval "words=($query)"
    # Every match counted: the timeline's buckets of articles, and the undated.
    matches=$("$search" --db "$db" --json --no-collapse --limit 1 --snippet-length 0 --facets dates "${words[@]}" |
        python3 -c 'import json, sys
for line in sys.stdin:
    o = json.loads(line)
    if o["type"] == "facets": print(sum(b["count"] for b in o["dates"]["buckets"]) + o["dates"]["undated"])')
    for config in "${configs[@]}"; do
        read -r -a options <<<"$config"
        run=("$search" --db "$db" --snippet-length 0 "${options[@]}" "${words[@]}")
        set +e
        ir=$(instructions "${run[@]}")
        ms=$(median_ms "${run[@]}")
        set -e
        printf '| `%s` | %s | `%s` | %.1f | %s |\n' "$query" "$matches" "${config:-none}" "$(echo "$ir / 1000000" | bc -l)" "$ms"
    done
done
