#!/usr/bin/env bash
# Build and run every test (unit and end to end) with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh -DFAHRAS_BUILD_TESTS=ON
ctest --test-dir build --output-on-failure -j "$(nproc)"
