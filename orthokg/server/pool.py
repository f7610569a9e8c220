"""A fixed set of query worker processes, with the time limit enforced by killing.

The web process never runs SPARQL itself: each job is handed to an idle worker and
awaited (in a small thread pool, so the event loop stays free for /health, pages and
other clients). At the deadline the worker is killed, the client gets 503, and a
replacement starts in the background. When every worker stays busy for the whole time
limit the client gets 503 at once rather than waiting in an unbounded queue.

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
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from pathlib import Path

from orthokg.errors import StoreError
from orthokg.server.config import Source
from orthokg.server.jobs import Job, Outcome, UpdateJob

log = logging.getLogger("orthokg.server")

RESPAWN_ATTEMPTS = 5


def _child_env() -> dict[str, str]:
    """The environment of a worker: ours, with this copy of ``orthokg`` importable even
    when it was found through a path the child would not have (a source checkout)."""
    root = str(Path(__file__).resolve().parents[2])
    paths = [root, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(dict.fromkeys(paths))}


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

    @classmethod
    def start(cls, source: Source, replay: tuple[str, ...], prefixes: Mapping[str, str],
              ready_timeout: float) -> WorkerProcess:
        """Start a worker and wait until its store is open; raise ``StoreError`` if not."""
        ours, theirs = socket.socketpair()
        with ours, theirs:
            process = subprocess.Popen(
                [sys.executable, "-m", "orthokg.server.worker", str(theirs.fileno())],
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, env=_child_env())
            handle = cls(process, Connection(os.dup(ours.fileno())))
        try:
            handle.conn.send((source, replay, dict(prefixes)))
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


class QueryPool:
    """The workers, the idle queue and the deadline of every job."""

    def __init__(self, source: Source, size: int, prefixes: Mapping[str, str],
                 ready_timeout: float = 600.0) -> None:
        self.source = source
        self.size = size
        self.generation = 0
        """Counts applied updates, so cached statistics know when they are stale."""
        self._prefixes = dict(prefixes)
        self._ready_timeout = ready_timeout
        self._workers: set[WorkerProcess] = set()
        self._idle: asyncio.Queue[WorkerProcess] = asyncio.Queue()
        self._replay: list[str] = []
        self._executor = ThreadPoolExecutor(max_workers=size + 1,
                                            thread_name_prefix="orthokg-pool")
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False

    @property
    def alive(self) -> int:
        """How many workers can take jobs now or once they finish their current one."""
        return sum(w.alive for w in self._workers)

    @property
    def pids(self) -> list[int]:
        """Process ids of the current workers (for operators and tests)."""
        return sorted(w.process.pid for w in self._workers if w.alive)

    def _spawn(self) -> WorkerProcess:
        return WorkerProcess.start(self.source, tuple(self._replay), self._prefixes,
                                   self._ready_timeout)

    def _adopt(self, fresh: WorkerProcess) -> None:
        self._workers.add(fresh)
        self._idle.put_nowait(fresh)

    async def start(self) -> None:
        """Start every worker; raise ``StoreError`` (after cleaning up) if one fails."""
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

    async def run(self, job: Job, timeout: float) -> Outcome:
        """The outcome of ``job`` within ``timeout`` seconds, or a 503 that says why not."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        held = await self._acquire(timeout)
        if held is None:
            return Outcome.error(503, f"all {self.size} query workers stayed busy for "
                                      f"{timeout:g} s; try again later", Retry_After="5")
        remaining = max(deadline - loop.time(), 0.001)
        try:
            outcome = await loop.run_in_executor(self._executor, held.exchange, job, remaining)
        except WorkerGone:
            self._replace(held)
            return Outcome.error(500, "the query worker stopped while running this request "
                                      "(crash or out of memory); it is being restarted")
        except BaseException:
            self._replace(held)
            raise
        if outcome is None:
            self._replace(held)
            return Outcome.error(503, f"stopped after {timeout:g} s, the time limit of this "
                                      "endpoint; narrow the query or ask for fewer results")
        self._record(job, outcome)
        self._idle.put_nowait(held)
        return outcome

    async def _acquire(self, timeout: float) -> WorkerProcess | None:
        """An idle, living worker within ``timeout``; a worker that died while idle
        (killed from outside, out of memory) is replaced and skipped."""
        try:
            async with asyncio.timeout(timeout):
                while True:
                    held = await self._idle.get()
                    if held.alive:
                        return held
                    self._replace(held)
        except TimeoutError:
            return None

    def _record(self, job: Job, outcome: Outcome) -> None:
        if isinstance(job, UpdateJob) and outcome.ok:
            self.generation += 1
            if self.source.in_memory:
                self._replay.append(job.text)

    def _replace(self, dead: WorkerProcess) -> None:
        self._workers.discard(dead)
        task = asyncio.get_running_loop().create_task(self._respawn(dead))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _respawn(self, dead: WorkerProcess) -> None:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._executor, dead.kill)
        for attempt in range(RESPAWN_ATTEMPTS):
            if self._closed:
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

    async def close(self) -> None:
        """Stop every worker and background restart."""
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        workers, self._workers = list(self._workers), set()
        await asyncio.gather(*(asyncio.to_thread(w.stop) for w in workers))
        self._executor.shutdown(wait=False, cancel_futures=True)
