#!/usr/bin/env bash
# Index the whole SaudiNewsNet archive (../shared/corpora/saudinewsnet) into a
# fresh database and report wall time, peak memory and database size before
# and after compaction.  Usage: bench/index_archive.sh [DB_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
archive="$here/../shared/corpora/saudinewsnet"
db=${1:-/tmp/fahras-snn-db}
[ -d "$archive" ] || { echo "no archive at $archive" >&2; exit 66; }
rm -rf "$db" "$db.compact"
/usr/bin/time -v "$here/build/indexer/fahras-index" --db "$db" --no-progress "$archive" \
  >"$db.summary" 2>"$db.log" || true
cat "$db.summary"
grep -E "Elapsed \(wall|Maximum resident" "$db.log"
echo "problems: $(grep -c ': error: ' "$db.log" || true) errors, $(grep -c ': warning: ' "$db.log" || true) warnings (in $db.log)"
echo "database: $(du -sh "$db" | cut -f1)"
xapian-compact "$db" "$db.compact" >/dev/null && echo "compacted: $(du -sh "$db.compact" | cut -f1)"
