"""护照号码: E/G + 8 digits alone; the weaker shapes only next to a passport word."""
from __future__ import annotations

import pytest

from scanner.pii import find_pii


def passports(text):
    return [(text[h.start:h.end], h.rule, h.extra) for h in find_pii(text) if h.type == "pii.passport"]


@pytest.mark.parametrize("text,found,rule", [
    ("护照号码E12345678", "E12345678", "pii.passport.eg8"),
    ("持G87654321号旧版护照", "G87654321", "pii.passport.eg8"),
    ("护照号码：EA1234567", "EA1234567", "pii.passport.context"),
    ("护照（公务）号码 P1234567", "P1234567", "pii.passport.context"),
    ("Passport No. EB7654321", "EB7654321", "pii.passport.context"),
])
def test_found(text, found, rule):
    assert passports(text) == [(found, rule, {})]


@pytest.mark.parametrize("text", [
    "型号EA1234567",              # weak shape, no passport word
    "零件P1234567",
    "护照号码EI1234567",           # I is not used in the series
    "编号XE12345678",              # glued to a letter
    "E123456789",                  # nine digits
    "护照号码F12345678",           # no F series
])
def test_not_found(text):
    assert passports(text) == []


def test_masked_needs_the_word():
    assert passports("护照号码E1234****") == [("E1234****", "pii.passport.masked", {"masked": True})]
    assert passports("编号E1234****") == []
