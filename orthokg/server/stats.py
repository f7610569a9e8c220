"""Counts that describe the dataset (VoID, service description), computed once and cached.

Counting distinct triples and grouping by class or property reads the whole store, so
it is done on first request rather than at start-up (the endpoint is usable at once),
cached, and recomputed only after an update changed the data.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from orthokg.server.fetch import integer, select, value
from orthokg.server.pool import QueryPool

Counted = tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class DatasetStats:
    """Sizes of the union of all graphs and of each class, property and named graph."""

    triples: int
    subjects: int
    objects: int
    classes: Counted
    properties: Counted
    graphs: Counted


def _counted(rows: list[dict[str, dict[str, str]]], key: str, count: str) -> Counted:
    return tuple((str(value(row, key)), integer(row, count)) for row in rows
                 if row.get(key, {}).get("type") == "uri")


async def gather(pool: QueryPool, timeout: float) -> DatasetStats:
    """Run the four counting queries (each under ``timeout``)."""
    totals = (await select(pool, "dataset-totals", timeout) or [{}])[0]
    classes = await select(pool, "dataset-classes", timeout)
    properties = await select(pool, "dataset-properties", timeout)
    graphs = await select(pool, "dataset-graphs", timeout)
    return DatasetStats(
        integer(totals, "triples"), integer(totals, "subjects"), integer(totals, "objects"),
        _counted(classes, "class", "entities"), _counted(properties, "property", "triples"),
        _counted(graphs, "graph", "triples"))


class StatsCache:
    """The latest :class:`DatasetStats`, recomputed when the pool applied an update."""

    def __init__(self, pool: QueryPool, timeout: float) -> None:
        self._pool = pool
        self._timeout = timeout
        self._lock = asyncio.Lock()
        self._stats: DatasetStats | None = None
        self._generation = -1

    async def get(self) -> DatasetStats:
        """The counts; one computation at a time, concurrent callers share it.
        Raises :class:`orthokg.server.fetch.FetchFailed` if a counting query fails."""
        async with self._lock:
            if self._stats is None or self._generation != self._pool.generation:
                generation = self._pool.generation
                self._stats = await gather(self._pool, self._timeout)
                self._generation = generation
            return self._stats
