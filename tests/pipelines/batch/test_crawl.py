"""Crawling the loopback site: what is fetched, what is skipped, how each failure is recorded."""
from __future__ import annotations

import pytest

from pipelines.batch import MemorySink, run_batch
from pipelines.batch.crawl import CrawlSource, canonical, classify, parse_sitemap, section_of
from pipelines.batch.engines import InlineEngine
from pipelines.batch.fetch import Fetcher
from scanner import ScanOptions


@pytest.mark.parametrize(
    "url, expected",
    [
        ("HTTP://Example.ORG/a.html#x", "http://example.org/a.html"),
        ("http://example.org", "http://example.org/"),
        ("http://example.org/list?page=2#top", "http://example.org/list?page=2"),
    ],
)
def test_canonical(url, expected):
    assert canonical(url) == expected


@pytest.mark.parametrize(
    "url, kind",
    [
        ("http://x.org/f/名单.xlsx", "attachment"),
        ("http://x.org/f/a.PDF", "attachment"),
        ("http://x.org/f/a.wps", "attachment"),
        ("http://x.org/f/a.txt", "attachment"),
        ("http://x.org/news/1.html", "page"),
        ("http://x.org/news/", "page"),
        ("http://x.org/a.png", "attachment"),  # pictures are read by OCR
        ("http://x.org/scan.JPG", "attachment"),
        ("http://x.org/app.js", None),
    ],
)
def test_classify(url, kind):
    assert classify(url) == kind


@pytest.mark.parametrize(
    "name, section",
    [("http://x.org/news/2024/1.html", "/news"), ("http://x.org/index.html", "/"), ("http://x.org/", "/"), ("/tmp/a.txt", "")],
)
def test_section_of(name, section):
    assert section_of(name) == section


def test_parse_sitemap_index_and_urlset():
    index = b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>http://x.org/s1.xml</loc></sitemap></sitemapindex>'
    urlset = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc> http://x.org/a.html </loc></url><url><loc>http://x.org/b.pdf</loc></url></urlset>'
    assert parse_sitemap(index) == ([], ["http://x.org/s1.xml"])
    assert parse_sitemap(urlset) == (["http://x.org/a.html", "http://x.org/b.pdf"], [])
    assert parse_sitemap(b"not xml at all") == ([], [])


def crawl(site, sink=None, **kw):
    fetcher = Fetcher(timeout=0.5, max_bytes=100_000, delay=0)
    source = CrawlSource(site.url("/"), fetcher, concurrency=4)
    sink = sink or MemorySink()
    with InlineEngine(ScanOptions(ner=False)) as engine:
        result = run_batch(source, engine, sink, config="c1", **kw)
    source.close()
    return result, sink, engine


def test_crawl_records_every_page_attachment_and_failure(site):
    result, _, _ = crawl(site)
    by = {o.name[len(site.base):]: o for o in result.outcomes}
    assert set(by) == {
        "/", "/news/a.html", "/news/b.html", "/orphan.html", "/files/list.txt", "/files/plan.html",
        "/slow.html", "/loop1", "/missing.html", "/error.html", "/big.txt",
    }
    errors = {path: (o.error["code"], o.error["message"]) for path, o in by.items() if o.error}
    assert errors["/slow.html"][0] == "timeout"
    assert errors["/big.txt"][0] == "too_large"
    assert errors["/loop1"][0] == "fetch" and "重定向循环" in errors["/loop1"][1]
    assert errors["/missing.html"][0] == "fetch" and "404" in errors["/missing.html"][1]
    assert errors["/error.html"][0] == "fetch" and "500" in errors["/error.html"][1]
    assert set(errors) == {"/slow.html", "/big.txt", "/loop1", "/missing.html", "/error.html"}
    # the marked page and the attachment with a control mark need action; the attachment names its page
    assert by["/news/a.html"].verdict == "not_publishable"
    assert by["/files/list.txt"].linked_from == site.url("/")
    assert by["/files/list.txt"].kind == "attachment"
    assert by["/files/list.txt"].verdict not in (None, "publish")
    assert by["/news/b.html"].linked_from is None


def test_crawl_obeys_robots_and_stays_on_site(site):
    result, _, _ = crawl(site)
    assert site.hits["/private/internal.html"] == 0
    assert site.hits["/js/app.js"] == 0
    assert result.skipped["robots"] >= 1 and result.skipped["offsite"] >= 1 and result.skipped["not_document"] >= 1
    # each page is fetched once even though several pages link to it
    assert site.hits["/files/list.txt"] == 1 and site.hits["/"] == 1


def test_crawl_max_pages_limits_fetches(site):
    result, _, _ = crawl(site, max_items=3)
    fetched = sum(n for p, n in site.hits.items() if p not in ("/robots.txt", "/sitemap.xml", "/loop2"))
    assert len(result.outcomes) == 3 and fetched == 3
    assert result.skipped["max_pages"] >= 1
