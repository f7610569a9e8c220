"""OWL 2 DL reasoning with HermiT (default) or Pellet, both through owlready2.

owlready2 cannot read Turtle, so the graph goes to an N-Triples file in a temporary
directory, and every call uses its own ``owlready2.World()`` so that two runs (or two
tests) never see each other's individuals. owlready2's bundled Pellet needs Java 25 and
fails on Java 17 (MEASURED.md); that failure becomes one clear :class:`ReasoningError`.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import owlready2
from rdflib import Graph, Literal, URIRef

from orthokg.errors import ReasoningError
from orthokg.ontology.vocab import RDF, XSD
from orthokg.reasoning.inferred import Triple

_INFERENCES_ONTOLOGY = "http://inferrences/"  # owlready2's spelling
_CLASS_VERSION = re.compile(r"class file version (\d+)")
_LONG_FRACTION = re.compile(r"(T\d\d:\d\d:\d\d\.\d{3})\d+")


@dataclass
class DLOutcome:
    """Whether the ontology is consistent, and the entailed ABox triples when it is."""

    consistent: bool
    entailed: list[Triple]


def _java_problem(reasoner: str, message: str) -> ReasoningError:
    """One line naming what went wrong in Java, instead of a Java stack trace."""
    versions = _CLASS_VERSION.findall(message)
    if "UnsupportedClassVersionError" in message and versions:
        needed = int(versions[0]) - 44  # class file 61 is Java 17, 69 is Java 25
        return ReasoningError(
            f"{reasoner} needs a Java {needed} runtime (owlready2's bundled jar is built for "
            f"it); this Java is older. Use --reasoner hermit, or install Java {needed}")
    lines = [ln.strip() for ln in message.splitlines() if "Exception" in ln or "Error" in ln]
    return ReasoningError(f"{reasoner} failed: {lines[0] if lines else message.strip()[:300]}")


def _run(world: owlready2.World, reasoner: str) -> bool:
    """Run the reasoner on ``world``; False when the ontology is inconsistent."""
    try:
        if reasoner == "pellet":
            owlready2.sync_reasoner_pellet(world, infer_property_values=True, debug=0)
        else:
            owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        return False
    except owlready2.OwlReadyJavaError as exc:
        raise _java_problem(reasoner, str(exc)) from exc
    except FileNotFoundError as exc:
        raise ReasoningError(f"{reasoner} needs Java, and no java executable was found "
                             f"({owlready2.JAVA_EXE})") from exc
    return True


def _entailed_types(world: owlready2.World) -> Iterator[Triple]:
    """Every named class of every individual, after reasoning (direct and indirect)."""
    for ind in world.individuals():
        subject = URIRef(ind.iri)
        for cls in ind.INDIRECT_is_a:
            iri = getattr(cls, "iri", None)
            if iri and isinstance(cls, owlready2.ThingClass):
                yield subject, RDF.type, URIRef(iri)


def _entailed_relations(world: owlready2.World) -> Iterator[Triple]:
    """Object property values owlready2 stored from the reasoner's output."""
    inferences = world.get_ontology(_INFERENCES_ONTOLOGY)
    for s, p, o in inferences.get_triples():
        if not (isinstance(o, int) and s > 0 and o > 0):
            continue
        pred = world._unabbreviate(p)
        if pred != str(RDF.type) and not pred.startswith("http://www.w3.org/2000/01/rdf-schema#"):
            yield (URIRef(world._unabbreviate(s)), URIRef(pred),
                   URIRef(world._unabbreviate(o)))


def hermit_safe(graph: Graph) -> Graph:
    """``graph`` with xsd:dateTime fractions cut to milliseconds, which HermiT requires.

    HermiT rejects ``"...T04:53:20.941118+00:00"^^xsd:dateTime`` as malformed (Python's
    ``isoformat()`` writes microseconds) and refuses the whole ontology. No OrthoKG axiom
    depends on sub-millisecond times, so cutting them changes no inference. The graph is
    returned unchanged (not copied) when nothing needs cutting.

    >>> from rdflib import Literal, URIRef
    >>> g = Graph()
    >>> t = Literal("2026-11-22T04:53:20.941118+00:00", datatype=XSD.dateTime)
    >>> _ = g.add((URIRef("urn:d"), URIRef("urn:at"), t))
    >>> str(hermit_safe(g).value(URIRef("urn:d"), URIRef("urn:at")))
    '2026-11-22T04:53:20.941+00:00'
    """
    long = [(s, p, o) for s, p, o in graph.triples((None, None, None))
            if isinstance(o, Literal) and o.datatype == XSD.dateTime
            and _LONG_FRACTION.search(str(o))]
    if not long:
        return graph
    safe = Graph()
    safe += graph
    for s, p, o in long:
        safe.remove((s, p, o))
        cut = _LONG_FRACTION.sub(r"\1", str(o))
        safe.add((s, p, Literal(cut, datatype=XSD.dateTime, normalize=False)))
    return safe


def run_dl(graph: Graph, reasoner: str = "hermit") -> DLOutcome:
    """Classify and realise ``graph`` (ABox plus TBox) with HermiT or Pellet."""
    world = owlready2.World()
    try:
        with tempfile.TemporaryDirectory(prefix="orthokg-reason-") as tmp:
            path = Path(tmp) / "graph.nt"
            hermit_safe(graph).serialize(destination=str(path), format="nt", encoding="utf-8")
            world.get_ontology(path.as_uri()).load(format="ntriples")
            if not _run(world, reasoner):
                return DLOutcome(False, [])
            return DLOutcome(True, [*_entailed_types(world), *_entailed_relations(world)])
    finally:
        world.close()
