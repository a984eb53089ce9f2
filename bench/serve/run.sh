#!/usr/bin/env bash
# fahras-serve's throughput, latency and memory under load, against one
# fahras-search process per query.  See README.md.
#
#   bench/serve/run.sh [--scale LIST | --scale-only LIST] [--connections LIST]
#                      [--duration S] [--requests N] [--queries N] [--seed N]
#
#   For the SaudiNewsNet archive (and with --scale, bench/perf's synthetic
#   archives of those sizes, kept by KEEP=1 bench/perf/run.sh --scale-only N):
#   the 2,000-query mix as /api/search requests, sent by wrk on kept-alive
#   connections, DURATION seconds (default 20) at each of 1, 2, 8 and 32
#   connections after one warm-up pass; the server's memory after the runs
#   and every 10,000 requests up to REQUESTS more (default 100,000); then the
#   same queries as one fahras-search --json process each, one and two at a time.
#
# Environment: WORK (default /tmp/fahras-perf, bench/perf's, so that its
# databases are reused) holds the build, databases and results
# (serve-results.md at the end); CORPUS the archive (default
# ../shared/corpora/saudinewsnet beside the repository); BUILD the build
# directory (default $WORK/build); JOBS the build's parallelism (default 1).
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1  # keep bench/ free of __pycache__
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
perf="$repo/bench/perf"
work=${WORK:-/tmp/fahras-perf}
archive=${CORPUS:-"$repo/../shared/corpora/saudinewsnet"}
build=${BUILD:-"$work/build"}

queries=2000 seed=2015 scale="" real=1 connections=1,2,8,32 duration=20 requests=100000
usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2; exit "${1:-64}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --queries) queries=${2-}; shift ;;
    --seed) seed=${2-}; shift ;;
    --scale) scale=${2-}; shift ;;
    --scale-only) scale=${2-}; real=0; shift ;;
    --connections) connections=${2-}; shift ;;
    --duration) duration=${2-}; shift ;;
    --requests) requests=${2-}; shift ;;
    -h|--help) usage 0 ;;
    *) echo "run.sh: unknown option $1" >&2; usage ;;
  esac
  shift || true
done
number='^[1-9][0-9]*$'
[[ "$queries" =~ $number && "$seed" =~ ^[0-9]+$ && "$duration" =~ $number && "$requests" =~ ^[0-9]+$ ]] || usage
[[ "$connections" =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || usage
[[ -z "$scale" || "$scale" =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || usage
[ -e "$archive" ] || { echo "run.sh: no archive at $archive (set CORPUS)" >&2; exit 66; }
archive=$(realpath -s "$archive")
command -v wrk >/dev/null || { echo "run.sh: wrk missing (apt-get install wrk)" >&2; exit 69; }
command -v curl >/dev/null || { echo "run.sh: curl missing (apt-get install curl)" >&2; exit 69; }
[ -x /usr/bin/time ] || { echo "run.sh: /usr/bin/time missing (apt-get install time)" >&2; exit 69; }

results="$work/serve-results"
rm -rf "$results"
mkdir -p "$work/db" "$results" "$work/logs"
log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }

log "building (Release) in $build"
cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release -DFAHRAS_BUILD_BENCH=ON -DFAHRAS_BUILD_TESTS=OFF \
  >"$work/logs/cmake.log" 2>&1 || { tail -20 "$work/logs/cmake.log" >&2; exit 70; }
cmake --build "$build" -j"${JOBS:-1}" --target fahras-index fahras-search fahras-serve \
  >"$work/logs/serve-build.log" 2>&1 || { tail -30 "$work/logs/serve-build.log" >&2; exit 70; }
fahras_index="$build/indexer/fahras-index"
fahras_search="$build/searcher/fahras-search"
fahras_serve="$build/serve/fahras-serve"

{
  printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf 'machine\t%s cores, %s, %s GiB\n' "$(nproc)" \
    "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)" \
    "$(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo)"
  printf 'commit\t%s%s\n' "$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')" \
    "$([ -n "$(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null)" ] && echo ' (with uncommitted changes)')"
  printf 'wrk\t%s\n' "$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
  printf 'seed\t%s\n' "$seed"
  printf 'duration\t%s\n' "$duration"
  printf 'load\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
} >"$results/meta.tsv"

server_pid=""
stop_server() {
  [ -n "$server_pid" ] || return 0
  kill -TERM "$server_pid" 2>/dev/null || true
  local rc=0
  wait "$server_pid" || rc=$?
  server_pid=""
  return "$rc"
}
trap 'stop_server || true' EXIT

# start_server DB DIR: fahras-serve on a free loopback port (sets server_pid,
# port); returns its exit code when it stops before listening (66: a
# database of another analysis).
start_server() {
  "$fahras_serve" --db "$1" --listen 127.0.0.1:0 --quiet 2>"$2/serve.err" &
  server_pid=$!
  local waited=0
  until grep -q 'listening on' "$2/serve.err"; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      local rc=0
      wait "$server_pid" || rc=$?
      server_pid=""
      return "$rc"
    fi
    (( waited++ < 1200 )) || { echo "run.sh: fahras-serve did not listen within 120 s" >&2; exit 70; }
    sleep 0.1
  done
  port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$2/serve.err" | head -1)
}

index_real_archive() {
  log "indexing $archive into $work/db/fahras"
  rm -rf "$work/db/fahras"
  local rc=0
  "$fahras_index" --db "$work/db/fahras" --json --no-progress "$archive" \
    >"$work/logs/fahras.out" 2>"$work/logs/fahras.err" || rc=$?
  # 65: some articles skipped, the database is whole.
  [ "$rc" = 0 ] || [ "$rc" = 65 ] || { tail -5 "$work/logs/fahras.err" >&2; exit 70; }
  echo "$archive" >"$work/db/archive"
}

# open_server DB DIR: start_server, and when the real archive's database is
# of another analysis (sources changed since it was indexed), index it again.
open_server() {
  local rc=0
  start_server "$1" "$2" || rc=$?
  if [ "$rc" = 66 ] && [ "$1" = "$work/db/fahras" ]; then
    log "the database is of another analysis; indexing it again"
    index_real_archive
    rc=0
    start_server "$1" "$2" || rc=$?
  fi
  [ "$rc" = 0 ] || { echo "run.sh: fahras-serve exited $rc; see $2/serve.err" >&2; exit 70; }
}

# CPU ticks all processes of the machine spent (not idle, not waiting for I/O).
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8; exit}' /proc/stat; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
memory_kib() { awk '/^VmRSS/ {rss = $2} /^VmHWM/ {hwm = $2} END {print rss "\t" hwm}' "/proc/$server_pid/status"; }
# Search requests answered so far, by the server's own count.
served() {
  curl -sf "http://127.0.0.1:$port/metrics" |
    awk '/^fahras_http_requests_total\{endpoint="search"/ {n += $NF} END {printf "%d\n", n}'
}

# load_run DIR CONNECTIONS: one wrk run; a line of DIR/load.tsv.
load_run() {
  local dir=$1 c=$2 before after machine_before machine_after
  before=$(cpu_ticks) machine_before=$(machine_ticks)
  /usr/bin/time -f '%e\t%U\t%S' -o "$dir/wrk-$c.time" \
    wrk -t1 -c"$c" -d"${duration}s" --timeout 10s -s "$here/cycle.lua" "http://127.0.0.1:$port" -- "$dir/urls.txt" \
    >"$dir/wrk-$c.out" 2>&1
  after=$(cpu_ticks) machine_after=$(machine_ticks)
  local line
  line=$(grep '^result' "$dir/wrk-$c.out" | cut -f2-) || { cat "$dir/wrk-$c.out" >&2; exit 70; }
  printf '%s\t%s\t%s\t%s\t%s\n' "$c" "$line" "$(( after - before ))" "$(tr '\n' '\t' <"$dir/wrk-$c.time" | cut -f1-3)" \
    "$(( machine_after - machine_before ))" >>"$dir/load.tsv"
}

# measure NAME DB: everything for one database, into $results/NAME.
measure() {
  local name=$1 db=$2 dir="$results/$1" range=${3-}
  mkdir -p "$dir"
  log "$name: making $queries queries (seed $seed)"
  python3 "$perf/make_queries.py" --archive "$archive" --seed "$seed" --count "$queries" ${range:+--date-range "$range"} \
    --out "$dir/queries.tsv" 2>"$dir/queries.log"
  python3 "$here/queries_to_urls.py" "$dir/queries.tsv" "$dir/urls.txt" 2>>"$dir/queries.log"
  open_server "$db" "$dir"
  printf 'database\t%s\n' "$db" >"$dir/meta.tsv"
  printf 'articles\t%s\n' "$(curl -sf "http://127.0.0.1:$port/healthz" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["articles"])')" >>"$dir/meta.tsv"

  log "$name: fahras-serve; warm-up pass over the $queries queries"
  printf 'started\t0\t%s\n' "$(memory_kib)" >"$dir/memory.tsv"
  python3 "$here/one_pass.py" --port "$port" "$dir/urls.txt" "$dir/warm.tsv" 2>"$dir/warm.log" \
    || { cat "$dir/warm.log" >&2; exit 70; }
  printf 'warm-up\t%s\t%s\n' "$(served)" "$(memory_kib)" >>"$dir/memory.tsv"
  for c in ${connections//,/ }; do
    log "$name: $c connection(s), $duration s"
    load_run "$dir" "$c"
  done
  local start
  start=$(served)
  printf 'after the runs\t%s\t%s\n' "$start" "$(memory_kib)" >>"$dir/memory.tsv"
  # About 10,000 requests between samples: wrk cannot stop at a count
  # (cycle.lua), so each run lasts what 10,000 took at 8 connections above.
  local seconds
  seconds=$(awk -F'\t' '$1 == 8 || !q {q = $2 / ($3 / 1e6)} END {s = int(10000 / q + 0.5); print (s < 1 ? 1 : s)}' "$dir/load.tsv")
  while (( $(served) - start < requests )); do
    wrk -t1 -c8 -d"${seconds}s" --timeout 10s -s "$here/cycle.lua" "http://127.0.0.1:$port" -- "$dir/urls.txt" \
      >>"$dir/memory-runs.out" 2>&1
    local now
    now=$(served)
    printf '+%s\t%s\t%s\n' "$(( now - start ))" "$now" "$(memory_kib)" >>"$dir/memory.tsv"
    log "$name: memory: $(( now - start )) of $requests requests"
  done
  stop_server || { echo "run.sh: fahras-serve did not exit 0 on SIGTERM; see $dir/serve.err" >&2; exit 70; }

  for jobs in 1 2; do
    log "$name: one fahras-search process per query, $jobs at a time"
    python3 "$here/per_process.py" --fahras-search "$fahras_search" --db "$db" --jobs "$jobs" \
      "$dir/queries.tsv" "$dir/processes-$jobs.tsv" >>"$dir/processes.tsv" 2>>"$dir/processes.log"
  done
}

if [ "$real" = 1 ]; then
  if [ "$(cat "$work/db/archive" 2>/dev/null)" != "$archive" ] || [ ! -d "$work/db/fahras" ]; then
    index_real_archive
  fi
  measure saudinewsnet "$work/db/fahras"
fi
for count in ${scale//,/ }; do
  dir="$work/scale/$count"
  if [ ! -d "$dir/db" ] || [ ! -f "$dir/archive/manifest.tsv" ]; then
    echo "run.sh: no synthetic archive of $count articles in $dir: make it with" >&2
    echo "  WORK=$work KEEP=1 bench/perf/run.sh --scale-only $count" >&2
    exit 66
  fi
  # Queries from the real archive's text with dates in the synthetic range, as bench/perf's.
  range="$(awk -F'\t' '$1 == "first_date" {f = $2} $1 == "last_date" {l = $2} END {print f ".." l}' "$dir/archive/manifest.tsv")"
  measure "synthetic-$count" "$dir/db" "$range"
done

python3 "$here/report.py" "$work"
log "tables written to $work/serve-results.md"
