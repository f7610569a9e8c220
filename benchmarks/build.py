"""How many documents per second does a build manage, against merely reading them? (run on demand)

The corpus is copied 1, 10, 100 ... times into a temporary folder (each copy under its
own file name, so each is its own document) and, for every size, in the same run:

* ``floor`` — :func:`~orthokg.loaders.readers.read_document` plus a blank spaCy
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

if __package__ in (None, ""):  # run as a script: import from the checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psutil
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
MB = 2**20
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


def _timed(load_s: dict[str, float], step: str, action: Callable[[], object]) -> object:
    started = time.perf_counter()
    value = action()
    load_s[step] = time.perf_counter() - started
    return value


@contextmanager
def _progress(label: str, total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr; yields ``update(done)``. Transient: the tables stay clean."""
    columns = ("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
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
    _timed(load_s, "imports", lambda: __import__("orthokg.loaders.readers"))
    import spacy

    from orthokg.loaders.readers import read_document

    nlp = _timed(load_s, "spaCy blank('en')", lambda: spacy.blank("en"))

    def one_pass(update: Callable[[int], None]) -> None:
        for number, path in enumerate(files, start=1):
            nlp.make_doc(read_document(path).text)  # type: ignore[attr-defined]
            update(number)

    _timed(load_s, "warm-up document", lambda: one_pass(lambda _: None) if False else
           nlp.make_doc(read_document(files[0]).text))  # type: ignore[attr-defined]
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
    from orthokg.loaders.nlp import default_annotator
    from orthokg.loaders.pipeline import build_graph
    from orthokg.ontology.lexicon import load_lexicon
    from orthokg.ontology.tbox import tbox_graph

    _timed(load_s, "lexicon", load_lexicon)
    _timed(load_s, "medspaCy annotator", default_annotator)
    _timed(load_s, "TBox", tbox_graph)
    _timed(load_s, "warm-up document", lambda: build_graph([first]))


def _build_once(files: list[Path], out: Path, label: str) -> tuple[float, float, int]:
    """One build and its serialisation: (build seconds, build + Turtle seconds, triples)."""
    from orthokg.io import save_graph
    from orthokg.loaders.pipeline import build_graph

    with _progress(label, len(files)) as update:
        started = time.perf_counter()
        result = build_graph(files, progress=lambda number, _total, _path: update(number))
        built = time.perf_counter()
    save_graph(result.graph, out)
    return built - started, time.perf_counter() - started, len(result.graph)


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
    """Build (and serialise) every file ``repeat`` times (plus once under tracemalloc)."""
    load_s: dict[str, float] = {}
    _load_build_models(load_s, files[0])
    build, turtle, loaded = Stage(BUILD, len(files)), Stage(TURTLE, len(files)), _rss_mb()
    for run in range(1, repeat + 1):
        gc.collect()
        label = f"{len(files)} docs · build · run {run}/{repeat}"
        build_s, turtle_s, triples = _build_once(files, out, label)
        build.seconds.append(build_s)
        turtle.seconds.append(turtle_s)
        build.triples = turtle.triples = triples
    for stage in (build, turtle):  # the serialisation is where the process peaks, if anywhere
        stage.rss_peak_mb = _rss_peak_mb()
        stage.rss_growth_mb = max(0.0, stage.rss_peak_mb - loaded)
    if trace:
        gc.collect()
        _traced_build(files, out, build, turtle)
    return ChildRun([build, turtle], load_s)
