"""居民身份证号码 (GB 11643): 18 characters with a check character, or the legacy 15 digits.

A digit run is only an ID when every structural fact agrees: a real
province-level region, a birth date that exists, and (for 18 characters) the
ISO 7064 MOD 11-2 check character.  The checksum alone lets one random
18-digit number in eleven through; region and date cut that to about one in
a thousand, which is what keeps order numbers and bank references out.
"""
from __future__ import annotations

from datetime import date

from .base import Verdict, is_ascii_digits, masked_shape

TYPE = "pii.id_number"

# The 34 province-level codes of GB/T 2260 (first two digits of a region code).
PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)

# Weight of position i is 2**(17-i) mod 11 (ISO 7064 MOD 11-2).
WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
CHECK_CHARS = "10X98765432"  # index: weighted sum mod 11

# Births after the day the scanner started cannot be on an issued ID.  Fixed
# per process so one run gives one answer however long it takes.
TODAY = date.today()

# Group lengths the number may be written in: as one run, or 6-8-4 (region,
# birth date, sequence) as some forms print it.
LAYOUT_18 = ((18,), (6, 8, 4), (6, 4, 4, 4))
LAYOUT_15 = ((15,), (6, 6, 3))


def check_char(first17: str) -> str:
    return CHECK_CHARS[sum(int(c) * w for c, w in zip(first17, WEIGHTS)) % 11]


def valid_date(year: int, month: int, day: int) -> bool:
    if year < 1900:
        return False
    try:
        born = date(year, month, day)
    except ValueError:
        return False
    return born <= TODAY


def is_id18(s: str) -> bool:
    if len(s) != 18 or not is_ascii_digits(s[:17]) or s[:2] not in PROVINCES:
        return False
    if not valid_date(int(s[6:10]), int(s[10:12]), int(s[12:14])):
        return False
    return s[17].upper() == check_char(s[:17])


def is_id15(s: str) -> bool:
    """Legacy numbers (issued until 1999) have no check digit; the 19YYMMDD date must exist."""
    if len(s) != 15 or not is_ascii_digits(s) or s[:2] not in PROVINCES:
        return False
    return valid_date(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12]))


def is_masked18(s: str) -> bool:
    """Masked per :func:`base.masked_shape`, with the visible region real and visible date fields possible."""
    if not masked_shape(s, 18, keep=2, tail="0123456789Xx") or s[:2] not in PROVINCES:
        return False
    year, month, day = s[6:10], s[10:12], s[12:14]
    if is_ascii_digits(year) and not 1900 <= int(year) <= TODAY.year:
        return False
    if is_ascii_digits(month) and not 1 <= int(month) <= 12:
        return False
    if is_ascii_digits(day) and not 1 <= int(day) <= 31:
        return False
    return True


def check(chars: str, lens: tuple[int, ...]) -> Verdict | None:
    if lens in LAYOUT_18:
        if is_id18(chars):
            return Verdict(TYPE, "pii.id_number.gb11643")
        if "*" in chars and is_masked18(chars):
            return Verdict(TYPE, "pii.id_number.masked", masked=True)
    elif lens in LAYOUT_15 and is_id15(chars):
        return Verdict(TYPE, "pii.id_number.legacy15", confidence=0.9)
    return None
