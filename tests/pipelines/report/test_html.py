"""The HTML review: self-contained, escaped, A4, and complete enough to serve as the 保密审查记录."""
from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime

import pytest

from pipelines.report.html import doc_number, render_html
from scanner import Document, Finding, Part, Report
from scanner.policy import Policy
from scanner.rules import Versioned

NOW = datetime(2026, 4, 1, 9, 30)


def finding(part: Part, needle: str, type_: str, severity: str, **kw) -> Finding:
    start = part.text.index(needle)
    return Finding(type=type_, severity=severity, text=needle, part=part.id, start=start, end=start + len(needle),
                   reason=kw.pop("reason", "理由"), **kw)


def make_report(parts: list[Part], findings: list[Finding], channel: str = "website", **doc) -> Report:
    policy = Policy.load(None, Versioned())
    d = policy.decide(findings, channel=channel)
    document = Document(name=doc.pop("name", "draft.docx"), sha256="a" * 64, format="docx", parts=parts, **doc)
    return Report(document, channel, findings, d.verdict, d.reason, d.steps,
                  {"version": "0.1.0", "lexicon_version": "v1"}, warnings=d.warnings)


BODY = Part(id="p1", kind="body", text="宁审批发〔2024〕12号\n机密★5年\n关于<script>alert('x')</script>的请示")
HEADER = Part(id="p2", kind="header", text="内部资料", location={"xml": "word/header1.xml", "p": 0})
DELETED = Part(id="p3", kind="deleted_text", text="联系人电话13812345678", flag="hidden.tracked_deletion")


@pytest.fixture(scope="module")
def page() -> str:
    findings = [
        finding(BODY, "机密★5年", "marking.classified", "block", level="机密", period="5年"),
        finding(BODY, "<script>", "term.demo", "medium", reason="理由<b>不是标签</b>"),
        finding(HEADER, "内部资料", "marking.restricted", "block"),
        finding(DELETED, "13812345678", "pii.phone", "high"),
        finding(DELETED, "联系人", "term.demo", "low", suppressed={"by": "王科长", "why": "单位名称", "at": "2026-03-30"}),
    ]
    return render_html(make_report([BODY, HEADER, DELETED], findings, title="关于某事项的请示"), now=NOW,
                       channel_label="政府门户网站")


def test_document_markup_is_escaped(page):
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<b>不是标签</b>" not in page and "理由&lt;b&gt;不是标签&lt;/b&gt;" in page


@pytest.mark.parametrize("needle", ["http://", "https://", "src=", "<link", "@import", "url(", "@font-face"])
def test_needs_nothing_from_the_network(page, needle):
    assert needle not in page


def test_printable_on_a4(page):
    assert "@page { size: A4;" in page
    assert "@media print" in page
    assert '<html lang="zh-CN">' in page and '<meta charset="utf-8">' in page


def test_verdict_reason_and_record_fields(page):
    assert '<div class="big">不予公开</div>' in page
    assert "文件标有密级标志，属于国家秘密载体，不得公开。" in page
    for label, value in [("文件标题", "关于某事项的请示"), ("文号", "宁审批发〔2024〕12号"), ("发布渠道", "政府门户网站"),
                         ("审查时间", "2026-04-01 09:30"), ("文件名称", "draft.docx")]:
        assert f"<tr><th>{label}</th><td>{value}</td></tr>" in page
    assert "<th>审查人</th>" in page and "<th>审批人</th>" in page


def test_routing_is_a_checklist_with_signature_lines(page):
    chain = page[page.index('<ol class="chain">') : page.index("</ol>")]
    items = chain.split("<li>")[1:]
    # not_publishable by a classified marking: self review, leader approval, declassification by the classifying unit
    assert len(items) == 3
    assert "1. 提出公开的科室科长" in items[0] and "依据：信息公开保密审查制度第三条" in items[0]
    assert "2. 分管领导" in items[1]
    assert "3. 原定密单位（科室）" in items[2] and "解密" in items[2]
    assert all('<span class="box"></span>' in i and "签字：<span></span>日期：<span></span>" in i for i in items)


def test_findings_in_context_grouped_by_part(page):
    assert "<mark>机密★5年</mark>" in page
    assert "<mark>&lt;script&gt;</mark>" in page
    groups = re.findall(r"<h3>([^<]+)</h3>", page)
    # active findings by part kind in reading order, then the accepted one in its own section
    assert groups == ["正文（2 处）", "页眉（1 处）", "修订删除（1 处）", "修订删除（1 处）"]
    header = page[page.index("<h3>页眉") : page.index("<h3>修订删除")]
    assert "<mark>内部资料</mark>" in header and "内部控制标记" in header


def test_summary_counts_active_findings_only(page):
    table = page[page.index("<h2>发现汇总") : page.index("<h2>发现明细")]
    assert "<h2>发现汇总（4 处）</h2>" in table
    row = re.search(r"<tr><td>密级标志</td>(.*?)</tr>", table).group(1)
    assert re.findall(r'<td class="num">(\d*)</td>', row) == ["1", "", "", "1"]
    assert '<th class="num">4</th>' in table
    assert "敏感词：demo" in table


def test_accepted_findings_stay_visible_with_who_and_why(page):
    kept = page[page.index("<h2>已确认可接受的发现") :]
    assert kept.startswith("<h2>已确认可接受的发现（1 处，不计入结论）</h2>")
    assert "已确认可接受：王科长，理由：单位名称（2026-03-30）" in kept


def test_clean_document():
    body = Part(id="p1", kind="body", text="关于举办读书活动的通知")
    page = render_html(make_report([body], [], channel="weibo"), now=NOW, channel_label="政务微博")
    assert '<div class="big">可以公开</div>' in page
    assert page.count('<span class="box"></span>') == 3
    assert "在政务微博发布" in page
    assert "<tr><th>文号</th><td>（无）</td></tr>" in page


@pytest.mark.parametrize(
    "text, info, expected",
    [
        ("宁审批发〔2024〕12号\n正文", {}, "宁审批发〔2024〕12号"),
        ("国办函[2023]5号", {}, "国办函[2023]5号"),
        ("正文里没有文号，只有2024年", {}, None),
        ("宁审批发〔2024〕12号", {"doc_number": "甲〔2020〕1号"}, "甲〔2020〕1号"),
    ],
)
def test_doc_number(text, info, expected):
    report = make_report([Part(id="p1", kind="body", text=text)], [], info=info)
    assert doc_number(report) == expected


@pytest.mark.browser
def test_chromium_prints_it_on_a4(tmp_path, page):
    exe = shutil.which("chromium")
    if not exe:
        pytest.skip("chromium not installed")
    src = tmp_path / "r.html"
    src.write_text(page, encoding="utf-8")
    pdf = tmp_path / "r.pdf"
    subprocess.run(
        [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", src.as_uri()],
        check=True, capture_output=True, timeout=120,
    )
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf.read_bytes())
    assert boxes, "no page in the PDF"
    w, h = (float(x) for x in boxes[0])
    assert (round(w), round(h)) == (595, 842)  # A4 in points
