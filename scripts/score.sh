#!/usr/bin/env bash
# Build a corpus of ../shared and score it with the shared scorer (facts and quantities).
# Usage: scripts/score.sh [seeds|dev] [--show errors] [--docs ID ...]
set -euo pipefail
corpus=seeds
if [[ $# -gt 0 && $1 != -* ]]; then corpus=$1; shift; fi
shared=${SHARED:-../shared}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
.venv/bin/orthokg build "$shared/corpus/$corpus" --out "$out/kg.ttl" --no-validate -q
.venv/bin/python "$shared/eval/score.py" "$out/kg.ttl" "$shared/gold/$corpus.tsv" \
  --quantities "$shared/gold/$corpus-quantities.tsv" "$@"
