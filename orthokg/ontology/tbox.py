"""Access to the hand-edited TBox (``orthokg.ttl``) shipped inside the package."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from orthokg.ontology.vocab import OKG


def tbox_path() -> Path:
    """Path of ``orthokg.ttl``; the source of truth that Protégé edits."""
    return Path(str(resources.files("orthokg.ontology") / "orthokg.ttl"))


@cache
def _tbox() -> Graph:
    graph = Graph()
    graph.parse(tbox_path(), format="turtle")
    return graph


#: rdflib's context-free store: a copy is one graph, never a dataset, and this store adds
#: and iterates triples in half the time of the default (no per-context indexes, no
#: event per triple), which is most of the cost of writing a built graph.
PLAIN_STORE = "SimpleMemory"


def copy_graph(graph: Graph) -> Graph:
    """A new graph with ``graph``'s statements and prefixes (blank nodes shared), for a
    caller that changes what it was given without touching the original."""
    copy = Graph(store=PLAIN_STORE)
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace)
    copy += graph
    return copy


def tbox_graph() -> Graph:
    """A fresh copy of the TBox, safe for the caller to add to."""
    return copy_graph(_tbox())


def tbox_statements() -> Graph:
    """The parsed TBox itself, shared and read-only: for callers that only look (a copy
    costs as much as a parse). Its blank nodes are those of every :func:`tbox_graph`."""
    return _tbox()


@cache
def declared_classes() -> frozenset[str]:
    """Local names of the ``okg:`` classes the TBox declares.

    >>> {"Procedure", "Complication", "Implant"} <= declared_classes()
    True
    """
    return frozenset(
        str(c)[len(str(OKG)):] for c in _tbox().subjects(RDF.type, OWL.Class)
        if str(c).startswith(str(OKG)))


@cache
def superclasses(local_name: str) -> frozenset[str]:
    """The class and every named ``okg:`` superclass of it (reflexive, transitive).

    >>> "Condition" in superclasses("Complication")
    True
    """
    graph = _tbox()
    found = {local_name}
    for sup in graph.transitive_objects(OKG[local_name], RDFS.subClassOf):
        if str(sup).startswith(str(OKG)):
            found.add(str(sup)[len(str(OKG)):])
    return frozenset(found)


@cache
def quantity_kinds() -> frozenset[str]:
    """Local names of the ``okg:QuantityKind`` individuals (what a number can measure).

    >>> {"RehabilitationTime", "SuccessRate"} <= quantity_kinds()
    True
    """
    return frozenset(str(k)[len(str(OKG)):] for k in _tbox().subjects(RDF.type, OKG.QuantityKind)
                     if str(k).startswith(str(OKG)))
