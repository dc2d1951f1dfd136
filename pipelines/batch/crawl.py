"""A same-site crawl: start page, sitemap.xml, robots.txt, and the attachments pages link to.

Published government sites hide most of their risk in attachments (名单,
通知 with ID numbers, spreadsheets), so links to pdf/docx/xlsx/doc/xls/wps/
txt/html are followed and scanned with the page that links to them.  Only
the start URL's host is crawled; robots.txt is obeyed, including its
Crawl-delay.
"""
from __future__ import annotations

import posixpath
from urllib import robotparser
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml import etree

from scanner import BaomiError

from .fetch import Fetcher, host_of
from .model import Item, Loaded, Outcome
from .sources import Source

ATTACHMENT_EXTS = {".pdf", ".docx", ".xlsx", ".doc", ".xls", ".wps", ".txt", ".et", ".csv"}
# Pictures are documents too (pipelines.ocr): a scanned notice is often posted as a JPEG in the article.
IMAGE_EXTS = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp", ".gif"}
PAGE_EXTS = {"", ".html", ".htm", ".shtml", ".xhtml", ".jsp", ".asp", ".aspx", ".php"}
ROBOT_AGENT = "baomi"
MAX_SITEMAPS = 50


def canonical(url: str) -> str:
    """The name a URL is stored under: no fragment, lower-case scheme and host, '/' for an empty path."""
    s = urlsplit(url.strip())
    path = s.path or "/"
    return urlunsplit((s.scheme.lower(), s.netloc.lower(), path, s.query, ""))


def extension(url: str) -> str:
    return posixpath.splitext(urlsplit(url).path)[1].lower()


def classify(url: str) -> str | None:
    """'page' to crawl, 'attachment' (documents and pictures) to scan without following, None to ignore (scripts ...)."""
    ext = extension(url)
    if ext in ATTACHMENT_EXTS or ext in IMAGE_EXTS:
        return "attachment"
    if ext in PAGE_EXTS or not ext.isascii() or len(ext) > 6:
        return "page"
    return None


def section_of(name: str) -> str:
    """Site section for the summary: first path segment of a URL, first folder of a path."""
    if "://" in name:
        segs = [s for s in urlsplit(name).path.split("/") if s]
        return "/" + segs[0] if len(segs) > 1 else "/"
    return ""


def parse_sitemap(data: bytes) -> tuple[list[str], list[str]]:
    """(page URLs, nested sitemap URLs) of a sitemap or sitemap index; entities are never resolved."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return [], []
    if root is None:
        return [], []
    locs = [el.text.strip() for el in root.iter() if isinstance(el.tag, str) and el.tag.rsplit("}", 1)[-1] == "loc" and el.text]
    if root.tag.rsplit("}", 1)[-1] == "sitemapindex":
        return [], locs
    return locs, []


class CrawlSource(Source):
    kind = "crawl"

    def __init__(self, start: str, fetcher: Fetcher, *, concurrency: int = 4, use_sitemap: bool = True) -> None:
        start = canonical(start)
        if urlsplit(start).scheme not in ("http", "https") or not urlsplit(start).netloc:
            raise BaomiError("usage", "起始网址应为 http(s)://…")
        super().__init__(start)
        self.start = start
        self.host = host_of(start)
        self.fetcher = fetcher
        fetcher.allow = self.allowed
        self.concurrency = concurrency
        self.use_sitemap = use_sitemap
        self.robots = robotparser.RobotFileParser()
        self.robots.allow_all = True
        self.robots_error: dict | None = None

    def origin(self) -> str:
        s = urlsplit(self.start)
        return f"{s.scheme}://{s.netloc}"

    def same_site(self, url: str) -> bool:
        return host_of(url) == self.host and urlsplit(url).scheme in ("http", "https")

    def allowed(self, url: str) -> bool:
        return self.same_site(url) and self.robots.can_fetch(ROBOT_AGENT, url)

    def _skip(self, why: str) -> None:
        self.skipped[why] = self.skipped.get(why, 0) + 1

    # -- robots.txt and sitemaps -------------------------------------------
    def read_robots(self) -> None:
        rp = robotparser.RobotFileParser(self.origin() + "/robots.txt")
        try:
            loaded = self.fetcher.get(self.origin() + "/robots.txt")
        except BaomiError as exc:
            # as urllib does: 401/403 forbid everything, anything else (404, 5xx, timeout) allows everything
            if "HTTP 401" in exc.detail or "HTTP 403" in exc.detail:
                rp.disallow_all = True
            else:
                rp.allow_all = True
            self.robots = rp
            return
        rp.parse((loaded.data or b"").decode("utf-8", errors="replace").splitlines())
        self.robots = rp
        delay = rp.crawl_delay(ROBOT_AGENT)
        if delay:
            self.fetcher.limiter.delay = max(self.fetcher.limiter.delay, float(delay))

    def sitemap_urls(self) -> list[str]:
        queue = list(self.robots.site_maps() or []) or [self.origin() + "/sitemap.xml"]
        seen: set[str] = set()
        pages: list[str] = []
        while queue and len(seen) < MAX_SITEMAPS:
            sm = queue.pop(0)
            if sm in seen or not self.same_site(sm):
                continue
            seen.add(sm)
            try:
                loaded = self.fetcher.get(sm)
            except BaomiError:
                continue  # a missing sitemap is normal; the crawl still follows links
            found, nested = parse_sitemap(loaded.data or b"")
            pages.extend(found)
            queue.extend(nested)
        return pages

    # -- Source ------------------------------------------------------------
    def seeds(self) -> list[Item]:
        self.read_robots()
        out = [Item(self.start, "page")] if self.allowed(self.start) else []
        if not out:
            self._skip("robots")
        if self.use_sitemap:
            for url in self.sitemap_urls():
                item = self._item(url, None)
                if item is not None:
                    out.append(item)
        return out

    def load(self, item: Item, prior: Outcome | None) -> Loaded:
        return self.fetcher.get(item.name, etag=prior.etag if prior else None, last_modified=prior.last_modified if prior else None)

    def follow(self, item: Item, links: list[str]) -> list[Item]:
        if item.kind != "page":
            return []
        out = []
        for href in links:
            if href.lower().startswith(("mailto:", "javascript:", "tel:", "data:", "#")):
                continue
            item2 = self._item(urljoin(item.name, href), item.name, item.depth + 1)
            if item2 is not None:
                out.append(item2)
        return out

    def _item(self, url: str, linked_from: str | None, depth: int = 0) -> Item | None:
        url = canonical(url)
        if not self.same_site(url):
            self._skip("offsite")
            return None
        kind = classify(url)
        if kind is None:
            self._skip("not_document")
            return None
        if not self.robots.can_fetch(ROBOT_AGENT, url):
            self._skip("robots")
            return None
        return Item(url, kind, linked_from if kind == "attachment" else None, depth)

    def close(self) -> None:
        self.fetcher.close()
