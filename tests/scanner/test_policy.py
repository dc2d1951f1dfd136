"""The default policy on a table of cases, the policy-file checker, masking styles and the channel limit."""
from __future__ import annotations

from pathlib import Path

import pytest

from scanner import BaomiError, Document, Finding, Part
from scanner.policy import MaskStyle, Policy
from scanner.rules import Versioned


@pytest.fixture(scope="module")
def policy() -> Policy:
    return Policy.load(None, Versioned())


def F(type_: str, severity: str = "high", text: str = "x", suppressed: dict | None = None) -> Finding:
    return Finding(type=type_, severity=severity, text=text, part="p1", start=0, end=len(text), reason="r", suppressed=suppressed)


BASE = ["self_review", "leader_approval"]
PUBLISH = BASE + ["register"]
REDACT = ["redact"] + PUBLISH
MEETING = ["principal_sign", "secrecy_officer_sign", "higher_approval"]

# (case id, findings, channel, expected verdict, expected step ids) -- worked out from lexicons/policy.yaml
CASES = [
    ("clean", [], "website", "publish", PUBLISH),
    ("classified marking", [F("marking.classified", "block")], "website", "not_publishable", BASE + ["declassify"]),
    ("control mark", [F("marking.restricted", "block")], "website", "not_publishable", BASE),
    ("state secret scope, no marking", [F("term.state_secret_scope", "high")], "website", "escalate",
     BASE + ["determine_classification", "register"]),
    ("scope term even when severity is block", [F("term.state_secret_scope", "block")], "website", "escalate",
     BASE + ["determine_classification", "register"]),
    ("scope hint only", [F("term.state_secret_scope", "low")], "website", "publish", PUBLISH),
    ("classified meeting publicity", [F("term.classified_meeting", "high")], "wechat", "escalate",
     BASE + MEETING + ["register"]),
    ("classified activity publicity", [F("term.classified_activity", "high")], "website", "escalate",
     BASE + MEETING + ["register"]),
    ("meeting word in general prose", [F("term.classified_activity", "medium")], "website", "publish", PUBLISH),
    ("scope term and meeting", [F("term.classified_meeting", "high"), F("term.state_secret_scope", "medium")], "website",
     "escalate", BASE + ["determine_classification"] + MEETING + ["register"]),
    ("marking beats scope term", [F("term.state_secret_scope", "high"), F("marking.classified", "block")], "website",
     "not_publishable", BASE + ["declassify"]),
    ("marking beats personal data", [F("pii.phone"), F("marking.classified", "block")], "website",
     "not_publishable", BASE + ["declassify"]),
    ("personal data", [F("pii.phone")], "website", "publish_after_redaction", REDACT),
    ("19 ID numbers", [F("pii.id_number")] * 19, "website", "publish_after_redaction", REDACT),
    ("20 ID numbers", [F("pii.id_number")] * 20, "website", "on_request_only", BASE),
    ("commercial secret", [F("term.commercial_secret", "high")], "website", "on_request_only", BASE),
    ("bid notice after opening", [F("term.commercial_secret", "medium")], "website", "publish", PUBLISH),
    # restating a 密电 without a marking: whether it is a state secret is for the classifying authority
    ("quotes a classified carrier", [F("term.classified_carrier", "high")], "website", "escalate",
     BASE + ["determine_classification", "register"]),
    ("marked not to be published", [F("term.disclosure_control", "block")], "website", "not_publishable", BASE),
    ("marked on request only",
     [Finding("term.disclosure_control", "medium", "x", "p1", 0, 1, "r", rule="term.disclosure_control:此件依申请公开")],
     "website", "on_request_only", BASE),
    ("sensitive personal matter", [F("term.sensitive_personal", "high")], "website", "publish_after_redaction", REDACT),
    ("work secret term", [F("term.personnel", "high")], "website", "not_publishable", BASE),
    ("medium term only", [F("term.personnel", "medium")], "website", "publish", PUBLISH),
    ("email on website", [F("pii.email", "medium")], "website", "publish", PUBLISH),
    ("email on weibo", [F("pii.email", "medium")], "weibo", "publish_after_redaction", REDACT),
    ("email on wechat", [F("pii.email", "medium")], "wechat", "publish_after_redaction", REDACT),
    ("tracked deletion", [F("hidden.tracked_deletion", "high")], "website", "publish_after_redaction", REDACT),
    ("text under a redaction box", [F("hidden.under_redaction", "block")], "website", "not_publishable", BASE),
    ("image only", [F("media.image", "info")], "website", "publish", PUBLISH),
    ("picture not read", [F("media.unread", "high")], "website", "escalate", BASE + ["picture_check", "register"]),
    ("picture read with doubt", [F("media.ocr_uncertain", "high")], "website", "escalate",
     BASE + ["picture_check", "register"]),
    ("marking read from a picture beats the doubt", [F("media.ocr_uncertain", "high"), F("marking.classified", "block")],
     "website", "not_publishable", BASE + ["declassify"]),
    ("suppressed personal data", [F("pii.phone", suppressed={"by": "a"})], "website", "publish", PUBLISH),
    ("masked phone", [F("pii.phone", "low")], "weibo", "publish", PUBLISH),
]


@pytest.mark.parametrize("findings, channel, verdict, steps", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_verdict_and_routing(policy, findings, channel, verdict, steps):
    d = policy.decide(findings, channel=channel)
    assert d.verdict == verdict
    assert [s["id"] for s in d.steps] == steps


@pytest.mark.parametrize(
    "findings, reason",
    [
        ([], "未发现需要处理的内容。经科长自审、分管领导审批后可以公开。"),
        # the reason names the deciding findings: markings and terms by their words
        ([F("marking.classified", "block", "秘密★1年")], "文件标有密级标志，属于国家秘密载体，不得公开。（判定依据：“秘密★1年”）"),
        # the marking is taken by its own rule, so the general block rule adds nothing; the term adds its reason
        ([F("marking.classified", "block", "秘密★1年"), F("term.personnel", "high", "拟任")],
         "文件标有密级标志，属于国家秘密载体，不得公开。"
         "含有不宜公开的内部事项（干部任免未决事项、内部会议纪要、阅后收回的材料等），不予公开。"
         "（判定依据：“秘密★1年”、“拟任”）"),
        # personal data by kind and count only: the reason never repeats a number
        ([F("pii.phone", text="13912345678"), F("pii.id_number", text="110101199003071233")],
         "含有个人信息，不得原样公开，脱敏后公开。（判定依据：电话号码 1 处、身份证号 1 处）"),
    ],
)
def test_reason(policy, findings, reason):
    assert policy.decide(findings, channel="website").reason == reason


def test_every_step_cites_its_basis_and_speaks_chinese(policy):
    d = policy.decide([F("term.classified_meeting", "high"), F("term.state_secret_scope")], channel="weibo")
    first = d.steps[0]
    assert first["role"] == "section_chief" and first["action"] == "self_review"
    assert first["basis"] == "信息公开保密审查制度第三条"
    assert first["role_label"] == "提出公开的科室科长"
    assert d.steps[-1]["role"] == "publisher" and d.steps[-1]["action"] == "register_publication"
    assert d.steps[-1]["reason"] == "在政务微博发布，并登记发布渠道、时间和审批人（信息发布登记记录）。"
    roles = [s["role"] for s in d.steps]
    assert roles == ["section_chief", "leader_in_charge", "secrecy_bureau", "principal_leader", "secrecy_officer",
                     "higher_authority", "publisher"]
    assert all(s["basis"] for s in d.steps)


def test_declassification_goes_back_to_the_classifying_unit(policy):
    step = policy.decide([F("marking.classified", "block")], channel="website").steps[-1]
    assert (step["role"], step["action"]) == ("classifying_unit", "declassify")
    assert "与定密相同的程序" in step["reason"]


def _doc(*parts: Part) -> Document:
    return Document(name="t", sha256="0" * 64, format="txt", parts=list(parts))


@pytest.mark.parametrize(
    "channel, body, hidden, warned",
    [
        ("weibo", 2000, 0, False),
        ("weibo", 2001, 0, True),
        ("weibo", 1990, 500, False),  # a tracked deletion is not part of the post
        ("website", 5000, 0, False),
        ("wechat", 5000, 0, False),
    ],
)
def test_weibo_length_limit(policy, channel, body, hidden, warned):
    parts = [Part(id="p1", kind="body", text="字" * body)]
    if hidden:
        parts.append(Part(id="p2", kind="deleted_text", text="删" * hidden, flag="hidden.tracked_deletion"))
    warnings = policy.decide([], channel=channel, document=_doc(*parts)).warnings
    if warned:
        assert warnings == [f"正文共 {body} 字，超过政务微博 2000 字的篇幅上限，请删减或改用链接发布。"]
    else:
        assert warnings == []


@pytest.mark.parametrize(
    "style, text, masked",
    [
        (MaskStyle(4, 4), "110101199003071234", "1101**********1234"),
        (MaskStyle(3, 4), "13812345678", "138****5678"),
        (MaskStyle(3, 4), "0951-5012345", "095*-***2345"),  # separators stay
        (MaskStyle(1), "张三", "张*"),
        (MaskStyle(1), "欧阳修", "欧**"),
        (MaskStyle(1), "张", "*"),  # never leave a value whole
        (MaskStyle(1, 0, "@"), "zhang@example.cn", "z****@example.cn"),
        (MaskStyle(2, 1, char="×"), "宁A12345", "宁A××××5"),
    ],
)
def test_mask_style(style, text, masked):
    assert style.apply(text) == masked


def test_default_masking_styles(policy):
    assert policy.masking["pii.id_number"].apply("110101199003071234") == "1101**********1234"
    assert policy.masking["pii.phone"].apply("13812345678") == "138****5678"
    assert policy.masking["pii.person"].apply("张三") == "张*"


VALID = """\
version: 1
steps:
  a: {role: r, action: x, reason: 说明, basis: 依据}
rules:
  - when: {type: "pii.*"}
    verdict: publish_after_redaction
    reason: 理由
routing:
  publish: [a]
  publish_after_redaction: [a]
  on_request_only: [a]
  not_publishable: [a, $rules]
  escalate: [a]
"""


def test_minimal_policy_is_accepted():
    p = Policy.from_text(VALID)
    d = p.decide([F("pii.phone")], channel="website")
    assert d.verdict == "publish_after_redaction"
    assert [s["id"] for s in d.steps] == ["a"]


@pytest.mark.parametrize(
    "old, new, line, words",
    [
        ("verdict: publish_after_redaction", "verdict: maybe", 6, "未知的结论 maybe"),
        ('when: {type: "pii.*"}', 'when: {type: "pii.*", colour: red}', 5, "未知的键 colour"),
        ("    reason: 理由\n", "", 5, "缺少 reason"),
        ("reason: 说明, basis: 依据", "reason: 说明", 3, "缺少 basis"),
        ("  escalate: [a]\n", "", 8, "缺少结论 escalate"),
        ("  on_request_only: [a]", "  on_request_only: [a, b]", 11, "未定义的步骤 b"),
        ("version: 1", "version: 1\nlimits: 3", 2, "未知的键 limits"),
        ('when: {type: "pii.*"}', 'when: {severity: [urgent]}', 5, "未知的级别 urgent"),
        ('when: {type: "pii.*"}', "when: {min_count: 0}", 5, "min_count 应为正整数"),
        ("    verdict: publish_after_redaction\n", "    verdict: publish_after_redaction\n    steps: [nope]\n", 7,
         "未定义的步骤 nope"),
        ("  a: {role", "  a: [role", 3, "YAML 格式错误"),
    ],
)
def test_malformed_policy_names_the_line(old, new, line, words):
    text = VALID.replace(old, new)
    assert text != VALID
    with pytest.raises(BaomiError) as err:
        Policy.from_text(text, "my.yaml")
    assert err.value.code == "policy"
    assert f"my.yaml 第 {line} 行" in err.value.message
    assert words in err.value.message


def test_policy_file_changes_the_verdict_and_the_version(tmp_path: Path):
    from scanner import ScanOptions, Scanner

    strict = tmp_path / "strict.yaml"
    strict.write_text(VALID.replace('type: "pii.*"', 'type: "term.*"').replace("publish_after_redaction\n    reason", "not_publishable\n    reason"), encoding="utf-8")
    lex = tmp_path / "t.yaml"
    lex.write_text("category: demo\nentries:\n  - {term: 某某工程, severity: low, reason: 测试词条}\n", encoding="utf-8")
    default = Scanner(ScanOptions(ner=False, lexicons=[lex]))
    custom = Scanner(ScanOptions(ner=False, lexicons=[lex], policy=strict))
    text = "关于某某工程的通知"
    assert default.scan_text(text).verdict == "publish"
    assert custom.scan_text(text).verdict == "not_publishable"
    assert default.lexicon_version != custom.lexicon_version


def test_broken_policy_file_stops_the_scanner(tmp_path: Path):
    from scanner import ScanOptions, Scanner

    bad = tmp_path / "bad.yaml"
    bad.write_text(VALID.replace("verdict: publish_after_redaction", "verdict: publsh"), encoding="utf-8")
    with pytest.raises(BaomiError) as err:
        Scanner(ScanOptions(ner=False, policy=bad))
    assert err.value.code == "policy" and "bad.yaml 第 6 行" in err.value.message
