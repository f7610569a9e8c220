"""``orthokg build``: documents to the asserted graph (file and/or Oxigraph store).

``--explain`` prints, per document, how the loaders read it (main procedure and why,
title, region, section kinds, other subjects; with ``--explain-facts`` each judged fact
too) on stdout, so it can be paged or saved apart from the progress and report on stderr.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from orthokg.inputs import gather_inputs, require_documents
from orthokg.outputs import BuildOutputs

if TYPE_CHECKING:
    import pyoxigraph as ox

    from orthokg.loaders.pipeline import BuildResult, StreamResult
    from orthokg.loaders.relations.extractor import Explanation
    from orthokg.loaders.relations.facts import Judgement
    from orthokg.scale.cache import ExtractionCache
    from orthokg.scale.records import Records
    from orthokg.scale.stream import StoreWriter

err = Console(stderr=True)
T = TypeVar("T")
Progress_ = Callable[[int, int, Path], None]


def _with_progress(quiet: bool, run: Callable[[Progress_ | None], T]) -> T:
    """``run(progress)`` under a progress bar on stderr (none with ``quiet``)."""
    if quiet:
        return run(None)
    columns = (TextColumn("[progress.description]{task.description}"), BarColumn(),
               MofNCompleteColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("reading documents", total=None)

        def advance(number: int, total: int, path: Path) -> None:
            bar.update(task, total=total, completed=number - 1, description=path.name)

        return run(advance)


def _run_stream(docs: list[Path], writer: StoreWriter, keep_going: bool, quiet: bool,
                explain: bool = False, jobs: int = 1, scheduler: str | None = None,
                cache: ExtractionCache | None = None) -> StreamResult:
    """The build written into ``writer``'s store document by document."""
    # Imported here: spaCy takes a second and a half to import, other commands need none.
    from orthokg.loaders.pipeline import stream_build

    return _with_progress(quiet, lambda progress: stream_build(
        docs, writer, keep_going=keep_going, progress=progress, explain=explain,
        jobs=jobs, scheduler=scheduler, cache=cache))


def _run_build(docs: list[Path], keep_going: bool, quiet: bool) -> BuildResult:
    """The graph in memory (``orthokg release`` writes it in several forms)."""
    from orthokg.loaders.pipeline import build_graph

    return _with_progress(quiet, lambda progress: build_graph(
        docs, keep_going=keep_going, progress=progress))


def _grid() -> Table:
    """A borderless two-column layout: label on the left, value on the right."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    return grid


def _quoted(text: str, limit: int = 160) -> Text:
    """A sentence from the document, shortened, as plain text (never read as markup)."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit - 1] + "\u2026"
    return Text(f"\u201c{text}\u201d", style="italic")


def _indented(renderable: RenderableType, by: int = 2) -> Padding:
    """Indented so a wrapped line stays under its own item, not under the label column."""
    return Padding(renderable, (0, 0, 0, by))


def _sections(explanation: Explanation) -> Table:
    table = Table.grid(padding=(0, 2))
    for heading, kinds in explanation.sections:
        table.add_row(Text(heading or "(no heading)"), Text(kinds, style="cyan"))
    return table


def _others(explanation: Explanation) -> RenderableType:
    if not explanation.other_subjects:
        return Text("none: every sentence is about the main procedure", style="dim")
    lines: list[RenderableType] = []
    for sentence, label, reason in explanation.other_subjects:
        line = Text(label, style="bold")
        line.append(f" \u2014 {reason}")
        lines += [line, _indented(_quoted(sentence))]
    return Group(*lines)


_CUE = re.compile(r"(?P<kind>(?:lead-in )?cue) '(?P<words>.*)'")


def _cue(source: str, sentence: str) -> str:
    """The frame's source with long cue choices narrowed to the ones the sentence uses.

    A cue row reads "replace|remove|repair|..." (lemmas): printing all fifteen hides the
    word that mattered. The choice whose word starts a word of the sentence is kept; with
    none (a lead-in's cue, an irregular form) the first two and an ellipsis.
    """
    found = _CUE.fullmatch(source)
    if found is None:
        return source
    words = re.findall(r"[a-z]+", sentence.lower())

    def used(lemma: str) -> bool:
        stem = lemma[:-1] if lemma.endswith("e") and len(lemma) > 3 else lemma
        return any(w.startswith(stem) for w in words)

    narrowed = []
    for part in found["words"].split():
        bare = part.strip("()")
        choices = bare.split("|")
        if len(choices) > 3:
            kept = [c for c in choices if used(c)] or choices[:2]
            bare = "|".join(kept) + "|\u2026"
        narrowed.append(f"({bare})" if part.startswith("(") else bare)
    return f"{found['kind']} '{' '.join(narrowed)}'"


def _facts(judgements: Sequence[Judgement]) -> RenderableType:
    """Judged facts under the sentence that gave them (they come in sentence order), each
    with the frame that decided its property and what the subject was taken to be."""
    if not judgements:
        return Text("none", style="dim")
    lines: list[RenderableType] = []
    evidence = None
    for judgement in judgements:
        fact = judgement.fact
        if fact.evidence != evidence:
            evidence = fact.evidence
            lines.append(_quoted(evidence))
        line = Text(fact.subject.label, style="bold")
        line.append(f" {fact.prop} ", style="magenta")
        line.append(fact.obj.label, style="bold")
        source = _cue(judgement.source, fact.evidence)
        why = Text(f"frame {judgement.frame} ({source})" if judgement.frame != "*" else
                   f"no frame ({source})", style="dim")
        why.append(f"; subject: {judgement.subject_reason}")
        lines += [_indented(line), _indented(why, 4)]
    return Group(*lines)


_TITLE_SOURCES = {"text": "from the text", "metadata": "from the page's metadata",
                  "file name": "from the file name: the page has none"}


def explanation_view(explanation: Explanation, source: str, facts: bool) -> RenderableType:
    """One document's explanation, main procedure and its reason first: the question a
    reader usually brings is "why was this page read as being about that procedure?"."""
    grid = _grid()
    grid.add_row("main procedure", Text(explanation.main, style="bold green"))
    grid.add_row("because", Text(explanation.main_reason))
    title = Text(explanation.title)
    where = _TITLE_SOURCES.get(explanation.title_source, explanation.title_source)
    title.append(f"  ({where})", style="dim")
    grid.add_row("title", title)
    grid.add_row("body region", Text(explanation.region or "(none found)"))
    grid.add_row("sections", _sections(explanation))
    grid.add_row("other subjects", _others(explanation))
    if facts:
        grid.add_row("judged facts", _facts(explanation.judgements))
    return Group(Rule(Text(source, style="bold"), align="left"), grid, Text(""))


def _print_explanations(result: StreamResult, facts: bool) -> None:
    """Every document's explanation on stdout.

    To a file or pipe it is written wide (no wrapping inside a sentence) and without
    the spaces rich pads table cells with, so it greps and diffs cleanly.
    """
    out = Console(highlight=False)
    if not out.is_terminal:
        out = Console(highlight=False, width=160)
    paths = result.documents
    for explanation in result.explanations:
        path = paths.get(explanation.doc_id)
        view = explanation_view(explanation, str(path) if path else explanation.doc_id,
                                facts)
        if out.is_terminal:
            out.print(view)
            continue
        with out.capture() as captured:
            out.print(view)
        sys.stdout.write("".join(f"{line.rstrip()}\n"
                                 for line in captured.get().splitlines()))


def _validate(result: BuildResult) -> list[str]:
    from orthokg.reasoning.validation import validate

    report = validate(result.graph)
    return [] if report.conforms else [str(report)]


def _validate_store(store: ox.Store) -> list[str]:
    from orthokg.reasoning.validation import validate_store

    report = validate_store(store)
    return [] if report.conforms else [str(report)]


def _check(store: Path | None, working: ox.Store, records: Records | None,
           changed: list[str], lines: dict[str, set[str]] | None = None) -> list[str]:
    """The build's checks: on the whole store, or, when it updated a copy of a store
    that passed them, where it changed (:mod:`orthokg.scale.checks`); none when
    nothing changed in such a store."""
    if store is None or records is None or not records.copied or not records.checked:
        return _validate_store(working)
    if not changed:
        return []
    from orthokg.scale.checks import validate_changes
    from orthokg.scale.stream import CONCEPTS_GRAPH

    report = validate_changes(store, working, [CONCEPTS_GRAPH, *changed], lines)
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
    explain: Annotated[bool, typer.Option(
        "--explain", help="Print how each document was read (main procedure and why, "
                          "title, region, section kinds, other subjects) on stdout.")
    ] = False,
    explain_facts: Annotated[bool, typer.Option(
        "--explain-facts", help="--explain, plus each judged fact with its frame, cue "
                                "source and subject reason.")] = False,
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", min=1, help="Extract on this many local processes (same output).")
    ] = 1,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", metavar="ADDRESS",
        help="Extract on this Dask distributed cluster (tcp://host:8786); the workers "
             "must see the documents at the same paths.")] = None,
) -> None:
    """Build the knowledge graph from documents.

    Example: orthokg build ../shared/corpus/seeds --out build/seeds.ttl --store build/store
    """
    outputs = BuildOutputs(out, store)
    inputs = gather_inputs(docs)
    outputs.check(inputs.files)
    for warning in inputs.warnings:
        err.print(warning, highlight=False, soft_wrap=True, markup=False)
    explain = explain or explain_facts
    # With --store, unchanged documents are taken from the store's extraction cache.
    from orthokg.scale.cache import ExtractionCache

    cache = ExtractionCache.of_store(store) if store is not None else None
    staged = outputs.stage()
    try:
        result = _stream(outputs, staged, inputs.paths, cache, keep_going, quiet, explain,
                         explain_facts, check, jobs, scheduler)
    except BaseException:
        outputs.discard(staged)
        raise
    if not quiet and cache is not None and cache.reused:
        err.print(f"{cache.reused} unchanged documents taken from {store}")
    if not quiet and result.kept:
        err.print(f"{result.kept} document graphs left as they were, "
                  f"{result.built - result.kept} written")
    if not quiet:
        err.print(f"{result.built} documents, {result.facts} facts, "
                  f"{result.triples} triples -> {out or ''} {store or ''}".rstrip(),
                  highlight=False, markup=False)
    if result.errors:
        raise typer.Exit(2)


def _stream(outputs: BuildOutputs, staged: Path, docs: list[Path],
            cache: ExtractionCache | None, keep_going: bool, quiet: bool, explain: bool,
            explain_facts: bool, check: bool, jobs: int, scheduler: str | None
            ) -> StreamResult:
    """The build written into the staged store as it goes, checked there, then the
    outputs swapped in as one; nothing is swapped in when any step fails."""
    import pyoxigraph as ox

    from orthokg.scale.records import stage_store
    from orthokg.scale.stream import StoreWriter, scratch_folder

    records: Records | None = None
    if outputs.store is not None:  # a copy of the store, updated document by document
        working, records = stage_store(outputs.store, staged)
    else:
        working = ox.Store(str(staged))
    with scratch_folder(staged.parent) as scratch:
        writer = StoreWriter(working, Path(scratch), records)
        if writer.note and not quiet:  # the store's state is not used: a slower rebuild
            err.print(f"{writer.note}: every document is resolved again", highlight=False,
                      markup=False, soft_wrap=True)
        if cache is not None:
            cache.stage(staged)
        result = _run_stream(docs, writer, keep_going, quiet, explain, jobs, scheduler,
                             cache)
    require_documents(result)
    for entry in result.report:
        err.print(str(entry), highlight=False, soft_wrap=True, markup=False)
    if explain:  # before validation: a graph that breaks its rules is when it helps most
        _print_explanations(result, explain_facts)
    problems = _check(outputs.store, working, records, writer.changed, writer.diff) \
        if check else []
    if problems:
        from orthokg.errors import ValidationError

        raise ValidationError("the built graph breaks its own rules (nothing written):\n"
                              + "\n".join(problems))
    if check and records is not None:
        records.mark_checked()
    file_tmp = outputs.write_file(working)
    working.flush()
    result.kept = writer.kept
    del writer, working  # RocksDB closes with the last reference, before the swap
    outputs.commit(staged, file_tmp, result.counts)
    return result


def register(app: typer.Typer) -> None:
    app.command("build")(build)
