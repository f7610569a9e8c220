"""``reason(graph, reasoner)``: one entry point over HermiT, Pellet and OWL 2 RL.

Whatever the reasoner, the result has the same shape (:class:`ReasoningResult`): only the
inferred triples, the consistency verdict and, when inconsistent, the clashes that explain
it. The asserted graph is never modified.
"""

from __future__ import annotations

import time
from typing import Literal

from rdflib import Graph

from orthokg.errors import ReasoningError
from orthokg.ontology.tbox import copy_graph
from orthokg.reasoning import hermit, owlrl
from orthokg.reasoning.clashes import explain, find_clashes
from orthokg.reasoning.inferred import lifted, mirrored, new_abox_triples
from orthokg.reasoning.result import ReasoningResult
from orthokg.reasoning.schema import schema_terms, with_tbox

ReasonerName = Literal["hermit", "pellet", "owlrl"]
REASONERS: tuple[ReasonerName, ...] = ("hermit", "pellet", "owlrl")


def _unexplained(reasoner: str) -> str:
    return (f"{reasoner} found the graph inconsistent, but no individual is in two disjoint "
            "classes, outside a union range or given two values of a functional property; "
            "look for other axioms involved")


def _dl(merged: Graph, reasoner: str) -> ReasoningResult:
    outcome = hermit.run_dl(merged, reasoner)
    if not outcome.consistent:
        clashes = find_clashes(merged)
        text = explain(clashes) if clashes else _unexplained(reasoner)
        return ReasoningResult(reasoner, False, Graph(), tuple(clashes), text)
    entailed = [*outcome.entailed, *merged]
    candidates = [*outcome.entailed, *mirrored(entailed, merged), *lifted(entailed, merged)]
    inferred = new_abox_triples(candidates, merged, schema_terms(merged))
    return ReasoningResult(reasoner, True, inferred)


def _rl(merged: Graph) -> ReasoningResult:
    outcome = owlrl.materialise(merged)
    inferred = new_abox_triples(outcome.closure, merged, schema_terms(merged))
    clashes = find_clashes(merged)
    text = "\n".join([explain(clashes), *outcome.errors]).strip()
    result = ReasoningResult("owlrl", not (clashes or outcome.errors), inferred,
                             tuple(clashes), text)
    result.notes.append(f"OWL 2 RL engine: {outcome.engine}")
    return result


def reason(graph: Graph, reasoner: str = "hermit") -> ReasoningResult:
    """Reason over ``graph`` (merged with the packaged TBox) and return the inferences only.

    ``reasoner`` is ``hermit`` (OWL 2 DL, needs Java 17+), ``pellet`` (OWL 2 DL through
    owlready2, needs Java 25) or ``owlrl`` (OWL 2 RL, pure Python/Rust). Raises
    :class:`ReasoningError` when the reasoner is unknown or cannot run; an inconsistent
    graph is not an error here but a result with ``consistent=False``.
    """
    if reasoner not in REASONERS:
        raise ReasoningError(f"unknown reasoner {reasoner!r}; choose one of {', '.join(REASONERS)}")
    started = time.perf_counter()
    merged = with_tbox(graph)
    result = _rl(merged) if reasoner == "owlrl" else _dl(merged, reasoner)
    result.seconds = time.perf_counter() - started
    return result


def with_inferences(graph: Graph, reasoner: str = "owlrl") -> Graph:
    """A NEW graph holding ``graph`` and what ``reasoner`` infers from it (and the TBox).

    For ``orthokg query --inferred``. Raises :class:`ReasoningError` when the graph is
    inconsistent, since anything follows from a contradiction.
    """
    result = reason(graph, reasoner)
    if not result.consistent:
        raise ReasoningError(f"the graph is inconsistent ({reasoner}): {result.headline()}")
    combined = copy_graph(graph)
    combined += result.inferred
    return combined
