#!/usr/bin/env bash
# What place recognition costs at index time: the same SaudiNewsNet days
# indexed with and without --no-places, alternating, RUNS times each;
# prints the median wall and CPU (user+sys) seconds of each and the ratio.
#   bench/places_overhead.sh [RUNS] [DAY FILES...]   (default 3 runs, 3 days)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
archive="$here/../shared/corpora/saudinewsnet"
runs=${1:-3}
shift || true
days=("$@")
[ ${#days[@]} -gt 0 ] || days=("$archive/2015-07-21.jsonl.gz" "$archive/2015-07-22.jsonl.gz" "$archive/2015-07-23.jsonl.gz")
index="$here/build/indexer/fahras-index"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for ((i = 0; i < runs; i++)); do
  for mode in places no-places; do
    rm -rf "$work/db"
    flag=()
    [ "$mode" = no-places ] && flag=(--no-places)
    /usr/bin/time -f "$mode %e %U %S" -o "$work/time" "$index" --db "$work/db" --quiet --no-progress "${flag[@]}" "${days[@]}" 2>/dev/null || true
    cat "$work/time" >>"$work/times"
  done
done
python3 - "$work/times" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
def med(mode, col): return statistics.median(float(r[1]) if col == 'wall' else float(r[2]) + float(r[3]) for r in rows if r[0] == mode)
pw, nw, pc, nc = med('places', 'wall'), med('no-places', 'wall'), med('places', 'cpu'), med('no-places', 'cpu')
n = sum(1 for r in rows if r[0] == 'places')
print(f"with places:    wall {pw:.1f} s, cpu {pc:.1f} s (median of {n})")
print(f"without places: wall {nw:.1f} s, cpu {nc:.1f} s")
print(f"overhead:       wall {(pw / nw - 1) * 100:+.0f}%, cpu {(pc / nc - 1) * 100:+.0f}%")
PY
