"""Annotated Word copy: each comment anchored on exactly the matched characters, the text unchanged."""
from __future__ import annotations

import copy
import io

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from pipelines.report.annotate import annotate_docx, paragraph_text
from scanner import Document, Finding, Part, Report

W_DEL = f'<w:del {nsdecls("w")} w:id="91" w:author="a" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>旧的说法</w:delText></w:r></w:del>'


def build() -> bytes:
    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("经研究，张某")
    p.add_run("拟").bold = True
    p.add_run("任办公室主任。")
    d.add_paragraph("机密★5年")
    p = d.add_paragraph()
    p.add_run("序号\t联系")
    p.add_run("电话：13812345678，")
    p._p.append(parse_xml(W_DEL))  # a tracked deletion between the runs: not part of the visible text
    p.add_run("身份证110101199003071234。")
    hidden = d.add_paragraph()
    hidden.add_run("可见")
    gone = hidden.add_run("隐藏的13900001111")
    gone.font.hidden = True
    hidden.add_run("拟任文字")
    d.sections[0].header.paragraphs[0].text = "内部资料"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


DATA = build()


def parts_by_convention(data: bytes) -> list[Part]:
    """Parts as the docx reader's convention defines them (built here, independent of the reader)."""
    d = docx.Document(io.BytesIO(data))
    parts = []
    for i, p in enumerate(d.element.iter(qn("w:p"))):
        text = paragraph_text(p)
        if text:
            parts.append(Part(id=f"p{len(parts) + 1}", kind="body", text=text, location={"xml": "word/document.xml", "p": i}))
    parts.append(Part(id=f"p{len(parts) + 1}", kind="header", text="内部资料", location={"xml": "word/header1.xml", "p": 0}))
    return parts


def parts_from_reader(data: bytes) -> list[Part]:
    from pipelines.readers import docx as reader

    return reader.read(data).parts


def find(parts: list[Part], needle: str, type_: str, severity: str = "high", kind: str | None = None) -> Finding:
    part = next(p for p in parts if needle in p.text and not p.flag and (kind is None or p.kind == kind))
    s = part.text.index(needle)
    return Finding(type=type_, severity=severity, text=needle, part=part.id, start=s, end=s + len(needle), reason="理由")


def report_for(parts: list[Part]) -> Report:
    findings = [
        find(parts, "拟任", "term.personnel", kind="body"),
        find(parts, "机密★5年", "marking.classified", "block"),
        find(parts, "13812345678", "pii.phone"),
        find(parts, "110101199003071234", "pii.id_number"),
        find(parts, "拟任文字", "term.personnel"),
        find(parts, "内部资料", "marking.restricted", "block"),
    ]
    doc = Document(name="d.docx", sha256="0" * 64, format="docx", parts=parts)
    return Report(doc, "website", findings, "not_publishable", "结论理由", [], {"version": "0", "lexicon_version": "0"})


def anchored(data: bytes) -> dict[int, str]:
    """Comment id -> the visible text between its range start and end, walking the XML in order."""
    root = docx.Document(io.BytesIO(data)).element.body
    open_ids: set[int] = set()
    out: dict[int, str] = {}
    for el in root.iter():
        if el.tag == qn("w:commentRangeStart"):
            cid = int(el.get(qn("w:id")))
            open_ids.add(cid)
            out[cid] = ""
        elif el.tag == qn("w:commentRangeEnd"):
            open_ids.discard(int(el.get(qn("w:id"))))
        elif el.tag == qn("w:t") and not any(a.tag == qn("w:del") for a in el.iterancestors()):
            rpr = el.getparent().find(qn("w:rPr"))
            if rpr is not None and rpr.find(qn("w:vanish")) is not None:
                continue
            for cid in open_ids:
                out[cid] += el.text or ""
        elif el.tag == qn("w:tab"):
            for cid in open_ids:
                out[cid] += "\t"
    return out


@pytest.mark.parametrize("source", [parts_by_convention, parts_from_reader], ids=["convention", "reader"])
def test_comments_anchor_on_the_matched_characters(source):
    parts = source(DATA)
    report = report_for(parts)
    out, result = annotate_docx(DATA, report)
    assert (result.exact, result.paragraph, result.general) == (5, 0, 1)
    comments = {c.comment_id: c.text for c in docx.Document(io.BytesIO(out)).comments}
    ranges = anchored(out)
    by_text = {}
    for cid, text in comments.items():
        by_text.setdefault(ranges[cid], []).append(text)
    for needle in ["拟任", "机密★5年", "13812345678", "110101199003071234", "拟任文字"]:
        assert needle in by_text, needle
    assert by_text["机密★5年"][0].startswith("【阻断】密级标志：理由")
    # the header finding and the verdict are placed at the start of the body, saying where to look
    start = [t for rng, texts in by_text.items() for t in texts if rng == "经研究，张某"]
    assert any(t.startswith("baomi 审查结论：不予公开。结论理由") for t in start)
    assert any("位置：页眉" in t and "“内部资料”" in t for t in start)


def test_text_and_original_unchanged():
    before = copy.copy(DATA)
    parts = parts_by_convention(DATA)
    out, _ = annotate_docx(DATA, report_for(parts))
    assert DATA == before
    old = [paragraph_text(p) for p in docx.Document(io.BytesIO(DATA)).element.iter(qn("w:p"))]
    new = [paragraph_text(p) for p in docx.Document(io.BytesIO(out)).element.iter(qn("w:p"))]
    assert old == new
    # the split run keeps its formatting: the bold 拟 is still bold, 任 is not
    runs = docx.Document(io.BytesIO(out)).paragraphs[0].runs
    assert [(r.text, bool(r.bold)) for r in runs if r.text] == [("经研究，张某", False), ("拟", True), ("任", False), ("办公室主任。", False)]


def test_suppressed_findings_get_no_comment():
    parts = parts_by_convention(DATA)
    report = report_for(parts)
    for f in report.findings:
        f.suppressed = {"by": "x"}
    out, result = annotate_docx(DATA, report)
    assert (result.exact, result.general) == (0, 0)
    assert [c.text for c in docx.Document(io.BytesIO(out)).comments] == ["baomi 审查结论：不予公开。结论理由"]


def test_text_that_moved_falls_back_to_search():
    """If the part text and the paragraph disagree (an older reader), the match is searched in the paragraph."""
    parts = parts_by_convention(DATA)
    shifted = [Part(id=p.id, kind=p.kind, text="前缀" + p.text, location=p.location) for p in parts]
    f = find(shifted, "13812345678", "pii.phone")
    report = Report(Document("d", "0" * 64, "docx", shifted), "website", [f], "publish_after_redaction", "", [], {})
    out, result = annotate_docx(DATA, report)
    assert result.exact == 1
    assert "13812345678" in anchored(out).values()


def test_not_a_word_file():
    from scanner import BaomiError

    with pytest.raises(BaomiError) as err:
        annotate_docx(b"not a zip", report_for(parts_by_convention(DATA)))
    assert err.value.code == "corrupt"
