"""电子邮箱: found from the '@', masked local parts, no false addresses."""
from __future__ import annotations

import pytest

from scanner.pii import find_pii
from scanner.pii.email import find


@pytest.mark.parametrize("text,found", [
    ("来信请寄zhang.san@example.gov.cn，", "zhang.san@example.gov.cn"),
    ("邮箱：li_si-2024@mail.example.com。", "li_si-2024@mail.example.com"),
    ("13812345678@qq.com", "13812345678@qq.com"),
])
def test_found(text, found):
    hits = find_pii(text)
    assert [(text[h.start:h.end], h.type, h.extra) for h in hits] == [(found, "pii.email", {})]


@pytest.mark.parametrize("text", [
    "@某某 请回复",            # a mention
    "邮箱：zhang@localhost",    # no top-level domain
    "a@b",
    "价格 5@10元",
    "邮箱：@example.com",
])
def test_not_found(text):
    assert find(text) == []


def test_masked():
    text = "邮箱zh***@example.com"
    hits = find_pii(text)
    assert [(text[h.start:h.end], h.extra) for h in hits] == [("zh***@example.com", {"masked": True})]


def test_phone_inside_address_is_reported_once():
    text = "联系：13812345678@qq.com"
    assert [h.type for h in find_pii(text)] == ["pii.email"]
