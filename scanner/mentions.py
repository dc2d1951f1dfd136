"""Personnel words that name no one: a procedure, not a pending matter.

初步人选, 考察对象, 拟任 block a draft because they stand for a decision about
particular people that is not yet made.  A published 换届 procedure says
“提出代表候选人初步人选……对初步人选进行公示” with nobody in sight: it
describes a step, and a reviewer does not stop a page for that.  The test is
structural: no person the name model found, no pseudonym (王某) and no
同志 anywhere near the word.  Without the name model the question cannot be
answered, and nothing is marked.  Pure: text and hits in, the generic hits out.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from .model import Hit

BEFORE = 80  # characters looked at before the word: the clause that leads to it
AFTER = 160  # and after it: a list of names usually follows (考察对象如下：……)
# 王某, 曹**, and 同志 after a name; 负责同志, 有关同志 name no one
_SOMEONE = re.compile(r"[\u4e00-\u9fff]某|(?<!负责)(?<!有关)(?<!相关)(?<!广大)(?<!各位)(?<!全体)(?<!其他)(?<!党员)同志"
                      r"|[\u4e00-\u9fff]{1,2}(?:\*{1,2}|××)")


def generic_personnel(text: str, hits: Sequence[Hit]) -> list[Hit]:
    """The term.personnel hits with no person, pseudonym or 同志 within the window around them."""
    people = sorted(h.start for h in hits if h.type == "pii.person")
    out = []
    for h in hits:
        if h.type != "term.personnel":
            continue
        lo, hi = max(0, h.start - BEFORE), min(len(text), h.end + AFTER)
        k = bisect_left(people, lo)
        if k < len(people) and people[k] < hi:
            continue
        if _SOMEONE.search(text, lo, hi):
            continue
        out.append(h)
    return out
