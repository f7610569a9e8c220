"""Does the build scale linearly? ``orthokg build`` at several corpus sizes (on demand).

For each size N it makes a corpus of N documents (the shared corpus copied round-robin,
each copy under its own name so it is its own document) in a temporary folder, runs the
command users run (``orthokg build DOCS --out kg.ttl --store DIR --quiet``, validation
included) as its own process, and reports wall seconds, docs/s and the peak RSS of the
build process (``os.wait4``). The acceptance ratios are taken within the run: peak RSS
at the largest size over the smallest (target <= 1.5) and docs/s at the largest over
the second (target >= 0.8), by wall time and by the process's CPU seconds (with
``--jobs 1`` the build's whole work; steadier than wall time on a shared machine). The
load average is printed with each row: wall times mean little without it.

    python benchmarks/scaling.py --sizes 50,200,2000
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script: import from the checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.command import DEFAULT_CORPORA, run_measured

ORTHOKG = Path(sys.executable).with_name("orthokg")


def make_corpus_of(sources: list[Path], size: int, into: Path) -> int:
    """``size`` documents: the sources' files taken round-robin, copy number in the name."""
    files = [f for source in sources for f in sorted(source.iterdir())
             if f.suffix in (".txt", ".md", ".html")]
    for number in range(size):
        file = files[number % len(files)]
        shutil.copyfile(file, into / f"c{number // len(files):04d}_{file.name}")
    return size


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,200,2000",
                        help="corpus sizes, comma-separated (default 50,200,2000)")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--corpus", type=Path, action="append",
                        help="source folder (default: the shared seeds and dev corpora)")
    args = parser.parse_args(argv)
    sources = args.corpus or list(DEFAULT_CORPORA)
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    print(f"{'docs':>6} {'wall s':>8} {'docs/s':>7} {'CPU s':>7} {'docs/CPU s':>11} "
          f"{'peak RSS MB':>12} {'load avg':>9}", flush=True)
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="orthokg-scaling-") as tmp:
            corpus = Path(tmp) / "docs"
            corpus.mkdir()
            make_corpus_of(sources, size, corpus)
            wall, rss, cpu = run_measured([str(ORTHOKG), "build", str(corpus), "--quiet",
                                     "--jobs", str(args.jobs), "--out",
                                     str(Path(tmp) / "kg.ttl"), "--store",
                                     str(Path(tmp) / "store")])
        load = os.getloadavg()[0]
        rows.append((size, wall, size / wall, rss, size / cpu))
        print(f"{size:>6} {wall:>8.1f} {size / wall:>7.2f} {cpu:>7.1f} {size / cpu:>11.2f} "
              f"{rss:>12.0f} {load:>9.2f}", flush=True)
    if len(rows) >= 2:
        print(f"peak RSS {rows[-1][0]} / {rows[0][0]} documents: "
              f"{rows[-1][3] / rows[0][3]:.2f}x (target <= 1.5)")
        print(f"docs/s {rows[-1][0]} / {rows[-2][0]} documents: "
              f"{rows[-1][2] / rows[-2][2]:.2f}x wall, {rows[-1][4] / rows[-2][4]:.2f}x CPU "
              f"(target >= 0.8)")


if __name__ == "__main__":
    main()
