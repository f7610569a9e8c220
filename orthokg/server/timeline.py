"""The recovery timeline of a procedure as steps a bar chart can draw (no HTML here).

Rows come from the catalogue's ``recovery-timeline`` query, already in the order of
recovery (operation, hospital stay, walking aids, rehabilitation, return to activity,
symptoms settling). Each step keeps the amount as the text said it ("4 to 6 weeks") and
its bounds in days, so steps stated in hours and in months share one axis; an open
bound ("less than 6 weeks") is drawn from the other bound alone and says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from orthokg.server.page_model import UNITS, Link, humanize, link

Binding = dict[str, dict[str, Any]]

#: Days in one of each unit the extractor writes (QUDT unit local names).
DAYS: dict[str, float] = {"MIN": 1 / 1440, "HR": 1 / 24, "DAY": 1.0, "WK": 7.0,
                          "MO": 30.4375, "YR": 365.25}


@dataclass(frozen=True, slots=True)
class Step:
    """One duration of the timeline."""

    kind: str
    item: str
    amount: str
    low_days: float
    high_days: float
    open_bound: str
    sentence: str | None
    document: Link | None

    @property
    def name(self) -> str:
        """The bar's label: the kind, and what it is about when the text said."""
        return f"{self.kind} ({self.item})" if self.item else self.kind

    def as_json(self) -> dict[str, object]:
        """What the chart script reads."""
        return {"name": self.name, "amount": self.amount, "low": self.low_days,
                "high": self.high_days, "open": self.open_bound}


def _value(row: Binding, name: str) -> str | None:
    cell = row.get(name)
    return None if cell is None else str(cell["value"])


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _unit_key(row: Binding) -> str:
    unit = _value(row, "unit")
    return humanize(unit).upper() if unit else ""


def amount_text(low: float | None, high: float | None, unit_key: str) -> str:
    """The amount in words.

    >>> amount_text(4.0, 6.0, "WK"), amount_text(None, 6.0, "WK"), amount_text(2.0, 2.0, "DAY")
    ('4 to 6 weeks', 'at most 6 weeks', '2 days')
    """
    unit = UNITS.get(unit_key, unit_key.lower())

    def number(x: float) -> str:
        return f"{x:g}"

    if low is not None and high is not None:
        numbers = number(low) if low == high else f"{number(low)} to {number(high)}"
    elif high is not None:
        numbers = f"at most {number(high)}"
    elif low is not None:
        numbers = f"at least {number(low)}"
    else:
        numbers = "?"
    return f"{numbers} {unit}".strip()


def steps(rows: Iterable[Binding], labels: Mapping[str, str] | None = None) -> list[Step]:
    """The durations of ``rows`` that have a unit of time and at least one bound;
    ``labels`` names the documents (IRI -> title)."""
    found: dict[tuple[object, ...], Step] = {}
    for row in rows:
        key = _unit_key(row)
        low, high = _number(_value(row, "minValue")), _number(_value(row, "maxValue"))
        if key not in DAYS or (low is None and high is None):
            continue
        days = DAYS[key]
        open_bound = "" if low is not None and high is not None else (
            "upper bound only" if low is None else "lower bound only")
        first = low if low is not None else high
        last = high if high is not None else low
        assert first is not None and last is not None
        document = _value(row, "document")
        step = Step(_value(row, "kindLabel") or humanize(_value(row, "kind") or ""),
                    _value(row, "itemLabel") or "", amount_text(low, high, key),
                    first * days, last * days, open_bound, _value(row, "evidence"),
                    link(document, (labels or {}).get(document)) if document else None)
        found.setdefault((step.name, step.low_days, step.high_days), step)
    return list(found.values())
