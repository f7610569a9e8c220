"""OWL 2 RL at corpus scale, measured: ``orthokg reason --reasoner owlrl`` against
``reasonable`` alone on the same input, in the same run (run on demand, not in tests).

For each size, a synthetic graph shaped like OrthoKG's (``benchmarks/synthetic.py``,
TBox included, N-Triples) is written, and each of these runs as its own process:

* ``reasonable alone``: ``PyReasoner().load_file(graph)`` then ``reason()``, nothing
  else: the floor (``reasonable`` reads ``.ttl``/``.n3`` names only, so it is given the
  N-Triples file under a ``.ttl`` link, as the command does);
* ``reasonable alone, GC off``: the same with Python's cyclic garbage collector
  disabled, as the command runs it (``reason()`` builds millions of tuples the collector
  would walk again and again): the stricter floor;
* ``orthokg reason --kg``: the command users run, end to end (start-up, reading, the
  packaged TBox, reasoning, picking the inferences, the clash checks, writing them);
* ``orthokg reason --store``: the same on an on-disk store bulk-loaded from the
  generator's N-Quads (one named graph per document), as ``build --store`` lays it out;
* ``in-memory path`` (up to ``--in-memory-up-to`` triples, default 100k): what the
  command did before, ``reason(read_graph(file), "owlrl")``, for comparison.

Each row gives wall seconds, CPU seconds (user + system of the process: steadier than
wall time on a shared machine), peak RSS and the ratio of CPU and of wall time to
``reasonable alone``, and the CPU ratio to ``reasonable alone, GC off``. The target of
issue 10 is a ratio of at most 1.5 for the command.
Runs are repeated ``--repeat`` times, interleaved, and the row shows the run with the
median CPU time.

    python benchmarks/reasoning.py --sizes 100k,1M
    python benchmarks/reasoning.py --sizes 100k --repeat 3 --in-memory-up-to 100k
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: import from the checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pyoxigraph as ox

from benchmarks.queries import parse_size
from benchmarks.synthetic import write_graph
from orthokg.queries.store import MARKER

ORTHOKG = Path(sys.executable).with_name("orthokg")
MB = 2**20
ALONE = """import gc, sys, reasonable
if sys.argv[2:] == ["gc-off"]:
    gc.disable()
r = reasonable.PyReasoner()
r.load_file(sys.argv[1])
print(len(r.reason()), "closure triples")
"""
IN_MEMORY = """import sys
from pathlib import Path
from orthokg.export.read import read_graph
from orthokg.reasoning import reason
print(len(reason(read_graph(Path(sys.argv[1])), "owlrl").inferred), "inferred triples")
"""


@dataclass
class Run:
    """One process: wall and CPU seconds, peak RSS (MB), the last line it printed."""

    wall: float
    cpu: float
    rss: float
    said: str


def measure(args: list[str]) -> Run:
    """Run ``args`` as a child process; its own CPU time and peak RSS come from wait4."""
    with tempfile.TemporaryFile() as said, tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(args, stdout=said, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            raise SystemExit(f"{' '.join(args)} failed: {errors.read().decode()[-2000:]}")
        said.seek(0)
        lines = [ln for ln in said.read().decode().splitlines() if ln.strip()]
    last = next((ln for ln in lines if ln.startswith("inferred triples")), lines[-1:] or [""])
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024 / MB,
               last if isinstance(last, str) else last[0])


def make_store(quads: Path, directory: Path) -> None:
    """An on-disk store laid out as ``build --store`` lays it out (graph per document)."""
    store = ox.Store(str(directory))
    store.bulk_load(path=quads, format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    (directory / MARKER).write_text('{"format": "orthokg-store/1"}', encoding="utf-8")


def commands(size: int, work: Path, in_memory_up_to: int) -> dict[str, list[str]]:
    """The runs to compare at ``size``, writing their inputs into ``work``."""
    graph = work / f"graph-{size}.nt"
    count = write_graph(graph, size)
    link = work / f"graph-{size}.ttl"
    link.symlink_to(graph)
    quads = work / f"graph-{size}.nq"
    write_graph(quads, size)
    make_store(quads, work / f"store-{size}")
    print(f"{count} statements in {graph}", file=sys.stderr, flush=True)
    python = sys.executable
    runs = {
        "reasonable alone": [python, "-c", ALONE, str(link)],
        "reasonable alone, GC off": [python, "-c", ALONE, str(link), "gc-off"],
        "orthokg reason --kg": [str(ORTHOKG), "reason", "--kg", str(graph), "-r", "owlrl",
                                "-o", str(work / "inferred-kg.nt")],
        "orthokg reason --store": [str(ORTHOKG), "reason", "--store", str(work / f"store-{size}"),
                                   "-r", "owlrl", "-o", str(work / "inferred-store.nt")],
    }
    if size <= in_memory_up_to:
        runs["in-memory path"] = [python, "-c", IN_MEMORY, str(graph)]
    return runs


def report(size: int, runs: dict[str, list[Run]]) -> None:
    """One table per size: the median-CPU run of each command, against the floor."""
    chosen = {name: sorted(found, key=lambda r: r.cpu)[len(found) // 2]
              for name, found in runs.items()}
    floor, strict = chosen["reasonable alone"], chosen["reasonable alone, GC off"]
    print(f"\n{size:,} triples (load average {os.getloadavg()[0]:.1f})")
    print(f"{'run':<26} {'wall s':>8} {'CPU s':>7} {'RSS MB':>7} {'x CPU':>6} {'x wall':>7}"
          f" {'x CPU GC off':>12}  output")
    for name, run in chosen.items():
        print(f"{name:<26} {run.wall:>8.1f} {run.cpu:>7.1f} {run.rss:>7.0f} "
              f"{run.cpu / floor.cpu:>6.2f} {run.wall / floor.wall:>7.2f} "
              f"{run.cpu / strict.cpu:>12.2f}  {run.said}")
    if len(runs["reasonable alone"]) > 1:
        spread = [r.cpu for r in runs["reasonable alone"]]
        print(f"(floor CPU over {len(spread)} runs: {min(spread):.1f}-{max(spread):.1f} s, "
              f"median {statistics.median(spread):.1f})")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k,1M", help="comma-separated, e.g. 100k,1M")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--in-memory-up-to", default="100k",
                        help="also time the in-memory path up to this size (0: never)")
    args = parser.parse_args(argv)
    limit = parse_size(args.in_memory_up_to) if args.in_memory_up_to != "0" else 0
    for size in (parse_size(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="orthokg-bench-rl-") as tmp:
            todo = commands(size, Path(tmp), limit)
            runs: dict[str, list[Run]] = {name: [] for name in todo}
            for turn in range(args.repeat):
                for name, command in todo.items():
                    print(f"{size}: {name} ({turn + 1}/{args.repeat})", file=sys.stderr,
                          flush=True)
                    runs[name].append(measure(command))
            report(size, runs)


if __name__ == "__main__":
    main()
