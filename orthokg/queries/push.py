"""Load the knowledge graph into any SPARQL 1.1 store (Virtuoso, GraphDB, Fuseki,
Oxigraph server, ...).

Two ways in, because stores differ in what they open to writers:

* ``gsp`` — the SPARQL 1.1 Graph Store HTTP Protocol: one ``PUT`` (replace) or ``POST``
  (append) per graph to the store's graph endpoint with ``?graph=IRI`` or ``?default``.
  The body is N-Triples sent as ``text/turtle`` (N-Triples is a subset of Turtle, the
  one syntax every GSP endpoint must read, and it serialises fastest).
* ``update`` — SPARQL 1.1 Update, for stores whose only write door is the update
  endpoint. Batches without blank nodes go as ``INSERT DATA``; a batch with blank nodes
  (the provenance axioms) goes as ``INSERT { ... } WHERE {}``, because Virtuoso refuses
  blank nodes in ``INSERT DATA``. To replace a graph, the batches are first inserted
  into a fresh staging graph and only when all of them succeeded is it moved over the
  graph (``MOVE SILENT GRAPH staging TO graph``): a failed push never drops a graph
  that was there, and its error says which graphs had already been replaced.

With ``per_document_graphs`` the graph is split like the local Oxigraph store (one named
graph per source document, the ontology, the concepts; see ``docs/ARCHITECTURE.md``), so
a re-built document can be replaced on its own and ``FROM NAMED`` works the same
locally and remotely. Blank nodes (the provenance axioms) are never split from their
triples: a blank node means one node only inside one request.
"""

from __future__ import annotations

import contextlib
import urllib.parse
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Literal as TypingLiteral

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from orthokg.errors import QueryError, StoreError
from orthokg.ontology.vocab import GRAPH_BASE
from orthokg.queries.engines.remote import (
    Credentials,
    http_error,
    send,
    sparql_client,
    transport_error,
)
from orthokg.queries.engines.values import sparql_term
from orthokg.queries.gsp_http import send_graph
from orthokg.queries.partition import CONCEPTS_GRAPH, ONTOLOGY_GRAPH
from orthokg.queries.partition import partition as store_partition

PushMethod = TypingLiteral["gsp", "update"]
PUSH_METHODS: tuple[PushMethod, ...] = ("gsp", "update")
DEFAULT_GRAPH = "default"
Triple = tuple[Node, Node, Node]


@dataclass(frozen=True, slots=True)
class Target:
    """Where and how to write: the endpoint is the GSP endpoint for ``gsp``, the update
    endpoint for ``update``."""

    endpoint: str
    method: PushMethod = "gsp"
    credentials: Credentials | None = None
    timeout: float = 120.0
    replace: bool = True
    batch_size: int = 5000


def _find(parent: dict[Node, Node], node: Node) -> Node:
    while parent[node] != node:
        parent[node] = parent[parent[node]]
        node = parent[node]
    return node


def bnode_closed_batches(triples: Iterable[Triple], batch_size: int) -> Iterator[list[Triple]]:
    """Batches of about ``batch_size`` triples that never split a blank node's triples.

    Triples that share a blank node (directly or through a chain of them) form one
    group; groups are packed whole, so a group larger than ``batch_size`` makes one
    larger batch rather than two halves that would become two different nodes.

    >>> from rdflib import Literal
    >>> a, b = BNode(), BNode()
    >>> x = URIRef("http://x")
    >>> t = [(a, x, x), (x, x, Literal(1)), (a, x, b), (b, x, x)]
    >>> [len(batch) for batch in bnode_closed_batches(t, 2)]
    [1, 3]
    """
    parent: dict[Node, Node] = {}
    groups: dict[Node, list[Triple]] = {}
    plain: list[Triple] = []
    for triple in triples:
        blanks = [term for term in (triple[0], triple[2]) if isinstance(term, BNode)]
        if not blanks:
            plain.append(triple)
            continue
        roots = [_find(parent, parent.setdefault(b, b)) for b in blanks]
        for other in roots[1:]:
            if other != roots[0]:
                parent[other] = roots[0]
        groups.setdefault(blanks[0], []).append(triple)
    merged: dict[Node, list[Triple]] = {}
    for anchor, members in groups.items():
        merged.setdefault(_find(parent, anchor), []).extend(members)
    batch: list[Triple] = []
    for group in [[t] for t in plain] + list(merged.values()):
        if batch and len(batch) + len(group) > batch_size:
            yield batch
            batch = []
        batch.extend(group)
    if batch:
        yield batch


def _data_term(term: Node, labels: dict[BNode, str]) -> str:
    if isinstance(term, BNode):
        return labels.setdefault(term, f"_:b{len(labels)}")
    return sparql_term(term)


def insert_data(triples: Iterable[Triple], graph_iri: URIRef | None) -> str:
    """One insert request: ``INSERT DATA`` without blank nodes, else a template with
    ``WHERE {}`` (one solution, so each blank-node label is one new node, as in the data).

    >>> x = URIRef("http://x")
    >>> print(insert_data([(x, x, x)], URIRef("http://g")))
    INSERT DATA { GRAPH <http://g> {
    <http://x> <http://x> <http://x> .
    } }
    >>> print(insert_data([(x, x, BNode())], None))
    INSERT {
    <http://x> <http://x> _:b0 .
    } WHERE {}
    """
    labels: dict[BNode, str] = {}
    lines = [" ".join(_data_term(term, labels) for term in triple) + " ." for triple in triples]
    body = "\n".join(lines)
    verb, tail = ("INSERT", " WHERE {}") if labels else ("INSERT DATA", "")
    if graph_iri is None:
        return f"{verb} {{\n{body}\n}}{tail}"
    return f"{verb} {{ GRAPH {sparql_term(graph_iri)} {{\n{body}\n}} }}{tail}"


def gsp_url(endpoint: str, graph_iri: URIRef | None) -> str:
    """The Graph Store Protocol URL naming one graph indirectly.

    >>> gsp_url("http://localhost:7878/store", URIRef("https://w3id.org/orthokg/graph/a b"))
    'http://localhost:7878/store?graph=https%3A%2F%2Fw3id.org%2Forthokg%2Fgraph%2Fa%20b'
    """
    separator = "&" if "?" in endpoint else "?"
    if graph_iri is None:
        return f"{endpoint}{separator}default"
    return f"{endpoint}{separator}graph={urllib.parse.quote(str(graph_iri), safe='')}"


def _gsp_write(target: Target, graph_iri: URIRef | None, part: Graph) -> None:
    url = gsp_url(target.endpoint, graph_iri)
    body = part.serialize(format="nt", encoding="utf-8")
    credentials = target.credentials
    try:
        reply = send_graph(url, "PUT" if target.replace else "POST", body,
                           timeout=target.timeout,
                           user=credentials.user if credentials else None,
                           password=credentials.password if credentials else None,
                           auth=credentials.auth if credentials else "basic")
    except OSError as exc:
        raise transport_error(target.endpoint, exc, target.timeout) from exc
    if reply.status >= 300:
        error = http_error(target.endpoint, reply.status, reply.body)
        raise StoreError(str(error))  # a 400 here is bad data or URL, not a query


def _update(target: Target, text: str) -> None:
    client = sparql_client(target.endpoint, target.timeout, target.credentials)
    client.setQuery(text)
    try:
        send(client, target.timeout)
    except QueryError as exc:  # our update text is valid: a 400 means the wrong URL
        raise StoreError(f"{exc} (is this the store's SPARQL Update URL?)") from exc


def staging_graph(graph_iri: URIRef | None) -> URIRef:
    """A fresh graph to build a replacement in before it takes the graph's place."""
    name = str(graph_iri) if graph_iri is not None else DEFAULT_GRAPH
    return URIRef(f"{GRAPH_BASE}staging/{uuid.uuid4().hex}?for={urllib.parse.quote(name)}")


def _update_write(target: Target, graph_iri: URIRef | None, part: Graph) -> None:
    into = staging_graph(graph_iri) if target.replace else graph_iri
    try:
        for batch in bnode_closed_batches(part, target.batch_size):
            _update(target, insert_data(batch, into))
    except StoreError:
        if into != graph_iri and into is not None:
            with contextlib.suppress(StoreError):  # best effort: the error that matters
                _update(target, f"DROP SILENT GRAPH {sparql_term(into)}")  # is the first
        raise
    if into != graph_iri and into is not None:
        destination = "DEFAULT" if graph_iri is None else f"GRAPH {sparql_term(graph_iri)}"
        _update(target, f"MOVE SILENT GRAPH {sparql_term(into)} TO {destination}")


def split_graphs(graph: Graph) -> dict[URIRef, Graph]:
    """The store's named graphs (:func:`orthokg.queries.partition.partition`), ontology
    and concepts first, then the documents in IRI order."""
    parts: dict[URIRef, Graph] = {ONTOLOGY_GRAPH: Graph(), CONCEPTS_GRAPH: Graph()}
    for triple, names in store_partition(graph):
        for name in names:
            parts.setdefault(name, Graph()).add(triple)
    firsts = [name for name in (ONTOLOGY_GRAPH, CONCEPTS_GRAPH) if len(parts[name])]
    return {name: parts[name] for name in firsts + sorted(set(parts) - set(firsts)
                                                          - {ONTOLOGY_GRAPH, CONCEPTS_GRAPH})}


def partition(graph: Graph, graph_iri: URIRef | None,
              per_document_graphs: bool) -> Iterator[tuple[URIRef | None, Graph]]:
    """The graphs to write: ``graph_iri`` alone, the store's per-document split, or the
    default graph (``None``)."""
    if graph_iri is not None or not per_document_graphs:
        yield graph_iri, graph
        return
    yield from split_graphs(graph).items()


def push(graph: Graph, endpoint: str, graph_iri: str | None = None,
         method: PushMethod = "gsp", per_document_graphs: bool = True, *,
         user: str | None = None, password: str | None = None,
         auth: TypingLiteral["basic", "digest"] = "basic", timeout: float = 120.0,
         replace: bool = True, batch_size: int = 5000,
         on_graph: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Write ``graph`` to the store at ``endpoint``; return triples written per graph.

    ``graph_iri`` puts everything in that one graph; otherwise ``per_document_graphs``
    chooses the per-document split or the default graph (key ``"default"``).
    ``replace`` replaces each graph written (GSP ``PUT``, or ``DROP`` then insert);
    without it triples are added. ``on_graph`` is told after each graph is written.
    Raises :class:`StoreError` (one line naming the endpoint) when the store refuses.
    """
    if method not in PUSH_METHODS:
        raise StoreError(f"unknown push method {method!r}; choose one of {', '.join(PUSH_METHODS)}")
    if not endpoint.startswith(("http://", "https://")):
        raise StoreError(f"{endpoint}: not an http(s) endpoint URL")
    if user is not None and password is None:
        raise StoreError(f"{endpoint}: --user {user} needs a password: set ORTHOKG_PASSWORD "
                         "or give --password")
    credentials = Credentials(user, password, auth) if user is not None and password is not None \
        else None
    target = Target(endpoint, method, credentials, timeout, replace, max(1, batch_size))
    write = _gsp_write if method == "gsp" else _update_write
    counts: dict[str, int] = {}
    for iri, part in partition(graph, URIRef(graph_iri) if graph_iri else None,
                               per_document_graphs):
        key = str(iri) if iri is not None else DEFAULT_GRAPH
        try:
            write(target, iri, part)
        except StoreError as exc:
            done = ", ".join(counts) or "none"
            raise StoreError(f"{exc}; graph {key} and those after it were left as they "
                             f"were; already {'replaced' if replace else 'written'}: {done}"
                             ) from exc
        counts[key] = counts.get(key, 0) + len(part)
        if on_graph is not None:
            on_graph(key, len(part))
    return counts
