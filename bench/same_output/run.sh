#!/usr/bin/env bash
# Prove a restructuring changes no output: index the whole SaudiNewsNet
# archive with two builds of Fahras and run the same mixed queries on each.
#
#   bench/same_output/run.sh BEFORE_BUILD AFTER_BUILD [WORK_DIR]
#
# BEFORE_BUILD and AFTER_BUILD are build directories (holding
# indexer/fahras-index and searcher/fahras-search).  Compares, byte for byte:
#   - fahras-index --stats --json of the two databases (the database path
#     and last_update aside);
#   - fahras-search --json for 500 queries (words, phrases, fields, filters,
#     places, facets, --explain…), elapsed_ms aside: the before searcher on
#     the before database against the after searcher on the after database,
#     and the after searcher on the before database (the searcher alone).
#   - the exit code and stderr of each of those runs;
#   - the human output (no --json) of the first $TEXT queries (default 50),
#     the same two ways.
# Prints the number of differing queries and writes the diffs to WORK_DIR.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
before="$(cd "$1" && pwd)"; after="$(cd "$2" && pwd)"
work="${3:-$(mktemp -d)}"
archive="${ARCHIVE:-$repo/../shared/corpora/saudinewsnet}"
[ -d "$archive" ] || { echo "skipped: $archive not found"; exit 0; }
mkdir -p "$work"

for side in before after; do
  build="$before"; [ "$side" = after ] && build="$after"
  if [ ! -d "$work/$side-db" ]; then
    "$build/indexer/fahras-index" --db "$work/$side-db" --quiet "$archive" || [ $? -eq 65 ]
  fi
  "$build/indexer/fahras-index" --db "$work/$side-db" --stats --json |
    python3 -c 'import json,sys; d=json.load(sys.stdin); [d.pop(k,None) for k in ("database","last_update")]; print(json.dumps(d,ensure_ascii=False,sort_keys=True))' \
    > "$work/$side-stats.json"
done
if cmp -s "$work/before-stats.json" "$work/after-stats.json"; then echo "stats: identical"; else
  echo "stats: DIFFER"; diff "$work/before-stats.json" "$work/after-stats.json" || true; fi

[ -s "$work/queries.txt" ] || python3 "$here/mixed_queries.py" --archive "$archive" --count "${COUNT:-500}" --out "$work/queries.txt"

# Runs every query with one searcher on one database into DIR/N.json (its
# stdout, then its exit code and stderr), and the first $TEXT queries
# without --json into DIR/N.txt likewise.
text_queries="${TEXT:-50}"
run_all() {
  local searcher="$1" db="$2" dir="$3" n=0 code
  rm -rf "$dir"
  mkdir -p "$dir"
  while IFS= read -r line; do
    n=$((n + 1))
    eval "set -- $line"
    code=0
    "$searcher" --db "$db" --json "$@" >"$dir/$n.out" 2>"$dir/$n.err" || code=$?
    { sed -E 's/"elapsed_ms":[0-9.eE+-]+/"elapsed_ms":0/' "$dir/$n.out"; echo "exit $code"; cat "$dir/$n.err"; } > "$dir/$n.json"
    if [ "$n" -le "$text_queries" ]; then
      code=0
      "$searcher" --db "$db" "$@" >"$dir/$n.out" 2>"$dir/$n.err" || code=$?
      { cat "$dir/$n.out"; echo "exit $code"; cat "$dir/$n.err"; } > "$dir/$n.txt"
    fi
    rm -f "$dir/$n.out" "$dir/$n.err"
  done < "$work/queries.txt"
}
run_all "$before/searcher/fahras-search" "$work/before-db" "$work/out-before"
run_all "$after/searcher/fahras-search" "$work/after-db" "$work/out-after"
run_all "$after/searcher/fahras-search" "$work/before-db" "$work/out-after-searcher"

# compare DIR_A DIR_B LABEL EXT: the files DIR_A/*.EXT against DIR_B's.
compare() {
  local a="$1" b="$2" label="$3" ext="$4" differ=0 total=0
  : > "$work/diff-$label.txt"
  for f in "$work/$a"/*."$ext"; do
    [ -e "$f" ] || continue
    total=$((total + 1))
    n="$(basename "$f" ."$ext")"
    if ! cmp -s "$f" "$work/$b/$n.$ext"; then
      differ=$((differ + 1))
      { echo "=== query $n: $(sed -n "${n}p" "$work/queries.txt")"; diff "$f" "$work/$b/$n.$ext" | head -20 || true; } >> "$work/diff-$label.txt"
    fi
  done
  echo "$label: $differ of $total queries differ (diffs: $work/diff-$label.txt)"
}
compare out-before out-after "whole" json
compare out-before out-after-searcher "searcher" json
compare out-before out-after "whole-text" txt
compare out-before out-after-searcher "searcher-text" txt
