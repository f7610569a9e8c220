"""A library-sized build, measured: the synthetic corpus of :mod:`benchmarks.corpus`.

Generates ``--size`` documents (default 10,000) into a temporary folder, then runs the
command users run, each as its own process, and reports wall time, docs/s, docs/s per
worker, CPU seconds and the build process's peak RSS:

* ``orthokg build DOCS --store DIR --quiet --jobs 1`` and ``--jobs N`` (fresh stores);
* ``--share`` (default 1 %) of the documents edited, and the ``--jobs 1`` store built
  again over them (incremental: only the edited ones are extracted); the ratios of the
  two wall times and of the two CPU times.

CPU seconds are the build process's and, with ``--jobs N``, its workers' (``wait4``
counts the children a process reaped): how much work was done, steadier than wall time
on a shared machine.

The load average is printed with each row (the machine is shared).

    python benchmarks/library.py --size 10000 --jobs 2
    python benchmarks/library.py --size 500 --jobs 2      # a quicker look
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script: import from the checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.command import DEFAULT_CORPORA, run_measured
from benchmarks.corpus import change, generate

ORTHOKG = Path(sys.executable).with_name("orthokg")


def _row(label: str, size: int, jobs: int, run: tuple[float, float, float]) -> None:
    wall, rss, cpu = run
    print(f"{label:<22} {wall:>8.1f} {size / wall:>7.2f} {size / wall / jobs:>11.2f} "
          f"{cpu:>7.1f} {rss:>8.0f} {os.getloadavg()[0]:>9.2f}", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--share", type=float, default=0.01,
                        help="share of documents changed before the rebuild (0.01)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="orthokg-library-") as tmp:
        work = Path(tmp)
        paths = generate(list(DEFAULT_CORPORA), args.size, work / "docs")
        print(f"{args.size} synthetic documents in {work / 'docs'}")
        print(f"{'run':<22} {'wall s':>8} {'docs/s':>7} {'docs/s/job':>11} "
              f"{'CPU s':>7} {'RSS MB':>8} {'load avg':>9}", flush=True)
        command = [str(ORTHOKG), "build", str(work / "docs"), "--quiet", "--keep-going"]
        full = {}
        for jobs in sorted({1, args.jobs}):
            full[jobs] = run_measured([*command, "--jobs", str(jobs), "--store",
                                       str(work / f"store-j{jobs}")], allowed=(0, 2))
            _row(f"full --jobs {jobs}", args.size, jobs, full[jobs])
        if args.jobs != 1:
            print(f"speed-up --jobs {args.jobs} / --jobs 1: "
                  f"{full[1][0] / full[args.jobs][0]:.2f}x wall")
        changed = change(paths, args.share)
        again = run_measured([*command, "--jobs", "1", "--store", str(work / "store-j1")],
                             allowed=(0, 2))
        _row(f"{len(changed)} changed, rebuild", args.size, 1, again)
        print(f"incremental / full --jobs 1: {again[0] / full[1][0]:.1%} of the wall time, "
              f"{again[2] / full[1][2]:.1%} of the CPU seconds")


if __name__ == "__main__":
    main()
