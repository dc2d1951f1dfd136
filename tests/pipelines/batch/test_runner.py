"""Resume after a kill, incremental re-runs, and suppressions that survive re-runs."""
from __future__ import annotations

from collections import Counter

import pytest

from pipelines.batch import Aborted, MemorySink, config_key, run_batch
from pipelines.batch.crawl import CrawlSource
from pipelines.batch.diff import compare
from pipelines.batch.engines import InlineEngine
from pipelines.batch.fetch import Fetcher
from pipelines.batch.sources import DirSource
from scanner import ScanOptions, Scanner

ERRORS = {"/slow.html", "/loop1", "/missing.html", "/error.html", "/big.txt"}


def crawl(site, sink, options=None, **kw):
    options = options or ScanOptions(ner=False)
    source = CrawlSource(site.url("/"), Fetcher(timeout=0.5, max_bytes=100_000, delay=0), concurrency=3)
    engine = InlineEngine(options)
    try:
        result = run_batch(source, engine, sink, config=config_key(Scanner(options), "website"), **kw)
    finally:
        source.close()
    return result, engine


@pytest.mark.parametrize("stop_after", [1, 4, 9])
def test_resume_finishes_without_scanning_twice(site, stop_after):
    sink = MemorySink()
    with pytest.raises(Aborted):
        crawl(site, sink, stop_after=stop_after)
    assert len(sink.items()) == stop_after and sink.runs[0]["status"] == "aborted"
    first_scans = sum(o.scanned for o in sink.items())
    result, engine = crawl(site, sink, resume=True)
    assert result.run.resumed and len(sink.runs) == 1  # the same run, continued
    names = Counter(o.name for o in sink.items())
    assert all(n == 1 for n in names.values()), names
    assert len(names) == 11  # every page, attachment and failure of the site
    scanned = [o.name for o in sink.items() if o.scanned]
    assert len(scanned) == len(set(scanned)) == 11 - len(ERRORS)
    assert engine.scanned + first_scans == 11 - len(ERRORS)


def test_rerun_skips_unchanged_and_reports_changes(site):
    sink = MemorySink()
    first, _ = crawl(site, sink)
    assert {o.status for o in first.outcomes} == {"new", "error"}
    second, engine = crawl(site, sink)
    assert engine.scanned == 0  # nothing changed: no document scanned again
    assert Counter(o.status for o in second.outcomes) == Counter({"unchanged": 6, "error": 5})
    assert site.not_modified["/files/list.txt"] == 1  # the attachment came back as 304
    # the carried-over report is the old one, verdict included
    by = {o.name: o for o in second.outcomes}
    assert by[site.url("/news/a.html")].verdict == "not_publishable"

    # take the marking off one page, add a page, take one page down
    site.pages["/news/a.html"] = ("text/html", "<!doctype html><html><body><p>关于做好年度工作的通知</p></body></html>")
    site.pages["/new.html"] = ("text/html", "<!doctype html><html><body><p>新栏目</p></body></html>")
    site.pages["/"] = ("text/html", site.pages["/"][1].replace('<a href="/missing.html">', '<a href="/new.html">'))
    del site.pages["/files/plan.html"]
    third, engine = crawl(site, sink)
    by = {o.name[len(site.base):]: o for o in third.outcomes}
    assert by["/news/a.html"].status == "changed" and by["/news/a.html"].verdict == "publish"
    assert by["/new.html"].status == "new"
    assert by["/files/plan.html"].status == "error"
    assert by["/files/list.txt"].status == "unchanged"
    assert engine.scanned == 3  # "/", a.html, new.html
    ch = compare(third.outcomes, third.previous)
    fixed = {(r.name[len(site.base):], r.type) for r in ch.fixed}
    assert fixed == {("/news/a.html", "marking.classified")}
    assert {r.name[len(site.base):] for r in ch.still_open} == {"/files/list.txt"}
    assert ch.new == []


def test_suppressed_findings_stay_suppressed(site, tmp_path):
    site.pages["/news/b.html"] = ("text/html", "<!doctype html><html><body><p>按照上级密电安排，提前做好准备。</p></body></html>")
    sink = MemorySink()
    first, _ = crawl(site, sink)
    b = next(o for o in first.outcomes if o.name.endswith("/news/b.html"))
    assert [f["type"] for f in b.report["findings"]] == ["term.classified_carrier"]
    fp = b.report["findings"][0]["fingerprint"]  # what a reviewer copies from the report into the baseline
    baseline = tmp_path / "baseline.yaml"
    baseline.write_text(f"- {{fingerprint: {fp}, by: 保密员, why: 已核实为公开信息}}\n", encoding="utf-8")
    opts = ScanOptions(ner=False, baselines=[baseline])
    second, engine = crawl(site, sink, options=opts)
    assert engine.scanned == 5  # /, a, b, orphan, list.txt (b no longer links plan.html); a new suppression changes the configuration: everything is rescanned
    ch = compare(second.outcomes, second.previous)
    assert [(r.name, r.fingerprint) for r in ch.suppressed] == [(site.url("/news/b.html"), fp)]
    assert all(r.fingerprint != fp for r in ch.fixed + ch.new + ch.still_open)
    third, engine = crawl(site, sink, options=opts)
    assert engine.scanned == 0
    b3 = next(o for o in third.outcomes if o.name.endswith("/news/b.html"))
    assert b3.status == "unchanged" and b3.verdict == "publish" and b3.report["findings"][0]["suppressed"]["by"] == "保密员"
    ch = compare(third.outcomes, third.previous)
    assert all(r.fingerprint != fp for r in ch.fixed + ch.new + ch.still_open + ch.suppressed)


def test_directory_batch_incremental(tmp_path):
    root = tmp_path / "mirror"
    (root / "news").mkdir(parents=True)
    (root / "news" / "1.txt").write_text("秘密★5年\n会议纪要", encoding="utf-8")
    (root / "2.txt").write_text("区政府召开常务会议。", encoding="utf-8")
    (root / ".hidden").write_text("x", encoding="utf-8")
    sink = MemorySink()
    opts = ScanOptions(ner=False)
    cfg = config_key(Scanner(opts), "website")
    with InlineEngine(opts) as eng:
        r1 = run_batch(DirSource(root), eng, sink, config=cfg)
    assert sorted(o.name for o in r1.outcomes) == [str(root / "2.txt"), str(root / "news" / "1.txt")]
    (root / "2.txt").write_text("区政府召开常务会议。秘密★1年", encoding="utf-8")
    with InlineEngine(opts) as eng:
        r2 = run_batch(DirSource(root), eng, sink, config=cfg)
    assert eng.scanned == 1
    assert {o.name: o.status for o in r2.outcomes} == {str(root / "2.txt"): "changed", str(root / "news" / "1.txt"): "unchanged"}
    assert [r.name for r in compare(r2.outcomes, r2.previous).new] == [str(root / "2.txt")]
