"""机动车号牌: province abbreviation + issuing-office letter + 5 characters (6 for new energy).

The pattern starts at one of 31 province characters, so the regex engine
skips everything else at C speed.  The tail is checked afterwards rather
than in the pattern, which keeps the pattern readable: at least three
digits on an ordinary plate (so 新ABCDE is a word, not a plate), D or F at
the right end of a new-energy plate, four characters before a 学/警/挂/港/
澳/使/领 suffix.
"""
from __future__ import annotations

import re

from ..model import Hit
from .base import MASK

TYPE = "pii.plate"

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
SUFFIXES = "挂学警港澳领使试超"
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # I and O are not issued
_PLATE = re.compile(
    rf"[{PROVINCES}][ ·\-]?[A-HJ-NP-Z][ ·\-]?([A-HJ-NP-Z0-9{re.escape(MASK)}]{{4,6}})([{SUFFIXES}]?)(?![0-9A-Za-z])"
)
_ALNUM = frozenset("0123456789" + LETTERS)


def tail_kind(tail: str, suffix: str) -> str | None:
    """'plate', 'masked' or None for the characters after the office letter."""
    if MASK in tail:
        first, last = tail.find(MASK), tail.rfind(MASK)
        one_run = tail.count(MASK) == last - first + 1
        rest = tail[:first] + tail[last + 1 :]
        size_ok = len(tail) == (4 if suffix else 5) or (not suffix and len(tail) == 6)
        return "masked" if one_run and size_ok and all(c in _ALNUM for c in rest) else None
    if suffix:
        return "plate" if len(tail) == 4 and sum(c.isdigit() for c in tail) >= 3 else None
    if len(tail) == 5:
        return "plate" if sum(c.isdigit() for c in tail) >= 3 else None
    if len(tail) == 6:
        small = tail[0] in "DF" and tail[2:].isdigit()
        large = tail[:5].isdigit() and tail[5] in "DF"
        return "plate" if small or large else None
    return None


# A plate named as a government vehicle's (公务用车（鲁A40005）) is the body's, not a person's:
# discipline notices publish it on purpose.
OFFICIAL_BEFORE = re.compile(r"(?:公务用车|公务车辆|公务车|公车|执法车|警车|单位车辆|单位用车|机关车辆)[^。\n]{0,6}$")


def find(text: str) -> list[Hit]:
    hits: list[Hit] = []
    for m in _PLATE.finditer(text):
        kind = tail_kind(m.group(1), m.group(2))
        if kind == "plate":
            rule = "pii.plate.new_energy" if len(m.group(1)) == 6 else "pii.plate"
            if OFFICIAL_BEFORE.search(text, max(0, m.start() - 16), m.start()):
                rule = "pii.plate.official"
            hits.append(Hit(m.start(), m.end(), TYPE, rule))
        elif kind == "masked":
            hits.append(Hit(m.start(), m.end(), TYPE, "pii.plate.masked", extra={"masked": True}))
    return hits
