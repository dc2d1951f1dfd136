"""Dispositions: each finding judged with the document it stands in, and a verdict that honours them.

The cases are classes from the judgement issue, each written here by hand in
a few lines; the corpora in corpus_samples/judgement measure them at scale.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner import Document, ScanOptions, Scanner
from scanner.model import Part
from scanner.policy import DISPOSITIONS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sc():
    return Scanner(ScanOptions(ner=False))


def _scan(sc, text):
    return sc.scan(Document.from_text(text))


def _dispositions(report, type_prefix):
    return {(f.text, f.disposition) for f in report.findings if f.type.startswith(type_prefix)}


def test_a_marking_under_the_title_of_a_reposted_exam_is_its_own(sc):
    # a blank line between the page's title and the paper's marking does not push the marking out of the head
    r = _scan(sc, "2023年遴选公务员笔试真题回顾\n\n秘密★启用前\n\n笔试试卷\n1. 根据保守国家秘密法，国家秘密的密级分为（ ）。\n"
                  "A. 绝密、机密、秘密\n2. 对承载国家秘密的纸介质载体，应当在（ ）标注密级和保密期限。")
    assert [f.type for f in r.findings if f.type.startswith("marking")] == ["marking.classified"]
    assert r.verdict in ("escalate", "not_publishable")
    further = _scan(sc, "保密知识问答\n\n问：密级标志怎么标？\n\n答：例如\n\n秘密★1年\n\n表示保密期限一年。")
    assert [f.type for f in further.findings if f.type.startswith("marking")] == ["marking.example"]


def test_explained_marking_on_a_knowledge_page_is_an_example(sc):
    r = _scan(sc, "保密知识：密级标志怎么标？\n问：什么是密级标志？\n答：星号前写密级，星号后写保密期限。例：机密★5年，表明保密期限5年。")
    assert r.verdict == "publish"
    assert [f.type for f in r.findings if f.type.startswith("marking")] == ["marking.example"]
    assert all(f.severity == "info" and f.disposition == "note" for f in r.findings if f.type == "marking.example")


def test_a_knowledge_paper_that_is_itself_marked_still_blocks(sc):
    r = _scan(sc, "秘密★1年\n保密知识培训讲义（内部）\n问：什么是密级标志？\n答：例如机密★5年。")
    assert r.verdict == "not_publishable"
    assert ("秘密★1年", "block") in _dispositions(r, "marking.classified")
    assert "“秘密★1年”" in r.verdict_reason  # the reason names the deciding finding


def test_paragraph_mark_blocks_in_any_genre(sc):
    r = _scan(sc, "某区工作简报（第15期）\n一、经济运行平稳。\n二、（机密）关于某企业兼并重组的进展。")
    assert r.verdict == "not_publishable"
    assert ("（机密）", "block") in _dispositions(r, "marking.classified")


def test_condition_mark_keeps_its_condition_and_escalates_once_past(sc):
    live = _scan(sc, "秘密★方案公布前\n某市中考招生计划分配方案（初稿）")
    assert [f.text for f in live.findings if f.type == "marking.classified"] == ["秘密★方案公布前"]
    assert live.verdict == "not_publishable"
    stale = _scan(sc, "【真题回顾】2019年某省学业水平考试试卷（考试结束后由考试院公布）\n绝密★启用前\n语文")
    assert stale.verdict == "escalate"
    assert ("绝密★启用前", "escalate") in _dispositions(stale, "marking.classified")


def test_bracketed_control_note_and_control_mark_in_a_comment_block(sc):
    r = _scan(sc, "镇党委会议记录\n议题：森林防火。\n（本记录不得外传）")
    assert r.verdict == "not_publishable"
    from scanner import Part

    doc = Document.from_text("关于做好防汛工作的通知\n各乡镇：请做好准备。")
    doc.parts.append(Part(id="c1", kind="comment", text="此稿为内部资料，不得外传", flag="hidden.comment"))
    r2 = sc.scan(doc)
    assert r2.verdict == "not_publishable"
    assert {f.text for f in r2.findings if f.type == "marking.restricted"} == {"内部资料", "不得外传"}


def test_restating_a_telegram_escalates(sc):
    r = _scan(sc, "关于做好节日安全防范工作的通知\n各乡镇：\n根据X委密电〔2025〕7号要求，按密电附件所列名单实行驻守。")
    assert r.verdict == "escalate"
    assert any(s["id"] == "determine_classification" for s in r.routing)


def test_same_term_opposite_verdicts_by_genre(sc):
    public = _scan(sc, "干部任前公示\n经研究，拟任张某为局办公室主任。公示期为5个工作日，如有问题可来信、来电反映。")
    assert public.verdict == "publish"
    assert {d for _, d in _dispositions(public, "term.personnel")} == {"confirm"}
    internal = _scan(sc, "局党组会议纪要\n出席：局长、副局长\n议题：研究确定考察对象。会议同意将张某确定为考察对象。")
    assert internal.verdict == "not_publishable"
    assert "block" in {d for _, d in _dispositions(internal, "term.personnel")}


def test_contact_mobile_in_a_public_notice_is_confirmed_not_redacted(sc):
    r = _scan(sc, "某某项目成交公告\n一、项目编号：ABC-001\n二、采购人：某某局\n项目联系人：潘永华 电话：13394996638")
    assert r.verdict == "publish"
    phone = [f for f in r.findings if f.type == "pii.phone"][0]
    assert (phone.disposition, phone.action) == ("confirm", "confirm")
    # the same number of a private person is masked
    r2 = _scan(sc, "关于低保对象的公示\n户主张三 联系电话：13394996638")
    assert r2.verdict == "publish_after_redaction"
    assert [f.action for f in r2.findings if f.type == "pii.phone"] == ["redact"]


def test_a_finding_no_rule_takes_is_listed_low_and_the_channel_that_takes_it_flags_it(sc):
    # a car plate is medium: masked before Weibo, left on the website
    web = [f for f in sc.scan(Document.from_text("车牌京A12345")).findings if f.type == "pii.plate"]
    weibo = [f for f in sc.scan(Document.from_text("车牌京A12345"), channel="weibo").findings if f.type == "pii.plate"]
    assert [(f.severity, f.disposition, f.extra.get("detected_severity")) for f in web] == [("low", "note", "medium")]
    assert [(f.severity, f.disposition) for f in weibo] == [("medium", "redact")]


def test_publish_verdict_never_says_nothing_was_found_above_findings(sc):
    r = _scan(sc, "干部任前公示\n拟任张某为局办公室主任。公示期为5个工作日。")
    assert r.verdict == "publish" and r.findings
    assert "未发现需要处理的内容" not in r.verdict_reason


def _corpus_reports():
    sc = Scanner(ScanOptions(ner=False))
    for path in sorted((ROOT / "corpus_samples" / "judgement").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                yield rec["id"], sc.scan(Document.from_text(rec["text"], name=rec["id"]))


def test_coherence_property_over_every_corpus_report():
    """No block or escalate disposition beside a publish verdict; every disposition is known;
    the verdict is the strictest disposition's; severity and action follow the disposition."""
    strict = {"block": {"not_publishable", "on_request_only"}, "escalate": {"escalate"}, "redact": {"publish_after_redaction"}}
    order = ("not_publishable", "escalate", "on_request_only", "publish_after_redaction", "publish")
    n = 0
    for rid, r in _corpus_reports():
        n += 1
        active = [f for f in r.active]
        for f in active:
            assert f.disposition in DISPOSITIONS, (rid, f.type)
            if f.disposition in ("block", "escalate"):
                assert r.verdict != "publish", rid
                assert f.severity in ("block", "high"), (rid, f.type)
            if f.disposition in ("note", "confirm"):
                assert f.action != "redact", (rid, f.type)
                # shown, not flagged: nothing at medium or above that decides nothing
                assert f.severity in ("low", "info"), (rid, f.type, f.severity)
        implied = [v for f in active for v in strict.get(f.disposition, ())]
        if implied:
            assert order.index(r.verdict) <= max(order.index(v) for v in implied), rid
        if r.verdict == "publish" and active:
            assert "未发现需要处理的内容" not in r.verdict_reason, rid
    assert n >= 300


def test_lawful_disclosure_of_a_party_is_confirmed_in_a_penalty_decision_not_in_a_petition_reply(sc_ner=None):
    from scanner.policy import Policy
    from scanner.reading import Reading
    from scanner.rules import Versioned
    from scanner import Finding

    policy = Policy.load(None, Versioned())

    def party():
        return Finding("pii.person", "high", "姚志年", "p1", 0, 3, "r", rule="ner.person.party", action="redact")

    decided = policy.decide([party()], channel="website", reading=Reading("处罚决定", "public"))
    assert decided.verdict == "publish"
    reply = policy.decide([party()], channel="website", reading=Reading("答复", "public"))
    assert reply.verdict == "publish_after_redaction"


def test_recruitment_phrase_is_not_a_pending_appointment(sc):
    r = _scan(sc, "某县公开招考公务员公告\n报考条件：具备公务员主管部门规定的拟任职位所要求的其他条件。")
    assert not [f for f in r.findings if f.rule == "term.personnel:拟任"]
    assert r.verdict == "publish"


def test_published_appointment_news_is_confirmed_but_an_unpublished_one_blocks(sc):
    body = "区人大常委会召开会议\n会议以无记名投票方式表决，26位拟任命人选全部满票通过。"
    published = _scan(sc, body + "\n发布时间：2024-05-01 责任编辑：王明")
    assert published.verdict == "publish"
    draft = _scan(sc, "镇党委会议\n会议研究了拟提拔人选。")
    assert draft.verdict == "not_publishable"


def test_a_plainly_internal_document_blocks_on_its_own_form(sc):
    r = _scan(sc, "关于申请拨付防汛经费的请示\n县财政局：\n今年汛期提前，经费缺口较大。妥否，请批示。\n县水利局\n2025年6月1日")
    assert r.verdict == "not_publishable"
    doc = [f for f in r.findings if f.type == "term.internal_document"]
    assert [f.text for f in doc] == ["请示"] and doc[0].disposition == "block"
    # a published page with the same words, or a first line of prose, does not decide on form alone
    page = _scan(sc, "关于申请拨付防汛经费的请示\n县财政局：\n妥否，请批示。\n发布时间：2025-06-02 责任编辑：王明")
    assert not [f for f in page.findings if f.type == "term.internal_document"]
    prose = _scan(sc, "根据党组会议纪要，附后备干部名单。")
    assert not [f for f in prose.findings if f.type == "term.internal_document"]


def test_a_term_quoted_as_an_example_is_a_note_and_the_documents_own_mark_blocks(sc):
    rule = _scan(sc, "（二）标注“内部资料”“内部文件”“此件不公开”等字样的信息，不得在网站发布。")
    assert rule.verdict == "publish"
    assert [(f.text, f.disposition) for f in rule.findings if f.type.startswith("term.")] == [("此件不公开", "note")]
    own = _scan(sc, "关于某事项的通知\n（此件不公开）")
    assert own.verdict == "not_publishable"


def test_a_running_header_repeated_in_extracted_text_is_a_header(sc):
    head = "某市某工作领导小组办公室            机密                    第 {} 页"
    text = "\n".join([head.format(1), "", "关于开展检查的工作方案", "一、检查对象。", "", head.format(2), "", "二、检查内容。"])
    r = _scan(sc, text)
    assert r.verdict == "not_publishable"
    assert [f.text for f in r.findings if f.type == "marking.classified"] == ["机密", "机密"]
    # the same words once, in prose, are not a marking
    prose = _scan(sc, "关于开展检查的工作方案\n一、有关单位要保守机密，不得泄露。\n二、检查内容。")
    assert not [f for f in prose.findings if f.type == "marking.classified"]


def test_personal_data_in_an_internal_record_blocks_but_in_a_public_notice_is_masked(sc):
    person = "病例1：陈某琴，女，39岁，身份证号350102198507161829，现住某区某街道南后街133号。"
    internal = _scan(sc, f"疫情防控工作日报\n第6期\n区疾控中心报区卫健局：\n{person}\n")
    public = _scan(sc, f"困难群众救助名单公示\n现将名单公示如下，公示期5天。\n{person}\n特此公示。")
    assert internal.reading.family == "internal" and internal.verdict == "not_publishable"
    assert {f.decided_by for f in internal.findings if f.type == "pii.id_number"} == {"personal_data_in_internal_record"}
    assert public.reading.family == "public" and public.verdict == "publish_after_redaction"


def test_a_draft_that_says_so_in_its_title_block_is_blocked_a_cited_one_is_not(sc):
    own = _scan(sc, "某市养犬管理条例（送审稿）\n\n第一条 为了规范养犬行为，制定本条例。\n第二条 本条例适用于本市。")
    cited = _scan(sc, "关于《某市养犬管理条例（送审稿）》公开征求意见的通知\n现向社会公开征求意见，社会公众可通过电子邮箱反馈意见。")
    assert own.reading.draft_status == "送审稿" and own.verdict == "not_publishable"
    assert [(f.text, f.rule, f.decided_by) for f in own.findings if f.type == "term.internal_document"] == [
        ("送审稿", "term.internal_document:未定稿", "internal_document")]
    assert cited.reading.draft_status == "" and cited.verdict != "not_publishable"


@pytest.mark.parametrize("text", [
    "市国家安全局提醒，广大市民不在网络上随意发布涉及军事设施的照片和视频。",
    "切勿在朋友圈晒出军事设施照片。",
    "举报范围：\n9.操纵、经营“黄赌毒”的黑恶势力；\n10.组织策划群体性事件的黑恶势力；",
    # a penalty clause names what it punishes; an enumeration closed by 等 names a class of event
    "第八条 窃取党组织关于干部选拔任用等尚未公开事项或者其他应当保密的内容的，给予警告或者严重警告处分。",
    "节日期间，食物中毒等突发公共卫生事件，以及群体性事件和重大刑事案件等突发社会安全事件的发生几率可能上升。",
    "3.社会安全事件：包括群体性事件、影响市场稳定的突发事件、恐怖袭击、刑事案件。",
])
def test_a_reminder_not_to_share_a_kind_of_secret_is_a_note(sc, text):
    r = _scan(sc, "国家安全宣传活动\n" + text)
    assert {f.extra.get("context") for f in r.findings if f.type == "term.state_secret_scope"} == {"prohibited"}
    assert [f for f in r.findings if f.type == "term.state_secret_scope"]
    assert r.verdict == "publish"


@pytest.mark.parametrize("text,word", [
    ("这份通报没有提及被举报人的基本信息和被举报事项。", "被举报人"),
    ("需提交的证据：（7）当事人的身份、经历、职务，有无违法犯罪记录。", "犯罪记录"),
])
def test_a_text_that_names_no_one_says_so(sc, text, word):
    r = _scan(sc, "评论：保护好举报人\n" + text)
    found = [f for f in r.findings if f.text == word]
    assert found and {f.extra.get("context") for f in found} == {"negated"}
    assert {f.disposition for f in found} == {"note"}


@pytest.mark.parametrize("text", [
    "该项目事件存在升级为群体性事件的中等风险，请领导研究。",
    "北孟村2019年曾因养殖场选址发生群体性事件，现拟将该村作为备选场址。",
    "该规划目前尚未公开，请各单位注意。",
])
def test_a_risk_or_a_fact_about_a_secret_matter_is_not_a_rule(sc, text):
    r = _scan(sc, "工作动态\n" + text)
    assert [f for f in r.findings if f.type == "term.state_secret_scope"]
    assert {f.extra.get("context") for f in r.findings if f.type == "term.state_secret_scope"} == {None}
    assert r.verdict in ("escalate", "not_publishable")


def test_a_kind_of_secret_named_in_a_prohibition_is_a_note_a_statement_about_it_escalates(sc):
    rule = _scan(sc, "关于考试安排的公告\n任何组织和个人不得非法获取、传播考试试题和答案。特此公告。")
    fact = _scan(sc, "关于考试安排的公告\n本次考试试题由省统一命制，已于昨日送达。特此公告。")
    assert {f.disposition for f in rule.findings if f.type == "term.state_secret_scope"} == {"note"}
    assert rule.verdict == "publish" and fact.verdict == "escalate"


def test_a_task_force_of_a_solved_case_is_a_note_of_an_open_one_escalates(sc):
    solved = _scan(sc, "市公安局组成专案组，经过缜密侦查，于10日将犯罪嫌疑人徐某抓获。")
    open_case = _scan(sc, "专案组已掌握主要证据，下一步将对涉案人员开展调查。")
    assert solved.reading.case_closed and solved.verdict == "publish"
    assert not open_case.reading.case_closed and open_case.verdict == "escalate"


def test_a_name_in_a_sensitive_sentence_on_a_published_page_is_confirmed_in_a_draft_masked():
    sc = Scanner()  # with the name model
    body = "患者刘秀兰于3月入院治疗，目前病情稳定。"
    page = sc.scan(Document.from_text(f"医院新闻\n发布时间：2026-03-01　来源：县人民医院\n{body}"))
    draft = sc.scan(Document.from_text(f"医院新闻\n{body}"))
    pick = lambda r: {(f.text, f.disposition) for f in r.findings if f.type == "pii.person"}  # noqa: E731
    assert page.reading.published and pick(page) == {("刘秀兰", "confirm")}
    assert pick(draft) == {("刘秀兰", "redact")}


def test_a_name_in_a_sensitive_sentence_of_a_news_story_is_confirmed_in_a_form_masked():
    sc = Scanner()
    story = sc.scan(Document.from_text(
        "爱心捐款送到病床前\n本报讯 全校师生捐出的爱心款，送到了在医院住院治疗的陈艺菲小朋友病床前。"))
    form = sc.scan(Document.from_text(
        "困难群众救助审批表\n申请人：陈艺菲\n患者陈艺菲身患白血病，申请临时救助。"))
    pick = lambda r: {f.disposition for f in r.findings if f.type == "pii.person"}  # noqa: E731
    assert story.verdict == "publish" and pick(story) == {"confirm"}
    assert "redact" in pick(form) or form.verdict in ("not_publishable", "publish_after_redaction")


def test_a_name_in_an_appeal_for_help_is_confirmed_and_an_officer_named_by_post_is_no_finance_case():
    sc = Scanner()
    appeal = sc.scan(Document.from_text(
        "为吴梦洁募捐倡议书\n各位家长、各位爱心人士：\n我园教师的女儿吴梦洁确诊急性白血病，治疗费用很高，恳请大家伸出援手。"))
    assert appeal.reading.genre == "倡议"
    assert {f.disposition for f in appeal.findings if f.type == "pii.person"} == {"confirm"}
    story = sc.scan(Document.from_text(
        "4月16日，佐龙派出所民警杨贵生接到预警后，立即提醒当事人彭某不要转账，避免了银行卡内存款被骗。"))
    officer = [f for f in story.findings if f.text == "杨贵生"]
    assert officer and all(f.rule == "ner.person.post" for f in officer)


def test_a_villager_placed_by_his_village_group_is_confirmed_in_a_story_and_masked_in_a_roster():
    sc = Scanner()
    line = "沙浦村2组村民周建祥每到月末都会到村务公开栏查看村务信息。"
    story = sc.scan(Document.from_text(f"村务公开赢得群众信任\n本报讯 {line}"))
    roster = sc.scan(Document.from_text(f"低保申请家庭入户调查记录\n{line}"))
    assert {(f.type, f.rule, f.disposition) for f in story.findings if f.type.startswith("pii.")} == {
        ("pii.address", "ner.address.locality", "confirm"), ("pii.person", "ner.person.with_pii_locality", "confirm")}
    assert {f.disposition for f in roster.findings if f.type.startswith("pii.")} == {"redact"}
    # a door number leads to the house: masked in a story too
    door = sc.scan(Document.from_text("村务公开赢得群众信任\n本报讯 家住沙浦村2组18号的村民周建祥每到月末都去查看。"))
    assert "redact" in {f.disposition for f in door.findings if f.type.startswith("pii.")}


@pytest.mark.parametrize("text,disposition", [
    ("吴云峰介绍，朱某此前没有任何犯罪记录，来昆明前一直在老家务农。", "note"),
    ("經查，該人此前無任何犯罪記錄。", "note"),
    ("经查，刘某有犯罪记录。", "redact"),
    ("全市排查化解纠纷3955件，没有因调解不成发生重大群体性事件。", "note"),
    ("全年未发生重大群体性事件。", "note"),
])
def test_a_sensitive_word_denied_right_before_it_discloses_nothing(text, disposition):
    r = Scanner(ScanOptions(ner=False)).scan_text(text)
    assert [f.disposition for f in r.findings if f.type in ("term.sensitive_personal", "term.state_secret_scope")] == [
        disposition]


def test_an_internal_document_relaying_a_secret_telegram_goes_to_the_classifying_office_first():
    sc = Scanner(ScanOptions(ner=False))
    relayed = sc.scan_text("关于近期学校疫情防控工作的情况报告\n\n市卫生健康委：\n按照省卫生健康委密电要求，现将我县情况报告如下：\n一、疫情概况")
    assert relayed.reading.plainly_internal
    assert relayed.verdict == "escalate"
    # the internal finding gives way with the verdict: the verdict stays the strictest disposition
    assert {f.disposition for f in relayed.findings} == {"escalate"}
    assert any(s["id"] == "determine_classification" for s in relayed.routing)
    plain = sc.scan_text("关于近期学校疫情防控工作的情况报告\n\n市卫生健康委：\n现将我县情况报告如下：\n一、疫情概况")
    assert plain.verdict == "not_publishable"


def test_a_record_of_ids_and_bank_accounts_is_withheld_and_a_notice_of_the_same_is_masked():
    sc = Scanner(ScanOptions(ner=False))
    rows = ("户主｜身份证号｜补偿金额（元）｜收款账号\n"
            "胡德明｜42060619620514251X｜21600｜6217002640001234561\n")
    record = sc.scan_text("附属设施拆除补偿款发放表（第一批）\n经办人核对后报财政分局拨付\n" + rows)
    assert record.verdict == "not_publishable"
    assert "personal_financial_record" in {f.decided_by for f in record.findings}
    notice = sc.scan_text("附属设施拆除补偿款发放结果公示\n现将补偿款发放情况予以公示，公示期7天。\n" + rows)
    assert notice.verdict == "publish_after_redaction"


@pytest.mark.parametrize("text,rule,verdict", [
    # a named whistle-blower blocks, masked or not
    ("信访件办理情况的公开\n举报人：季海燕，电话13856062719，反映搅拌站夜间施工噪声扰民。", "exposed_whistleblower",
     "not_publishable"),
    # a page that explains secrecy may say how content is withheld: an example, not this page's own statement
    ("保密知识｜什么是工作秘密\n问：什么是工作秘密？\n答：工作秘密是指……涉及的人员名单不扩大知悉范围。",
     "example_marking", "publish"),
    # a 请示's own closing formula says what it is, not that it is unfinished
    ("关于申请拨付防汛经费的请示\n县财政局：\n……妥否，请批示。", "upward_formula", None),
    # a 专案组 in a published news story
    ("发布时间：2026-03-01　来源：县公安局\n本报讯 县公安交警大队成立专案组，印发协查通报，寻找肇事车辆。",
     "published_story_scope", "publish"),
])
def test_rules_of_this_round_decide_their_findings(text, rule, verdict):
    r = Scanner().scan_text(text)
    assert rule in {f.decided_by for f in r.findings}
    if verdict is not None:
        assert r.verdict == verdict


@pytest.mark.parametrize("text,found", [
    # a lexicon term is reported once, as the term; the withheld pattern covers the other wordings
    ("名单暂不对外公布。", [("term.disclosure_control", "暂不对外公布")]),
    ("名单暂不对外发布。", [("marking.withheld", "暂不对外发布")]),
    # a control mark inside or over a disclosure-control term is the same statement
    ("关于某事项的通知\n（此件不上网）", [("term.disclosure_control", "此件不上网")]),
    ("（仅供领导参阅）\n某某情况专报", [("term.disclosure_control", "仅供领导参阅")]),
])
def test_a_withheld_statement_is_reported_once(text, found):
    r = Scanner(ScanOptions(ner=False)).scan_text(text)
    assert [(f.type, f.text) for f in r.findings] == found


@pytest.mark.parametrize("text,verdict", [
    # an archive on exhibition, a memoir of the Long March: history, not a telegram being restated
    ("本次展览展出革命历史档案230余件，其中包括1949年解放前夕地下党组织使用的密电底稿。", "publish"),
    ("1934年红军主力长征前夕，这位机要员奉命留守，负责保管部队留下的密电码本。", "publish"),
    ("1962年的这份密电原件现藏于县档案馆。", "publish"),
    # a memoir dates its story a paragraph before the telegram it tells of
    ("1953年起他在中央机要局工作，1956年底进藏。\n\n聂老说，公路不通，又没有电话，通讯全靠密码电报。", "publish"),
    # a birth year dates a person, not an event: the telegram is current
    ("张某，1965年3月出生，现任局长。\n按照省委密电要求，请张某同志做好准备。", "escalate"),
    # a recent year or none: the telegram is current and its content is being relayed
    ("根据省委2024年密电要求，各单位加强值守。", "escalate"),
    ("按照上级密电安排，提前做好准备。", "escalate"),
    # history does not excuse an internal document relaying a current one
    ("关于近期工作的情况报告\n\n市委办公室：\n按照省委密电要求，现将我县纪念红军长征活动筹备情况报告如下：", "escalate"),
])
def test_a_secret_carrier_of_long_ago_is_history_a_current_one_escalates(sc, text, verdict):
    r = _scan(sc, text)
    assert r.verdict == verdict
    carriers = {f.disposition for f in r.findings if f.type == "term.classified_carrier"}
    assert carriers <= {"note"} if verdict == "publish" else carriers == {"escalate"}


def test_a_recommendation_ballot_reported_in_a_story_is_confirmed_but_blocks_in_minutes(sc):
    story = _scan(sc, "考察组来校开展干部考察\n本报讯 12月16日，考察组来我校开展考察工作。与会人员以无记名方式"
                      "填写了民主推荐票。会后，考察组开展个别谈话。")
    minutes = _scan(sc, "党委会会议纪要\n出席：全体党委委员\n列席：组织部长\n议题：干部推荐\n会议研究，张某某民主推荐票位列第二。")
    assert story.reading.story and story.verdict == "publish"
    assert {f.decided_by for f in story.findings if f.type == "term.personnel"} == {"story_personnel_process"}
    assert {f.disposition for f in story.findings if f.type == "term.personnel"} == {"confirm"}
    assert minutes.verdict == "not_publishable"


def test_personal_data_hidden_in_an_internal_record_blocks_it_too(sc):
    body = "疫情防控工作日报\n第6期\n区疾控中心报区卫健局：\n一、总体情况\n今日新增密接12人。\n"
    doc = Document.from_text(body)
    doc.parts.append(Part(id="h1", kind="hidden_text", text="密接人员赵立新，手机18293960575，已落实隔离。",
                          flag="hidden.hidden_text"))
    r = sc.scan(doc)
    assert r.reading.family == "internal" and r.verdict == "not_publishable"
    assert {f.decided_by for f in r.findings if f.type == "pii.phone"} == {"personal_data_in_internal_record"}


@pytest.mark.parametrize("text,verdict", [
    # an instruction to keep a specific pending matter from a named party, or until a set time
    ("二、时间安排\n各轮次出发前1小时通知集合地点，不得提前告知企业。", "not_publishable"),
    ("四、工作要求\n公示前，各镇不得向本人或家长透露定兵结果。", "not_publishable"),
    ("在公示前，参会人员不得对外透露讨论情况。", "not_publishable"),
    # a general rule about everybody, or about personal data: no pending matter of this document
    ("干部的任免、调动，正式文件未下发前，任何人不得向外泄露和传播。", "publish"),
    ("窗口工作人员不得向他人透露申请人的个人信息。", "publish"),
    ("请勿向陌生人透露短信验证码。", "publish"),
    ("任何单位和个人不得向投标人透露评标委员会成员名单。", "publish"),
])
def test_an_instruction_to_keep_a_pending_matter_from_someone_withholds_it(sc, text, verdict):
    r = _scan(sc, text)
    assert r.verdict == verdict
    assert any(f.type == "marking.withheld" for f in r.findings) is (verdict == "not_publishable")
