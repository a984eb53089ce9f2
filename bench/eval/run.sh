#!/usr/bin/env bash
# Retrieval-quality evaluation: build the programs, then run eval.py (three
# known-item query sets × every configuration) and print the table.
#
#   bench/eval/run.sh [eval.py options]        e.g. --seed 7 --queries 500 --check-cli 50
#
# WORK (default /tmp/fahras-eval) holds the build, the title-less copy of the
# archive, the queries and the databases: about 4 GB for all configurations.
# CORPUS overrides where the archive is (default ../shared/corpora/saudinewsnet
# beside the repository).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=${WORK:-/tmp/fahras-eval}
archive=${CORPUS:-"$here/../../../shared/corpora/saudinewsnet"}
[ -e "$archive" ] || { echo "run.sh: no archive at $archive" >&2; exit 66; }
mkdir -p "$work"
cmake -S "$here" -B "$work/build" -DFAHRAS_WERROR=ON >"$work/cmake.log"
cmake --build "$work/build" -j2 >"$work/build.log" || { tail -30 "$work/build.log" >&2; exit 70; }
exec python3 "$here/eval.py" --work "$work" --build "$work/build" --corpus "$archive" "$@"
