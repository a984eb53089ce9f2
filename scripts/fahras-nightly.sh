#!/usr/bin/env bash
# Nightly reindex of a news archive, for cron or a systemd timer.
#
#   fahras-nightly.sh [--rebuild] DB ARCHIVE...
#
# Default: a snapshot run (add new articles, replace changed ones, skip
# unchanged ones, delete what the archive no longer holds, within the
# --max-delete safety limit).  --rebuild instead builds a fresh compacted
# database beside the live one and switches searchers to it atomically
# (run it weekly, or after upgrading Fahras).
#
# Environment:
#   FAHRAS_BIN        fahras-index to run (default: the one in PATH, else build/)
#   FAHRAS_LOG_DIR    where logs go (default: /var/log/fahras if writable, else ./logs)
#   FAHRAS_WAIT_LOCK  seconds to wait for a run still in progress (default 900)
#   FAHRAS_MAX_DELETE percent a snapshot may delete (default 20)
#   FAHRAS_ALERTS_SAVED  saved searches: when set, fahras-alerts runs them on
#                     the night's new articles after indexing (docs/alerts.md)
#   FAHRAS_ALERTS_OUT where the alerts are appended (default $FAHRAS_LOG_DIR/alerts.jsonl)
#   FAHRAS_ALERTS_BIN fahras-alerts to run (default: the one in PATH, else build/)
#
# Output: the log of each run in $FAHRAS_LOG_DIR/nightly-YYYYmmdd-HHMMSS.log,
# its JSON summary in $FAHRAS_LOG_DIR/last-run.json, and on stderr one line
# only when something needs a person (cron mails stderr; systemd keeps it in
# the journal).  The exit status is fahras-index's, or fahras-alerts' when
# indexing went well and the alerts did not; see docs/nightly.md.
set -uo pipefail

mode=(--snapshot --max-delete "${FAHRAS_MAX_DELETE:-20}")
if [ "${1:-}" = "--rebuild" ]; then
  mode=(--rebuild --max-delete "${FAHRAS_MAX_DELETE:-20}")
  shift
fi
if [ $# -lt 2 ]; then
  echo "usage: fahras-nightly.sh [--rebuild] DB ARCHIVE..." >&2
  exit 64
fi
db=$1
shift

here=$(cd "$(dirname "$0")/.." && pwd)
bin=${FAHRAS_BIN:-$(command -v fahras-index || echo "$here/build/indexer/fahras-index")}
log_dir=${FAHRAS_LOG_DIR:-}
if [ -z "$log_dir" ]; then
  if mkdir -p /var/log/fahras 2>/dev/null && [ -w /var/log/fahras ]; then log_dir=/var/log/fahras; else log_dir=$PWD/logs; fi
fi
mkdir -p "$log_dir"
log="$log_dir/nightly-$(date -u +%Y%m%d-%H%M%S).log"

# A stop asked of the wrapper (systemd's timeout sends SIGTERM to the whole
# process group; Ctrl-C; a closed terminal) is not obeyed at once: the wrapper
# waits for fahras-index, which commits what it did and exits 130, and then
# still logs, alerts and writes last-run.json.  A signal sent to the wrapper
# alone is passed on, so that fahras-index never runs on unwatched.
indexer=
signalled=
caught=0
on_signal() {
  signalled=$1
  caught=$((caught + 1))
  if [ -n "$indexer" ]; then
    kill -TERM "$indexer" 2>/dev/null
    echo "# $(date -u +%FT%TZ) SIG$1: fahras-index (pid $indexer) told to commit and stop" >>"$log"
  fi
}
trap 'on_signal TERM' TERM
trap 'on_signal INT' INT
trap 'on_signal HUP' HUP

# Each run writes its summary to a file of its own, renamed over
# last-run.json in one step: two runs at once (a slow night and a manual
# run) can never interleave their summaries in one file.
tmp=$(mktemp "$log_dir/last-run.json.XXXXXX") || {
  echo "fahras-nightly: ALERT: cannot write to $log_dir; nothing done" >&2
  exit 73
}
trap 'rm -f "$tmp"' EXIT
# mktemp makes the file private; last-run.json is for monitoring to read.
chmod "$(printf '%o' $((0666 & ~0$(umask))))" "$tmp"

{
  echo "# $(date -u +%FT%TZ) fahras-nightly ${mode[*]} --db $db $*"
} >>"$log"
if [ -n "$signalled" ]; then
  echo "# SIG$signalled before fahras-index started: nothing done" >>"$log"
  status=130
else
  # `--` ends the options: an archive whose name begins with '-' is still
  # an archive.  HUP is ignored by fahras-index (it would kill it without a
  # commit); the wrapper turns it into a TERM instead.
  (
    trap '' HUP
    exec "$bin" --db="$db" "${mode[@]}" --wait-lock "${FAHRAS_WAIT_LOCK:-900}" --no-progress --json -- "$@"
  ) <&0 >"$tmp" 2>>"$log" &
  indexer=$!
  # A trapped signal ends `wait` early (status above 128) while fahras-index
  # is still running: wait again until a wait ends undisturbed (bash keeps
  # the status of a child that has exited for the next `wait`).
  while :; do
    seen=$caught
    wait "$indexer"
    status=$?
    [ "$caught" = "$seen" ] && break
  done
  indexer=
fi
if [ -s "$tmp" ]; then
  cat "$tmp" >>"$log"
  mv -f "$tmp" "$log_dir/last-run.json"
fi
echo "# exit $status" >>"$log"

case $status in
  0) ;;                                                        # all good: silent
  3) echo "fahras-nightly: ALERT: deletions or switch refused by the safety limit; inputs look incomplete (see $log)" >&2 ;;
  65) echo "fahras-nightly: WARNING: some articles were bad and skipped; the rest is indexed (see $log)" >&2 ;;
  75) echo "fahras-nightly: WARNING: another run still held the lock after ${FAHRAS_WAIT_LOCK:-900} s; nothing done tonight" >&2 ;;
  130) echo "fahras-nightly: WARNING: interrupted; what was indexed is committed, the next run finishes (see $log)" >&2 ;;
  129 | 143)
    # Killed by the signal outside the part of its run that commits on a
    # signal (starting up, waiting for the lock, or just finished).
    if [ -n "$signalled" ]; then
      echo "fahras-nightly: WARNING: stopped by SIG$signalled; the database keeps its last commit, the next run finishes (see $log)" >&2
    else
      echo "fahras-nightly: ALERT: fahras-index was killed (exit $status); the database keeps its last commit (see $log)" >&2
    fi ;;
  *) echo "fahras-nightly: ALERT: fahras-index failed with exit $status; the database keeps its last commit (see $log)" >&2 ;;
esac

# The saved searches' alerts, whatever the index run did: they follow what
# the database holds, so a failed or half-done night loses no article and
# repeats none (docs/alerts.md).  Not after a stop was asked for.
if [ -n "${FAHRAS_ALERTS_SAVED:-}" ] && [ -z "$signalled" ]; then
  alerts_bin=${FAHRAS_ALERTS_BIN:-$(command -v fahras-alerts || echo "$here/build/alerts/fahras-alerts")}
  alerts_out=${FAHRAS_ALERTS_OUT:-$log_dir/alerts.jsonl}
  echo "# $(date -u +%FT%TZ) fahras-alerts --db $db --saved $FAHRAS_ALERTS_SAVED --out $alerts_out" >>"$log"
  "$alerts_bin" --db="$db" --saved="$FAHRAS_ALERTS_SAVED" --out="$alerts_out" --wait-lock 60 --verbose </dev/null 2>>"$log"
  alerts_status=$?
  echo "# alerts exit $alerts_status" >>"$log"
  case $alerts_status in
    0) ;;
    75) echo "fahras-nightly: WARNING: another fahras-alerts still ran after 60 s; tonight's alerts come with the next run's" >&2 ;;
    65) echo "fahras-nightly: WARNING: some saved searches could not be read or run; the others' alerts are in $alerts_out (see $log)" >&2 ;;
    *) echo "fahras-nightly: ALERT: fahras-alerts failed with exit $alerts_status; the alerts not written will be in the next run's (see $log)" >&2 ;;
  esac
  [ "$status" = 0 ] && status=$alerts_status
fi
exit $status
