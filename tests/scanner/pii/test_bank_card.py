"""银行卡号: Luhn gate, issuer-like first digit or context, grouping, masked, ID precedence."""
from __future__ import annotations

import pytest

from scanner.pii import find_pii
from scanner.pii.bank_card import is_masked, layout_ok, luhn_ok

# Hand-computed Luhn check digits (double every second digit from the right of
# the payload, subtract 9 above 9, check = (10 - sum mod 10) mod 10):
#   622202123456789  -> 9+8+5+6+1+4+6+2+2+2+0+2+4+2+3 = 56 -> 4
#   621700123456789012 -> 4+1+0+9+7+7+3+5+8+3+4+1+0+0+5+1+4+6 = 68 -> 2
#   123456789012345  -> 1+4+6+2+2+0+9+8+5+6+1+4+6+2+2 = 58 -> 2
CARD16 = "6222021234567894"
CARD19 = "6217001234567890122"
PLAIN16 = "1234567890123452"


@pytest.mark.parametrize("digits,ok", [
    (CARD16, True), (CARD19, True), (PLAIN16, True),
    ("6222021234567895", False), ("6217001234567890123", False),
])
def test_luhn(digits, ok):
    assert luhn_ok(digits) is ok


@pytest.mark.parametrize("lens,ok", [
    ((16,), True), ((19,), True), ((15,), False), ((20,), False),
    ((4, 4, 4, 4), True), ((4, 4, 4, 4, 3), True), ((4, 4, 4, 4, 4), False), ((4, 4, 8), False),
])
def test_layouts(lens, ok):
    assert layout_ok(lens) is ok


@pytest.mark.parametrize("text,found", [
    (f"收款卡号：{CARD16}。", CARD16),
    (f"开户行：某银行，账号 {CARD19}", CARD19),
    ("卡号6222 0212 3456 7894，", "6222 0212 3456 7894"),
    ("卡号6217-0012-3456-7890-122", "6217-0012-3456-7890-122"),
    (f"存折账号：{PLAIN16}", PLAIN16),  # starts with 1, but 账号 says what it is
])
def test_found(text, found):
    hits = find_pii(text)
    assert [(h.type, text[h.start:h.end]) for h in hits] == [("pii.bank_card", found)]


@pytest.mark.parametrize("text", [
    "卡号6222021234567895",           # fails Luhn
    f"流水号{PLAIN16}",                # Luhn valid but not issuer-like, no card word
    f"交易编号{CARD16}7",              # inside a longer run
    "证书编号2023 2024 2025 2026",     # years in groups of four
    f"详见 http://www.example.gov.cn/art_{CARD16}.html",
])
def test_not_found(text):
    assert [h for h in find_pii(text) if h.type == "pii.bank_card"] == []


def test_valid_id_is_not_a_card():
    # 440304198812120148 is a valid ID (sum 229-6+12 = 235, r=4 -> "8") and also
    # passes Luhn (8+8+1+0+2+2+2+2+8+7+9+2+4+0+3+0+4+8 = 70): one finding, as an ID.
    number = "440304198812120148"
    assert luhn_ok(number)
    assert [h.type for h in find_pii(f"号码{number}")] == ["pii.id_number"]


@pytest.mark.parametrize("chars,ok", [
    ("6222********1234", True),
    ("622202*********1234", True),
    ("62**************34", False),  # issuer prefix hidden
    ("6222****1234****", False),   # two runs
    ("1234********5678", False),   # not an issuer prefix
])
def test_masked(chars, ok):
    assert is_masked(chars) is ok


def test_masked_grouped_in_text():
    text = "退款至6222 **** **** 1234账户"
    hits = find_pii(text)
    assert [(text[h.start:h.end], h.type, h.extra) for h in hits] == [
        ("6222 **** **** 1234", "pii.bank_card", {"masked": True})
    ]
