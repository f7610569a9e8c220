"""The TBox at its own IRIs, and the JSON-LD context at its IRI, from ``orthokg serve``.

A data release imports ``https://w3id.org/orthokg/ontology/<version>`` and its JSON-LD
names ``https://w3id.org/orthokg/context.jsonld``; with w3id redirecting to a server,
``/ontology``, ``/ontology/<version>`` and ``/context.jsonld`` must answer with those
documents instead of 404. The ontology is negotiated like every graph the server sends
(Turtle, N-Triples, RDF/XML, JSON-LD) and is the same TBox a release ships (with its
OBO definitions). Only the TBox's own version is served: any other version is a 404
naming the one there is.
"""

from __future__ import annotations

from functools import cache

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from orthokg.export import serialize
from orthokg.export.jsonld import context_path
from orthokg.ontology.data_ontology import tbox_version_iri
from orthokg.ontology.tbox import tbox_graph
from orthokg.release.obo import add_obo_definitions
from orthokg.server.negotiation import GRAPH_FORMATS, Format, negotiate, offered
from orthokg.server.responses import plain

__all__ = ["ontology_routes"]

_EXPORT_FORMATS = {"turtle": "ttl", "ntriples": "nt", "rdfxml": "owl", "jsonld": "jsonld"}


@cache
def _tbox_bytes(export_format: str) -> bytes:
    return serialize(add_obo_definitions(tbox_graph()), export_format)


def _version() -> str:
    return str(tbox_version_iri()).rsplit("/", 1)[-1]


async def ontology_document(request: Request) -> Response:
    """/ontology and /ontology/{version}: the TBox, in the format the client accepts."""
    version = request.path_params.get("version")
    if version is not None and version != _version():
        return plain(404, f"no ontology version {version!r}: this server has {_version()} "
                          f"(/ontology/{_version()})")
    fmt: Format | None = negotiate(request.headers.get("accept"), GRAPH_FORMATS)
    if fmt is None:
        return plain(406, f"the ontology is sent as {offered(GRAPH_FORMATS)}")
    return Response(_tbox_bytes(_EXPORT_FORMATS[fmt.name]), media_type=fmt.content_type,
                    headers={"Vary": "Accept"})


async def context_document(request: Request) -> Response:
    """/context.jsonld: the published JSON-LD context a release's JSON-LD names."""
    return Response(context_path().read_bytes(), media_type="application/ld+json")


def ontology_routes() -> list[Route]:
    """The routes to add to the app (one registration line in ``app.py``)."""
    return [Route("/ontology", ontology_document),
            Route("/ontology/{version}", ontology_document),
            Route("/context.jsonld", context_document)]
