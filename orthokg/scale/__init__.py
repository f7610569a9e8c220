"""Builds at corpus scale: extraction on several processes or a Dask cluster, the
extraction cache that makes ``build --store`` incremental, and the streaming writer that
puts each document into its named graph of the store as it is done.

Kept outside :mod:`orthokg.loaders`: the loaders are four stages joined by one driver
(``pipeline.py``); ``parallel``, ``distributed`` and ``cache`` only decide where the
driver's per-document task runs and what it may skip, taking that task as an argument;
``stream`` and ``sorted_digest`` decide where the writing stage's triples go (a store,
in bounded memory) and reuse its functions for what they are.
"""
