"""How many documents per second does a build manage, against merely reading them? (run on demand)

The corpus is copied 1, 10, 100 ... times into a temporary folder (each copy under its
own file name, so each is its own document) and, for every size, in the same run:

* ``floor`` — :func:`~orthokg.loaders.reading.readers.read_document` plus a blank spaCy
  tokenizer over the document's text: the cheapest honest "read and tokenise", which
  every build has to pay and which every ratio is measured against;
* ``build`` — :func:`~orthokg.loaders.pipeline.build_graph` over the folder (reading,
  NLP, extraction, resolution, triples);
* ``build + Turtle`` — the same build followed by :func:`~orthokg.io.save_graph`
  (timed in the same runs as ``build``: the build's clock, then the serialisation's).

Each kind runs in its own child process, so peak memory is that of the stage alone:
the RSS high-water mark of the process (``ru_maxrss``), its growth over the RSS just
after the one-time load (psutil), and the tracemalloc peak of Python objects, taken in
one extra run (tracemalloc slows Python down, so it never overlaps a timed run). The
one-time load (imports, lexicon, medspaCy pipeline, TBox, one warm-up document) is left
out of documents/s and reported on its own. Progress goes to stderr, tables to stdout.

    python benchmarks/build.py --copies 1,10 --repeat 3
    python benchmarks/build.py --corpus ../shared/corpus/seeds --copies 100 --repeat 1
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import resource
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

if __package__ in (None, ""):  # run as a script: import from the checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psutil
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
MB = 2**20
T = TypeVar("T")
FLOOR, BUILD, TURTLE = "floor", "build", "build + Turtle"


@dataclass(slots=True)
class Stage:
    """What one stage measured at one size."""

    name: str
    docs: int
    seconds: list[float] = field(default_factory=list)
    rss_peak_mb: float = 0.0
    rss_growth_mb: float = 0.0
    python_peak_mb: float | None = None
    triples: int | None = None

    @property
    def median_s(self) -> float:
        return statistics.median(self.seconds)


@dataclass(slots=True)
class ChildRun:
    """A child process's stages plus its one-time load costs (seconds by step)."""

    stages: list[Stage]
    load_s: dict[str, float]


# --- inside a child process ------------------------------------------------------------

def _rss_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MB  # Linux: KiB


def _rss_mb() -> float:
    return psutil.Process().memory_info().rss / MB


def _timed(load_s: dict[str, float], step: str, action: Callable[[], T]) -> T:
    started = time.perf_counter()
    value = action()
    load_s[step] = time.perf_counter() - started
    return value


@contextmanager
def _progress(label: str, total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr; yields ``update(done)``. Transient: the tables stay clean."""
    columns = ("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    console = Console(stderr=True)
    with Progress(*columns, console=console, transient=True,
                  disable=not console.is_terminal) as progress:
        task = progress.add_task(label, total=total)
        yield lambda done: progress.update(task, completed=done)


@contextmanager
def _python_peak(stage: Stage) -> Iterator[None]:
    """Record the tracemalloc peak of the block into ``stage.python_peak_mb``."""
    tracemalloc.start()
    try:
        yield
        stage.python_peak_mb = tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()


def measure_floor(files: list[Path], repeat: int, trace: bool) -> ChildRun:
    """Read and tokenise every file ``repeat`` times (plus once under tracemalloc)."""
    load_s: dict[str, float] = {}
    _timed(load_s, "imports", lambda: [__import__(name) for name in
                                       ("spacy", "orthokg.loaders.reading.readers")])
    import spacy

    from orthokg.loaders.reading.readers import read_document

    nlp = _timed(load_s, "spaCy blank('en')", lambda: spacy.blank("en"))

    def one_pass(update: Callable[[int], None]) -> None:
        for number, path in enumerate(files, start=1):
            nlp.make_doc(read_document(path).text)
            update(number)

    _timed(load_s, "warm-up document", lambda: nlp.make_doc(read_document(files[0]).text))
    stage, loaded = Stage(FLOOR, len(files)), _rss_mb()
    for run in range(1, repeat + 1):
        gc.collect()
        with _progress(f"{len(files)} docs · floor · run {run}/{repeat}", len(files)) as update:
            started = time.perf_counter()
            one_pass(update)
            stage.seconds.append(time.perf_counter() - started)
    stage.rss_peak_mb = _rss_peak_mb()
    stage.rss_growth_mb = max(0.0, stage.rss_peak_mb - loaded)
    if trace:
        with _python_peak(stage), _progress("floor · tracemalloc run", len(files)) as update:
            one_pass(update)
    return ChildRun([stage], load_s)


def _load_build_models(load_s: dict[str, float], first: Path) -> None:
    """Pay every one-time cost of a build before the clock starts, timing each."""
    _timed(load_s, "imports", lambda: __import__("orthokg.loaders.pipeline"))
    from orthokg.loaders.pipeline import build_graph
    from orthokg.loaders.recognition.annotator import default_annotator
    from orthokg.ontology.lexicon import load_lexicon
    from orthokg.ontology.tbox import tbox_graph

    _timed(load_s, "lexicon", load_lexicon)
    _timed(load_s, "medspaCy annotator", default_annotator)
    _timed(load_s, "TBox", tbox_graph)
    _timed(load_s, "warm-up document", lambda: build_graph([first]))


@dataclass(frozen=True, slots=True)
class BuildRun:
    """One timed build and its serialisation."""

    build_s: float
    total_s: float
    triples: int
    rss_after_build_mb: float


def _build_once(files: list[Path], out: Path, label: str) -> BuildRun:
    """Build, read the RSS high-water mark, then serialise to Turtle."""
    from orthokg.io import save_graph
    from orthokg.loaders.pipeline import build_graph

    with _progress(label, len(files)) as update:
        started = time.perf_counter()
        result = build_graph(files, progress=lambda number, _total, _path: update(number))
        built = time.perf_counter()
    rss_after_build = _rss_peak_mb()
    save_graph(result.graph, out)
    return BuildRun(built - started, time.perf_counter() - started, len(result.graph),
                    rss_after_build)


def _traced_build(files: list[Path], out: Path, build: Stage, turtle: Stage) -> None:
    """One more build under tracemalloc: peak of the build, then of the serialisation."""
    from orthokg.io import save_graph
    from orthokg.loaders.pipeline import build_graph

    tracemalloc.start()
    try:
        with _progress("build · tracemalloc run", len(files)) as update:
            result = build_graph(files, progress=lambda number, _total, _path: update(number))
        build.python_peak_mb = tracemalloc.get_traced_memory()[1] / MB
        save_graph(result.graph, out)
        turtle.python_peak_mb = tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()


def measure_build(files: list[Path], out: Path, repeat: int, trace: bool) -> ChildRun:
    """Build (and serialise) every file ``repeat`` times (plus once under tracemalloc).

    The build's RSS peak is read after the first build, before any serialisation has
    raised the high-water mark; later runs are the same size.
    """
    load_s: dict[str, float] = {}
    _load_build_models(load_s, files[0])
    build, turtle, loaded = Stage(BUILD, len(files)), Stage(TURTLE, len(files)), _rss_mb()
    for run in range(1, repeat + 1):
        gc.collect()
        done = _build_once(files, out, f"{len(files)} docs · build · run {run}/{repeat}")
        build.seconds.append(done.build_s)
        turtle.seconds.append(done.total_s)
        build.triples = turtle.triples = done.triples
        build.rss_peak_mb = build.rss_peak_mb or done.rss_after_build_mb
    turtle.rss_peak_mb = _rss_peak_mb()
    for stage in (build, turtle):
        stage.rss_growth_mb = max(0.0, stage.rss_peak_mb - loaded)
    if trace:
        gc.collect()
        _traced_build(files, out, build, turtle)
    return ChildRun([build, turtle], load_s)


# --- the parent ------------------------------------------------------------------------

def copy_corpus(sources: list[Path], copies: int, folder: Path) -> list[Path]:
    """``copies`` copies of every source file in ``folder``, each under its own name.

    >>> import tempfile; tmp = Path(tempfile.mkdtemp())
    >>> (tmp / "a.txt").write_text("Hip.")
    4
    >>> [p.name for p in copy_corpus([tmp / "a.txt"], 2, tmp / "out")]
    ['a__copy000.txt', 'a__copy001.txt']
    """
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for number in range(copies):
        for source in sources:
            target = folder / f"{source.stem}__copy{number:03d}{source.suffix}"
            shutil.copyfile(source, target)
            made.append(target)
    return made


def run_size(sources: list[Path], copies: int, args: argparse.Namespace) -> list[ChildRun]:
    """Copy the corpus ``copies`` times; measure the floor, then the build, each in a
    fresh child process so neither inherits the other's memory or caches."""
    context = multiprocessing.get_context("spawn")
    trace = not args.no_tracemalloc
    with tempfile.TemporaryDirectory(prefix=f"orthokg-build-bench-{copies}-") as tmp:
        files = copy_corpus(sources, copies, Path(tmp) / "corpus")
        runs = []
        with context.Pool(1, maxtasksperchild=1) as pool:
            runs.append(pool.apply(measure_floor, (files, args.repeat, trace)))
        with context.Pool(1, maxtasksperchild=1) as pool:
            runs.append(pool.apply(measure_build, (files, Path(tmp) / "kg.ttl", args.repeat,
                                                   trace)))
    return runs


def _mb(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f}"


def results_table(results: dict[int, list[ChildRun]]) -> Table:
    """One row per (size, stage): documents/s, time relative to the floor, memory."""
    table = Table(title="Build throughput (median of the timed runs)")
    for header in ("copies", "docs", "stage", "median s", "runs", "docs/s", "x floor time",
                   "Python peak MB", "RSS peak MB", "RSS growth MB", "triples"):
        table.add_column(header, justify="left" if header == "stage" else "right")
    for copies, runs in results.items():
        stages = [stage for run in runs for stage in run.stages]
        floor = next(stage for stage in stages if stage.name == FLOOR)
        for stage in stages:
            table.add_row(
                str(copies), str(stage.docs), stage.name, f"{stage.median_s:.2f}",
                str(len(stage.seconds)), f"{stage.docs / stage.median_s:,.1f}",
                f"{stage.median_s / floor.median_s:.1f}", _mb(stage.python_peak_mb),
                _mb(stage.rss_peak_mb), _mb(stage.rss_growth_mb),
                "-" if stage.triples is None else f"{stage.triples:,}")
        table.add_section()
    return table


def load_table(results: dict[int, list[ChildRun]]) -> Table:
    """One-time costs of each child (median over sizes), not counted in documents/s."""
    table = Table(title="One-time load (not in docs/s)")
    table.add_column("process")
    table.add_column("step")
    table.add_column("seconds", justify="right")
    for index, process in enumerate((FLOOR, BUILD)):
        steps = next(iter(results.values()))[index].load_s
        for step in steps:
            seconds = statistics.median(runs[index].load_s[step] for runs in results.values())
            table.add_row(process, step, f"{seconds:.2f}")
    return table


def parse_copies(text: str) -> list[int]:
    """``1,10,100`` as a list of positive counts.

    >>> parse_copies("1, 10,100")
    [1, 10, 100]
    """
    counts = [int(part) for part in text.split(",") if part.strip()]
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError(f"expected positive counts like 1,10,100: {text!r}")
    return counts


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help=f"folder of documents to copy (default {DEFAULT_CORPUS})")
    parser.add_argument("--copies", type=parse_copies, default=[1, 10, 100],
                        help="comma-separated copy counts of the corpus (default 1,10,100)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per stage")
    parser.add_argument("--no-tracemalloc", action="store_true",
                        help="skip the extra run that measures the Python peak")
    args = parser.parse_args(argv)
    from orthokg.loaders.reading.readers import iter_document_paths

    sources = iter_document_paths([args.corpus])
    if not sources or args.repeat < 1:
        parser.error(f"no documents under {args.corpus}" if not sources else "--repeat >= 1")
    results = {copies: run_size(sources, copies, args) for copies in args.copies}
    console = Console() if sys.stdout.isatty() else Console(width=160)
    console.print(results_table(results))
    console.print(load_table(results))
    console.print(f"corpus: {args.corpus} ({len(sources)} documents); "
                  f"x floor time = stage time / floor time for the same documents")
    return 0


if __name__ == "__main__":
    sys.exit(main())
