"""``orthokg build``: documents to the asserted graph (file and/or Oxigraph store)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from orthokg.io import save_graph

if TYPE_CHECKING:
    from orthokg.loaders.pipeline import BuildResult

err = Console(stderr=True)


def _run_build(docs: list[Path], keep_going: bool, quiet: bool) -> BuildResult:
    # Imported here: spaCy takes a second and a half to import, other commands need none.
    from orthokg.loaders.pipeline import build_graph

    if quiet:
        return build_graph(docs, keep_going=keep_going)
    columns = (TextColumn("[progress.description]{task.description}"), BarColumn(),
               MofNCompleteColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("reading documents", total=None)

        def advance(number: int, total: int, path: Path) -> None:
            bar.update(task, total=total, completed=number - 1, description=path.name)

        return build_graph(docs, keep_going=keep_going, progress=advance)


def _validate(result: BuildResult) -> list[str]:
    from orthokg.reasoning.validation import validate

    report = validate(result.graph)
    return [] if report.conforms else [str(report)]


def build(
    docs: Annotated[list[Path], typer.Argument(
        help="Files or folders of documents (.txt, .md, .html).")],
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Output file: Turtle, or RDF/XML for .owl/.rdf.")] = None,
    store: Annotated[Path | None, typer.Option(
        "--store", help="Also write an on-disk Oxigraph store here.")] = None,
    keep_going: Annotated[bool, typer.Option(
        "--keep-going", "-k", help="Report unreadable documents and build the rest.")] = False,
    check: Annotated[bool, typer.Option(
        "--validate/--no-validate", help="Check SHACL shapes and violation queries first.")
    ] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary.")
                     ] = False,
) -> None:
    """Build the knowledge graph from documents.

    Example: orthokg build ../shared/corpus/seeds --out build/seeds.ttl --store build/store
    """
    if out is None and store is None:
        raise typer.BadParameter("give --out FILE and/or --store DIR")
    result = _run_build(docs, keep_going, quiet)
    for entry in result.report:
        err.print(str(entry), highlight=False, soft_wrap=True)
    problems = _validate(result) if check else []
    if problems:
        from orthokg.errors import ValidationError

        raise ValidationError("the built graph breaks its own rules (nothing written):\n"
                              + "\n".join(problems))
    if out is not None:
        save_graph(result.graph, out)
    if store is not None:
        from orthokg.queries.store import write_store

        write_store(result.graph, store)
    if not quiet:
        facts = sum(len(e.facts) for e in result.extractions)
        err.print(f"{len(result.extractions)} documents, {facts} facts, "
                  f"{len(result.graph)} triples -> {out or ''} {store or ''}".rstrip())
    if result.errors:
        raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    app.command("build")(build)
