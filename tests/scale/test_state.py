"""A rebuild keeps unchanged documents from the store's state (their traces through the
concept registry) without reading them; where a change earlier in path order alters
what the registry answers for a later, unchanged document, that document is resolved
again, and the store is still the one a full build gives. A state that does not read
is not used: the rebuild says so in one line and resolves every document."""

from __future__ import annotations

import hashlib
import json
import pickle
import shutil
from pathlib import Path

import pytest

from orthokg.ontology.lexicon import Concept, load_lexicon
from orthokg.queries.engines.oxigraph_engine import OxigraphEngine
from orthokg.queries.store import MARKER
from orthokg.scale.lines import LINES, updated_lines
from orthokg.scale.records import RECORDS_DIR
from orthokg.scale.state import FORMAT, STATE, DocumentTrace, StoreState, TracingRegistry
from orthokg.scale.stream import CONCEPTS_GRAPH
from tests.scale.test_incremental import _build, _graphs

# Written for these tests (not corpus text). The later page names a made-up concept
# ("thigh numbness") by one name; the earlier page, added and then removed, names it
# first and by another name, so the later page's concept record changes both times.
LATER = """Hip arthroscopy

Hip arthroscopy is keyhole surgery on the hip joint. It is done under general anaesthetic.

Risks
Possible complications include infection and numbness of the thigh.
"""
EARLIER = """Hip arthroscopy

Hip arthroscopy is keyhole surgery on the hip joint.

Risks
Some people have thigh numbness or numbness in the thigh after the operation.
"""
THIGH = "https://w3id.org/orthokg/id/thigh-numbness"


def _names(store: Path) -> set[str]:
    rows = OxigraphEngine.open(store).run(
        f"SELECT ?n WHERE {{ GRAPH <{CONCEPTS_GRAPH}> {{ <{THIGH}> skos:altLabel ?n }} }}")
    return {str(row[0]) for row in rows.rows}


def _same_as_full(docs: Path, store: Path, tmp_path: Path) -> None:
    full = tmp_path / "full"
    shutil.rmtree(full, ignore_errors=True)
    _build(docs, full)
    assert _graphs(store) == _graphs(full)
    assert json.loads((store / MARKER).read_text(encoding="utf-8")) == \
        json.loads((full / MARKER).read_text(encoding="utf-8"))
    version = "SELECT ?v WHERE { GRAPH ?g { ?o owl:versionIRI ?v } }"
    assert OxigraphEngine.open(store).run(version).rows == \
        OxigraphEngine.open(full).run(version).rows


@pytest.fixture()
def later(tmp_path: Path) -> tuple[Path, Path]:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "b_hip_arthroscopy.txt").write_text(LATER, encoding="utf-8")
    store = tmp_path / "store"
    _build(docs, store)
    return docs, store


def test_an_earlier_page_naming_a_later_pages_concept(later: tuple[Path, Path],
                                                      tmp_path: Path) -> None:
    """Added before it in path order, then removed: the unchanged later page's concept
    gains the earlier page's name, then loses it, as in a full build each time."""
    docs, store = later
    before = _names(store)
    assert "numbness in the thigh" not in before
    (docs / "a_hip_arthroscopy.txt").write_text(EARLIER, encoding="utf-8")
    _build(docs, store)
    assert "numbness in the thigh" in _names(store)
    _same_as_full(docs, store, tmp_path)
    (docs / "a_hip_arthroscopy.txt").unlink()
    _build(docs, store)
    assert _names(store) == before
    _same_as_full(docs, store, tmp_path)


def test_an_unchanged_page_is_kept_from_its_trace(later: tuple[Path, Path],
                                                  tmp_path: Path) -> None:
    """A page after the change whose concepts the change does not touch is not read."""
    docs, store = later
    (docs / "c_knee.txt").write_text("Knee arthroscopy\n\nKnee arthroscopy treats a torn "
                                     "meniscus. Infection can occur.\n", encoding="utf-8")
    _build(docs, store)
    output = _build(docs, store)
    assert "2 document graphs left as they were, 0 written" in output
    _same_as_full(docs, store, tmp_path)


@pytest.mark.parametrize("damage", ["truncated", "another format"])
def test_a_state_that_does_not_read_is_not_used(later: tuple[Path, Path], tmp_path: Path,
                                                damage: str) -> None:
    docs, store = later
    state = next((store / RECORDS_DIR).rglob(STATE))
    if damage == "truncated":
        state.write_bytes(state.read_bytes()[:40])
    else:  # a state of a future format
        state.write_bytes(pickle.dumps((FORMAT + 1, StoreState())))
    (docs / "a_hip_arthroscopy.txt").write_text(EARLIER, encoding="utf-8")
    output = _build(docs, store)
    notes = [line for line in output.splitlines() if STATE in line]
    assert len(notes) == 1 and notes[0].endswith("every document is resolved again"), output
    _same_as_full(docs, store, tmp_path)


def _made_up(label: str, *synonyms: str) -> Concept:
    return Concept(label, ("Symptom",), synonyms, source="text")


def test_a_replay_that_differs_leaves_the_registry_as_it_was() -> None:
    """A trace recorded without the earlier page does not replay after it, and the
    attempt takes back every write it made; one recorded with it replays."""
    alone = TracingRegistry(load_lexicon())
    concept = _made_up("thigh numbness", "numbness of the thigh")
    alone.resolve(concept)
    calls, answers = alone.take()
    trace = DocumentTrace("b.key", "b", "b", calls, answers, (), 1, 1, ())

    registry = TracingRegistry(load_lexicon())
    registry.resolve(_made_up("thigh numbness", "numbness in the thigh"))
    registry.take()
    tables = dict(registry.by_slug), dict(registry._by_key)
    assert not registry.replay(trace)
    assert (dict(registry.by_slug), dict(registry._by_key)) == tables

    again = TracingRegistry(load_lexicon())
    again.resolve(concept)
    again.take()
    assert again.replay(trace)


def test_the_writer_knows_what_changed(later: tuple[Path, Path], tmp_path: Path) -> None:
    """The lines the writer says it added or removed are the triples by which the new
    store differs from the old one, graph by graph (the checks look only there)."""
    import pyoxigraph as ox

    from orthokg.loaders.pipeline import stream_build
    from orthokg.scale.cache import ExtractionCache
    from orthokg.scale.checks import changed_triples, parsed
    from orthokg.scale.records import stage_store
    from orthokg.scale.stream import StoreWriter

    docs, store = later
    (docs / "a_hip_arthroscopy.txt").write_text(EARLIER, encoding="utf-8")
    with (docs / "b_hip_arthroscopy.txt").open("a", encoding="utf-8") as text:
        text.write("\nAfter the operation a blood clot in the leg can occur.\n")
    staged = tmp_path / "staged"
    staged.mkdir()
    working, records = stage_store(store, staged)
    writer = StoreWriter(working, tmp_path, records)
    cache = ExtractionCache.of_store(store)
    cache.stage(staged)
    stream_build([docs], writer, cache=cache)
    assert writer.state is not None and writer.diff is not None
    graphs = [str(g.value) for g in working.named_graphs() if isinstance(g, ox.NamedNode)]
    expected = changed_triples(ox.Store.read_only(str(store)), working, graphs)
    assert len(expected) == 3  # the new page's graph, the edited one's, the concepts graph
    assert parsed(writer.diff) == expected


def test_kept_lines_that_do_not_read_are_not_used(later: tuple[Path, Path],
                                                  tmp_path: Path) -> None:
    """The sorted lines the version is updated from, damaged: the version is computed
    from every document's record instead, and is the full build's; the lines are kept
    anew for the next rebuild."""
    docs, store = later
    kept = next((store / RECORDS_DIR).rglob(LINES))
    kept.write_bytes(kept.read_bytes()[:-200])
    (docs / "a_hip_arthroscopy.txt").write_text(EARLIER, encoding="utf-8")
    _build(docs, store)
    _same_as_full(docs, store, tmp_path)
    folder = next((store / RECORDS_DIR).rglob(LINES)).parent
    state, _ = StoreState.load(folder)
    assert state is not None
    assert hashlib.sha256((folder / LINES).read_bytes()).hexdigest() == state.lines_sha


def test_kept_lines_are_updated_block_by_block(tmp_path: Path) -> None:
    """Removed lines go, added ones come in order (one already there kept once), across
    block boundaries, and the hash is that of the result; other kept lines are refused."""
    lines = [f"<http://x/{i:05d}> <http://p> \"{i}\" ." for i in range(0, 3000, 2)]
    data = "".join(f"{line}\n" for line in lines).encode("utf-8")
    source, target = tmp_path / "old", tmp_path / "new"
    source.mkdir()
    (source / LINES).write_bytes(data)
    removed = lines[10:20]
    added = [f"<http://x/{i:05d}> <http://p> \"{i}\" ." for i in range(1, 3001, 7)]
    added.append(lines[30])
    done = updated_lines(source, hashlib.sha256(data).hexdigest(), target, removed, added,
                         block=500)
    expected = "".join(f"{line}\n" for line in sorted(set(lines) - set(removed) | set(added)))
    assert (target / LINES).read_text(encoding="utf-8") == expected
    whole = hashlib.sha256(expected.encode("utf-8")).hexdigest()
    assert done == (whole, f"c{whole[:12]}")
    assert updated_lines(source, "0" * 64, tmp_path / "other", removed, added) is None
    assert not (tmp_path / "other" / LINES).exists()


@pytest.mark.parametrize("block", [1, 64, 500, 1 << 20])
def test_a_small_change_is_applied_whatever_the_blocks(tmp_path: Path, block: int) -> None:
    """A change in one place (a line removed, one added beside it, one at either end)
    leaves every other line as it was, whether the blocks around it are copied as read
    or split into lines."""
    lines = [f"<http://x/{i:05d}> <http://p> \"{i}\" ." for i in range(0, 1500, 2)]
    data = "".join(f"{line}\n" for line in lines).encode("utf-8")
    source, target = tmp_path / "old", tmp_path / "new"
    source.mkdir()
    (source / LINES).write_bytes(data)
    removed = [lines[0], lines[400], lines[-1]]
    added = ['<http://x/00801> <http://p> "801" .', '<http://a> <http://p> "first" .',
             '<http://z> <http://p> "last" .']
    done = updated_lines(source, hashlib.sha256(data).hexdigest(), target, removed, added,
                         block=block)
    expected = "".join(f"{line}\n" for line in sorted(set(lines) - set(removed) | set(added)))
    assert (target / LINES).read_text(encoding="utf-8") == expected
    assert done is not None and done[0] == hashlib.sha256(expected.encode("utf-8")).hexdigest()
