"""Declared charsets count only when a browser would honour them and the bytes agree; Big5 is told from GB."""
from __future__ import annotations

import pytest

import pipelines
from pipelines.readers import charset, html, txt
from scanner import ScanOptions, Scanner

PAGE = ('<html><head><meta charset="{cs}"><title>通知</title></head><body><p>机密★5年</p>'
        "<p>关于人员调整的通知</p></body></html>")
BIG5 = "政府資訊公開條例規定，各機關應當主動公開本機關的下列政府資訊：機構職能、辦公地址、聯繫電話。"
GB = "关于做好防汛工作的通知，各乡镇请落实值班制度，加强巡查，确保安全度汛。"


def flags(doc) -> list[str]:
    return [p.flag for p in doc.parts if p.flag]


@pytest.fixture(scope="module")
def scanner():
    return Scanner(ScanOptions(ner=False))


def test_ebcdic_declaration_is_ignored_and_the_page_blocks(scanner):
    doc = pipelines.read_bytes(PAGE.format(cs="cp037").encode("utf-8"), "p.html")
    assert any(p.text == "机密★5年" for p in doc.parts)
    assert flags(doc) == ["media.uncertain_encoding"]
    assert scanner.scan(doc).verdict == "not_publishable"


def test_unknown_label_alone_asks_a_human(scanner):
    page = '<html><head><meta charset="x-made-up"></head><body><p>公开的通知内容。</p></body></html>'
    doc = pipelines.read_bytes(page.encode("utf-8"), "p.html")
    assert flags(doc) == ["media.uncertain_encoding"]
    assert scanner.scan(doc).verdict == "escalate"


def test_declaration_the_bytes_contradict_is_not_followed():
    page = '<html><head><meta charset="utf-8"></head><body><p>' + GB + "</p></body></html>"
    found = html.decode_ex(page.encode("gbk"))
    assert GB in found.text and found.encoding == "gb18030"
    assert found.doubt and "与内容不符" in found.doubt


@pytest.mark.parametrize("label", ["gb2312", "GBK", "x-gbk", "gb18030"])
def test_honoured_gb_labels_need_no_check(label):
    found = html.decode_ex(PAGE.format(cs=label).encode("gb18030"))
    assert "机密★5年" in found.text and found.doubt is None


def test_big5_text_without_declaration():
    found = txt.decode_ex(BIG5.encode("big5"))
    assert (found.text, found.encoding, found.doubt) == (BIG5, "big5", None)


def test_big5_page_without_declaration():
    doc = pipelines.read_bytes(("<html><body><p>" + BIG5 + "</p></body></html>").encode("big5"), "p.html")
    assert [p.text for p in doc.parts if p.kind == "body"] == [BIG5]


def test_gbk_text_stays_gb():
    found = txt.decode_ex(GB.encode("gbk"))
    assert (found.text, found.encoding) == (GB, "gb18030")


def test_browser_labels():
    assert charset.browser_codec("GB2312") == "gb18030"
    assert charset.browser_codec("latin1") == "cp1252"
    assert charset.browser_codec("big5-hkscs") == "big5"
    for ignored in ("cp037", "ebcdic-cp-us", "utf-7", "hz-gb-2312", "iso-2022-kr"):
        assert charset.browser_codec(ignored) is None
