"""One client floods ``orthokg serve`` with slow queries; how does another one fare?

Starts a real ``orthokg serve`` (defaults, ``--timeout 10``) over the test fixture
graph, measures an ordinary query's latency from a second client address with nothing
else running (the baseline), then again while the first address sends 100 slow queries
at once, and prints the ratio; also what the flood was answered (the waiting line is
bounded, so most of it should be refused at once with 503).

    .venv/bin/python benchmarks/endpoint_flood.py [--slow 100] [--quick 20]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.server.live import free_port, wait_healthy  # noqa: E402
from tests.server.process import command, kg_args, stop  # noqa: E402

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
QUICK = "SELECT ?l WHERE { okgr:tibia rdfs:label ?l }"


def _client(address: str, connections: int) -> httpx.Client:
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=60,
                        limits=httpx.Limits(max_connections=connections))


def _latencies(client: httpx.Client, url: str, count: int) -> tuple[list[float], Counter[int]]:
    times: list[float] = []
    statuses: Counter[int] = Counter()
    for _ in range(count):
        started = time.perf_counter()
        statuses[client.get(url, params={"query": QUICK}).status_code] += 1
        times.append(time.perf_counter() - started)
    return times, statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slow", type=int, default=100, help="slow queries in the flood")
    parser.add_argument("--quick", type=int, default=20, help="ordinary queries measured")
    args = parser.parse_args()
    port = free_port()
    process = subprocess.Popen(command(*kg_args(), "--port", str(port), "--log-level",
                                       "warning", "--timeout", "10"),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, workers=2)
        url = f"{base}/sparql"
        with _client("127.0.0.7", args.slow) as greedy, _client("127.0.0.8", 1) as other:
            baseline, _ = _latencies(other, url, args.quick)
            flood: list[tuple[str, float]] = []

            def slow() -> None:
                started = time.perf_counter()
                try:
                    outcome = str(greedy.get(url, params={"query": SLOW}).status_code)
                except httpx.HTTPError as exc:
                    outcome = type(exc).__name__
                flood.append((outcome, time.perf_counter() - started))

            runners = [threading.Thread(target=slow) for _ in range(args.slow)]
            for runner in runners:
                runner.start()
            time.sleep(1.0)
            loaded, statuses = _latencies(other, url, args.quick)
            for runner in runners:
                runner.join()
        at_once = sum(1 for outcome, seconds in flood if outcome == "503" and seconds < 1.0)
        print(f"flood of {args.slow} slow queries from one address: "
              f"{dict(Counter(o for o, _ in flood))}, {at_once} refused within 1 s")
        print(f"other address, {args.quick} ordinary queries: statuses {dict(statuses)}; "
              f"median {statistics.median(baseline) * 1000:.1f} ms alone, "
              f"{statistics.median(loaded) * 1000:.1f} ms during the flood "
              f"(ratio {statistics.median(loaded) / statistics.median(baseline):.2f}), "
              f"max {max(loaded) * 1000:.0f} ms")
    finally:
        stop(process)


if __name__ == "__main__":
    main()
