"""``orthokg release``: one build of the documents, every release artefact in a directory.

The release is what Protégé users and decision-support importers adopt (see
:mod:`orthokg.release`): the TBox, the data as an ontology importing it, the N-Quads
with a named graph per document, JSON-LD with its context, SSSOM mappings,
``catalog-v001.xml``, the SHACL shapes, a ROBOT-style report and a CHANGELOG entry.
The build is validated first (as ``orthokg build`` does); a report with ERROR rows
leaves the files in place for inspection and exits non-zero.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from orthokg.errors import ValidationError

err = Console(stderr=True)

RELEASE_EXAMPLE = """Example:

  orthokg release ../shared/corpus/seeds --out build/release --version 2026.12.0 \\
      --report-queries ../shared/robot-report --previous build/release-2026.11.0

Without --version the release is named after a digest of its data, so an unchanged
corpus gives the same version and the same bytes.
"""


def _check_options(version: str | None, report_queries: Path | None,
                   previous: Path | None) -> None:
    """Bad options fail before the build (nothing is built or written), as one line
    naming the option."""
    from orthokg.ontology.data_ontology import valid_version

    if version is not None:
        try:
            valid_version(version)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--version") from None
    from orthokg.release.report import read_profile

    for name, folder in (("--report-queries", report_queries), ("--previous", previous)):
        if folder is not None and not folder.is_dir():
            raise typer.BadParameter(f"{folder}: not a directory", param_hint=name)
    if report_queries is not None:
        read_profile(report_queries)  # a directory without its profile fails here, not later
    if previous is not None and not (previous / "orthokg-kg.nq").is_file():
        raise typer.BadParameter(f"{previous}: no orthokg-kg.nq (not a release directory)",
                                 param_hint="--previous")


def release_command(
    docs: Annotated[list[Path], typer.Argument(
        help="Files or folders of documents (.txt, .md, .html).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write the release into.")],
    version: Annotated[str | None, typer.Option(
        "--version", help="Release version (the last segment of the version IRI); "
                          "default: a digest of the data.")] = None,
    report_queries: Annotated[Path | None, typer.Option(
        "--report-queries", help="Directory of ROBOT report queries with its "
                                 "report_profile.txt; writes orthokg-report.tsv.")] = None,
    previous: Annotated[Path | None, typer.Option(
        "--previous", help="An earlier release directory: the CHANGELOG entry lists the "
                           "facts added and removed since it.")] = None,
    keep_going: Annotated[bool, typer.Option(
        "--keep-going", "-k", help="Report unreadable documents and release the rest.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary.")
                     ] = False,
) -> None:
    """Build the graph once and write every release artefact into a directory."""
    from orthokg.cli.build import _run_build, _validate
    from orthokg.release.report import ReportError
    from orthokg.release.writer import write_release

    _check_options(version, report_queries, previous)
    result = _run_build(docs, keep_going, quiet)
    for entry in result.report:
        err.print(str(entry), highlight=False, soft_wrap=True)
    problems = _validate(result)
    if problems:
        raise ValidationError("the built graph breaks its own rules (no release written):\n"
                              + "\n".join(problems))
    release = write_release(result.graph, out, version=version,
                            report_queries=report_queries, previous=previous)
    if not quiet:
        err.print(f"release {release.version}: {len(release.files)} files -> {out}",
                  highlight=False)
        if release.report is not None:
            err.print("report: " + ", ".join(f"{level} {count}" for level, count
                                              in release.report.items()), highlight=False)
    if release.report is not None and release.report["ERROR"]:
        raise ReportError(f"{out / 'orthokg-report.tsv'}: {release.report['ERROR']} ERROR "
                          "rows (the files are written; fix the rows before publishing)")
    if result.errors:
        raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    """Add ``orthokg release`` to ``app``."""
    app.command("release", help=f"{release_command.__doc__}\n\n{RELEASE_EXAMPLE}",
                no_args_is_help=True)(release_command)
