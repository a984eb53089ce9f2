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
#
# Output: the log of each run in $FAHRAS_LOG_DIR/nightly-YYYYmmdd-HHMMSS.log,
# its JSON summary in $FAHRAS_LOG_DIR/last-run.json, and on stderr one line
# only when something needs a person (cron mails stderr; systemd keeps it in
# the journal).  The exit status is fahras-index's; see docs/nightly.md.
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

{
  echo "# $(date -u +%FT%TZ) fahras-nightly ${mode[*]} --db $db $*"
} >>"$log"
"$bin" --db "$db" "${mode[@]}" --wait-lock "${FAHRAS_WAIT_LOCK:-900}" --no-progress --json "$@" \
  >"$log_dir/last-run.json.tmp" 2>>"$log"
status=$?
cat "$log_dir/last-run.json.tmp" >>"$log"
mv -f "$log_dir/last-run.json.tmp" "$log_dir/last-run.json"
echo "# exit $status" >>"$log"

case $status in
  0) ;;                                                        # all good: silent
  3) echo "fahras-nightly: ALERT: deletions or switch refused by the safety limit; inputs look incomplete (see $log)" >&2 ;;
  65) echo "fahras-nightly: WARNING: some articles were bad and skipped; the rest is indexed (see $log)" >&2 ;;
  75) echo "fahras-nightly: WARNING: another run still held the lock after ${FAHRAS_WAIT_LOCK:-900} s; nothing done tonight" >&2 ;;
  130) echo "fahras-nightly: WARNING: interrupted; what was indexed is committed, the next run finishes (see $log)" >&2 ;;
  *) echo "fahras-nightly: ALERT: fahras-index failed with exit $status; the database keeps its last commit (see $log)" >&2 ;;
esac
exit $status
