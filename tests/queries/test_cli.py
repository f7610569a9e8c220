"""``orthokg query`` and ``orthokg queries`` end to end on the fixture files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import Graph

from orthokg.cli.app import main
from orthokg.errors import QueryError, StoreError

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "mini.ttl"
QUERY = ["query", "complications-of-procedure", "--param", "procedure=total knee replacement"]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_each_format_from_a_kg_file(engine: str, capsys: pytest.CaptureFixture[str]) -> None:
    base = [*QUERY, "--kg", str(FIXTURE), "--engine", engine]
    code, out, _ = run([*base, "--format", "json"], capsys)
    assert code == 0
    labels = {b["complicationLabel"]["value"] for b in json.loads(out)["results"]["bindings"]}
    assert labels == {"infection", "blood clot"}
    code, out, _ = run([*base, "-f", "csv"], capsys)
    records = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and {r["frequency"] for r in records} == {"rare"}
    code, out, _ = run([*base, "-f", "tsv"], capsys)
    assert code == 0 and out.startswith("?procedure\t?complication") and len(out.splitlines()) == 3
    code, out, _ = run(base, capsys)
    assert code == 0 and "okgr:blood-clot" in out and "2 rows" in out


def test_store_and_output_file(fixture_graph: Graph, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    from orthokg.queries.store import write_store

    write_store(fixture_graph, tmp_path / "kg")
    target = tmp_path / "docs.json"
    code, out, _ = run(["query", "documents", "--store", str(tmp_path / "kg"), "-f", "json",
                        "-o", str(target)], capsys)
    assert code == 0 and out == ""
    assert len(json.loads(target.read_text(encoding="utf-8"))["results"]["bindings"]) == 2


def test_sparql_text_and_rq_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rq = tmp_path / "mine.rq"
    rq.write_text("SELECT ?c WHERE { okgr:microdiscectomy okg:treats ?c }", encoding="utf-8")
    code, out, _ = run(["query", str(rq), "--kg", str(FIXTURE), "-f", "csv"], capsys)
    assert (code, out) == (0, "c\nhttps://w3id.org/orthokg/id/herniated-disc\n")
    construct = "CONSTRUCT { ?p okg:treats ?c } WHERE { ?p okg:treats ?c }"
    code, out, _ = run(["query", construct, "--kg", str(FIXTURE), "-f", "nt"], capsys)
    assert code == 0 and len(Graph().parse(data=out, format="nt")) == 2
    code, out, _ = run(["query", "ASK { ?p okg:treats ?p }", "--kg", str(FIXTURE)], capsys)
    assert (code, out) == (0, "no\n")


@pytest.mark.parametrize(("argv", "error", "message"), [
    (QUERY, QueryError, "say where to query"),
    ([*QUERY, "--kg", str(FIXTURE), "--store", "x"], QueryError, "only one of"),
    (["query", "complications-of-procedure", "--kg", str(FIXTURE)], QueryError, "needs --param"),
    ([*QUERY, "--kg", "missing.ttl"], StoreError, "missing.ttl"),
    (["query", "documents", "--store", "missing-dir"], StoreError, "no such store"),
    (["query", "documents", "--store", "x", "--engine", "rdflib"], QueryError, "Oxigraph store"),
    (["query", "documents", "--kg", str(FIXTURE), "-p", "oops"], QueryError, "NAME=VALUE"),
    (["query", "documents", "--kg", str(FIXTURE), "-f", "turtle"], QueryError, "cannot write"),
    (["query", "SELECT ?x WHERE {", "--kg", str(FIXTURE)], QueryError, "does not parse"),
    (["query", "documents", "--store", "x", "--inferred"], QueryError, "--inferred works"),
])
def test_errors_are_one_line_with_the_exit_code(argv: list[str], error: type[Exception],
                                                message: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(argv, capsys)
    assert code == error.exit_code and out == ""
    assert message in err and "Traceback" not in err


def test_output_that_cannot_be_written_is_one_line(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["query", "documents", "--kg", str(FIXTURE), "-f", "csv",
                          "-o", str(tmp_path)], capsys)
    assert code == StoreError.exit_code and out == ""
    assert f"{tmp_path}: cannot write" in err
    assert list(tmp_path.iterdir()) == [], "no .tmp file left behind"


def test_unparsable_kg_on_rdflib_is_one_line(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix x: <http://x/> .\nx:a x:b ", encoding="utf-8")
    code, _, err = run(["query", "documents", "--kg", str(broken), "--engine", "rdflib"], capsys)
    assert code == StoreError.exit_code
    assert err.startswith(f"error: {broken}: cannot parse") and err.count("\n") == 1


def test_queries_lists_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    from orthokg.queries import catalogue

    code, out, _ = run(["queries"], capsys)
    assert code == 0
    assert all(name in out for name in catalogue.names())
    code, out, _ = run(["queries", "recovery-timeline"], capsys)
    assert code == 0 and "SELECT DISTINCT" in out and "param ?procedure" in out


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("query", "queries"):
        code, out, _ = run([command, "--help"], capsys)
        assert code == 0 and "Example: orthokg" in out


def test_inferred_adds_what_the_reasoner_derives(capsys: pytest.CaptureFixture[str]) -> None:
    sparql = "SELECT ?p WHERE { ?p a okg:MinimallyInvasiveProcedure }"
    code, out, _ = run(["query", sparql, "--kg", str(FIXTURE), "-f", "csv"], capsys)
    assert (code, out) == (0, "p\n")
    code, out, _ = run(["query", sparql, "--kg", str(FIXTURE), "-f", "csv", "--inferred"], capsys)
    assert (code, out) == (0, "p\nhttps://w3id.org/orthokg/id/microdiscectomy\n")


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_limit_and_offset_page_through_the_rows(engine: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    base = ["query", "SELECT ?c ?l WHERE { ?c rdfs:label ?l } ORDER BY ?l ?c",
            "--kg", str(FIXTURE), "--engine", engine, "-f", "tsv"]
    code, out, _ = run(base, capsys)
    every = out.splitlines()[1:]
    assert code == 0 and len(every) >= 5
    pages = []
    for offset in range(0, len(every), 2):
        code, out, _ = run([*base, "--limit", "2", "--offset", str(offset)], capsys)
        assert code == 0
        pages += out.splitlines()[1:]
    assert pages == every  # in order, none twice, none left out


def test_a_query_with_its_own_limit_is_not_paged_again(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["query", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", "--kg", str(FIXTURE),
                        "--limit", "2"], capsys)
    assert code == QueryError.exit_code and "its own LIMIT" in err
