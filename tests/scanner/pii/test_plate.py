"""机动车号牌: ordinary, new-energy, suffixed and masked plates."""
from __future__ import annotations

import pytest

from scanner.pii.plate import find, tail_kind


def plates(text):
    return [(text[h.start:h.end], h.rule, h.extra) for h in find(text)]


@pytest.mark.parametrize("text,found,rule", [
    ("车牌号宁A12345的车辆", "宁A12345", "pii.plate"),
    ("京A·B1234违法停车", "京A·B1234", "pii.plate"),
    ("粤B 12345", "粤B 12345", "pii.plate"),
    ("京AD12345（新能源）", "京AD12345", "pii.plate.new_energy"),
    ("沪A12345F", "沪A12345F", "pii.plate.new_energy"),
    ("豫A1234挂", "豫A1234挂", "pii.plate"),
    ("京A1234警", "京A1234警", "pii.plate"),
    ("粤Z1234港", "粤Z1234港", "pii.plate"),
])
def test_found(text, found, rule):
    assert plates(text) == [(found, rule, {})]


@pytest.mark.parametrize("text", [
    "新ABCDE系统",        # letters only: a word
    "京A123",             # too short
    "京A1234567",         # too long
    "京I12345",           # I is not issued
    "京A12345X",          # glued to a letter: 6 characters that are not new-energy
    "苏州市A12345",       # no province abbreviation right before
    "京AX12345",          # 6 characters without D/F
])
def test_not_found(text):
    assert plates(text) == []


@pytest.mark.parametrize("text,found", [
    ("京A·***12", "京A·***12"),
    ("车辆鲁B***45于", "鲁B***45"),
    ("京A1**23", "京A1**23"),
])
def test_masked(text, found):
    assert plates(text) == [(found, "pii.plate.masked", {"masked": True})]


@pytest.mark.parametrize("tail,suffix,kind", [
    ("12345", "", "plate"), ("AB123", "", "plate"), ("ABC12", "", None),
    ("D12345", "", "plate"), ("12345D", "", "plate"), ("A12345", "", None),
    ("1234", "学", "plate"), ("12345", "学", None),
    ("*1*23", "", None), ("**", "", None),
])
def test_tail_kind(tail, suffix, kind):
    assert tail_kind(tail, suffix) == kind
