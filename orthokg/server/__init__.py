"""The OrthoKG web server: SPARQL 1.1 endpoint, query page, concept and document pages.

``app`` assembles the routes and ``http_server`` runs them under uvicorn with limits on
connections; ``endpoint`` is /sparql (``sparql_protocol`` reads the request,
``negotiation`` picks the format); queries run in worker processes (``pool`` in the web
process, ``worker`` in each child, talking in ``jobs``) so the time limit can stop any
query, and each worker vets a request before the store sees it (``vetting``;
``sparql_text``: escapes and bounds, ``query_guard``: policy on the parse tree,
``update_dataset``: the protocol's USING graphs); ``data_watch`` notices a rebuilt
store; ``pages``, ``page_model`` and the templates render /id and /doc;
``service_description``, ``void`` and ``stats`` describe
the dataset. Kept free of imports so a worker process starts light.
"""
