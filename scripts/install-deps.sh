#!/usr/bin/env bash
# Install the Debian 12 packages Fahras builds and tests with, only those
# missing.  Needs root (or sudo) the first time; a no-op afterwards.
# --fuzz adds clang and its libFuzzer runtime, for scripts/fuzz.sh
# (scripts/test.sh asks for them; a plain build does not need them).
set -euo pipefail

packages=(
  g++ cmake make pkg-config
  libxapian-dev          # the search library (1.4)
  libicu-dev             # NFKC normalization
  libboost-program-options-dev
  libboost1.74-dev       # Boost headers: Boost.Beast and Asio for fahras-serve
  nlohmann-json3-dev     # JSON Lines input and --json output
  zlib1g-dev             # .gz archives
  doctest-dev            # unit and end-to-end tests
  xapian-tools           # xapian-compact, xapian-check, xapian-delve for operators and bench/
)
if [ "${1:-}" = "--fuzz" ]; then
  packages+=(clang libclang-rt-14-dev)  # libFuzzer and the sanitizer runtimes of Debian 12's clang 14
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
