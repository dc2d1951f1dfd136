"""Cue rules of ``lexicons/ner/context.yaml`` and the look for their cues around a name.

A rule names words (信访人, 患者, 学生) that, near a name or in its sentence,
say what publishing the name would reveal.  The looks here are bounded to the
name's sentence and a few characters around it, and the sentence-wide ones
are asked once per sentence (:class:`JudgedPart`), so a line listing
thousands of names costs what short lines do.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .columns import Column
from .intervals import Sentences

_SENT_END = re.compile(r"[。！？；!?;\n]")


OWN_REACH = 60  # how far after a name its own role may stand (曹某、皇甫某、王某3位老师)


@dataclass(frozen=True)
class CueRule:
    """One context rule: cue words (or hit types) near a span decide severity and reason."""

    id: str
    severity: str
    reason: str
    cues: tuple[str, ...] = ()
    cue_re: re.Pattern[str] | None = None
    before: int = 0
    after: int = 0
    sentence: bool = False
    types: tuple[str, ...] = ()
    what: dict[str, str] | None = None
    after_re: re.Pattern[str] | None = None
    before_re: re.Pattern[str] | None = None
    cues_after: tuple[str, ...] = ()
    except_rules: tuple[str, ...] = ()  # hits of these rules do not count (a landline is the office's)
    # longer words that contain a cue without being one (大学生 holds 学生, but a university student is an adult)
    except_words: frozenset[str] = frozenset()
    # hits of these rules count, under the rule id with "_contact": a mobile in an office's contact line,
    # which the policy may confirm in a public notice and masks anywhere else
    contact_rules: tuple[str, ...] = ()
    # hits of these rules count, under the rule id with "_locality": a village group (沙浦村2组), which
    # places a villager in a story without leading to his door
    locality_rules: tuple[str, ...] = ()
    columns_only: bool = False  # cues count only in the header row of the name's table
    # a sentence rule's cue is someone else's when the name carries one of these roles right beside it
    # (一名幼儿落水，曹某某、皇甫某某3位老师……: the teachers are not the child)
    own_before: re.Pattern[str] | None = None
    own_after: re.Pattern[str] | None = None
    # a sentence rule yields to these words in the same sentence (陈芬等150位同学评为“三好生”: an honour list
    # names its pupils for all to see, as a 表彰 does its adults)
    unless_re: re.Pattern[str] | None = None

    def named_as_other(self, text: str, s: int, e: int, sent_lo: int, sent_hi: int) -> bool:
        """The name at ``[s, e)`` is given its own role, so the sentence's cue is not about it."""
        if self.own_after is None or self.own_before is None:
            return False
        # bounded: in a sentence that lists a thousand names, each name looks only at its neighbours
        return bool(self.own_after.match(text, e, min(sent_hi, e + OWN_REACH))
                    or self.own_before.search(text, max(sent_lo, s - 30), s))


def alternation(words: list[str]) -> re.Pattern[str] | None:
    words = sorted({w for w in words if w}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))) if words else None


def cue_rule(raw: dict[str, Any], severity: str) -> CueRule:
    cues = tuple(raw.get("cues") or raw.get("cues_before") or ())
    except_words = frozenset(raw.get("except_words") or ())
    return CueRule(
        id=raw["id"],
        severity=severity,
        reason=raw.get("reason", ""),
        cues=cues,
        cue_re=alternation(list(cues) + list(except_words)),  # longest first: 大学生 is matched before 学生
        before=int(raw.get("before", 0)),
        after=int(raw.get("after", 0)),
        sentence=bool(raw.get("sentence", False)),
        types=tuple(raw.get("types", ())),
        what=raw.get("what"),
        after_re=re.compile(raw["after_pattern"]) if raw.get("after_pattern") else None,
        before_re=re.compile(raw["before_pattern"]) if raw.get("before_pattern") else None,
        cues_after=tuple(raw.get("cues_after", ())),
        except_rules=tuple(raw.get("except_rules", ())),
        except_words=except_words,
        contact_rules=tuple(raw.get("contact_rules", ())),
        locality_rules=tuple(raw.get("locality_rules", ())),
        columns_only=bool(raw.get("columns_only", False)),
        **_own_roles(raw.get("own_roles") or ()),
        unless_re=alternation(list(raw.get("unless") or ())),
    )


def _own_roles(roles: Sequence[str]) -> dict[str, re.Pattern[str]]:
    """Patterns for a role written with the name: before it (村民张某, 老师：甲、乙) or after a list of names
    (曹某、皇甫某3位老师)."""
    alt = alternation(list(roles))
    if alt is None:
        return {}
    return {
        "own_before": re.compile(f"(?:{alt.pattern})[：:]?[ \u3000]?(?:[\u4e00-\u9fff·]{{2,6}}、)*$"),
        "own_after": re.compile(f"(?:、[\u4e00-\u9fff·]{{2,6}})*等?(?:[0-9一二三四五六七八九十两]+[位名个])?(?:{alt.pattern})"),
    }


class JudgedPart:
    """One text being judged: its sentences, found once, and the sentence-wide cues already looked for.

    Every name of a sentence asks the same sentence-wide question; a long
    line with many names asked it once per name over the whole line.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentences = Sentences(text, _SENT_END)
        self._sentence_cues: dict[tuple[int, int, int], str | None] = {}

    def cue_near(self, r: CueRule, s: int, e: int, sent_lo: int, sent_hi: int) -> str | None:
        if r.cue_re is not None and r.sentence:
            key = (id(r), sent_lo, sent_hi)
            if key not in self._sentence_cues:
                self._sentence_cues[key] = _cue_near(self.text, r, s, e, sent_lo, sent_hi)
            return self._sentence_cues[key]
        return _cue_near(self.text, r, s, e, sent_lo, sent_hi)

    def excused(self, r: CueRule, sent_lo: int, sent_hi: int) -> bool:
        """The sentence holds a word the rule yields to (评为, 荣获), looked for once per sentence."""
        if r.unless_re is None:
            return False
        key = (id(r.unless_re), sent_lo, sent_hi)
        if key not in self._sentence_cues:
            m = r.unless_re.search(self.text, sent_lo, sent_hi)
            self._sentence_cues[key] = m.group(0) if m else None
        return self._sentence_cues[key] is not None


def credited(text: str, s: int, e: int) -> bool:
    """The name fills a bracket of its own at the start or the end of a line: a story's byline
    (（陈强）今年以来……, ……听取意见。（蒲俊霖）), which names the writer, not the story's subject."""
    if s < 1 or e >= len(text) or text[s - 1] not in "（(" or text[e] not in "）)":
        return False
    lo = s - 1
    while lo > 0 and s - lo < 8 and text[lo - 1] in " \u3000\t":
        lo -= 1
    hi = e + 1
    while hi < len(text) and hi - e < 8 and text[hi] in " \u3000\t":
        hi += 1
    return lo == 0 or text[lo - 1] == "\n" or hi == len(text) or text[hi] == "\n"


def cue_in_column(r: CueRule, col: Column | None) -> str | None:
    """A rule's cue in the header over a table cell: the whole header row for a sentence rule, else the label."""
    if col is None or r.cue_re is None:
        return None
    return _first(r, col.header if r.sentence or r.columns_only else col.label, 0, None)


def _cue_near(text: str, r: CueRule, s: int, e: int, sent_lo: int, sent_hi: int) -> str | None:
    if r.cue_re is None:
        return None
    if r.sentence:
        return _first(r, text, sent_lo, sent_hi, _epithets(text, sent_lo, sent_hi))
    last = None
    for m in _before(r, text, s, sent_lo):
        last = m.group(0)
    if last:
        return last
    hi = min(sent_hi, e + r.after)
    for m in r.cue_re.finditer(text, e, hi):
        if m.group(0) not in r.except_words:
            # 赵某随即把举报人带到派出所: the name acts on the person the cue names, it is not that person
            return None if _ACTS_ON.search(text, e, m.start()) else m.group(0)
    return None


# words between a name and a role after it that make the name the one acting on that role's holder
_ACTS_ON = re.compile(r"[把将对向给找打]|报复|威胁|殴打")


_CLAUSE_BREAK = re.compile(r"[，,。；;！!？?]")


def other_clause(text: str, r: CueRule, s: int, e: int, sent_lo: int, sent_hi: int) -> bool:
    """The rule's cue stands before the name in an earlier clause, and none follows it."""
    assert r.cue_re is not None
    last = None
    for m in _before(r, text, s, sent_lo):
        last = m
    if last is None or _first(r, text, e, min(sent_hi, e + r.after)):
        return False
    return _CLAUSE_BREAK.search(text, last.end(), s) is not None


def _before(r: CueRule, text: str, s: int, sent_lo: int) -> Iterator[re.Match[str]]:
    """The rule's cues within ``r.before`` characters before a name, excepted words left out.  The look starts
    a little earlier so that an excepted word cut by the window's edge (被|举报人——某所所长赵某) is still seen
    whole and skipped."""
    lo = max(sent_lo, s - r.before)
    for m in r.cue_re.finditer(text, max(sent_lo, lo - 2), s):
        if m.group(0) not in r.except_words and m.start() >= lo:
            yield m


def _first(r: CueRule, text: str, lo: int, hi: int | None,
           skip: tuple[tuple[int, int], ...] = ()) -> str | None:
    """The first cue of the rule in ``text[lo:hi]`` that is not part of one of its excepted words
    and does not stand inside one of the ``skip`` spans."""
    assert r.cue_re is not None
    for m in r.cue_re.finditer(text, lo, len(text) if hi is None else hi):
        if m.group(0) not in r.except_words and not any(a <= m.start() < b for a, b in skip):
            return m.group(0)
    return None


_EPITHET = re.compile(r"“[^”\n]{2,40}”(?=[\u4e00-\u9fff])")


def _epithets(text: str, lo: int, hi: int) -> tuple[tuple[int, int], ...]:
    """Quoted titles that head a name: “情系患者的好医生”姚某某.  The words of an honour say what the
    person is praised for, not what befell them, so a sentence cue inside one (患者) does not count."""
    return tuple(m.span() for m in _EPITHET.finditer(text, lo, hi))
