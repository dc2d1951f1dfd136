"""Records that flow through a batch run: items to fetch, work for a scanner, outcomes to keep.

Everything here is a plain, picklable dataclass because work crosses process
and machine boundaries (a local process pool, Dask workers), and outcomes go
to a database: nothing may hold a client, a file handle or a Scanner.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

# what an item is: a crawled page, a file a page links to, a file of a directory tree, a listed URL
KINDS = ("page", "attachment", "file", "url")
# how an outcome relates to the previous run of the same source
STATUSES = ("new", "changed", "unchanged", "error")


@dataclass(frozen=True)
class Item:
    """One page or document to review, before it is fetched or read."""

    name: str  # URL or path: what reports call document.name
    kind: str = "file"
    linked_from: str | None = None  # the page that links to an attachment
    depth: int = 0


@dataclass
class Loaded:
    """What fetching or reading an item gave: bytes, or 'not modified' (data is None)."""

    data: bytes | None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def sha256(self) -> str | None:
        return None if self.data is None else hashlib.sha256(self.data).hexdigest()


@dataclass
class WorkResult:
    """A worker's answer for one document: a report or an error record, and the links it found."""

    name: str
    report: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    links: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    """What a run keeps for one item, whether scanned now or carried over unchanged."""

    name: str
    kind: str
    status: str  # one of STATUSES
    report: dict[str, Any] | None = None
    error: dict[str, Any] | None = None  # {"code", "message"}
    linked_from: str | None = None
    sha256: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    links: list[str] = field(default_factory=list)
    config: str = ""  # scanner configuration the report was made with (see runner.config_key)
    scanned: bool = False  # True when this run scanned it, False when carried over
    ref: str | None = None  # the store's id of the report this outcome shows (carried over: the old one)

    @property
    def verdict(self) -> str | None:
        return self.report.get("verdict") if self.report else None

    def open_fingerprints(self) -> set[str]:
        """Fingerprints of findings still needing attention (suppressed ones excluded)."""
        if not self.report:
            return set()
        return {f["fingerprint"] for f in self.report.get("findings", []) if not f.get("suppressed") and f.get("fingerprint")}

    def line(self) -> dict[str, Any]:
        """The JSON line ``--format json`` prints: the report (plus linked_from) or an error record."""
        if self.report is not None:
            out = dict(self.report)
        else:
            out = {"document": {"name": self.name}, "error": dict(self.error or {"code": "internal", "message": ""})}
        if self.linked_from:
            out["linked_from"] = self.linked_from
        out["change"] = self.status
        return out

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @staticmethod
    def from_json(text: str) -> "Outcome":
        return Outcome(**json.loads(text))


@dataclass
class Run:
    """One batch or crawl run; a resumed run keeps its id so its records stay together."""

    id: str
    kind: str  # "batch" or "crawl"
    source: str  # the directory, list file or start URL
    config: str
    resumed: bool = False
