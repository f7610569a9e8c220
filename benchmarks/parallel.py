"""Does ``--jobs N`` use N cores? Wall ratio and the serial share left in the parent.

On a shared machine the wall-clock speed-up of ``--jobs 2`` says as much about the
other users as about the build. So besides the wall times this runs the streaming
build (:func:`orthokg.loaders.pipeline.stream_build`, what ``orthokg build`` runs) in
this process at ``--jobs 1`` and ``--jobs N`` and measures, in CPU seconds:

* ``parent``: the build process itself (resolution, writing into the store, the
  content digest; with ``--jobs 1`` also every extraction);
* ``workers``: the extraction processes (``RUSAGE_CHILDREN``, taken after the pool is
  joined).

Amdahl's bound for N cores is ``total CPU at --jobs 1 / max(parent CPU at --jobs N,
total CPU at --jobs N / N)``: the speed-up the work allows when nothing else runs. The
parallel path does not serialise when that bound is near N, and the ratio of wall
times approaches it as the machine is quieter (the load average is printed).

    python benchmarks/parallel.py --size 200 --jobs 2
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: import from the checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.command import DEFAULT_CORPORA
from benchmarks.scaling import make_corpus_of


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(corpus: Path, jobs: int, work: Path) -> dict[str, float]:
    """One streaming build into a fresh store: wall, parent CPU, workers' CPU."""
    import pyoxigraph as ox

    from orthokg.loaders.pipeline import stream_build
    from orthokg.scale.stream import StoreWriter

    store = ox.Store(str(work / f"store-j{jobs}"))
    children, parent, started = _children_cpu(), time.process_time(), time.perf_counter()
    result = stream_build([corpus], StoreWriter(store, work), jobs=jobs)
    wall = time.perf_counter() - started
    return {"wall": wall, "parent": time.process_time() - parent,
            "workers": _children_cpu() - children, "docs": result.built,
            "load": os.getloadavg()[0]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200, help="documents (default 200)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    from orthokg.loaders.pipeline import warm_up

    warm_up()  # the parent's annotator (--jobs 1 uses it) is not part of either run
    with tempfile.TemporaryDirectory(prefix="orthokg-parallel-") as tmp:
        corpus = Path(tmp) / "docs"
        corpus.mkdir()
        make_corpus_of(list(DEFAULT_CORPORA), args.size, corpus)
        one = run(corpus, 1, Path(tmp))
        many = run(corpus, args.jobs, Path(tmp))
    print(f"{'jobs':>4} {'wall s':>8} {'docs/s':>7} {'parent CPU s':>13} "
          f"{'workers CPU s':>14} {'load avg':>9}")
    for jobs, row in ((1, one), (args.jobs, many)):
        print(f"{jobs:>4} {row['wall']:>8.1f} {row['docs'] / row['wall']:>7.2f} "
              f"{row['parent']:>13.1f} {row['workers']:>14.1f} {row['load']:>9.2f}")
    total_one = one["parent"] + one["workers"]
    total_many = many["parent"] + many["workers"]
    bound = total_one / max(many["parent"], total_many / args.jobs)
    print(f"wall speed-up --jobs {args.jobs} / --jobs 1: {one['wall'] / many['wall']:.2f}x")
    print(f"serial share left in the parent at --jobs {args.jobs}: "
          f"{many['parent'] / total_many:.1%} of the CPU")
    print(f"Amdahl bound on {args.jobs} idle cores: {bound:.2f}x "
          f"(parallel overhead: {total_many / total_one:.2f}x the CPU of --jobs 1)")


if __name__ == "__main__":
    main()
