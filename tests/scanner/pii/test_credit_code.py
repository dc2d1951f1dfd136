"""统一社会信用代码: GB 32100 check character, structure, peer vectors, info severity."""
from __future__ import annotations

import json

import pytest

from scanner.pii import find_pii
from scanner.pii.credit_code import check_char, is_credit_code

# Hand-computed: 91320102MA1W2B3C4 with weights 3**i mod 31
#   = 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28 and values M=21 A=10 W=28 B=11 C=12:
#   9+3+27+54+0+26+0+34+420+290+25+364+16+264+30+360+112 = 2034; 2034 mod 31 = 19;
#   (31-19) mod 31 = 12 -> "C".
MINE = "91320102MA1W2B3C4C"


def test_hand_computed_check_char():
    assert check_char(MINE[:17]) == "C"
    assert is_credit_code(MINE)


@pytest.mark.parametrize("code", [
    "91320102MA1W2B3C4D",  # wrong check character
    "91320102MA1W2B3C4",   # 17 characters
    "91320102MA1W2B3I4C",  # I is not in the alphabet
    "91990102MA1W2B3C4C",  # region 99
    "Z1320102MA1W2B3C4C",  # no such registering authority
])
def test_invalid(code):
    assert not is_credit_code(code)


def test_peer_vectors(shared):
    vectors = json.loads((shared / "peer_vectors" / "stdnum_cn.json").read_text(encoding="utf-8"))
    assert len(vectors["credit_codes_valid"]) >= 100
    for code in vectors["credit_codes_valid"]:
        assert is_credit_code(code), code
        assert [h.type for h in find_pii(f"统一社会信用代码：{code}，")] == ["pii.credit_code"], code
    for code in vectors["credit_codes_invalid"]:
        assert not is_credit_code(code), code
        assert find_pii(f"统一社会信用代码：{code}，") == [], code


@pytest.mark.parametrize("text", [
    f"代码X{MINE}",   # glued to a letter
    f"代码{MINE}9",   # glued to a digit
])
def test_boundaries(text):
    assert find_pii(text) == []


def test_reported_as_info(scanner):
    findings = [f for f in scanner.scan_text(f"供应商统一社会信用代码：{MINE}。").findings if f.type.startswith("pii.")]
    assert [(f.type, f.text, f.severity) for f in findings] == [("pii.credit_code", MINE, "info")]
