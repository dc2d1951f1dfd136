"""The batch loop: items from a source, bytes from loader threads, reports from an engine, outcomes to a sink.

One thread owns all state; loader threads and engine callbacks only put
events on a queue.  Each outcome is put in the sink the moment it is known,
so a run killed at any point can be resumed: what is recorded is never
fetched-and-scanned again, what was in flight is simply done again.

Incremental re-runs: an item whose content hash (or ETag/Last-Modified, by
conditional GET) is unchanged since the last run *with the same scanner
configuration* is carried over without scanning.  A configuration change
(new lexicon, new suppressions, another model) rescans everything, because
an old report made with other rules would be wrong.
"""
from __future__ import annotations

import hashlib
import json
import logging
import queue
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from scanner import BaomiError, Scanner
from scanner.errors import internal_error

from .engines import Engine
from .model import Item, Loaded, Outcome, Run, WorkResult
from .sink import Sink
from .sources import Source
from .work import html_links

log = logging.getLogger("baomi.batch")

FATAL_CODES = ("model", "lexicon", "policy", "usage")


class Aborted(Exception):
    """The run stopped early (``stop_after``, Ctrl-C); it stays open for ``--resume``."""


def config_key(scanner: Scanner, channel: str) -> str:
    """What a report depends on besides the bytes: rules, suppressions, model, channel."""
    opts = scanner.options
    parts = {
        "lexicon": scanner.lexicon_version,
        "suppressed": sorted(scanner.suppressions),
        "allow": sorted(scanner.allow_phrases),
        "ner": bool(opts.ner),
        "ner_model": str(opts.ner_model or ""),
        "channel": channel,
    }
    if not getattr(opts, "ocr", True):  # pictures unread: not the same report (key unchanged when OCR is on)
        parts["ocr"] = False
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def report_links(report: dict[str, Any] | None) -> list[str]:
    """hrefs the HTML reader recorded as ``link`` parts of a stored report."""
    if not report:
        return []
    out = []
    for p in report.get("document", {}).get("parts", []):
        href = (p.get("location") or {}).get("href")
        if p.get("kind") == "link" and isinstance(href, str):
            out.append(href)
    return list(dict.fromkeys(out))


@dataclass
class RunResult:
    run: Run
    outcomes: list[Outcome]
    previous: dict[str, Outcome]
    skipped: dict[str, int] = field(default_factory=dict)


def run_batch(
    source: Source,
    engine: Engine,
    sink: Sink,
    *,
    config: str,
    resume: bool = False,
    max_items: int | None = None,
    stop_after: int | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RunResult:
    run = sink.open_run(source.kind, source.name, config, resume=resume)
    previous: dict[str, Outcome | None] = {}
    done = sink.recorded(run)
    outcomes: dict[str, Outcome] = dict(done)
    events: queue.Queue = queue.Queue()
    loader = ThreadPoolExecutor(max_workers=max(1, source.concurrency), thread_name_prefix="baomi-load")
    frontier: deque[Item] = deque()
    seen: set[str] = set()
    skipped = source.skipped
    state = {"loads": 0, "scans": 0, "started": len(done), "recorded": 0}

    def add(items: list[Item]) -> None:
        for it in items:
            if it.name not in seen:
                seen.add(it.name)
                frontier.append(it)

    def load_job(it: Item, conditional: Outcome | None, links_only: bool) -> None:
        try:
            res: Loaded | BaseException = source.load(it, conditional)
        except BaseException as exc:  # noqa: BLE001 - reported through the queue
            res = exc
        events.put(("loaded", it, res, links_only))

    def scanned(name: str, res: WorkResult | BaseException) -> None:
        events.put(("scanned", name, res, None))

    def prior_of(name: str) -> Outcome | None:
        if name not in previous:
            previous[name] = sink.prior(run, name)
        return previous[name]

    def reusable(it: Item) -> Outcome | None:
        prior = prior_of(it.name)
        if prior is None or prior.report is None or prior.config != config:
            return None
        return prior

    def record(o: Outcome, it: Item) -> None:
        sink.put(run, o)
        outcomes[o.name] = o
        if on_outcome:
            on_outcome(o)
        add(source.follow(it, o.links))
        state["recorded"] += 1
        if progress:
            progress(len(outcomes), len(outcomes) + len(frontier) + state["loads"] + state["scans"])
        if stop_after is not None and state["recorded"] >= stop_after:
            raise Aborted()

    def status_of(it: Item, sha: str | None) -> str:
        prior = prior_of(it.name)
        if prior is None:
            return "new"
        return "unchanged" if sha and prior.sha256 == sha else "changed"

    pending: dict[str, tuple[Item, Loaded]] = {}
    try:
        add(source.seeds())
        while True:
            while frontier and state["loads"] < loader._max_workers and state["scans"] < engine.capacity:
                it = frontier.popleft()
                if it.name in done:  # resumed: keep following its links, never rescan it
                    prior = done[it.name]
                    links = prior.links
                    if links or it.kind != "page" or not _follows(source):
                        add(source.follow(it, links))
                    else:
                        state["loads"] += 1
                        loader.submit(load_job, it, None, True)
                    continue
                if max_items is not None and state["started"] >= max_items:
                    skipped["max_pages"] = skipped.get("max_pages", 0) + 1
                    continue
                state["started"] += 1
                state["loads"] += 1
                prior = reusable(it)
                # a 304 gives no body, so ask conditionally only when the links are known without one
                cond = prior if prior and (it.kind != "page" or prior.links or not _follows(source)) else None
                loader.submit(load_job, it, cond, False)
            if not (frontier or state["loads"] or state["scans"]):
                break
            kind, a, res, links_only = events.get()
            if kind == "loaded":
                state["loads"] -= 1
                it = a
                if links_only:
                    if isinstance(res, Loaded) and res.data:
                        add(source.follow(it, report_links(done[it.name].report) + html_links(res.data)))
                    continue
                if isinstance(res, BaseException):
                    if not isinstance(res, Exception):
                        raise res  # KeyboardInterrupt and the like stop the run
                    if not isinstance(res, BaomiError):  # an unexpected failure costs this item only
                        res = internal_error(res, log, name=it.name)
                    record(Outcome(it.name, it.kind, "error", error=res.to_dict(), linked_from=it.linked_from, config=config), it)
                    continue
                prior = reusable(it)
                sha = res.sha256
                if prior is not None and (res.data is None or sha == prior.sha256):
                    links = prior.links or (report_links(prior.report) + html_links(res.data) if res.data and it.kind == "page" else [])
                    record(Outcome(
                        it.name, it.kind, "unchanged", report=prior.report, linked_from=it.linked_from,
                        sha256=prior.sha256, etag=res.etag or prior.etag, last_modified=res.last_modified or prior.last_modified,
                        links=links, config=config, scanned=False, ref=prior.ref,
                    ), it)
                    continue
                if res.data is None:  # 304 without a usable prior report: cannot happen unless the server ignores our headers
                    record(Outcome(it.name, it.kind, "error", error=BaomiError("fetch", "服务器返回 304 但没有可用的上次结果").to_dict(), linked_from=it.linked_from, config=config), it)
                    continue
                state["scans"] += 1
                pending[it.name] = (it, res)
                engine.submit(it.name, res.data, scanned)
            else:
                state["scans"] -= 1
                it, loaded = pending.pop(a)
                if isinstance(res, BaomiError) and res.code in FATAL_CODES:
                    raise res
                if isinstance(res, BaomiError):  # a lost worker, say: this item's record
                    res = WorkResult(a, error=res.to_dict())
                elif isinstance(res, BaseException):
                    res = WorkResult(a, error=internal_error(res, log).to_dict())
                sha = loaded.sha256
                status = "error" if res.error else status_of(it, sha)
                record(Outcome(
                    it.name, it.kind, status, report=res.report, error=res.error, linked_from=it.linked_from,
                    sha256=sha, etag=loaded.etag, last_modified=loaded.last_modified, links=res.links,
                    config=config, scanned=True,
                ), it)
    except BaseException:
        loader.shutdown(wait=False, cancel_futures=True)
        sink.close_run(run, "aborted")
        raise
    loader.shutdown(wait=True)
    sink.close_run(run, "done")
    for o in done.values():
        prior_of(o.name)
    return RunResult(run, list(outcomes.values()), {k: v for k, v in previous.items() if v is not None}, dict(skipped))


def _follows(source: Source) -> bool:
    return type(source).follow is not Source.follow
