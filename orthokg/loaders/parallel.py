"""Extraction on several cores: the one step of a build that is a pure function of a
document (and the packaged lexicon), so it can run anywhere and in any order.

Everything that depends on the other documents (entity resolution in the shared
concept registry, writing, validation) stays in the calling process and takes the
extractions in the order of the paths, so a build's output is the same for any
number of workers. Each worker builds the annotator (the medspaCy pipeline, ~3 s) once
and reuses it for every document it is given.

Local processes use :mod:`multiprocessing` ("fork" where the platform has it, so a
worker starts with the parent's imports instead of paying them again). The same
per-document task runs on a Dask distributed cluster given its scheduler address
(:mod:`orthokg.loaders.distributed`).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from orthokg.errors import DocumentError
from orthokg.loaders.model import Extraction
from orthokg.loaders.reading.readers import read_document
from orthokg.loaders.relations.extractor import Explanation, Extractor

__all__ = ["Outcome", "extract_documents", "extract_one"]


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
            from orthokg.loaders.recognition.annotator import default_annotator

            self.extractor = Extractor(default_annotator(), explain=explain)
            self.explain = explain
        return self.extractor


_WORKER = _Worker()


def extract_one(path: Path, explain: bool = False) -> Outcome:
    """Read and extract one document with this process's extractor."""
    with _WORKER.lock:
        extractor = _WORKER.get(explain)
        extractor.explanations.clear()
        try:
            extraction = extractor.extract(read_document(path))
        except DocumentError as exc:
            return Outcome(path, error=str(exc))
        explanation = extractor.explanations[-1] if extractor.explanations else None
    return Outcome(path, extraction, explanation)


def _start_worker(explain: bool) -> None:
    _WORKER.get(explain)


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def extract_documents(paths: Sequence[Path], jobs: int = 1, explain: bool = False
                      ) -> Iterator[Outcome]:
    """The outcome of each of ``paths``, in their order, extracted by ``jobs`` processes.

    With ``jobs == 1`` (or a single document) everything runs here. Outcomes come back
    in order as soon as each is done, so a caller can write and forget them one by one.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if jobs == 1 or len(paths) < 2:
        for path in paths:
            yield extract_one(path, explain)
        return
    workers = min(jobs, len(paths))
    with _context().Pool(workers, initializer=_start_worker, initargs=(explain,)) as pool:
        yield from pool.imap(_extract_task, [(path, explain) for path in paths], chunksize=1)


def _extract_task(task: tuple[Path, bool]) -> Outcome:
    return extract_one(*task)
