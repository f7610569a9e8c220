"""``orthokg release``: from one build, the files a Protégé user or an importer adopts.

The TBox (``orthokg.owl``, ``orthokg.ttl``), the data as its own ontology importing it
(``orthokg-kg.ttl``, ``.owl``, ``.nq`` with a named graph per document, ``.jsonld``
with its context), the SSSOM mappings, ``catalog-v001.xml``, the SHACL shapes, a
ROBOT-style report and a CHANGELOG entry. Every file is a function of the corpus and
the release version only, so two releases of the same corpus are byte-identical.
"""
