"""``catalog-v001.xml``: where Protégé and the OWL API find an imported ontology offline.

Protégé reads an OASIS XML catalog named ``catalog-v001.xml`` beside the file it opens
and loads each ``<uri name=IRI uri=FILE>`` from FILE instead of fetching IRI. The data
release imports the TBox by its version IRI; the catalog maps that IRI and the TBox's
ontology IRI to ``orthokg.owl``, and the data's IRIs to its own file.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.etree import ElementTree

__all__ = ["CATALOG_NAME", "catalog_entries", "catalog_xml"]

CATALOG_NAME = "catalog-v001.xml"
_NS = "urn:oasis:names:tc:entity:xmlns:xml:catalog"


def catalog_xml(entries: Iterable[tuple[str, str]]) -> bytes:
    """The catalog mapping each (IRI, relative file) pair, in the order given.

    >>> print(catalog_xml([("https://w3id.org/orthokg/ontology", "orthokg.owl")]).decode())
    <?xml version="1.0" encoding="UTF-8"?>
    <catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog" prefer="public">
      <uri name="https://w3id.org/orthokg/ontology" uri="orthokg.owl" />
    </catalog>
    <BLANKLINE>
    """
    root = ElementTree.Element("catalog", {"xmlns": _NS, "prefer": "public"})
    for iri, file_name in entries:
        ElementTree.SubElement(root, "uri", {"name": iri, "uri": file_name})
    ElementTree.indent(root)
    body = ElementTree.tostring(root, encoding="unicode", short_empty_elements=True)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'.encode()


def catalog_entries(path_text: bytes) -> list[tuple[str, str]]:
    """The (IRI, file) pairs of a catalog's ``uri`` elements (to check a written one)."""
    root = ElementTree.fromstring(path_text)
    return [(e.attrib["name"], e.attrib["uri"]) for e in root.iter(f"{{{_NS}}}uri")]
