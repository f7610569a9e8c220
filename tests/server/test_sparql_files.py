"""The server's own queries (``orthokg/server/sparql/*.rq``) keep the catalogue's header
contract: ``# name: question?``, every ``# param``, and ``# columns`` matching what a
SELECT projects (``none`` for ASK and CONSTRUCT)."""

from __future__ import annotations

from importlib import resources

import pyoxigraph as ox
import pytest
from rdflib.plugins.sparql import prepareQuery

from orthokg.queries.catalogue import NamedQuery, parse

FILES = sorted((entry for entry in (resources.files("orthokg.server") / "sparql").iterdir()
                if entry.name.endswith(".rq")), key=lambda entry: entry.name)
QUERIES = [parse(entry.read_text(encoding="utf-8"), entry.name[:-3]) for entry in FILES]


def test_every_file_is_read() -> None:
    assert len(QUERIES) >= 12


@pytest.mark.parametrize("named", QUERIES, ids=[q.name for q in QUERIES])
def test_header_matches_the_query(named: NamedQuery) -> None:
    assert named.description.endswith("?"), "the first line states the question"
    algebra = prepareQuery(named.sparql).algebra
    if algebra.name == "SelectQuery":
        projected = [str(v) for v in algebra["PV"]]
        assert list(named.columns) == projected
    else:
        assert named.columns[:1] == ("none",), "ASK and CONSTRUCT say they have no columns"
    for param in named.params:
        assert f"?{param.name}" in named.sparql
    ox.Store().query(named.sparql)  # Oxigraph, which runs them, parses them too
