"""What a worker checks before a request reaches the store, in order.

1. Code point escapes expanded once (:func:`~orthokg.server.sparql_text.expand_escapes`):
   the policy parser and the store then read the same characters.
2. Bounds on nesting and length (:func:`~orthokg.server.sparql_text.check_bounds`):
   bombs get 400 before any parser recurses into them.
3. The parse tree (:func:`~orthokg.server.query_guard.inspect`): ``SERVICE`` and
   ``LOAD`` are refused (403) unless the endpoint was started with ``--allow-service``.
4. For updates, the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` written in
   as ``USING`` clauses (400 when the update chooses its own graphs), and the result
   parsed again to confirm every ``DELETE``/``INSERT ... WHERE`` carries them.

Runs inside the worker process, so a request that is slow to parse is still bound by
the time limit and killed with the worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from orthokg.server.jobs import Job, UpdateJob
from orthokg.server.query_guard import Kind, inspect
from orthokg.server.sparql_text import Rejected, check_bounds, expand_escapes, measure
from orthokg.server.update_dataset import with_using

NO_SERVICE = ("this endpoint does not call other servers: SERVICE and LOAD are refused; "
              "start it with --allow-service to allow federated queries")
USING_CONFLICT = ("using-graph-uri / using-named-graph-uri cannot be combined with an "
                  "update that names its graphs itself (USING, USING NAMED or WITH)")


@dataclass(frozen=True, slots=True)
class Vetted:
    """The text to run and whether a query may be widened to the union of all graphs."""

    text: str
    union: bool = True


VETTED_CACHE_SIZE = 512


def vet(job: Job) -> Vetted:
    """The request ``job`` carries, ready to run, or :class:`Rejected`.

    Parsing with rdflib costs tens to hundreds of milliseconds, and the same texts come
    back again and again (the server's own page queries, the catalogue on the query
    page), so what passed is remembered per worker, keyed on everything it depends on.
    """
    if isinstance(job, UpdateJob):
        return _vet("update", job.text, job.allow_service, job.using_graphs,
                    job.using_named_graphs)
    return _vet("query", job.text, job.allow_service, (), ())


@lru_cache(maxsize=VETTED_CACHE_SIZE)
def _vet(kind: Kind, text: str, allow_service: bool, using_graphs: tuple[str, ...],
         using_named_graphs: tuple[str, ...]) -> Vetted:
    text = expand_escapes(text, kind)
    shape = measure(text)
    check_bounds(shape, kind)
    found = inspect(text, kind)
    if found.calls_out and not allow_service:
        raise Rejected(403, NO_SERVICE)
    if kind == "query":
        return Vetted(text, union=not found.names_dataset)
    if not (using_graphs or using_named_graphs):
        return Vetted(text)
    if found.chooses_graphs:
        raise Rejected(400, USING_CONFLICT)
    rewritten = with_using(text, shape.tokens, using_graphs, using_named_graphs)
    _check_using(rewritten, len(using_graphs) + len(using_named_graphs))
    return Vetted(rewritten)


def _check_using(rewritten: str, clauses: int) -> None:
    """Every operation with a WHERE now has exactly ``clauses`` USING clauses."""
    from rdflib.plugins.sparql.parser import parseUpdate

    tree = parseUpdate(rewritten)
    for operation in dict.get(tree, "request", []):
        if operation.name == "DeleteWhere" or (
                operation.name == "Modify" and len(dict.get(operation, "using", [])) != clauses):
            raise Rejected(400, "using-graph-uri / using-named-graph-uri could not be "
                                f"applied to the {operation.name} operation of this update")
