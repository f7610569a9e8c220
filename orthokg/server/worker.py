"""A query worker: a separate process that owns a store and answers jobs from a pipe.

Why a process: a pyoxigraph query cannot be interrupted once it runs. In a thread a
timed-out query would keep a core busy until it ends (for a cross product, never), and
a handful of those would leave the endpoint unable to answer. A process can be killed
at the deadline; the pool then starts a fresh one. The worker imports only pyoxigraph
and the small job modules, so a replacement is ready in a fraction of a second (plus
loading the data when it comes from RDF files).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterable, Mapping
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox

from orthokg.io import oxigraph_format
from orthokg.server.config import Source
from orthokg.server.jobs import Job, Outcome, QueryJob, UpdateJob
from orthokg.server.results import serialize_boolean, serialize_solutions, serialize_triples
from orthokg.server.sandbox import deny_network
from orthokg.server.sparql_text import Rejected
from orthokg.server.vetting import Vetted, vet

T = TypeVar("T")


def open_store(source: Source, replay: Iterable[str] = ()) -> ox.Store:
    """The store a worker reads: the directory in place, or the files loaded in memory,
    then the updates applied since start-up replayed (in-memory data only)."""
    if source.store_dir is not None:
        directory = str(source.store_dir)
        return ox.Store(directory) if source.writable else ox.Store.read_only(directory)
    store = ox.Store()
    for path in source.kg_files:
        store.load(path=str(path), format=rdf_format(path))
    for update in replay:
        store.update(update)
    return store


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF syntax of ``path`` from its extension (``.owl`` is RDF/XML).

    >>> rdf_format(Path("kg.ttl")), rdf_format(Path("orthokg.owl"))
    (<RdfFormat Turtle>, <RdfFormat RDF/XML>)
    """
    found = oxigraph_format(path)
    if found is None:
        raise ValueError(f"{path}: unknown RDF format (use .ttl, .nt, .nq, .trig, .rdf, .jsonld)")
    return found


def _take(items: Iterable[T], limit: int) -> list[T]:
    """At most ``limit + 1`` items: enough to know the limit was passed."""
    return list(islice(items, limit + 1))


def _take_unique(items: Iterable[T], limit: int) -> list[T]:
    """Like :func:`_take` without repeats (CONSTRUCT over the union repeats a triple
    stored in several graphs), still stopping as soon as the limit is passed."""
    seen: dict[T, None] = {}
    for item in items:
        seen[item] = None
        if len(seen) > limit:
            break
    return list(seen)


def _too_many(limit: int, what: str) -> Outcome:
    return Outcome.error(
        413, f"the answer has more than {limit} {what}, the limit of this endpoint; "
             "narrow the query or page through it with LIMIT and OFFSET")


def _dataset(job: QueryJob, union: bool) -> dict[str, Any]:
    """Protocol graphs replace the dataset (an empty list means an empty graph set);
    without them the query reads the union of all graphs unless it names its own."""
    if job.default_graphs or job.named_graphs:
        return {"default_graph": [ox.NamedNode(g) for g in job.default_graphs],
                "named_graphs": [ox.NamedNode(g) for g in job.named_graphs]}
    return {"use_default_graph_as_union": union}


def _answer_solutions(answer: ox.QuerySolutions, job: QueryJob) -> Outcome:
    if job.result_format is None:
        return Outcome.error(406, "a SELECT answer cannot be sent in any type the request "
                                  "accepts")
    names = [v.value for v in answer.variables]
    rows = [list(solution) for solution in _take(answer, job.max_rows)]
    if len(rows) > job.max_rows:
        return _too_many(job.max_rows, "rows")
    body = serialize_solutions(names, rows, job.result_format)
    return Outcome(200, body, job.result_format.content_type)


def _answer_triples(answer: ox.QueryTriples, job: QueryJob,
                    prefixes: Mapping[str, str]) -> Outcome:
    if job.graph_format is None:
        return Outcome.error(406, "a graph answer cannot be sent in any type the request "
                                  "accepts")
    triples = _take_unique(answer, job.max_rows)
    if len(triples) > job.max_rows:
        return _too_many(job.max_rows, "triples")
    body = serialize_triples(triples, job.graph_format, prefixes)
    return Outcome(200, body, job.graph_format.content_type)


def run_query(store: ox.Store, job: QueryJob, vetted: Vetted,
              prefixes: Mapping[str, str]) -> Outcome:
    """Run the vetted text of ``job`` and serialise its answer."""
    substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(k): ox.NamedNode(v) for k, v in job.substitutions}
    answer = store.query(vetted.text, prefixes=dict(prefixes), base_iri=job.base_iri,
                         substitutions=substitutions or None, **_dataset(job, vetted.union))
    if isinstance(answer, ox.QueryBoolean):
        if job.result_format is None:
            return Outcome.error(406, "an ASK answer cannot be sent in any type the request "
                                      "accepts")
        fmt = job.result_format
        return Outcome(200, serialize_boolean(answer, fmt), fmt.content_type)
    if isinstance(answer, ox.QuerySolutions):
        return _answer_solutions(answer, job)
    return _answer_triples(answer, job, prefixes)


def execute(store: ox.Store, job: Job, prefixes: Mapping[str, str]) -> Outcome:
    """The outcome of one job; never raises for a problem of the query itself.
    Nothing reaches the store before :func:`~orthokg.server.vetting.vet` passed it."""
    what = "update" if isinstance(job, UpdateJob) else "query"
    try:
        vetted = vet(job)
        if isinstance(job, UpdateJob):
            store.update(vetted.text, prefixes=dict(prefixes), base_iri=job.base_iri)
            return Outcome(204, b"")
        return run_query(store, job, vetted, prefixes)
    except Rejected as exc:
        return Outcome.error(exc.status, exc.message)
    except SyntaxError as exc:
        return Outcome.error(400, f"the {what} does not parse: {exc}")
    except (ValueError, RuntimeError) as exc:
        return Outcome.error(400, f"the {what} cannot be run: {exc}")
    except OSError as exc:
        return Outcome.error(500, f"the store failed while running the {what}: {exc}")


def _exit_with_parent(parent_pid: int) -> None:
    """A worker whose web process died (even by SIGKILL) ends itself within a second."""
    while os.getppid() == parent_pid:
        time.sleep(1.0)
    os._exit(0)


JOB_STACK_BYTES = 512 * 1024 * 1024
"""Stack of the thread that parses and runs jobs. Parsers and the evaluator recurse per
nesting level and chained operator: 10,000 UNION branches overflow a main thread's
8 MiB and kill the process (segmentation fault), while on this stack (virtual memory,
touched only when used) the same query merely runs into the time limit. The request
bounds of :mod:`orthokg.server.sparql_text` refuse such queries first; the deep stack is
the second line."""
RECURSION_LIMIT = 100_000


def serve(conn: Connection) -> None:
    """Answer jobs on a thread with a deep stack (see :data:`JOB_STACK_BYTES`)."""
    sys.setrecursionlimit(RECURSION_LIMIT)
    threading.stack_size(JOB_STACK_BYTES)
    runner = threading.Thread(target=_serve, args=(conn,), name="orthokg-jobs")
    threading.stack_size(0)
    runner.start()
    runner.join()


def _serve(conn: Connection) -> None:
    """Open the store named in the first message, lose network access unless told to
    keep it (:mod:`orthokg.server.sandbox`), say ready (and whether the sandbox is on),
    answer jobs until told to stop (``None``) or the pipe closes."""
    source, replay, prefixes, allow_network = conn.recv()
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    try:
        store = open_store(source, replay)
    except (OSError, SyntaxError, ValueError, RuntimeError) as exc:  # RuntimeError: RocksDB
        conn.send(("error", f"{source.describe()}: cannot open: {exc}"))
        return
    sandboxed = False if allow_network else deny_network()
    conn.send(("ready", sandboxed))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send(execute(store, job, prefixes))


def main() -> None:
    """``python -m orthokg.server.worker FD``: serve jobs on the inherited socket FD."""
    serve(Connection(int(sys.argv[1])))


if __name__ == "__main__":
    main()
