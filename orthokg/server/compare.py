"""Two procedures side by side (/compare?a=...&b=...), line by line with sources.

Each heading of the comparison (complications with the frequency the text gave,
benefits, what it treats, where, approach, anaesthesia, devices) lists what the graph
says of either procedure; a value both share is marked, and every line keeps the
documents and sentences that state it. The recovery timelines are drawn as one chart.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from orthokg.ontology.vocab import OKG
from orthokg.queries import catalogue
from orthokg.queries.catalogue import Param
from orthokg.server import fetch
from orthokg.server.page_model import Evidence, Link, link
from orthokg.server.questions import Field, labels_of, read_field
from orthokg.server.run_select import QueryRefused, select
from orthokg.server.state import ServerState, get_state
from orthokg.server.timeline import Step, steps
from orthokg.server.web_libs import libraries_installed

Binding = dict[str, dict[str, Any]]

#: The headings of the comparison, in order: property IRI -> heading.
ASPECTS: dict[str, str] = {
    str(OKG.hasPossibleComplication): "Complications",
    str(OKG.hasBenefit): "Benefits",
    str(OKG.treats): "Treats",
    str(OKG.hasTargetSite): "Acts on",
    str(OKG.hasApproach): "Approach",
    str(OKG.hasAnesthesia): "Anaesthesia",
    str(OKG.usesDevice): "Devices",
}
SIDES = (("a", "the first procedure"), ("b", "the second procedure"))


@dataclass(slots=True)
class Line:
    """One value under a heading for one procedure, with where it was read."""

    value: Link
    key: str
    sources: list[Evidence] = field(default_factory=list)
    frequencies: list[str] = field(default_factory=list)
    stated_for: Link | None = None
    shared: bool = False

    @property
    def documents(self) -> int:
        """How many distinct documents state it."""
        return len({s.document.href for s in self.sources if s.document})


@dataclass(slots=True)
class Side:
    """What one procedure has under each heading, and its timeline."""

    entry: Field
    aspects: dict[str, list[Line]] = field(default_factory=dict)
    timeline: list[Step] = field(default_factory=list)


def lines(rows: Iterable[Binding], procedure: str, labels: dict[str, str]) -> dict[str, list[Line]]:
    """compare-procedure rows as lines per heading (one line per value)."""
    found: dict[str, dict[str, Line]] = {aspect: {} for aspect in ASPECTS}
    for row in rows:
        aspect, value = row["aspect"]["value"], row["value"]
        if aspect not in found:
            continue
        key = value["value"]
        label = row.get("valueLabel", {}).get("value")
        line = found[aspect].setdefault(key, Line(
            link(key, label) if value["type"] == "uri" else Link(key), key))
        stated_for = row.get("statedFor", {}).get("value")
        if stated_for and stated_for != procedure and line.stated_for is None:
            line.stated_for = link(stated_for, labels.get(stated_for))
        frequency = row.get("frequency", {}).get("value")
        if frequency and frequency not in line.frequencies:
            line.frequencies.append(frequency)
        document = row.get("document", {}).get("value")
        if document or "evidence" in row:
            evidence = Evidence(row.get("evidence", {}).get("value"),
                                row.get("section", {}).get("value"),
                                link(document, row.get("documentLabel", {}).get("value"))
                                if document else None,
                                (frequency,) if frequency else ())
            if evidence not in line.sources:
                line.sources.append(evidence)
    return {aspect: sorted(by_value.values(), key=lambda x: x.value.text.lower())
            for aspect, by_value in found.items()}


def mark_shared(first: Side, second: Side) -> None:
    """Mark the values both procedures have under the same heading."""
    for aspect in ASPECTS:
        keys_a = {x.key for x in first.aspects.get(aspect, [])}
        keys_b = {x.key for x in second.aspects.get(aspect, [])}
        for item in first.aspects.get(aspect, []) + second.aspects.get(aspect, []):
            item.shared = item.key in keys_a and item.key in keys_b


async def _fill(state: ServerState, side: Side) -> None:
    """The side's lines and timeline (the two queries run at once, in two workers when
    the pool has them)."""
    iri = side.entry.iri
    facts, timeline = await asyncio.gather(
        select(state, fetch.sparql("compare-procedure"), {"procedure": iri}),
        select(state, catalogue.get("recovery-timeline").sparql, {"procedure": iri}))
    broader = [r["statedFor"]["value"] for r in facts.rows
               if r.get("statedFor", {}).get("value", iri) != iri]
    documents = [r["document"]["value"] for r in timeline.rows if "document" in r]
    labels = await labels_of(state, broader + documents)
    side.aspects = lines(facts.rows, iri, labels)
    side.timeline = steps(timeline.rows, labels)


async def compare_page(request: Request) -> Response:
    """/compare?a=<procedure>&b=<procedure>: IRIs, CURIEs or names."""
    state = get_state(request)
    sides = [Side(Field(Param(name, meaning, "concept"),
                        (request.query_params.get(name) or "").strip(),
                        suggest_within=str(OKG.Procedure))) for name, meaning in SIDES]
    error, status = None, 200
    try:
        for side in sides:
            await read_field(state, side.entry)
        if all(side.entry.iri for side in sides):
            await asyncio.gather(*(_fill(state, side) for side in sides))
            mark_shared(*sides)
    except QueryRefused as exc:
        error, status = str(exc), exc.status
    ready = all(side.entry.iri for side in sides) and error is None
    series = [{"name": side.entry.shown, "steps": [s.as_json() for s in side.timeline]}
              for side in sides] if ready else []
    chosen = [(side.entry.param.name, side.entry.iri or side.entry.given) for side in sides]
    share = "/compare?" + urlencode(chosen)
    choice_urls = {side.entry.param.name: [
        "/compare?" + urlencode([(n, c.iri if n == side.entry.param.name else v)
                                 for n, v in chosen]) for c in side.entry.choices]
        for side in sides}
    html = state.templates.get_template("compare.html").render(
        sides=sides, aspects=ASPECTS, ready=ready, error=error, share=share,
        choice_urls=choice_urls,
        timeline=series if any(s["steps"] for s in series) else [],
        libraries=libraries_installed(state.config.web_dir))
    return HTMLResponse(html, status_code=status)
