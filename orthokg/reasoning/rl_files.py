"""``orthokg reason --reasoner owlrl`` at corpus scale: files and Oxigraph, no rdflib graph.

The in-memory path (:func:`orthokg.reasoning.reason`) parses the graph into rdflib,
copies it to merge the TBox and hands it to ``reasonable`` triple by triple; at 1M
triples that cost 152 s and 4 GB around the reasoner's 20 s (issue 10). Here
``reasonable`` parses the files itself (:mod:`orthokg.reasoning.rl_input`), one pass over
its closure picks the inferences (:mod:`orthokg.reasoning.rl_scan`), clashes are
explained from the suspects' statements only (:mod:`orthokg.reasoning.rl_clashes`) and
the inferences are written by Oxigraph's serialiser. The report is the in-memory
path's: same inferred triples, same verdict, same defined-class members.

Used when ``reasonable`` is installed; without it the in-memory path with the pure-Python
``owlrl`` is the fallback.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal
from rdflib.term import BNode, Node, URIRef

from orthokg.errors import DocumentError
from orthokg.io import RDF_FORMATS, oxigraph_format, write_atomically
from orthokg.ontology.vocab import DOC_BASE, OKG, OKGR, PROV, RDF, RDFS, XSD
from orthokg.reasoning.clashes import ClashSchema, explain
from orthokg.reasoning.inferred import Triple
from orthokg.reasoning.result import Clash, defined_class_members, headline
from orthokg.reasoning.rl_clashes import explain_suspects, schema_graph
from orthokg.reasoning.rl_input import RLInput, prepared
from orthokg.reasoning.rl_scan import scan
from orthokg.reasoning.schema import schema_terms

__all__ = ["RLFileResult", "reason_files", "write_triples"]

_PREFIXES = {"okg": str(OKG), "okgr": str(OKGR), "doc": DOC_BASE, "prov": str(PROV),
             "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD)}


@dataclass
class RLFileResult:
    """What :func:`reason_files` found; the fields of
    :class:`~orthokg.reasoning.ReasoningResult`, with the inferences as a sorted list."""

    consistent: bool
    inferred: list[Triple]
    asserted: int
    clashes: tuple[Clash, ...] = ()
    explanation: str = ""
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    reasoner: str = "owlrl"

    def headline(self) -> str:
        """Why the graph is inconsistent, in one line (see ``ReasoningResult.headline``)."""
        return headline(self.clashes, self.explanation)

    def defined_class_members(self) -> dict[str, list[URIRef]]:
        """Inferred members of each defined class of the TBox, keyed by local name."""
        return defined_class_members(self.inferred)


def _closure(source: RLInput) -> list[Triple]:
    """``reasonable``'s closure (asserted triples included) of the TBox and the graph."""
    import reasonable

    reasoner = reasonable.PyReasoner()
    for path in source.files:
        try:
            reasoner.load_file(str(path))
        except OSError as exc:  # the reasoner's parser refused what Oxigraph read
            raise DocumentError(source.source, f"the reasoner cannot read it: {exc}") from exc
    closure: list[Triple] = reasoner.reason()
    return closure


def _order(triple: Triple) -> tuple[str, str, str]:
    return str(triple[0]), str(triple[1]), str(triple[2])


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cyclic garbage collector paused for the block.

    ``reason()`` returns the closure as millions of rdflib tuples (1.35M at 1M triples),
    none of them in a reference cycle; every full collection would walk all of them
    again while the run allocates. Pausing it saved about 5 s of 30 s CPU at 1M triples
    (``benchmarks/reasoning.py`` also times ``reasonable`` alone with it paused).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def reason_files(kg: Path | None = None, store: Path | None = None) -> RLFileResult:
    """OWL 2 RL over the graph file ``kg`` or the build store ``store``, with the packaged
    TBox: the new ABox triples (sorted), the verdict and the clashes that explain it.

    Raises :class:`~orthokg.errors.DocumentError` or :class:`~orthokg.errors.StoreError`
    naming an input that cannot be read.
    """
    started = time.perf_counter()
    with _no_cycle_collection(), prepared(kg, store) as source:
        schema = schema_graph(source.store)
        found = scan(_closure(source), source.store, ClashSchema.read(schema),
                     schema_terms(schema))
        clashes = explain_suspects(found.suspects, source.store, schema)
        asserted = source.asserted
    result = RLFileResult(not clashes, sorted(found.inferred, key=_order), asserted,
                          tuple(clashes), explain(clashes))
    result.notes.append("OWL 2 RL engine: reasonable")
    result.seconds = time.perf_counter() - started
    return result


def _ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(term.datatype or XSD.string))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    return ox.NamedNode(str(term))


def write_triples(triples: list[Triple], path: Path) -> None:
    """Write ``triples`` to ``path`` atomically in the syntax its suffix names, with
    Oxigraph's serialiser (no rdflib graph)."""
    # the suffixes an output file may have (RDF_FORMATS), else Turtle, as rdf_format_for
    known = oxigraph_format(path) if path.suffix.lower() in RDF_FORMATS else None
    fmt = known or ox.RdfFormat.TURTLE
    subjects: dict[Node, ox.NamedNode | ox.BlankNode] = {}

    def subject(term: Node) -> ox.NamedNode | ox.BlankNode:
        if term not in subjects:
            made = _ox(term)
            assert not isinstance(made, ox.Literal)
            subjects[term] = made
        return subjects[term]

    stream = (ox.Triple(subject(s), ox.NamedNode(str(p)), _ox(o)) for s, p, o in triples)
    write_atomically(path, lambda tmp: ox.serialize(stream, tmp, format=fmt,
                                                    prefixes=_PREFIXES))
