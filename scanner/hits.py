"""Pure operations on detector hits: ordering and de-duplication, offset moves, the default action.

Detectors over one part overlap (a phone inside an ID number, a control mark
inside the lexicon term that names it); the scanner keeps one hit per
statement before it makes findings.
"""
from __future__ import annotations

from dataclasses import replace

from .contexts import around
from .model import SEVERITY_RANK, Hit
from .normalize import NormText


def remap(hits: list[Hit], src: NormText, dst: NormText) -> list[Hit]:
    """Hits with offsets in ``src``'s text moved to ``dst``'s text of the same original."""
    if src is dst:
        return hits
    out = []
    for h in hits:
        s, e = src.orig_span(h.start, h.end)
        a, b = dst.norm(s), dst.norm(e)
        if a < b:
            out.append(replace(h, start=a, end=b))
    return out


def clause(text: str, start: int, end: int) -> str:
    """The normalised clause a match stands in, without spaces: stable under edits elsewhere."""
    lo, hi = around(text, start, end, 60, "。！？；!?;\n")
    return "".join(text[lo:hi].split())


def default_action(type_: str) -> str:
    if type_.startswith("marking."):
        return "remove"
    if type_.startswith("pii."):
        return "redact"
    return "confirm"


# A control mark found by the marking rules and the disclosure-control term of the lexicon that spans the same
# words (（此件不上网）, 暂不对外公布) are one statement: the term, which names it exactly, is kept.
_CONTROL_MARKS = frozenset({"marking.restricted", "marking.withheld"})


def _same_statement(o: Hit, h: Hit) -> bool:
    return (h.type in _CONTROL_MARKS and o.type == "term.disclosure_control"
            and o.start <= h.start and h.end <= o.end)


def dedupe(hits: list[Hit]) -> list[Hit]:
    """Drop a hit nested inside a stronger hit of another kind (a phone number inside an ID number), and a
    control mark that repeats a disclosure-control term."""
    if len(hits) < 2:
        return sorted(hits, key=lambda h: (h.start, h.end))
    hits = sorted(hits, key=lambda h: (h.start, -(h.end - h.start), SEVERITY_RANK.get(h.severity or "medium", 2)))
    out: list[Hit] = []
    for h in hits:
        if any(
            o.start <= h.start and h.end <= o.end and (o.start, o.end) != (h.start, h.end)
            and o.type.startswith("pii.") and h.type.startswith("pii.")
            for o in out[-8:]
        ):
            continue
        if any((o.start, o.end, o.type, o.rule) == (h.start, h.end, h.type, h.rule) for o in out[-8:]):
            continue
        if any(_same_statement(o, h) for o in out[-8:]):
            continue
        if out and _same_statement(h, out[-1]):
            out[-1] = h  # the mark came first on the same span: the term takes its place
            continue
        out.append(h)
    return out
