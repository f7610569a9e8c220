"""Extraction on several cores: the one step of a build that is a pure function of a
document (and the packaged lexicon), so it can run anywhere and in any order.

The task (:func:`orthokg.loaders.pipeline.extract_one`) is given by the caller.
Everything that depends on the other documents (entity resolution in the shared
concept registry, writing, validation) stays in the calling process and takes the
results in the order of the paths, so a build's output is the same for any number of
workers. Each worker builds the annotator (the medspaCy pipeline, ~3 s) once, when it
starts, and reuses it for every document it is given.

Local processes use :mod:`multiprocessing` ("fork" where the platform has it, so a
worker starts with the parent's imports instead of paying them again). The same task
runs on a Dask distributed cluster given its scheduler address
(:mod:`orthokg.scale.distributed`).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Generic, TypeVar

__all__ = ["default_jobs", "extract_documents"]

T = TypeVar("T")
Task = Callable[[Path, bool], T]


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


class _Call(Generic[T]):
    """``task(path, explain)`` for :meth:`Pool.imap`, which passes one argument."""

    def __init__(self, task: Task[T], explain: bool) -> None:
        self.task, self.explain = task, explain

    def __call__(self, path: Path) -> T:
        return self.task(path, self.explain)


def extract_documents(paths: Sequence[Path], task: Task[T], jobs: int = 1,
                      explain: bool = False, warm_up: Callable[[bool], object] | None = None
                      ) -> Iterator[T]:
    """``task(path, explain)`` of each of ``paths``, in their order, on ``jobs`` processes.

    With ``jobs == 1`` (or a single document) everything runs here. Results come back
    in order as soon as each is done, so a caller can write and forget them one by one.
    ``warm_up(explain)`` runs once in each worker as it starts (building the annotator).
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if jobs == 1 or len(paths) < 2:
        for path in paths:
            yield task(path, explain)
        return
    workers = min(jobs, len(paths))
    with _context().Pool(workers, initializer=warm_up, initargs=(explain,)) as pool:
        yield from pool.imap(_Call(task, explain), paths, chunksize=1)
