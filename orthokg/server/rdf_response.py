"""Sending an rdflib graph built in the web process (service description, VoID)."""

from __future__ import annotations

from rdflib import Graph
from starlette.responses import Response

from orthokg.server.negotiation import Format

RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "rdfxml": "xml", "jsonld": "json-ld"}


def graph_response(graph: Graph, fmt: Format, status: int = 200) -> Response:
    """``graph`` serialised in ``fmt`` (one of the graph formats)."""
    body = graph.serialize(format=RDFLIB_FORMATS[fmt.name], encoding="utf-8")
    return Response(body, status_code=status, media_type=fmt.content_type,
                    headers={"Vary": "Accept"})
