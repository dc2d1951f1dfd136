"""电话号码: mainland mobiles (1[3-9]x + 8 digits) and landlines with an area code.

Mainland numbering makes the area code unambiguous: 010 and 02x are the
only three-digit codes, every other code is 0[3-9]xx, and local numbers
never start with 0 or 1.  So a landline written without a separator can be
split without guessing; it still needs a word like 电话 nearby, because an
unbroken 11-12 digit run starting with 0 is as often a serial number.
"""
from __future__ import annotations

import re

from .base import DASHES, Verdict, is_ascii_digits, masked_shape, near

TYPE = "pii.phone"

MOBILE_LAYOUTS = ((11,), (3, 4, 4))
_MOBILE_HEADS = frozenset(f"1{d}" for d in "3456789")
PREFIXES = ("86", "0086")
PHONE_WORDS = re.compile(r"电话|手机|传真|联系|热线|座机|号码|tel|phone|fax", re.IGNORECASE)
AMOUNT_AFTER = re.compile(r"\s?(?:元|万|亿|%|‰)")
AREA_BEFORE = re.compile(r"\((0\d{2,3})\) ?$")
EXTENSION_AFTER = re.compile(r" ?(?:转|分机|ext\.? ?)\d{1,5}(?![0-9A-Za-z])", re.IGNORECASE)


def is_mobile(digits: str) -> bool:
    return len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789" and is_ascii_digits(digits)


def area_ok(code: str) -> bool:
    if not is_ascii_digits(code) or code[:1] != "0":
        return False
    if len(code) == 3:
        return code == "010" or code[1] == "2"
    return len(code) == 4 and code[1] in "3456789"


def local_ok(number: str) -> bool:
    return 7 <= len(number) <= 8 and number[0] in "23456789" and is_ascii_digits(number)


def split_area(digits: str) -> tuple[str, str]:
    """Where an unbroken landline splits: after 3 digits for 010/02x, after 4 for the rest."""
    n = 3 if digits[:3] == "010" or digits[:2] == "02" else 4
    return digits[:n], digits[n:]


def check(chars: str, lens: tuple[int, ...], text: str, start: int, end: int) -> Verdict | None:
    if AMOUNT_AFTER.match(text, end):
        return None
    v = _mobile(chars, lens, text, start, end)
    return v if v is not None else _landline(chars, lens, text, start, end)


def _mobile(chars: str, lens: tuple[int, ...], text: str, start: int, end: int) -> Verdict | None:
    prefix = ""
    if lens[0] in (2, 4) and len(lens) > 1 and chars[: lens[0]] in PREFIXES:
        prefix, chars, lens = chars[: lens[0]], chars[lens[0] :], lens[1:]
    elif lens == (13,) and chars[:2] == "86":
        prefix, chars, lens = "86", chars[2:], (11,)
    if lens not in MOBILE_LAYOUTS:
        return None
    if is_mobile(chars):
        rule = "pii.phone.mobile"
        masked = False
    elif "*" in chars and chars[:2] in _MOBILE_HEADS and masked_shape(chars, 11, keep=3):
        rule = "pii.phone.mobile_masked"
        masked = True
    else:
        return None
    if prefix and start > 0 and text[start - 1] == "+":
        start -= 1
    return Verdict(TYPE, rule, masked=masked, span=(start, end))


def _landline(chars: str, lens: tuple[int, ...], text: str, start: int, end: int) -> Verdict | None:
    confidence = 1.0
    if len(lens) in (2, 3):
        area, local = chars[: lens[0]], chars[lens[0] : lens[0] + lens[1]]
        # A third group is an extension only when dashed on (010-12345678-801),
        # not a number that happens to follow after a space.
        if len(lens) == 3 and not (1 <= lens[2] <= 5 and text[end - lens[2] - 1] in DASHES):
            return None
    elif len(lens) == 1 and 11 <= lens[0] <= 12 and chars[:1] == "0":
        area, local = split_area(chars)
        if not near(text, start, end, PHONE_WORDS, before=12):
            return None
        confidence = 0.9
    elif len(lens) == 1 and 7 <= lens[0] <= 8:
        m = AREA_BEFORE.search(text, max(0, start - 7), start)
        if m is None:
            return None
        area, local, start = m.group(1), chars, m.start()
    else:
        return None
    if not (area_ok(area) and local_ok(local)):
        return None
    ext = EXTENSION_AFTER.match(text, end)
    if ext is not None:
        end = ext.end()
    return Verdict(TYPE, "pii.phone.landline", confidence=confidence, span=(start, end))
