"""The unit of work a worker runs: bytes and a name in, a report or an error record out.

The same function runs inline, in a local process pool and on Dask workers,
so the three give identical reports.  A Scanner is built once per process
(loading lexicons and the NER model is the costly step) and kept in a
module-level cache keyed by its options.
"""
from __future__ import annotations

import logging
from typing import Any

from bs4 import BeautifulSoup

import pipelines
from pipelines.ocr import settings_for
from scanner import BaomiError, Document, ScanOptions, Scanner

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


def scan_bytes(
    name: str, data: bytes, options: ScanOptions, channel: str = "website", max_bytes: int = pipelines.DEFAULT_MAX_BYTES
) -> WorkResult:
    """Never raises for a bad document: a failure becomes the error record the batch keeps for that item."""
    return scan_batch([(name, data)], options, channel, max_bytes)[0]


def scan_batch(
    items: list[tuple[str, bytes]], options: ScanOptions, channel: str = "website",
    max_bytes: int = pipelines.DEFAULT_MAX_BYTES,
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
            read.append((i, pipelines.read_bytes(data, name, max_bytes=max_bytes, ocr=ocr), data))
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop a site-wide run
            results[i] = _failed(name, exc)
    try:
        reports = scanner.scan_many([doc for _, doc, _ in read], channel=channel)
    except BaomiError as exc:
        if exc.code in CONFIG_CODES:
            raise
        reports = None
    except Exception:  # noqa: BLE001 - isolate the document that broke the batch
        reports = None
    for k, (i, doc, data) in enumerate(read):
        name = items[i][0]
        try:
            report = reports[k] if reports is not None else scanner.scan(doc, channel=channel)
            results[i] = WorkResult(name=name, report=report.to_dict(), links=document_links(doc, data))
        except Exception as exc:  # noqa: BLE001
            results[i] = _failed(name, exc)
    return [r for r in results if r is not None]


def _failed(name: str, exc: BaseException) -> WorkResult:
    if isinstance(exc, BaomiError):
        if exc.code in CONFIG_CODES:
            raise exc
        return WorkResult(name=name, error=exc.to_dict())
    log.warning("internal error on one document: %s", type(exc).__name__)
    return WorkResult(name=name, error=BaomiError("internal", type(exc).__name__).to_dict())


def record_of(name: str, exc: BaseException) -> dict[str, Any]:
    err = exc if isinstance(exc, BaomiError) else BaomiError("internal", type(exc).__name__)
    return err.to_dict()
