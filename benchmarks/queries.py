"""How fast is every catalogue query, on each engine, as the graph grows? (run on demand)

For each size a synthetic graph shaped like OrthoKG's (``benchmarks/synthetic.py``) is
loaded by four engines, each in its own child process so that one engine's memory
never counts against another's, loaded one after another and then timed in turn
(round robin over engines and queries) so that other work on the machine slows all
engines alike:

* ``default`` — what ``orthokg query`` does: ``write_store`` (the store layout: per-
  document named graphs, read as their union) then :class:`OxigraphEngine` on the
  opened store, rows as rdflib terms;
* ``raw`` — pyoxigraph ``Store.query`` on the very store ``default`` wrote (opened
  read-only beside it), given the query text the engine sends (parameters written in,
  prepared before the clock starts), results consumed but not converted: the floor
  every ratio is measured against, so the ratio is what the wrapper costs;
* ``flat`` — raw pyoxigraph on the other layout the store could have: the same
  triples bulk-loaded into the default graph and queried without the union (what a
  materialised default graph would give; docs/ARCHITECTURE.md, "Queries at scale");
* ``rdflib`` — :class:`RdflibEngine` on the graph parsed by rdflib.

Reported: load time and peak resident memory per engine, the median latency of every
catalogue query (sensible parameters: the synthetic anchors, e.g. total hip
replacement, hip joint, osteoarthritis) and its ratio to ``raw``, and whether all
engines returned the same rows. With ``--page N`` every query is also timed for its
first page of N rows (``[first N]`` in the table), as ``orthokg query --limit N`` asks
for it: the time to the first page, reported beside the full answer's. With ``--cpu``
the times are CPU seconds of each engine's process (steadier when the machine is shared)
instead of wall-clock.

    python -m benchmarks.queries --sizes 10k,100k --repeat 5
    python benchmarks/queries.py --sizes 100k,1M --repeat 3 --page 100 --cpu
    python benchmarks/queries.py --sizes 1M --only procedures --variant procedures=new.rq

``--only`` times some catalogue queries, ``--variant NAME=FILE`` times a rewrite of one
beside it in the same run (same parameters; "same rows" then also compares the
rewrite's rows with the catalogue query's). The medians are over the catalogue only.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import re
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script (make bench): import from the checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psutil
from rdflib import Literal
from rdflib.term import Identifier

from benchmarks.synthetic import write_graph
from orthokg.ontology.normalize import normalized_label
from orthokg.ontology.vocab import DOC, OKG, OKGR
from orthokg.queries import catalogue

# ``default`` first: ``raw`` opens the store it writes.
ENGINES = ("default", "raw", "flat", "rdflib")
Rows = list[tuple[Any, ...]]  # rdflib terms (converted) or pyoxigraph terms
Runner = Callable[..., Rows]  # (case, convert=False) -> rows
# One sensible value per parameter name: the synthetic anchors (always the busiest).
PARAMS: dict[str, Identifier] = {
    "procedure": OKGR["total-hip-replacement"],
    "condition": OKGR["osteoarthritis"],
    "structure": OKGR["hip-joint"],
    "subject": OKGR["total-hip-replacement"],
    "property": OKG["hasPossibleComplication"],
    "object": OKGR["infection"],
    "key": Literal(normalized_label("total hip replacement")),
    "lowered": Literal("total hip replacement"),
    "document": DOC["0000_synthetic"],
}


@dataclass(frozen=True, slots=True)
class Case:
    """One catalogue query with the parameters it is timed with."""

    label: str
    sparql: str
    params: dict[str, Identifier]


@dataclass(slots=True)
class Timing:
    """What one engine measured for one case."""

    median_ms: float
    runs: int
    rows: int
    digest: str


@dataclass(slots=True)
class EngineRun:
    """One engine at one size: load cost and every case's timing."""

    engine: str
    load_s: float
    peak_mb: float
    timings: dict[str, Timing] = field(default_factory=dict)


def _variant(spec: str) -> tuple[str, Path]:
    """``NAME=FILE`` of ``--variant``: a catalogue name and a readable ``.rq`` file."""
    name, sep, file = spec.partition("=")
    if not sep or name not in catalogue.names():
        raise SystemExit(f"benchmarks/queries.py: --variant {spec!r}: expected NAME=FILE.rq "
                         "with NAME a catalogue query")
    if not Path(file).is_file():
        raise SystemExit(f"benchmarks/queries.py: --variant {spec!r}: no file {file}")
    return name, Path(file)


def cases(page: int = 0, only: list[str] | None = None,
          variants: list[str] | None = None) -> list[Case]:
    """Every catalogue query with all its parameters bound; a query whose parameters are
    all optional also runs without any (the whole listing). ``only`` keeps the named
    queries; each ``NAME=FILE`` of ``variants`` adds FILE's query with NAME's parameters,
    labelled ``NAME <FILE's stem>``, so a rewrite is timed beside the query it replaces
    in the same run. With ``page``, each of these again for its first ``page`` rows."""
    from orthokg.queries.paging import paged

    unknown = sorted(set(only or ()) - set(catalogue.names()))
    if unknown:
        raise SystemExit(f"benchmarks/queries.py: --only: no catalogue query {unknown}")
    extra: dict[str, list[Path]] = {}
    for name, file in map(_variant, variants or ()):
        extra.setdefault(name, []).append(file)
    found = []
    for query in catalogue.all():
        if only and query.name not in only:
            continue
        missing = [p.name for p in query.params if p.name not in PARAMS]
        if missing:
            raise SystemExit(f"benchmarks/queries.py: no value for {missing} of {query.name}")
        bound = {p.name: PARAMS[p.name] for p in query.params}
        texts = [(query.name, query.sparql)] + [
            (f"{query.name} <{file.stem}>", file.read_text(encoding="utf-8"))
            for file in extra.get(query.name, ())]
        for label, sparql in texts:
            found.append(Case(label, sparql, bound))
            if query.params and not query.required:
                found.append(Case(f"{label} (all)", sparql, {}))
    if page:
        found += [Case(f"{case.label} [first {page}]", paged(case.sparql, page), case.params)
                  for case in list(found)]
    return found


def _digest(rows: Rows) -> str:
    """Same rows (in any order) give the same digest; blank nodes compare as one."""
    def key(term: object) -> str:
        if term is None:
            return ""
        return "_:" if type(term).__name__ in ("BNode", "BlankNode") else str(term)

    text = "\n".join(sorted("\t".join(key(t) for t in row) for row in rows))
    return hashlib.sha1(text.encode()).hexdigest()[:10]


# --- inside the child process -----------------------------------------------------------

def _raw_runner(store: object, chosen: list[Case], union: bool) -> Runner:
    """pyoxigraph's own ``query`` on ``store``, given the text the engine sends."""
    from orthokg.queries.engines.base import DEFAULT_PREFIXES
    from orthokg.queries.engines.oxigraph_engine import bound_text, to_rdflib

    prepared = {case.label: bound_text(case.sparql, case.params) for case in chosen}

    def run(case: Case, convert: bool = False) -> Rows:
        text, subs = prepared[case.label]
        result = store.query(text, use_default_graph_as_union=union,  # type: ignore[attr-defined]
                             substitutions=subs, prefixes=DEFAULT_PREFIXES)
        if convert:
            return [tuple(to_rdflib(t) for t in solution) for solution in result]
        return [tuple(solution) for solution in result]

    return run


def _open_raw(work: Path, chosen: list[Case]) -> tuple[Runner, float]:
    """The store ``default`` wrote, opened read-only beside it: same data, same layout."""
    import pyoxigraph as ox

    started = time.perf_counter()
    store = ox.Store.read_only(str(work / "default-store"))
    return _raw_runner(store, chosen, union=True), time.perf_counter() - started


def _open_flat(work: Path, chosen: list[Case]) -> tuple[Runner, float]:
    """Every triple bulk-loaded into the default graph, queried without the union."""
    import pyoxigraph as ox

    started = time.perf_counter()
    store = ox.Store(str(work / "flat-store"))
    store.bulk_load(path=str(work / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    return _raw_runner(store, chosen, union=False), time.perf_counter() - started


def _open_default(work: Path, chosen: list[Case]) -> tuple[Runner, float]:
    from rdflib import Graph

    from orthokg.queries.engines.oxigraph_engine import OxigraphEngine
    from orthokg.queries.store import write_store

    graph = Graph().parse(work / "graph.nt", format="nt")
    started = time.perf_counter()
    write_store(graph, work / "default-store")
    del graph
    engine = OxigraphEngine.open(work / "default-store")
    load_s = time.perf_counter() - started
    return lambda case, convert=False: engine.run(case.sparql, case.params).rows, load_s


def _open_rdflib(work: Path, chosen: list[Case]) -> tuple[Runner, float]:
    from rdflib import Graph

    from orthokg.queries.engines.rdflib_engine import RdflibEngine

    started = time.perf_counter()
    graph = Graph().parse(work / "graph.nt", format="nt")
    load_s = time.perf_counter() - started
    engine = RdflibEngine(graph)
    return lambda case, convert=False: engine.run(case.sparql, case.params).rows, load_s


OPENERS = {"raw": _open_raw, "flat": _open_flat, "default": _open_default,
           "rdflib": _open_rdflib}


def _timed(run: Runner, case: Case, convert: bool, cpu: bool) -> tuple[float, Rows]:
    """Seconds one run took: wall-clock, or with ``cpu`` this process's CPU time (the
    query runs in the calling thread), which other work on a shared machine disturbs
    far less."""
    clock = time.process_time if cpu else time.perf_counter
    started = clock()
    rows = run(case, convert)
    return clock() - started, rows


def worker(engine: str, work: Path, chosen: list[Case], conn: Connection,
           cpu: bool = False) -> None:
    """Child process: load with ``engine``, report load time and peak memory, then run
    the cases the parent names, one at a time, until told ``None``."""
    baseline = psutil.Process().memory_info().rss
    run, load_s = OPENERS[engine](work, chosen)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
    conn.send((load_s, max(0, peak - baseline) / 2**20))
    by_label = {case.label: case for case in chosen}
    while (request := conn.recv()) is not None:
        label, convert = request
        elapsed, rows = _timed(run, by_label[label], convert, cpu)
        conn.send((elapsed, len(rows), _digest(rows) if convert else ""))
    conn.close()


# --- the parent ----------------------------------------------------------------------

def parse_size(text: str) -> int:
    """``10k``, ``100k``, ``1M`` or a plain number.

    >>> parse_size("1M"), parse_size("100k"), parse_size("2500")
    (1000000, 100000, 2500)
    """
    text = text.strip()
    scale = {"k": 1_000, "K": 1_000, "m": 1_000_000, "M": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if scale > 1 else text) * scale)


@dataclass(slots=True)
class _Child:
    """A loaded engine in its own process and what it measured so far."""

    process: BaseProcess
    conn: Connection
    run: EngineRun
    samples: dict[str, list[float]] = field(default_factory=dict)

    def ask(self, label: str, convert: bool) -> tuple[float, int, str]:
        self.conn.send((label, convert))
        return self.conn.recv()  # type: ignore[no-any-return]

    def stop(self) -> None:
        self.conn.send(None)
        self.process.join(timeout=60)
        if self.process.is_alive():
            self.process.kill()


def _start(engine: str, work: Path, chosen: list[Case], cpu: bool = False) -> _Child:
    """Start and load one engine; the next starts only when this one has loaded, so load
    times and memory are measured on a quiet machine."""
    context = multiprocessing.get_context("spawn")
    parent_end, child_end = context.Pipe()
    process = context.Process(target=worker, args=(engine, work, chosen, child_end, cpu))
    process.start()
    load_s, peak_mb = parent_end.recv()
    print(f"  {engine}: loaded in {load_s:.2f} s", file=sys.stderr, flush=True)
    return _Child(process, parent_end, EngineRun(engine, load_s, peak_mb))


def _check_pass(children: list[_Child], chosen: list[Case], slow_s: float
                ) -> set[tuple[str, str]]:
    """Run every case once on every engine (rows and digest kept); return the
    (engine, case) pairs slower than ``slow_s``, which keep this single time."""
    slow: set[tuple[str, str]] = set()
    for case in chosen:
        for child in children:
            elapsed, rows, digest = child.ask(case.label, True)
            child.run.timings[case.label] = Timing(elapsed * 1000, 1, rows, digest)
            child.samples[case.label] = []
            if elapsed >= slow_s:
                slow.add((child.run.engine, case.label))
    return slow


def _interleave(children: list[_Child], chosen: list[Case], repeat: int,
                slow_s: float) -> None:
    """A checking pass, then ``repeat`` rounds in which every engine runs every case in
    turn: a busy moment on the machine then slows all engines alike, not one of them."""
    slow = _check_pass(children, chosen, slow_s)
    for _ in range(repeat):
        for case in chosen:
            for child in children:
                if (child.run.engine, case.label) not in slow:
                    child.samples[case.label].append(child.ask(case.label, False)[0])
    for child in children:
        for label, samples in child.samples.items():
            if samples:
                timing = child.run.timings[label]
                timing.median_ms, timing.runs = statistics.median(samples) * 1000, len(samples)


def run_size(size: int, args: argparse.Namespace, chosen: list[Case]) -> list[EngineRun]:
    """Generate one size, load every engine in its own process, time them interleaved."""
    engines = [e for e in ENGINES if not (e == "rdflib" and size > args.skip_rdflib_above)]
    with tempfile.TemporaryDirectory(prefix=f"orthokg-bench-{size}-") as tmp:
        work = Path(tmp)
        triples = write_graph(work / "graph.nt", size, args.seed)
        print(f"\n## {size:,} triples requested, {triples:,} written", flush=True)
        children: list[_Child] = []
        try:
            for engine in engines:
                children.append(_start(engine, work, chosen, args.cpu))
            _interleave(children, chosen, args.repeat, args.slow)
        finally:
            for child in children:
                child.stop()
    return [child.run for child in children]


def _cell(timing: Timing | None, raw: Timing) -> str:
    if timing is None:
        return "skipped"
    ratio = timing.median_ms / raw.median_ms if raw.median_ms else float("nan")
    once = "*" if timing.runs == 1 else ""
    return f"{timing.median_ms:.2f}{once} ({ratio:.1f}x)"


def _original(label: str) -> str:
    """The catalogue case a ``--variant`` case rewrites (``label`` itself otherwise).

    >>> _original("procedures <p3> (all)"), _original("documents")
    ('procedures (all)', 'documents')
    """
    return re.sub(r" <[^>]*>", "", label)


def report(size: int, runs: list[EngineRun], chosen: list[Case]) -> None:
    """Print the load table and the latency table (Markdown) for one size."""
    by_engine = {run.engine: run for run in runs}
    print("\n| engine | load s | peak RSS MB |\n| --- | --- | --- |")
    for run in runs:
        print(f"| {run.engine} | {run.load_s:.2f} | {run.peak_mb:.0f} |")
    print("\n| query | rows | raw pyoxigraph ms | default (oxigraph engine) ms (x raw) | "
          "flat: materialised default graph ms (x raw) | rdflib ms (x raw) | same rows |"
          "\n| --- | --- | --- | --- | --- | --- | --- |")
    for case in chosen:
        raw = by_engine["raw"].timings[case.label]
        cells = [_cell(by_engine[e].timings.get(case.label) if e in by_engine else None, raw)
                 for e in ("default", "flat", "rdflib")]
        digests = {run.timings[case.label].digest for run in runs}
        original = _original(case.label)
        if original != case.label and " [first " not in case.label:
            digests |= {run.timings[original].digest for run in runs}  # a rewrite's rows
        same = "yes" if len(digests) == 1 else "NO"
        raw_once = "*" if raw.runs == 1 else ""
        print(f"| {case.label} | {raw.rows} | {raw.median_ms:.2f}{raw_once} | {cells[0]} | "
              f"{cells[1]} | {cells[2]} | {same} |")
    print(f"\n(size {size:,}; * = slower than --slow, timed once)")
    raw_times = {label: t.median_ms for label, t in by_engine["raw"].timings.items()}
    for first_page in (False, True):
        labels = [c.label for c in chosen if (" [first " in c.label) == first_page
                  and _original(c.label) == c.label]  # the catalogue, not the rewrites
        if not labels:
            continue
        print("\nfirst page only:" if first_page else "\nfull answers:")
        raw_median = statistics.median(raw_times[label] for label in labels)
        for run in runs:
            times = {label: run.timings[label].median_ms for label in labels}
            worst = max(times, key=times.__getitem__)
            median = statistics.median(times.values())
            print(f"{run.engine}: median over the catalogue {median:.1f} ms "
                  f"({median / raw_median:.2f}x raw's median); worst {worst} "
                  f"{times[worst]:.1f} ms ({times[worst] / raw_times[worst]:.2f}x raw)")


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k",
                        help="comma-separated triple counts, e.g. 10k,100k,1M")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per query")
    parser.add_argument("--skip-rdflib-above", type=parse_size, default=parse_size("200k"),
                        help="leave rdflib out above this size (its provenance queries "
                             "take minutes at 1M)")
    parser.add_argument("--slow", type=float, default=10.0,
                        help="seconds: a query slower than this is timed once")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cpu", action="store_true",
                        help="time queries in CPU seconds of the engine's process, not "
                             "wall-clock (steadier on a shared machine)")
    parser.add_argument("--page", type=int, default=0,
                        help="rows per page for the listings (0: the whole listing)")
    parser.add_argument("--only", default="",
                        help="comma-separated catalogue queries to time (default: all)")
    parser.add_argument("--variant", action="append", default=[], metavar="NAME=FILE",
                        help="also time FILE (a rewrite of catalogue query NAME) with "
                             "NAME's parameters, in the same run; repeatable")
    args = parser.parse_args(argv)
    chosen = cases(args.page, [n for n in args.only.split(",") if n], args.variant)
    for size in (parse_size(s) for s in args.sizes.split(",")):
        report(size, run_size(size, args, chosen), chosen)
    return 0


if __name__ == "__main__":
    sys.exit(main())
