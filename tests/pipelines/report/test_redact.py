"""Redacted copies: personal data masked in one style per kind, everything else listed as unresolved."""
from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn

from pipelines.report.annotate import paragraph_text
from pipelines.report.redact import describe, mask_spans, plan, redact
from scanner import BaomiError, Document, Finding, Part, Report
from scanner.policy import Policy
from scanner.rules import Versioned


@pytest.fixture(scope="module")
def policy() -> Policy:
    return Policy.load(None, Versioned())


def F(part: Part, needle: str, type_: str, severity: str = "high", action: str = "redact", nth: int = 0, **kw) -> Finding:
    s = -1
    for _ in range(nth + 1):
        s = part.text.index(needle, s + 1)
    return Finding(type=type_, severity=severity, text=needle, part=part.id, start=s, end=s + len(needle),
                   reason="r", action=action, **kw)


def R(fmt: str, parts: list[Part], findings: list[Finding]) -> Report:
    return Report(Document("d", "0" * 64, fmt, parts), "website", findings, "publish_after_redaction", "", [], {})


TXT = Part(id="p1", kind="body", text="机密★5年\n王建国 110101199003071234 电话13812345678\n李秀英 电话13812345678 邮箱li@example.cn")


def txt_report() -> Report:
    return R("txt", [TXT], [
        F(TXT, "机密★5年", "marking.classified", "block", "remove"),
        F(TXT, "王建国", "pii.person"),
        F(TXT, "110101199003071234", "pii.id_number"),
        F(TXT, "13812345678", "pii.phone"),
        F(TXT, "13812345678", "pii.phone", nth=1),
        F(TXT, "li@example.cn", "pii.email", "medium", "confirm"),
        F(TXT, "李秀英", "pii.person", suppressed={"by": "x"}),
    ])


def test_txt(policy):
    red = redact(None, txt_report(), policy)
    assert red.data.decode("utf-8") == (
        "机密★5年\n王** 1101**********1234 电话138****5678\n李秀英 电话138****5678 邮箱li@example.cn"
    )
    assert [f.type for f in red.unresolved] == ["marking.classified", "pii.email"]
    assert red.summary() == {"masked": 4, "masked_by_type": {"pii.person": 1, "pii.id_number": 1, "pii.phone": 2}, "unresolved": 2}


def test_plan_skips_masked_values_and_low_findings(policy):
    part = Part(id="p1", kind="body", text="138****5678 统一社会信用代码91110000100000000X 图片")
    report = R("txt", [part], [
        F(part, "138****5678", "pii.phone", "low", "confirm", extra={"masked": True}),
        F(part, "91110000100000000X", "pii.credit_code", "info", "confirm"),
    ])
    assert plan(report, policy) == ([], [])


def test_describe_lists_places_not_values(policy):
    lines = describe(redact(None, txt_report(), policy), "out.txt")
    assert lines[0] == "脱敏副本 out.txt：已遮盖 身份证号 1 处，人名 1 处，电话号码 2 处。"
    assert lines[1] == "未处理（须人工处理，未自动删除）：2 处"
    assert lines[2] == "  - [阻断] 密级标志（p1 第 1 字起）"
    assert not any("13812345678" in line or "机密★5年" in line for line in lines)


@pytest.mark.parametrize(
    "text, spans, out",
    [
        ("abcdef", [(1, 3, "**"), (4, 5, "#")], "a**d#f"),
        ("abcdef", [(1, 4, "***"), (2, 3, "!")], "a***ef"),  # overlapping: the earlier span wins
        ("abc", [], "abc"),
    ],
)
def test_mask_spans(text, spans, out):
    assert mask_spans(text, spans) == out


def build_docx() -> bytes:
    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("联系电话：138")
    p.add_run("1234").bold = True
    p.add_run("5678，再次：13812345678")
    d.add_paragraph("机密★5年")
    d.sections[0].header.paragraphs[0].text = "值班电话13900001111"
    d.core_properties.author = "王建国"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx(policy):
    from pipelines.readers import docx as reader

    data = build_docx()
    parts = reader.read(data).parts
    body = next(p for p in parts if p.text.startswith("联系电话"))
    mark = next(p for p in parts if p.text == "机密★5年")
    head = next(p for p in parts if p.kind == "header")
    meta = next(p for p in parts if p.kind == "metadata" and "王建国" in p.text)
    findings = [
        F(body, "13812345678", "pii.phone"), F(body, "13812345678", "pii.phone", nth=1),
        F(mark, "机密★5年", "marking.classified", "block", "remove"),
        F(head, "13900001111", "pii.phone"),
        F(meta, "王建国", "pii.person"),
    ]
    red = redact(data, R("docx", parts, findings), policy)
    out = docx.Document(io.BytesIO(red.data))
    texts = [paragraph_text(p) for p in out.element.iter(qn("w:p"))]
    assert texts[0] == "联系电话：138****5678，再次：138****5678"
    assert texts[1] == "机密★5年"  # a marking is never silently removed
    assert out.sections[0].header.paragraphs[0].text == "值班电话139****1111"
    assert [(f.type, f.part) for f in red.unresolved] == [("marking.classified", mark.id), ("pii.person", meta.id)]
    assert len(red.masked) == 3


def test_html(policy):
    page = (
        '<html><head><meta charset="utf-8"><title>公示</title></head><body>'
        '<p>王建国 电话：13812345678</p><a href="tel:13812345678" title="13812345678">拨打</a>'
        "<p>分开写：<b>139</b>00001111</p></body></html>"
    )
    part = Part(id="p1", kind="body", text="王建国 电话：13812345678 拨打 分开写：13900001111")
    findings = [F(part, "13812345678", "pii.phone"), F(part, "13900001111", "pii.phone"), F(part, "王建国", "pii.person")]
    red = redact(page.encode("utf-8"), R("html", [part], findings), policy)
    out = red.data.decode("utf-8")
    assert "13812345678" not in out and out.count("138****5678") == 3
    assert "<p>王** 电话：138****5678</p>" in out
    assert "<b>139</b>00001111" in out  # split by a tag: not found, so listed, not assumed done
    assert [f.text for f in red.unresolved] == ["13900001111"]


def test_html_keeps_its_encoding(policy):
    page = '<html><meta charset="gbk"><p>电话13812345678</p></html>'
    part = Part(id="p1", kind="body", text="电话13812345678")
    red = redact(page.encode("gbk"), R("html", [part], [F(part, "13812345678", "pii.phone")]), policy)
    assert red.data.decode("gbk") == '<html><meta charset="gbk"><p>电话138****5678</p></html>'


def test_unsupported_format(policy):
    with pytest.raises(BaomiError) as err:
        redact(b"%PDF", R("pdf", [TXT], []), policy)
    assert err.value.code == "unsupported_format"
