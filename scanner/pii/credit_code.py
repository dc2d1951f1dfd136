"""统一社会信用代码 (GB 32100): 18 characters with a check character.

Reported at ``info`` severity: it is an organisation's public registration,
worth a glance only because a 个体工商户 code points at one person.  The
structure (registering authority, six-digit region, checksum over a
31-character alphabet) is checked in full so that order numbers do not
turn into registrations.
"""
from __future__ import annotations

from .base import Verdict, is_ascii_digits
from .id_number import PROVINCES

TYPE = "pii.credit_code"

# GB 32100 alphabet: digits and capitals without I, O, S, V, Z.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUE = {c: i for i, c in enumerate(ALPHABET)}
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
# Registering authorities: 1-9 ministries/bureaus, A military, N agriculture, Y other.
AUTHORITIES = frozenset("123456789ANY")
# Region codes are GB/T 2260 province codes, plus 10 for central-level bodies.
REGIONS = PROVINCES | {"10"}


def check_char(first17: str) -> str:
    total = sum(VALUE[c] * w for c, w in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def is_credit_code(s: str) -> bool:
    if len(s) != 18 or s[0] not in AUTHORITIES or s[1] not in "123456789":
        return False
    if not is_ascii_digits(s[2:8]) or s[2:4] not in REGIONS:
        return False
    if any(c not in VALUE for c in s[8:]):
        return False
    return check_char(s[:17]) == s[17]


def check(chars: str, lens: tuple[int, ...]) -> Verdict | None:
    if lens == (18,) and is_credit_code(chars):
        return Verdict(TYPE, "pii.credit_code.gb32100")
    return None
