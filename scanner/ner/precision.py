"""What the name model proposes that no reader would call a person's name.

On real published pages the model (and the position rules) also propose place
names cut from their administrative unit (南通|市, 荣昌|区), the head of a
document number (郑环|罚决字〔2021〕), pseudonyms with the next verb glued on
(胡某|图省事), amounts in capital numerals (伍仟元), the level words of a
blank form (绝密____件), a surname with a form of address (刘女士) and layout
words (顶格, 来源丨), and common words the model takes for a name because they
start with a surname (宿舍, 门前) or that a name span cuts in two (相关|责任人).
Each is a class with a structural test, checked here on
the normalised text after every other rule, so the judgement rules in
``lexicons/ner/context.yaml`` never see them.  Pure: text and hits in, hits out.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from importlib import resources

from ..model import Hit

# An administrative unit right after the span: 南通市, 荣昌区, 黑田铺乡 — unless it starts a post (县长, 市委书记).
_UNIT_AFTER = re.compile(r"(?:[省市县区镇乡州旗盟村]|铺乡|社区|街道|新区|开发区|产业园|园区)(?![长])")
_UNIT_END = re.compile(r"[省市县区镇乡]$")
# The head of a document number: 郑环罚决字〔2021〕, 宁采招字2011-19号, 巩政办[2023]9号.
_DOCNO_AFTER = re.compile(r"[\u4e00-\u9fff]{0,3}字?\s*[〔\[［(（]?\s*(?:19|20)\d{2}")
_DOCNO_CHARS = re.compile(r"[罚决字办发函招]$")
_BRACKET_YEAR = re.compile(r"[\u4e00-\u9fff]{0,3}\s*[〔\[［]\s*(?:19|20)\d{2}\s*[〕\]］]")
_PSEUDONYM = re.compile(r"某")
# 郭振平（化名）: the text itself says the name is not the person's
_ALIAS_AFTER = re.compile(r"\s*[（(]\s*(?:化名|均为化名|系化名|非真名)\s*[）)]")
_CAPITAL_NUMERALS = re.compile(r"^[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整]+$")
_LEVELS = frozenset({"绝密", "机密", "秘密", "内部", "公开",
                     "高一", "高二", "高三", "初一", "初二", "初三"})  # and school grades: 高二（2）班
# Characters that never stand in a name: layout marks and function words glued on by the model.
_NOT_IN_NAME = re.compile(r"[丨|的了们兼]|[自与及在是将把被副]$")  # a name never ends in 副 (keep_people trims it)
_POST_AFTER = re.compile(r"[局处科县市区镇乡省厅部院所站队组主校总]")
# 陈局 (陈局长), 王处: a surname and the head of a post are a form of address, not a name
_ADDRESS_FORMS = re.compile(r"^[\u4e00-\u9fff]{1,2}(?:女士|先生|小姐|太太|支书|政委|总|老板)$|^[\u4e00-\u9fff][局处]$")


# Word classes of the segmenter's dictionary that are ordinary vocabulary.  Names the dictionary
# knows are tagged nr/nrfg/nrt (高峰, 田野, 文明), places ns and other proper nouns nz, numerals m
# (万里): none of those is taken as "ordinary".
_ORDINARY_TAGS = frozenset("n v vn a ad an d f s l i t r c p u y e o z q b j vd vg ng ag dg tg".split())
_ORDINARY_MIN_FREQ = 300
_PREFIX_MIN_FREQ = 1000
_FACILITY = frozenset("楼房馆舍库站厂场")
_CONJUNCTIONS = frozenset("和与及同跟")
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _ordinary_words() -> dict[str, int]:
    """Frequent two- and three-character words of everyday vocabulary, from jieba's own dictionary.

    Read once from the installed package (it ships the dictionary): a fact about
    the language, not a list that grows with the corpus.
    """
    words: dict[str, int] = {}
    try:
        with resources.files("jieba").joinpath("dict.txt").open(encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) == 3 and 2 <= len(parts[0]) <= 3 and parts[2] in _ORDINARY_TAGS:
                    freq = int(parts[1])
                    if freq >= _ORDINARY_MIN_FREQ:
                        words[parts[0]] = freq
    except (OSError, ValueError):  # no dictionary: the class simply does not apply
        return {}
    return words


def _ordinary_word(name: str, before: str, after: str) -> bool:
    """An everyday word read as a name.

    学生|宿舍: glued to the word before it, a span that is a frequent word is
    part of the sentence; in a list or after a label (记录：简单, 巩固、池明)
    the same word is where a name stands, and stays.  宿舍|楼: a frequent word
    and a building.  相关责(任人): a frequent word, then a word the span cuts.
    """
    words = _ordinary_words()
    if not words:
        return False
    if name in words:
        return bool(_CJK_CHAR.match(before))
    if len(name) == 3 and before and before + name[0] in words and name[1:] in words:
        return True  # 儿|童发展: the end of the word before, then a word of its own
    if len(name) == 3 and name[0] in _CONJUNCTIONS and name[1:] in words and _CJK_CHAR.match(before):
        return True  # 学生|和家长: a conjunction (和 is a surname too) joining a word to the one before
    if len(name) != 3 or name[:2] not in words:
        return False
    return name[2] in _FACILITY or (
        words[name[:2]] >= _PREFIX_MIN_FREQ and bool(after) and name[2] + after[0] in words)


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
        or _ALIAS_AFTER.match(text, end)
        or (text[start - 1 : start] == "“" and text[end : end + 1] == "”")  # “扶智”与“扶志”: a quoted slogan
        or name in _LEVELS
        or _CAPITAL_NUMERALS.match(name)
        or _NOT_IN_NAME.search(name)
        or _ADDRESS_FORMS.match(name)
        or _UNIT_END.search(name)
        or _UNIT_AFTER.match(after)
        or (_DOCNO_AFTER.match(after) and (_DOCNO_CHARS.search(name) or re.match(r"[\u4e00-\u9fff]{0,3}字", after)))
        or _BRACKET_YEAR.match(after)
        or _ordinary_word(name, text[start - 1 : start] if start not in gaps else "", text[end : end + 1])
    )


def keep_people(text: str, hits: Iterable[Hit], gaps: frozenset[int] = frozenset()) -> list[Hit]:
    """The hits without the person spans that are not names; 杨进副(局长) loses the 副 of the post,
    （2）班漆琪 the 班 of the class."""
    hits = list(hits)
    # 郭振平（化名）once: every later 郭振平 of the part is the same alias
    aliases = {text[h.start:h.end] for h in hits if h.type == "pii.person" and _ALIAS_AFTER.match(text, h.end)}
    out = []
    for h in hits:
        if h.type == "pii.person" and h.end - h.start >= 3 and text[h.end - 1] == "副" and _POST_AFTER.match(text, h.end):
            h = replace(h, end=h.end - 1)
        if h.type == "pii.person" and h.end - h.start >= 3 and text[h.start] == "班" and text[h.start - 1:h.start] in "）)":
            h = replace(h, start=h.start + 1)  # 高一（2）班漆琪: the class's 班 glued on
        if h.type == "pii.person" and text[h.start:h.end] in aliases:
            continue
        if h.type != "pii.person" or not not_a_name(text, h.start, h.end, gaps):
            out.append(h)
    return out
