"""``orthokg reason``: run a reasoner over a graph file and write what it infers.

The inferred triples go to their own file (never into the asserted graph, which is the
scored artefact); the summary says whether the graph is consistent and which individuals
fall into each defined class. ``--reasoner owlrl`` with ``reasonable`` installed reads the
graph file (or a build's ``--store``) without building an rdflib graph
(:mod:`orthokg.reasoning.rl_files`); the other reasoners, and ``owlrl`` without
``reasonable``, take the in-memory path.
"""

from __future__ import annotations

from collections.abc import Callable, Sized
from enum import Enum
from pathlib import Path
from typing import Annotated, Protocol

import typer
from rdflib import Graph, URIRef
from rich.console import Console

from orthokg.errors import ReasoningError
from orthokg.export.read import read_graph
from orthokg.io import save_graph
from orthokg.outputs import check_graph_file
from orthokg.reasoning.names import curie
from orthokg.reasoning.owlrl import engine_name
from orthokg.reasoning.reasoner import REASONERS

__all__ = ["register"]

# The --reasoner choices come from the registry of reasoners.
# (type: ignore[misc]: mypy's functional Enum API wants literal members, not a registry.)
ReasonerChoice = Enum("ReasonerChoice", {name: name for name in REASONERS}, type=str)  # type: ignore[misc]
out = Console()
err = Console(stderr=True)


def default_output(kg: Path) -> Path:
    """``<kg stem>.inferred.ttl`` beside the graph file.

    >>> default_output(Path("build/seeds.ttl")).as_posix()
    'build/seeds.inferred.ttl'
    """
    return kg.with_name(f"{kg.stem}.inferred.ttl")


class Report(Protocol):
    """What the summary reads of a run, in memory (``ReasoningResult``) or from files
    (``RLFileResult``)."""

    reasoner: str
    consistent: bool
    seconds: float
    notes: list[str]
    explanation: str

    @property
    def inferred(self) -> Sized: ...

    def headline(self) -> str: ...

    def defined_class_members(self) -> dict[str, list[URIRef]]: ...


def summary(result: Report, asserted: int) -> list[str]:
    """The lines printed after a run: verdict, counts, defined-class members."""
    lines = [f"reasoner: {result.reasoner} ({result.seconds:.1f} s)", *result.notes,
             f"consistent: {'yes' if result.consistent else 'NO'}",
             f"asserted triples: {asserted}", f"inferred triples: {len(result.inferred)}"]
    for name, members in result.defined_class_members().items():
        shown = ", ".join(curie(m) for m in members) or "-"
        lines.append(f"  {name} ({len(members)}): {shown}")
    return lines


def _store_graph(store: Path) -> Graph:
    """A build's store as one rdflib graph (its named graphs merged), for the in-memory
    reasoners."""
    import pyoxigraph as ox

    from orthokg.queries.store import open_store

    graph = Graph()
    graph.parse(data=open_store(store).dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    return graph


Writer = Callable[[Path], None]


def _run(source: Path, is_store: bool, reasoner: str) -> tuple[Report, int, Writer]:
    """Reason over the graph file or store ``source``: the result, the number of asserted
    triples, and how to write the inferences."""
    if reasoner == "owlrl" and engine_name() == "reasonable":
        from orthokg.reasoning.rl_files import reason_files, write_triples

        found = reason_files(store=source) if is_store else reason_files(kg=source)
        return found, found.asserted, lambda path: write_triples(found.inferred, path)
    from orthokg.reasoning.reasoner import reason

    graph = _store_graph(source) if is_store else read_graph(source)
    result = reason(graph, reasoner)
    return result, len(graph), lambda path: save_graph(result.inferred, path)


def reason_command(
    kg: Annotated[Path | None, typer.Option(
        "--kg", metavar="FILE", help="Graph file written by 'orthokg build'.")] = None,
    store: Annotated[Path | None, typer.Option(
        "--store", metavar="DIR",
        help="Instead of --kg: the store directory 'orthokg build --store' wrote.")] = None,
    reasoner: Annotated[ReasonerChoice, typer.Option(
        "--reasoner", "-r", help="hermit and pellet are OWL 2 DL (Java; pellet needs "
                                 "Java 25); owlrl is OWL 2 RL.")] = ReasonerChoice["hermit"],
    output: Annotated[Path | None, typer.Option(
        "--out", "-o", metavar="FILE",
        help="Where to write the inferred triples (default: <kg stem>.inferred.ttl).")] = None,
) -> None:
    """Reason over a graph: check consistency, write the inferred triples, list members.

    Example: orthokg reason --kg build/seeds.ttl --reasoner hermit
    """
    source = kg if kg is not None else store
    if source is None or (kg is not None and store is not None):
        problem = "Missing option" if source is None else "Both options given"
        raise typer.BadParameter(f"{problem}: give the graph as --kg FILE or --store DIR "
                                 "(one of them)", param_hint="'--kg' / '--store'")
    target = output or default_output(source)
    check_graph_file(target, [source])  # before the reasoner's minutes, not after
    result, asserted, write = _run(source, store is not None, reasoner.value)
    for line in summary(result, asserted):
        out.print(line, highlight=False, markup=False, soft_wrap=True)
    if not result.consistent:
        err.print(result.explanation, highlight=False, markup=False, soft_wrap=True)
        raise ReasoningError(f"{source} is inconsistent; {result.headline()}")
    write(target)
    out.print(f"wrote {len(result.inferred)} inferred triples to {target}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add ``reason`` to the ``orthokg`` app."""
    app.command("reason", no_args_is_help=True)(reason_command)
