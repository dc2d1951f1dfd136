"""护照号码: ordinary passports E/G + 8 digits, the newer E + letter + 7 digits, P + 7.

Only E/G + 8 digits is distinctive enough on its own.  A letter followed by
seven digits is also a part number, a model or a file code, so those
shapes count only when a word like 护照 stands just before them.
"""
from __future__ import annotations

import re

from .base import Verdict, is_ascii_digits, masked_shape, near

TYPE = "pii.passport"

CONTEXT = re.compile(r"护照|证件号|旅行证|passport", re.IGNORECASE)
LETTERS = frozenset("ABCDEFGHJKLMNPQRSTUVWXYZ")  # no I or O, as in the issued series


def check(chars: str, lens: tuple[int, ...], text: str, start: int, end: int) -> Verdict | None:
    if lens != (9,) and lens != (8,):
        return None
    head = chars[0]
    if len(chars) == 9 and head in "EG" and is_ascii_digits(chars[1:]):
        return Verdict(TYPE, "pii.passport.eg8", confidence=0.9)
    weak = (
        len(chars) == 9 and head == "E" and chars[1] in LETTERS and is_ascii_digits(chars[2:])
    ) or (len(chars) == 8 and head == "P" and is_ascii_digits(chars[1:]))
    if weak and near(text, start, end, CONTEXT, before=20):
        return Verdict(TYPE, "pii.passport.context")
    if (
        len(chars) == 9 and head in "EG" and "*" in chars
        and masked_shape(chars[1:], 8, keep=1) and near(text, start, end, CONTEXT, before=20)
    ):
        return Verdict(TYPE, "pii.passport.masked", masked=True)
    return None
