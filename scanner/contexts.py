"""Where a term stands in its clause: quoted as an example, forbidden, denied, or told of long ago.

A lexicon term says what kind of thing a passage is about; only its clause says
whether this document discloses one.  标注“此件不公开”等字样 names the words,
不得传播考试试题 states a rule, 未发生群体性事件 denies one, and 1949年地下党使用的
密电底稿 shows an archive on exhibition.  Each reading is a context the policy
rules can name (lexicons/policy.yaml ``context:``), so a verdict can say why a
word that usually blocks did not.
"""
from __future__ import annotations

import re

_QUOTE_OPEN, _QUOTE_CLOSE = "“\"「『‘", "”\"」』’"
_EXAMPLE_AFTER = re.compile(r"\s*(?:[、，,]\s*[“\"「『‘][^”\"」』’\n]{1,12}[”\"」』’])*\s*(?:等|之类|字样|的字样|标注|标志|标识|字眼)")
_EXAMPLE_BEFORE = re.compile(r"(?:标注|标明|标有|注明|写有|印有|带有|含有|如|例如|比如|诸如|所谓)\s*[:：]?\s*(?:[“\"「『‘][^”\"」』’\n]{1,12}[”\"」』’][、，,]\s*)*$")


def quoted_example(text: str, start: int, end: int) -> bool:
    """A term in quotation marks that a sentence names as an example (标注“此件不公开”等字样的信息):
    the rule or the quiz talks about the words, the document is not marked with them."""
    lo = start - 1
    while lo >= 0 and start - lo <= 4 and text[lo] not in _QUOTE_OPEN:
        lo -= 1
    hi = end
    while hi < len(text) and hi - end <= 4 and text[hi] not in _QUOTE_CLOSE:
        hi += 1
    if lo < 0 or start - lo > 4 or hi >= len(text) or hi - end > 4:
        return False
    return bool(_EXAMPLE_AFTER.match(text, hi + 1) or _EXAMPLE_BEFORE.search(text, max(0, lo - 60), lo))


# 不得传播考试试题; and a reminder's softer forms: 切勿, 不要, 不在网络上随意发布涉及军事设施的照片
_PROHIBITION = re.compile(r"不得|禁止|严禁|严防|杜绝|不准|不许|切勿|请勿|不要|不[^，,。；;\n]{0,10}?(?:随意|擅自|私自)")
# 没有/无/并无/从未有 (任何) right before a sensitive word, or a clause that says no such thing happened
# (全年未发生重大群体性事件, 没有因调解不成发生群体性事件)
_NEGATION = re.compile(r"(?:没有|并无|从无|未有|不存在|无)(?:任何|过)?$"
                       # a form's field asks whether (有无违法犯罪记录): it names a kind of record, nobody's
                       r"|有无[\u4e00-\u9fff]{0,2}$"
                       r"|(?:没有|未|无|杜绝)[^，,。；;\n]{0,10}?(?:发生|出现|引发)[^，,。；;\n]{0,6}$"
                       # 这份通报没有提及被举报人的基本信息: the text says it names nobody
                       r"|(?:没有|未|并未|从未)(?:提及|提到|写明|透露|披露|公开)[^，,。；;\n]{0,4}$")
# the words whose denial discloses nothing: a person's sensitive data, an event that might be a secret
NEGATABLE = frozenset({"term.sensitive_personal", "term.state_secret_scope", "term.personnel"})
_CLAUSE_STOPS = "。；;！？!?\n，,："


def around(text: str, start: int, end: int, reach: int, stops: str) -> tuple[int, int]:
    """The stretch around ``[start, end)`` up to the nearest of ``stops`` on either side, at most ``reach``
    characters each way: a sentence or clause, bounded so that every look stays linear on one long line."""
    floor, ceil = max(0, start - reach), min(len(text), end + reach)
    lo = max(floor, *(text.rfind(c, floor, start) + 1 for c in stops))
    return lo, min((i for i in (text.find(c, end, ceil) for c in stops) if i >= 0), default=ceil)


def negated(text: str, start: int) -> bool:
    """The term is denied right before it (此前没有任何犯罪记录, 无违法犯罪记录): the sentence says the person has
    none of it, which discloses nothing sensitive about them."""
    return _NEGATION.search(text, max(0, start - 20), start) is not None


# a kind of wrongdoing named as a whole in a list of what to report or strike at: 组织策划群体性事件的黑恶势力;
_CATEGORY_AFTER = re.compile(r"[^，,。；;\n]{0,16}?的(?:黑恶势力|恶势力|违法犯罪行为|违法行为|犯罪行为|行为)\s*(?:[；;。，,\n]|$)")
# one member of an enumeration closed by 等 and the class it belongs to (食物中毒、传染病等突发公共卫生事件，以及
# 群体性事件和重大刑事案件等突发社会安全事件): a plan names the kind of event, not one that happened.  中等/同等 are
# degrees (升级为群体性事件的中等风险), not the close of a list.
_ENUMERATED_AFTER = re.compile(r"(?:[、和及与或][^，,。；;\n]{1,14}?)?(?<![中高低同上次均平对])等(?:各类|各种|重大|突发)?"
                               r"[\u4e00-\u9fff]{0,8}?(?:事件|案件|事故|情形|行为|活动)")
_ENUMERATED_BEFORE = re.compile(r"[、和及与或]$|以及$")
# a class defined by its members (3.社会安全事件：包括群体性事件、恐怖袭击、刑事案件……): an emergency plan's typology
_ENUMERATION_HEAD = re.compile(r"(?:^|[:：])\s*(?:主要)?(?:包括|包含|分为|主要有|如|例如)[^，,。；;:：\n]{0,30}$")
# a penalty clause of a law or a code: 窃取……尚未公开事项……的，给予警告 names what is punished, like a prohibition
_PENALTY_AFTER = re.compile(r"[^。；;\n]{0,60}?的[，,]\s*(?:给予|依法|依照|依据|处以?|由[^，,。；;\n]{1,12}?(?:给予|责令|处)|追究|视情节|对[^，,。；;\n]{1,12}?给予)")


def prohibited(text: str, start: int, end: int | None = None) -> bool:
    """The term is the object of a prohibition in its own clause (不得非法获取、传播考试试题), part of
    a kind of wrongdoing a list names (组织策划群体性事件的黑恶势力), what a penalty clause punishes
    (……尚未公开事项……的，给予警告), or one member of an enumerated class (群体性事件和重大刑事案件等突发社会
    安全事件; 社会安全事件：包括群体性事件、恐怖袭击……): the sentence states a rule about a kind of thing and
    discloses none of it."""
    lo = around(text, start, start, 24, _CLAUSE_STOPS)[0]
    if _PROHIBITION.search(text, lo, start) is not None:
        return True
    if end is None:
        return False
    if _CATEGORY_AFTER.match(text, end) is not None or _PENALTY_AFTER.match(text, end) is not None:
        return True
    listed = _ENUMERATED_BEFORE.search(text, max(0, start - 2), start) is not None or text.startswith(("、", "和"), end)
    if listed and _ENUMERATION_HEAD.search(text[lo:start]) is not None:
        return True
    return listed and _ENUMERATED_AFTER.match(text, end) is not None


# Eras that are history, not current work: a classified carrier or a task force of that time is an exhibit or a
# memoir now (1934年红军长征前夕……密电码本).  A year counts when it is older than the longest classification period
# (30 years for 绝密) by a generation, so that no current secret is read as history.
_HISTORY_WORDS = re.compile(r"解放前夕?|解放战争|抗日战争|抗战时期|抗战期间|红军|长征|土地革命|革命历史|革命文物|红色档案|"
                            r"地下党|新中国成立前|民国时期|革命烈士")
# a year, but not a birth year (1965年出生, 1970年生): a personnel record's dates of birth are not history
_YEAR = re.compile(r"(?<![0-9])(1[89][0-9]{2})年(?!(?:[0-9]{1,2}月)?(?:出生|生(?![产活态])))")
HISTORY_YEARS = 50
# a memoir dates its story once, a paragraph or two before the telegram it tells of
HISTORY_REACH = 400
# the words whose age makes them history: a carrier of secrets, a secret matter
HISTORICAL = frozenset({"term.classified_carrier", "term.state_secret_scope"})
_SENTENCE_STOPS = "。！？!?\n"


def historical(text: str, start: int, end: int, year: int) -> bool:
    """The term's sentence tells of history: an old year (more than ``HISTORY_YEARS`` before ``year``) or a word
    of a past era or of an archive and memorial stands in it."""
    lo, hi = around(text, start, end, 120, _SENTENCE_STOPS)
    if _HISTORY_WORDS.search(text, lo, hi):
        return True
    return any(int(m.group(1)) <= year - HISTORY_YEARS for m in _YEAR.finditer(text, max(0, lo - HISTORY_REACH), hi))


def term_context(text: str, type_: str, start: int, end: int, year: int) -> str | None:
    """The context a policy rule can name for a term at ``[start, end)`` of normalised ``text``, or None."""
    if quoted_example(text, start, end):
        return "quoted"
    if prohibited(text, start, end):
        return "prohibited"
    if type_ in NEGATABLE and negated(text, start):
        return "negated"
    if type_ in HISTORICAL and historical(text, start, end, year):
        return "historical"
    return None
