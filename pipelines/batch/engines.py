"""Where documents are scanned: in this process, in a local process pool, or on a Dask cluster.

All three take the same work (``work.scan_bytes``, or ``work.scan_batch`` for
a few documents at a time so the NER model's batches fill up) and deliver results
through a callback, so the runner does not care which one it drives and
their reports are identical.  Callbacks may run on another thread; the
runner puts them on a queue.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import pipelines
from scanner import BaomiError, ScanOptions

from .model import WorkResult
from .work import get_scanner, init_worker, scan_batch, scan_bytes

Done = Callable[[str, "WorkResult | BaseException"], None]


class Engine:
    """Interface: ``submit(name, data, done)``; ``capacity`` bounds documents in flight."""

    capacity: int = 1
    workers: int = 1

    timeout: float | None = None  # seconds per document (``work.time_limit``); None for no limit

    def __init__(self, options: ScanOptions, channel: str = "website", max_bytes: int = pipelines.DEFAULT_MAX_BYTES) -> None:
        self.options, self.channel, self.max_bytes = options, channel, max_bytes

    def submit(self, name: str, data: bytes, done: Done) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class InlineEngine(Engine):
    """Scans in the calling thread: tests, tiny runs, and debugging."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        get_scanner(self.options)
        self.scanned = 0

    def submit(self, name: str, data: bytes, done: Done) -> None:
        self.scanned += 1
        try:
            res: WorkResult | BaseException = scan_bytes(name, data, self.options, self.channel, self.max_bytes,
                                                              self.timeout)
        except BaseException as exc:  # noqa: BLE001 - handed to the runner, which re-raises
            res = exc
        done(name, res)


BATCH = 4  # documents per task: enough to fill the NER model's batches, few enough to keep workers busy
BATCH_WAIT = 0.05  # seconds a partial batch waits for company before it goes anyway


class _Batcher:
    """Groups submissions into tasks of up to ``BATCH`` documents.

    A partial batch leaves after ``BATCH_WAIT`` seconds, so the last pages of
    a run (or a slow crawl) never wait for documents that will not come.
    """

    def __init__(self, send: Callable[[list[tuple[str, bytes, Done]]], None], size: int = BATCH) -> None:
        self._send, self._size = send, size
        self._buf: list[tuple[str, bytes, Done]] = []
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def add(self, name: str, data: bytes, done: Done) -> None:
        with self._lock:
            self._buf.append((name, data, done))
            if len(self._buf) >= self._size:
                self._flush_locked()
            elif self._timer is None:
                self._timer = threading.Timer(BATCH_WAIT, self.flush)
                self._timer.daemon = True
                self._timer.start()

    def flush(self) -> None:
        with self._lock:
            self._flush_locked()

    def _flush_locked(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        items, self._buf = self._buf, []
        if items:
            self._send(items)


def _finish_batch(items: list[tuple[str, bytes, Done]]) -> Callable[[Any], None]:
    def cb(fut: Any) -> None:
        try:
            results = fut.result()
        except BaseException as exc:  # noqa: BLE001 - worker crash, cancellation, lost worker
            results = [exc] * len(items)
        for (name, _, done), res in zip(items, results):
            done(name, res)

    return cb


class LocalEngine(Engine):
    """A process pool on this machine; each worker builds its Scanner once in the initializer.

    ``spawn`` rather than ``fork``: the runner has fetch threads and an HTTP
    client open, and forking a threaded process can deadlock the child.

    A worker that dies (the kernel's OOM killer picks the one a hostile file
    swelled) breaks a ``ProcessPoolExecutor`` for good: every document in
    flight and every later one would fail.  So a broken pool is replaced by
    a fresh one, and the documents it held are sent again one by one; a
    document whose worker dies a second time gets a ``worker_lost`` record.
    """

    def __init__(self, options: ScanOptions, channel: str = "website", max_bytes: int = pipelines.DEFAULT_MAX_BYTES, *, workers: int | None = None) -> None:
        super().__init__(options, channel, max_bytes)
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.capacity = self.workers * 4
        self._lock = threading.Lock()
        self._closing = False
        self.pool = self._new_pool()
        self._batcher = _Batcher(self._send)

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=init_worker,
            initargs=(self.options,),
        )

    def submit(self, name: str, data: bytes, done: Done) -> None:
        self._batcher.add(name, data, done)

    def _send(self, items: list[tuple[str, bytes, Done]], tries: int = 0) -> None:
        batch = [(name, data) for name, data, _ in items]
        with self._lock:
            pool = self.pool
            try:
                fut: Future = pool.submit(scan_batch, batch, self.options, self.channel, self.max_bytes, self.timeout)
            except BrokenProcessPool:
                pool = self._renew(pool)
                fut = pool.submit(scan_batch, batch, self.options, self.channel, self.max_bytes, self.timeout)
        fut.add_done_callback(self._finish(items, pool, tries))

    def _renew(self, broken: ProcessPoolExecutor) -> ProcessPoolExecutor:
        """Replace the pool once per breakage (callers hold the lock); the dead pool is shut without waiting."""
        if self.pool is broken and not self._closing:
            broken.shutdown(wait=False, cancel_futures=True)
            self.pool = self._new_pool()
        return self.pool

    def _finish(self, items: list[tuple[str, bytes, Done]], pool: ProcessPoolExecutor, tries: int) -> Callable[[Any], None]:
        def cb(fut: Any) -> None:
            try:
                results = fut.result()
            except BrokenProcessPool:
                if tries < 2 and not self._closing:
                    with self._lock:
                        self._renew(pool)
                    for item in items:  # alone this time, so a document that kills its worker costs only itself
                        self._send([item], tries + 1)
                    return
                results = [BaomiError("worker_lost", name=name) for name, _, _ in items]
            except BaseException as exc:  # noqa: BLE001 - cancellation, a pickling error
                results = [exc] * len(items)
            for (name, _, done), res in zip(items, results):
                done(name, res)

        return cb

    def close(self) -> None:
        self._batcher.flush()
        self._closing = True
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskEngine(Engine):
    """A Dask distributed cluster: ``--engine dask --scheduler tcp://HOST:8786``.

    Workers need baomi installed (same version and lexicons); each worker
    process keeps one Scanner in ``work._SCANNERS`` after its first task.
    Documents travel as bytes, so workers need no shared file system.
    """

    def __init__(
        self,
        options: ScanOptions,
        channel: str = "website",
        max_bytes: int = pipelines.DEFAULT_MAX_BYTES,
        *,
        scheduler: str | None = None,
        client: Any = None,
    ) -> None:
        super().__init__(options, channel, max_bytes)
        try:
            from distributed import Client
        except ImportError:  # pragma: no cover - dask[distributed] is a dependency
            raise BaomiError("usage", "未安装 dask[distributed]") from None
        self._own = client is None
        if client is None:
            if not scheduler:
                raise BaomiError("usage", "--engine dask 需要 --scheduler tcp://主机:8786")
            try:
                client = Client(scheduler, timeout="20s")
            except (OSError, TimeoutError) as exc:
                raise BaomiError("usage", f"无法连接 Dask 调度器 {scheduler}（{type(exc).__name__}）") from None
        self.client = client
        self.workers = max(1, sum(w.get("nthreads", 1) for w in client.scheduler_info().get("workers", {}).values()))
        self.capacity = self.workers * 4
        self._futures: set[Any] = set()
        self._batcher = _Batcher(self._send)

    def submit(self, name: str, data: bytes, done: Done) -> None:
        self._batcher.add(name, data, done)

    def _send(self, items: list[tuple[str, bytes, Done]]) -> None:
        batch = [(name, data) for name, data, _ in items]
        fut = self.client.submit(scan_batch, batch, self.options, self.channel, self.max_bytes, self.timeout, pure=False)
        self._futures.add(fut)
        finish = _finish_batch(items)

        def cb(f: Any) -> None:
            self._futures.discard(f)
            finish(f)

        fut.add_done_callback(cb)

    def close(self) -> None:
        self._batcher.flush()
        for f in list(self._futures):
            f.cancel()
        if self._own:
            self.client.close()


def make_engine(
    kind: str,
    options: ScanOptions,
    *,
    channel: str = "website",
    max_bytes: int = pipelines.DEFAULT_MAX_BYTES,
    workers: int | None = None,
    scheduler: str | None = None,
    timeout: float | None = None,
) -> Engine:
    engine: Engine
    if kind == "inline" or (kind == "local" and workers == 0):
        engine = InlineEngine(options, channel, max_bytes)
    elif kind == "local":
        engine = LocalEngine(options, channel, max_bytes, workers=workers)
    elif kind == "dask":
        engine = DaskEngine(options, channel, max_bytes, scheduler=scheduler)
    else:
        raise BaomiError("usage", f"未知的执行方式 {kind}（可选 local、dask）")
    engine.timeout = timeout
    return engine

