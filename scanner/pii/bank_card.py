"""银行卡号: 16-19 digits passing the Luhn check.

Luhn is the gate, but one random run in ten passes it, so the first digit
must also look like a card issuer (UnionPay 62/9, Visa 4, Mastercard 5,
JCB/Amex 3) unless the text just before says it is a card or account number
(an old 1xxx passbook number after 账号 is still a number to hide).
"""
from __future__ import annotations

import re

from .base import Verdict, is_ascii_digits, masked_shape, near

TYPE = "pii.bank_card"

ISSUER_FIRST = frozenset("34569")
CONTEXT = re.compile(r"卡号|账号|帐号|银行卡|开户|储蓄卡|信用卡|收款账户|account", re.IGNORECASE)


def layout_ok(lens: tuple[int, ...]) -> bool:
    """One run of 16-19, or groups of four (the last group may be 1-3 digits)."""
    if len(lens) == 1:
        return 16 <= lens[0] <= 19
    if len(lens) not in (4, 5) or any(n != 4 for n in lens[:4]):
        return False
    return len(lens) == 4 or 1 <= lens[4] <= 3


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = ord(c) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def is_masked(chars: str) -> bool:
    """Masked per :func:`base.masked_shape`, keeping at least the four-digit issuer prefix."""
    return any(masked_shape(chars, n, keep=4) for n in (16, 17, 18, 19)) and chars[0] in ISSUER_FIRST


def check(chars: str, lens: tuple[int, ...], text: str, start: int, end: int) -> Verdict | None:
    if not layout_ok(lens):
        return None
    if "*" in chars:
        return Verdict(TYPE, "pii.bank_card.masked", masked=True) if is_masked(chars) else None
    if not is_ascii_digits(chars) or not luhn_ok(chars):
        return None
    if chars[0] in ISSUER_FIRST:
        return Verdict(TYPE, "pii.bank_card.luhn")
    if near(text, start, end, CONTEXT, before=12):
        return Verdict(TYPE, "pii.bank_card.luhn_context", confidence=0.8)
    return None
