"""The OrthoKG web server: SPARQL 1.1 endpoint, query page, concept and document pages.

``app`` assembles the routes; ``endpoint`` is /sparql (``sparql_protocol`` reads the
request, ``negotiation`` picks the format, ``query_guard`` applies policy); queries run
in worker processes (``pool`` in the web process, ``worker`` in each child, talking in
``jobs``) so the time limit can stop any query; ``pages``, ``page_model`` and the
templates render /id and /doc; ``service_description``, ``void`` and ``stats`` describe
the dataset. Kept free of imports so a worker process starts light.
"""
