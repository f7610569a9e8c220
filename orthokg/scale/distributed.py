"""Extraction on a Dask distributed cluster, given its scheduler address.

Why Dask distributed rather than Ray: it is pure Python on PyPI (a few MB, no
platform-specific runtime), a scheduler and workers start with two commands
(``dask scheduler``, ``dask worker ADDRESS``) or in-process (``LocalCluster``, which the
tests use), and ``Client.map`` over documents is all a build needs. Ray's wheels are
hundreds of MB with their own object store and dashboard, which a per-document map
does not use.

The task is :func:`orthokg.loaders.pipeline.extract_one`, the same one local processes
run, so a document extracts the same wherever it runs. Each worker process builds its
annotator once and keeps it. Workers
read the documents by path: they must see the same files (a shared folder), as Dask
workers usually do. Outcomes are taken back in the order of the paths, and resolution
runs in the client, so the output is identical to ``--jobs 1``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from orthokg.errors import OrthoKGError
from orthokg.scale.parallel import Task

__all__ = ["extract_on_cluster"]

#: Futures submitted ahead of the one being taken back: enough to keep every worker
#: busy, few enough that finished outcomes never pile up in the client's memory.
AHEAD = 64
T = TypeVar("T")


def extract_on_cluster(paths: Sequence[Path], scheduler: str, task: Task[T],
                       explain: bool = False, timeout: float = 30.0) -> Iterator[T]:
    """``task(path, explain)`` of each of ``paths``, in order, on the cluster at
    ``scheduler`` (the workers are sent absolute paths)."""
    try:
        from distributed import Client, Future
    except ImportError as exc:
        raise OrthoKGError("--scheduler needs Dask distributed: pip install "
                           "'orthokg[cluster]'") from exc
    try:
        client = Client(scheduler, timeout=timeout)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        raise OrthoKGError(f"{scheduler}: cannot reach the Dask scheduler: {exc}") from exc
    with client:
        pending: deque[Future[T]] = deque()
        queue = iter(paths)

        def submit() -> None:
            for path in queue:
                pending.append(client.submit(task, Path(path).resolve(), explain,
                                             pure=False))
                return

        for _ in range(AHEAD):
            submit()
        while pending:
            yield pending.popleft().result()
            submit()
