#!/usr/bin/env bash
# Build and run every test (unit, end to end, and the search page in headless
# Chromium) with ctest; then build the same sources with AddressSanitizer and
# UBSan into build-asan/ and run every test again there, where any sanitizer
# report fails the run (sanitizers/);
# then fuzz each target briefly (scripts/fuzz.sh: $FAHRAS_FUZZ_SECONDS per
# target, default 20 here; 0 only replays the reproducers of past crashes).
set -euo pipefail
cd "$(dirname "$0")/.."
# Where the time goes (CI's limit is the sum): each step's start, in seconds.
step() { echo "== test.sh +${SECONDS}s: $*"; }
step "dependencies"
scripts/install-deps.sh --browser --fuzz
step "build"
scripts/build.sh -DFAHRAS_BUILD_TESTS=ON
step "tests"
ctest --test-dir build --output-on-failure -j "$(nproc)"

step "sanitizer build"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFAHRAS_WERROR=ON -DFAHRAS_BUILD_TESTS=ON \
  -DFAHRAS_SANITIZERS=ON >/dev/null
cmake --build build-asan -j "$(nproc)"
step "sanitizer tests"
ctest --test-dir build-asan --output-on-failure -j "$(nproc)"

step "fuzzing"
scripts/fuzz.sh "${FAHRAS_FUZZ_SECONDS:-20}"
step "done"
