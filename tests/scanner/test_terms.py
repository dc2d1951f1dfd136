"""Term matching: Aho-Corasick over normalised text, word boundaries, exceptions, user lexicons."""
from __future__ import annotations

import re

import pytest

from pipelines.evaluate import evaluate, load_cases
from scanner import BaomiError, ScanOptions, Scanner
from scanner.rules import TermEntry
from scanner.terms import TermMatcher


def terms(scanner, text):
    return [(f.text, f.rule) for f in scanner.scan_text(text).active if f.type.startswith("term.")]


@pytest.mark.parametrize("text,expected", [
    ("张某拟任办公室主任。", [("拟任", "term.personnel:拟任")]),
    ("擬任辦公室主任", [("擬任", "term.personnel:拟任")]),
    ("张某拟 任主任", [("拟 任", "term.personnel:拟任")]),
    ("拟\u200b任主任", [("拟\u200b任", "term.personnel:拟任")]),
    ("拟·任主任", [("拟·任", "term.personnel:拟任")]),
    ("请尽快草拟任务分工方案。", []),
    ("模拟任务演练。", []),
    ("他拟任何职务都不合适。", []),
    ("标底", [("标底", "term.commercial_secret:标底")]),
    ("標底", [("標底", "term.commercial_secret:标底")]),
    ("本项目不设标底。", []),
    ("保底价格", []),
    ("使用保密电话通话", []),
])
def test_boundaries_and_evasions(scanner, text, expected):
    assert terms(scanner, text) == expected


def test_longer_term_of_the_same_category_wins(scanner):
    found = terms(scanner, "根据党组会议纪要，附后备干部名单。")
    assert found == [("党组会议纪要", "term.meeting_record:党组会议纪要"),
                     ("后备干部名单", "term.personnel:后备干部名单")]


def test_exception_covers_only_its_own_term(scanner):
    # 此件不予公开 is 不予公开's exception and a blocking term of its own
    found = terms(scanner, "（此件不予公开）")
    assert found == [("此件不予公开", "term.disclosure_control:此件不予公开")]
    assert scanner.scan_text("（此件不予公开）").verdict == "not_publishable"


def _entry(term, **kw):
    return TermEntry(term=term, category=kw.pop("category", "test"), severity=kw.pop("severity", "high"),
                     reason="测试", **kw)


def test_matcher_offsets_are_characters_not_bytes():
    m = TermMatcher([_entry("选址方案", boundary=False)])
    text = "ab选址方案，选址方案"
    assert [(h.start, h.end) for h in m.find(text)] == [(2, 6), (7, 11)]


def test_matcher_exceptions_and_allowlist():
    m = TermMatcher([_entry("拟任", exceptions=("拟任职前公示",)), _entry("标底", boundary=False)],
                    allow_phrases=["标底价公开"])
    assert [h.rule for h in m.find("拟任职前公示")] == []
    assert [h.rule for h in m.find("某某拟任主任")] == ["term.test:拟任"]
    assert [h.rule for h in m.find("标底价公开")] == []
    assert [h.rule for h in m.find("标底为一万元")] == ["term.test:标底"]


def test_user_terms_are_normalised_like_the_text():
    m = TermMatcher([_entry("擬調整", boundary=False)])
    assert [(h.start, h.end) for h in m.find("拟调整")] == [(0, 3)]


def test_user_lexicon_yaml_and_tsv(tmp_path):
    y = tmp_path / "local.yaml"
    y.write_text("category: local_project\nentries:\n  - term: 东郊片区\n    severity: high\n"
                 "    reason: 项目选址未公布（本单位规定）。\n    exceptions: [东郊片区公园]\n", encoding="utf-8")
    t = tmp_path / "local.tsv"
    t.write_text("# 词条\t类别\t级别\t理由\t例外\n星河计划\tlocal_code\tmedium\t内部项目代号。\t星河计划展览\n",
                 encoding="utf-8")
    s = Scanner(ScanOptions(ner=False, lexicons=[y, t], default_lexicons=False))
    found = [(f.text, f.type, f.extra.get("detected_severity", f.severity))
             for f in s.scan_text("选址在东郊片区，代号星河计划。").active]
    assert found == [("东郊片区", "term.local_project", "high"), ("星河计划", "term.local_code", "medium")]
    assert s.scan_text("东郊片区公园和星河计划展览开放。").active == []


def test_allowlist_file_suppresses_phrase(tmp_path):
    allow = tmp_path / "allow.txt"
    allow.write_text("# 已公开的征求意见稿\n某某办法（征求意见稿）\n", encoding="utf-8")
    s = Scanner(ScanOptions(ner=False, allowlists=[allow]))
    assert terms(s, "关于某某办法（征求意见稿）的说明") == []
    assert terms(s, "另一办法（征求意见稿）") == [("征求意见稿", "term.process_document:征求意见稿")]


@pytest.mark.parametrize("name,content,line", [
    ("bad.yaml", "category: x\nentries:\n  - term: 甲\n    severity: high: 高\n    reason: 理由\n", "4"),
    ("noterm.yaml", "category: x\nentries:\n  - term: 甲\n    reason: 理由\n  - severity: high\n    reason: 理由\n", "5"),
    ("sev.yaml", "category: x\nentries:\n  - term: 甲\n    severity: urgent\n    reason: 理由\n", "3"),
    ("noreason.yaml", "category: x\nentries:\n  - term: 甲\n  - term: 乙\n    reason: 理由\n", "3"),
    ("cols.tsv", "甲\tx\thigh\t理由\n乙\tx\thigh\n", "2"),
])
def test_malformed_lexicon_names_file_and_line(tmp_path, name, content, line):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BaomiError) as exc:
        Scanner(ScanOptions(ner=False, lexicons=[path]))
    err = exc.value
    assert err.code == "lexicon"
    where = re.search(rf"{re.escape(name)}(?::| 第 )(\d+)", err.message)
    assert where and where.group(1) == line, err.message
    assert "甲" not in err.message and "乙" not in err.message  # the message never repeats rule text


def test_missing_lexicon_is_a_lexicon_error(tmp_path):
    with pytest.raises(BaomiError) as exc:
        Scanner(ScanOptions(ner=False, lexicons=[tmp_path / "none.yaml"]))
    assert exc.value.code == "lexicon" and "none.yaml" in exc.value.message


def test_labelled_set_full_recall_and_precision(scanner, root):
    result = evaluate(scanner, load_cases([root / "corpus_samples" / "eval" / "terms.jsonl"]))
    assert result.cases >= 60
    c = result.group("term")
    assert c.tp >= 50
    assert (c.fn, c.fp) == (0, 0), result.errors


@pytest.mark.parametrize("text,severity", [
    ("经研究，张某拟任办公室主任。", "high"),  # a pending appointment in a draft
    ("干部任前公示\n张某，拟任办公室主任。公示期5个工作日。", "info"),  # the published notice itself
])
def test_public_form_of_a_matter_turns_the_term_into_a_hint(scanner, text, severity):
    (f,) = [f for f in scanner.scan_text(text).findings if f.rule == "term.personnel:拟任"]
    assert f.severity == severity
    if severity == "info":
        assert "任前公示" in f.reason


def test_guards_found_by_position_among_many():
    # the guard check looks only at guards starting within the longest guard's length of a hit:
    # a guard ending exactly at the term, one starting exactly at it, one only overlapping it
    m = TermMatcher([_entry("标底", exceptions=("无标底", "标底另行公布", "不设置标底"), boundary=False)])
    filler = "不设置标底。" * 500  # 500 guarded hits before the ones asked about
    text = filler + "本项目无标底。标底另行公布。底标底价。设置标底。"
    base = len(filler)
    found = [(h.start - base, h.end - base) for h in m.find(text) if h.start >= base]
    # 本项目无标底。 is 0-6 (标底 at 4-6 inside 无标底 at 3-6); 标底另行公布。 is 7-13 (标底 at 7-9, the
    # guard's start); 底标底价。 is 14-18 (标底 at 15-17, no guard); 设置标底。 is 19-23 (标底 at 21-23:
    # 设置标底 is not 不设置标底)
    assert found == [(15, 17), (21, 23)]
    assert all(h.start >= base for h in m.find(text))  # every 不设置标底 guarded


def test_a_marked_term_reports_its_mark_and_outranks_the_plain_term(tmp_path):
    y = tmp_path / "t.yaml"
    y.write_text("category: classified_carrier\nentries:\n"
                 "  - term: 密电\n    severity: medium\n    reason: 密电。\n"
                 "  - term: 密电要求\n    mark: 密电\n    severity: high\n    reason: 转述密电的要求。\n", encoding="utf-8")
    s = Scanner(ScanOptions(ner=False, lexicons=[y], default_lexicons=False))
    found = [(f.text, f.rule, f.extra.get("detected_severity", f.severity)) for f in s.scan_text("按照密电要求排查。").active]
    assert found == [("密电", "term.classified_carrier:密电要求", "high")]


def test_a_mark_outside_its_term_is_a_lexicon_error(tmp_path):
    from scanner.errors import BaomiError

    y = tmp_path / "t.yaml"
    y.write_text("category: x\nentries:\n  - term: 密电要求\n    mark: 电报\n    reason: r。\n", encoding="utf-8")
    with pytest.raises(BaomiError):
        Scanner(ScanOptions(ner=False, lexicons=[y], default_lexicons=False))
