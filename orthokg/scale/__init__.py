"""Builds at corpus scale: extraction on several processes or a Dask cluster, and the
extraction cache that makes ``build --store`` incremental.

Kept outside :mod:`orthokg.loaders`: the loaders are four stages joined by one driver
(``pipeline.py``); these modules only decide where the driver's per-document task runs
and what it may skip, and take that task as an argument rather than importing a stage.
"""
