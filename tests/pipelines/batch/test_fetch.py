"""Per-host rate limit (with a fake clock) and the fetcher's answers for each kind of response."""
from __future__ import annotations

import pytest

from pipelines.batch.fetch import Fetcher, RateLimiter
from scanner import BaomiError


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self):
        return self.now

    def sleep(self, s):
        self.slept.append(s)
        self.now += s


@pytest.mark.parametrize("delay, hosts, waits", [
    (1.0, ["a", "a", "a"], [0.0, 1.0, 2.0]),  # three requests at t=0 to one host start 1 s apart
    (1.0, ["a", "b", "a"], [0.0, 0.0, 1.0]),  # another host is not held back
    (0.0, ["a", "a"], [0.0, 0.0]),
])
def test_rate_limiter_slots(delay, hosts, waits):
    clock = FakeClock()
    lim = RateLimiter(delay, clock=clock, sleep=clock.sleep)
    assert [lim.slot(h) for h in hosts] == waits


def test_rate_limiter_wait_sleeps_until_slot():
    clock = FakeClock()
    lim = RateLimiter(0.5, clock=clock, sleep=clock.sleep)
    lim.wait("a")
    lim.wait("a")
    clock.now += 2.0  # long after: no wait
    lim.wait("a")
    assert clock.slept == [0.5]


@pytest.mark.parametrize("path, code, words", [
    ("/missing.html", "fetch", "404"),
    ("/error.html", "fetch", "500"),
    ("/loop1", "fetch", "重定向循环"),
    ("/slow.html", "timeout", "0.5"),
    ("/big.txt", "too_large", "上限"),
])
def test_fetch_failures_are_coded(site, path, code, words):
    f = Fetcher(timeout=0.5, max_bytes=100_000, delay=0)
    with pytest.raises(BaomiError) as ei:
        f.get(site.url(path))
    assert ei.value.code == code and words in ei.value.message
    assert ei.value.name == site.url(path)


def test_fetch_conditional_get(site):
    f = Fetcher(timeout=2, delay=0)
    first = f.get(site.url("/news/b.html"))
    assert first.data and first.etag
    again = f.get(site.url("/news/b.html"), etag=first.etag)
    assert again.data is None and site.not_modified["/news/b.html"] == 1
    site.pages["/news/b.html"] = ("text/html", "<html><body>改过了</body></html>")
    changed = f.get(site.url("/news/b.html"), etag=first.etag)
    assert changed.data == "<html><body>改过了</body></html>".encode()


def test_fetch_refuses_redirect_off_site(site):
    f = Fetcher(timeout=2, delay=0, allow=lambda url: "/loop2" not in url)
    with pytest.raises(BaomiError) as ei:
        f.get(site.url("/loop1"))
    assert "本站以外" in ei.value.message
