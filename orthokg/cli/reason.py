"""``orthokg reason``: run a reasoner over a graph file and write what it infers.

The inferred triples go to their own file (never into the asserted graph, which is the
scored artefact); the summary says whether the graph is consistent and which individuals
fall into each defined class.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from orthokg.errors import ReasoningError
from orthokg.export.read import read_graph
from orthokg.io import save_graph
from orthokg.outputs import check_graph_file
from orthokg.reasoning import REASONERS, ReasoningResult, reason
from orthokg.reasoning.names import curie

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


def summary(result: ReasoningResult, asserted: int) -> list[str]:
    """The lines printed after a run: verdict, counts, defined-class members."""
    lines = [f"reasoner: {result.reasoner} ({result.seconds:.1f} s)", *result.notes,
             f"consistent: {'yes' if result.consistent else 'NO'}",
             f"asserted triples: {asserted}", f"inferred triples: {len(result.inferred)}"]
    for name, members in result.defined_class_members().items():
        shown = ", ".join(curie(m) for m in members) or "-"
        lines.append(f"  {name} ({len(members)}): {shown}")
    return lines


def reason_command(
    kg: Annotated[Path, typer.Option("--kg", metavar="FILE",
                                     help="Graph file written by 'orthokg build'.")],
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
    target = output or default_output(kg)
    check_graph_file(target, [kg])  # before the reasoner's minutes, not after
    graph = read_graph(kg)
    result = reason(graph, reasoner.value)
    for line in summary(result, len(graph)):
        out.print(line, highlight=False, markup=False, soft_wrap=True)
    if not result.consistent:
        err.print(result.explanation, highlight=False, markup=False, soft_wrap=True)
        raise ReasoningError(f"{kg} is inconsistent; {result.headline()}")
    save_graph(result.inferred, target)
    out.print(f"wrote {len(result.inferred)} inferred triples to {target}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add ``reason`` to the ``orthokg`` app."""
    app.command("reason", no_args_is_help=True)(reason_command)
