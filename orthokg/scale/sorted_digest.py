"""The data's content version computed while streaming, in bounded memory.

:func:`orthokg.ontology.data_ontology.content_version` hashes the sorted N-Triples lines
of every statement, so it needs the whole graph at once. A streaming build never holds
the whole graph: it feeds each statement's line here as it writes it. Lines are kept in
memory up to ``run_lines``, then sorted and spilled to a temporary file (a "run"); the
digest is taken over the merge of the runs, duplicates skipped (a fact stated by two
documents is written twice but is one statement of the graph). The result is the
version ``content_version`` gives for the same graph (``tests/scale/test_streaming.py``).
"""

from __future__ import annotations

import hashlib
import heapq
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from orthokg.ontology.data_ontology import statement_lines

__all__ = ["SortedDigest", "statement_lines"]  # the lines, from the one place that writes them


def _read_run(handle: IO[str]) -> Iterator[str]:
    handle.seek(0)
    for line in handle:
        yield line[:-1]


class SortedDigest:
    """Collects statement lines (in any order, repeats allowed) and gives the version."""

    def __init__(self, folder: Path | None = None, run_lines: int = 50_000) -> None:
        self.folder = folder
        self.run_lines = run_lines
        self._lines: list[str] = []
        self._runs: list[IO[str]] = []
        self.hexdigest = ""

    def add(self, lines: Iterable[str]) -> None:
        self._lines.extend(lines)
        if len(self._lines) >= self.run_lines:
            self._spill()

    def _spill(self) -> None:
        # Kept open until version() merges and closes it.
        run = tempfile.TemporaryFile("w+", encoding="utf-8", dir=self.folder)  # noqa: SIM115
        # A line holds no newline: N-Triples escapes it inside literals.
        run.writelines(f"{line}\n" for line in sorted(set(self._lines)))
        self._runs.append(run)
        self._lines = []

    def version(self, out: IO[bytes] | None = None) -> str:
        """``c`` + 12 hex digits, as :func:`content_version`; closes the runs. The
        sorted lines hashed are also written to ``out`` when given (a store keeps them,
        :mod:`orthokg.scale.lines`), and the whole SHA-256 is left in :attr:`hexdigest`."""
        self._lines.sort()
        digest = hashlib.sha256()
        previous = None
        try:
            for line in heapq.merge(iter(self._lines), *map(_read_run, self._runs)):
                if line == previous:
                    continue
                previous = line
                data = line.encode("utf-8") + b"\n"
                digest.update(data)
                if out is not None:
                    out.write(data)
        finally:
            for run in self._runs:
                run.close()
            self._runs, self._lines = [], []
        self.hexdigest = digest.hexdigest()
        return f"c{self.hexdigest[:12]}"
