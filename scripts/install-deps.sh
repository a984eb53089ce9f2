#!/usr/bin/env bash
# Install the Debian 12 packages Fahras builds and tests with, only those
# missing.  Needs root (or sudo) the first time; a no-op afterwards.
# --fuzz adds clang and its libFuzzer runtime, for scripts/fuzz.sh;
# --browser adds headless Chromium, its WebDriver and Selenium, for the test
# of fahras-serve's search page (tests/serve_page_test.py).  scripts/test.sh
# asks for both; a plain build needs neither.
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
  xapian-tools           # xapian-compact, xapian-check, xapian-delve for operators and bench/; xapian-tcpsrv and
                         # xapian-replicate(-server) for remote shards and replicas (tests/e2e_remote_test.cpp)
)
for option in "$@"; do
  case "$option" in
    --fuzz)
      packages+=(clang libclang-rt-14-dev)  # libFuzzer and the sanitizer runtimes of Debian 12's clang 14
      ;;
    --browser)
      # The page test drives a real browser, as a reader would use the page;
      # Debian's python3-selenium runs in /usr/bin/python3.  DejaVu Sans has
      # Arabic glyphs, so the screenshots show letters, not boxes.
      packages+=(chromium chromium-driver python3-selenium fonts-dejavu-core)
      ;;
    *)
      echo "install-deps.sh: unknown option '$option' (known: --fuzz, --browser)" >&2
      exit 64
      ;;
  esac
done

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
