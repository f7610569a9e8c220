"""Values for every catalogue parameter that give an answer on the fixture graph
(TBox + tests/fixtures/mini.ttl), shared by the protocol and question-page tests."""

from __future__ import annotations

from rdflib import Literal
from rdflib.term import Identifier

from orthokg.ontology.vocab import DOC, OKG, OKGR
from orthokg.queries import catalogue

PARAMS: dict[str, Identifier] = {
    "procedure": OKGR["total-knee-replacement"], "condition": OKGR["osteoarthritis"],
    "structure": OKGR["tibia"], "subject": OKGR["total-knee-replacement"],
    "property": OKG["hasPossibleComplication"], "object": OKGR["infection"],
    "key": Literal("knee replacement total"), "lowered": Literal("tkr"),
    "document": DOC["knee-leaflet"],
}
#: Queries whose answer on the fixture is about another concept than the default.
OVERRIDES: dict[str, dict[str, Identifier]] = {
    "benefits-compared": {"condition": OKGR["herniated-disc"]},
    "minimally-invasive-options-for-condition": {"condition": OKGR["herniated-disc"]},
    "imaging-used-by-procedure": {"procedure": OKGR["microdiscectomy"]},
}


def required_params(name: str) -> dict[str, Identifier]:
    """The sample value of every required parameter of the catalogue query ``name``."""
    values = PARAMS | OVERRIDES.get(name, {})
    return {p.name: values[p.name] for p in catalogue.get(name).params if not p.optional}
