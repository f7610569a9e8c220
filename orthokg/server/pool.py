"""A fixed set of query worker processes, with the time limit enforced by killing.

The web process never runs SPARQL itself: each job is handed to an idle worker and
awaited (in a small thread pool, so the event loop stays free for /health, pages and
other clients). At the deadline the worker is killed, the client gets 503, and a
replacement starts in the background. The line of requests waiting for a worker is
bounded (503 with ``Retry-After`` at once when it is full) and one client cannot hold
every worker (see :class:`QueryPool`). On shutdown running jobs are stopped by killing
their workers and their clients get 503, not a traceback. When the data is replaced on
disk (a rebuild), every worker is reloaded and no answer mixes the two
(:mod:`orthokg.server.data_watch`).

With updates switched on the pool has one worker: every later query then reads what an
update wrote. Data loaded from files lives only in that worker's memory, so the pool
keeps the updates it applied and a replacement replays them.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import subprocess
import sys
from collections import Counter, deque
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from orthokg.errors import StoreError
from orthokg.server.config import Source
from orthokg.server.data_watch import Fingerprint, fingerprint
from orthokg.server.jobs import Job, Outcome, UpdateJob

log = logging.getLogger("orthokg.server")

RESPAWN_ATTEMPTS = 5


def _child_env() -> dict[str, str]:
    """The environment of a worker: ours, with this copy of ``orthokg`` importable even
    when it was found through a path the child would not have (a source checkout)."""
    root = str(Path(__file__).resolve().parents[2])
    paths = [root, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(dict.fromkeys(paths))}


SHUTTING_DOWN = "the server is shutting down; this request was stopped, try again later"
RELOADING = ("the data was replaced on disk while being served (a rebuild?); the endpoint "
             "is reloading it; try again in a moment")
RELOAD_ATTEMPTS = 30


class Stopping(Exception):
    """The server is shutting down; handed to requests still waiting for a worker."""


class QueueFull(Exception):
    """Every worker is busy and the waiting line is at its bound."""


class WorkerGone(Exception):
    """The worker process ended while it held a job (crash, out of memory)."""


class WorkerProcess:
    """One worker (``python -m orthokg.server.worker``) and the parent's end of its pipe.

    A plain subprocess rather than ``multiprocessing``: a spawned child would re-run the
    caller's main module, which breaks any script without a ``__main__`` guard.
    """

    def __init__(self, process: subprocess.Popen[bytes], conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.busy = False
        self.sandboxed = False
        """True when the worker cannot open network sockets (see ``sandbox``)."""

    @classmethod
    def start(cls, source: Source, replay: tuple[str, ...], prefixes: Mapping[str, str],
              ready_timeout: float, allow_network: bool = False) -> WorkerProcess:
        """Start a worker and wait until its store is open; raise ``StoreError`` if not."""
        ours, theirs = socket.socketpair()
        with ours, theirs:
            process = subprocess.Popen(
                [sys.executable, "-m", "orthokg.server.worker", str(theirs.fileno())],
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, env=_child_env())
            handle = cls(process, Connection(os.dup(ours.fileno())))
        try:
            handle.conn.send((source, replay, dict(prefixes), allow_network))
            if not handle.conn.poll(ready_timeout):
                raise StoreError(f"{source.describe()}: not loaded after {ready_timeout:g} s")
            status, detail = handle.conn.recv()
        except (EOFError, OSError) as exc:
            handle.kill()
            raise StoreError(f"{source.describe()}: query worker died while loading") from exc
        except StoreError:
            handle.kill()
            raise
        if status != "ready":
            handle.kill()
            raise StoreError(str(detail))
        handle.sandboxed = bool(detail)
        return handle

    @property
    def alive(self) -> bool:
        """True while the process runs."""
        return self.process.poll() is None

    def exchange(self, job: Job, timeout: float) -> Outcome | None:
        """Send ``job`` and wait for its outcome; ``None`` when ``timeout`` passes first."""
        self.busy = True
        try:
            self.conn.send(job)
            if not self.conn.poll(timeout):
                return None
            outcome: Outcome = self.conn.recv()
            return outcome
        except (EOFError, OSError) as exc:
            raise WorkerGone(str(exc)) from exc
        finally:
            self.busy = False

    def kill(self) -> None:
        """End the process now (SIGKILL) and reap it."""
        if self.alive:
            self.process.kill()
        self.process.wait(5.0)

    def stop(self) -> None:
        """Ask an idle worker to exit cleanly (the store is closed), kill a busy one."""
        if not self.busy and self.alive:
            try:
                self.conn.send(None)
                self.process.wait(5.0)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.kill()
        self.conn.close()


@dataclass(eq=False, slots=True)
class _Waiter:
    """A request waiting for a worker; ``handed`` receives the worker."""

    client: str
    handed: asyncio.Future[WorkerProcess]


class QueryPool:
    """The workers, who may use them and the deadline of every job.

    Admission is bounded so a flood cannot build a backlog: at most ``max_waiting``
    requests wait for a worker, and the next one gets 503 at once. One client (an
    address; ``""`` for the server's own short queries) may hold at most
    ``per_client`` workers at a time, so with two or more workers one always stays for
    someone else while a client runs slow queries; its further requests wait in line.
    """

    def __init__(self, source: Source, size: int, prefixes: Mapping[str, str],
                 ready_timeout: float = 600.0, *, max_waiting: int = 16,
                 per_client: int | None = None, allow_network: bool = False) -> None:
        self.source = source
        self.allow_network = allow_network
        self.size = size
        self.max_waiting = max_waiting
        self.per_client = per_client if per_client is not None else max(1, size - 1)
        self.generation = 0
        """Counts applied updates, so cached statistics know when they are stale."""
        self._prefixes = dict(prefixes)
        self._ready_timeout = ready_timeout
        self._workers: set[WorkerProcess] = set()
        self._idle: deque[WorkerProcess] = deque()
        self._waiting: deque[_Waiter] = deque()
        self._running: Counter[str] = Counter()
        self._replay: list[str] = []
        self._executor = ThreadPoolExecutor(max_workers=size + 1,
                                            thread_name_prefix="orthokg-pool")
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False
        self.stopping = False
        """Set when the server shuts down: running jobs are stopped, new ones refused."""
        self._fingerprint: Fingerprint | None = None
        self._retired: set[WorkerProcess] = set()
        self.reloading = False
        """Set while the workers are replaced because the data changed on disk."""

    @property
    def alive(self) -> int:
        """How many workers can take jobs now or once they finish their current one."""
        return sum(w.alive for w in self._workers)

    @property
    def busy(self) -> int:
        """Workers running a job now."""
        return sum(self._running.values())

    @property
    def waiting(self) -> int:
        """Requests waiting for a worker."""
        return len(self._waiting)

    @property
    def sandboxed(self) -> bool:
        """True when no worker can open a network socket."""
        return bool(self._workers) and all(w.sandboxed for w in self._workers)

    @property
    def pids(self) -> list[int]:
        """Process ids of the current workers (for operators and tests)."""
        return sorted(w.process.pid for w in self._workers if w.alive)

    def _spawn(self) -> WorkerProcess:
        return WorkerProcess.start(self.source, tuple(self._replay), self._prefixes,
                                   self._ready_timeout, self.allow_network)

    def _adopt(self, fresh: WorkerProcess) -> None:
        self._workers.add(fresh)
        self._idle.append(fresh)
        self._dispatch()

    async def start(self) -> None:
        """Start every worker; raise ``StoreError`` (after cleaning up) if one fails."""
        self._fingerprint = fingerprint(self.source)
        loop = asyncio.get_running_loop()
        started = await asyncio.gather(
            *(loop.run_in_executor(self._executor, self._spawn) for _ in range(self.size)),
            return_exceptions=True)
        for item in started:
            if isinstance(item, WorkerProcess):
                self._adopt(item)
        failures = [item for item in started if isinstance(item, BaseException)]
        if failures:
            await self.close()
            raise failures[0]

    async def run(self, job: Job, timeout: float, client: str = "") -> Outcome:
        """The outcome of ``job`` within ``timeout`` seconds, or a 503 that says why not."""
        if self.stopping:
            return Outcome.error(503, SHUTTING_DOWN, Retry_After="10")
        if self.check_data():
            return Outcome.error(503, RELOADING, Retry_After="2")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            held = await self._acquire(client, timeout)
        except Stopping:
            return Outcome.error(503, SHUTTING_DOWN, Retry_After="10")
        except QueueFull:
            return Outcome.error(503, f"all {self.size} query workers are busy and "
                                      f"{self.max_waiting} requests are already waiting; "
                                      "try again shortly", Retry_After="2")
        if held is None:
            return Outcome.error(503, f"all {self.size} query workers stayed busy for "
                                      f"{timeout:g} s; try again later", Retry_After="5")
        outcome = await self._exchange(held, client, job, max(deadline - loop.time(), 0.001),
                                       limit=timeout)
        if outcome.ok and self.check_data():  # replaced while it ran: it may mix both
            return Outcome.error(503, RELOADING, Retry_After="2")
        return outcome

    async def _exchange(self, held: WorkerProcess, client: str, job: Job,
                        timeout: float, *, limit: float) -> Outcome:
        """Run ``job`` on the worker ``held`` for ``client`` within ``timeout`` (what is
        left of the ``limit``); the worker goes back to the pool, or is replaced when it
        died or ran out of time."""
        loop = asyncio.get_running_loop()
        try:
            outcome = await loop.run_in_executor(self._executor, held.exchange, job, timeout)
        except WorkerGone:
            self._replace(held, client)
            if self.stopping:
                return Outcome.error(503, SHUTTING_DOWN, Retry_After="10")
            return Outcome.error(500, "the query worker stopped while running this request "
                                      "(crash or out of memory); it is being restarted")
        except BaseException:
            self._replace(held, client)
            raise
        if outcome is None:
            self._replace(held, client)
            return Outcome.error(503, f"stopped after {limit:g} s, the time limit of this "
                                      "endpoint; narrow the query or ask for fewer results")
        self._record(job, outcome)
        self._release(held, client)
        return outcome

    def check_data(self) -> bool:
        """True while the data on disk is not what the workers opened; starts reloading
        the workers the first time the difference is seen."""
        if self.reloading:
            return True
        if self._fingerprint is None or fingerprint(self.source) == self._fingerprint:
            return False
        self.reloading = True
        log.warning("%s changed on disk; reloading the query workers", self.source.label)
        task = asyncio.get_running_loop().create_task(self._reload())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return True

    async def _reload(self) -> None:
        """Start a full set of workers on the data as it is now, then retire the old
        ones (an idle one at once, a busy one when its job ends)."""
        loop = asyncio.get_running_loop()
        for attempt in range(RELOAD_ATTEMPTS):
            if self._closed or self.stopping:
                return
            before = fingerprint(self.source)
            fresh: list[WorkerProcess] = []
            if before is not None:
                started = await asyncio.gather(
                    *(loop.run_in_executor(self._executor, self._spawn)
                      for _ in range(self.size)), return_exceptions=True)
                fresh = [w for w in started if isinstance(w, WorkerProcess)]
                failed = [w for w in started if not isinstance(w, WorkerProcess)]
                if not failed and fingerprint(self.source) == before:
                    self._swap_workers(fresh, before)
                    log.warning("%s reloaded", self.source.label)
                    return
                if failed:
                    log.error("reloading %s failed (attempt %d): %s", self.source.label,
                              attempt + 1, failed[0])
            await asyncio.gather(*(loop.run_in_executor(self._executor, w.stop)
                                   for w in fresh))
            await asyncio.sleep(min(0.5 * (attempt + 1), 5.0))
        log.error("%s could not be reloaded; restart the server", self.source.label)

    def _swap_workers(self, fresh: list[WorkerProcess], opened: Fingerprint) -> None:
        old, self._workers = self._workers, set()
        idle = set(self._idle)
        self._idle.clear()
        for worker in old:
            if worker in idle or not worker.alive:
                self._executor.submit(worker.stop)
            else:
                self._retired.add(worker)
        self._fingerprint = opened
        self.generation += 1
        self.reloading = False
        for worker in fresh:
            self._adopt(worker)

    def _may_run(self, client: str) -> bool:
        return client == "" or self._running[client] < self.per_client

    def _take_idle(self) -> WorkerProcess | None:
        """An idle, living worker; one that died while idle (killed from outside, out of
        memory) is replaced and skipped."""
        while self._idle:
            worker = self._idle.popleft()
            if worker.alive:
                return worker
            self._replace(worker, None)
        return None

    async def _acquire(self, client: str, timeout: float) -> WorkerProcess | None:
        """A worker for ``client`` within ``timeout`` (None when none came), or
        :class:`QueueFull` at once when the line is full."""
        if self._may_run(client):  # an idle worker now means no waiter may run
            worker = self._take_idle()
            if worker is not None:
                self._running[client] += 1
                return worker
        if len(self._waiting) >= self.max_waiting:
            raise QueueFull
        waiter = _Waiter(client, asyncio.get_running_loop().create_future())
        self._waiting.append(waiter)
        got: WorkerProcess | None = None
        try:
            async with asyncio.timeout(timeout):
                got = await asyncio.shield(waiter.handed)
        except TimeoutError:
            pass
        finally:
            if waiter in self._waiting:
                self._waiting.remove(waiter)
            handed = waiter.handed
            if not handed.done():
                handed.cancel()
            elif got is None and not handed.cancelled():
                self._release(handed.result(), client)  # handed over just as we gave up
        return got

    def _release(self, worker: WorkerProcess, client: str) -> None:
        self._running[client] -= 1
        if worker in self._retired:  # opened data that has since been replaced
            self._retired.discard(worker)
            self._executor.submit(worker.stop)
            return
        self._idle.append(worker)
        self._dispatch()

    def _dispatch(self) -> None:
        """Hand idle workers to the first waiters allowed to run."""
        for waiter in list(self._waiting):
            if not self._idle:
                return
            if waiter.handed.done():
                self._waiting.remove(waiter)
                continue
            if not self._may_run(waiter.client):
                continue
            worker = self._take_idle()
            if worker is None:
                return
            self._waiting.remove(waiter)
            self._running[waiter.client] += 1
            waiter.handed.set_result(worker)

    def _record(self, job: Job, outcome: Outcome) -> None:
        if isinstance(job, UpdateJob) and outcome.ok:
            self.generation += 1
            if self.source.in_memory:
                self._replay.append(job.text)

    def _replace(self, dead: WorkerProcess, client: str | None) -> None:
        """Start a successor for ``dead`` (which ran a job for ``client``, or None)."""
        if client is not None:
            self._running[client] -= 1
        if dead in self._retired:  # its successor was started by the reload
            self._retired.discard(dead)
            self._executor.submit(dead.kill)
            return
        self._workers.discard(dead)
        task = asyncio.get_running_loop().create_task(self._respawn(dead))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _respawn(self, dead: WorkerProcess) -> None:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._executor, dead.kill)
        for attempt in range(RESPAWN_ATTEMPTS):
            if self._closed or self.stopping:
                return
            try:
                fresh = await loop.run_in_executor(self._executor, self._spawn)
            except StoreError as exc:
                log.error("query worker restart %d failed: %s", attempt + 1, exc)
                await asyncio.sleep(2.0 ** attempt)
                continue
            if self._closed:
                fresh.stop()
                return
            self._adopt(fresh)
            return

    def stop_running(self) -> None:
        """Shutdown has begun: refuse new jobs, release waiting requests and kill the
        workers that are running a job (their clients get 503), so the server exits
        promptly instead of waiting for slow queries. Safe to call more than once."""
        self.stopping = True
        for waiter in list(self._waiting):
            if not waiter.handed.done():
                waiter.handed.set_exception(Stopping())
        self._waiting.clear()
        idle = set(self._idle)
        for worker in list(self._workers):
            if worker not in idle and worker.alive:
                worker.process.kill()

    async def close(self) -> None:
        """Stop every worker and background restart."""
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        workers, self._workers = list(self._workers), set()
        await asyncio.gather(*(asyncio.to_thread(w.stop) for w in workers))
        self._executor.shutdown(wait=False, cancel_futures=True)
