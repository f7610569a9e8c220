"""`orthokg build --explain`: why each page was read as it was, without changing the graph.

The page is written here (a short knee arthroscopy leaflet in Markdown) so the expected
reading is plain from the test: its title names the procedure and its "Risks" heading
gives the section its kind.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from orthokg.ontology.vocab import OKG

LEAFLET = """\
# Knee Arthroscopy

Knee arthroscopy is keyhole surgery to look inside the knee joint and repair torn cartilage.

## Risks

Knee arthroscopy can cause an infection of the small wounds.
A blood clot in the leg is a rare risk after the operation.
"""


Builds = dict[str, tuple[subprocess.CompletedProcess[str], Path]]


def _build(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "orthokg.cli.app", "build", *args],
                          capture_output=True, text=True, timeout=300, check=False)


def _facts_only(path: Path) -> Graph:
    """The built graph without its one run-dependent triple (when the page was read)."""
    graph = Graph().parse(path)
    graph.remove((None, OKG.ingestedAt, None))
    return graph


@pytest.fixture(scope="module")
def leaflet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docs") / "knee-arthroscopy.md"
    path.write_text(LEAFLET, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def builds(leaflet: Path, tmp_path_factory: pytest.TempPathFactory) -> Builds:
    """The same page built plainly, with --explain and with --explain-facts."""
    out = tmp_path_factory.mktemp("out")
    runs: Builds = {}
    for name, flags in (("plain", ()), ("explain", ("--explain",)),
                        ("facts", ("--explain-facts",))):
        ttl = out / f"{name}.ttl"
        runs[name] = (_build(str(leaflet), "--out", str(ttl), "-q", *flags), ttl)
    for done, _ in runs.values():
        assert done.returncode == 0, done.stderr
    return runs


def _lines(out: str) -> list[str]:
    return [line.strip() for line in out.splitlines() if line.strip()]


def test_explain_puts_the_main_procedure_and_its_reason_first(builds: Builds, leaflet: Path
                                                              ) -> None:
    lines = _lines(builds["explain"][0].stdout)
    assert lines[0].startswith(str(leaflet)) and "\u2500" in lines[0]
    assert lines[1].split(None, 2) == ["main", "procedure", "knee arthroscopy"]
    assert lines[2].split(None, 1) == ["because", "title names 'Knee Arthroscopy'"]


def test_explain_shows_title_region_and_the_kind_of_each_heading(builds: Builds) -> None:
    out = builds["explain"][0].stdout
    lines = _lines(out)
    assert "title           Knee Arthroscopy  (from the text)" in lines
    assert "body region     knee" in lines
    rows = {tuple(line.rsplit(None, 1)) for line in lines}
    assert ("Risks", "risks") in rows
    assert ("sections        Knee Arthroscopy", "title") in rows
    assert "judged facts" not in out  # facts only with --explain-facts


def test_explain_facts_gives_each_fact_its_frame_cue_and_subject_reason(builds: Builds) -> None:
    lines = _lines(builds["facts"][0].stdout)
    assert any(line.startswith("judged facts") for line in lines)
    at = lines.index("knee arthroscopy hasPossibleComplication infection")
    sentence = "Knee arthroscopy can cause an infection of the small wounds."
    assert lines[at - 1] == f"\u201c{sentence}\u201d"
    assert re.fullmatch(r"(frame \w+|no frame) \((lead-in )?(cue '[^']+'|section '\w+'|"
                        r"class default)\); subject: .+", lines[at + 1]), lines[at + 1]


def test_explain_does_not_change_the_graph(builds: Builds) -> None:
    plain = _facts_only(builds["plain"][1])
    assert (None, OKG.hasPossibleComplication, None) in plain
    for name in ("explain", "facts"):
        assert isomorphic(plain, _facts_only(builds[name][1])), name


def test_without_explain_nothing_is_printed_or_kept(builds: Builds, leaflet: Path) -> None:
    assert builds["plain"][0].stdout == ""
    from orthokg.loaders.pipeline import build_graph

    assert build_graph([leaflet]).explanations == []
    assert [e.main for e in build_graph([leaflet], explain=True).explanations] == [
        "knee arthroscopy"]


def test_explain_with_keep_going_explains_the_documents_that_built(leaflet: Path,
                                                                   tmp_path: Path) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    done = _build(str(leaflet), str(broken), "--out", str(tmp_path / "kg.ttl"),
                  "--keep-going", "--explain", "-q")
    assert done.returncode == 2, done.stderr
    assert "broken.txt" in done.stderr
    assert "knee-arthroscopy.md" in done.stdout and "broken.txt" not in done.stdout
    # one explanation: one "main procedure" row
    assert [line for line in done.stdout.splitlines()
            if line.startswith("main procedure")] != [] and \
        sum(line.startswith("main procedure") for line in done.stdout.splitlines()) == 1
