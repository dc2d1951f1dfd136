"""Classification markings (密级标志) and control marks, told apart from prose.

The rule documents themselves say 绝密, 机密 and 秘密 on every page, and they
are public.  So a level word is a marking only where a marking stands: with
a star and a period (秘密★1年), after a 密级 label or a ticked box, bracketed
at the start of a paragraph ((机密)), alone on its line, at the head of a
document or in a header, footer or table cell.  Quoted or cited examples
(应标注为“秘密★1年”, 如秘密★1年, 印有绝密★启用前字样), lists of the levels
(密级：绝密/机密/秘密, one level per line), titles that begin with a level
word (机密文件管理办法) and blank form templates (□秘密★___, 秘密★  年) are
not.  The vocabulary is data (``lexicons/markings.yaml``); the positions are
the structure of GB/T 9704-2012 and live here.

The text is already normalised: separators between CJK characters are gone
(秘密 特急 arrives as 秘密特急), so the boundary tests below accept the
structural words that may follow a marking directly, and ``gaps`` says where
a separator stood.
"""
from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .dates import stated_date
from .marking_forms import CONDITION, ENUM_PREFIX, PERIOD, years_of
from .model import Hit

# more than a few characters of the note after the mark before its clause ends: the words are part of a sentence
_CLAUSE_GOES_ON = re.compile(r"[^，,。；;、）)】\]]{5,}")
# Parts nobody sees (a Word comment, a tracked deletion, hidden text, an HTML comment) speak about the
# document itself: a control mark written anywhere in them marks the document.
HIDDEN_KINDS = ("comment", "deleted_text", "hidden_text", "html_comment", "html_hidden")
# The labels of a marking block (密级：机密  保密期限：10年  份号：000123), which stand beside a marking on its line.
_LABELS = re.compile(r"密\s*级|保密期限|份\s*号|\d+\s*(?:个月|年)|\d+")
# A level word in brackets right after a cited document, meeting or telegram: this text restates a
# classified source (根据《……意见》（机密级）要求, 传达县委常委会（涉密）会议精神).
_DERIVED = re.compile(r"(?:》|会议?|文件|电报|密电|通知|精神|材料)\s*[(（]\s*(绝密|机密|秘密|涉密)\s*级?\s*[)）]")
# The same said in words of the meeting a document relays: 该会议为涉密会议（，现将会议主要精神传达如下）.
_DERIVED_STATED = re.compile(r"(?:该|此|本次|这次)(?:会议|会)\s*(?:为|属于|系|是)\s*(绝密|机密|秘密|涉密)\s*级?\s*会议")
# Beside a marking, words saying it no longer holds: a human must confirm the declassification.
_DIGITS = re.compile(r"\d+")


def _running_lines(lines: list[str], marked: Callable[[str], bool]) -> frozenset[str]:
    """Lines that hold a level word or mark and recur verbatim but for their page number (某局内部资料 第1页,
    第2页 …): the running header of extracted pages."""
    seen: dict[str, list[str]] = {}
    for line in lines:
        if 0 < len(line) <= 120 and marked(line):
            seen.setdefault(_DIGITS.sub("#", line), []).append(line)
    return frozenset(line for same in seen.values() if len(same) >= 2 for line in same)


_DECLASSIFIED = re.compile(r"原密级|已解密|自行解密|已到期|已过保密期限|已经解密|解除密级|已降密")
# The document speaking of itself: 本稿仅供内部征求意见，不得外传 marks this document, where
# 会议内容不得外传 states a rule.
_SELF = re.compile(r"(?<![“\"「『‘])(?:本稿|此稿|本件|此件|本文件|本页|本页面|本网页|本信息|此信息|本材料|本记录|本表|本方案|本纪要|本报告|本简报|本文|本提示|本通报|本通知|本函|本意见|本清单|本台账|本提纲|本讲话|本排名|本名单|本安排|本汇报|本快报|本专报|本预案|本要点|本口径|本资料|本批示|本指令|本函件|以上内容|(?<![0-9０-９零一二三四五六七八九十百千万岁级])以上(?:为|是|所列|各项)|上述(?:内容|材料|情况|意见))[^。；;！!？?\n”」』]{0,24}$")
# the end of an office's name (规划局, 办公室, 委员会): in a page header it may stand glued to the mark
_OFFICE_END = re.compile(r"(?:局|委|办|院|厅|部|处|科|室|中心|公司|委员会|政府)$")
WINDOW = 80  # how far before and after a level word the structure tests look: cost stays linear on long lines

# A star followed by nothing but a unit, underscores, dots or a placeholder: a form to fill in.
BLANK = r"(?:_+|…+|\.{2,}|[xX×Nn*]{1,3}|[(\[〔【]\s*[)\]〕】]|\s+)?\s*(?:年|个\s*月|月)|_{2,}|…+|\.{3,}"
OPEN_QUOTES = "“\"「『‘'《"
CLOSE_QUOTES = "”\"」』’'》"
OPEN_BRACKETS = "（(【[〔"
CLOSE_BRACKETS = "）)】]〕"
CJK_RE = re.compile(r"[\u3400-\u9fff]")
# Words that introduce or close a cited example of a marking rather than a marking.
EXAMPLE_BEFORE = re.compile(
    r"(?:例如|比如|譬如|如|示例|样例|范例|样式|格式为|标注为|标为|标记为|标明为|注明为|写为|写成|表示为|形如"
    r"|标注|标明|注明|印有|印上|写有|写明|加注|加盖|使用)\s*[:：]?\s*$"
)
# The subject of 标注/注明 is this document's own attachment or original: 附件原文件标注：秘密★1年 states a fact.
_OWN_SOURCE = re.compile(r"(?:附件|原件|原文件|来文|该文件|该件|此件|本件|本文件)[^，。；,;]{0,8}$")
EXAMPLE_AFTER = re.compile(r"^\s*(?:等|之类)?\s*(?:字样|标志|标识|标记|样式|格式|写法|的标注)")
ENUM_SEP = r"[、/|,，或和与及\s]"
EDGE_KINDS = ("header", "footer", "page_top", "table_cell", "sheet_cell")
RUNNING_KINDS = ("header", "footer", "page_top")


@dataclass(frozen=True)
class _Level:
    """One level word on a line and what follows it."""

    start: int
    end: int  # end of the marking (after star and period when present)
    level: str
    star: bool
    period: str | None
    bare_line: bool  # the line is this level word and nothing else


@dataclass(frozen=True)
class MarkingRules:
    levels: dict[str, int]
    stars: str
    urgency: tuple[str, ...]
    unchecked: str
    checked: str
    restricted: tuple[str, ...]
    reasons: dict[str, str]
    category_words: tuple[str, ...] = ()
    restricted_patterns: tuple[str, ...] = ()
    # statements that some of the content is kept from the public (名单暂不公开, 此为内部掌握口径): they count
    # wherever they stand, since a text meant for the public never says so of itself
    withheld_patterns: tuple[str, ...] = ()

    @staticmethod
    def from_data(data: dict[str, Any]) -> "MarkingRules":
        return MarkingRules(
            levels={k: int(v["max_years"]) for k, v in data["levels"].items()},
            stars=data["stars"],
            urgency=tuple(data["urgency"]),
            unchecked=data["unchecked_boxes"],
            checked=data["checked_boxes"],
            restricted=tuple(data["restricted"]),
            reasons=dict(data["reasons"]),
            category_words=tuple(data.get("category_words") or ()),
            restricted_patterns=tuple(data.get("restricted_patterns") or ()),
            withheld_patterns=tuple(data.get("withheld_patterns") or ()),
        )

    def alone(self, text: str, hit: Hit) -> bool:
        """The hit's line holds marks and nothing else (秘密★1年 / 内部资料 注意保存), not a sentence."""
        lo = text.rfind("\n", 0, hit.start) + 1
        hi = text.find("\n", hit.end)
        hi = len(text) if hi < 0 else hi
        line = _LABELS.sub("", text[lo:hi]) if hi - lo <= 80 else "-"
        return not self._re["residue"].sub("", line)

    def as_example(self, hit: Hit, *, head: bool) -> Hit:
        """The same hit on a page that explains secrecy (保密知识, 泄密案例, 保密制度).

        Such a page quotes 机密★5年 to teach the form; the page's own marking,
        if it has one, stands at its head, where GB/T 9704 puts it, and stays a
        marking.  A category word (工作秘密) is a topic there even as a title.
        """
        if (head or hit.extra.get("form") == "paragraph") and hit.extra.get("mark") not in self.category_words:
            return hit
        return Hit(hit.start, hit.end, "marking.example", hit.rule.replace("marking.", "marking.example:", 1), "info",
                   self.reasons["example"], dict(hit.extra))

    @cached_property
    def _re(self) -> dict[str, re.Pattern[str]]:
        lv = "|".join(map(re.escape, self.levels))
        star = f"[{re.escape(self.stars)}]"
        urg = "|".join(map(re.escape, self.urgency))
        marks = "|".join([*self.withheld_patterns, *map(re.escape, sorted(self.restricted, key=len, reverse=True)),
                          *self.restricted_patterns])
        # for "is this a line of marks only", the patterns first: 仅供内部参阅 is one mark, not 仅供内部 and a
        # residue 参阅 (the reported span stays the word, 仅供内部)
        whole_marks = "|".join([*self.restricted_patterns, *map(re.escape, sorted(self.restricted, key=len, reverse=True))])
        box = f"[{re.escape(self.checked)}]"
        anybox = f"[{re.escape(self.checked + self.unchecked)}]"
        return {
            "level": re.compile(rf"({lv})"),
            # what may follow a level word inside a marking: 级, a star, a period or a blank
            "tail": re.compile(rf"\s*级?\s*(?:({star})\s*(?:({PERIOD}|{CONDITION})|({BLANK}))?)?"),
            "bare_period": re.compile(rf"\s*级?\s*({PERIOD})"),
            "label": re.compile(rf"密\s*级\s*(?:标志|标识)?\s*[:：]?\s*{box}?\s*$"),
            "label_period": re.compile(rf"保密期限\s*[:：]?\s*({PERIOD})"),
            "standalone": re.compile(
                rf"^\s*(?:\d{{3,6}}\s*)?{box}?\s*[{re.escape(OPEN_BRACKETS)}]?\s*(?:{lv})\s*级?\s*"
                rf"(?:{star}\s*)?(?:{PERIOD})?\s*[{re.escape(CLOSE_BRACKETS)}]?\s*(?:{urg})?\s*$"
            ),
            # what may directly follow a level word that stands apart (separators are gone)
            "after_ok": re.compile(
                rf"^\s*级?\s*(?:$|\s|(?:{urg})|第\s*\d+\s*页|共\s*\d+\s*页|保密期限|[-—－]\s*\d|\d{{3,6}}\s*$"
                rf"|[{re.escape(CLOSE_BRACKETS)}])"
            ),
            "enum_after": re.compile(rf"^\s*级?\s*{ENUM_SEP}*\s*{anybox}?\s*(?:{lv})"),
            "enum_before": re.compile(rf"(?:{lv})\s*级?\s*{ENUM_SEP}*\s*$"),
            "enum_tail": re.compile(rf"(?:{lv})\s*级?\s*(?:{star}\s*(?:{PERIOD}|{CONDITION})?)?\s*[、，,/和或及与]\s*$"),
            "enum_head": re.compile(rf"^\s*[、，,/和或及与]\s*(?:{lv})\s*级?\s*(?:{star}\s*(?:{PERIOD}|{CONDITION})?)?"),
            "marks": re.compile(rf"({marks})"),
            "withheld": re.compile("|".join(self.withheld_patterns) or r"(?!)"),
            "para_open": re.compile(rf"{ENUM_PREFIX}[{re.escape(OPEN_BRACKETS)}]\s*"),
            # lines with a level word are candidates already; 涉密会议 is the one derived form without one
            # level words and the derived forms; the marks are searched apart (``marks``): one alternation of
            # both made re try every branch at every character, two are each scanned by their first characters
            "levels_any": re.compile(rf"{lv}|[(（]\s*涉密|涉密\s*级?\s*会议"),
            "residue": re.compile(
                rf"{whole_marks}|(?:{lv})\s*级?\s*(?:{star}\s*(?:{PERIOD})?)?|{urg}|{anybox}"
                rf"|[\s{re.escape(OPEN_BRACKETS + CLOSE_BRACKETS + OPEN_QUOTES + CLOSE_QUOTES)}，,、·;；:：.。!！]"
            ),
        }

    def candidates(self, text: str) -> Iterator[int]:
        """Where a level word or control mark stands, in text order: a part with none needs no closer look."""
        rx = self._re
        return heapq.merge((m.start() for m in rx["levels_any"].finditer(text)),
                           (m.start() for m in rx["marks"].finditer(text)))

    def _any(self, line: str) -> bool:
        rx = self._re
        return rx["levels_any"].search(line) is not None or rx["marks"].search(line) is not None

    def find(
        self, text: str, *, kind: str = "body", first_lines: int = 0, gaps: frozenset[int] = frozenset()
    ) -> list[Hit]:
        """``gaps`` are normalised positions where separators were removed (``NormText.gaps``):
        in a header, 某某局文件   机密 normalises to 某某局文件机密, and the gap is what still
        says that 机密 stood apart."""
        hits: list[Hit] = []
        bare: list[tuple[int, Hit]] = []  # lines that are one bare level word
        pos = 0
        lines = text.split("\n")
        running = _running_lines(lines, self._any) if kind not in EDGE_KINDS else frozenset()
        for lineno, line in enumerate(lines):
            if self._any(line):
                at_head = lineno < first_lines
                nxt = lines[lineno + 1] if lineno + 1 < len(lines) else ""
                # a line repeated page after page in extracted text is a running header or footer
                line_kind = "header" if line in running else kind
                for lv, hit in self._classified(line, nxt, pos, line_kind, at_head, gaps):
                    hits.append(hit)
                    if lv.bare_line and not lv.star and not lv.period:
                        bare.append((lineno, hit))
                hits.extend(self._restricted(line, pos, line_kind, at_head, gaps))
                hits.extend(self._derived(line, pos))
            pos += len(line) + 1
        return self._drop_level_lists(hits, bare, lines)

    @staticmethod
    def _drop_level_lists(hits: list[Hit], bare: list[tuple[int, Hit]], lines: list[str]) -> list[Hit]:
        """绝密 / 机密 / 秘密 on consecutive lines is a list of the levels, not a marking."""
        if len(bare) < 2:
            return hits
        nonempty = [i for i, line in enumerate(lines) if line.strip()]
        rank = {i: k for k, i in enumerate(nonempty)}
        drop = set()
        for (a, ha), (b, hb) in zip(bare, bare[1:]):
            if rank.get(b, -9) - rank.get(a, -9) == 1 and ha.extra["level"] != hb.extra["level"]:
                drop.update({id(ha), id(hb)})
        return [h for h in hits if id(h) not in drop]

    # -- classified ------------------------------------------------------
    def _classified(
        self, line: str, nxt: str, base: int, kind: str, at_head: bool, gaps: frozenset[int]
    ) -> list[tuple[_Level, Hit]]:
        out = []
        rx = self._re
        standalone = bool(rx["standalone"].match(line))
        edge = kind in EDGE_KINDS
        lead = len(line) - len(line.lstrip())  # where the line's text begins: "nothing before" without slicing
        for m in rx["level"].finditer(line):
            level = m.group(1)
            # the tests below look at the end of what precedes and the start of what follows: a window
            # keeps one long line (extracted text without breaks) linear instead of quadratic
            before, after = line[max(0, m.start() - WINDOW) : m.start()], line[m.end() : m.end() + WINDOW]
            nothing_before = m.start() <= lead
            before_s = before.rstrip()
            if before_s.endswith(tuple(self.unchecked)):
                continue  # □秘密: an option in a blank form
            tail = rx["tail"].match(after)
            star, period, blank = tail.group(1), tail.group(2), tail.group(3)
            if blank is not None:
                continue  # 秘密★___ / 秘密★  年: a template waiting to be filled in
            lvl = re.match(r"\s*级", after)
            end = m.end() + (tail.end() if star else lvl.end() if lvl else 0)
            rest = line[end : end + WINDOW]
            ticked = before_s.endswith(tuple(self.checked))
            if not ticked and self._listed(before_s, rest, star):
                continue
            if self._cited(before_s, rest, line, m.start(), end):
                if not _OWN_SOURCE.search(before_s[-24:]):
                    continue
                # 附件原文件标注：秘密★1年 -- not an example: a fact about this document's own attachment
                lv = _Level(m.start(), end, level, bool(star), period, standalone)
                hit = self._classified_hit(base + m.start(), base + end, level, period)
                hit.extra["context"] = "attached"
                out.append((lv, hit))
                continue
            spaced = (base + m.start() + 1) in gaps  # 机 密: the word itself was spaced out
            apart_before = nothing_before or before[-1:].isspace() or (
                (base + m.start()) in gaps and not spaced
            )
            apart_after = bool(rx["after_ok"].match(after)) or ((base + m.end()) in gaps and not spaced)
            if not star and rx["para_open"].fullmatch(line, lead, m.start()) and (
                closing := re.match(rf"\s*级?\s*[{re.escape(CLOSE_BRACKETS)}]", after)
            ):
                # (机密) at the start of a paragraph, after its own numbering or not, or alone on its line
                opened = max(line.rfind(ch, max(0, m.start() - 4), m.start()) for ch in OPEN_BRACKETS)
                lv = _Level(opened, m.end() + closing.end(), level, False, None, False)
                # the mark is the bracketed form, as a reviewer would select it
                hit = self._classified_hit(base + opened, base + m.end() + closing.end(), level, None)
                hit.extra["form"] = "paragraph"  # marks its paragraph wherever it stands, whatever the genre
                out.append((lv, hit))
                continue
            if star or ticked or standalone:
                is_mark = True
            elif rx["label"].search(before):
                is_mark = True
            elif (at_head or edge) and nothing_before and apart_after:
                is_mark = True
            elif at_head and apart_before and apart_after and not spaced:
                is_mark = True  # 某某局办公室        机密: set apart at the right of a head line
            else:
                is_mark = edge and apart_before and apart_after
            if not is_mark:
                continue
            if not period and (standalone or at_head or edge or rx["label"].search(before)):
                bare = rx["bare_period"].match(after)  # 机密 5年: a period without the star
                if bare and "\t" in after[: bare.start(1)]:
                    bare = None  # the next table cell (保管期限 10年) is another column, not this period
                if bare and (standalone or (after[:1].isspace() and re.match(r"\s*(?:$|\s|[^\u3400-\u9fff])", after[bare.end():]))):
                    period = bare.group(1)
                    end = m.end() + bare.end()
            if not period:
                lp = rx["label_period"].search(line, end, end + WINDOW) or rx["label_period"].match(nxt.strip())
                if lp:
                    period = lp.group(1)
            lv = _Level(m.start(), end, level, bool(star), period, standalone)
            hit = self._classified_hit(base + m.start(), base + end, level, period)
            if _DECLASSIFIED.search(before) or _DECLASSIFIED.search(line, end, end + 40):
                hit.extra["context"] = "declassified"
            out.append((lv, hit))
        return out

    def _listed(self, before_s: str, rest: str, star: str | None) -> bool:
        """Part of a list of levels: 绝密/机密/秘密, 秘密、机密、绝密文件, 秘密★1年、机密★5年."""
        rx = self._re
        if star:
            return bool(rx["enum_tail"].search(before_s) or rx["enum_head"].match(rest))
        return bool(rx["enum_before"].search(before_s) or rx["enum_after"].match(rest))

    def _cited(self, before_s: str, rest: str, line: str, start: int, end: int) -> bool:
        """A marking shown as an example inside a sentence, quoted or introduced by 如/标注为/字样."""
        rx = self._re
        head = before_s
        while True:  # look past earlier items of the same list: 如秘密★1年、机密★5年
            m = rx["enum_tail"].search(head)
            if not m:
                break
            head = head[: m.start()].rstrip()
        tail = rest
        while True:
            m = rx["enum_head"].match(tail)
            if not m:
                break
            tail = tail[m.end():]
        quoted = head.endswith(tuple(OPEN_QUOTES)) and tail.lstrip().startswith(tuple(CLOSE_QUOTES))
        if quoted:
            if len(line) > (end - start) + 16:
                return True  # more than quotes around it: a quotation inside a sentence
            whole = line.strip().strip(OPEN_QUOTES + CLOSE_QUOTES).strip()
            return whole != line[start:end].strip()  # a quoted marking alone on its line is still one
        head = head.rstrip(OPEN_QUOTES).rstrip()
        tail = tail.lstrip().lstrip(CLOSE_QUOTES)
        return bool(EXAMPLE_BEFORE.search(head) or EXAMPLE_AFTER.match(tail))

    def _classified_hit(self, start: int, end: int, level: str, period: str | None) -> Hit:
        extra: dict[str, Any] = {"level": level}
        reason = self.reasons["classified"].format(level=level)
        if period:
            period = re.sub(r"\s+", "", period)
            extra["period"] = period
            years = years_of(period)
            if years is None and period not in ("长期", "永久"):
                # 启用前, 考试结束前, 2024年12月31日: declassified by an event or on a date, either of which
                # can have passed by the time the document is reviewed (a length of years cannot be told so)
                extra["condition"] = True
                until = stated_date(period)
                if until is not None:
                    extra["until"] = until.isoformat()
            limit = self.levels[level]
            if (years is not None and years > limit) or period == "永久":
                extra["irregular"] = True
                reason += self.reasons["irregular"].format(period=period, level=level, max=limit)
        return Hit(start, end, "marking.classified", f"marking.classified:{level}", "block", reason, extra)

    # -- control marks ---------------------------------------------------
    def _restricted(self, line: str, base: int, kind: str, at_head: bool, gaps: frozenset[int]) -> list[Hit]:
        """A control mark counts where it stands as a mark: on a line of marks only (内部资料 注意保存),
        bracketed at the start of a paragraph or as a bracketed note closing a line ((本记录不得外传)),
        first on a head line, set apart in a header/footer, or anywhere in a part nobody sees."""
        rx = self._re
        only = not rx["residue"].sub("", line)
        lead = len(line) - len(line.lstrip())
        out = []
        for m in rx["marks"].finditer(line):
            before, after = line[max(0, m.start() - WINDOW) : m.start()], line[m.end() : m.end() + WINDOW]
            nothing_before = m.start() <= lead
            gap_before = (base + m.start()) in gaps and (base + m.start() + 1) not in gaps
            gap_after = (base + m.end()) in gaps and (base + m.start() + 1) not in gaps
            bracketed = rx["para_open"].fullmatch(line, lead, m.start()) and re.match(
                rf"\s*[{re.escape(CLOSE_BRACKETS)}]", after
            )
            withheld = rx["withheld"].fullmatch(m.group(1)) is not None
            is_mark = (withheld or only or bool(bracketed) or kind in HIDDEN_KINDS
                       or self._bracket_note(line, m.start(), m.end()) or bool(_SELF.search(before)))
            if not is_mark and kind not in EDGE_KINDS:
                # alone between column breaks or line edges: a cell of a table laid out with tabs (备注：不得外传)
                is_mark = (nothing_before or gap_before) and (not after.strip() or gap_after) and (
                    gap_before or gap_after)
            if not is_mark and at_head and kind not in EDGE_KINDS:
                is_mark = nothing_before and (not after or after[0].isspace() or gap_after)
            if not is_mark and kind in EDGE_KINDS:
                # 规划局内部资料   第1页: a page header names the office right before its mark
                is_mark = (nothing_before or before[-1] in " \t" + OPEN_BRACKETS or gap_before
                           or _OFFICE_END.search(before) is not None) and (
                    not after.strip() or after[0] in " \t" + CLOSE_BRACKETS or after[0].isdigit() or gap_after
                )
            if is_mark:
                mark = m.group(1)
                kind_ = "withheld" if withheld else "restricted"
                out.append(Hit(base + m.start(), base + m.end(), f"marking.{kind_}", f"marking.{kind_}:{mark}",
                               "block", self.reasons[kind_].format(mark=mark), {"mark": mark}))
        return out

    def _derived(self, line: str, base: int) -> list[Hit]:
        out = []
        stated = _DERIVED_STATED.finditer(line) if "会" in line else ()
        for m in (*_DERIVED.finditer(line), *stated):
            s, e = m.start(1), m.end(1)
            level = m.group(1)
            out.append(Hit(base + s, base + e, "marking.derived", f"marking.derived:{level}", "high",
                           self.reasons["derived"].format(level=level), {"level": level}))
        return out

    @staticmethod
    def _bracket_note(line: str, start: int, end: int) -> bool:
        """The mark sits in a short bracketed note that opens its line or closes it:
        （本记录不得外传）, （内部征求意见，仅供……，不得外传）.  A sentence that only mentions
        the rule (会议内容不得外传。) has no brackets; a numbered heading （二） closes before it.  A mark ends
        its clause of the note (（供局领导参考使用）); a legal exception in brackets goes on after the words."""
        lo = max(0, start - 40)
        opened = max(line.rfind(ch, lo, start) for ch in OPEN_BRACKETS)
        if opened < 0 or any(ch in line[opened:start] for ch in CLOSE_BRACKETS):
            return False
        closes = [i for i in (line.find(ch, end, end + 40) for ch in CLOSE_BRACKETS) if i >= 0]
        if not closes:
            return False
        closed = min(closes)
        if any(ch in line[end:closed] for ch in OPEN_BRACKETS):
            return False
        if _CLAUSE_GOES_ON.match(line, end, closed):
            return False  # （第三方同意公开或者不公开会对公共利益造成重大影响的除外）: the words begin a clause of a rule
        opens_line = not line[:opened].strip() if opened < 200 else False
        closes_line = not line[closed + 1 : closed + 4].strip(" 。.;；:：") and len(line) - closed < 4
        return opens_line or closes_line
