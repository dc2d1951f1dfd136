"""Document reading: what a document is, decided from its own structure and wording.

The same finding counts in opposite ways depending on the document: 拟任 in a
published 任前公示 is public by law, 考察对象 in an internal 纪要 is not; a
机密★5年 explained on a 保密知识 page is not that page's marking.  Phrase
lists attached to single terms (``public_when``) cannot see this, so the
document is read once, as a whole, and the policy's rules take the reading
as a condition (``genre:``).

The reading is a score over cue words in the title lines and the body, plus
a few structures (question-and-answer layout, numbered articles, a minutes
header).  The cues are data (``lexicons/genres.yaml``) with samples the tests
run; the result carries its evidence so a reviewer can see why, and a user
can override it (``--genre``), which the report records.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from .dates import event_passed, long_past
from .normalize import normalize
from .signals import Deliberation, Deployment

UNKNOWN = "未识别"
STRONG = 6  # the score an internal reading needs before the document alone decides the verdict
LEAD = 3  # ... and its lead over the best reading of another family
BODY_CAP = 4  # distinct body cues counted per genre: a long page must not win on length alone
HEAD_CHARS = 4000  # cues are read from the first characters: cost stays bounded on huge documents
TITLE_MAX = 80  # longer first lines are prose (a page pasted as one paragraph), whatever words they hold

# A first line that is not the title: the issuer's 红头, or a line of marks (秘密★1年, 内部资料 注意保存).
_HEAD_LINE = re.compile(r"(?:文件|办公室|办公厅|人民政府|委员会|公司|集团|指挥部|管委会|中心|学校|中学|小学|医院|大队|支队|办事处|"
                        r"巡察组|巡视组|督查组|督导组|工作组|检查组|领导小组|[局委部院厅处科室])$|★"
                        r"|^[^，。]{0,10}(?:内部|注意|保存|保密(?!知识|常识|小知识|提醒|宣传|教育|课堂|小贴士)|密级)")
# A line under the title that says what state the document is in: （讨论稿）, （根据录音整理，未经本人审阅）,
# 【新闻稿·待审】, （第6期）.  It belongs to the title: GB/T 9704 puts a draft's status in brackets there.
_STATUS_LINE = re.compile(r"^[（(【〔\[][^\n]{1,40}[）)】〕\]]$")
# A draft's status in its title block, and a line addressed to the bodies asked for their views:
# a consultation inside the administration, not one with the public.
_DRAFT_STATUS = re.compile(r"征求意见稿|讨论稿|送审稿|修改稿|初稿|草稿|代拟稿|未定稿")
_PUBLIC_CONSULTATION = re.compile(r"向社会|社会公众|社会各界|广大市民|公众|公开征求")
# The document's own status, as a draft marks it: in brackets in its title block or ending a title line.
# 征求意见稿 is left to the reading (a public consultation publishes one); 草案 too (drafts of laws are published).
# (讨论稿), and a status inside a bracketed label (（送审稿·第二版）, （第三稿）, （会议材料）, （提交县政府常务会议）: a paper
# for a government's or a party group's own meeting, not a 人大 report for its session): the text says it is
# a version of a document still being settled.  The state of the upload itself (【推文草稿】, 【新闻稿·待审】,
# 公告（送审）) is not one: every text sent for this review is awaiting it.
_OWN_STATUS = re.compile(
    r"[（(【〔\[][^（(【〔\[）)】〕\]\n]{0,12}?(讨论稿|送审稿|代拟稿|修改稿|审议稿|报审稿|初稿|未定稿|第[一二三四五六七八九十\d]{1,2}稿|代拟|未审定|未复核|待复核|未审核|初步结果|初评结果|会议材料|会议资料|上会材料|提交[\u4e00-\u9fff]{0,8}?(?:常务会议|办公会|党组会|党委会|专题会))"
    r"[^（(【〔\[）)】〕\]\n]{0,8}[）)】〕\]]|(讨论稿|送审稿|代拟稿|未定稿|初步结果|初评结果|初步方案)\s*$", re.M)
_ISSUE_LINE = re.compile(r"^[（(]?\s*(?:\d{4}\s*年\s*)?第\s*\d+\s*期|[（(]\s*(?:\d{4}\s*年\s*)?第\s*\d+\s*期")  # 第6期 under the title, 日报（第27期）in it
# When two readings score alike, the one that asks more of the reviewer wins: internal before public.
FAMILY_ORDER = {"internal": 0, "reference": 1, "public": 2}
PUBLISHED_ORDER = {"reference": 0, "public": 1, "internal": 2}
# a site's navigation bar above the page (首页 > 要闻动态 > 正文, 当前位置：): not the page's title
_NAV = re.compile(r"^(?:首页|当前位置|您的位置|您现在的位置|位置\s*[:：])")
_SENTENCE_END = re.compile(r"[。！？!?；;]\s*$")
_MARKING_FORM = re.compile(r"(?:绝密|机密|秘密)\s*(?:级\s*)?[★☆*＊✱]")
_QA = re.compile(r"^\s*(?:问|答|Q|A)\s*[:：]", re.M)
_QUESTION = re.compile(r"^\s*(?:\d+|[一二三四五六七八九十]+)\s*[.、．)）]\s*[^\n]{2,60}[？?]\s*$", re.M)
_ARTICLE = re.compile(r"^\s*第[一二三四五六七八九十百零〇\d]+条", re.M)
# an e-mail's header (发件人：…, 收件人：…, 主题：…): correspondence between offices, never a public text
_MAIL_HEADER = re.compile(r"^\s*(?:发件人|收件人|抄送人?|主题|发送时间)\s*[:：]", re.M)
_MINUTES = re.compile(r"^\s*(?:出席|列席|缺席|请假|参加人员|参会人员|与会人员|参加|记录人|记录|主持人|主持|议题)\s*[:：]", re.M)
# a bracketed note that part of the content awaits a decision: （初步测算，待镇党委会研究）
# （待常委会研究决定）, and a record not yet approved by the one it records (（记录：质检组  未经组长审阅）)
_PENDING = re.compile(r"[（(][^）)\n]{0,20}(?:待[^）)\n]{0,12}(?:研究|审定|审议|决定|批准)|未经[^）)\n]{0,8}(?:审阅|审定|审核|签发))"
                      r"[^）)\n]{0,6}[）)]")
_SUBJECT = re.compile(r"关于[^\n]+的(?=[^的\n]{1,12}(?:[（(][^\n]{0,16}[）)])?$)", re.M)
_QUESTION_TITLE = re.compile(r"怎样|如何|怎么|为什么|为何|是什么|什么是|[？?]")
# A title naming another document: its words say what that document is, not this one.
_CITED = re.compile(r"《[^》\n]{0,60}》")
# An upward document: the title ends in 请示/报告 and the next line is the superior it is addressed to.
_UPWARD_TITLE = re.compile(r"(?:请示|报告|汇报|[初续专快]报)\s*$")
# a person quoted in a reporter's words: “……”他说。 / 介绍说：“……”
_QUOTED_SPEECH = re.compile(r"”[^。\n“”]{0,15}?(?:说|介绍|表示|回忆)[。.]|(?:说|介绍|表示)[:：]“")
# a news dateline opening a paragraph: 经济网山西讯 近日……, 新华社北京5月3日电
_DATELINE = re.compile(r"(?m)^[\u4e00-\u9fff]{2,16}讯(?=近日|日前|\d|[(（])|^[\u4e00-\u9fff]{2,12}\d{1,2}月\d{1,2}日电")
# a yearly report or summary (2023年度法治政府建设情况的报告, 2024年工作总结): the accounts that the rules on
# government transparency have published, whoever they are addressed to
_ANNUAL = re.compile(r"\d{4}\s*年(?:上半年|全年)?工作(?:报告|总结)|法治政府建设[^\n]{0,8}报告"
                     r"|政府信息公开[^\n]{0,10}报告")
# 现将……报告如下 / 汇报如下 / 请示如下: the writer reports to the body it addressed; 说明如下 / 汇总如下
# too when the addressee is no private person (a 答复 explains things to 王先生 in public)
_REPORTS_UP = re.compile(r"[现特]将[^。\n]{0,40}?(报告如下|汇报如下|请示如下)")
_EXPLAINS_UP = re.compile(r"(?:[现特]将|情况|申报情况|进展)[^。\n]{0,40}?(说明如下|汇总如下)")
# what a body addressed by name (not 各乡镇：) is told of an inquiry made for it: 对考察对象进行了考察，情况如下
_INQUIRY_UP = re.compile(r"(?:考察|调查|核查|摸底|调研|走访)[^。\n]{0,20}?(情况如下)")
_PRIVATE_ADDRESSEE = re.compile(r"(?:先生|女士|同志|朋友|网友|市民|群众|同学|家长|您好)[:：]\s*$")
# a leader addressed by surname and post (李局长：): a memo inside the office, never a public text
_TO_LEADER = re.compile(r"^[\u4e00-\u9fff]{1,2}(?:局长|书记|主任|县长|市长|区长|镇长|乡长|部长|处长|科长|厅长|院长|校长|总经理|董事长)[:：]\s*$")
_ADDRESSEE = re.compile(r"^[\u4e00-\u9fff、，,（）()]{2,30}[:：]\s*$")


@dataclass(frozen=True)
class Reading:
    """What the document is: genre, its family, why, and document-wide signals."""

    genre: str = UNKNOWN
    family: str = ""
    evidence: tuple[str, ...] = ()
    published: bool = False
    condition_passed: bool = False
    overridden: bool = False
    scores: tuple[tuple[str, int], ...] = ()
    lead: int = 0  # how far the reading scores above the best reading of another family
    cue: str = ""  # the title word that decided the genre, where there is one
    draft_status: str = ""  # （讨论稿）, （送审稿）… in the title block: the document says it is not final
    case_closed: bool = False  # the document reports a case as solved (破获, 抓获, 判处): its 专案组 has done its work
    story: bool = False  # written as a news report (本报讯, 记者, 通讯员): the people in it are its subjects
    deployment: str = ""  # forces set out for an operation still to come (警力28人 … 便衣): the words that show it
    pending: str = ""  # a bracketed note that content awaits a decision (（初步测算，待镇党委会研究）)
    deliberation: str = ""  # a matter still being weighed (初步意见、倾向于): the words that show it

    SIGNALS = ("published", "condition_passed", "overridden", "draft_status", "case_closed", "story", "deployment",
               "pending", "deliberation")

    @property
    def plainly_internal(self) -> bool:
        """Internal by its own form, clear of any other reading, and not a page already published.

        Such a document is not to be posted whatever words it holds: a 请示
        awaiting approval, a 纪要, an internal 专报.  The lead keeps a 会议新闻
        that happens to say 出席 and 议题 from being taken for a 纪要.
        """
        if self.family != "internal" or self.published or self.overridden or not self.cue:
            return False
        return bool(self.scores) and self.scores[0][1] >= STRONG and self.lead >= LEAD

    def matches(self, names: Sequence[str]) -> bool:
        """A policy condition names genres or families; ``未识别`` matches the name itself only."""
        return self.genre in names or (bool(self.family) and self.family in names)

    def to_dict(self, labels: dict[str, str] | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"genre": self.genre, "family": self.family, "evidence": list(self.evidence)}
        if labels and self.family:
            out["family_label"] = labels.get(self.family, self.family)
        # the signals only when they hold, so an ordinary report stays short
        out.update({k: getattr(self, k) for k in self.SIGNALS if getattr(self, k)})
        return out


@dataclass(frozen=True)
class GenreRules:
    genres: dict[str, dict[str, Any]]
    families: dict[str, str]
    structures: dict[str, int]
    signals: dict[str, tuple[str, ...]]
    min_score: int = 3
    title_lines: int = 3
    samples: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    deployment: "Deployment | None" = None
    deliberation: "Deliberation | None" = None

    @staticmethod
    def from_data(data: dict[str, Any]) -> "GenreRules":
        def norm(words: Any) -> tuple[str, ...]:
            # cues are looked for in normalised text (来源: for 来源：, (主动公开) for （主动公开）): normalise them alike
            return tuple(dict.fromkeys(normalize(w).text for w in words or ()))

        genres = {}
        for name, spec in (data.get("genres") or {}).items():
            genres[name] = {
                "family": spec["family"],
                "title": norm(spec.get("title")),
                "body": norm(spec.get("body")),
                "structure": tuple(spec.get("structure") or ()),
                "topic": tuple(spec.get("topic") or ()),
                "title_weight": int(spec.get("title_weight", 3)),
                "topic_min": int(spec.get("topic_min", 6)),
                "needs_topic": frozenset(spec.get("title_needs_topic") or ()),
            }
        return GenreRules(
            genres=genres,
            families=dict(data.get("families") or {}),
            structures={k: int(v) for k, v in (data.get("structures") or {}).items()},
            signals={k: norm(v) for k, v in (data.get("signals") or {}).items()},
            min_score=int(data.get("min_score", 3)),
            title_lines=int(data.get("title_lines", 3)),
            samples=dict(data.get("samples") or {}),
            reasons=dict(data.get("reasons") or {}),
            deployment=Deployment.from_data(data["deployment"]) if data.get("deployment") else None,
            deliberation=Deliberation.from_data(data["deliberation"]) if data.get("deliberation") else None,
        )

    @cached_property
    def _cues(self) -> frozenset[str]:
        words = {w for g in self.genres.values() for w in (*g["title"], *g["body"])}
        return frozenset(words | {w for ws in self.signals.values() for w in ws})

    def read(self, texts: Sequence[str], override: str | None = None, today: date | None = None) -> Reading:
        """``texts`` are the normalised texts of the parts the reader sees, in order; ``today`` is the day of
        the review, against which an exam date the document states has passed (none given: not asked)."""
        body = "\n".join(texts)[:HEAD_CHARS]
        lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
        while lines and _NAV.match(lines[0]):
            lines = lines[1:]
        head = _title_block(lines)
        # 关于<subject>的<kind>: the subject's words (党委会, 办公会, 考察) say what the document is about,
        # the kind at the end (规定, 通知, 纪要) what it is
        title = _SUBJECT.sub("关于…的", _CITED.sub("《》", "\n".join(head)))
        title_words = self._words(title)
        annual = _ANNUAL.search(title) is not None  # a yearly account the rules publish, whatever it is called
        question = bool(head) and _QUESTION_TITLE.search(head[0]) is not None
        body_words = self._words(body)
        structures = _structures(body)
        draft = _DRAFT_STATUS.search(title)
        if draft and any(_ADDRESSEE.match(ln) for ln in lines[len(head):len(head) + 3]) \
                and not _PUBLIC_CONSULTATION.search(body):
            structures.add("addressed_draft")
        if any(_ISSUE_LINE.search(ln) for ln in lines[:4]):
            structures.add("issue_line")
        prose = _MARKING_FORM.sub("", body)
        upward = _upward(lines)
        if upward:
            structures.add("upward_report")
        scores: dict[str, int] = {}
        evidence: dict[str, list[str]] = {}
        for name, g in self.genres.items():
            ev: list[str] = []
            score = 0
            on_topic = any(t in title for t in g["topic"])
            if (question or annual) and g["family"] == "internal":
                # 一份会议纪要是怎样“上了网”的: a question is about a 纪要, it is not one; and
                # 2023年法治政府建设情况报告 is the yearly account the rules have published
                title_hits = ()
            else:
                title_hits = g["title"]
            for w in title_hits:
                # a cue inside a longer cue of another genre counts as that one: 会议纪要 is no 会议 news
                if w not in title_words or any(w != v and w in v and v not in g["title"] for v in title_words):
                    continue
                # 如何, 是什么 ask about the genre's topic only when the title names it (如何保守国家秘密);
                # 李某盗窃案应当如何处理 asks about something else
                if on_topic or w not in g["needs_topic"]:
                    score += g["title_weight"]
                    ev.append(f"标题含“{w}”")
            hits = [w for w in g["body"] if w in body_words][:BODY_CAP]
            score += len(hits)
            ev.extend(f"正文含“{w}”" for w in hits)
            # a page that keeps talking about secrecy explains it -- but only with another sign of that
            # (a title or body cue), and marking forms themselves (秘密★5年) are not talk about secrecy:
            # a classified document marked on every line must never read as a 保密知识 page
            if g["topic"] and score and sum(prose.count(w) for w in g["topic"]) >= g["topic_min"]:
                score += 3
                ev.append("通篇讲解" + "、".join(g["topic"][:3]))
            # a layout (问/答, numbered questions) says what a page explains only with its topic in it: an
            # 应答口径 or a service FAQ is laid out as questions too
            on_page = not g["topic"] or any(t in body for t in g["topic"])
            for s in g["structure"]:
                if s in structures and on_page:
                    score += 2 * self.structures.get(s, 1)
                    ev.append(STRUCTURES[s])
            if score:
                scores[name] = score
                evidence[name] = ev
        names = list(self.genres)
        # what every reading carries, whatever genre it names: the document-wide signals of genres.yaml, and
        # below those the text's structure shows
        common: dict[str, Any] = {
            signal: any(w in body_words for w in self.signals.get(signal, ()))
            for signal in ("published", "condition_passed", "case_closed", "story")
        }
        # a tie goes to the reading that asks more of the reviewer -- unless the page is already published or
        # told as a story (本报讯 under an issue line: a campus paper), where a tie between a 工作动态 and a 新闻
        # is a newsroom's page, not an office's bulletin
        order = PUBLISHED_ORDER if common["published"] or common["story"] else FAMILY_ORDER
        ranked = tuple(sorted(scores.items(), key=lambda kv: (
            -kv[1], order.get(self.genres[kv[0]]["family"], 3), names.index(kv[0]))))
        status = _OWN_STATUS.search(title)
        if today is not None and not common["condition_passed"]:
            # 考试时间：2024年8月17日, read in 2026; or a document whose every date is two years old
            common["condition_passed"] = event_passed(body, today) or long_past(body, today)
        if not common["story"]:
            # “……”民警杜林说。: a reporter quotes people; 经济网山西讯 / 新华社北京5月3日电: a dateline
            common["story"] = _QUOTED_SPEECH.search(body) is not None or _DATELINE.search(body) is not None
        if self.deployment is not None:
            common["deployment"] = self.deployment.find(body)
        if self.deliberation is not None:
            common["deliberation"] = self.deliberation.find(body)
        pending = _PENDING.search(body)
        common["pending"] = pending.group(0) if pending else ""
        common.update(scores=ranked, draft_status=(status.group(1) or status.group(2)) if status else "")
        if override:
            fam = self.genres.get(override, {}).get("family", override if override in self.families else "")
            return Reading(override, fam, ("由用户指定",), overridden=True, **common)
        if not ranked or ranked[0][1] < self.min_score:
            return Reading(UNKNOWN, "", (), **common)
        best = ranked[0][0]
        fam = self.genres[best]["family"]
        other = max((sc for g, sc in ranked if self.genres[g]["family"] != fam), default=0)
        # the word a plainly internal reading rests on must stand in a title, not in a first line of prose
        prose_head = any(_SENTENCE_END.search(ln) for ln in head if not _STATUS_LINE.match(ln))
        cue = "" if prose_head else next((w for w in self.genres[best]["title"] if w in title_words), "")
        if not cue and upward and "upward_report" in self.genres[best]["structure"]:
            cue = upward  # the 请示 or 报告 that ends a title addressed to a superior
        if not cue and draft and "addressed_draft" in structures and "addressed_draft" in self.genres[best]["structure"]:
            cue = draft.group(0)  # the 征求意见稿 of a draft sent round the departments
        return Reading(best, fam, tuple(evidence[best][:6]), lead=ranked[0][1] - other, cue=cue, **common)

    def _words(self, text: str) -> set[str]:
        # a few hundred substring tests over a bounded head: overlapping cues (任前公示 in 干部任前公示) all count
        return {w for w in self._cues if w in text}


STRUCTURES = {
    "qa_layout": "问答体（问：/答：）",
    "numbered_questions": "编号的问题列表",
    "articles": "分条（第X条）",
    "minutes_header": "会议记录格式（出席、列席、议题）",
    "upward_report": "上行文格式（标题为请示或报告、下一行为主送机关，或主送一个机关并写明“现将……报告如下”）",
    "addressed_draft": "标题标明未定稿，并主送有关单位征求意见（不是向社会公开征求意见）",
    "issue_line": "期号行（第X期）",
    "mail_header": "电子邮件的信头（发件人、收件人、主题）",
}


def _title_block(lines: list[str]) -> list[str]:
    """The title and what belongs to it: the first line; the next when the first is only a 红头, a
    control line or a bracketed label (【新闻稿·待审】); and a bracketed status line right under it."""
    if not lines or len(lines[0]) > TITLE_MAX:  # a page that starts with a paragraph has no title line
        return []
    block = [lines[0]]
    if len(lines) > 1 and (_HEAD_LINE.search(lines[0]) or _STATUS_LINE.match(lines[0])):
        block.append(lines[1])
    nxt = len(block)
    if nxt < len(lines) and _STATUS_LINE.match(lines[nxt]):
        block.append(lines[nxt])
    return block


def _upward(lines: list[str]) -> str:
    """The word that shows a document addressed upward, or "".

    The title may say it (请示, 报告 at its end, the superior on the next line); or the
    document, addressed to one body (县教育局党组：), says it is reporting to it
    (现将进展情况报告如下) whatever its title calls the matter.  An assembly addressed as
    各位委员 hears a report delivered in open session, not an internal one.
    """
    def superior(line: str) -> bool:
        return bool(_ADDRESSEE.match(line)) and "各位" not in line

    for i, line in enumerate(lines[:4]):
        m = _UPWARD_TITLE.search(_CITED.sub("", line))
        if m and _ANNUAL.search(line):
            return ""  # 关于2023年度法治政府建设情况的报告: a yearly account, which the law has published
        if m:
            # the superior on the next line, or after the issuer's bracketed line under the title
            nxt = i + 2 if i + 2 < len(lines) and _STATUS_LINE.match(lines[i + 1]) else i + 1
            if nxt < len(lines) and superior(lines[nxt]):
                return m.group(0).strip()
            break
    for i, line in enumerate(lines[1:5], start=1):
        if _TO_LEADER.match(line):
            return line.rstrip(":： ")
        if superior(line):
            after = "\n".join(lines[i + 1:i + 4])
            private = _PRIVATE_ADDRESSEE.search(line) is not None
            m = _REPORTS_UP.search(after) or (None if private else _EXPLAINS_UP.search(after))
            if m is None and not private and not line.startswith("各"):
                m = _INQUIRY_UP.search(after)
            return m.group(1) if m else ""
    return ""


def _structures(text: str) -> set[str]:
    found = set()
    if len(_QA.findall(text)) >= 2:
        found.add("qa_layout")
    if len(_QUESTION.findall(text)) >= 2:
        found.add("numbered_questions")
    if len(_ARTICLE.findall(text)) >= 2:
        found.add("articles")
    if len(_MINUTES.findall(text)) >= 2:
        found.add("minutes_header")
    if len(_MAIL_HEADER.findall(text)) >= 2:
        found.add("mail_header")
    return found
