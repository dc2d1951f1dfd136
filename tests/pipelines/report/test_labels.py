"""What people read: Chinese places, actions that agree with severity, no 'nothing found' above findings."""
from __future__ import annotations

from pipelines.report.labels import KINDS, effective_action, verdict_reason, where
from pipelines.report.text import render_text
from scanner import Document, Finding, Part, Report


def test_places_in_chinese_with_cell_references():
    row = Part(id="p3", kind="sheet_cell", text="张三\t一组\t13912345678",
               location={"sheet": "名单", "row": 2, "cells": [["A2", 0], ["B2", 3], ["C2", 6]]})
    assert where(row, 6) == "工作表“名单”C2"
    assert where(row, 3) == "工作表“名单”B2"
    hidden = Part(id="p4", kind="hidden_cells", text="x", location={"sheet": "名单", "row": 5, "cells": [["D5", 0]]})
    assert where(hidden, 0) == "隐藏单元格，工作表“名单”D5"
    assert where(Part(id="p1", kind="body", text="x", location={"xml": "word/document.xml", "p": 4}), 0) == "正文第5段"
    assert where(Part(id="p2", kind="header", text="x", location={"xml": "word/header1.xml", "p": 0}), 0) == "页眉第1段"
    cell = Part(id="p5", kind="table_cell", text="x", location={"xml": "word/document.xml", "p": 9, "table": 1, "row": 3, "col": 2})
    assert where(cell, 0) == "第1个表格第3行第2列"
    assert where(Part(id="p6", kind="body", text="x", page=2), 0) == "第2页，正文"


def test_every_part_kind_the_readers_make_has_a_chinese_name():
    kinds = {"body", "header", "footer", "table_cell", "sheet_cell", "hidden_cells", "hidden_range", "comment",
             "deleted_text", "hidden_text", "metadata", "alt_text", "html_hidden", "html_comment", "meta", "link",
             "title", "page_top", "under_redaction", "annotation", "form_field", "scanned_page", "image", "textbox",
             "footnote", "endnote"}
    assert sorted(kinds - set(KINDS)) == []


def test_action_agrees_with_severity():
    official = Finding(type="pii.person", severity="info", text="王建国", part="p1", start=0, end=3, reason="一般可以公开",
                       action="redact")
    assert effective_action(official) == "confirm"
    private = Finding(type="pii.person", severity="high", text="王建国", part="p1", start=0, end=3, reason="r", action="redact")
    assert effective_action(private) == "redact"


def test_no_nothing_found_above_findings():
    assert verdict_reason("未发现需要处理的内容。经科长自审后可以公开。", 2) == (
        "发现的 2 处均为提示或低级别，不影响公开；请逐项核对。经科长自审后可以公开。")
    assert verdict_reason("未发现需要处理的内容。", 0) == "未发现需要处理的内容。"


def test_terminal_text_has_no_english_codes():
    part = Part(id="p1", kind="body", text="局长王建国出席", location={"xml": "word/document.xml", "p": 0})
    f = Finding(type="pii.person", severity="info", text="王建国", part="p1", start=2, end=5, reason="一般可以公开", action="redact")
    report = Report(Document("a.docx", "0" * 64, "docx", [part]), "website", [f], "publish", "未发现需要处理的内容。", [], {})
    out = render_text(report)
    assert "审查结论：可以公开\n" in out and "（publish）" not in out
    assert "（正文第1段）  处理：人工核对" in out and "body#" not in out
