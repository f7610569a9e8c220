"""Cue words that tell which relation a sentence states, read from ``relation_cues.tsv``.

Cues are data so that widening the loaders to a new kind of leaflet means editing a
table, not the extractor; each pattern is compiled once and checked on load.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources
from pathlib import Path

from orthokg.errors import LexiconError

CUE_SETS = ("risk", "treat", "target", "aftercare", "prep", "stop", "administer", "imaging",
            "diagnose", "benefit", "suitable", "alternative", "subtype", "symptom", "cause",
            "includes")


def read_cues(path: Path) -> dict[str, re.Pattern[str]]:
    """Compile every cue set; unknown set names or bad regexes stop the load."""
    cues: dict[str, re.Pattern[str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        for lineno, row in enumerate(reader, start=2):
            name = row.get("cue", "")
            if name not in CUE_SETS:
                raise LexiconError(f"{path}:{lineno}: unknown cue set {name!r}; "
                                   f"allowed: {', '.join(CUE_SETS)}")
            try:
                cues[name] = re.compile(row["pattern"], re.IGNORECASE)
            except re.error as exc:
                raise LexiconError(f"{path}:{lineno}: bad pattern for {name!r}: {exc}") from exc
    missing = set(CUE_SETS) - set(cues)
    if missing:
        raise LexiconError(f"{path}: no pattern for cue sets {', '.join(sorted(missing))}")
    return cues


@cache
def default_cues() -> dict[str, re.Pattern[str]]:
    """The packaged cue table.

    >>> bool(default_cues()["risk"].search("These can include infection"))
    True
    """
    return read_cues(Path(str(resources.files("orthokg.loaders") / "relation_cues.tsv")))


def has_cue(cue: str, text: str) -> bool:
    """True when ``text`` contains a cue of the named set."""
    return bool(default_cues()[cue].search(text))
