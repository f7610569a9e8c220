"""How much slower is a question page than its query sent to /sparql, as the graph grows?
(run on demand)

For each size a synthetic graph shaped like OrthoKG's (``benchmarks/synthetic.py``) is
bulk-loaded into an on-disk store and served by a real ``orthokg serve --store`` on
loopback. Each page is timed against its main query sent to ``/sparql`` by the same
HTTP client in the same run (the baseline), in turn, so other work on the machine slows
both alike. A page does more than its main query (it resolves names, looks labels up,
runs the timeline next to the facts, renders HTML); the ratio says how much more.

Cases: the name suggestions (``/api/suggest``, a scan over every name), a question with
an IRI and with a name, the compare view (its baseline is one of the four queries it
runs) and the search page.

    python benchmarks/pages.py --sizes 10k,100k --repeat 5
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

if __package__ in (None, ""):  # run as a script: import from the checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
import pyoxigraph as ox
from rdflib import Literal, URIRef

from benchmarks.queries import parse_size
from benchmarks.synthetic import write_graph
from orthokg.ontology.vocab import OKG, concept_iri
from orthokg.queries import catalogue
from orthokg.queries.engines.values import bind_values
from orthokg.server.fetch import sparql

THR, TKR = str(concept_iri("total hip replacement")), str(concept_iri("total knee replacement"))
START_TIMEOUT_S = 120.0


@dataclass(frozen=True, slots=True)
class Case:
    """A page and the query it mainly runs (the baseline)."""

    name: str
    path: str
    baseline: str


def cases() -> list[Case]:
    """The pages timed, each with its main query bound as the page binds it."""
    suggest = sparql("concept-suggest")
    complications = catalogue.get("complications-of-procedure").sparql
    bound = bind_values(complications, {"procedure": URIRef(THR)})
    return [
        Case("suggest 'hip' (procedures)",
             "/api/suggest?" + urlencode({"q": "hip", "within": str(OKG.Procedure)}),
             bind_values(suggest, {"text": Literal("hip"), "within": OKG.Procedure})),
        Case("question, IRI", "/ask/complications-of-procedure?" + urlencode(
            {"procedure": THR}), bound),
        Case("question, name", "/ask/complications-of-procedure?" + urlencode(
            {"procedure": "total hip replacement"}), bound),
        Case("compare THR / TKR", "/compare?" + urlencode({"a": THR, "b": TKR}),
             bind_values(sparql("compare-procedure"), {"procedure": URIRef(THR)})),
        Case("search 'hip'", "/search?q=hip", bind_values(suggest, {"text": Literal("hip")})),
    ]


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(store: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    command = [str(Path(sys.executable).parent / "orthokg"), "serve", "--store", str(store),
               "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return process, base
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    raise SystemExit(f"the server on {store} did not start in {START_TIMEOUT_S:g} s")


def _timed(client: httpx.Client, method: str, url: str, **kwargs: object) -> float:
    started = time.perf_counter()
    answer = client.request(method, url, **kwargs)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - started
    if answer.status_code != 200:
        raise SystemExit(f"{url}: {answer.status_code} {answer.text[:200]}")
    return elapsed


def run_size(size: int, repeat: int, work: Path) -> list[tuple[Case, float, float]]:
    """Median page and baseline seconds of every case on a graph of ``size`` triples."""
    quads = work / f"synthetic-{size}.nq"
    write_graph(quads, size)
    store_dir = work / f"store-{size}"
    store = ox.Store(str(store_dir))
    store.bulk_load(path=str(quads), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    process, base = _serve(store_dir)
    try:
        found = []
        with httpx.Client(timeout=120) as client:
            for case in cases():
                def page(case: Case = case) -> float:
                    return _timed(client, "GET", base + case.path)

                def query(case: Case = case) -> float:
                    return _timed(client, "POST", base + "/sparql",
                                  data={"query": case.baseline},
                                  headers={"Accept": "application/sparql-results+json"})

                page(), query()  # warm caches and workers
                pages, queries = [], []
                for _ in range(repeat):
                    pages.append(page())
                    queries.append(query())
                found.append((case, statistics.median(pages), statistics.median(queries)))
        return found
    finally:
        process.terminate()
        process.wait(20)


def main(argv: list[str] | None = None) -> None:
    """Command line: time the pages at each size and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k", help="comma-separated, e.g. 10k,1M")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    print(f"{'triples':>9}  {'page':<28} {'page ms':>9} {'/sparql ms':>11} {'x query':>8}")
    with tempfile.TemporaryDirectory(prefix="orthokg-pages-bench-") as tmp:
        for size in (parse_size(s) for s in args.sizes.split(",")):
            print(f"size {size}: generating, loading, serving", file=sys.stderr)
            for case, page_s, query_s in run_size(size, args.repeat, Path(tmp)):
                print(f"{size:>9}  {case.name:<28} {page_s * 1000:>9.1f} "
                      f"{query_s * 1000:>11.1f} {page_s / query_s:>8.1f}")


if __name__ == "__main__":
    main()
