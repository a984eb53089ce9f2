#!/usr/bin/env bash
# Configure (once) and build Fahras into build/.  Extra arguments go to cmake.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFAHRAS_WERROR=ON "$@" >/dev/null
cmake --build build -j "$(nproc)"
