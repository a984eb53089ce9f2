#!/usr/bin/env bash
# Fahras performance benchmark: indexing throughput and query latency against
# plain Xapian, and optionally scale runs on synthetic archives.  See README.md.
#
#   bench/perf/run.sh [--runs N] [--index-only | --latency-only] [--scale LIST | --scale-only LIST]
#                     [--queries N] [--seed N]
#
#   (a) indexing: the archive indexed RUNS times (default 3) by fahras-index,
#       fahras-bench-plain and scriptindex, each into a fresh database
#   (b) latency: the query set through fahras-bench-latency and its plain
#       equivalents through fahras-bench-plain search
#   (c) --scale 100000,300000,1000000: synthetic archives of those sizes,
#       each indexed once by fahras-index, then its query latency
#
# Environment: WORK (default /tmp/fahras-perf) holds the build, databases and
# results (results.md at the end); CORPUS the archive (default
# ../shared/corpora/saudinewsnet beside the repository); BUILD the build
# directory (default $WORK/build); JOBS the build's parallelism (default 1:
# the benchmark machines are small and shared); KEEP=1 keeps the synthetic
# archives and their databases (1M articles: about 3.3 GB and 18 GB).
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1  # keep bench/perf free of __pycache__
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${WORK:-/tmp/fahras-perf}
archive=${CORPUS:-"$repo/../shared/corpora/saudinewsnet"}
build=${BUILD:-"$work/build"}

runs=3 queries=2000 seed=2015 scale="" do_index=1 do_latency=1
usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2; exit "${1:-64}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=${2-}; shift ;;
    --queries) queries=${2-}; shift ;;
    --seed) seed=${2-}; shift ;;
    --index-only) do_latency=0 ;;
    --latency-only) do_index=0 ;;
    --scale) scale=${2-}; shift ;;
    --scale-only) scale=${2-}; do_index=0; do_latency=0; shift ;;
    -h|--help) usage 0 ;;
    *) echo "run.sh: unknown option $1" >&2; usage ;;
  esac
  shift || true
done
[[ "$runs" =~ ^[1-9][0-9]*$ && "$queries" =~ ^[1-9][0-9]*$ && "$seed" =~ ^[0-9]+$ ]] || usage
[ -e "$archive" ] || { echo "run.sh: no archive at $archive (set CORPUS)" >&2; exit 66; }
archive=$(realpath -s "$archive")
if [ "$do_index" = 1 ]; then
  command -v scriptindex >/dev/null || { echo "run.sh: scriptindex missing (apt-get install xapian-omega)" >&2; exit 69; }
fi
command -v xapian-compact >/dev/null || { echo "run.sh: xapian-compact missing (apt-get install xapian-tools)" >&2; exit 69; }
[ -x /usr/bin/time ] || { echo "run.sh: /usr/bin/time missing (apt-get install time)" >&2; exit 69; }

# Results are of this invocation only: results.md never mixes two runs.
results="$work/results"
rm -rf "$results"
mkdir -p "$work/db" "$results" "$work/logs"
log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }

log "building (Release) in $build"
cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release -DFAHRAS_BUILD_BENCH=ON -DFAHRAS_BUILD_TESTS=OFF \
  >"$work/logs/cmake.log" 2>&1 || { tail -20 "$work/logs/cmake.log" >&2; exit 70; }
cmake --build "$build" -j"${JOBS:-1}" --target fahras-index fahras-search fahras-bench-plain fahras-bench-latency \
  >"$work/logs/build.log" 2>&1 || { tail -30 "$work/logs/build.log" >&2; exit 70; }
fahras_index="$build/indexer/fahras-index"
plain="$build/bench/perf/fahras-bench-plain"
latency="$build/bench/perf/fahras-bench-latency"

# What the results were measured on (git is only read here).
{
  printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf 'machine\t%s cores, %s, %s GiB\n' "$(nproc)" \
    "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)" \
    "$(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo)"
  printf 'commit\t%s%s\n' "$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')" \
    "$([ -n "$(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null)" ] && echo ' (with uncommitted changes)')"
  printf 'archive\t%s\n' "$archive"
  printf 'seed\t%s\n' "$seed"
} >"$results/meta.tsv"

# index_once TOOL DB INPUT TIMEFILE: one indexing run into a fresh DB; prints its exit code.
index_once() {
  local tool=$1 db=$2 input=$3 timefile=$4 rc=0
  rm -rf "$db"
  case "$tool" in
    fahras) /usr/bin/time -v -o "$timefile" "$fahras_index" --db "$db" --json --no-progress "$input" ;;
    plain) /usr/bin/time -v -o "$timefile" "$plain" index "$db" "$input" ;;
    plain-sharded) /usr/bin/time -v -o "$timefile" "$plain" index-sharded "$(nproc)" 1000 "$db" "$input" ;;
    scriptindex) /usr/bin/time -v -o "$timefile" scriptindex -s none --overwrite "$db" "$here/scriptindex.index" "$input" ;;
  esac >"$work/logs/$tool.out" 2>"$work/logs/$tool.err" || rc=$?
  echo "$rc"
}

# fahras-index exits 65 when it skipped bad articles: the run still counts.
check_exit() {
  case "$2" in
    0|65) ;;
    *) echo "run.sh: $1 failed with exit $2; see $work/logs/$1.err" >&2
       tail -5 "$work/logs/$1.err" >&2
       exit 70 ;;
  esac
}

# measure_latency DB QUERIES OUT: OUT.tsv per query, OUT.md the summary; prints the exit code.
measure_latency() {
  local rc=0
  "$latency" "$1" "$2" --per-query "$3.tsv" >"$3.md" 2>"$work/logs/latency.err" || rc=$?
  echo "$rc"
}

scriptindex_input="$work/input/scriptindex.txt"
convert_for_scriptindex() {
  mkdir -p "$work/input"
  log "converting the archive for scriptindex"
  local start
  start=$(date +%s%N)
  python3 "$here/to_scriptindex.py" "$archive" >"$scriptindex_input"
  printf 'scriptindex_convert_s\t%s\n' "$(( ($(date +%s%N) - start) / 100000000 ))e-1" >>"$results/meta.tsv"
}

if [ "$do_index" = 1 ]; then
  mkdir -p "$results/index"
  python3 "$here/report.py" stats "$archive" | tr ' ' '\t' >"$results/input.tsv"
  convert_for_scriptindex
  for ((run = 1; run <= runs; run++)); do
    for tool in fahras plain plain-sharded scriptindex; do
      input=$archive
      [ "$tool" = scriptindex ] && input=$scriptindex_input
      log "indexing: $tool, run $run of $runs"
      rc=$(index_once "$tool" "$work/db/$tool" "$input" "$results/index/$tool-$run.time")
      check_exit "$tool" "$rc"
      size=$(du -sb "$work/db/$tool" | cut -f1) compacted=""
      # Compaction gives the same size every run: once, after the last.
      if [ "$run" = "$runs" ]; then
        rm -rf "$work/db/$tool.compact"
        xapian-compact "$work/db/$tool" "$work/db/$tool.compact" >/dev/null
        compacted=$(du -sb "$work/db/$tool.compact" | cut -f1)
        rm -rf "$work/db/$tool.compact"
      fi
      printf '%s\t%s\t%s\t%s\t%s\n' "$tool" "$run" "$rc" "$size" "$compacted" >>"$results/index.tsv"
    done
  done
  echo "$archive" >"$work/db/archive"
fi

if [ "$do_latency" = 1 ]; then
  mkdir -p "$results/latency" "$work/queries"
  # The databases of part (a), unless they are missing or of another archive.
  if [ "$(cat "$work/db/archive" 2>/dev/null)" != "$archive" ] || [ ! -d "$work/db/fahras" ] || [ ! -d "$work/db/plain" ]; then
    for tool in fahras plain; do
      log "latency: indexing the archive with $tool first"
      check_exit "$tool" "$(index_once "$tool" "$work/db/$tool" "$archive" "$work/logs/$tool.time")"
    done
    echo "$archive" >"$work/db/archive"
  fi
  log "latency: making $queries queries (seed $seed)"
  python3 "$here/make_queries.py" --archive "$archive" --seed "$seed" --count "$queries" \
    --out "$work/queries/queries.tsv" 2>"$results/latency/queries.log"
  log "latency: Fahras"
  rc=$(measure_latency "$work/db/fahras" "$work/queries/queries.tsv" "$results/latency/fahras")
  if [ "$rc" = 66 ]; then
    # Built by sources of another schema (--latency-only after a change).
    log "latency: the Fahras database is of another analysis; indexing it again"
    check_exit fahras "$(index_once fahras "$work/db/fahras" "$archive" "$work/logs/fahras.time")"
    rc=$(measure_latency "$work/db/fahras" "$work/queries/queries.tsv" "$results/latency/fahras")
  fi
  check_exit latency "$rc"
  log "latency: plain Xapian"
  "$plain" search "$work/db/plain" "$work/queries/queries.plain.tsv" \
    >"$results/latency/plain.tsv" 2>"$results/latency/plain.summary.txt" \
    || { tail -5 "$results/latency/plain.summary.txt" >&2; exit 70; }
fi

if [ -n "$scale" ]; then
  mkdir -p "$results/scale"
  for count in ${scale//,/ }; do
    [[ "$count" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --scale expects counts like 100000,300000" >&2; exit 64; }
    dir="$work/scale/$count"
    rm -rf "$dir"
    mkdir -p "$dir"
    log "scale $count: generating the archive"
    /usr/bin/time -v -o "$results/scale/$count.gen.time" python3 "$here/make_archive.py" --archive "$archive" \
      --count "$count" --seed "$seed" --out "$dir/archive" 2>"$work/logs/make_archive.err"
    bytes=$(du -cb "$dir"/archive/*.jsonl | tail -1 | cut -f1)
    log "scale $count: indexing"
    rc=$(index_once fahras "$dir/db" "$dir/archive" "$results/scale/$count.time")
    check_exit fahras "$rc"
    printf '%s\t%s\t%s\t%s\n' "$count" "$bytes" "$rc" "$(du -sb "$dir/db" | cut -f1)" >>"$results/scale.tsv"
    # Queries from the real archive's text (the synthetic one is made of
    # it), with dates in the synthetic archive's range.
    range="$(awk -F'\t' '$1 == "first_date" {f = $2} $1 == "last_date" {l = $2} END {print f ".." l}' "$dir/archive/manifest.tsv")"
    python3 "$here/make_queries.py" --archive "$archive" --seed "$seed" --count "$queries" \
      --date-range "$range" --out "$dir/queries.tsv" 2>/dev/null
    log "scale $count: latency"
    check_exit latency "$(measure_latency "$dir/db" "$dir/queries.tsv" "$results/scale/$count.latency")"
    [ "${KEEP:-0}" = 1 ] || rm -rf "$dir/archive" "$dir/db" "$dir/db.lock"
  done
fi

python3 "$here/report.py" markdown "$work"
log "tables written to $work/results.md"
