#!/usr/bin/env bash
# Quick start: install what is missing, build, index corpus/ into ./fahras-db
# and run an example Arabic search (typed without hamza: اعلن matches أعلن).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
build/indexer/fahras-index --db fahras-db corpus/articles.jsonl corpus/text
build/searcher/fahras-search --db fahras-db --limit 3 'اعلن وزير الاقتصاد'
echo >&2
echo "The search page: build/serve/fahras-serve --db fahras-db, then open http://127.0.0.1:8080/" >&2
