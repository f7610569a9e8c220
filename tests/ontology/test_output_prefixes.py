"""The prefixes output files are written with (spelled out in ``orthokg.io`` so that
writing a file imports no rdflib) are the vocabulary's namespaces and the ones every
engine accepts without a PREFIX line: one meaning per prefix across the project."""

from __future__ import annotations

from orthokg.io import PREFIXES
from orthokg.ontology.vocab import OBO_IN_OWL
from orthokg.queries.engines.base import DEFAULT_PREFIXES


def test_output_prefixes_mean_what_the_query_prefixes_mean() -> None:
    shared = PREFIXES.keys() & DEFAULT_PREFIXES.keys()
    assert shared >= {"okg", "rdf", "rdfs", "owl", "skos", "prov", "xsd", "dcterms", "unit"}
    assert {p: PREFIXES[p] for p in shared} == {p: DEFAULT_PREFIXES[p] for p in shared}


def test_every_output_prefix_is_a_namespace_of_the_vocabulary() -> None:
    known = {*DEFAULT_PREFIXES.values(), str(OBO_IN_OWL)}
    assert set(PREFIXES.values()) <= known
