"""A crawl reads the pictures a page shows or links to, as attachments of that page."""
from __future__ import annotations

import io

from pipelines.batch.crawl import CrawlSource
from pipelines.batch.engines import InlineEngine
from pipelines.batch.fetch import Fetcher
from pipelines.batch.runner import run_batch
from pipelines.batch.sink import MemorySink
from scanner import ScanOptions


def test_picture_in_a_page_is_fetched_and_read(site, text_image):
    buf = io.BytesIO()
    text_image(["内部资料 注意保存", "手机 13907315521"]).save(buf, "PNG")
    site.pages["/img/notice.png"] = ("image/png", buf.getvalue())
    site.pages["/news/b.html"] = ("text/html; charset=utf-8",
                                  '<!doctype html><html><body><p>公示如下。</p><img src="/img/notice.png"></body></html>')
    fetcher = Fetcher(timeout=2.0, max_bytes=2_000_000, delay=0)
    source = CrawlSource(site.url("/"), fetcher, concurrency=2)
    with InlineEngine(ScanOptions(ner=False)) as engine:
        result = run_batch(source, engine, MemorySink(), config="c1")
    source.close()
    by = {o.name[len(site.base):]: o for o in result.outcomes}
    pic = by["/img/notice.png"]
    assert site.hits["/img/notice.png"] == 1
    assert pic.kind == "attachment" and pic.linked_from == site.url("/news/b.html")
    assert pic.verdict == "not_publishable" and not pic.error
