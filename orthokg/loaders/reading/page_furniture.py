"""Running headers and footers of a printed leaflet turned into text.

A leaflet saved from a PDF keeps each page's furniture as lines of the text: a letterhead
laid out in columns ("PAIN SERVICE <many spaces> Patient leaflet PM-09") above the title,
and a footer with the page number ("Knee injection <spaces> Page 1 of 2 <spaces> Issued
2025") wherever a page ended. Read as text, the letterhead becomes the document's title
and the page's procedure is lost; a footer becomes a paragraph in the middle of a
sentence's section. Lines are judged by their layout, not their words: a table row in the
body ("Infection <spaces> 1 in 100") is laid out in columns too, and is kept.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

COLUMN_GAP = re.compile(r"\s{3,}")  # the gap between a laid-out line's columns
# "Page 2", "Page 2 of 5", "page 2/5", "- 2 -"; not "1/100", which a table row of risks has
PAGE_NUMBER = re.compile(r"^(?:page\s+\d+(?:\s*(?:of|/)\s*\d+)?|-\s*\d+\s*-)$", re.IGNORECASE)
DIGITS = re.compile(r"\d+")


def _cells(raw: str) -> list[str]:
    return [cell for cell in COLUMN_GAP.split(raw.strip()) if cell]


def furniture_lines(raw_lines: Sequence[str]) -> set[int]:
    """Indices of the lines that are page furniture: a line that is or holds a page number
    as a column; a line laid out in columns before the first line of running text; a
    laid-out line that comes back with only its numbers changed.

    >>> sorted(furniture_lines(["CLINIC        Leaflet 9", "", "Knee injection", "Text.",
    ...                         "Infection      1/100", "Knee injection    Page 1 of 2",
    ...                         "- 2 -"]))
    [0, 5, 6]
    """
    cells = [_cells(raw) for raw in raw_lines]
    laid_out = {i for i, found in enumerate(cells) if len(found) >= 2}
    first_text = next((i for i, raw in enumerate(raw_lines)
                       if raw.strip() and i not in laid_out), len(raw_lines))
    shapes = Counter(DIGITS.sub("#", raw_lines[i].strip().lower()) for i in laid_out)
    return {i for i, found in enumerate(cells) if found and (
        any(PAGE_NUMBER.match(cell) for cell in found) or
        (i in laid_out and (i < first_text or
                            shapes[DIGITS.sub("#", raw_lines[i].strip().lower())] > 1)))}
