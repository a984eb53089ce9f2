#!/usr/bin/env bash
# Sharded and remote search against one database: the same articles built as
# 1 database and as N shards, searched locally and through xapian-tcpsrv on
# loopback; build time and size, query latency with snippets (in the library,
# one fahras-search process per query, and fahras-serve), and whether the top
# 10 of every query is the same.  See README.md.
#
#   bench/shards/run.sh [--shards LIST] [--queries N] [--remote-queries N]
#                       [--program-queries N] [--seed N] [--build-only] [--only LIST]
#
#   --shards 2,4           the shard counts to build beside the single database
#   --only 4               build and measure these layouts alone (1: the single
#                          database); with REUSE=1 the others' results stay in the report
#   --queries N            the mixed query set's size (bench/perf/make_queries.py), default 2000
#   --remote-queries N     only the first N of them on remote shards (default: all)
#   --program-queries N    the first N through fahras-search and fahras-serve too, per
#                          layout (default 200; 0 skips them)
#   --build-only           build the databases and stop
#
# Environment: WORK (default /tmp/fahras-shards) holds the build, databases and
# results (results.md); CORPUS the archive (default ../shared/corpora/saudinewsnet
# beside the repository); QUERY_CORPUS the archive the queries' words are drawn
# from (default CORPUS; for bench/perf's synthetic archives, the real one they are
# made of: their dates are then taken from the synthetic archive's manifest.tsv);
# BUILD the Release build (default $WORK/build); JOBS the build's parallelism
# (default 2); THREADS fahras-index --threads (default 2); PORT the first loopback
# port for xapian-tcpsrv (default 47100); REUSE=1 keeps databases already built
# in WORK, with their build times, and the results of layouts not run again (so
# `REUSE=1 run.sh --only 1` and then `--only 4` report both, against the
# same queries).
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${WORK:-/tmp/fahras-shards}
archive=${CORPUS:-"$repo/../shared/corpora/saudinewsnet"}
query_archive=${QUERY_CORPUS:-$archive}
build=${BUILD:-"$work/build"}
port=${PORT:-47100}

shard_counts=2,4 queries=2000 seed=2015 remote_queries=0 program_queries=200 build_only=0 only=""
usage() { sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//' >&2; exit "${1:-64}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --shards) shard_counts=${2-}; shift ;;
    --queries) queries=${2-}; shift ;;
    --seed) seed=${2-}; shift ;;
    --remote-queries) remote_queries=${2-}; shift ;;
    --program-queries) program_queries=${2-}; shift ;;
    --build-only) build_only=1 ;;
    --only) only=${2-}; shift ;;
    -h|--help) usage 0 ;;
    *) echo "run.sh: unknown option $1" >&2; usage ;;
  esac
  shift || true
done
[[ "$shard_counts" =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ && "$only" =~ ^([1-9][0-9]*(,[1-9][0-9]*)*)?$ &&
   "$queries" =~ ^[1-9][0-9]*$ && "$seed" =~ ^[0-9]+$ &&
   "$remote_queries" =~ ^[0-9]+$ && "$program_queries" =~ ^[0-9]+$ ]] || usage
[ -e "$archive" ] || { echo "run.sh: no archive at $archive (set CORPUS)" >&2; exit 66; }
command -v xapian-tcpsrv >/dev/null || { echo "run.sh: xapian-tcpsrv missing (apt-get install xapian-tools)" >&2; exit 69; }
[ -x /usr/bin/time ] || { echo "run.sh: /usr/bin/time missing (apt-get install time)" >&2; exit 69; }
command -v curl >/dev/null || { echo "run.sh: curl missing (apt-get install curl)" >&2; exit 69; }

# One database (1) and each shard count, or the --only layouts; once each.
layouts=${only:-1,$shard_counts}
layouts=$(printf '%s\n' ${layouts//,/ } | sort -nu | tr '\n' ' ')
results="$work/results"
[ "${REUSE:-0}" = 1 ] || rm -rf "$results"
mkdir -p "$work/db" "$results" "$work/logs"
log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }

log "building (Release) in $build"
cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release -DFAHRAS_BUILD_BENCH=ON -DFAHRAS_BUILD_TESTS=OFF \
  >"$work/logs/cmake.log" 2>&1 || { tail -20 "$work/logs/cmake.log" >&2; exit 70; }
cmake --build "$build" -j"${JOBS:-2}" --target fahras-index fahras-search fahras-serve fahras-bench-latency \
  >"$work/logs/build.log" 2>&1 || { tail -30 "$work/logs/build.log" >&2; exit 70; }
fahras_index="$build/indexer/fahras-index"
fahras_search="$build/searcher/fahras-search"
fahras_serve="$build/serve/fahras-serve"
latency="$build/bench/perf/fahras-bench-latency"
serve_bench="$repo/bench/serve"

# Build the archive as one database (shards=1) or as N shards, timed (the
# timing is kept beside the database, so that REUSE=1 still reports it).
build_db() {
  local shards=$1 db="$work/db/shards-$1"
  if [ "${REUSE:-0}" = 1 ] && [ -e "$db" ]; then log "reusing $db"; return; fi
  rm -rf "$db" "$db".*
  local shard_option=()
  [ "$shards" -gt 1 ] && shard_option=(--shards "$shards")
  log "indexing the archive as $shards shard(s)"
  /usr/bin/time -v -o "$db.time" \
    "$fahras_index" --db "$db" "${shard_option[@]}" --threads "${THREADS:-2}" --quiet "$archive" \
    >"$work/logs/index-$shards.log" 2>&1 || { tail -20 "$work/logs/index-$shards.log" >&2; exit 70; }
}

if [ "$build_only" = 1 ]; then
  for n in $layouts; do build_db "$n"; done
  log "built: $(cd "$work/db" && echo shards-*[0-9])"
  exit 0
fi

log "query set: $queries queries, seed $seed"
range=""
if [ -f "$archive/manifest.tsv" ]; then
  # A synthetic archive (bench/perf/make_archive.py): its dates.
  range="$(awk -F'\t' '$1 == "first_date" {f = $2} $1 == "last_date" {l = $2} END {print f ".." l}' "$archive/manifest.tsv")"
fi
python3 "$repo/bench/perf/make_queries.py" --archive "$query_archive" --seed "$seed" --count "$queries" \
  ${range:+--date-range "$range"} --out "$work/queries.tsv" >"$work/logs/queries.log" 2>&1 \
  || { cat "$work/logs/queries.log" >&2; exit 70; }
# The mix is shuffled (make_queries.py), so its first lines are a sample of it.
if [ "$remote_queries" -gt 0 ]; then head -n "$remote_queries" "$work/queries.tsv" >"$work/queries.remote.tsv"
else cp "$work/queries.tsv" "$work/queries.remote.tsv"; fi
if [ "$program_queries" -gt 0 ]; then
  head -n "$program_queries" "$work/queries.tsv" >"$work/queries.programs.tsv"
  python3 "$serve_bench/queries_to_urls.py" "$work/queries.programs.tsv" "$work/urls.programs.txt"
fi

servers=()
stop_servers() { [ ${#servers[@]} -eq 0 ] || kill "${servers[@]}" 2>/dev/null || true; servers=(); }
serve_pid=""
stop_serve() { [ -z "$serve_pid" ] || { kill "$serve_pid" 2>/dev/null; wait "$serve_pid" 2>/dev/null; } || true; serve_pid=""; }
trap 'stop_serve; stop_servers' EXIT

# Serve each shard of $1 by its own xapian-tcpsrv and write the stub naming them.
serve_shards() {
  local shards=$1 db="$work/db/shards-$1" stub="$work/db/remote-$1.stub"
  : >"$stub"
  local paths=("$db")
  [ "$shards" -gt 1 ] && paths=("$db"/shard-*)
  for path in "${paths[@]}"; do
    # A process group of its own: on SIGTERM xapian-tcpsrv signals its whole
    # group, which would otherwise be this script's.
    setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$path" >>"$work/logs/tcpsrv.log" 2>&1 &
    servers+=($!)
    echo "remote 127.0.0.1:$port" >>"$stub"
    port=$((port + 1))
  done
  sleep 1
}

# Latency and top results of the query set on one layout: in the library
# (one warm Searcher), then through the programs.
measure() {
  local name=$1 db=$2 queries_file=$3
  shift 3
  log "searching: $name ($(wc -l <"$queries_file") queries)"
  "$latency" "$db" "$queries_file" --ids "$results/$name.ids" "$@" >"$results/$name.latency.md" \
    2>"$work/logs/$name.latency.log" || { tail -20 "$work/logs/$name.latency.log" >&2; exit 70; }
}

# The first --program-queries queries through fahras-search (one process per
# query: start, open every shard, search, print) and through fahras-serve (one
# kept-alive client; a first pass warms it, the second is timed).  Each writes
# a line "p50 p99" (ms) to $results/NAME.search and NAME.serve.
measure_programs() {
  local name=$1 db=$2
  [ "$program_queries" -gt 0 ] || return 0
  log "fahras-search, one process per query: $name"
  python3 "$serve_bench/per_process.py" --fahras-search "$fahras_search" --db "$db" --jobs 1 \
    "$work/queries.programs.tsv" "$results/$name.search.tsv" 2>"$work/logs/$name.search.log" |
    awk -F'\t' '{print $4, $5, $6}' >"$results/$name.search"
  log "fahras-serve: $name"
  "$fahras_serve" --db "$db" --listen 127.0.0.1:0 --quiet 2>"$work/logs/$name.serve.err" &
  serve_pid=$!
  local waited=0 serve_port=""
  until serve_port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/logs/$name.serve.err" | head -1) &&
        [ -n "$serve_port" ]; do
    kill -0 "$serve_pid" 2>/dev/null || { cat "$work/logs/$name.serve.err" >&2; exit 70; }
    (( waited++ < 1200 )) || { echo "run.sh: fahras-serve did not listen within 120 s" >&2; exit 70; }
    sleep 0.1
  done
  python3 "$serve_bench/one_pass.py" --port "$serve_port" "$work/urls.programs.txt" "$results/$name.serve-warm.tsv" \
    >>"$work/logs/$name.serve.log" 2>&1 || { cat "$work/logs/$name.serve.log" >&2; exit 70; }
  python3 "$serve_bench/one_pass.py" --port "$serve_port" "$work/urls.programs.txt" "$results/$name.serve.tsv" \
    >>"$work/logs/$name.serve.log" 2>&1 || { cat "$work/logs/$name.serve.log" >&2; exit 70; }
  sed -n 's/.*p50 \([0-9.]*\) ms, p99 \([0-9.]*\) ms.*/\1 \2/p' "$work/logs/$name.serve.log" | tail -1 >"$results/$name.serve"
  stop_serve
}

for n in $layouts; do
  build_db "$n"
  layout="$n shards"
  [ "$n" = 1 ] && layout="one database"
  measure "$layout" "$work/db/shards-$n" "$work/queries.tsv"
  measure "$layout, no collapse" "$work/db/shards-$n" "$work/queries.tsv" --no-collapse
  measure_programs "$layout" "$work/db/shards-$n"
  serve_shards "$n"
  measure "$layout, remote" "$work/db/remote-$n.stub" "$work/queries.remote.tsv"
  measure_programs "$layout, remote" "$work/db/remote-$n.stub"
  stop_servers
done

# The report.
{
  echo "# Sharded and remote search ($(date -u '+%Y-%m-%d %H:%M UTC'), $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?'))"
  echo
  echo "Archive $archive, $queries queries (seed $seed), $(nproc) cores."
  echo
  echo "| layout | build (wall) | CPU s (user + sys) | peak RSS MB | size MB |"
  echo "|---|---:|---:|---:|---:|"
  for n in $(cd "$work/db" && ls -d shards-*[0-9] | sed 's/^shards-//' | sort -n); do
    t="$work/db/shards-$n.time"
    if [ -f "$t" ]; then
      wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$t")
      cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.0f", s}' "$t")
      rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$t")
      rss=$((rss / 1024))
    else
      wall=- cpu=- rss=-
    fi
    echo "| $n shard(s) | $wall | $cpu | $rss | $(du -sLm "$work/db/shards-$n" | cut -f1) |"
  done
  echo
  echo "## Latency with snippets (fahras-bench-latency: one Searcher, warm)"
  for f in "$results"/*.latency.md; do
    name=$(basename "$f" .latency.md)
    echo
    echo "### $name"
    echo
    grep -E '^\| (kind|---|all) ' "$f" || true
  done
  if [ "$program_queries" -gt 0 ]; then
    echo
    echo "## Through the programs ($program_queries queries, snippets)"
    echo
    echo "| layout | fahras-search, a process per query: p50 / p99 ms | fahras-serve, one kept-alive client: p50 / p99 ms |"
    echo "|---|---:|---:|"
    for f in "$results"/*.search; do
      name=$(basename "$f" .search)
      read -r s50 s99 failed <"$f" || true
      read -r h50 h99 <"$results/$name.serve" || true
      [ "${failed:-0}" = 0 ] && failed=""
      echo "| $name | ${s50:-?} / ${s99:-?}${failed:+ ($failed failed)} | ${h50:-?} / ${h99:-?} |"
    done
  fi
  echo
  echo "## Top 10 against one database"
  echo
  for f in "$results"/*.ids; do
    name=$(basename "$f" .ids)
    reference="one database"
    case $name in *", no collapse") reference="one database, no collapse" ;; esac
    [ "$name" = "$reference" ] && continue
    echo "- $name: $(python3 "$here/compare.py" "$results/$reference.ids" "$f" --show 3 | head -1)"
  done
} >"$work/results.md"
cat "$work/results.md"
