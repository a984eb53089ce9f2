#!/usr/bin/env bash
# Nightly-reindex rehearsal on SaudiNewsNet: the 18 daily files arrive one a
# night; each night the cron wrapper (scripts/fahras-nightly.sh, snapshot
# mode) reindexes the whole archive so far into one database, and a full
# build of the same days goes into a fresh database.  After every night the
# article counts and the ranked results of a fixed set of queries must match.
#
#   bench/rehearsal.sh [WORK_DIR]      (default /tmp/fahras-rehearsal)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
archive="$here/../shared/corpora/saudinewsnet"
work=${1:-/tmp/fahras-rehearsal}
index="$here/build/indexer/fahras-index"
search="$here/build/searcher/fahras-search"
[ -d "$archive" ] || { echo "no archive at $archive" >&2; exit 66; }

rm -rf "$work"
mkdir -p "$work/archive" "$work/logs"
queries=("السعودية" "وزير الخارجية" "\"خادم الحرمين الشريفين\"" "أسعار النفط" "الهلال النصر"
         "title:داعش" "اليمن الحوثيين" "source:okaz" "2015" "مستشفى الملك فهد")

ranked() {  # DB QUERY -> the top 20 ids and the estimate, one line
  "$search" --db "$1" --json --limit 20 --snippet-length 0 "$2" |
    sed -n 's/.*"id":"\([^"]*\)".*/\1/p; s/.*"total_estimate":\([0-9]*\).*/estimate \1/p' | tr '\n' ' '
}

printf '%-5s %-12s %8s %8s %8s %8s %7s %7s  %s\n' night day articles full added replaced deleted secs queries
failures=0
night=0
for day in "$archive"/*.jsonl.gz; do
  night=$((night + 1))
  ln -s "$day" "$work/archive/"
  start=$(date +%s.%N)
  FAHRAS_LOG_DIR="$work/logs" FAHRAS_BIN="$index" "$here/scripts/fahras-nightly.sh" "$work/incremental" "$work/archive" || true
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  summary="$work/logs/last-run.json"
  get() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p" "$summary"; }
  rm -rf "$work/full"
  "$index" --db "$work/full" --quiet --no-progress "$work/archive" 2>/dev/null || true
  full=$("$index" --db "$work/full" --stats --json | sed -n 's/.*"articles":\([0-9]*\).*/\1/p')
  same=0
  for q in "${queries[@]}"; do
    [ "$(ranked "$work/incremental" "$q")" = "$(ranked "$work/full" "$q")" ] && same=$((same + 1))
  done
  [ "$(get total)" = "$full" ] && [ "$same" = "${#queries[@]}" ] || failures=$((failures + 1))
  printf '%-5s %-12s %8s %8s %8s %8s %7s %7.1f  %s/%s same\n' "$night" "$(basename "$day" .jsonl.gz)" \
    "$(get total)" "$full" "$(get added)" "$(get replaced)" "$(get deleted)" "$secs" "$same" "${#queries[@]}"
done
echo "nights with a difference: $failures"
[ "$failures" = 0 ]
