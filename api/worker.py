"""Scanning off the event loop.

Reading a docx or running NER over a long draft takes CPU for hundreds of
milliseconds; doing it on the event loop would stall every other request.
Scans run in a process pool whose initializer builds one Scanner per
process (lexicons and the NER model load once per worker, not per request).
``workers=0`` keeps a thread pool with a shared Scanner for tests and tiny
installs.  Jobs return plain dicts so nothing unpicklable crosses processes.
"""
from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

import pipelines
from pipelines.ocr import settings_for
from pipelines.report.crops import crops
from scanner import BaomiError, ScanOptions, Scanner

log = logging.getLogger("baomi.api")
_SCANNER: Scanner | None = None


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
        log.error("scan failed: %s", type(exc).__name__)
        return {"error": BaomiError("internal", type(exc).__name__).to_dict()}


class ScanPool:
    def __init__(self, workers: int, options: ScanOptions, scanner: Scanner | None = None) -> None:
        self.workers = workers
        if workers > 0:
            ctx = multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")
            self._pool: Executor = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init, initargs=(options,))
        else:
            global _SCANNER
            _SCANNER = scanner or Scanner(options)
            self._pool = ThreadPoolExecutor(2, thread_name_prefix="baomi-scan")

    def warm_up(self) -> None:
        """Start every worker (and load its model) before the first request arrives."""
        if self.workers > 0:
            futs = [self._pool.submit(scan_job, b"warm up", "-", "unspecified", 1024, False) for _ in range(self.workers)]
            for f in futs:
                f.result()

    async def scan(self, data: bytes, name: str, channel: str, max_bytes: int, with_text: bool = False) -> dict[str, Any]:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, scan_job, data, name, channel, max_bytes, with_text)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
