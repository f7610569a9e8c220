"""``orthokg validate``: check a graph file against the shapes and the violation rules.

Prints one line per offending node and exits non-zero (ValidationError) when any
Violation is found; warnings are printed but do not fail.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from orthokg.errors import ValidationError
from orthokg.export.read import read_graph
from orthokg.reasoning import validate

__all__ = ["register"]

out = Console()


def validate_command(
    kg: Annotated[Path, typer.Option("--kg", metavar="FILE",
                                     help="Graph file written by 'orthokg build'.")],
    full: Annotated[bool, typer.Option(
        "--full-shacl", help="Also run SPARQL-based shapes in pyshacl (slow on big graphs; "
                             "the same rule runs on Oxigraph anyway).")] = False,
) -> None:
    """Validate a graph with shapes.ttl and every *-violation.rq rule.

    Example: orthokg validate --kg build/seeds.ttl
    """
    report = validate(read_graph(kg), full_shacl=full)
    out.print(report.format(), highlight=False, markup=False, soft_wrap=True)
    timing = ", ".join(f"{stage} {secs:.1f} s" for stage, secs in report.seconds.items())
    out.print(f"({timing})", highlight=False)
    if not report.conforms:
        raise ValidationError(f"{kg}: {len(report.violations)} violation(s); see the report above")


def register(app: typer.Typer) -> None:
    """Add ``validate`` to the ``orthokg`` app."""
    app.command("validate", no_args_is_help=True)(validate_command)
