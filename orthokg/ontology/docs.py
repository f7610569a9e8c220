"""Human-readable documentation of the TBox: one HTML page made by pyLODE.

pyLODE (RDFLib/pyLODE) is what the RDFLib community uses to publish OWL ontologies; its
``OntPub`` profile renders the classes, the properties and the ontology metadata (title,
version IRI, licence) straight from ``orthokg.ttl``, so the page can never drift from the
ontology it documents. pyLODE is the optional ``docs`` extra; without it
:func:`ontology_html` raises :class:`~orthokg.errors.OrthoKGError` saying so.

Three defects of the pyLODE releases are contained here rather than spread to callers:

* pyLODE 3.4.1 reads its version from a ``pyproject.toml`` that its wheel does not ship
  (RDFLib/pyLODE#260), so ``import pylode`` fails; we provide ``pylode.version`` from
  the installed distribution's metadata before importing.
* ``pylode.profiles.supermodel.loader`` calls ``logging.basicConfig(level=DEBUG)`` on
  import and ``logging.info`` (which configures the root logger when it has no handler)
  while rendering; either would turn every library's logging on for the whole process,
  so the root logger is restored after pyLODE has run.
* pyLODE has no renderer for ``owl:oneOf``: a class expression listing individuals (the
  region classes' anchors, ``HipStructure`` = {hip region} or part of it) reaches its
  set-class renderer, which fails (``TypeError: unhashable type: 'list'``; so does any
  union nested in a union). In the copy it renders, a one-of inside a union is replaced
  by its individuals, members of the union itself, which means the same ("{hand, wrist
  region} or part of the hand ..." is "hand or wrist region or part of the hand ...").
"""

from __future__ import annotations

import importlib
import importlib.metadata
import logging
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rdflib import BNode, Graph
from rdflib.collection import Collection
from rdflib.namespace import OWL
from rdflib.term import Node

from orthokg.errors import OrthoKGError
from orthokg.ontology.tbox import copy_graph, tbox_graph

__all__ = ["ontology_html"]


def _provide_pylode_version() -> None:
    """Make ``pylode.version`` importable when the installed wheel cannot build it."""
    if "pylode.version" in sys.modules:
        return
    try:
        importlib.import_module("pylode.version")
    except FileNotFoundError:  # pyLODE 3.4.1: RDFLib/pyLODE#260
        module = types.ModuleType("pylode.version")
        # ModuleType declares no __version__ (the ignore below); pyLODE reads this one.
        module.__version__ = importlib.metadata.version("pylode")  # type: ignore[attr-defined]
        sys.modules["pylode.version"] = module


@contextmanager
def _root_logging_kept() -> Iterator[None]:
    """Keep pyLODE from configuring the root logger, and undo what it changes anyway.

    A handler on the root logger makes ``basicConfig`` and ``logging.info`` leave it
    alone; pyLODE's real failures are exceptions, not log records.
    """
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    quiet = logging.NullHandler()
    root.addHandler(quiet)
    try:
        yield
    finally:
        root.setLevel(level)
        for handler in root.handlers[:]:
            if handler is quiet or handler not in handlers:
                root.removeHandler(handler)


def _ontpub_class() -> Any:
    """pyLODE's ``OntPub`` (imported on first use: only ``orthokg docs`` needs it)."""
    try:
        _provide_pylode_version()
        from pylode import OntPub
    except ImportError as exc:
        raise OrthoKGError(f"pyLODE is needed for the docs: pip install 'orthokg[docs]' "
                           f"({exc})") from exc
    return OntPub


def ontology_html(tbox: Graph | None = None) -> str:
    """The documentation page of ``tbox`` (default: the shipped ``orthokg.ttl``).

    The graph is copied first: pyLODE adds its own inferred triples to the graph it is
    given, and the copy spells ``owl:oneOf`` as pyLODE can render it (module docstring).
    """
    source = _one_of_flattened(tbox_graph() if tbox is None else copy_graph(tbox))
    with _root_logging_kept():
        ontpub = _ontpub_class()(ontology=source)
        html: str = ontpub.make_html(include_css=True)
    return html


def _one_of_flattened(graph: Graph) -> Graph:
    """``graph`` with each one-of member of a union replaced by its individuals."""
    for union, listed in list(graph.subject_objects(OWL.unionOf)):
        members = list(Collection(graph, listed))
        flat: list[Node] = []
        for member in members:
            one_of = graph.value(member, OWL.oneOf)
            flat.extend([member] if one_of is None else Collection(graph, one_of))
        if flat != members:
            graph.remove((union, OWL.unionOf, listed))
            graph.add((union, OWL.unionOf, Collection(graph, BNode(), flat).uri))
    return graph


