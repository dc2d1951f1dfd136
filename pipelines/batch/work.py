"""The unit of work a worker runs: bytes and a name in, a report or an error record out.

The same function runs inline, in a local process pool and on Dask workers,
so the three give identical reports.  A Scanner is built once per process
(loading lexicons and the NER model is the costly step) and kept in a
module-level cache keyed by its options.
"""
from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Iterator
from typing import Any

from bs4 import BeautifulSoup

import pipelines
from pipelines.ocr import settings_for
from scanner import BaomiError, Document, ScanOptions, Scanner
from scanner.errors import internal_error

from .model import WorkResult

log = logging.getLogger("baomi.batch")

_SCANNERS: dict[str, Scanner] = {}


def _key(options: ScanOptions) -> str:
    return repr(options)


def get_scanner(options: ScanOptions) -> Scanner:
    """One Scanner per process and configuration."""
    key = _key(options)
    sc = _SCANNERS.get(key)
    if sc is None:
        sc = _SCANNERS[key] = Scanner(options)
        if options.ner:
            sc.ner  # noqa: B018 - load the model now, not in the middle of the first document
    return sc


def init_worker(options: ScanOptions) -> None:
    """Process-pool initializer: build this worker's Scanner before any document arrives."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    get_scanner(options)


def html_links(data: bytes) -> list[str]:
    """hrefs of a page, for discovery only, when the reader gave no ``link`` parts."""
    head = data[:4096].lower()
    if b"<html" not in head and b"<a " not in head and b"<!doctype html" not in head:
        return []
    soup = BeautifulSoup(data, "html.parser")
    out = []
    for tag in soup.find_all(["a", "area", "iframe", "frame", "img"]):  # img: pictures are read by OCR
        href = tag.get("href") or tag.get("src")
        if isinstance(href, str) and href.strip():
            out.append(href.strip())
    return out


def document_links(doc: Document, data: bytes) -> list[str]:
    """Attachment links the HTML reader recorded, plus every other link of the page for discovery.

    The reader keeps only links that look like attachments (what a reviewer
    must see); a crawl also needs the links to other pages.
    """
    hrefs = [p.location["href"] for p in doc.parts if p.kind == "link" and isinstance(p.location.get("href"), str)]
    if doc.format in ("html", "txt"):
        hrefs += html_links(data)
    return _unique(hrefs)


def _unique(xs: list[str]) -> list[str]:
    return list(dict.fromkeys(xs))


CONFIG_CODES = ("model", "lexicon", "policy", "usage")


class Overtime(BaseException):
    """A document passed its time limit.  A BaseException, so no reader's ``except Exception`` swallows it."""


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Interrupt the work inside after ``seconds`` (SIGALRM), where signals reach it: the main thread on Unix.

    Batch workers (local process pool, inline) run documents on their main
    thread, so one slow file becomes a ``timeout`` record instead of holding
    the run.  Elsewhere (a Dask worker thread) the limit is not enforced.
    """
    if not seconds or seconds <= 0 or threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "setitimer"):
        yield
        return

    def overtime(_signum: int, _frame: Any) -> None:
        raise Overtime()

    old = signal.signal(signal.SIGALRM, overtime)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _overtime(name: str, seconds: float | None) -> WorkResult:
    return WorkResult(name=name, error=BaomiError("timeout", f"单个文件处理超过 {seconds:g} 秒，已跳过", name=name).to_dict())


def scan_bytes(
    name: str, data: bytes, options: ScanOptions, channel: str = "website", max_bytes: int = pipelines.DEFAULT_MAX_BYTES,
    timeout: float | None = None,
) -> WorkResult:
    """Never raises for a bad document: a failure becomes the error record the batch keeps for that item."""
    return scan_batch([(name, data)], options, channel, max_bytes, timeout)[0]


def scan_batch(
    items: list[tuple[str, bytes]], options: ScanOptions, channel: str = "website",
    max_bytes: int = pipelines.DEFAULT_MAX_BYTES, timeout: float | None = None,
) -> list[WorkResult]:
    """Several documents, one NER call: a page is too few sentences to fill the model's batches.

    Reading fails per document; scanning is tried for the batch and, if one
    document breaks it, again one by one so the others still get reports.
    A configuration error (model, lexicon, policy) stops the run instead of
    failing every page the same way.
    """
    scanner = get_scanner(options)
    ocr = settings_for(scanner)  # --no-ocr and the policy's ocr key, the same in every worker
    results: list[WorkResult | None] = [None] * len(items)
    read: list[tuple[int, Document, bytes]] = []
    for i, (name, data) in enumerate(items):
        try:
            with time_limit(timeout):
                read.append((i, pipelines.read_bytes(data, name, max_bytes=max_bytes, ocr=ocr), data))
        except Overtime:
            results[i] = _overtime(name, timeout)
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop a site-wide run
            results[i] = _failed(name, exc)
    reports = None
    if len(read) > 1 or not timeout:
        try:
            with time_limit(timeout * len(read) if timeout else None):
                reports = scanner.scan_many([doc for _, doc, _ in read], channel=channel)
        except BaomiError as exc:
            if exc.code in CONFIG_CODES:
                raise
        except Overtime:  # one of them is slow: find out which, each on its own clock
            pass
        except Exception:  # noqa: BLE001 - isolate the document that broke the batch
            pass
    for k, (i, doc, data) in enumerate(read):
        name = items[i][0]
        try:
            with time_limit(None if reports is not None else timeout):
                report = reports[k] if reports is not None else scanner.scan(doc, channel=channel)
                results[i] = WorkResult(name=name, report=report.to_dict(), links=document_links(doc, data))
        except Overtime:
            results[i] = _overtime(name, timeout)
        except Exception as exc:  # noqa: BLE001
            results[i] = _failed(name, exc)
    return [r for r in results if r is not None]


def _failed(name: str, exc: BaseException) -> WorkResult:
    if isinstance(exc, BaomiError):
        if exc.code in CONFIG_CODES:
            raise exc
        return WorkResult(name=name, error=exc.to_dict())
    return WorkResult(name=name, error=internal_error(exc, log).to_dict())


def record_of(name: str, exc: BaseException) -> dict[str, Any]:
    err = exc if isinstance(exc, BaomiError) else internal_error(exc, log)
    return err.to_dict()
