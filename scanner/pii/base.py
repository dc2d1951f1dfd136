"""What the validators share: their answer, the masking rule and context look-ups.

Validators are small pure functions over the characters of one candidate.
They answer with a :class:`Verdict` (or ``None``), never with a ``Hit``:
where the candidate starts and ends is the token pass's business, and a
validator that only sees characters can be tested with bare strings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MASK = "*"
# The ASCII hyphen and the Unicode dashes people type between digit groups
# (0951—5012345); NFKC leaves them as they are.
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015"


@dataclass(frozen=True)
class Verdict:
    type: str
    rule: str
    masked: bool = False
    confidence: float = 1.0
    # Absolute span when the value reaches past its digit groups: +86, (010), 转801.
    span: tuple[int, int] | None = None


def masked_shape(chars: str, length: int, keep: int, tail: str = "0123456789") -> bool:
    """The one masking rule every type uses.

    A published, already-masked value has the type's full length, exactly
    one run of ``*`` standing for the hidden characters, and its first
    ``keep`` characters visible (they are what tells the type apart: the
    region code of an ID, the 1[3-9]x of a mobile, the BIN of a card).
    Everything visible must be a character the type allows; ``tail`` adds
    the characters allowed only in the last place (the X of an ID).
    Requiring the leading characters keeps a bare row of stars, or a
    number masked beyond recognition, from being guessed at.
    """
    if len(chars) != length:
        return False
    first = chars.find(MASK)
    if first < keep:
        return False
    last = chars.rfind(MASK)
    if chars.count(MASK) != last - first + 1:
        return False
    visible = chars[:first] + chars[last + 1 :]
    if not visible:
        return False
    body, end = (visible[:-1], visible[-1]) if last < length - 1 else (visible, "")
    return is_ascii_digits(body) and (not end or end in tail)


def near(text: str, start: int, end: int, pattern: re.Pattern[str], before: int = 16, after: int = 0) -> bool:
    """Whether ``pattern`` occurs just before (or after) a candidate: 护照 before a P1234567."""
    if pattern.search(text, max(0, start - before), start):
        return True
    return bool(after) and bool(pattern.search(text, end, min(len(text), end + after)))


def is_ascii_digits(s: str) -> bool:
    """``str.isdigit`` accepts ² and ① as digits; a checksum needs 0-9 only."""
    return s.isascii() and s.isdigit()
