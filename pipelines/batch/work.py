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
    for tag in soup.find_all(["a", "area", "iframe", "frame"]):
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


def scan_bytes(
    name: str, data: bytes, options: ScanOptions, channel: str = "website", max_bytes: int = pipelines.DEFAULT_MAX_BYTES
) -> WorkResult:
    """Never raises: a failure becomes the error record the batch keeps for that item."""
    try:
        scanner = get_scanner(options)
        doc = pipelines.read_bytes(data, name, max_bytes=max_bytes)
        report = scanner.scan(doc, channel=channel)
        return WorkResult(name=name, report=report.to_dict(), links=document_links(doc, data))
    except BaomiError as exc:
        if exc.code in ("model", "lexicon", "policy", "usage"):
            raise  # a configuration error stops the run instead of failing every page the same way
        return WorkResult(name=name, error=exc.to_dict())
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop a site-wide run
        log.warning("internal error on one document: %s", type(exc).__name__)
        return WorkResult(name=name, error=BaomiError("internal", type(exc).__name__).to_dict())


def scan_many(batch: list[tuple[str, bytes]], options: ScanOptions, channel: str, max_bytes: int) -> list[WorkResult]:
    return [scan_bytes(n, d, options, channel, max_bytes) for n, d in batch]


def record_of(name: str, exc: BaseException) -> dict[str, Any]:
    err = exc if isinstance(exc, BaomiError) else BaomiError("internal", type(exc).__name__)
    return err.to_dict()
