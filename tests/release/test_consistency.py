"""The build never writes an inconsistent graph: a planted wrong fact is dropped and
reported with its evidence, and HermiT finds what is written consistent.

The planted fact ("total hip replacement has possible complication femoral stem") puts
a device where the TBox wants a complication; written as it is, HermiT finds the graph
inconsistent (checked below, so the fact really is wrong), which is why the build
must drop it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from rdflib import Graph

from orthokg.loaders.model import Document, Extraction, Fact
from orthokg.loaders.writing.graph_writer import add_fact, write_extractions
from orthokg.loaders.writing.resolution import (
    ConceptRegistry,
    dropped_message,
    resolve_extraction,
)
from orthokg.ontology.lexicon import Concept, load_lexicon
from orthokg.ontology.tbox import tbox_graph
from orthokg.reasoning.reasoner import reason

pytestmark = pytest.mark.java

EVIDENCE = "A femoral stem can come loose after the operation."  # written for this test


def _concept(label: str) -> Concept:
    concept = load_lexicon().get(label)
    assert concept is not None, label
    return concept


def _extraction() -> Extraction:
    thr, stem = _concept("total hip replacement"), _concept("femoral stem")
    loosening = _concept("implant loosening")
    document = Document("planted", Path("planted.txt"), "planted", "text/plain", "0" * 64,
                        [], datetime(2026, 1, 1, tzinfo=UTC))
    facts = [Fact(thr, "hasPossibleComplication", stem, "planted", EVIDENCE),
             Fact(thr, "hasPossibleComplication", loosening, "planted", EVIDENCE),
             Fact(thr, "usesDevice", stem, "planted", EVIDENCE)]
    return Extraction(document, thr, [thr, stem, loosening], facts, [])


def test_planted_wrong_fact_makes_the_graph_inconsistent_when_written() -> None:
    graph = tbox_graph()
    extraction = _extraction()
    write_extractions(graph, [extraction], extraction.concepts)
    add_fact(graph, extraction.facts[0])  # the wrong fact, bypassing resolution
    assert not reason(graph, "hermit").consistent


def test_build_drops_and_reports_the_wrong_fact_and_stays_consistent() -> None:
    dropped: list[Fact] = []
    resolved = resolve_extraction(_extraction(), ConceptRegistry(load_lexicon()), dropped)
    assert [(f.subject.label, f.prop, f.obj.label) for f in dropped] == [
        ("total hip replacement", "hasPossibleComplication", "femoral stem")]
    message = dropped_message(dropped[0])
    assert "dropped 'total hip replacement' hasPossibleComplication 'femoral stem'" in message
    assert EVIDENCE in message and message.startswith("planted: ")
    assert {f.prop for f in resolved.facts} == {"hasPossibleComplication", "usesDevice"}
    graph: Graph = tbox_graph()
    write_extractions(graph, [resolved], resolved.concepts)
    assert reason(graph, "hermit").consistent
