"""Running the SELECT text a page shows, through the same pool, guard and limits as /sparql.

The question pages run queries a person can see and edit, so they get exactly the
treatment a client's query gets at the endpoint: SERVICE and LOAD refused unless the
server allows them, the union of all graphs unless the query names its own, the
server's time limit and row limit.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from orthokg.server.jobs import Outcome, QueryJob
from orthokg.server.negotiation import RESULT_FORMATS, Format
from orthokg.server.state import ServerState

Binding = dict[str, dict[str, Any]]
JSON_RESULTS = RESULT_FORMATS[0]


class QueryRefused(Exception):
    """The query was not run or did not answer; the message says why, in one line."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(slots=True)
class Solutions:
    """The variables and rows of a SELECT answer (rows as SPARQL JSON bindings)."""

    variables: list[str]
    rows: list[Binding] = field(default_factory=list)


def _job(state: ServerState, text: str, fmt: Format,
         substitutions: Mapping[str, str] | None, max_rows: int | None) -> QueryJob:
    """The worker vets the parsed query (SERVICE refused, the union of all graphs unless
    it names its own) exactly as for /sparql. ``max_rows`` replaces the server's row
    limit for a query that carries its own smaller LIMIT (a page and its neighbours)."""
    config = state.config
    return QueryJob(text, fmt, None, max_rows or config.max_rows,
                    substitutions=tuple(sorted((substitutions or {}).items())),
                    base_iri=config.endpoint_url, allow_service=config.allow_service)


async def outcome(state: ServerState, text: str, fmt: Format,
                  substitutions: Mapping[str, str] | None = None,
                  max_rows: int | None = None) -> Outcome:
    """The worker's answer to ``text`` in ``fmt`` (any status passed back)."""
    return await state.pool.run(_job(state, text, fmt, substitutions, max_rows),
                                state.config.timeout_s)


async def select(state: ServerState, text: str,
                 substitutions: Mapping[str, str] | None = None,
                 max_rows: int | None = None) -> Solutions:
    """Variables and rows of the SELECT ``text``; ``QueryRefused`` with the server's
    one-line reason when it does not answer (syntax, time limit, too many rows)."""
    answer = await outcome(state, text, JSON_RESULTS, substitutions, max_rows)
    if answer.status != 200:
        raise QueryRefused(answer.body.decode("utf-8", "replace").strip(), answer.status)
    document = json.loads(answer.body)
    if "results" not in document:
        raise QueryRefused("this page shows SELECT answers; an ASK query answers "
                           f"{document.get('boolean')}")
    return Solutions(list(document["head"]["vars"]), document["results"]["bindings"])
