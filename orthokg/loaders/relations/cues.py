"""Cue words that tell which relation a sentence states, read from ``relation_cues.tsv``.

Cues are data so that widening the loaders to a new kind of leaflet means editing a
table, not the extractor; each pattern is compiled once and checked on load.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from orthokg.errors import LexiconError
from orthokg.loaders.rule_files import check_choice, compile_rule, packaged, read_rule_rows

CUE_SETS = ("risk", "treat", "target", "aftercare", "prep", "stop", "administer", "imaging",
            "diagnose", "benefit", "suitable", "alternative", "subtype", "symptom", "cause",
            "includes")


def read_cues(path: Path) -> dict[str, re.Pattern[str]]:
    """Compile every cue set; unknown set names or bad regexes stop the load."""
    cues: dict[str, re.Pattern[str]] = {}
    for line, (name, pattern) in read_rule_rows(path, ("cue", "pattern")):
        cues[check_choice(path, line, "cue set", name, CUE_SETS)] = compile_rule(path, line,
                                                                               pattern)
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
    return read_cues(packaged(__package__, "relation_cues.tsv"))


def has_cue(cue: str, text: str) -> bool:
    """True when ``text`` contains a cue of the named set."""
    return bool(default_cues()[cue].search(text))
