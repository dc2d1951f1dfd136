"""Document reading (scanner.reading): every genre sample in lexicons/genres.yaml does what it says."""
from __future__ import annotations

import pytest
import yaml

from scanner import ScanOptions, Scanner
from scanner.normalize import normalize
from scanner.reading import UNKNOWN, GenreRules
from scanner.rules import default_dir

DATA = yaml.safe_load((default_dir() / "genres.yaml").read_text(encoding="utf-8"))
RULES = GenreRules.from_data(DATA)


def _samples():
    for genre, s in DATA["samples"].items():
        for text in s.get("positive", []):
            yield pytest.param(genre, text, True, id=f"{genre}+{text[:10]}")
        for text in s.get("negative", []):
            yield pytest.param(genre, text, False, id=f"{genre}-{text[:10]}")


@pytest.mark.parametrize("genre,text,positive", list(_samples()))
def test_genre_sample(genre, text, positive):
    assert (RULES.read([normalize(text).text]).genre == genre) is positive


def test_every_genre_names_a_known_family_and_has_cues():
    for name, g in RULES.genres.items():
        assert g["family"] in RULES.families, name
        assert g["title"] or g["body"], name


def test_a_text_without_cues_is_unknown_and_belongs_to_no_family():
    r = RULES.read(["今天天气很好。"])
    assert (r.genre, r.family) == (UNKNOWN, "")
    assert not r.matches(["internal", "public", "reference"])


def test_evidence_says_why():
    r = RULES.read([normalize("关于申请拨付防汛经费的请示\n县财政局：\n妥否，请批示。").text])
    assert r.genre == "请示" and r.family == "internal"
    assert "标题含“请示”" in r.evidence and "正文含“妥否”" in r.evidence


def test_signals_of_a_published_page_and_of_a_passed_condition():
    r = RULES.read([normalize("某某公告\n发布时间：2024-01-01\n考试结束后由考试院公布。").text])
    assert r.published and r.condition_passed


@pytest.mark.parametrize("text,story", [
    # the reporter's narration: what a person recalled, what the caption shows, what was learnt on the spot
    ("“那年发大水，我和邻居弄了只竹排去救。”吴秀林回忆说。", True),
    ("图为在医院接受化疗的陈艺菲。", True),
    ("“当晚来了一大家子人报警，有位女同志都急哭了。”竹岛派出所民警杜林说。", True),
    ("经济网山西讯 近日，阳城县村民代表全家向医院赠送锦旗。", True),
    ("新华社北京5月3日电 记者从有关部门获悉。", True),
    ("当天上午，帮扶干部来到贫困户家中。据了解，该村现有贫困户15户。", True),
    # an office's own account of a case does not narrate; 了解 alone is not 据了解
    ("经入户调查，了解到该户2025年起基本丧失劳动能力，申请低保。", False),
])
def test_a_story_is_told_in_the_reporter_s_words(text, story):
    assert RULES.read([normalize(text).text]).story is story


@pytest.mark.parametrize("title,status", [
    ("某某实施方案\n（送审稿·第二版）", "送审稿"),
    ("关于副省长来我市调研的活动安排（第三稿）", "第三稿"),
    ("第一季度重点项目推进红黄牌通报情况（会议材料）", "会议材料"),
    ("关于石料厂坍塌事故有关情况的汇报\n（提交县政府常务会议）", "提交县政府常务会议"),
    ("区委第四巡察组\n关于对区卫生健康局党委巡察情况的反馈意见\n（讨论稿）", "讨论稿"),  # under the issuing group
    # a 人大 report for its session is published with that line
    ("关于2025年度市本级预算执行的审计工作报告\n（提交市人大常委会会议审议）", ""),
    ("关于调整城区居民生活用水价格的初步方案（代拟）", "代拟"),
    # the state of the upload is not the document's: every post sent for review awaits it
    ("【新闻稿·待审】\n某某规划通过专家评审", ""),
    ("【推文草稿】东门社区志愿者常规服务第11期", ""),
    ("关于12月22日城区临时停水的公告（送审）", ""),
    ("关于转发《某某办法（征求意见稿）》的通知", ""),  # a cited draft is another document's status
    ("某某项目评审结果公示（第二批）", ""),
    ("2026年度各区县营商环境评价得分排名（初步结果）", "初步结果"),
    ("关于2026年度营商环境评价初步结果的公示", ""),
    ("2026年度市属国有企业负责人经营业绩考核初步结果", "初步结果"),  # the result itself, not its 公示
    ("2023年县直机关公开遴选公务员面试成绩汇总（未复核）", "未复核"),  # the 公示 of a preliminary result is itself public
])
def test_a_status_in_a_bracketed_label_says_the_text_is_not_final(title, status):
    assert RULES.read([normalize(title + "\n正文。").text]).draft_status == status


def test_user_override_is_recorded_in_the_report():
    sc = Scanner(ScanOptions(ner=False, genre="保密知识"))
    d = sc.scan_text("关于防汛工作的通知\n各乡镇：请做好准备。").to_dict()
    assert d["document"]["reading"]["genre"] == "保密知识"
    assert d["document"]["reading"]["family"] == "reference"
    assert d["document"]["reading"]["overridden"] is True
    assert d["document"]["reading"]["evidence"] == ["由用户指定"]


def test_unknown_override_is_a_usage_error():
    from scanner import BaomiError

    with pytest.raises(BaomiError) as exc:
        Scanner(ScanOptions(ner=False, genre="不存在的类型"))
    assert exc.value.code == "usage"


def test_reading_is_bounded_on_a_huge_document():
    # cues are read from the head only: a megabyte of body adds nothing to the cost or the evidence
    text = "关于申请拨付防汛经费的请示\n妥否，请批示。\n" + "公示期" * 300_000
    assert RULES.read([text]).genre == "请示"


def test_markings_do_not_make_a_document_read_as_secrecy_knowledge():
    # 秘密 on every line, but as this document's own marks: talk about secrecy needs prose and another cue
    text = "\n".join(f"第{i}段：秘密★5年 申请人手机13912345678。" for i in range(1, 60))
    assert RULES.read([normalize(text).text]).family != "reference"
    sc = Scanner(ScanOptions(ner=False))
    r = sc.scan_text(text)
    assert r.verdict == "not_publishable"
    assert {f.type for f in r.findings if f.type.startswith("marking")} == {"marking.classified"}


@pytest.mark.parametrize("text,internal", [
    # a draft's status in the title block: under an issuer line, as a bracketed line under the title
    ("某某物流有限公司\n混合所有制改革实施方案\n（讨论稿）\n\n一、改革主体\n公司为集团全资子公司。", True),
    ("在全县工作会议上的讲话\n（送审稿）\n\n同志们：\n今天召开会议。", True),
    # a consultation addressed to departments is internal; the same draft put to the public is not
    ("补助资金分配方案\n（征求意见稿）\n\n各县（市、区）财政局，市直有关部门：\n请研究提出意见。", True),
    ("某某办法\n（征求意见稿）\n\n各有关单位：\n现向社会公开征求意见，社会公众可通过电子邮箱反馈。", False),
    # an upward first report, and an internal periodical with its issue line
    ("关于某某工地坍塌事故情况的初报\n市安委办、市应急管理局：\n现将初步掌握的情况报告如下。", True),
    # a report to the body it is addressed to, whatever its title calls the matter
    ("关于某小学教师涉嫌体罚学生问题的调查进展情况\n\n县教育局党组：\n    10月24日，局里接到举报。现将进展情况报告如下：\n"
     "一、已查明的情况\n二、初步处理意见", True),
    # a yearly account that the rules on transparency publish, whoever it is addressed to
    ("某县人民政府关于2023年度法治政府建设情况的报告\n\n市委、市政府：\n现将有关情况报告如下：\n一、主要举措和成效", False),
    # the same words before an assembly, in open session
    ("关于2025年度国有资产管理情况的综合报告\n\n主任、各位副主任、秘书长、各位委员：\n现将有关情况报告如下：\n一、总体情况", False),
    # the issuer's bracketed line may stand between the title and the superior it is addressed to
    ("某镇村（社区）“两委”换届人选研判情况汇报\n（镇党委换届工作领导小组 2024年12月）\n\n县委组织部：\n"
     "现将有关情况汇报如下：\n一、总体情况", True),
    ("关于某谣言案件的拟办意见\n\n经核查，系将外省旧视频配文转发。\n拟办意见：方案一……方案二……请审定。", True),
    ("网络舆情专报\n第37期\n区委网信办　　2026年10月14日\n一、前期处置", True),
    ("市场监管工作动态\n第12期\n发布时间：2026-03-01\n本局开展春季食品安全检查。", False),
    ("县防汛抗旱指挥部办公室\n防汛值班日报（第27期）\n（6月28日8时—29日8时）\n\n县防指各位指挥长：\n一、雨水情", True),
    ("某镇2026年第三季度矛盾纠纷排查化解台账\n\n填报单位：镇综治中心\n序号｜纠纷类型｜当事人", True),
    ("十位人士获此殊荣\n来源：人民日报 发布时间：2019-09-26\n十位人士获得表彰。", False),
    # a page that starts with a long paragraph has no title line to hold a cue
    ("当事人某某驾驶无道路运输证的货车从事经营活动，违反了道路运输条例第二十四条的规定，"
     "依据该条例第六十三条，本机关决定给予罚款处罚，并责令停止违法行为，当事人应当于十五日内缴纳。", False),
])
def test_a_document_internal_by_its_title_block(text, internal):
    assert RULES.read([normalize(text).text]).plainly_internal is internal


@pytest.mark.parametrize("text", [
    "卫片执法工作情况通报\n（2024年第3期）\n\n县自然资源局\n一、各乡镇进度排名",  # an issue number with its year
    "某县应急管理局值班快报\n（1月15日18时续报）\n一、事故概况",
])
def test_internal_bulletins_read_as_internal(text):
    assert RULES.read([normalize(text).text]).family == "internal"


@pytest.mark.parametrize("text,genre,family", [
    # a question is about a 纪要, it is not one
    ("以案说法｜一份会议纪要是怎样“上了网”的\n某县干部将标注“此件不公开”的会议纪要上传网站，造成泄密，被给予处分。",
     None, "reference"),
    # 如何 asks about secrecy only when the title names it
    ("李某盗窃案——开庭审理后发现应当如何处理\n被告人李某犯盗窃罪，人民法院开庭审理。", None, "public"),
    ("如何保守国家秘密\n问：什么是国家秘密？\n答：国家秘密是……", "保密知识", "reference"),
])
def test_question_titles_name_their_topic_not_their_type(text, genre, family):
    r = RULES.read([normalize(text).text])
    assert r.family == family and (genre is None or r.genre == genre)


def _signal_samples():
    for signal in ("deployment", "deliberation"):
        for kind in ("positive", "negative"):
            for text in getattr(RULES, signal).samples[kind]:
                yield signal, text, kind == "positive"


def test_a_record_of_a_matter_being_weighed_blocks_and_a_story_about_one_does_not():
    sc = Scanner(ScanOptions(ner=False))
    memo = sc.scan_text("关于某片区改造的情况\n\n区政府倾向于原址改造，初步测算需资金560万元，具体方案尚未确定。")
    story = sc.scan_text("本报讯 记者了解到，区政府倾向于原址改造，初步测算需资金560万元。")
    consultation = sc.scan_text("关于公开征求《某片区改造方案（征求意见稿）》意见的公告\n现向社会公开征求意见。"
                                "方案一：原址改造，初步测算需资金560万元；方案二：异地安置。社会公众可通过电子邮箱反馈意见。")
    assert memo.verdict == "not_publishable" and memo.reading.deliberation
    assert story.verdict == "publish"
    # options laid before the public are the point of a consultation, as its draft status is
    assert consultation.reading.deliberation and consultation.verdict != "not_publishable"


@pytest.mark.parametrize("signal,text,found", list(_signal_samples()))
def test_document_signal_samples(signal, text, found):
    assert bool(getattr(RULES.read([normalize(text).text]), signal)) is found


def test_a_deployment_plan_blocks_and_a_published_report_of_one_does_not():
    sc = Scanner(ScanOptions(ner=False))
    plan = sc.scan_text("污水处理厂项目用地调查保障工作方案\n三、力量部署\n1.公安：出动警力28人，6:30在镇政府院内集结。")
    assert plan.verdict == "not_publishable"
    assert [f.rule for f in plan.findings] == ["term.internal_document:力量部署"]
    page = sc.scan_text("发布时间：2026-03-01　来源：县公安局\n出动警力28人，6:30在镇政府院内集结，开展清查。")
    assert page.verdict == "publish"
    solved = sc.scan_text("最后一名嫌疑人落网\n民警白天便衣布控，夜里逐一排查，连续蹲守数天后将其抓获。")
    assert solved.verdict == "publish"


@pytest.mark.parametrize("text,pending", [
    ("二、资金安排（初步测算，待镇党委会研究）\n整镇推进共需资金约560万元。", "（初步测算，待镇党委会研究）"),
    ("三、处理意见（待市安委会主任会议审定）", "（待市安委会主任会议审定）"),
    ("具体办法待研究后另行通知。", ""),  # a sentence about later notice, not a note on this content
    ("四、下一步\n6月17日前完成全部评卷。\n（记录：质检组　未经组长审阅）", "（记录：质检组　未经组长审阅）"),
    ("未经审核的信息不得发布。", ""),  # a rule about others' texts, not a note on this one
])
def test_a_note_that_content_awaits_a_decision(text, pending):
    assert RULES.read([normalize(text).text]).pending == normalize(pending).text


def test_a_discussion_record_has_a_minutes_header():
    text = "投诉处理讨论记录\n时间：2025年3月12日下午\n主持：副院长\n参加：医务科、护理部负责人\n一、投诉基本情况"
    assert RULES.read([normalize(text).text]).family == "internal"


def test_a_published_page_breaks_a_tie_to_the_public_reading_and_its_navigation_bar_is_no_title():
    text = ("首页 要闻动态 专项活动 党纪党规\n某市纪检监察网\n\n县巡察工作面临的问题困难及对策建议\n"
            "2019-03-20 | 来源： 某市纪委网\n当前巡察工作也面临人员不足等困难。")
    r = RULES.read([normalize(text).text])
    assert r.published and r.family != "internal"


def test_a_cue_inside_a_longer_cue_counts_as_the_longer_one():
    r = RULES.read([normalize("区征兵办公室主任办公会议纪要\n11月22日下午，副区长主持召开主任办公会。\n一、任务完成情况").text])
    assert r.genre == "会议纪要" and r.lead > 0


def test_a_yearly_account_is_no_internal_report_whatever_it_is_called():
    r = RULES.read([normalize("市生态环境局2023年法治政府建设情况报告\n\n2023年，我局扎实推进法治政府建设。现将有关情况报告如下：").text])
    assert r.family != "internal"


def test_an_e_mail_between_offices_reads_as_internal():
    text = ("发件人：区医保局基金监管科 <jjjgk@example.gov.cn>\n收件人：区公安分局经侦大队 <jzdd@example.gov.cn>\n"
            "主题：关于某诊所涉嫌骗保线索的补充材料\n\n经侦大队：\n上周移送的线索，我科又做了补充核查。")
    assert RULES.read([normalize(text).text]).family == "internal"


def test_cues_written_with_full_width_punctuation_match_the_normalised_text():
    # 公开方式：主动公开 in genres.yaml is 公开方式:主动公开 in the text the reading sees
    r = RULES.read([normalize("索引号：114/2024-00318　公开方式：主动公开\n关于某事项的请示\n市人民政府：").text])
    assert r.published


def test_a_story_under_an_issue_line_is_a_campus_paper_not_an_office_bulletin():
    # 第860期 alone reads as a numbered internal bulletin; 本报讯 and a reporter's voice make it a paper's page
    body = ("教育部来校开展校级后备干部考察\n{}12月16日，考察组来我校开展考察工作。学校召开推荐大会，"
            "考察组组长出席会议，我校党委书记主持。会后，考察组开展个别谈话，进一步听取意见。")
    paper = RULES.read([normalize("第860期\n" + body.format("本报讯 ")).text])
    bulletin = RULES.read([normalize("第860期\n" + body.format("")).text])
    assert paper.story and paper.family == "public"
    assert not bulletin.story and bulletin.family == "internal"


@pytest.mark.parametrize("title", ["故意泄露国家秘密犯罪侦查中的典型问题", "伍某非法获取国家秘密、故意泄露国家秘密案"])
def test_an_analysis_of_a_leak_crime_reads_as_a_leak_case(title):
    text = title + "\n（一）基本案情\n2007年4月，刘某将试题及答案泄露。经保密部门鉴定，考试试题和答案均为机密级国家秘密。"
    assert RULES.read([normalize(text).text]).genre == "泄密案例"


def test_a_knowledge_title_that_starts_with_secrecy_is_no_control_line():
    # 保密知识： heads an article; a line like 内部资料 注意保密 heads a document and takes the next line along
    text = ("保密知识：过程稿也要标密\n\n在日常工作中，不少同志认为起草过程中的草稿、讨论稿还不算文件。这种认识是错误的。"
            "国家秘密标志的形式为“密级★保密期限”，例如“秘密★1年”。涉密事项的过程稿应当按照拟定的密级标注。")
    r = RULES.read([normalize(text).text])
    assert r.family == "reference" and not r.draft_status


@pytest.mark.parametrize("addressee,upward", [("区委统战部部务会：", True), ("各乡镇党委：", False), ("王女士：", False)])
def test_an_inquiry_reported_to_a_named_body_is_a_report_upward(addressee, upward):
    # the title is neutral on purpose: a title that names a cadre inspection (……考察情况) is internal by itself
    text = f"关于推荐区政协委员人选的有关情况\n\n{addressee}\n根据换届工作安排，部机关对考察对象进行了考察，情况如下：\n一、某某，男。"
    r = RULES.read([normalize(text).text])
    assert (r.family == "internal") is upward


def test_news_of_a_public_sentencing_reads_as_a_court_notice():
    text = ("丹东中院一审宣判一起案件\n2019年8月，丹东市中级人民法院对加拿大籍被告人某某一案公开宣判，"
            "依法判处其有期徒刑11年。")
    assert RULES.read([normalize(text).text]).genre == "法院公告"


def test_a_question_layout_explains_secrecy_only_with_secrecy_in_it():
    text = ("选址问题接访应答口径\n一、群众问：项目是否仍选址在林场？\n答：比选结果确定后将依法公示。\n"
            "二、群众问：是否还有其他备选地点？\n答：以政府正式公布的信息为准。")
    assert RULES.read([normalize(text).text]).family != "reference"
    quiz = "保密知识问答\n一、问：国家秘密的密级分为几级？\n答：分为绝密、机密、秘密三级。\n二、问：什么是涉密载体？\n答：记载国家秘密的载体。"
    assert RULES.read([normalize(quiz).text]).family == "reference"


@pytest.mark.parametrize("title", ["关于方丽娟同志的考察情况", "县发改委副主任职位人选考察情况汇报",
                                   "关于学校食堂问题的对外答复口径", "局长办公会议题：2024年度科技计划项目拟立项名单"])
def test_a_record_of_a_cadre_inspection_is_internal(title):
    # and the office's other working papers: a press line, a director's meeting agenda
    text = title + "\n根据区委安排，考察组对该同志进行了考察。民主测评优秀41票。\n考察组意见：建议作为人选提交常委会研究。"
    assert RULES.read([normalize(text).text]).family == "internal"
