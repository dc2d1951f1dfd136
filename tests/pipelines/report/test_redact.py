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
    assert red.summary() == {"masked": 4, "masked_by_type": {"pii.person": 1, "pii.id_number": 1, "pii.phone": 2}, "unresolved": 2,
                             "removed": []}


def test_plan_skips_masked_values_and_low_findings(policy):
    part = Part(id="p1", kind="body", text="138****5678 统一社会信用代码91110000100000000X 图片")
    report = R("txt", [part], [
        F(part, "138****5678", "pii.phone", "low", "confirm", extra={"masked": True}),
        F(part, "91110000100000000X", "pii.credit_code", "info", "confirm"),
    ])
    assert plan(report, policy) == ([], [])


def test_describe_lists_places_not_values(policy):
    report = txt_report()
    lines = describe(redact(None, report, policy), "out.txt", report)
    assert lines[0] == "脱敏副本 out.txt：已遮盖 身份证号 1 处，人名 1 处，电话号码 2 处。"
    assert lines[1] == "未处理（须人工处理，未自动删除）：2 处"
    assert lines[2] == "  - [阻断] 密级标志（正文）"
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
    # the author property is cleared with the rest of the properties, so the name in it is gone, not left
    assert [(f.type, f.part) for f in red.unresolved] == [("marking.classified", mark.id)]
    assert "王建国" not in red.data.decode("latin-1") and "文档属性（作者、单位、标题等）" in red.removed
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


# -- the copy a person can publish: nothing hidden left, checked by a rescan --------------------------
ID = "110101199003071234"  # GB 11643 check digit 4 worked out by hand for 11010119900307123
PHONE = "13912345678"


def _docx_with_hidden_id() -> bytes:
    """ID number in a tracked deletion, in a comment and in the author property; visible text is clean."""
    d = docx.Document()
    p = d.add_paragraph("关于发放补贴的通知")
    run = p.add_run("（已删除）")
    d.add_comment([run], text=f"申请人身份证号{ID}", author="王科长", initials="W")
    p2 = d.add_paragraph("各村：补贴已发放。")
    dele = p2._p.makeelement(qn("w:del"), {qn("w:id"): "9", qn("w:author"): "王科长"})
    r = dele.makeelement(qn("w:r"), {})
    t = r.makeelement(qn("w:delText"), {})
    t.text = f"申请人身份证号{ID}"
    r.append(t)
    dele.append(r)
    p2._p.append(dele)
    hidden = p2.add_run("隐藏备注")
    hidden.font.hidden = True
    d.core_properties.author = ID
    d.core_properties.title = "补贴"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _rescan(scanner, data: bytes, name: str):
    import pipelines

    return scanner.scan(pipelines.read_bytes(data, name), channel="website")


def test_docx_copy_has_no_hidden_part_and_rescans_clean(scanner, policy):
    from pipelines.report.redact import verify

    data = _docx_with_hidden_id()
    report = _rescan(scanner, data, "a.docx")
    kinds = {p.kind for p in report.document.parts}
    assert {"deleted_text", "comment", "metadata", "hidden_text"} <= kinds  # the fixture hides what it should
    assert any(f.text == ID for f in report.findings)
    red = verify(redact(data, report, policy), _rescan(scanner, red_data := redact(data, report, policy).data, "b.docx"))
    again = _rescan(scanner, red_data, "b.docx")
    assert ID not in red_data.decode("latin-1")
    assert [p.kind for p in again.document.parts if p.flag] == []  # no deletion, comment, hidden text, property
    assert not any(ID in p.text for p in again.document.parts)
    assert [p.text for p in again.document.parts] == ["关于发放补贴的通知（已删除）", "各村：补贴已发放。"]
    assert red.clean and red.remaining == []
    assert red.unresolved == []  # the ID sat only in removed content: nothing left for a person
    assert any("修订删除内容" in r for r in red.removed) and any("批注" in r for r in red.removed)


def test_html_copy_drops_hidden_block_and_comment(scanner, policy):
    from pipelines.report.redact import verify

    page = (f'<html><head><meta charset="utf-8"><meta name="author" content="王建国"><title>公告</title></head><body>'
            f'<p>办事指南</p><div style="display: none">联系人手机{PHONE}</div>'
            f"<!-- 备用手机 {PHONE} --><p hidden>内部</p><p>咨询电话：0731-88880000</p></body></html>").encode()
    report = _rescan(scanner, page, "a.html")
    assert {"html_hidden", "html_comment"} <= {p.kind for p in report.document.parts}
    red = redact(page, report, policy)
    again = _rescan(scanner, red.data, "b.html")
    verify(red, again)
    out = red.data.decode("utf-8")
    assert PHONE not in out and "display" not in out and "<!--" not in out and "王建国" not in out
    assert "内部" not in out
    assert "咨询电话：0731-88880000" in out  # visible text stays
    assert [p for p in again.document.parts if p.flag] == []
    assert red.clean


def test_copy_with_a_marking_is_not_clean(scanner, policy):
    from pipelines.report.redact import verify

    text = f"机密★5年\n申请人手机{PHONE}".encode()  # a private person's number: masked in the copy
    report = _rescan(scanner, text, "a.txt")
    red = redact(None, report, policy)
    verify(red, _rescan(scanner, red.data, "b.txt"))
    assert PHONE not in red.data.decode() and "139****5678" in red.data.decode()
    assert not red.clean
    assert [f.type for f in red.remaining] == ["marking.classified"]
    lines = describe(red, "b.txt", report)
    assert "复查：脱敏副本仍有 1 处需要处理，不能作为已脱敏文件公开：" in lines
    assert not any(PHONE in line or "机密★5年" in line for line in lines)


def test_xlsx_hidden_rows_columns_and_sheets_are_emptied(scanner, policy):
    import openpyxl

    from pipelines.report.redact import verify

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(["姓名", "村组", "身份证号"])
    ws.append(["张三", "一组", ID])
    ws.append(["李四", "二组", "110101199003072130"])
    ws.column_dimensions["C"].hidden = True
    ws.row_dimensions[3].hidden = True
    extra = wb.create_sheet("底稿")
    extra.append([f"手机{PHONE}"])
    extra.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    report = _rescan(scanner, data, "a.xlsx")
    assert any(p.kind == "hidden_cells" for p in report.document.parts)
    red = redact(data, report, policy)
    again = _rescan(scanner, red.data, "b.xlsx")
    verify(red, again)
    texts = [p.text for p in again.document.parts]
    assert texts == ["姓名\t村组", "张三\t一组"]  # row 3 and column C emptied, the hidden sheet too
    assert not any(ID in t or PHONE in t or "李四" in t for t in texts)
    import zipfile
    with zipfile.ZipFile(io.BytesIO(red.data)) as z:
        blob = b"".join(z.read(n) for n in z.namelist())
    assert ID.encode() not in blob and PHONE.encode() not in blob and "李四".encode() not in blob
    assert red.clean


def test_pdf_says_why_not_instead_of_a_copy(policy):
    with pytest.raises(BaomiError) as err:
        redact(b"%PDF", R("pdf", [TXT], []), policy)
    assert err.value.code == "unsupported_format"
    assert "遮盖框下的文字" in err.value.message


def test_an_official_named_as_public_is_not_masked(policy):
    part = Part(id="p1", kind="body", text="局长王建国出席")
    report = R("txt", [part], [F(part, "王建国", "pii.person", "info", "redact")])
    assert plan(report, policy) == ([], [])
    assert redact(None, report, policy).data.decode() == "局长王建国出席"


def test_a_value_masked_another_way_is_brought_inside_the_policy_style(policy):
    from pipelines.report.redact import remask

    style = policy.masking["pii.phone"]  # keeps 3 at the start and 4 at the end
    assert remask("1381234****", style) == "138********"  # never shows a digit the policy hides
    assert remask("138****5678", style) == "138****5678"  # already the policy's style: unchanged
    part = Part(id="p1", kind="body", text="电话1381234****，再次13812345678")
    report = R("txt", [part], [F(part, "1381234****", "pii.phone", "low", "confirm", extra={"masked": True}),
                               F(part, "13812345678", "pii.phone")])
    out = redact(None, report, policy).data.decode()
    assert out == "电话138********，再次138****5678"  # together they show no more than the policy allows
