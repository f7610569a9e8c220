"""Reading the loaders' rule tables (``*.tsv`` beside the code), all one way.

Every table (section kinds, boilerplate, ConText rules, relation cues, step actions,
generic concepts) is data a curator edits by hand; a mistake must stop the load with
the file, the line and what was expected, never produce a quietly different graph.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from orthokg.errors import LexiconError


def packaged(package: str, name: str) -> Path:
    """Path of a rule table shipped beside the code of ``package`` (a stage's subpackage)."""
    return Path(str(resources.files(package) / name))


def read_rule_rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    """Rows of a tab-separated rule file with their line numbers, header checked.

    Lines starting with ``#`` are comments; every row must have one cell per column.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [(n, line.rstrip("\r\n")) for n, line in enumerate(handle, 1)
                 if line.strip() and not line.startswith("#")]
    if not lines or tuple(lines[0][1].split("\t")) != columns:
        found = lines[0][1] if lines else "nothing"
        raise LexiconError(f"{path}: header must be {'<TAB>'.join(columns)}, got {found!r}")
    rows = [(n, line.split("\t")) for n, line in lines[1:]]
    for n, cells in rows:
        if len(cells) != len(columns):
            raise LexiconError(f"{path}:{n}: expected {len(columns)} tab-separated columns "
                               f"({', '.join(columns)}), got {len(cells)}")
    return rows


def compile_rule(path: Path, line: int, pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled case-insensitively, or a :class:`LexiconError` naming the line.

    >>> compile_rule(Path("x.tsv"), 2, "a+").pattern
    'a+'
    """
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as err:
        raise LexiconError(f"{path}:{line}: {pattern!r} is not a regex: {err}") from err


def check_choice(path: Path, line: int, what: str, value: str, allowed: tuple[str, ...]) -> str:
    """``value`` when it is one of ``allowed``, else a :class:`LexiconError` listing them."""
    if value not in allowed:
        raise LexiconError(f"{path}:{line}: {what} {value!r} not one of {', '.join(allowed)}")
    return value


def check_explained(path: Path, line: int, example: str, why: str) -> tuple[str, str]:
    """``(example, why)`` when both are given, else a :class:`LexiconError` naming the line.

    A row without an example cannot be tested and one without a reason cannot be judged
    when it starts to misfire, so neither may be left empty.

    >>> check_explained(Path("x.tsv"), 3, "Risks", "")
    Traceback (most recent call last):
    ...
    orthokg.errors.LexiconError: x.tsv:3: every row needs an example and a reason (why)
    """
    if not example or not why:
        raise LexiconError(f"{path}:{line}: every row needs an example and a reason (why)")
    return example, why
