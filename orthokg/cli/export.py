"""``orthokg export`` and ``orthokg docs``: a thin layer over :mod:`orthokg.export` and
:mod:`orthokg.ontology.docs`.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from orthokg.export import FORMATS, STDOUT, export_file, write_atomic
from orthokg.export.jsonld import context_path
from orthokg.ontology.docs import ontology_html
from orthokg.ontology.shapes import shapes_graph
from orthokg.outputs import check_not_an_input

FORMAT_HELP = "; ".join(f"{f.name}: {f.help}" for f in FORMATS.values())
# The --format choices come from the format table, so help and code cannot disagree.
# (type: ignore[misc]: mypy's functional Enum API wants literal members, not a registry.)
FormatName = Enum("FormatName", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]
DEFAULT_FORMAT = FormatName("ttl")

EXPORT_EXAMPLE = """Examples:

  orthokg export --kg build/orthokg.ttl --format owl -o build/orthokg.owl

  orthokg export --kg build/orthokg.ttl --format trig -o - | gzip > orthokg.trig.gz

""" + (
    "nq and trig put each source document's triples in the named graph "
    "https://w3id.org/orthokg/graph/<doc-id>, the TBox in .../graph/ontology and the "
    "concept nodes in .../graph/concepts, as the Oxigraph store does. Files are written "
    "atomically.")

DOCS_EXAMPLE = """Example:

  orthokg docs --out build/docs

Writes index.html (pyLODE), the published JSON-LD context.jsonld and shapes.ttl (the
complete SHACL shapes: the hand-written ones and those made from the TBox) into the
directory.
"""


def export_command(
    kg: Annotated[Path, typer.Option("--kg", help="Graph file written by `orthokg build` "
                                     "(.ttl; also .owl, .nt, .nq, .trig, .jsonld).")],
    fmt: Annotated[FormatName, typer.Option("--format", "-f", help=FORMAT_HELP + ".")
                   ] = DEFAULT_FORMAT,
    output: Annotated[str, typer.Option("--output", "-o",
                                        help="File to write, or - for standard output.")
                      ] = STDOUT,
) -> None:
    """Write the knowledge graph in another RDF format."""
    if output != STDOUT:
        check_not_an_input(Path(output), [kg])
    written = export_file(kg, fmt.value, output)
    if written is not None:
        typer.echo(f"{fmt.value} -> {written}", err=True)


def docs_command(
    out: Annotated[Path, typer.Option("--out", help="Directory to write into.")
                   ] = Path("build/docs"),
) -> None:
    """Generate the ontology documentation (HTML) from the TBox with pyLODE."""
    index = write_atomic(out / "index.html", ontology_html().encode("utf-8"))
    write_atomic(out / "context.jsonld", context_path().read_bytes())
    write_atomic(out / "shapes.ttl", shapes_graph().serialize(format="turtle").encode("utf-8"))
    typer.echo(f"docs -> {index}", err=True)


def register(app: typer.Typer) -> None:
    """Add ``orthokg export`` and ``orthokg docs`` to ``app``."""
    app.command("export", help=f"{export_command.__doc__}\n\n{EXPORT_EXAMPLE}",
                no_args_is_help=True)(export_command)
    app.command("docs", help=f"{docs_command.__doc__}\n\n{DOCS_EXAMPLE}")(docs_command)
