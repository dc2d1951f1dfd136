"""Scanning off the event loop, in worker processes that can die without taking the service along.

Reading a docx or running NER over a long draft takes CPU for hundreds of
milliseconds; doing it on the event loop would stall every other request.
Scans run in worker processes, each of which builds one Scanner at start
(lexicons and the NER model load once per worker, not per request).

Why not ``concurrent.futures.ProcessPoolExecutor``: when one of its
workers dies (the kernel's OOM killer picks the worker a hostile file
swelled), the whole executor is broken and every later scan fails until
the service restarts; and a scan past its time limit cannot be stopped,
so it keeps its worker busy after the client got its 504.  Here each
worker is a process with a pipe of its own:

* a worker that dies is replaced, and only the scan it held gets a coded
  error (``worker_lost``);
* a scan past its time limit (or whose request was cancelled) has its
  worker killed and replaced;
* ``close`` kills every worker and waits for them, so SIGTERM leaves no
  process behind; a worker also exits on its own when its parent is gone.

Workers are started with "spawn": no fork server stays behind to clean up.
``workers=0`` keeps a thread pool with a shared Scanner for tests and tiny
installs.  Jobs return plain dicts so nothing unpicklable crosses processes.
"""
from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pipelines
from pipelines.ocr import settings_for
from pipelines.report.crops import crops
from scanner import BaomiError, ScanOptions, Scanner
from scanner.errors import internal_error

log = logging.getLogger("baomi.api")
_SCANNER: Scanner | None = None
START_TIMEOUT = 300.0  # a worker loading a large NER model on a busy machine
RESTART_TRIES = 5


def _init(options: ScanOptions) -> None:
    global _SCANNER
    _SCANNER = Scanner(options)
    _SCANNER.engine_info()  # load the NER model now, not on the first request


def scan_job(data: bytes, name: str, channel: str, max_bytes: int, with_text: bool) -> dict[str, Any]:
    """Read and scan one upload; ``{"report", "parts"}`` or ``{"error"}``.  Never raises."""
    try:
        assert _SCANNER is not None, "worker not initialised"
        doc = pipelines.read_bytes(data, name, max_bytes=max_bytes, ocr=settings_for(_SCANNER))
        scanned = _SCANNER.scan(doc, channel=channel)
        report = scanned.to_dict()
        out: dict[str, Any] = {"report": report}
        if with_text:
            out["parts"] = [{"id": p.id, "kind": p.kind, "text": p.text} for p in doc.parts]
            out["crops"] = {":".join(map(str, k)): uri for k, uri in crops(data, scanned).items()}
        return out
    except BaomiError as exc:
        exc.name = exc.name or name
        return {"error": exc.to_dict()}
    except Exception as exc:  # noqa: BLE001 - a reader crash must become an error record, not a dead worker
        return {"error": internal_error(exc, log).to_dict()}


def _watch_parent(parent: int) -> None:
    """Exit when the service is gone (killed with SIGKILL, say), even in the middle of a scan."""
    while True:
        if os.getppid() != parent:
            os._exit(0)
        time.sleep(1.0)


def _worker_main(conn, options: ScanOptions, parent: int) -> None:  # noqa: ANN001 - a Connection
    # Ctrl-C reaches the whole process group; the service decides when workers stop
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    try:
        _init(options)
    except BaseException as exc:  # noqa: BLE001 - told to the parent, which logs and retries
        conn.send(("failed", type(exc).__name__))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send(scan_job(*job))


class _Lost(Exception):
    """The worker's pipe closed: the process died."""


class _Worker:
    def __init__(self, ctx, options: ScanOptions) -> None:  # noqa: ANN001 - a multiprocessing context
        parent, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, options, os.getpid()), daemon=True,
                                name="baomi-scan")
        self.proc.start()
        child.close()
        self.conn = parent
        self.busy = False
        self.retired = False
        self.ready = False  # has loaded its Scanner and said so

    def alive(self) -> bool:
        return not self.retired and self.proc.is_alive()

    def kill(self) -> None:
        self.retired = True
        try:
            if self.proc.is_alive():
                self.proc.kill()
            self.proc.join(5)
        except (OSError, ValueError, AssertionError):
            pass
        try:
            self.conn.close()
        except OSError:
            pass


class ScanPool:
    def __init__(self, workers: int, options: ScanOptions, scanner: Scanner | None = None, *,
                 hard_timeout: float = 600.0) -> None:
        self.workers = workers
        self.options = options
        self.hard_timeout = hard_timeout  # no scan runs longer, whoever waits for it
        self._closed = False
        if workers > 0:
            self._ctx = multiprocessing.get_context("spawn")
            self._all: set[_Worker] = set()
            self._idle: asyncio.Queue[_Worker] | None = None
            # one thread per busy worker waiting for its answer, one per worker starting, and a spare
            self._io = ThreadPoolExecutor(2 * workers + 2, thread_name_prefix="baomi-pipe")
            self._tasks: set[asyncio.Task] = set()
        else:
            global _SCANNER
            _SCANNER = scanner or Scanner(options)
            self._threads = ThreadPoolExecutor(2, thread_name_prefix="baomi-scan")

    # -- life cycle ------------------------------------------------------------
    async def start(self) -> None:
        """Start every worker (and load its model) before the first request arrives."""
        if self.workers == 0:
            return
        self._idle = asyncio.Queue()
        started = await asyncio.gather(*(self._start_one() for _ in range(self.workers)))
        if not any(started):
            raise BaomiError("model", "审查进程无法启动")
        self._keep(asyncio.get_running_loop().create_task(self._monitor()))

    async def _start_one(self) -> bool:
        for attempt in range(RESTART_TRIES):
            if self._closed:
                return False
            w = _Worker(self._ctx, self.options)
            self._all.add(w)
            try:
                msg = await asyncio.wait_for(self._recv(w), START_TIMEOUT)
            except (asyncio.TimeoutError, _Lost):
                msg = ("failed", "no answer")
            if msg and msg[0] == "ready" and not self._closed:
                assert self._idle is not None
                w.ready = True
                self._idle.put_nowait(w)
                return True
            log.error("scan worker failed to start (%s), attempt %d", msg[1] if msg else "-", attempt + 1)
            self._drop(w)
            await asyncio.sleep(min(1.0 * (attempt + 1), 5.0))
        return False

    def _drop(self, w: _Worker) -> None:
        w.kill()
        self._all.discard(w)

    def _replace(self, w: _Worker) -> None:
        """Kill a worker (dead, stuck or past its time) and start another in its place."""
        self._drop(w)
        if not self._closed:
            self._keep(asyncio.get_running_loop().create_task(self._start_one()))

    def _keep(self, task: asyncio.Task) -> None:
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _monitor(self) -> None:
        """Replace idle workers that died (a busy one is replaced by the scan that finds its pipe closed)."""
        while not self._closed:
            await asyncio.sleep(0.5)
            for w in list(self._all):
                if not w.busy and not w.retired and not w.proc.is_alive():
                    log.error("scan worker %s died while idle; replacing it", w.proc.pid)
                    self._replace(w)

    def status(self) -> dict[str, int]:
        if self.workers == 0:
            return {"size": 0, "alive": 0}
        return {"size": self.workers, "alive": sum(1 for w in self._all if w.ready and w.alive())}

    def close(self) -> None:
        """Stop every worker and wait for it: nothing may outlive the service."""
        self._closed = True
        if self.workers == 0:
            self._threads.shutdown(wait=False, cancel_futures=True)
            return
        for t in list(self._tasks):
            t.cancel()
        for w in list(self._all):
            w.kill()
        self._all.clear()
        self._io.shutdown(wait=False, cancel_futures=True)

    # -- scanning ----------------------------------------------------------------
    async def _recv(self, w: _Worker) -> Any:
        loop = asyncio.get_running_loop()

        def recv() -> Any:
            try:
                return w.conn.recv()
            except (EOFError, OSError, ValueError) as exc:
                raise _Lost() from exc

        return await loop.run_in_executor(self._io, recv)

    async def _acquire(self) -> _Worker:
        assert self._idle is not None, "pool not started"
        while True:
            w = await self._idle.get()
            if w.retired:
                continue
            if not w.proc.is_alive():
                self._replace(w)
                continue
            w.busy = True
            return w

    async def scan(self, data: bytes, name: str, channel: str, max_bytes: int, with_text: bool = False,
                   timeout: float | None = None) -> dict[str, Any]:
        if self._closed:
            raise BaomiError("interrupted")
        loop = asyncio.get_running_loop()
        if self.workers == 0:
            return await loop.run_in_executor(self._threads, scan_job, data, name, channel, max_bytes, with_text)
        limit = min(timeout or self.hard_timeout, self.hard_timeout)
        w = await self._acquire()
        done = False
        try:
            await loop.run_in_executor(self._io, w.conn.send, (data, name, channel, max_bytes, with_text))
            out = await asyncio.wait_for(self._recv(w), limit)
            done = True
            return out
        except asyncio.TimeoutError:
            log.warning("a scan passed its time limit of %gs; its worker %s is replaced", limit, w.proc.pid)
            raise BaomiError("timeout", f"超过 {limit:g} 秒") from None
        except (_Lost, OSError, ValueError):
            err = BaomiError("worker_lost", name=name)
            eid = os.urandom(4).hex()
            log.error("scan worker %s died during a scan (exit %s); error %s", w.proc.pid, w.proc.exitcode, eid)
            err.detail = f"错误编号 {eid}"
            return {"error": err.to_dict()}
        finally:
            # cancelled by the caller's own time limit, timed out, or dead: the worker may still be
            # running the scan, so it is replaced rather than handed the next one
            w.busy = False
            if done and not self._closed:
                assert self._idle is not None
                self._idle.put_nowait(w)
            else:
                self._replace(w)
