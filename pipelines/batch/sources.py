"""Where a batch's items come from: a directory tree of saved pages, or a list of URLs.

A source names its items, loads one item's bytes (on a loader thread) and,
for a crawl, turns a page's links into more items.  The site crawl itself is
in ``crawl.py``.
"""
from __future__ import annotations

from pathlib import Path

import pipelines
from scanner import BaomiError

from .fetch import Fetcher
from .model import Item, Loaded, Outcome


class Source:
    kind = "batch"  # run kind stored with the results: "batch" or "crawl"
    concurrency = 4  # loader threads
    skipped: dict[str, int]

    def __init__(self, name: str) -> None:
        self.name = name
        self.skipped = {}

    def seeds(self) -> list[Item]:
        raise NotImplementedError

    def load(self, item: Item, prior: Outcome | None) -> Loaded:
        """Bytes of the item; ``Loaded(None)`` when the server says it has not changed."""
        raise NotImplementedError

    def follow(self, item: Item, links: list[str]) -> list[Item]:
        return []

    def close(self) -> None:
        pass


class DirSource(Source):
    """Files under a directory (or one file), in a stable order, hidden files skipped."""

    def __init__(self, root: str | Path, *, max_bytes: int = pipelines.DEFAULT_MAX_BYTES) -> None:
        super().__init__(str(Path(root).resolve()))
        self.root = Path(root)
        self.max_bytes = max_bytes

    def seeds(self) -> list[Item]:
        if self.root.is_file():
            return [Item(str(self.root), "file")]
        if not self.root.is_dir():
            raise BaomiError("not_found", name=str(self.root))
        files = sorted(p for p in self.root.rglob("*") if p.is_file() and not any(s.startswith(".") for s in p.relative_to(self.root).parts))
        if not files:
            raise BaomiError("usage", "目录中没有可审查的文件（隐藏文件不审查）", name=str(self.root))
        return [Item(str(p), "file") for p in files]

    def load(self, item: Item, prior: Outcome | None) -> Loaded:
        # regular files only, read with a cap: a FIFO or a device among the files must not stall the batch
        return Loaded(pipelines.read_file(item.name, max_bytes=self.max_bytes))


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def read_url_list(path: Path) -> list[str]:
    """URLs one per line; blank lines and ``#`` comments ignored; anything else is a usage error."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        raise BaomiError("usage", "网址列表应为 UTF-8 文本，每行一个网址", name=str(path)) from None
    urls: list[str] = []
    for i, line in enumerate(lines, 1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        if not is_url(s):
            raise BaomiError("usage", f"第 {i} 行不是 http(s) 网址", name=str(path))
        urls.append(s.split("#", 1)[0])
    return list(dict.fromkeys(urls))


def looks_like_url_list(path: Path) -> bool:
    if not path.is_file() or path.stat().st_size > 20 * 1024 * 1024:
        return False
    try:
        with path.open("r", encoding="utf-8-sig") as fh:
            for line in fh:
                s = line.strip()
                if s and not s.startswith("#"):
                    return is_url(s)
    except (OSError, UnicodeDecodeError):
        return False
    return False


class UrlListSource(Source):
    """Each listed URL fetched and scanned once; links are not followed."""

    def __init__(self, path: str | Path, fetcher: Fetcher, *, concurrency: int = 4) -> None:
        super().__init__(str(Path(path).resolve()))
        self.path = Path(path)
        self.fetcher = fetcher
        self.concurrency = concurrency

    def seeds(self) -> list[Item]:
        return [Item(u, "url") for u in read_url_list(self.path)]

    def load(self, item: Item, prior: Outcome | None) -> Loaded:
        return self.fetcher.get(item.name, etag=prior.etag if prior else None, last_modified=prior.last_modified if prior else None)

    def close(self) -> None:
        self.fetcher.close()
