"""What changed since the last run: pages new/changed/unchanged, findings new/fixed/still open.

Findings are matched by fingerprint (type + normalised text), so an edit
elsewhere on a page does not make an old problem look new.  A finding a
reviewer suppressed (baseline/allowlist) is neither open nor fixed: it is
counted apart so the numbers still add up.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .model import Outcome


@dataclass(frozen=True)
class FindingRef:
    name: str
    fingerprint: str
    type: str


@dataclass
class Changes:
    pages: dict[str, int] = field(default_factory=dict)  # status -> count
    new: list[FindingRef] = field(default_factory=list)
    fixed: list[FindingRef] = field(default_factory=list)
    still_open: list[FindingRef] = field(default_factory=list)
    suppressed: list[FindingRef] = field(default_factory=list)  # open last time, suppressed now

    def counts(self) -> dict[str, int]:
        return {"new": len(self.new), "fixed": len(self.fixed), "still_open": len(self.still_open), "suppressed": len(self.suppressed)}

    def to_dict(self) -> dict:
        return {"pages": dict(self.pages), "findings": self.counts()}


def _types(o: Outcome | None) -> dict[str, str]:
    if o is None or not o.report:
        return {}
    return {f["fingerprint"]: f["type"] for f in o.report.get("findings", []) if f.get("fingerprint")}


def _suppressed(o: Outcome) -> set[str]:
    if not o.report:
        return set()
    return {f["fingerprint"] for f in o.report.get("findings", []) if f.get("suppressed") and f.get("fingerprint")}


def gone(error: dict) -> bool:
    """A 404/410 means the page was taken down: its findings are fixed."""
    msg = str(error.get("message", ""))
    return error.get("code") == "fetch" and ("HTTP 404" in msg or "HTTP 410" in msg)


def compare(current: list[Outcome], previous: dict[str, Outcome]) -> Changes:
    ch = Changes(pages=dict(Counter(o.status for o in current)))
    for o in current:
        before = previous.get(o.name)
        now_open = o.open_fingerprints()
        was_open = before.open_fingerprints() if before else set()
        types = {**_types(before), **_types(o)}
        sup = _suppressed(o)
        for fp in sorted(now_open - was_open):
            ch.new.append(FindingRef(o.name, fp, types[fp]))
        for fp in sorted(now_open & was_open):
            ch.still_open.append(FindingRef(o.name, fp, types[fp]))
        if o.error and not gone(o.error):
            continue  # a page that failed to load this time (timeout, 500) is not known to be fixed
        for fp in sorted(was_open - now_open):
            (ch.suppressed if fp in sup else ch.fixed).append(FindingRef(o.name, fp, types[fp]))
    return ch
