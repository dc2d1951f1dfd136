"""Polite, bounded HTTP fetching for crawls and URL lists.

Every way a page can fail (timeout, 404, 500, too large, redirect loop)
becomes a :class:`BaomiError` with a code, so a crawl records it and goes
on.  Bodies are streamed and cut off at ``max_bytes``: a site can serve a
multi-gigabyte file behind an innocent link.  Redirects are followed by hand
to detect loops and to refuse leaving the site.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

import httpx

import pipelines
from scanner import BaomiError, __version__

from .model import Loaded

USER_AGENT = f"baomi/{__version__} (pre-publication review crawler)"
MAX_REDIRECTS = 10


class RateLimiter:
    """At most one request start per ``delay`` seconds per host, across threads."""

    def __init__(self, delay: float, *, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> None:
        self.delay = max(0.0, delay)
        self.clock, self.sleep = clock, sleep
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def slot(self, host: str) -> float:
        """Reserve the next start time for host and return how long to wait for it."""
        with self._lock:
            now = self.clock()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self.delay
            return start - now

    def wait(self, host: str) -> None:
        pause = self.slot(host)
        if pause > 0:
            self.sleep(pause)


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


class Fetcher:
    """One shared HTTP client; thread-safe; ``get`` raises BaomiError for every failure."""

    def __init__(
        self,
        *,
        timeout: float = 20.0,
        max_bytes: int = pipelines.DEFAULT_MAX_BYTES,
        delay: float = 0.5,
        allow: Callable[[str], bool] | None = None,
        transport: httpx.BaseTransport | None = None,
        user_agent: str = USER_AGENT,
    ) -> None:
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.allow = allow
        self.limiter = RateLimiter(delay)
        self.client = httpx.Client(
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            headers={"User-Agent": user_agent},
            transport=transport,
            trust_env=False,  # a review crawl goes where it is told, not through a proxy from the environment
        )

    def close(self) -> None:
        self.client.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Loaded:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen = [url]
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            self.limiter.wait(host_of(current))
            nxt, loaded = self._once(current, headers)
            if loaded is not None:
                return loaded
            assert nxt is not None
            if nxt in seen:
                raise BaomiError("fetch", "重定向循环", name=url)
            if self.allow is not None and not self.allow(nxt):
                raise BaomiError("fetch", "重定向到本站以外或 robots.txt 禁止的地址，未抓取", name=url)
            seen.append(nxt)
            current = nxt
        raise BaomiError("fetch", f"重定向超过 {MAX_REDIRECTS} 次", name=url)

    def _once(self, url: str, headers: dict[str, str]) -> tuple[str | None, Loaded | None]:
        try:
            with self.client.stream("GET", url, headers=headers) as r:
                if r.status_code == 304:
                    return None, Loaded(None, r.headers.get("etag"), r.headers.get("last-modified"))
                if r.status_code in (301, 302, 303, 307, 308):
                    loc = r.headers.get("location")
                    if not loc:
                        raise BaomiError("fetch", f"HTTP {r.status_code} 重定向缺少目标地址", name=url)
                    return urljoin(url, loc).split("#", 1)[0], None
                if r.status_code >= 400:
                    raise BaomiError("fetch", _status_text(r.status_code), name=url)
                if r.status_code != 200:
                    raise BaomiError("fetch", f"HTTP {r.status_code}，未抓取", name=url)
                length = r.headers.get("content-length", "")
                if length.isdigit() and int(length) > self.max_bytes:
                    raise BaomiError("too_large", _mb(int(length), self.max_bytes), name=url)
                buf = bytearray()
                for chunk in r.iter_bytes():
                    buf += chunk
                    if len(buf) > self.max_bytes:
                        raise BaomiError("too_large", f"超过上限 {self.max_bytes // 1024} KB，已停止下载", name=url)
                return None, Loaded(bytes(buf), r.headers.get("etag"), r.headers.get("last-modified"))
        except httpx.TimeoutException:
            raise BaomiError("timeout", f"下载超过 {self.timeout:g} 秒未完成", name=url) from None
        except httpx.HTTPError as exc:
            raise BaomiError("fetch", f"网络错误（{type(exc).__name__}）", name=url) from None


def _status_text(code: int) -> str:
    what = {404: "页面不存在", 403: "禁止访问", 401: "需要登录", 410: "页面已删除", 500: "服务器内部错误", 502: "网关错误", 503: "服务暂不可用"}
    return f"HTTP {code}" + (f" {what[code]}" if code in what else "")


def _mb(size: int, limit: int) -> str:
    return f"{size // 1024} KB，上限 {limit // 1024} KB"
