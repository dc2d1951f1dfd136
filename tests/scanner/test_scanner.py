"""The Scanner's report: schema, exact offsets into the original, fingerprints, allowlists."""
from __future__ import annotations

import json

import jsonschema
import pytest

from scanner import Document, Part, ScanOptions, Scanner
from scanner.model import fingerprint


@pytest.fixture(scope="module")
def schema(root):
    """The report schema kept in the repository (pipelines/report/report.schema.json)."""
    return json.loads((root / "pipelines" / "report" / "report.schema.json").read_text(encoding="utf-8"))


TEXTS = [
    "秘 密 ★ ５ 年\n关于张某拟任办公室主任的请示",
    # every document signal the reading reports, in the schema's shape
    "发布时间：2026-03-01　来源：县公安局\n本报讯 最后一名嫌疑人落网。二、资金安排（初步测算，待镇党委会研究）",
    "用地调查保障工作方案\n（第三稿）\n三、力量部署\n出动警力28人，6:30在镇政府院内集结。",
    "全体人员要保守国家秘密。",
    "機密★長期\n正文",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_report_validates_against_contract(scanner, schema, text):
    report = scanner.scan_text(text, name="draft.txt", channel="website").to_dict()
    jsonschema.validate(report, schema)
    assert report["document"]["name"] == "draft.txt"
    assert report["channel"] == "website"
    # the report never repeats the part text itself
    assert all("text" not in p for p in report["document"]["parts"])


@pytest.mark.parametrize("text,expected", [
    ("秘 密 ★ ５ 年\n正文", "秘 密 ★ ５ 年"),
    ("機密★長期\n正文", "機密★長期"),
    ("前言\n秘\u200b密★1年\n正文", "秘\u200b密★1年"),
])
def test_finding_text_is_the_original_substring(scanner, text, expected):
    report = scanner.scan_text(text)
    marks = [f for f in report.findings if f.type == "marking.classified"]
    assert len(marks) == 1
    f = marks[0]
    assert f.text == expected == text[f.start:f.end]
    assert f.severity == "block"
    assert report.verdict == "not_publishable"


def test_fingerprint_ignores_position_and_spacing(scanner):
    a = scanner.scan_text("秘密★1年\n正文").findings[0]
    b = scanner.scan_text("新增一行\n\n秘 密★1年\n正文改动").findings[0]
    assert a.start != b.start
    assert a.fingerprint == b.fingerprint == fingerprint("marking.classified", "秘密★1年")


def test_parts_are_scanned_with_their_kind(scanner):
    doc = Document(name="x.docx", sha256="0" * 64, format="docx", parts=[
        Part(id="h1", kind="header", text="某某局文件   机密"),
        Part(id="b1", kind="body", text="关于机密文件管理办法的说明"),
    ])
    findings = scanner.find(doc)
    assert [(f.part, f.type, f.text) for f in findings] == [("h1", "marking.classified", "机密")]


def test_flagged_part_raises_its_hidden_finding(scanner):
    doc = Document(name="x.docx", sha256="0" * 64, format="docx", parts=[
        Part(id="d1", kind="deleted_text", text="已删除的一句话", flag="hidden.tracked_deletion"),
    ])
    (f,) = scanner.find(doc)
    assert (f.type, f.part, f.start, f.end, f.text) == ("hidden.tracked_deletion", "d1", 0, 7, "已删除的一句话")
    assert f.severity == "high" and "修订" in f.reason


def test_allowlisted_phrase_is_not_reported(tmp_path):
    allow = tmp_path / "allow.txt"
    allow.write_text("# 已公开的任前公示用语\n拟任\n", encoding="utf-8")
    s = Scanner(ScanOptions(ner=False, allowlists=[allow]))
    assert [f.type for f in s.scan_text("张某拟任主任").active] == []
    plain = Scanner(ScanOptions(ner=False))
    assert [f.type for f in plain.scan_text("张某拟任主任").active] == ["term.personnel"]
    assert s.lexicon_version != plain.lexicon_version  # the allowlist is part of the audit trail


def test_markings_cannot_be_allowlisted(tmp_path):
    allow = tmp_path / "allow.txt"
    allow.write_text("秘密★1年\n", encoding="utf-8")
    s = Scanner(ScanOptions(ner=False, allowlists=[allow]))
    assert s.scan_text("秘密★1年\n正文").verdict == "not_publishable"


def test_unknown_channel_is_a_usage_error(scanner):
    from scanner import BaomiError

    with pytest.raises(BaomiError) as exc:
        scanner.scan_text("x", channel="tiktok")
    assert exc.value.code == "usage"


def test_missing_model_degrades_with_a_warning(monkeypatch):
    import scanner.scanner as core

    s = Scanner(ScanOptions(ner=True))

    def boom(*a, **k):
        raise ImportError("no model")

    monkeypatch.setitem(__import__("sys").modules, "scanner.ner", None)  # import fails
    report = s.scan_text("秘密★1年\n正文").to_dict()
    assert report["verdict"] == "not_publishable"  # markings still run
    assert any("模型" in w for w in report.get("warnings", []))
    assert "ner_model" not in report["engine"]
    assert core  # module imported


def test_accepting_one_term_does_not_accept_the_next(scanner):
    first = scanner.scan_text("张某拟任办公室主任。").findings[0]
    moved = scanner.scan_text("新增一段。\n张某拟任办公室主任。").findings[0]
    other = scanner.scan_text("李某拟任财务科科长。").findings[0]
    assert first.type == other.type == "term.personnel"
    assert first.fingerprint == moved.fingerprint
    assert first.fingerprint != other.fingerprint


@pytest.mark.parametrize("text,number,severity", [
    ("联系电话：0951-5012345。", "0951-5012345", "low"),  # an office line in a notice is public information
    ("联系电话：13812345678。", "13812345678", "high"),  # a mobile belongs to a person
    ("联系电话：138****5678。", "138****5678", "low"),  # already masked
])
def test_phone_severity_follows_its_variant(scanner, text, number, severity):
    # the detector's grade; whether a contact line's mobile is then kept is the policy's call (test_disposition)
    (f,) = [f for f in scanner.scan_text(text).findings if f.type == "pii.phone"]
    assert (f.text, f.extra.get("detected_severity", f.severity)) == (number, severity)


def test_clean_sample_notice_is_publishable(root):
    from scanner import ScanOptions, Scanner

    s = Scanner(ScanOptions(ner=False))
    text = (root / "corpus_samples" / "documents" / "01_clean_notice.txt").read_text(encoding="utf-8")
    assert s.scan_text(text).verdict == "publish"


def test_lexicon_version_covers_the_ner_rules_only_when_ner_runs():
    with_rules = Scanner(ScanOptions(ner=True)).lexicon_version
    without = Scanner(ScanOptions(ner=False)).lexicon_version
    assert with_rules != without
