"""The other commands given bad input (query, serve, export, validate, reason): one line
naming the input and its exit code; the graph file and store they were pointed at are
byte-identical afterwards (a reader must never write)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.bad_input.conftest import Outcome, Previous, fingerprint

# A cartesian product of the whole graph with itself, four times: hours of work.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _broken_turtle(tmp: Path) -> Path:
    path = tmp / "broken.ttl"
    path.write_text("@prefix : <https://example.org/> .\n:a :b", encoding="utf-8")
    return path


def _damaged_store(tmp: Path, prev: Previous) -> Path:
    """A copy of the previous store whose RocksDB ``CURRENT`` file is overwritten."""
    import shutil

    damaged = tmp / "damaged"
    shutil.copytree(prev.store, damaged)
    (damaged / "CURRENT").write_text("garbage\n", encoding="utf-8")
    return damaged


def _folder(tmp: Path, name: str) -> Path:
    (tmp / name).mkdir()
    return tmp / name


Args = Callable[[Path, Previous], list[str | Path]]

CASES: dict[str, tuple[Args, int, str]] = {
    # name: (arguments, exit code, what the line must contain)
    "query: unknown catalogue name": (
        lambda t, p: ["query", "no-such-question", "--kg", p.kg], 4, "no-such-question"),
    "query: SPARQL that does not parse": (
        lambda t, p: ["query", "SELEC ?x WHERE", "--kg", p.kg], 4, "SELEC ?x WHERE"),
    "query: update sent as a query": (
        lambda t, p: ["query", "INSERT DATA { <a:b> <a:c> <a:d> }", "--store", p.store], 4,
        "INSERT DATA"),
    "query: parameter without =": (
        lambda t, p: ["query", "documents", "--kg", p.kg, "-p", "procedure"], 4, "procedure"),
    "query: format that cannot write the result": (
        lambda t, p: ["query", "documents", "--kg", p.kg, "-f", "turtle"], 4, "turtle"),
    "query: both --kg and --store": (
        lambda t, p: ["query", "documents", "--kg", p.kg, "--store", p.store], 4, "--store"),
    "query: --kg file missing": (
        lambda t, p: ["query", "documents", "--kg", t / "gone.ttl"], 7, "gone.ttl"),
    "query: --kg file that does not parse": (
        lambda t, p: ["query", "documents", "--kg", _broken_turtle(t)], 7, "broken.ttl"),
    "query: --store missing": (
        lambda t, p: ["query", "documents", "--store", t / "nostore"], 7, "nostore"),
    "query: --store an empty folder": (
        lambda t, p: ["query", "documents", "--store", _folder(t, "hollow")], 7, "hollow"),
    "query: --store damaged": (
        lambda t, p: ["query", "documents", "--store", _damaged_store(t, p)], 7, "damaged"),
    "query: runaway query stopped by --timeout": (
        lambda t, p: ["query", RUNAWAY, "--kg", p.kg, "--timeout", "1"], 4, "--timeout"),
    "serve: port out of range": (
        lambda t, p: ["serve", "--store", p.store, "--port", "70000"], 2, "--port"),
    "serve: no workers": (
        lambda t, p: ["serve", "--store", p.store, "--workers", "0"], 2, "--workers"),
    "serve: --store damaged": (
        lambda t, p: ["serve", "--store", _damaged_store(t, p)], 7, "damaged"),
    "serve: --kg missing": (
        lambda t, p: ["serve", "--kg", t / "gone.ttl"], 7, "gone.ttl"),
    "export: --kg missing": (
        lambda t, p: ["export", "--kg", t / "gone.ttl", "-o", t / "x.nt"], 2, "gone.ttl"),
    "validate: --kg not RDF": (
        lambda t, p: ["validate", "--kg", _broken_turtle(t)], 2, "broken.ttl"),
    "reason: --kg missing": (
        lambda t, p: ["reason", "--kg", t / "gone.ttl", "-r", "owlrl"], 2, "gone.ttl"),
    "reason: --out is the graph it reads": (
        lambda t, p: ["reason", "--kg", p.kg, "-r", "owlrl", "--out", p.kg], 7, "kg.ttl"),
    "reason: --out with a non-RDF extension": (
        lambda t, p: ["reason", "--kg", p.kg, "-r", "owlrl", "--out", t / "inferred.txt"], 7,
        "inferred.txt"),
    "export: --output is the graph it reads": (
        lambda t, p: ["export", "--kg", p.kg, "-f", "ttl", "-o", p.kg], 7, "kg.ttl"),
    "unknown option after the command": (
        lambda t, p: ["query", "documents", "--kg", p.kg, "--graph", "x"], 2, "--graph"),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_bad_command_input_is_one_line_and_changes_nothing(
        kind: str, tmp_path: Path, previous: Previous,
        run_cli: Callable[..., Outcome]) -> None:
    make, code, named = CASES[kind]
    outcome = run_cli(*make(tmp_path, previous))
    assert outcome.code == code, outcome.lines
    assert len(outcome.lines) == 1, outcome.lines
    assert named in outcome.lines[0] and "Traceback" not in outcome.lines[0]
    assert "IO error" not in outcome.lines[0] and "Corruption" not in outcome.lines[0]
    assert previous.unchanged(), "a command that only reads changed the graph or store"


def test_verbose_after_the_command_shows_the_traceback(
        tmp_path: Path, run_cli: Callable[..., Outcome]) -> None:
    outcome = run_cli("query", "documents", "--kg", tmp_path / "gone.ttl", "--verbose")
    assert outcome.code == 7
    assert any("Traceback" in line for line in outcome.lines)
    assert "gone.ttl" in outcome.lines[-1]


def test_fingerprint_sees_one_changed_byte(previous: Previous) -> None:
    """The suite's own check, checked: a change anywhere in the store is seen."""
    assert previous.unchanged()
    some_file = next(p for p in sorted(previous.store.iterdir()) if p.is_file())
    data = bytearray(some_file.read_bytes() or b"\x00")
    data[-1] ^= 1
    some_file.write_bytes(bytes(data))
    assert fingerprint(previous.kg, previous.store) != previous.print
