"""The data of a build without the TBox: what a modular release file holds.

``orthokg build`` writes one merged graph (TBox + facts) for queries and the scorer. A
release ships the TBox and the data as two ontologies, the data importing the TBox, so
Protégé shows which axioms are the schema and which were read from documents.
"""

from __future__ import annotations

from rdflib import BNode, Graph

from orthokg.export.serialize import bind_prefixes
from orthokg.ontology.data_ontology import DATA_ONTOLOGY_IRI
from orthokg.ontology.tbox import tbox_graph
from orthokg.ontology.vocab import ONTOLOGY_IRI

__all__ = ["data_only"]


def data_only(merged: Graph) -> Graph:
    """The triples of ``merged`` that are not the TBox's, without any ontology header.

    The writer mints an IRI for every node it writes, so any blank node left belongs to
    a TBox structure (a restriction, a list) and stays with the TBox.
    """
    schema = {t for t in tbox_graph() if not any(isinstance(x, BNode) for x in t)}
    data = bind_prefixes(Graph())
    for triple in merged:
        if (triple[0] in (ONTOLOGY_IRI, DATA_ONTOLOGY_IRI) or triple in schema
                or any(isinstance(x, BNode) for x in triple)):
            continue
        data.add(triple)
    return data
