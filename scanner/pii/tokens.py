"""The one pass over letter-and-digit runs that feeds the number validators.

Speed comes from doing the scanning in C: a single regex finds maximal runs
of ``[0-9A-Za-z_*]`` joined by single spaces or dashes (``138 1234 5678``,
``6222-0212-…``); everything shorter than the shortest value is dropped
before Python looks at it.  Each remaining run is cut into its groups and
windows of consecutive groups (five down to one) are offered to the
validators, longest first, so ``86 138 1234 5678`` is one phone and
``6222 0212 3456 7890`` one card.

Because a run is maximal, a value glued to other letters or digits
(``ID110101…``, a 20-digit order number, ``art_1234…``) never forms a
window on its own: that is the ``(?<![0-9A-Za-z])…(?![0-9A-Za-z])`` rule
without a lookaround tried at every position.
"""
from __future__ import annotations

import re

from ..model import Hit
from . import bank_card, credit_code, id_number, passport, phone
from .base import DASHES, Verdict

MIN_CHARS = 7  # a local landline after "(010)"
MAX_CHARS = 19  # a 19-digit card; 0086 + mobile is 15
MAX_GROUPS = 5  # 4-4-4-4-3

# Group separators: a space or one of :data:`base.DASHES`.
_SEPS = " " + re.escape(DASHES)
_TOKEN = re.compile(rf"[0-9A-Za-z_*]+(?:[{_SEPS}][0-9A-Za-z_*]+)*")
_GROUP = re.compile(rf"[^{_SEPS}]+")
_SEP = re.compile(rf"[{_SEPS}]")


def find(text: str) -> list[Hit]:
    hits: list[Hit] = []
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        if end - start < MIN_CHARS:
            continue
        tok = m.group()
        if _SEP.search(tok) is None:
            if end - start <= MAX_CHARS:
                _offer(text, [tok], [(start, end)], hits)
            continue
        groups, spans = [], []
        for g in _GROUP.finditer(tok):
            groups.append(g.group())
            spans.append((start + g.start(), start + g.end()))
        _offer(text, groups, spans, hits)
    return hits


def _offer(text: str, groups: list[str], spans: list[tuple[int, int]], hits: list[Hit]) -> None:
    n = len(groups)
    i = 0
    while i < n:
        taken = 0
        for k in range(min(MAX_GROUPS, n - i), 0, -1):
            size = sum(len(g) for g in groups[i : i + k])
            if size < MIN_CHARS or size > MAX_CHARS:
                continue
            start, end = spans[i][0], spans[i + k - 1][1]
            if _decimal_edge(text, start, end):
                continue
            lens = tuple(len(g) for g in groups[i : i + k])
            v = judge("".join(groups[i : i + k]), lens, text, start, end)
            if v is not None:
                s, e = v.span or (start, end)
                hits.append(Hit(s, e, v.type, v.rule, extra={"masked": True} if v.masked else {}, confidence=v.confidence))
                taken = k
                break
        i += taken or 1


def judge(chars: str, lens: tuple[int, ...], text: str, start: int, end: int) -> Verdict | None:
    """The validators in order of precedence for one window: an ID beats a card with the same digits."""
    return (
        id_number.check(chars, lens)
        or credit_code.check(chars, lens)
        or bank_card.check(chars, lens, text, start, end)
        or phone.check(chars, lens, text, start, end)
        or passport.check(chars, lens, text, start, end)
    )


def _decimal_edge(text: str, start: int, end: int) -> bool:
    """Digits after or before a decimal point belong to a number like 3.14159…, not to a value."""
    if start >= 2 and text[start - 1] == "." and text[start - 2].isdigit():
        return True
    return end + 1 < len(text) and text[end] == "." and text[end + 1].isdigit()
