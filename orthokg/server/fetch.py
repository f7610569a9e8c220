"""The server's own queries (pages, VoID, service description), run through the pool.

They are files in ``orthokg/server/sparql/`` like every other query, bound with
substitutions (never pasted), and run under the same time limit and worker processes
as client queries, so a page about a huge concept cannot stall the server either.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from orthokg.queries.packaged import packaged_query
from orthokg.server.jobs import Outcome, QueryJob
from orthokg.server.negotiation import RESULT_FORMATS, Format
from orthokg.server.pool import QueryPool

Binding = dict[str, dict[str, Any]]
"""One SELECT row as SPARQL JSON: variable -> {"type", "value", ...}; unbound are absent."""

INTERNAL_MAX_ROWS = 100_000


class FetchFailed(Exception):
    """An internal query did not answer; ``outcome`` is the response to pass on."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.body.decode("utf-8", "replace").strip())
        self.outcome = outcome


def sparql(name: str) -> str:
    """The text of ``orthokg/server/sparql/<name>.rq``."""
    return packaged_query("orthokg.server", f"sparql/{name}.rq")


def _job(name: str, bindings: Mapping[str, str], *, result: Format | None,
         graph: Format | None, max_rows: int) -> QueryJob:
    return QueryJob(sparql(name), result, graph, max_rows,
                    substitutions=tuple(sorted(bindings.items())))


async def select(pool: QueryPool, name: str, timeout: float,
                 bindings: Mapping[str, str] | None = None) -> list[Binding]:
    """Rows of the SELECT query ``name`` with IRIs bound to variables."""
    job = _job(name, bindings or {}, result=RESULT_FORMATS[0], graph=None,
               max_rows=INTERNAL_MAX_ROWS)
    outcome = await pool.run(job, timeout)
    if outcome.status != 200:
        raise FetchFailed(outcome)
    rows: list[Binding] = json.loads(outcome.body)["results"]["bindings"]
    return rows


async def ask(pool: QueryPool, name: str, timeout: float,
              bindings: Mapping[str, str] | None = None) -> bool:
    """The answer of the ASK query ``name`` with IRIs bound to variables."""
    job = _job(name, bindings or {}, result=RESULT_FORMATS[0], graph=None, max_rows=1)
    outcome = await pool.run(job, timeout)
    if outcome.status != 200:
        raise FetchFailed(outcome)
    return bool(json.loads(outcome.body)["boolean"])


async def construct(pool: QueryPool, name: str, timeout: float, fmt: Format,
                    max_rows: int, bindings: Mapping[str, str] | None = None) -> Outcome:
    """The CONSTRUCT query ``name`` serialised in ``fmt`` (any status passed back)."""
    job = _job(name, bindings or {}, result=None, graph=fmt, max_rows=max_rows)
    return await pool.run(job, timeout)


def value(row: Binding, name: str) -> str | None:
    """The lexical value of ``name`` in ``row``, or ``None`` when unbound.

    >>> value({"n": {"type": "literal", "value": "3"}}, "n"), value({}, "n")
    ('3', None)
    """
    cell = row.get(name)
    return None if cell is None else str(cell["value"])


def integer(row: Binding, name: str) -> int:
    """An integer cell (counts), 0 when unbound."""
    found = value(row, name)
    return int(found) if found is not None else 0
