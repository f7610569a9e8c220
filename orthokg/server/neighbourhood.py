"""A concept's neighbourhood as a small graph picture: nodes and edges, no HTML here.

The picture answers "what is this procedure about" at a glance: what it treats, what
can go wrong, which anatomy it acts on, which devices it uses (and, on the page of a
condition or structure, the procedures pointing to it the same ways). Every other
relation stays in the tables below it. Built from the facts the page already fetched.
"""

from __future__ import annotations

from dataclasses import dataclass

from orthokg.ontology.vocab import OKG
from orthokg.server.page_model import Fact, Link, ResourceView

#: The relations drawn, and the group (colour and legend) of the node they reach.
DRAWN: dict[str, str] = {
    str(OKG.treats): "treats",
    str(OKG.hasPossibleComplication): "complication",
    str(OKG.hasTargetSite): "anatomy",
    str(OKG.partOf): "anatomy",
    str(OKG.usesDevice): "device",
}
MAX_NEIGHBOURS = 40


@dataclass(frozen=True, slots=True)
class Picture:
    """Nodes and edges as the graph script reads them."""

    nodes: list[dict[str, str]]
    edges: list[dict[str, str]]

    def as_json(self) -> dict[str, list[dict[str, str]]]:
        return {"nodes": self.nodes, "edges": self.edges}


def _node_id(item: Link) -> str:
    return item.href or item.text


def neighbourhood(view: ResourceView, limit: int = MAX_NEIGHBOURS) -> Picture | None:
    """The picture of ``view``'s drawn relations, ``None`` when it has none."""
    centre = view.iri
    nodes: dict[str, dict[str, str]] = {
        centre: {"id": centre, "label": view.label, "group": "self", "href": ""}}
    edges: dict[tuple[str, str, str], dict[str, str]] = {}

    def add(fact: Fact, other: Link, outgoing: bool) -> None:
        group = DRAWN.get(fact.property.href or "")
        if group is None or (len(nodes) > limit and _node_id(other) not in nodes):
            return
        other_id = _node_id(other)
        nodes.setdefault(other_id, {"id": other_id, "label": other.text,
                                    "group": group if outgoing else "procedure",
                                    "href": other.href if other.local and other.href else ""})
        source, target = (centre, other_id) if outgoing else (other_id, centre)
        edges.setdefault((source, fact.property.text, target),
                         {"source": source, "target": target, "label": fact.property.text})

    for fact in view.facts_out:
        add(fact, fact.object, True)
    for fact in view.facts_in:
        add(fact, fact.subject, False)
    if not edges:
        return None
    return Picture(list(nodes.values()), list(edges.values()))
