"""find_pii as a whole: one answer per span, overlap rules, and the scanner's masked severities."""
from __future__ import annotations

import pytest

from scanner.model import Hit
from scanner.pii import find_pii, resolve


def test_mixed_notice():
    text = (
        "公示：王某，身份证号320102198507150016，联系电话138-1234-5678，"
        "车牌宁A12345，邮箱wang@example.gov.cn，"
        "补贴发放至6222021234567894。"
    )
    got = [(h.type, text[h.start:h.end]) for h in find_pii(text)]
    assert got == [
        ("pii.id_number", "320102198507150016"),
        ("pii.phone", "138-1234-5678"),
        ("pii.plate", "宁A12345"),
        ("pii.email", "wang@example.gov.cn"),
        ("pii.bank_card", "6222021234567894"),
    ]


def test_hits_are_sorted_and_disjoint():
    text = "13812345678@qq.com 6222 0212 3456 7894 86 139 1234 5678"
    hits = find_pii(text)
    assert [h.start for h in hits] == sorted(h.start for h in hits)
    assert all(a.end <= b.start for a, b in zip(hits, hits[1:]))


@pytest.mark.parametrize("hits,kept", [
    # the longer span wins
    ([Hit(0, 11, "pii.phone", "m"), Hit(0, 18, "pii.email", "e")], [("pii.email", 0, 18)]),
    # same span: the stronger type wins
    ([Hit(0, 18, "pii.bank_card", "b"), Hit(0, 18, "pii.id_number", "i")], [("pii.id_number", 0, 18)]),
    # disjoint hits are all kept, in order
    ([Hit(20, 25, "pii.plate", "p"), Hit(0, 11, "pii.phone", "m")], [("pii.phone", 0, 11), ("pii.plate", 20, 25)]),
])
def test_resolve(hits, kept):
    assert [(h.type, h.start, h.end) for h in resolve(hits)] == kept


@pytest.mark.parametrize("text", [
    "",
    "根据《中华人民共和国政府信息公开条例》第十五条，现予公告。",
    "京政发〔2024〕12号 2024年1月15日 金额1,234,567.89元 第3.1415926535897932384页",
    "订单编号：202403151234567890123",
])
def test_nothing_to_find(text):
    assert find_pii(text) == []


def test_full_width_input_after_normalisation(scanner):
    # The scanner normalises ＮＦＫＣ first: full-width digits are found and the finding points at the original.
    original = "电话：１３８１２３４５６７８"
    findings = [f for f in scanner.scan_text(original).findings if f.type == "pii.phone"]
    assert [(f.text, f.start, f.end) for f in findings] == [("１３８１２３４５６７８", 3, 14)]


@pytest.mark.parametrize("text,type_,severity", [
    ("身份证号：110101********1234", "pii.id_number", "low"),
    ("身份证号：320102198507150016", "pii.id_number", "high"),
    ("手机138****1234", "pii.phone", "low"),
    ("手机13812345678", "pii.phone", "high"),
    ("卡号6222 **** **** 1234", "pii.bank_card", "low"),
    ("车牌京A·***12", "pii.plate", "low"),
    ("车牌京A12345", "pii.plate", "medium"),
])
def test_masked_severity_through_the_scanner(scanner, text, type_, severity):
    # the detector's grade; the reported severity then follows what the policy decided
    findings = [f for f in scanner.scan_text(text).findings if f.type.startswith("pii.")]
    assert [(f.type, f.extra.get("detected_severity", f.severity)) for f in findings] == [(type_, severity)]
