"""A build: documents in, one graph (TBox + facts + provenance) out, plus a report.

Bad documents are collected as report entries (level, document, message) instead of
being printed ad hoc; with ``keep_going`` the good ones still build, without it the
first bad one stops the build before anything is written. With ``explain`` the
extractor also keeps, per document, why it read the page as it did (main procedure,
section kinds, other subjects, judged facts); it only records, so the graph is the same.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from orthokg.errors import DocumentError
from orthokg.loaders.model import Extraction, Fact
from orthokg.loaders.reading.readers import iter_document_paths, read_document
from orthokg.loaders.recognition.annotator import default_annotator
from orthokg.loaders.relations.extractor import Explanation, Extractor
from orthokg.loaders.writing.graph_writer import write_extractions
from orthokg.loaders.writing.resolution import (
    ConceptRegistry,
    dropped_message,
    resolve_extraction,
)
from orthokg.ontology.data_ontology import set_data_header
from orthokg.ontology.lexicon import Concept, load_lexicon
from orthokg.ontology.tbox import tbox_graph
from orthokg.ontology.vocab import slugify
from orthokg.scale.cache import ExtractionCache
from orthokg.scale.parallel import extract_documents

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

    def get(self, explain: bool) -> Extractor:
        if self.extractor is None or self.explain != explain:
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


def _concepts(extractions: Sequence[Extraction], registry: ConceptRegistry) -> list[Concept]:
    """Final records of every concept a fact or quantity uses (made-up ones merged)."""
    found: dict[str, Concept] = {}
    for ex in extractions:
        found.update((slugify(c.label), c) for c in ex.concepts)
        for q in ex.quantities:
            found.update((slugify(c.label), c) for c in (q.subject, q.about) if c is not None)
    merged = dict(registry.by_slug)
    return [merged.get(slug, concept) for slug, concept in found.items()]


def extract_all(paths: Iterable[Path], keep_going: bool, progress: Progress | None,
                explanations: list[Explanation] | None = None, jobs: int = 1,
                scheduler: str | None = None, cache: ExtractionCache | None = None
                ) -> tuple[list[Extraction], list[ReportEntry], ConceptRegistry]:
    """Extract every document; with ``explanations`` given, append each one's reasons.

    Extraction runs on ``jobs`` local processes, or on the Dask cluster whose
    ``scheduler`` address is given; resolution into the one concept registry runs here,
    in the order of the paths, so the result is the same however it was spread.
    With a ``cache``, documents whose bytes it holds are not extracted again and the
    ones extracted are added to it.
    The explanations go to a list the caller owns rather than into the return value so
    the usual call (no explanations) stays as it was and pays nothing for them.
    """
    missing: list[DocumentError] = []
    files = iter_document_paths(list(paths), missing if keep_going else None)
    registry = ConceptRegistry(load_lexicon())
    extractions: list[Extraction] = []
    report = [ReportEntry("error", str(e.path), str(e)) for e in missing]
    explain = explanations is not None
    kept = {} if cache is None or explain else {p: cache.get(p) for p in files}
    fresh = [p for p in files if kept.get(p) is None]
    if scheduler is not None:
        from orthokg.scale.distributed import extract_on_cluster

        extracted = extract_on_cluster(fresh, scheduler, extract_one, explain)
    else:
        extracted = extract_documents(fresh, extract_one, jobs, explain, warm_up)
    # In path order; the path as given (a cluster was sent the absolute one).
    outcomes = (Outcome(p, kept[p]) if kept.get(p) is not None else
                _as_given(p, next(extracted)) for p in files)
    for number, outcome in enumerate(outcomes, start=1):
        if progress:
            progress(number, len(files), outcome.path)
        if outcome.error is not None or outcome.extraction is None:
            if not keep_going:
                raise DocumentError(outcome.path, _problem(outcome))
            report.append(ReportEntry("error", str(outcome.path), outcome.error or ""))
            continue
        if cache is not None and kept.get(outcome.path) is None:
            cache.put(outcome.path, outcome.extraction)
        dropped: list[Fact] = []
        extractions.append(resolve_extraction(outcome.extraction, registry, dropped))
        report.extend(ReportEntry("warning", f.doc_id, dropped_message(f)) for f in dropped)
        if explanations is not None and outcome.explanation is not None:
            explanations.append(outcome.explanation)
    return extractions, report, registry


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
    for ex in extractions:
        if not ex.facts:
            report.append(ReportEntry("warning", ex.document.doc_id,
                                      f"{ex.document.path}: no facts found"))
    return BuildResult(graph, extractions, report, explanations or [])
