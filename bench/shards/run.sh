#!/usr/bin/env bash
# Sharded and remote search against one database: the same articles built as
# 1 database and as N shards, searched locally and through xapian-tcpsrv on
# loopback; build time and size, query latency with snippets, and whether the
# top 10 of every query is the same.  See README.md.
#
#   bench/shards/run.sh [--shards LIST] [--queries N] [--seed N]
#
#   --shards 2,4   the shard counts to build beside the single database
#   --queries N    the mixed query set's size (bench/perf/make_queries.py), default 2000
#
# Environment: WORK (default /tmp/fahras-shards) holds the build, databases and
# results (results.md); CORPUS the archive (default ../shared/corpora/saudinewsnet
# beside the repository); BUILD the Release build (default $WORK/build); JOBS the
# build's parallelism (default 2); THREADS fahras-index --threads (default 2);
# PORT the first loopback port for xapian-tcpsrv (default 47100); REUSE=1 keeps
# databases already built in WORK.
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${WORK:-/tmp/fahras-shards}
archive=${CORPUS:-"$repo/../shared/corpora/saudinewsnet"}
build=${BUILD:-"$work/build"}
port=${PORT:-47100}

shard_counts=2,4 queries=2000 seed=2015
usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2; exit "${1:-64}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --shards) shard_counts=${2-}; shift ;;
    --queries) queries=${2-}; shift ;;
    --seed) seed=${2-}; shift ;;
    -h|--help) usage 0 ;;
    *) echo "run.sh: unknown option $1" >&2; usage ;;
  esac
  shift || true
done
[[ "$shard_counts" =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ && "$queries" =~ ^[1-9][0-9]*$ && "$seed" =~ ^[0-9]+$ ]] || usage
[ -e "$archive" ] || { echo "run.sh: no archive at $archive (set CORPUS)" >&2; exit 66; }
command -v xapian-tcpsrv >/dev/null || { echo "run.sh: xapian-tcpsrv missing (apt-get install xapian-tools)" >&2; exit 69; }
[ -x /usr/bin/time ] || { echo "run.sh: /usr/bin/time missing (apt-get install time)" >&2; exit 69; }

results="$work/results"
rm -rf "$results"
mkdir -p "$work/db" "$results" "$work/logs"
log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }

log "building (Release) in $build"
cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release -DFAHRAS_BUILD_BENCH=ON -DFAHRAS_BUILD_TESTS=OFF \
  >"$work/logs/cmake.log" 2>&1 || { tail -20 "$work/logs/cmake.log" >&2; exit 70; }
cmake --build "$build" -j"${JOBS:-2}" --target fahras-index fahras-search fahras-bench-latency \
  >"$work/logs/build.log" 2>&1 || { tail -30 "$work/logs/build.log" >&2; exit 70; }
fahras_index="$build/indexer/fahras-index"
latency="$build/bench/perf/fahras-bench-latency"

log "query set: $queries queries, seed $seed"
python3 "$repo/bench/perf/make_queries.py" --archive "$archive" --seed "$seed" --count "$queries" \
  --out "$work/queries.tsv" >"$work/logs/queries.log" 2>&1 || { cat "$work/logs/queries.log" >&2; exit 70; }

# Build the archive as one database (shards=1) or as N shards, timed.
build_db() {
  local shards=$1 db="$work/db/shards-$1"
  if [ "${REUSE:-0}" = 1 ] && [ -e "$db" ]; then log "reusing $db"; return; fi
  rm -rf "$db" "$db".*
  local shard_option=()
  [ "$shards" -gt 1 ] && shard_option=(--shards "$shards")
  log "indexing the archive as $shards shard(s)"
  /usr/bin/time -v -o "$results/index-$shards.time" \
    "$fahras_index" --db "$db" "${shard_option[@]}" --threads "${THREADS:-2}" --quiet "$archive" \
    >"$work/logs/index-$shards.log" 2>&1 || { tail -20 "$work/logs/index-$shards.log" >&2; exit 70; }
}

servers=()
stop_servers() { [ ${#servers[@]} -eq 0 ] || kill "${servers[@]}" 2>/dev/null || true; servers=(); }
trap stop_servers EXIT

# Serve each shard of $1 by its own xapian-tcpsrv and write the stub naming them.
serve_shards() {
  local shards=$1 db="$work/db/shards-$1" stub="$work/db/remote-$1.stub"
  : >"$stub"
  local paths=("$db")
  [ "$shards" -gt 1 ] && paths=("$db"/shard-*)
  for path in "${paths[@]}"; do
    xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$path" >>"$work/logs/tcpsrv.log" 2>&1 &
    servers+=($!)
    echo "remote 127.0.0.1:$port" >>"$stub"
    port=$((port + 1))
  done
  sleep 1
}

# Latency and top results of the query set on one layout.
measure() {
  local name=$1 db=$2
  shift 2
  log "searching: $name"
  "$latency" "$db" "$work/queries.tsv" --ids "$results/$name.ids" "$@" >"$results/$name.latency.md" \
    2>"$work/logs/$name.latency.log" || { tail -20 "$work/logs/$name.latency.log" >&2; exit 70; }
}

build_db 1
measure "one database" "$work/db/shards-1"
measure "one database, no collapse" "$work/db/shards-1" --no-collapse
serve_shards 1
measure "one database, remote" "$work/db/remote-1.stub"
stop_servers
for n in ${shard_counts//,/ }; do
  build_db "$n"
  measure "$n shards" "$work/db/shards-$n"
  measure "$n shards, no collapse" "$work/db/shards-$n" --no-collapse
  serve_shards "$n"
  measure "$n shards, remote" "$work/db/remote-$n.stub"
  stop_servers
done

# The report.
{
  echo "# Sharded and remote search ($(date -u '+%Y-%m-%d %H:%M UTC'), $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?'))"
  echo
  echo "Archive $archive, $queries queries (seed $seed), $(nproc) cores."
  echo
  echo "| layout | build s (wall) | user CPU s | peak RSS MB | size MB |"
  echo "|---|---:|---:|---:|---:|"
  for n in 1 ${shard_counts//,/ }; do
    t="$results/index-$n.time"
    if [ -f "$t" ]; then
      wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$t")
      user=$(sed -n 's/.*User time (seconds): //p' "$t")
      rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$t")
      rss=$((rss / 1024))
    else
      wall=reused user=- rss=-
    fi
    echo "| $n shard(s) | $wall | $user | $rss | $(du -sLm "$work/db/shards-$n" | cut -f1) |"
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
