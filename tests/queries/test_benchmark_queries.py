"""The query benchmark measures what it says: every engine answers the same rows.

``benchmarks/queries.py`` compares the default engine with raw pyoxigraph on the very
store it wrote and with the flat layout (the same triples in the default graph, read
without the union); a ratio means nothing unless the rows are the same, and a first
page must be a page. Run here on a small synthetic graph (a few seconds of CPU).
"""

from __future__ import annotations

import argparse

import pytest

from benchmarks.queries import cases, run_size

PAGE = 5


def test_every_engine_gives_the_same_rows_and_first_pages_are_pages() -> None:
    chosen = cases(PAGE)
    args = argparse.Namespace(repeat=1, slow=10.0, seed=7, skip_rdflib_above=1_000, cpu=True)
    runs = {run.engine: run for run in run_size(2_000, args, chosen)}
    assert sorted(runs) == ["default", "flat", "raw"]
    full = [case for case in chosen if " [first " not in case.label]
    assert len(chosen) == 2 * len(full)
    answered = 0
    for case in chosen:
        timings = {engine: run.timings[case.label] for engine, run in runs.items()}
        assert len({t.digest for t in timings.values()}) == 1, (case.label, timings)
        assert len({t.rows for t in timings.values()}) == 1, (case.label, timings)
        rows = timings["raw"].rows
        if " [first " in case.label:
            whole = runs["raw"].timings[case.label.split(" [first ")[0]].rows
            assert rows == min(PAGE, whole), case.label
        answered += rows > 0
    assert answered > len(full), "most queries answer on the synthetic graph"


def test_only_and_variants_choose_the_cases(tmp_path) -> None:
    rewrite = tmp_path / "rewrite.rq"
    rewrite.write_text("SELECT ?procedure WHERE { ?procedure a ?c }", encoding="utf-8")
    chosen = cases(0, ["procedures", "documents"], [f"procedures={rewrite}"])
    assert [case.label for case in chosen] == ["documents", "procedures", "procedures <rewrite>"]
    assert chosen[2].sparql == rewrite.read_text(encoding="utf-8")
    for only, variants in ((["no-such-query"], []), ([], ["procedures"]),
                           ([], ["no-such-query=x.rq"]), ([], [f"procedures={tmp_path}/none.rq"])):
        with pytest.raises(SystemExit, match=r"benchmarks/queries\.py"):
            cases(0, only, variants)
