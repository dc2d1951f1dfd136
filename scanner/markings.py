"""Classification markings (密级标志) and control marks, told apart from prose.

The rule documents themselves say 绝密, 机密 and 秘密 on every page, and they
are public.  So a level word is a marking only where a marking stands: with
a star and a period (秘密★1年), after a 密级 label, bracketed at the start of
a paragraph ((机密)), alone on its line, at the head of a document or in a
header or footer.  Quoted examples (应标注为“秘密★1年”), titles that begin
with a level word (机密文件管理办法) and blank form templates (□秘密★___)
are not.  The vocabulary is data (``lexicons/markings.yaml``); the positions
are the structure of GB/T 9704-2012 and live here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .model import Hit

NUM = r"[0-9一二三四五六七八九十百两壹贰叁肆伍陆柒捌玖拾]+"
PERIOD = (
    rf"(?:\d{{4}}\s*年\s*\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*日)?\s*(?:以前|前)?(?:解密)?"
    rf"|{NUM}\s*(?:个\s*)?月|{NUM}\s*年(?!\s*\d)|长期|永久|启用前|公布前|发布前"
    rf"|[^\s，。；、,;“”\"]{{1,20}}?(?:后|前)?解密)"
)
OPEN_QUOTES = "“\"「『‘'《"
CLOSE_QUOTES = "”\"」』’'》"
CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {
    "两": 2, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9
}


def years_of(period: str) -> float | None:
    """Length of a period in years, or None when it is not a length (长期, 启用前, a date)."""
    m = re.fullmatch(rf"({NUM})\s*(个\s*)?(年|月)", period.strip())
    if not m:
        return None
    n = _number(m.group(1))
    if n is None:
        return None
    return n / 12 if m.group(3) == "月" else float(n)


def _number(s: str) -> int | None:
    if s.isdigit() and s.isascii():
        return int(s)
    s = s.replace("拾", "十")
    if "十" in s:
        tens, _, ones = s.partition("十")
        t = CN_DIGITS.get(tens, None) if tens else 1
        o = CN_DIGITS.get(ones, None) if ones else 0
        return None if t is None or o is None else t * 10 + o
    if len(s) == 1 and s in CN_DIGITS:
        return CN_DIGITS[s]
    return None


@dataclass(frozen=True)
class MarkingRules:
    levels: dict[str, int]
    stars: str
    urgency: tuple[str, ...]
    unchecked: str
    checked: str
    restricted: tuple[str, ...]
    reasons: dict[str, str]

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
        )

    @cached_property
    def _re(self) -> dict[str, re.Pattern[str]]:
        lv = "|".join(map(re.escape, self.levels))
        star = f"[{re.escape(self.stars)}]"
        urg = "|".join(map(re.escape, self.urgency))
        marks = "|".join(map(re.escape, sorted(self.restricted, key=len, reverse=True)))
        box = f"[{re.escape(self.checked)}]"
        return {
            "level": re.compile(rf"({lv})"),
            # what may follow a level word inside a marking: 级, a star, a period
            "tail": re.compile(rf"\s*级?\s*(?:({star})\s*(?:({PERIOD})|(_{{2,}}|＿+|…+|X+|x+))?)?"),
            "bare_period": re.compile(rf"\s+({PERIOD})"),
            "label": re.compile(rf"密\s*级\s*[:：]?\s*{box}?\s*$"),
            "standalone": re.compile(
                rf"^\s*(?:\d{{3,6}}\s+)?{box}?\s*(?:{lv})\s*级?\s*(?:{star}\s*)?(?:{PERIOD})?\s*(?:{urg})?\s*$"
            ),
            "marks": re.compile(rf"({marks})"),
            "marks_only": re.compile(
                rf"^\s*[（(【\[〔“\"]?\s*(?:(?:{marks}|{lv}(?:\s*{star}\s*(?:{PERIOD})?)?)[\s，,、·;；]*)+[)）】\]〕”\"]?\s*$"
            ),
        }

    # -- classified ------------------------------------------------------
    def find(
        self, text: str, *, kind: str = "body", first_lines: int = 0, gaps: frozenset[int] = frozenset()
    ) -> list[Hit]:
        """``gaps`` are normalised positions where separators were removed (``NormText.gaps``):
        in a header, 某某局文件   机密 normalises to 某某局文件机密, and the gap is what still
        says that 机密 stood apart."""
        hits: list[Hit] = []
        pos = 0
        for lineno, line in enumerate(text.split("\n")):
            if self._re["level"].search(line) or self._re["marks"].search(line):
                at_head = lineno < first_lines
                hits.extend(self._classified(line, pos, kind, at_head, gaps))
                hits.extend(self._restricted(line, pos, kind, at_head, gaps))
            pos += len(line) + 1
        return hits

    def _classified(self, line: str, base: int, kind: str, at_head: bool, gaps: frozenset[int]) -> list[Hit]:
        out = []
        rx = self._re
        standalone = bool(rx["standalone"].match(line))
        edge_kind = kind in ("header", "footer", "page_top", "table_cell", "sheet_cell")
        for m in rx["level"].finditer(line):
            level = m.group(1)
            before, after = line[: m.start()], line[m.end():]
            before_s = before.rstrip()
            if before_s.endswith(tuple(self.unchecked)):
                continue  # □秘密: an option in a blank form
            tail = rx["tail"].match(after)
            star, period, blank = tail.group(1), tail.group(2), tail.group(3)
            if blank:
                continue  # 秘密★___: a template waiting to be filled in
            end = m.end() + (tail.end() if star else 0)
            is_mark = False
            if star:
                quoted = before_s.endswith(tuple(OPEN_QUOTES)) and line[end:].lstrip().startswith(tuple(CLOSE_QUOTES))
                is_mark = not (quoted and line.strip().strip(OPEN_QUOTES + CLOSE_QUOTES) != line[m.start():end].strip())
            elif rx["label"].search(before):
                is_mark = True
            elif re.search(r"^\s*[（(【\[〔]\s*$", before) and re.match(r"\s*级?\s*[)）】\]〕]", after):
                is_mark = True
            elif standalone:
                is_mark = True
            elif (at_head or edge_kind) and not before.strip() and re.match(r"\s*级?\s*(?:$|\s)", after):
                is_mark = True
            elif edge_kind and (re.search(r"\s$", before) or base + m.start() in gaps) and (
                re.match(r"\s*(?:$|\s)", after) or base + m.end() in gaps
            ):
                is_mark = True
            if not is_mark:
                continue
            if not period:
                bare = rx["bare_period"].match(after)
                if bare and (standalone or at_head or edge_kind):
                    period = bare.group(1)
                    end = m.end() + bare.end()
            out.append(self._classified_hit(base + m.start(), base + end, level, period))
        return out

    def _classified_hit(self, start: int, end: int, level: str, period: str | None) -> Hit:
        extra: dict[str, Any] = {"level": level}
        reason = self.reasons["classified"].format(level=level)
        if period:
            period = re.sub(r"\s+", "", period)
            extra["period"] = period
            years = years_of(period)
            limit = self.levels[level]
            if (years is not None and years > limit) or period == "永久":
                extra["irregular"] = True
                reason += self.reasons["irregular"].format(period=period, level=level, max=limit)
        return Hit(start, end, "marking.classified", f"marking.classified:{level}", "block", reason, extra)

    # -- control marks ---------------------------------------------------
    def _restricted(self, line: str, base: int, kind: str, at_head: bool, gaps: frozenset[int]) -> list[Hit]:
        rx = self._re
        only = bool(rx["marks_only"].match(line))
        out = []
        for m in rx["marks"].finditer(line):
            before, after = line[: m.start()], line[m.end():]
            is_mark = only
            if not is_mark and (at_head or kind in ("header", "footer", "page_top")):
                starts = not before.strip() or re.fullmatch(r"\s*[（(【\[〔]\s*", before)
                bounded = (not re.match(r"[\u4e00-\u9fff]", after) or base + m.end() in gaps) and (
                    not re.search(r"[\u4e00-\u9fff]$", before) or base + m.start() in gaps
                )
                is_mark = bool(starts or (kind != "body" and bounded))
                is_mark = is_mark and (not re.match(r"[\u4e00-\u9fff]", after) or base + m.end() in gaps)
            if is_mark:
                mark = m.group(1)
                out.append(Hit(base + m.start(), base + m.end(), "marking.restricted", f"marking.restricted:{mark}",
                               "block", self.reasons["restricted"].format(mark=mark), {"mark": mark}))
        return out
