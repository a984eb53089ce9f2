#!/usr/bin/env bash
# Build the libFuzzer targets (fuzz/) with clang into build-fuzz/, replay the
# reproducers of crashes found before (fuzz/regressions/TARGET/), then fuzz
# each target for SECONDS.  Exits 1 if any target crashes or a reproducer
# fails again, 0 otherwise, and 0 with a notice when clang's libFuzzer is
# missing.  fuzz/README.md explains the targets and longer campaigns.
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
#   SECONDS  per target (default $FAHRAS_FUZZ_SECONDS, else 30); 0 only
#            builds and replays the reproducers
#   TARGET   json_document text_reader normalize entities_dates search
#            serve_api data_files (default: all)
# Environment: FAHRAS_FUZZ_JOBS  build jobs, and targets fuzzed at once
#            (default: nproc; each target is one process)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-${FAHRAS_FUZZ_SECONDS:-30}}
[ $# -gt 0 ] && shift
case $seconds in
  ''|*[!0-9]*) echo "fuzz.sh: SECONDS must be a whole number, not '$seconds'" >&2; exit 64 ;;
esac
all_targets=(json_document text_reader normalize entities_dates search serve_api data_files)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
for target in "${targets[@]}"; do
  [ -f "fuzz/fuzz_$target.cpp" ] || { echo "fuzz.sh: no target '$target' (known: ${all_targets[*]})" >&2; exit 64; }
done

# libFuzzer comes with clang's runtime (Debian: clang, libclang-rt-14-dev).
# Without it, say so and succeed: fuzzing is an extra, not a build step.
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
echo 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }' >"$probe/probe.cpp"
if ! command -v clang++ >/dev/null || ! clang++ -fsanitize=fuzzer "$probe/probe.cpp" -o "$probe/probe" 2>/dev/null; then
  echo "clang with libFuzzer not found: fuzzing skipped (scripts/install-deps.sh --fuzz installs it)"
  exit 0
fi

build=build-fuzz
cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DFAHRAS_FUZZ=ON -DFAHRAS_BUILD_TESTS=OFF -DFAHRAS_WERROR=ON >/dev/null
cmake --build "$build" --target fuzz -j "${FAHRAS_FUZZ_JOBS:-$(nproc)}"

jobs=${FAHRAS_FUZZ_JOBS:-$(nproc)}

# What each target reads at most: a query needs no more than 512 bytes, and
# stays fast under the sanitizers.
max_len() {
  case $1 in
    search|serve_api) echo 512 ;;
    entities_dates) echo 256 ;;
    *) echo 4096 ;;
  esac
}

# fuzz_target TARGET: replay its reproducers, then fuzz it; prints its
# report, and exits 1 when it crashed.
fuzz_target() {
  local target=$1
  local binary="$build/fuzz/fuzz_$target"
  local corpus="$build/corpus/$target"      # what the fuzzer finds grows here, out of git
  local crashes="$build/crashes/$target"
  local log="$build/logs/$target.log"
  # The targets write scratch files under $TMPDIR: keep them, and whatever
  # a crash leaves behind, inside build-fuzz/, a directory per target (they
  # run side by side).
  export TMPDIR="$PWD/$build/tmp/$target"
  mkdir -p "$corpus" "$crashes" "$(dirname "$log")" "$TMPDIR"

  # Every crash found so far must stay fixed.
  shopt -s nullglob
  local reproducers=(fuzz/regressions/"$target"/*)
  shopt -u nullglob
  if [ ${#reproducers[@]} -gt 0 ]; then
    if "$binary" "${reproducers[@]}" >"$log" 2>&1; then
      echo "$target: ${#reproducers[@]} reproducers of fixed crashes pass"
    else
      echo "$target: FAILED: a reproducer in fuzz/regressions/$target/ crashes again (see $log)"
      return 1
    fi
  fi
  [ "$seconds" -eq 0 ] && return 0

  local options=(-max_total_time="$seconds" -max_len="$(max_len "$target")" -timeout=30 -print_final_stats=1
                 -artifact_prefix="$crashes/")
  [ -f "fuzz/dict/$target.dict" ] && options+=(-dict="fuzz/dict/$target.dict")
  local status=0
  "$binary" "${options[@]}" "$corpus" "fuzz/corpus/$target" >"$log" 2>&1 || status=$?
  rm -rf "${TMPDIR:?}"/fahras-fuzz-*
  local runs per_second
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  per_second=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  if [ "$status" -eq 0 ]; then
    echo "$target: ${runs:-?} executions in ${seconds}s (${per_second:-?}/s), no crash; corpus $(ls "$corpus" | wc -l) inputs"
    return 0
  fi
  local reproducer reason
  reproducer=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
  reason=$(grep -m1 -E 'fuzz property failed|ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer)|runtime error' "$log" || true)
  echo "$target: CRASH after ${runs:-?} executions: ${reason:-exit $status}"
  echo "  reproducer: ${reproducer:-none written} (log: $log)"
  echo "  replay: $binary ${reproducer:-REPRODUCER}"
  return 1
}

# $jobs targets at a time, each reporting into its own file, printed in
# the targets' order once all are done.
reports="$build/reports"
rm -rf "$reports"
mkdir -p "$reports"
running=0
for target in "${targets[@]}"; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
  ( fuzz_target "$target" >"$reports/$target" 2>&1 && touch "$reports/$target.passed" ) &
  running=$((running + 1))
done
wait
failed=()
for target in "${targets[@]}"; do
  cat "$reports/$target"
  [ -f "$reports/$target.passed" ] || failed+=("$target")
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing found crashes in: ${failed[*]} (fuzz/README.md: what to do with a crash)" >&2
  exit 1
fi
