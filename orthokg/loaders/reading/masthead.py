"""The publisher's lines above a leaflet's title.

A printed leaflet, and many pages saved from one, opens with its letterhead: the trust or
hospital, the service, the genre ("Patient information"), a reference number, sometimes
the author, and only then the title. Read as text, the first of those lines became the
document's title, and a title that names a department ("Orthopaedic Trauma Service",
"Children's Physiotherapy and Orthopaedics") gave the page the wrong procedure, so every
fact of the page went to it. These lines are judged by what they are made of (the rows of
``masthead.tsv``, one per kind of line), not by where a publisher puts them, and only
among the short lines that open a document: in the body the same words are content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from orthokg.loaders.rule_files import (
    check_choice,
    check_explained,
    compile_rule,
    packaged,
    read_rule_rows,
)

__all__ = ["MastheadRule", "is_publisher_line", "masthead_rules"]

KINDS = ("organisation", "tag", "specialty", "person", "reference")
COLUMNS = ("kind", "pattern", "example", "why")
# Where a letterhead line is cut into parts: a dash or bar between words, a colon, a
# comma, and the gap between columns of a laid-out line.
PART_BREAK = re.compile(r"\s+[-–—|]\s+|:\s+|,\s+|\s{3,}")


@dataclass(frozen=True, slots=True)
class MastheadRule:
    """A row of ``masthead.tsv``: one kind of part a publisher's line is made of."""

    kind: str
    pattern: re.Pattern[str]
    example: str
    why: str


@cache
def masthead_rules() -> tuple[MastheadRule, ...]:
    path = packaged("orthokg.loaders.reading", "masthead.tsv")
    rules = []
    for line, (kind, pattern, example, why) in read_rule_rows(path, COLUMNS):
        check_explained(path, line, example, why)
        rules.append(MastheadRule(check_choice(path, line, "kind", kind, KINDS),
                                  compile_rule(path, line, pattern), example, why))
    return tuple(rules)


def _is_publisher_part(part: str) -> bool:
    return any(rule.pattern.fullmatch(part) for rule in masthead_rules())


def is_publisher_line(text: str) -> bool:
    """True when every part of ``text`` is the publisher's (see ``masthead.tsv``).

    >>> is_publisher_line("ORTHOPAEDIC TRAUMA SERVICE - PATIENT EDUCATION")
    True
    >>> is_publisher_line("Spinal cord stimulation: information for patients")
    False
    """
    parts = [p.strip(" .") for p in PART_BREAK.split(text.strip())]
    parts = [p for p in parts if p]
    return bool(parts) and all(_is_publisher_part(p) for p in parts)
