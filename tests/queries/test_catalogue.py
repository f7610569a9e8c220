"""The catalogue: every .rq file parses on both engines and its header tells the truth."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib.plugins.sparql import prepareQuery

from orthokg.errors import QueryError
from orthokg.queries import catalogue
from orthokg.queries.catalogue import KINDS, NamedQuery

QUERIES = catalogue.all()
IDS = [q.name for q in QUERIES]


def test_catalogue_is_large_enough_and_skips_violation_rules() -> None:
    assert len(QUERIES) >= 14
    assert not any(name.endswith("-violation") for name in catalogue.names())


@pytest.mark.parametrize("named", QUERIES, ids=IDS)
def test_parses_with_rdflib_and_oxigraph(named: NamedQuery) -> None:
    prepareQuery(named.sparql)  # no default prefixes: the file must declare its own
    result = ox.Store().query(named.sparql)
    assert list(result) == []


@pytest.mark.parametrize("named", QUERIES, ids=IDS)
def test_header_matches_the_query(named: NamedQuery) -> None:
    projected = [str(v) for v in prepareQuery(named.sparql).algebra["PV"]]
    assert named.description.endswith("?"), "the first line states the question"
    assert list(named.columns) == projected
    assert named.path is not None and named.path.stem == named.name
    for param in named.params:
        # Oxigraph substitutes only projected variables (SEP-0007).
        assert param.name in projected, f"?{param.name} must be in the SELECT clause"
        assert f"?{param.name}" in named.sparql
        assert param.kind in KINDS


@pytest.mark.parametrize("named", QUERIES, ids=IDS)
def test_distinct_or_grouped(named: NamedQuery) -> None:
    # A fact from two documents is in two named graphs, and Oxigraph's union default
    # graph keeps both copies: without DISTINCT or GROUP BY rows would double.
    text = named.sparql.upper()
    assert "SELECT DISTINCT" in text or "GROUP BY" in text
    assert "COUNT(?" not in text.replace(" ", ""), "count DISTINCT values"


def test_get_unknown_name_suggests_close_ones() -> None:
    with pytest.raises(QueryError, match="did you mean complications-of-procedure"):
        catalogue.get("complications-of-procedur")
    with pytest.raises(QueryError, match="orthokg queries"):
        catalogue.get("zzzz")


def test_param_lookup_and_required() -> None:
    named = catalogue.get("fact-sources")
    assert named.required == ()
    assert named.param("?property") is not None and named.param("property").kind == "property"
    assert catalogue.get("recovery-timeline").required == ("procedure",)


@pytest.mark.parametrize(("text", "problem"), [
    ("SELECT * WHERE { ?s ?p ?o }", "first line"),
    ("# other-name: Which?\n# columns: ?s\nSELECT ?s WHERE { ?s ?p ?o }", "first line"),
    ("# x: Which?\nSELECT ?s WHERE { ?s ?p ?o }", "columns"),
    ("# x: Which?\n# param ?s: s (colour)\n# columns: ?s\nSELECT ?s WHERE {?s ?p ?o}", "kind"),
    ("# x: Which?\n# param ?s: s (iri, maybe)\n# columns: ?s\nSELECT ?s WHERE {?s ?p ?o}",
     "kind"),
])
def test_malformed_header_is_refused(text: str, problem: str) -> None:
    with pytest.raises(QueryError, match=problem):
        catalogue.parse(text, "x")


def test_lenient_parse_of_a_users_file(tmp_path) -> None:
    path = tmp_path / "mine.rq"
    path.write_text("SELECT ?s WHERE { ?s ?p ?o }", encoding="utf-8")
    named = catalogue.load(path)
    assert (named.name, named.params, named.columns) == ("mine", (), ())
    with pytest.raises(QueryError, match="cannot read"):
        catalogue.load(tmp_path / "missing.rq")
