"""A ROBOT-style quality report: ROBOT's report queries run over TBox + data together.

``robot report`` runs a set of SPARQL queries (each a check with a level: ERROR, WARN,
INFO) over an ontology. The queries are not part of this project (the shared test data
holds ROBOT's published set with its ``report_profile.txt``); this module runs any such
directory of ``NAME.rq`` files with its profile over the release in an Oxigraph store and
writes ROBOT's TSV layout (Level, Rule Name, Subject, Property, Value). The whole report
runs in a child Python process with a time limit, since an Oxigraph query cannot be
cancelled (``python -m orthokg.release.report QUERIES FILE...`` prints the rows as JSON).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from orthokg.errors import OrthoKGError

__all__ = ["LEVELS", "ReportRow", "report_counts", "report_tsv", "run_report"]

LEVELS = ("ERROR", "WARN", "INFO")
PROFILE = "report_profile.txt"


class ReportError(OrthoKGError):
    """The report queries could not be read or did not finish in time."""

    exit_code = 1


@dataclass(frozen=True, order=True, slots=True)
class ReportRow:
    level: str
    rule: str
    subject: str
    property: str
    value: str


def read_profile(queries: Path) -> dict[str, str]:
    """Rule name → level from ``report_profile.txt`` (lines ``LEVEL<TAB>rule``)."""
    path = queries / PROFILE
    if not path.is_file():
        raise ReportError(f"{queries}: no {PROFILE} (a ROBOT report query directory has one)")
    levels: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        level, _, rule = line.strip().partition("\t")
        if level not in LEVELS or not rule:
            raise ReportError(f"{path}:{number}: expected LEVEL<TAB>rule, got {line!r}")
        levels[rule.strip()] = level
    return levels


def _term(value: object) -> str:
    text = getattr(value, "value", None)
    return "" if value is None else str(text if text is not None else value)


def _run(files: Sequence[str], queries: str, levels: dict[str, str]) -> list[ReportRow]:
    from pyoxigraph import RdfFormat, Store

    store = Store()
    for file in files:
        fmt = RdfFormat.TURTLE if file.endswith(".ttl") else RdfFormat.N_QUADS
        with open(file, "rb") as stream:
            store.bulk_load(stream, format=fmt)
    rows: list[ReportRow] = []
    for rule, level in sorted(levels.items()):
        query = Path(queries, f"{rule}.rq")
        if not query.is_file():
            continue
        results = store.query(query.read_text(encoding="utf-8"), use_default_graph_as_union=True)
        names = [v.value for v in results.variables]  # type: ignore[union-attr]
        for solution in results:  # type: ignore[union-attr]
            cells = {name: _term(solution[name]) for name in names}
            rows.append(ReportRow(level, rule, cells.get("entity", ""),
                                  cells.get("property", ""), cells.get("value", "")))
    return sorted(set(rows))


def run_report(files: Sequence[Path], queries: Path, timeout_s: float = 300.0
               ) -> list[ReportRow]:
    """Every row of every profiled check over ``files`` (Turtle or N-Quads) loaded into
    one store; :class:`ReportError` when the queries are missing, fail or time out."""
    read_profile(queries)  # a bad directory is reported here, in the caller's process
    args = [sys.executable, "-m", "orthokg.release.report", str(queries), *map(str, files)]
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout_s,
                              check=False)
    except subprocess.TimeoutExpired as exc:
        raise ReportError(f"report queries in {queries} did not finish within "
                          f"{timeout_s:g} s") from exc
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise ReportError(f"report queries in {queries} failed: {last}")
    return [ReportRow(*row) for row in json.loads(done.stdout)]


def report_counts(rows: Sequence[ReportRow]) -> dict[str, int]:
    """Rows per level, every level present (``{"ERROR": 0, ...}``)."""
    counts = Counter(row.level for row in rows)
    return {level: counts.get(level, 0) for level in LEVELS}


def report_tsv(rows: Sequence[ReportRow]) -> bytes:
    """ROBOT's TSV layout, ERROR rows first."""
    order = {level: i for i, level in enumerate(LEVELS)}
    lines = ["Level\tRule Name\tSubject\tProperty\tValue"]
    for row in sorted(rows, key=lambda r: (order[r.level], r.rule, r.subject, r.property,
                                           r.value)):
        cells = (row.level, row.rule, row.subject, row.property, row.value)
        lines.append("\t".join(" ".join(c.split()) for c in cells))
    return "".join(f"{line}\n" for line in lines).encode("utf-8")


def main(argv: Sequence[str]) -> int:
    """The child process: ``QUERIES FILE...`` → the rows as a JSON list on stdout."""
    queries, *files = argv
    rows = _run(files, queries, read_profile(Path(queries)))
    json.dump([[r.level, r.rule, r.subject, r.property, r.value] for r in rows], sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
