"""The input of a corpus-scale OWL 2 RL run, prepared without building an rdflib graph.

MEASURED.md and issue 10: wrapping ``reasonable`` around rdflib graphs cost 7x the
reasoner itself at 1M triples (rdflib parse, graph copy, conversion). Here the graph
stays in files and in Oxigraph: ``reasonable`` parses Turtle files itself
(``PyReasoner.load_file``; it reads ``.ttl`` and ``.n3`` only, so an N-Triples file, which
is valid Turtle, is handed over under a ``.ttl`` link), and an in-memory Oxigraph store
holds the same asserted triples for what the run must look up (is a closure triple
asserted? which schema axioms does the graph carry? which statements explain a clash?).

The packaged TBox is added unless the graph already holds it (:func:`holds_tbox`, true
of every build output). When added, it goes to ``reasonable`` as N-Triples with
Oxigraph's random blank-node labels: ``reasonable`` numbers anonymous blank nodes
``riog00000001``... afresh in each file it loads, so two Turtle files with ``[ ... ]``
nodes would share blank nodes.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from orthokg.errors import DocumentError
from orthokg.io import oxigraph_format
from orthokg.ontology.tbox import tbox_path
from orthokg.ontology.vocab import OWL, RDF
from orthokg.queries.packaged import packaged_query
from orthokg.queries.store import open_store

__all__ = ["RLInput", "prepared"]

#: Syntaxes ``reasonable`` reads itself (N-Triples is a subset of Turtle).
_READ_DIRECTLY = {".ttl", ".nt"}


@dataclass
class RLInput:
    """Turtle files for ``reasonable`` (TBox first) and the asserted graph in Oxigraph.

    ``store`` holds the graph's triples in its default graph (a quad file or a build's
    store is merged into one graph, as :func:`orthokg.export.read.read_graph` merges it).
    """

    source: Path
    files: tuple[Path, ...]
    store: ox.Store

    @property
    def asserted(self) -> int:
        """How many distinct triples the graph asserts."""
        return len(self.store)


def _syntax_error(path: Path, fmt: ox.RdfFormat, exc: Exception) -> DocumentError:
    return DocumentError(path, f"not valid {fmt.name}: {' '.join(str(exc).split())}")


def _load_file(path: Path, store: ox.Store, work: Path) -> Path:
    """Load ``path`` into ``store``; return a Turtle file with the same triples."""
    if not path.is_file():
        raise DocumentError(path, "not a file" if path.exists() else "no such file")
    suffix = path.suffix.lower()
    fmt = oxigraph_format(path)
    if fmt is None:
        raise DocumentError(path, "unknown RDF syntax; use .ttl, .owl, .rdf, .nt, .nq, "
                                  ".trig or .jsonld")
    try:
        if fmt.supports_datasets:  # merge the named graphs into the default graph
            store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object)
                              for q in ox.parse(path=path, format=fmt))
        else:
            store.bulk_load(path=path, format=fmt)
    except (SyntaxError, ValueError, OSError) as exc:
        raise _syntax_error(path, fmt, exc) from exc
    turtle = work / "graph.ttl"
    if suffix in _READ_DIRECTLY:
        turtle.symlink_to(path.resolve())
    else:
        store.dump(turtle, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return turtle


def _load_store(directory: Path, store: ox.Store, work: Path) -> Path:
    """Copy the union of a build's store's graphs into ``store``; return it as N-Triples."""
    turtle = work / "graph.ttl"
    on_disk = open_store(directory)
    triples = on_disk.query(packaged_query("orthokg.reasoning", "store-union.rq"),
                            use_default_graph_as_union=True)
    assert isinstance(triples, ox.QueryTriples)
    triples.serialize(turtle, format=ox.RdfFormat.N_TRIPLES)
    del on_disk
    store.bulk_load(path=turtle, format=ox.RdfFormat.N_TRIPLES)
    return turtle


def _tbox_file(tbox: ox.Store, work: Path) -> Path:
    """The packaged TBox as N-Triples with labelled (random) blank nodes."""
    path = work / "tbox.ttl"
    tbox.dump(path, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return path


_TYPE = ox.NamedNode(str(RDF.type))
_ONTOLOGY = ox.NamedNode(str(OWL.Ontology))


def _shape(store: ox.Store, node: object, depth: int = 0) -> str:
    """A blank node's tree (restriction, list, union) as text; other terms as N-Triples."""
    if not isinstance(node, ox.BlankNode) or depth > 50:
        return str(node)
    arcs = sorted(f"{q.predicate} {_shape(store, q.object, depth + 1)}"
                  for q in store.quads_for_pattern(node, None, None, ox.DefaultGraph()))
    return "[" + " ; ".join(arcs) + "]"


def _trees(store: ox.Store, anchors: set[tuple[ox.NamedNode, ox.NamedNode]],
           kinds: set[ox.NamedNode]) -> set[str]:
    """The blank-node trees of ``store`` under the (subject, predicate) ``anchors``
    (``C owl:equivalentClass [...]``) and the free-standing ones of the ``kinds``
    (``[] a owl:AllDisjointClasses``), as text."""
    default = ox.DefaultGraph()
    found = {f"{s} {p} {_shape(store, q.object)}" for s, p in anchors
             for q in store.quads_for_pattern(s, p, None, default)
             if isinstance(q.object, ox.BlankNode)}
    found.update(_shape(store, q.subject) for kind in kinds
                 for q in store.quads_for_pattern(None, _TYPE, kind, default)
                 if isinstance(q.subject, ox.BlankNode))
    return found


def holds_tbox(graph: ox.Store, tbox: ox.Store) -> bool:
    """Whether ``graph`` already holds the packaged TBox, as every build output does:
    each of its triples between named terms, and each of its blank-node trees under the
    same anchor; the ontology header (title, version) is left out, as a build writes its
    own. Merging the TBox in would then add copies of the same class expressions, which
    change no inference about a named individual but add 8% to the closure at 1M
    triples."""
    default = ox.DefaultGraph()
    header = {q.subject for q in tbox.quads_for_pattern(None, _TYPE, _ONTOLOGY, default)}
    anchors: set[tuple[ox.NamedNode, ox.NamedNode]] = set()
    kinds: set[ox.NamedNode] = set()
    for q in tbox.quads_for_pattern(None, None, None, default):
        if q.subject in header:
            continue
        if isinstance(q.subject, ox.BlankNode):
            free = not any(True for _ in tbox.quads_for_pattern(None, None, q.subject, default))
            if free and q.predicate == _TYPE and isinstance(q.object, ox.NamedNode):
                kinds.add(q.object)
        elif isinstance(q.object, ox.BlankNode):
            assert isinstance(q.subject, ox.NamedNode)
            anchors.add((q.subject, q.predicate))
        elif q not in graph:
            return False
    return _trees(tbox, anchors, kinds) <= _trees(graph, anchors, kinds)


@contextmanager
def prepared(kg: Path | None = None, store: Path | None = None) -> Iterator[RLInput]:
    """The run's input from a graph file (``kg``) or a build's store directory (``store``).

    Raises :class:`~orthokg.errors.DocumentError` naming a graph file that is missing, of
    an unknown syntax or does not parse, and :class:`~orthokg.errors.StoreError` naming a
    store that does not open. Temporary files are removed when the block ends.
    """
    if (kg is None) == (store is None):
        raise ValueError("give exactly one of kg and store")
    source = kg if kg is not None else store
    assert source is not None
    memory, tbox = ox.Store(), ox.Store()
    tbox.load(path=tbox_path(), format=ox.RdfFormat.TURTLE)
    with tempfile.TemporaryDirectory(prefix="orthokg-rl-") as tmp:
        work = Path(tmp)
        load = _load_file if kg is not None else _load_store
        graph = load(source, memory, work)
        files = (graph,) if holds_tbox(memory, tbox) else (_tbox_file(tbox, work), graph)
        yield RLInput(source, files, memory)
