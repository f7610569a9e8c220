"""What a rebuild needs of an unchanged document without reading it again: the concept
registry's part in it, replayed.

A document's graph is a function of its raw extraction (kept by :mod:`orthokg.scale.cache`)
and of what the shared concept registry answers for each concept it names. Lexicon
concepts are answered as they are; only the concepts the loaders made up are looked
up and merged, and the registry's answers depend on every document before (resolution
runs in path order). So the store keeps, per document, the made-up concepts it gave the
registry, in order, and the answers it got (:class:`DocumentTrace`). A rebuild gives the
registry those same concepts again, document by document, in path order, and a document
whose answers are the recorded ones resolves exactly as last time: its graph, its
record, its share of the concepts graph and its report entries are the ones kept, and
its extraction is never read. Where an answer differs (a changed document earlier
named the concept first, or no longer does), the registry's writes for that document
are rolled back (:class:`TracingRegistry` journals them) and the document is read and
resolved in full, as a full build resolves it.

Beside the traces the state keeps the concepts graph's lines (each line with the number
of documents stating it, and the concept-node and header lines), so that a rebuild
adds and removes only the lines that change there instead of writing the graph again.

The state is one pickle in the records folder, written by OrthoKG into a store
directory the user owns, tagged with a format number; one that does not read
(damaged, another format) is not used: the rebuild then resolves
every document, as before, and says so in one line.
"""

from __future__ import annotations

import pickle
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from orthokg.loaders.writing.resolution import ConceptRegistry
from orthokg.ontology.lexicon import Concept, Lexicon
from orthokg.scale.cache import ExtractionCache
from orthokg.scale.records import Records

__all__ = ["STATE", "DocumentTrace", "Kept", "Replay", "StoreState", "TracingRegistry",
           "Unchanged", "keep_concept"]

STATE = "STATE.pickle"
FORMAT = 2
_MISSING = object()


#: A concept as a trace keeps it: a lexicon concept by its label (the lexicon has the
#: rest, and keeping every lexicon record in every trace made the state slow to read).
Kept = str | Concept


def keep_concept(concept: Concept) -> Kept:
    return concept.label if concept.source == "lexicon" else concept


@dataclass(frozen=True, slots=True)
class DocumentTrace:
    """One document's part in a build, enough to keep it without reading it again."""

    key: str                    # stem and SHA-256 of the file (the cache's key)
    doc_id: str
    segment: str                # last segment of its named graph
    calls: tuple[Concept, ...]  # made-up concepts given to the registry, in order
    answers: tuple[Kept, ...]   # what the registry answered for each
    used: tuple[Kept, ...]      # the concepts its facts and quantities use
    facts: int
    triples: int                # in its own named graph
    shared: tuple[int, ...]     # its lines about concepts, as indices in the line table
    dropped: tuple[str, ...] = ()  # its report's dropped-fact warnings


@dataclass(slots=True)
class StoreState:
    """The traces of a store's documents (by key) and its concepts graph's lines."""

    traces: dict[str, DocumentTrace] = field(default_factory=dict)
    #: Every line a document states about concepts; traces name them by index.
    table: list[str] = field(default_factory=list)
    #: The concepts graph's other lines: concept nodes and the data's header.
    nodes: frozenset[str] = frozenset()
    #: The SHA-256 of the store's sorted statement lines (:mod:`orthokg.scale.lines`).
    lines_sha: str = ""

    def counts(self) -> Counter[int]:
        """How many documents state each line of the table."""
        counts: Counter[int] = Counter()
        for trace in self.traces.values():
            counts.update(trace.shared)
        return counts

    def concept_lines(self) -> set[str]:
        """Every line the concepts graph holds."""
        return {self.table[i] for i, n in self.counts().items() if n > 0} | self.nodes

    def compacted(self) -> StoreState:
        """The same state with the lines no document states any more dropped from the
        table (a rebuild only appends to it)."""
        live = sorted(i for i, n in self.counts().items() if n > 0)
        if len(self.table) <= 2 * len(live) + 1_000:
            return self
        place = {old: new for new, old in enumerate(live)}
        traces = {key: replace(t, shared=tuple(place[i] for i in t.shared))
                  for key, t in self.traces.items()}
        return StoreState(traces, [self.table[i] for i in live], self.nodes, self.lines_sha)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / STATE).open("wb") as handle:
            pickle.dump((FORMAT, self.compacted()), handle, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def load(cls, folder: Path | None) -> tuple[StoreState | None, str]:
        """The state kept in ``folder``, or None and why it cannot be used ("" when the
        store simply has none: a store built before states were kept, or a first build)."""
        if folder is None or not (folder / STATE).is_file():
            return None, ""
        try:
            with (folder / STATE).open("rb") as handle:
                kept = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
                TypeError, ValueError, IndexError, KeyError):
            return None, f"{folder / STATE} does not read"
        if not (isinstance(kept, tuple) and len(kept) == 2 and kept[0] == FORMAT
                and isinstance(kept[1], cls)):
            return None, f"{folder / STATE} is of another format"
        return kept[1], ""


class _Journal(dict[str, Any]):
    """A dict that can log its writes, so they can be undone."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.log: list[tuple[str, object]] | None = None

    def __setitem__(self, key: str, value: Any) -> None:
        if self.log is not None:
            self.log.append((key, self.get(key, _MISSING)))
        super().__setitem__(key, value)

    def undo(self) -> None:
        assert self.log is not None
        for key, old in reversed(self.log):
            if old is _MISSING:
                del self[key]
            else:
                super().__setitem__(key, old)
        self.log = None


class TracingRegistry(ConceptRegistry):
    """The build's concept registry, noting each made-up concept it is given and its
    answer (:meth:`take` hands over one document's), and able to try a document's
    concepts and take its writes back (:meth:`replay`)."""

    def __init__(self, lexicon: Lexicon) -> None:
        super().__init__(lexicon)
        # Its two tables, journaled (the registry writes nothing else).
        self.by_slug = _Journal(self.by_slug)
        self._by_key = _Journal(self._by_key)
        self._calls: list[Concept] = []
        self._answers: list[Concept] = []

    def resolve(self, concept: Concept) -> Concept:
        answer = super().resolve(concept)
        if concept.source != "lexicon":
            self._calls.append(concept)
            self._answers.append(answer)
        return answer

    def take(self) -> tuple[tuple[Concept, ...], tuple[Kept, ...]]:
        """The made-up concepts given since the last call, and the answers."""
        taken = tuple(self._calls), tuple(map(keep_concept, self._answers))
        self._calls, self._answers = [], []
        return taken

    def replay(self, trace: DocumentTrace) -> bool:
        """Give the registry ``trace``'s concepts again: True when every answer is the
        recorded one (the document resolves as it did); otherwise the registry is put
        back as it was before the call, and False."""
        tables = (self.by_slug, self._by_key)
        for table in tables:
            assert isinstance(table, _Journal)
            table.log = []
        same = all(keep_concept(super(TracingRegistry, self).resolve(concept)) == answer
                   for concept, answer in zip(trace.calls, trace.answers, strict=True))
        for table in tables:
            assert isinstance(table, _Journal)
            if same:
                table.log = None
            else:
                table.undo()
        return same


@dataclass(frozen=True, slots=True)
class Unchanged:
    """A document kept as its trace says: no extraction read, no graph written."""

    path: Path
    trace: DocumentTrace


class Replay:
    """Which documents of a rebuild resolve as last time (see the module docstring)."""

    def __init__(self, state: StoreState, registry: TracingRegistry, cache: ExtractionCache,
                 records: Records) -> None:
        self.state, self.registry, self.cache, self.records = state, registry, cache, records
        self._used: set[str] = set()

    def unchanged(self, path: Path) -> Unchanged | None:
        """``path`` kept from its trace, when its bytes, its record and the registry's
        answers are the ones of last time (the registry is then where a full build
        leaves it after this document); None: read and resolve it."""
        key = self.cache.key(path)
        trace = self.state.traces.get(key) if key is not None else None
        if trace is None or trace.key in self._used:
            return None
        if not self.records.has(trace.segment) or not self.registry.replay(trace):
            return None
        self._used.add(trace.key)
        self.cache.carry(path)
        return Unchanged(path, trace)
