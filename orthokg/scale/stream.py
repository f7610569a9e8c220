"""A streaming build's writer: each document's triples go to its named graph in an
on-disk Oxigraph store as soon as the document is resolved, then are forgotten.

What a build must share across documents is small and bounded by the vocabulary, not
by the corpus: the concept registry (resolution), which concepts were used, and the
facts between concepts (written at once into ``graph/concepts``; the store keeps each
quad once, so a fact two documents state is one triple). Everything else a document
contributes (its node, its ``okg:mentionedIn`` links, the provenance axioms of its facts,
its quantities) is written into ``graph/<doc-id>`` and dropped from memory. At the end
the concept nodes are written from the registry and the data's ontology header from the
content version, which :class:`~orthokg.scale.sorted_digest.SortedDigest` computes
from the statements as they pass, in bounded memory.

Given :class:`~orthokg.scale.records.Records`, the writer updates a copy of a store it
wrote before: a document whose resolved extraction is the one its graph was written
from keeps its graph (its recorded lines feed the concepts graph and the version),
the others' graphs are replaced, the graphs of documents no longer built are removed,
and the concepts graph is written again. When the store also has a state
(:mod:`orthokg.scale.state`), a document kept from its trace is not read at all
(:meth:`StoreWriter.keep`), the concepts graph is edited (only the lines whose number
of stating documents went to or from zero, and the concept nodes and header that
changed), and the version comes from the store's kept sorted lines
(:mod:`orthokg.scale.lines`) with the removed and added lines applied; the writer
then also knows the lines by which each graph changed (:attr:`StoreWriter.diff`, what
the checks look at). Every build with records leaves a state and kept lines for the
next.

The triples and their graphs are those :func:`orthokg.loaders.pipeline.build_graph`
followed by :func:`orthokg.queries.store.write_store` give (the layout of
docs/ARCHITECTURE.md): ``tests/scale/test_streaming.py`` compares them graph by graph.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections import Counter
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from orthokg.errors import OrthoKGError
from orthokg.loaders.model import Extraction
from orthokg.loaders.writing.graph_writer import add_concept, add_lexicon_parts, write_document
from orthokg.ontology.data_ontology import DATA_ONTOLOGY_IRI, set_data_header
from orthokg.ontology.lexicon import Concept
from orthokg.ontology.tbox import tbox_graph, tbox_path
from orthokg.ontology.vocab import GRAPH_BASE, OKG, ONTOLOGY_IRI, PROV, RDF, document_iri
from orthokg.queries.engines.oxigraph_engine import to_oxigraph_triple
from orthokg.queries.packaged import packaged_query
from orthokg.scale.kept_lexicon import adopt_kept_lexicon, keep_lexicon
from orthokg.scale.lines import LINES, updated_lines
from orthokg.scale.records import Record, Records, fingerprint
from orthokg.scale.sorted_digest import SortedDigest, statement_lines
from orthokg.scale.state import DocumentTrace, StoreState

__all__ = ["CONCEPTS_GRAPH", "ONTOLOGY_GRAPH", "StoreWriter"]

Triple = tuple[Node, Node, Node]
ONTOLOGY_GRAPH = GRAPH_BASE + "ontology"
CONCEPTS_GRAPH = GRAPH_BASE + "concepts"
#: Quads gathered before one write to the store: fewer, larger RocksDB transactions.
BATCH = 20_000


@cache
def _tbox() -> tuple[tuple[Triple, ...], frozenset[Triple]]:
    """The TBox as the built graph holds it (its own header removed: the data has its
    own), and its triples without blank nodes (to recognise an ABox triple the TBox
    already states: the merge holds it once, in the ontology graph)."""
    triples = tuple(t for t in tbox_graph() if t[0] != ONTOLOGY_IRI)
    ground = frozenset(t for t in triples if not any(isinstance(x, BNode) for x in t))
    return triples, ground


@cache
def _tbox_lines() -> list[str]:
    """The TBox's statement lines, as the content version hashes them (its blank nodes
    labelled canonically: the dearest part, about a tenth of a second)."""
    return statement_lines(_tbox()[0])


@cache
def _tbox_source() -> str:
    """The SHA-256 of the TBox's file: what its lines are a function of."""
    return hashlib.sha256(tbox_path().read_bytes()).hexdigest()


def _tbox_digest(records: Records | None) -> str:
    """The hash of the TBox's lines (what ``records`` keep as the store's TBox): taken
    from the records when they were written from the same TBox file, else computed."""
    if records is not None and records.tbox_source == _tbox_source() and records.tbox:
        return records.tbox
    return hashlib.sha256("\n".join(sorted(_tbox_lines())).encode("utf-8")).hexdigest()[:32]


class _Triples(dict[Triple, None]):
    """One document's triples, each once, in the order written."""

    def add(self, triple: Triple, /) -> None:
        self[triple] = None


def _own_nodes(triples: Iterable[Triple]) -> set[Node]:
    """The nodes of one document's triples that only that document vouches for: the
    document node, its provenance axioms and its quantity statements."""
    return {s for s, p, o in triples
            if p == PROV.wasDerivedFrom or (p == RDF.type and o == OKG.SourceDocument)}


class StoreWriter:
    """Writes a build into ``store`` (open for writing) document by document."""

    def __init__(self, store: ox.Store, scratch: Path | None = None,
                 records: Records | None = None) -> None:
        self.store = store
        self.counts: Counter[str] = Counter()
        self.documents = 0
        self.facts = 0
        self.records = records
        #: Named graphs this build wrote or removed (none: the store is as it was).
        self.changed: list[str] = []
        #: Documents whose graph was left as the copied store held it.
        self.kept = 0
        #: The traces of this build's documents, by key (:mod:`orthokg.scale.state`).
        self.traces: dict[str, DocumentTrace] = {}
        #: The state of the store this build updates, when it can be used: unchanged
        #: documents are then kept from their traces and the concepts graph is edited.
        self.state: StoreState | None = None
        #: Why a state the store has could not be used ("" when none).
        self.note = ""
        #: Updating a store with a state: per named graph, the statement lines added or
        #: removed (what the checks look at), or None when not known.
        self.diff: dict[str, set[str]] | None = None
        self._seen: set[str] = set()
        self._digest = SortedDigest(scratch)
        self._pending: list[ox.Quad] = []
        self._text: list[str] = []
        self._pending_lines = 0
        self._table: dict[str, int] = {}
        self._shared: Counter[int] = Counter()
        self._old: dict[str, DocumentTrace] = {}
        self._released: set[str] = set()
        self._old_concepts: set[str] = set()
        # Updating a store with a state: the own lines of its documents' graphs removed
        # and added (None: not known), and the documents kept whole.
        self._removed: set[str] | None = set()
        self._added: set[str] = set()
        self._kept: list[str] = []
        self._copy = records is not None and records.copied
        triples, self._ground = _tbox()
        self.counts[ONTOLOGY_GRAPH] = len(triples)
        tbox = _tbox_digest(records)
        same_tbox = self._copy and records is not None and records.tbox == tbox
        #: Whether this process's lexicon is the one the store kept (:mod:`kept_lexicon`).
        self.kept_lexicon = False
        if same_tbox and records is not None:
            self.kept_lexicon = adopt_kept_lexicon(records.source)
            self.state, self.note = StoreState.load(records.source)
            if self.state is not None:
                self._updating(self.state)
                self.diff = {}
        if self._copy and self.state is None:
            # A copy of the store built before: the concepts graph is remade from every
            # document; the documents' own graphs are replaced one by one in add().
            store.remove_graph(ox.NamedNode(CONCEPTS_GRAPH))
        if records is not None:
            records.put_tbox(tbox, _tbox_source())
        if same_tbox:
            return  # the TBox the copy holds (its blank nodes kept)
        if self._copy:
            store.remove_graph(ox.NamedNode(ONTOLOGY_GRAPH))
        self._write(ONTOLOGY_GRAPH, triples)
        self.changed.append(ONTOLOGY_GRAPH)

    def _updating(self, state: StoreState) -> None:
        """Start from ``state``: its line table, how many documents state each line, its
        documents by graph, and the concepts graph's lines as the copied store holds them."""
        self._table = {line: i for i, line in enumerate(state.table)}
        self._shared = state.counts()
        self._old = {t.segment: t for t in state.traces.values()}
        self._old_concepts = {state.table[i] for i, n in self._shared.items() if n > 0} \
            | state.nodes

    def _index(self, line: str) -> int:
        index = self._table.get(line)
        if index is None:
            index = self._table[line] = len(self._table)
        return index

    def _release(self, segment: str) -> None:
        """The lines the store's former graph ``segment`` stated are stated once less."""
        old = self._old.get(segment)
        if old is not None and segment not in self._released:
            self._shared.subtract(old.shared)
            self._released.add(segment)

    def _write(self, name: str, triples: Iterable[Triple]) -> None:
        graph = ox.NamedNode(name)
        before = len(self._pending)
        self._pending.extend(ox.Quad(*to_oxigraph_triple(*t), graph) for t in triples)
        self._pending_lines += len(self._pending) - before
        self._spill()

    def _write_lines(self, name: str, lines: Iterable[str]) -> None:
        """Write statements given as N-Triples lines (the ones the digest takes, made
        once): Oxigraph parses them natively, much faster than building each term
        here. Only for lines without blank nodes (the writer mints none)."""
        before = len(self._text)
        self._text.extend(f"{line} <{name}> .\n" for line in lines)
        self._pending_lines += len(self._text) - before
        self._spill()

    def _spill(self) -> None:
        if self._pending_lines >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            self.store.extend(self._pending)
            self._pending = []
        if self._text:
            self.store.load("".join(self._text).encode("utf-8"), ox.RdfFormat.N_QUADS)
            self._text = []
        if self._pending_lines:
            self.store.flush()  # RocksDB's memtables to disk: memory stays flat
            self._pending_lines = 0

    def add(self, extraction: Extraction) -> tuple[int, tuple[int, ...]]:
        """Write one resolved document: its own triples into its graph, the facts and
        types it asserts about concepts into the concepts graph. With records, a
        document whose resolved extraction is the one its graph was written from keeps
        its graph; only its lines are taken (concepts graph and content version).
        Returns the number of its own triples and its lines about concepts (indices)."""
        segment = graph_segment(extraction)
        name = GRAPH_BASE + segment
        self._seen.add(segment)
        self.documents += 1
        self.facts += len(extraction.facts)
        mark = fingerprint(extraction) if self.records is not None else ""
        kept = self._unchanged(segment, mark)
        if kept is not None:
            own, shared = kept.own, kept.shared
            self.kept += 1
        else:
            own, shared = self._lines(extraction)
            if self.records is not None:
                if self._copy:
                    self.store.remove_graph(ox.NamedNode(name))
                self._note_diff(name, segment, own)
                self.records.put(segment, Record(mark, own, shared))
            self.changed.append(name)
            self._write_lines(name, own)
        indices = tuple(map(self._index, shared))
        self._release(segment)
        self._shared.update(indices)
        self._digest.add(own)
        self.counts[name] += len(own)
        return len(own), indices

    def _note_diff(self, name: str, segment: str, own: list[str]) -> None:
        """Note the lines by which the graph ``name`` changes (its former lines are in
        the current store's record); unknown when that record does not read."""
        if self.diff is None or self.records is None:
            return
        old = self.records.get(segment) if segment in self._old else None
        if old is None and segment in self._old:
            self.diff = self._removed = None
            return
        before, after = set(old.own if old is not None else ()), set(own)
        self.diff[name] = before ^ after
        if self._removed is not None:
            self._removed |= before - after
            self._added |= after - before

    def keep(self, trace: DocumentTrace) -> None:
        """A document that resolved as ``trace`` says it did last time: its graph and
        record stay, its lines about concepts are counted already (from the state), and
        its own lines are in the store's kept lines (:mod:`orthokg.scale.lines`)."""
        assert self.records is not None
        self._seen.add(trace.segment)
        self.documents += 1
        self.facts += trace.facts
        self.kept += 1
        self._kept.append(trace.segment)
        self.records.keep(trace.segment)
        self.counts[GRAPH_BASE + trace.segment] += trace.triples

    def _unchanged(self, segment: str, mark: str) -> Record | None:
        """The record of ``segment``'s graph if it was written from the same resolved
        extraction (the graph is then left as it is), else None."""
        if self.records is None:
            return None
        record = self.records.get(segment)
        if record is None or record.fingerprint != mark:
            return None
        self.records.keep(segment)
        return record

    def _lines(self, extraction: Extraction) -> tuple[list[str], list[str]]:
        """The document's statements as N-Triples lines: the ones of its own graph and
        the ones about concepts (the TBox's own statements left out: the ontology graph
        holds them)."""
        graph = write_document(_Triples(), extraction)
        own_nodes = _own_nodes(graph)
        own: list[str] = []
        shared: list[str] = []
        for triple in graph:
            if triple in self._ground:
                continue
            line = " ".join(t.n3() for t in triple)
            s, p, _ = triple
            if s in own_nodes or p in (OKG.mentionedIn, OKG.hasQuantity):
                own.append(line)
            else:
                shared.append(line)
        return own, shared

    def finish(self, concepts: Iterable[Concept]) -> URIRef:
        """Write the concept nodes and the data's ontology header; returns the version
        IRI. The concepts graph's count is taken from the store (a triple two
        documents wrote is one). Updating a store with a state, only the concepts
        graph's lines that changed are removed and added. With records, the new state
        is kept beside them."""
        if self._copy:
            self._remove_deleted()
        nodes = _Triples()
        concepts = list(concepts)
        for concept in concepts:
            add_concept(nodes, concept)
        add_lexicon_parts(nodes, concepts)  # the part-of links region classes rest on
        node_lines = {" ".join(t.n3() for t in triple) for triple in nodes
                      if triple not in self._ground}
        table = list(self._table)
        shared = {table[i] for i, n in self._shared.items() if n > 0}
        header = Graph()
        content, lines_sha = self._version(shared | node_lines)
        version = set_data_header(header, content, imports=False)
        header_lines = {" ".join(t.n3() for t in triple) for triple in header}
        lines = shared | node_lines | header_lines
        if self.state is not None:
            self._remove_lines(CONCEPTS_GRAPH, self._old_concepts - lines)
            self._write_lines(CONCEPTS_GRAPH, sorted(lines - self._old_concepts))
            if self.diff is not None:
                self.diff[CONCEPTS_GRAPH] = self._old_concepts ^ lines
        else:
            self._write_lines(CONCEPTS_GRAPH, sorted(lines))
        self.flush()
        self.counts[CONCEPTS_GRAPH] = _count(self.store, CONCEPTS_GRAPH)
        if self.records is not None:
            StoreState(self.traces, table, frozenset(node_lines | header_lines),
                       lines_sha).save(self.records.folder())
            keep_lexicon(self.records.source, self.records.folder(), self.kept_lexicon)
        return version

    def _version(self, concept_lines: set[str]) -> tuple[str, str]:
        """The content version, and the SHA-256 of the sorted lines kept for the next
        rebuild ("" when none are kept). Updating a store with a state, from its kept
        lines; otherwise (or when they do not read) from every statement."""
        if self.state is not None and self.records is not None and \
                self._removed is not None:
            before = {line for line in self._old_concepts if not _header(line)}
            done = updated_lines(self.records.source, self.state.lines_sha,
                                 self.records.folder(), self._removed | (before - concept_lines),
                                 self._added | (concept_lines - before))
            if done is not None:
                sha, version = done
                return version, sha
        self._digest.add(_tbox_lines())
        for segment in self._kept:  # their own lines were not read: read them now
            assert self.records is not None
            record = self.records.get(segment)
            if record is None:
                raise OrthoKGError(f"{self.records.source}: the record of {segment} does "
                                   "not read; build the store anew (a new --store DIR)")
            self._digest.add(record.own)
        self._digest.add(concept_lines)
        if self.records is None:
            return self._digest.version(), ""
        with (self.records.folder() / LINES).open("wb") as out:
            version = self._digest.version(out)
        return version, self._digest.hexdigest

    def _remove_lines(self, name: str, lines: Iterable[str]) -> None:
        """Remove statements given as N-Triples lines from the graph ``name``."""
        self.flush()
        text = "".join(f"{line} <{name}> .\n" for line in lines)
        for quad in ox.parse(text.encode("utf-8"), ox.RdfFormat.N_QUADS):
            self.store.remove(quad)

    def _remove_deleted(self) -> None:
        """Remove the graphs of the copied store's documents this build did not see."""
        self.flush()
        gone = sorted(graph.value for graph in self.store.named_graphs()
                      if isinstance(graph, ox.NamedNode)
                      and graph.value not in (ONTOLOGY_GRAPH, CONCEPTS_GRAPH)
                      and graph.value.removeprefix(GRAPH_BASE) not in self._seen)
        for name in gone:
            self.store.remove_graph(ox.NamedNode(name))
            self._release(name.removeprefix(GRAPH_BASE))
            self._note_diff(name, name.removeprefix(GRAPH_BASE), [])
        self.changed += gone

    @property
    def triples(self) -> int:
        return sum(self.counts.values())


def _count(store: ox.Store, graph: str) -> int:
    """The number of triples in the named graph ``graph``, counted by the store (a
    tenth of the time of taking every quad into Python)."""
    rows = store.query(packaged_query("orthokg.scale", "graph-size.rq"),
                       substitutions={ox.Variable("graph"): ox.NamedNode(graph)})
    assert isinstance(rows, ox.QuerySolutions)
    for row in rows:
        count = row["n"]
        assert isinstance(count, ox.Literal)
        return int(count.value)
    return 0


def _header(line: str) -> bool:
    """Whether ``line`` is a statement of the data's ontology header (not hashed)."""
    return line.startswith(f"<{DATA_ONTOLOGY_IRI}> ")


def graph_segment(extraction: Extraction) -> str:
    """The last segment of the named graph of the document of ``extraction``."""
    return str(document_iri(extraction.document.doc_id)).rsplit("/", 1)[-1]


def scratch_folder(near: Path) -> tempfile.TemporaryDirectory[str]:
    """A temporary folder for the digest's sorted runs, beside the outputs."""
    near.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(prefix=".orthokg-", dir=near)
