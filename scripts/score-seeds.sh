#!/usr/bin/env bash
# Build the seed corpus and score it with the shared scorer (facts and quantities).
# Usage: scripts/score-seeds.sh [--show errors]
set -euo pipefail
shared=${SHARED:-../shared}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
.venv/bin/orthokg build "$shared/corpus/seeds" --out "$out/kg.ttl" --no-validate -q
.venv/bin/python "$shared/eval/score.py" "$out/kg.ttl" "$shared/gold/seeds.tsv" \
  --quantities "$shared/gold/seeds-quantities.tsv" "$@"
