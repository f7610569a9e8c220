"""The catalogue questions a concept page offers about its concept, already filled in.

A page about a procedure links to "what can go wrong", "how long is recovery" and the
other questions whose parameter is a procedure, each with the concept's IRI bound, and
to the compare view; a condition's page to the questions about a condition, and so on.
What the concept is comes from the facts the page already shows (a procedure is the
subject of what procedures do; a condition is what something treats; a structure is
where something acts), so no extra query is run.
"""

from __future__ import annotations

from urllib.parse import urlencode

from orthokg.ontology.vocab import OKG
from orthokg.queries import catalogue
from orthokg.server.page_model import ResourceView

_DOES = {str(OKG[p]) for p in ("treats", "hasPossibleComplication", "hasTargetSite",
                                "usesDevice", "hasApproach", "hasBenefit")}
_TREATED = {str(OKG.treats)}
_SITE = {str(OKG.hasTargetSite), str(OKG.partOf)}


def roles(view: ResourceView) -> list[str]:
    """The parameter names this concept can fill: procedure, condition, structure."""
    found = []
    if any(f.property.href in _DOES for f in view.facts_out):
        found.append("procedure")
    if any(f.property.href in _TREATED for f in view.facts_in):
        found.append("condition")
    if any(f.property.href in _SITE for f in view.facts_in):
        found.append("structure")
    return found


def questions_about(view: ResourceView) -> list[tuple[str, str]]:
    """(question, URL) for every catalogue question with one required parameter the
    concept fills, then the compare view for a procedure."""
    offered = []
    for role in roles(view):
        for query in catalogue.all():
            if query.required == (role,):
                offered.append((query.description,
                                f"/ask/{query.name}?{urlencode({role: view.iri})}"))
        if role == "procedure":
            offered.append(("Compare it with another procedure",
                            f"/compare?{urlencode({'a': view.iri})}"))
    return offered
