#!/usr/bin/env bash
# make demo: build the graph from the seed corpus, then ask it a few catalogue questions.
set -euo pipefail
seeds=${1:-../shared/corpus/seeds}
out=${2:-build}
bin=.venv/bin
echo "== orthokg build $seeds --out $out/seeds.ttl --store $out/store"
$bin/orthokg build "$seeds" --out "$out/seeds.ttl" --store "$out/store"
echo
echo "== orthokg validate --kg $out/seeds.ttl"
$bin/orthokg validate --kg "$out/seeds.ttl"
echo
echo "== orthokg reason --kg $out/seeds.ttl   (HermiT: consistency and defined-class members)"
$bin/orthokg reason --kg "$out/seeds.ttl" --out "$out/seeds.inferred.ttl"
echo
echo "== orthokg queries"
$bin/orthokg queries
run() { echo; echo "== orthokg query $*"; $bin/orthokg query "$@"; }
run complications-of-procedure --store "$out/store" --param "procedure=birmingham hip resurfacing"
run procedures-treating-condition --store "$out/store" --param condition=osteoarthritis
run procedures-on-structure --store "$out/store" --param "structure=hip joint"
run recovery-timeline --store "$out/store" --param "procedure=birmingham hip resurfacing"
run drugs-to-stop-before-procedure --store "$out/store" --param "procedure=birmingham hip resurfacing"
run 'SELECT ?class (COUNT(?x) AS ?n) WHERE { ?x a ?class . FILTER(STRSTARTS(STR(?class), "https://w3id.org/orthokg/ontology#")) } GROUP BY ?class ORDER BY DESC(?n) LIMIT 10' --store "$out/store"
