"""``--out`` and ``--store`` are one transaction: a failure at any step of writing them
leaves both as they were; success replaces both and leaves nothing beside them."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDFS, Graph, Literal, URIRef

import orthokg
from orthokg.errors import StoreError
from orthokg.outputs import BuildOutputs
from orthokg.queries.store import open_store
from tests.bad_input.conftest import Previous, fingerprint


@pytest.fixture(scope="module")
def new_graph(good_doc: Path) -> Graph:
    """A graph unlike the previous build's: one triple more."""
    graph = orthokg.build(good_doc)
    graph.add((URIRef("https://example.org/new"), RDFS.comment, Literal("the new build")))
    return graph


def test_file_step_failing_after_the_store_was_swapped_puts_the_store_back(
        previous: Previous, new_graph: Graph) -> None:
    outputs = BuildOutputs(previous.kg, previous.store)
    outputs.check()
    previous.kg.unlink()
    previous.kg.mkdir()  # the file's place taken while the build ran: rename fails
    (previous.kg / "inside").write_text("x", encoding="utf-8")
    kept = fingerprint(previous.kg, previous.store)
    with pytest.raises(StoreError, match="both left as they were"):
        outputs.write(new_graph)
    assert fingerprint(previous.kg, previous.store) == kept
    assert sorted(p.name for p in previous.kg.parent.iterdir()) == ["kg.ttl", "store"]


def test_store_step_failing_leaves_the_file_alone(previous: Previous, new_graph: Graph
                                                  ) -> None:
    in_the_way = previous.store.with_name("store.new")  # someone else's folder
    in_the_way.mkdir()
    (in_the_way / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(StoreError, match=r"store\.new"):
        BuildOutputs(previous.kg, previous.store).write(new_graph)
    assert previous.unchanged()
    assert (in_the_way / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert not list(previous.kg.parent.glob("*.tmp"))


def test_success_replaces_both_and_leaves_nothing_beside_them(
        previous: Previous, new_graph: Graph) -> None:
    BuildOutputs(previous.kg, previous.store).write(new_graph)
    assert not previous.unchanged()
    assert len(Graph().parse(previous.kg)) == len(new_graph)
    assert len(list(open_store(previous.store))) > 0
    assert sorted(p.name for p in previous.kg.parent.iterdir()) == ["kg.ttl", "store"]
