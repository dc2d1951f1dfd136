"""What the name model proposes that no reader would call a person's name.

On real published pages the model (and the position rules) also propose place
names cut from their administrative unit (南通|市, 荣昌|区), the head of a
document number (郑环|罚决字〔2021〕), pseudonyms with the next verb glued on
(胡某|图省事), amounts in capital numerals (伍仟元), the level words of a
blank form (绝密____件), a surname with a form of address (刘女士) and layout
words (顶格, 来源丨).  Each is a class with a structural test, checked here on
the normalised text after every other rule, so the judgement rules in
``lexicons/ner/context.yaml`` never see them.  Pure: text and hits in, hits out.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from ..model import Hit

# An administrative unit right after the span: 南通市, 荣昌区, 黑田铺乡 — unless it starts a post (县长, 市委书记).
_UNIT_AFTER = re.compile(r"(?:[省市县区镇乡州旗盟村]|铺乡|社区|街道|新区|开发区|产业园|园区)(?![长])")
_UNIT_END = re.compile(r"[省市县区镇乡]$")
# The head of a document number: 郑环罚决字〔2021〕, 宁采招字2011-19号, 巩政办[2023]9号.
_DOCNO_AFTER = re.compile(r"[\u4e00-\u9fff]{0,3}字?\s*[〔\[［(（]?\s*(?:19|20)\d{2}")
_DOCNO_CHARS = re.compile(r"[罚决字办发函招]$")
_BRACKET_YEAR = re.compile(r"[\u4e00-\u9fff]{0,3}\s*[〔\[［]\s*(?:19|20)\d{2}\s*[〕\]］]")
_PSEUDONYM = re.compile(r"某")
_CAPITAL_NUMERALS = re.compile(r"^[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整]+$")
_LEVELS = frozenset({"绝密", "机密", "秘密", "内部", "公开"})
# Characters that never stand in a name: layout marks and function words glued on by the model.
_NOT_IN_NAME = re.compile(r"[丨|的了们兼]|[自与及在是将把被]$")
_ADDRESS_FORMS = re.compile(r"^[\u4e00-\u9fff]{1,2}(?:女士|先生|小姐|太太|支书|政委|总|老板)$")


def not_a_name(text: str, start: int, end: int, gaps: frozenset[int] = frozenset()) -> bool:
    """True when the span at ``text[start:end]`` is one of the classes above.

    ``gaps`` are where normalisation removed a separator: a name followed by a
    tab or spaces ends its column there (陶卫东\t县公安局), so what follows
    says nothing about it.
    """
    name = text[start:end]
    if len(name) < 2:
        return True
    after = "" if end in gaps else text[end : end + 12]
    return bool(
        _PSEUDONYM.search(name)
        or name in _LEVELS
        or _CAPITAL_NUMERALS.match(name)
        or _NOT_IN_NAME.search(name)
        or _ADDRESS_FORMS.match(name)
        or _UNIT_END.search(name)
        or _UNIT_AFTER.match(after)
        or (_DOCNO_AFTER.match(after) and (_DOCNO_CHARS.search(name) or re.match(r"[\u4e00-\u9fff]{0,3}字", after)))
        or _BRACKET_YEAR.match(after)
    )


def keep_people(text: str, hits: Iterable[Hit], gaps: frozenset[int] = frozenset()) -> list[Hit]:
    """The hits without the person spans that are not names."""
    return [h for h in hits if h.type != "pii.person" or not not_a_name(text, h.start, h.end, gaps)]
