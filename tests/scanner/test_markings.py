"""Markings: a level word is a marking only where a marking stands.

Expected spans, levels and periods are worked out by hand from the text.
"""
from __future__ import annotations

import pytest

from pipelines.evaluate import evaluate, load_cases
from scanner import Document, Part
from scanner.marking_forms import years_of


def marks(scanner, text, kind="body", type_="marking.classified"):
    doc = Document(name="t", sha256="0" * 64, format="txt", parts=[Part(id="p1", kind=kind, text=text)])
    return [f for f in scanner.find(doc) if f.type == type_]


# text, kind, expected (text, level, period, irregular)
POSITIVE = [
    ("秘密★1年\n关于某事项的通知", "body", ("秘密★1年", "秘密", "1年", False)),
    ("机密★启用前\n试卷", "body", ("机密★启用前", "机密", "启用前", False)),
    ("绝密★长期\n某事项", "body", ("绝密★长期", "绝密", "长期", False)),
    ("秘密*长期\n某事项", "body", ("秘密*长期", "秘密", "长期", False)),
    ("绝密☆20年\n某事项", "body", ("绝密☆20年", "绝密", "20年", False)),
    ("机密✩3年\n某事项", "body", ("机密✩3年", "机密", "3年", False)),
    ("秘密★6个月\n某事项", "body", ("秘密★6个月", "秘密", "6个月", False)),
    ("秘密★十年\n某事项", "body", ("秘密★十年", "秘密", "十年", False)),
    ("秘密★2027年12月31日前\n某事项", "body", ("秘密★2027年12月31日前", "秘密", "2027年12月31日前", False)),
    ("机密★二〇三〇年六月一日前\n某事项", "body", ("机密★二〇三〇年六月一日前", "机密", "二〇三〇年六月一日前", False)),
    ("机密★项目验收后解密\n某事项", "body", ("机密★项目验收后解密", "机密", "项目验收后解密", False)),
    # a condition with the period that runs from it, a date with its hour, a holiday as the event
    ("秘密★巡察工作结束后五年\n某事项", "body", ("秘密★巡察工作结束后五年", "秘密", "巡察工作结束后五年", False)),
    ("机密★2031年6月8日18时\n某事项", "body", ("机密★2031年6月8日18时", "机密", "2031年6月8日18时", False)),
    ("秘密★春节后\n某事项", "body", ("秘密★春节后", "秘密", "春节后", False)),
    # beyond the legal ceiling: still a marking, flagged as irregular
    ("秘密★30年\n某事项", "body", ("秘密★30年", "秘密", "30年", True)),
    ("机密★21年\n某事项", "body", ("机密★21年", "机密", "21年", True)),
    ("绝密★30年\n某事项", "body", ("绝密★30年", "绝密", "30年", False)),
    ("绝密★三十五年\n某事项", "body", ("绝密★三十五年", "绝密", "三十五年", True)),
    ("秘密★121个月\n某事项", "body", ("秘密★121个月", "秘密", "121个月", True)),
    ("机密★永久\n某事项", "body", ("机密★永久", "机密", "永久", True)),
    # evasions
    ("秘 密 ★ ５ 年\n某事项", "body", ("秘 密 ★ ５ 年", "秘密", "5年", False)),
    ("機密★長期\n某事項", "body", ("機密★長期", "机密", "长期", False)),
    ("秘\u200b密★2年\n某事项", "body", ("秘\u200b密★2年", "秘密", "2年", False)),
    ("机·密★10年\n某事项", "body", ("机·密★10年", "机密", "10年", False)),
    ("绝\u3000密★３０年\n某事项", "body", ("绝\u3000密★３０年", "绝密", "30年", False)),
    ("祕密★1年\n某事项", "body", ("祕密★1年", "秘密", "1年", False)),
    # standing alone: own line, head of document, after 密级, bracketed paragraph mark
    ("秘密\n关于某事项的通知", "body", ("秘密", "秘密", None, False)),
    ("秘密级\n关于某事项的通知", "body", ("秘密级", "秘密", None, False)),
    ("机密 5年\n关于某事项的通知", "body", ("机密 5年", "机密", "5年", False)),
    ("000123\n机密★5年\n特急", "body", ("机密★5年", "机密", "5年", False)),
    ("秘密\t特急\n某事项", "body", ("秘密", "秘密", None, False)),
    ("密级：秘密\n某事项", "body", ("秘密", "秘密", None, False)),
    ("密 级：机密\n某事项", "body", ("机密", "机密", None, False)),
    ("密级：机密    保密期限：10年", "body", ("机密", "机密", "10年", False)),
    ("密级：秘密\n保密期限：1年", "body", ("秘密", "秘密", "1年", False)),
    ("密级：□绝密 ■机密 □秘密", "body", ("机密", "机密", None, False)),
    ("（机密）本段涉及项目选址方案。", "body", ("（机密）", "机密", None, False)),
    ("一\n二\n三\n四\n五\n六\n七\n(秘密)第八段。", "body", ("(秘密)", "秘密", None, False)),
    ("本通知为秘密★6个月，阅后交回。", "body", ("秘密★6个月", "秘密", "6个月", False)),
    # header, footer, table cell
    ("某某局文件   机密", "header", ("机密", "机密", None, False)),
    ("秘密  第2页 共5页", "footer", ("秘密", "秘密", None, False)),
    ("绝密", "table_cell", ("绝密", "绝密", None, False)),
    ("机密★10年", "table_cell", ("机密★10年", "机密", "10年", False)),
]


@pytest.mark.parametrize("text,kind,expected", POSITIVE)
def test_marking_is_found_with_level_and_period(scanner, text, kind, expected):
    found = marks(scanner, text, kind)
    assert len(found) == 1, [f.text for f in found]
    f = found[0]
    span, level, period, irregular = expected
    assert (f.text, f.level, f.period) == (span, level, period)
    assert f.text == text[f.start:f.end]
    assert bool(f.extra.get("irregular")) is irregular
    assert f.severity == "block"
    assert ("标志本身不规范" in f.reason) is irregular


NEGATIVE = [
    ("全体人员要保守国家秘密。", "body"),
    ("不该说的秘密不说，不该问的秘密不问。", "body"),
    ("除有特殊规定外，绝密级事项不超过三十年，机密级事项不超过二十年，秘密级事项不超过十年。", "body"),
    ("秘密文件要专人保管。", "body"),
    ("勤奋是他成功的秘密武器。", "body"),
    ("书面文件应标注为“秘密★1年”等字样。", "body"),
    ("标注示例：“秘密★1年”“机密★5年”。", "body"),
    ("如秘密★1年、机密★5年等。", "body"),
    ("试卷袋上印有绝密★启用前字样。", "body"),
    ("机密文件管理办法\n第一条 为加强管理，制定本办法。", "body"),
    ("机密文件管理办法", "title"),
    ("□秘密★___", "body"),
    ("密级：秘密★  年", "body"),
    ("秘密★（ ）年", "body"),
    ("密级：□绝密 □机密 □秘密", "body"),
    ("密级：绝密/机密/秘密", "body"),
    ("密级分为：\n绝密\n机密\n秘密", "body"),
    ("绝密、机密、秘密三个密级。", "body"),
    ("凡有秘密、机密、绝密文件，要配有专人管理。", "body"),
    ("要严格执行商业秘密保护制度。", "body"),
    ("秘密载体管理规定", "header"),
    ("机 密 文 件 管 理", "header"),
    ("秘密载体", "table_cell"),
    ("二、单位印制秘密文件、资料要经主管领导审批，逐件登记，妥善保管。", "table_cell"),
]


@pytest.mark.parametrize("text,kind", NEGATIVE)
def test_prose_examples_and_templates_are_not_markings(scanner, text, kind):
    assert [f.text for f in marks(scanner, text, kind)] == []


RESTRICTED = [
    ("内部资料\n注意保存\n某事项", "body", ["内部资料", "注意保存"]),
    ("内 部 资 料 注 意 保 存\n某事项", "body", ["内 部 资 料", "注 意 保 存"]),
    ("（内部资料）", "body", ["内部资料"]),
    ("【工作秘密】\n某事项", "body", ["工作秘密"]),
    ("内部文件，不得外传", "body", ["内部文件", "不得外传"]),
    ("內部資料\n某事項", "body", ["內部資料"]),
    ("仅限内部传阅", "body", ["仅限内部传阅"]),
    ("秘密★1年（内部资料）", "body", ["内部资料"]),
    ("内部资料 第3页", "footer", ["内部资料"]),
    ("内部事项", "table_cell", ["内部事项"]),
    # prose
    ("销毁的文件材料（包括内部资料），一律交办公室处理。", "body", []),
    ("不得泄露所知悉的国家秘密和工作秘密。", "body", []),
    ("工作秘密、商业秘密和个人隐私不得公开。", "body", []),
    ("会议内容不得外传。", "body", []),
    ("内部资料管理办法", "body", []),
    ("内部资料管理办法", "header", []),
    ("注意保管好个人财物。", "body", []),
]


@pytest.mark.parametrize("text,kind,expected", RESTRICTED)
def test_control_marks(scanner, text, kind, expected):
    found = marks(scanner, text, kind, "marking.restricted")
    assert [f.text for f in found] == expected
    assert all(f.severity == "block" and f.extra["mark"] in f.reason for f in found)


@pytest.mark.parametrize("period,years", [
    ("1年", 1.0), ("十年", 10.0), ("二十五年", 25.0), ("6个月", 0.5), ("120个月", 10.0),
    ("一百年", 100.0), ("长期", None), ("启用前", None), ("2027年12月31日前", None),
])
def test_years_of(period, years):
    assert years_of(period) == years


def test_marking_span_maps_back_through_normalisation(scanner):
    text = "前言\n机 密 ★ 长 期\n正文"
    (f,) = marks(scanner, text)
    assert (f.start, f.end, f.text, f.period) == (3, 12, "机 密 ★ 长 期", "长期")


def test_a_marking_is_found_only_at_the_head_when_bare(scanner):
    # a bare level word starting a late line of prose is not a marking ...
    late = "一\n二\n三\n四\n五\n六\n七\n秘密 是指……"
    assert marks(scanner, late) == []
    # ... but the same on the first line is
    assert [f.text for f in marks(scanner, "秘密 关于\n正文")] == ["秘密"]


@pytest.mark.parametrize("name", ["markings.jsonl"])
def test_labelled_set_full_recall_and_precision(scanner, root, name):
    result = evaluate(scanner, load_cases([root / "corpus_samples" / "eval" / name]))
    assert result.cases >= 80
    c = result.group("marking")
    assert c.tp >= 80
    assert (c.fn, c.fp) == (0, 0), result.errors


def test_a_level_in_a_spreadsheet_row_does_not_take_the_next_cell_as_its_period(scanner):
    from scanner import Document, Part

    doc = Document(name="t.xlsx", sha256="0" * 64, format="xlsx",
                   parts=[Part(id="r2", kind="sheet_cell", text="年度工作计划\t秘密\t10年")])
    (f,) = scanner.find(doc)
    assert (f.type, f.text, f.level, f.period) == ("marking.classified", "秘密", "秘密", None)


def test_one_long_line_is_judged_by_the_words_around_each_level_word(scanner):
    # text extracted without line breaks: the tests look at a window around each word (linear cost),
    # and what they decide is the same as on a short line
    prose = "这是机密文件。" * 20_000
    found = [f.text for f in scanner.scan_text("秘密★1年 " + prose).findings if f.type == "marking.classified"]
    assert found == ["秘密★1年"]
    tail = [f.text for f in scanner.scan_text(prose + "密级：机密").findings if f.type == "marking.classified"]
    assert tail == ["机密"]


@pytest.mark.parametrize("text,marked,context", [
    ("工作简报\n三、某街道化解一起矛盾\n（秘密）\n8月29日，部分居民聚集。", "（秘密）", None),  # alone on its line, brackets kept
    ("附件原文件标注：秘密★1年；附件仅随纸质文件下发。", "秘密★1年", "attached"),  # this document's attachment
])
def test_bracketed_line_mark_and_a_mark_stated_of_the_documents_own_attachment(scanner, text, marked, context):
    found = [(f.text, f.extra.get("context")) for f in scanner.scan_text(text).findings if f.type == "marking.classified"]
    assert found == [(marked, context)]


def test_a_rule_saying_how_to_mark_is_still_an_example(scanner):
    assert not [f for f in scanner.scan_text("涉密文件应当标注：秘密★1年等字样。").findings if f.type == "marking.classified"]


def test_relaying_a_meeting_said_to_be_classified_is_derived(scanner):
    text = "关于传达边境管控工作会议精神的提纲\n该会议为涉密会议，县委常委参加会议。现将会议主要精神传达如下："
    assert [f.type for f in scanner.scan_text(text).findings if f.type.startswith("marking")] == ["marking.derived"]
    assert not [f for f in scanner.scan_text("涉密会议要在符合保密要求的场所召开。").findings if f.type.startswith("marking")]
