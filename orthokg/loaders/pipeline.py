"""A build: documents in, one graph (TBox + facts + provenance) out, plus a report.

Bad documents are collected as report entries (level, document, message) instead of
being printed ad hoc; with ``keep_going`` the good ones still build, without it the
first bad one stops the build before anything is written. With ``explain`` the
extractor also keeps, per document, why it read the page as it did (main procedure,
section kinds, other subjects, judged facts); it only records, so the graph is the same.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from orthokg.errors import DocumentError
from orthokg.loaders.model import Extraction, Fact
from orthokg.loaders.reading.readers import iter_document_paths, read_document
from orthokg.loaders.writing.graph_writer import write_extractions
from orthokg.loaders.writing.resolution import (
    ConceptRegistry,
    dropped_message,
    resolve_extraction,
)
from orthokg.ontology.data_ontology import set_data_header
from orthokg.ontology.lexicon import Concept, Lexicon, load_lexicon
from orthokg.ontology.tbox import tbox_graph
from orthokg.ontology.vocab import slugify
from orthokg.scale.cache import ExtractionCache
from orthokg.scale.parallel import extract_documents
from orthokg.scale.patterns import FOCUS_LIMIT
from orthokg.scale.state import DocumentTrace, Replay, TracingRegistry, Unchanged, keep_concept

if TYPE_CHECKING:
    from orthokg.loaders.recognition.annotator import Annotator
    from orthokg.loaders.recognition.matcher import ConceptMatcher
    from orthokg.loaders.relations.extractor import Explanation, Extractor
    from orthokg.scale.stream import StoreWriter

Progress = Callable[[int, int, Path], None]


@dataclass(frozen=True, slots=True)
class ReportEntry:
    level: str
    document: str
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.message}"


@dataclass(slots=True)
class BuildResult:
    graph: Graph
    extractions: list[Extraction]
    report: list[ReportEntry] = field(default_factory=list)
    # Filled only by ``build_graph(..., explain=True)``: one per document extracted.
    explanations: list[Explanation] = field(default_factory=list)

    @property
    def errors(self) -> list[ReportEntry]:
        return [e for e in self.report if e.level == "error"]

    @property
    def built(self) -> int:
        return len(self.extractions)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one document: its extraction (and explanation), or why it failed.

    A failure travels as text: exceptions with extra constructor arguments do not
    survive pickling between processes.
    """

    path: Path
    extraction: Extraction | None = None
    explanation: Explanation | None = None
    error: str | None = None


class _Worker:
    """One extractor per process, made on first use and kept for every later document
    (the annotator costs seconds to build). A Dask worker may run several tasks in
    threads of one process: the lock keeps them from sharing the pipeline at once
    (start Dask workers with ``--nthreads 1`` and more processes to use more cores)."""

    def __init__(self) -> None:
        self.extractor: Extractor | None = None
        self.explain = False
        self.lock = threading.Lock()

    def use(self, annotator: Annotator, explain: bool) -> None:
        """Extract with ``annotator`` (a narrowed one) until :meth:`reset`."""
        from orthokg.loaders.relations.extractor import Extractor

        self.extractor = Extractor(annotator, explain=explain)
        self.explain = explain

    def reset(self) -> None:
        self.extractor = None

    def matcher(self) -> ConceptMatcher | None:
        """The phrase matcher of this process's extractor, if one was built."""
        return self.extractor.annotator.matcher if self.extractor is not None else None

    def get(self, explain: bool) -> Extractor:
        if self.extractor is None or self.explain != explain:
            # Imported here: spaCy and the annotator cost seconds, and a rebuild in
            # which no document changed extracts nothing.
            from orthokg.loaders.recognition.annotator import default_annotator
            from orthokg.loaders.relations.extractor import Extractor

            self.extractor = Extractor(default_annotator(), explain=explain)
            self.explain = explain
        return self.extractor


_WORKER = _Worker()


def warm_up(explain: bool = False) -> None:
    """Build this process's extractor now (a worker calls it as it starts)."""
    with _WORKER.lock:
        _WORKER.get(explain)


def extract_one(path: Path, explain: bool = False) -> Outcome:
    """Read and extract one document with this process's extractor: a pure function of
    the document and the lexicon, so it may run in any process, in any order."""
    with _WORKER.lock:
        extractor = _WORKER.get(explain)
        extractor.explanations.clear()
        try:
            extraction = extractor.extract(read_document(path))
        except DocumentError as exc:
            return Outcome(path, error=str(exc))
        explanation = extractor.explanations[-1] if extractor.explanations else None
    return Outcome(path, extraction, explanation)


class ConceptUse:
    """Which concepts the facts and quantities of a build use, collected document by
    document, so the concept nodes can be written once at the end without keeping the
    documents' extractions (memory stays flat in the number of documents)."""

    def __init__(self) -> None:
        self.found: dict[str, Concept] = {}

    def add(self, extraction: Extraction) -> None:
        self.add_concepts(extraction.concepts)
        for q in extraction.quantities:
            self.add_concepts(c for c in (q.subject, q.about) if c is not None)

    def add_concepts(self, concepts: Iterable[Concept]) -> None:
        self.found.update((slugify(c.label), c) for c in concepts)

    def concepts(self, registry: ConceptRegistry) -> list[Concept]:
        """Final records of every concept used (made-up ones merged)."""
        merged = dict(registry.by_slug)
        return [merged.get(slug, concept) for slug, concept in self.found.items()]


def _concepts(extractions: Sequence[Extraction], registry: ConceptRegistry) -> list[Concept]:
    """Final records of every concept a fact or quantity uses (made-up ones merged)."""
    use = ConceptUse()
    for ex in extractions:
        use.add(ex)
    return use.concepts(registry)


def extract_all(paths: Iterable[Path], keep_going: bool, progress: Progress | None,
                explanations: list[Explanation] | None = None, jobs: int = 1,
                scheduler: str | None = None, cache: ExtractionCache | None = None
                ) -> tuple[list[Extraction], list[ReportEntry], ConceptRegistry]:
    """Extract and resolve every document (see :func:`resolved_extractions`), kept."""
    registry = ConceptRegistry(load_lexicon())
    report: list[ReportEntry] = []
    extractions = [e for e in resolved_extractions(paths, registry, report, keep_going,
                                                   progress, explanations, jobs, scheduler,
                                                   cache) if isinstance(e, Extraction)]
    return extractions, report, registry


def resolved_extractions(paths: Iterable[Path], registry: ConceptRegistry,
                         report: list[ReportEntry], keep_going: bool = False,
                         progress: Progress | None = None,
                         explanations: list[Explanation] | None = None, jobs: int = 1,
                         scheduler: str | None = None, cache: ExtractionCache | None = None,
                         replay: Replay | None = None) -> Iterator[Extraction | Unchanged]:
    """Each document's extraction, resolved into ``registry``, in path order, one at a
    time (a streaming build writes and forgets each); problems go to ``report``, and
    with ``explanations`` given, each document's reasons are appended to it.

    Extraction runs on ``jobs`` local processes, or on the Dask cluster whose
    ``scheduler`` address is given; resolution into the one concept registry runs here,
    in the order of the paths, so the result is the same however it was spread.
    With a ``cache``, documents whose bytes it holds are not extracted again and the
    ones extracted are added to it (each entry is read when its turn comes).
    The explanations go to a list the caller owns rather than into the return value so
    the usual call (no explanations) stays as it was and pays nothing for them.
    With a ``replay`` (a rebuild of a store with a state), a document that resolves
    as last time comes as :class:`~orthokg.scale.state.Unchanged`, never read.
    """
    missing: list[DocumentError] = []
    files = iter_document_paths(list(paths), missing if keep_going else None)
    report.extend(ReportEntry("error", str(e.path), str(e)) for e in missing)
    explain = explanations is not None
    kept = set() if cache is None or explain else {p for p in files if cache.holds(p)}
    fresh = [p for p in files if p not in kept]
    narrowed = cache is not None and scheduler is None and (jobs == 1 or len(fresh) < 2) \
        and _narrow(cache, fresh, explain)
    try:
        yield from _resolved(files, fresh, kept, registry, report, keep_going, progress,
                             explanations, jobs, scheduler, cache, replay)
        if cache is not None:
            cache.patterns.keep(_WORKER.matcher())
    finally:
        if narrowed:
            _WORKER.reset()  # the next build of this process gets the whole matcher


def _narrow(cache: ExtractionCache, fresh: Sequence[Path], explain: bool) -> bool:
    """With few documents to extract (an incremental rebuild), this process's extractor
    gets an annotator matching only the lexicon phrases they can hold
    (:mod:`orthokg.scale.patterns`); True when it did."""
    if not fresh or len(fresh) > FOCUS_LIMIT:
        return False
    try:
        documents = [read_document(path) for path in fresh]
    except DocumentError:
        return False  # reported when its turn comes
    annotator = cache.patterns.annotator(documents)
    if annotator is None:
        return False
    _WORKER.use(annotator, explain)
    return True


def _resolved(files: list[Path], fresh: list[Path], kept: set[Path],
              registry: ConceptRegistry, report: list[ReportEntry], keep_going: bool,
              progress: Progress | None, explanations: list[Explanation] | None,
              jobs: int, scheduler: str | None, cache: ExtractionCache | None,
              replay: Replay | None) -> Iterator[Extraction | Unchanged]:
    """:func:`resolved_extractions` once the documents to extract are known."""
    explain = explanations is not None
    if scheduler is not None:
        from orthokg.scale.distributed import extract_on_cluster

        extracted = extract_on_cluster(fresh, scheduler, extract_one, explain)
    else:
        extracted = extract_documents(fresh, extract_one, jobs, explain, warm_up)
    for number, path in enumerate(files, start=1):
        unchanged = replay.unchanged(path) if replay is not None and path in kept else None
        if unchanged is not None:
            if progress:
                progress(number, len(files), path)
            yield unchanged
            continue
        outcome, reused = _outcome(path, path in kept, cache, extracted, explain)
        if progress:
            progress(number, len(files), outcome.path)
        if outcome.error is not None or outcome.extraction is None:
            if not keep_going:
                raise DocumentError(outcome.path, _problem(outcome))
            report.append(ReportEntry("error", str(outcome.path), outcome.error or ""))
            continue
        if cache is not None and not reused:
            cache.put(outcome.path, outcome.extraction)
        dropped: list[Fact] = []
        resolved = resolve_extraction(outcome.extraction, registry, dropped)
        report.extend(ReportEntry("warning", f.doc_id, dropped_message(f)) for f in dropped)
        if explanations is not None and outcome.explanation is not None:
            explanations.append(outcome.explanation)
        yield resolved


def _outcome(path: Path, kept: bool, cache: ExtractionCache | None,
             extracted: Iterator[Outcome], explain: bool) -> tuple[Outcome, bool]:
    """The outcome of ``path`` (its cache entry when ``kept``, else the next extracted
    one), and whether it came from the cache."""
    outcome = _kept(path, cache) if kept else None
    if outcome is not None:
        return outcome, True
    # In path order; the path as given (a cluster was sent the absolute one).
    return (_as_given(path, next(extracted)) if not kept else _extract_here(path, explain),
            False)


def no_facts_warning(extraction: Extraction) -> ReportEntry | None:
    """The report's warning for a document that gave no fact (listed after the others)."""
    if extraction.facts:
        return None
    return ReportEntry("warning", extraction.document.doc_id,
                       f"{extraction.document.path}: no facts found")


def _kept(path: Path, cache: ExtractionCache | None) -> Outcome | None:
    extraction = cache.get(path) if cache is not None else None
    return Outcome(path, extraction) if extraction is not None else None


def _extract_here(path: Path, explain: bool) -> Outcome:
    """A kept entry that no longer loads (removed or damaged since it was indexed):
    extracted here after all."""
    return extract_one(path, explain)


def _as_given(path: Path, outcome: Outcome) -> Outcome:
    return Outcome(path, outcome.extraction, outcome.explanation, outcome.error)


def _problem(outcome: Outcome) -> str:
    """The failure text without the path in front (DocumentError adds it back)."""
    text = outcome.error or "no extraction"
    prefix = f"{outcome.path}: "
    return text[len(prefix):] if text.startswith(prefix) else text


def build_graph(paths: Iterable[Path | str], *, keep_going: bool = False,
                progress: Progress | None = None, explain: bool = False, jobs: int = 1,
                scheduler: str | None = None, cache: ExtractionCache | None = None
                ) -> BuildResult:
    """Read, extract and write every document under ``paths`` into one new graph.

    ``explain`` also fills :attr:`BuildResult.explanations`; the graph does not change.
    ``jobs`` local processes (or a Dask ``scheduler`` address) share the extraction;
    the graph is the same for any of them. A ``cache`` (:mod:`orthokg.scale.cache`)
    makes the build incremental: unchanged documents are not extracted again.
    """
    explanations: list[Explanation] | None = [] if explain else None
    extractions, report, registry = extract_all((Path(p) for p in paths), keep_going,
                                                progress, explanations, jobs, scheduler,
                                                cache)
    graph = tbox_graph()
    write_extractions(graph, extractions, _concepts(extractions, registry))
    set_data_header(graph, imports=False)  # the data's own ontology IRI and version IRI
    report += [w for w in map(no_facts_warning, extractions) if w is not None]
    return BuildResult(graph, extractions, report, explanations or [])


@dataclass(slots=True)
class StreamResult:
    """What a streaming build wrote: counts and the report, not the graph (it is in the
    store)."""

    documents: dict[str, Path]  # doc id -> path, in path order
    facts: int
    triples: int
    counts: dict[str, int]
    report: list[ReportEntry] = field(default_factory=list)
    explanations: list[Explanation] = field(default_factory=list)
    #: Documents whose graph an incremental build left as the store held it.
    kept: int = 0

    @property
    def built(self) -> int:
        return len(self.documents)

    @property
    def errors(self) -> list[ReportEntry]:
        return [e for e in self.report if e.level == "error"]


def stream_build(paths: Iterable[Path | str], writer: StoreWriter, *, keep_going: bool = False,
                 progress: Progress | None = None, explain: bool = False, jobs: int = 1,
                 scheduler: str | None = None, cache: ExtractionCache | None = None
                 ) -> StreamResult:
    """:func:`build_graph`, written into ``writer``'s store document by document: each
    document's extraction is resolved, written into its named graph and forgotten, so
    memory does not grow with the corpus. The store then holds the graph
    ``build_graph`` gives, in the layout of ``write_store``."""
    explanations: list[Explanation] | None = [] if explain else None
    lexicon = load_lexicon()
    # With records (a store), each document's trace is kept for the next rebuild.
    registry = TracingRegistry(lexicon) if writer.records is not None else \
        ConceptRegistry(lexicon)
    replay = None
    if writer.state is not None and writer.records is not None and cache is not None:
        assert isinstance(registry, TracingRegistry)
        replay = Replay(writer.state, registry, cache, writer.records)
    report: list[ReportEntry] = []
    use = ConceptUse()
    documents: dict[str, Path] = {}
    empty: list[ReportEntry] = []
    mark = 0
    for item in resolved_extractions((Path(p) for p in paths), registry, report,
                                     keep_going, progress, explanations, jobs,
                                     scheduler, cache, replay):
        if isinstance(item, Unchanged):
            trace = item.trace
            writer.keep(trace)
            writer.traces[trace.key] = trace
            use.add_concepts(c if isinstance(c, Concept) else _lexicon_concept(lexicon, c)
                             for c in trace.used)
            documents[trace.doc_id] = item.path
            report.extend(ReportEntry("warning", trace.doc_id, m) for m in trace.dropped)
            if not trace.facts:
                empty.append(ReportEntry("warning", trace.doc_id,
                                         f"{item.path}: no facts found"))
            mark = len(report)
            continue
        extraction = item
        own, shared = writer.add(extraction)
        use.add(extraction)
        documents[extraction.document.doc_id] = extraction.document.path
        warning = no_facts_warning(extraction)
        if warning is not None:
            empty.append(warning)
        if isinstance(registry, TracingRegistry) and cache is not None:
            _trace(writer, registry, cache, extraction, own, shared, report[mark:])
        mark = len(report)
    if documents:
        writer.finish(use.concepts(registry))
    return StreamResult(documents, writer.facts, writer.triples, dict(writer.counts),
                        report + empty, explanations or [])


def _lexicon_concept(lexicon: Lexicon, label: str) -> Concept:
    concept = lexicon.get(label)
    if concept is None:  # the state is kept per lexicon version: cannot happen
        raise ValueError(f"the store's state names {label!r}, which the lexicon lacks")
    return concept


def _trace(writer: StoreWriter, registry: TracingRegistry, cache: ExtractionCache,
           extraction: Extraction, own: int, shared: tuple[int, ...],
           entries: list[ReportEntry]) -> None:
    """Keep what a rebuild needs to keep this document without reading it again."""
    from orthokg.scale.stream import graph_segment

    calls, answers = registry.take()
    doc = extraction.document
    key = cache.key(doc.path)
    if key is None:
        return  # unreadable now: simply not kept
    used = [*extraction.concepts, *(c for q in extraction.quantities
                                    for c in (q.subject, q.about) if c is not None)]
    dropped = tuple(e.message for e in entries
                    if e.level == "warning" and e.document == doc.doc_id)
    writer.traces[key] = DocumentTrace(key, doc.doc_id, graph_segment(extraction), calls,
                                       answers, tuple(map(keep_concept, used)),
                                       len(extraction.facts), own, shared, dropped)
