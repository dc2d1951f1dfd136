"""Runs kept in the service's database: resume, incremental state and reports readable by the service."""
from __future__ import annotations

from collections import Counter

import pytest

from pipelines.batch import Aborted, config_key, run_batch
from pipelines.batch.crawl import CrawlSource
from pipelines.batch.engines import InlineEngine
from pipelines.batch.fetch import Fetcher
from pipelines.batch.store_sink import StoreSink
from pipelines.store import Store
from scanner import ScanOptions, Scanner

OPTS = ScanOptions(ner=False)


def crawl(site, store, **kw):
    source = CrawlSource(site.url("/"), Fetcher(timeout=0.5, max_bytes=100_000, delay=0), concurrency=3)
    engine = InlineEngine(OPTS)
    try:
        return run_batch(source, engine, StoreSink(store), config=config_key(Scanner(OPTS), "website"), **kw), engine
    finally:
        source.close()


def test_store_resume_and_rerun(site, tmp_path):
    store = Store.open(data_dir=tmp_path, dev=True)
    with pytest.raises(Aborted):
        crawl(site, store, stop_after=5)
    run = store.last_batch(kind="crawl")
    assert run["status"] == "aborted" and len(store.batch_items(run["id"])) == 5
    result, engine = crawl(site, store, resume=True)
    assert result.run.id == run["id"]
    items = store.batch_items(run["id"])
    names = Counter(i.name for i in items)
    assert len(names) == 11 and set(names.values()) == {1}
    assert Counter(i.status for i in items) == Counter({"scanned": 6, "error": 5})
    # a report is readable by the service, with the attachment's page recorded
    att = next(i for i in items if i.name.endswith("/files/list.txt"))
    assert att.linked_from == site.url("/")
    rec = store.get_scan(att.scan_id, None)
    assert rec.report["document"]["name"] == site.url("/files/list.txt") and rec.verdict != "publish"
    assert store.get_batch(run["id"])["status"] == "done"

    second, engine = crawl(site, store)
    assert engine.scanned == 0
    new_items = store.batch_items(second.run.id)
    assert Counter(i.status for i in new_items) == Counter({"unchanged": 6, "error": 5})
    a = next(o for o in second.outcomes if o.name.endswith("/news/a.html"))
    assert a.verdict == "not_publishable" and a.status == "unchanged"
    store.close()
