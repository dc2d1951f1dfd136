"""Where an address starts and ends, and how bad it is to publish it.

The model marks place pieces; a reader redacts the whole door (江苏省苏州市姑苏区人民路123号5栋301室) and
nothing less precise than a street and number.  How bad it is depends on the words before it: 家住 makes it a
home, 办公地址 or a company's 住所 an office.  A mixin of ``ContextRules``, whose rules (``address:`` in
``lexicons/ner/context.yaml``) it reads.
"""
from __future__ import annotations

import re
from typing import Any

from .columns import Column
from .cues import CueRule, JudgedPart
from .intervals import Intervals, Points
from .spans import ORG_LABELS, PLACE_LABELS, Span

_LEGAL_ENTITY = re.compile(r"统一社会信用代码|法定代表人|营业执照|注册号|经营场所"
                           # a party line that names an organisation (被申请人：某区市场监督管理局) above its 住所
                           r"|(?:申请人|当事人|名称|单位)\s*[:：][^\n]{0,30}?(?:局|委员会|政府|公司|中心|集团|银行|医院|学校|合作社|协会|厂|店)\s*\n")


class AddressJudgement:
    """The address half of the context rules; the attributes are set by ``ContextRules.__init__``."""

    tail: re.Pattern[str]
    door: re.Pattern[str]
    after_door: re.Pattern[str]
    door_only: re.Pattern[str]
    admin_org: re.Pattern[str]
    prefix: re.Pattern[str]
    lead: re.Pattern[str]
    street_level: re.Pattern[str]
    office_after: re.Pattern[str] | None
    office_bracket: re.Pattern[str] | None
    address_high: list[CueRule]
    address_info: list[CueRule]
    address_default: dict[str, Any]

    def extend_address(self, text: str, s: int, e: int) -> int:
        """End of the address after absorbing house numbers, buildings, rooms and groups."""
        while True:
            m = self.tail.match(text, e)
            if not m or m.end() == e:
                return e
            e = m.end()

    def address_severity(
        self, part: "JudgedPart", s: int, e: int, persons: tuple[Points, Points], col: Column | None = None
    ) -> tuple[str, str, str]:
        """``persons``: the starts and the ends of the persons' names."""
        text = part.text
        sent_lo, sent_hi = part.sentences.around(s, e)
        # in a table the column header is the label (地址, 家庭住址) that running text puts before the address
        window = col.label + "：" if col else text[max(sent_lo, s - 12) : s]
        best: tuple[int, int, CueRule, str] | None = None  # (cue end, cue length, rule, cue)
        for r in self.address_high + self.address_info:
            if r.cue_re is None:
                continue
            for m in r.cue_re.finditer(window):
                key = (m.end(), m.end() - m.start(), r, m.group(0))
                if best is None or key[:2] > best[:2]:
                    best = key
        if best is not None and len(window) - best[0] <= best[2].before:
            r = best[2]
            if "住所" in window[max(0, best[0] - len(best[3]) - 4) : best[0] + 1] and _LEGAL_ENTITY.search(text, max(0, s - 160), min(len(text), e + 60)):
                # 住所 of a party that has a credit code or a legal representative: a registered office
                r = self.address_info[0]
            return r.severity, r.reason, r.id
        if (self.office_after is not None and self.office_after.match(text, e, min(sent_hi, e + 12))) or (
            self.office_bracket is not None and self.office_bracket.search(text[max(sent_lo, s - 44) : s])
        ):
            r = self.address_info[0]
            return r.severity, r.reason, r.id
        starts, ends = persons
        for r in self.address_high:
            if r.id == "near_person" and (
                ends.any_between(max(sent_lo, s - r.before), s) or starts.any_between(e, min(sent_hi, e + r.before))
            ):
                return r.severity, r.reason, r.id
        d = self.address_default
        return d["severity"], d["reason"], "address"

    def _addresses(self, text: str, spans: list[Span]) -> list[tuple[int, int]]:
        """Adjacent place pieces merged, extended to the door, kept when street-level."""
        merged: list[list[int]] = []
        for x in spans:
            if x.label not in PLACE_LABELS and not (x.label in ORG_LABELS and self.admin_org.match(text[x.start : x.end])):
                continue
            if merged and x.start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], x.end)
            else:
                merged.append([x.start, x.end])
        pieces, doors = Intervals((s, e) for s, e in merged), Intervals()
        for m in self.door_only.finditer(text):  # a door number the model did not see as a place
            if not (pieces.overlaps(m.start(), m.end()) or doors.overlaps(m.start(), m.end())):
                merged.append([m.start(), m.end()])
                doors.add(m.start(), m.end())
        merged.sort()
        out: list[tuple[int, int]] = []
        for s, e in merged:
            if out and s < out[-1][1]:
                continue
            span = self._address_span(text, s, e)
            if span is None:
                continue
            s, e = span
            if out and s <= out[-1][1]:
                out[-1] = (out[-1][0], e)
            else:
                out.append((s, e))
        return out

    def _address_span(self, text: str, s: int, e: int) -> tuple[int, int] | None:
        """One merged place chain as the address a reader would redact, or None if not street-level."""
        m = self.prefix.search(text[max(0, s - 12) : s])
        if m:
            s -= len(m.group(0))
        back = e
        while back > s and text[back - 1].isascii() and text[back - 1].isalnum():
            back -= 1  # the model stopped inside a unit (135号2|单元): start the tail again from before it
        end = self.extend_address(text, s, back)
        e = max(e, end)
        door = self.door.search(text, s, e)
        if door:
            e = door.end()
            while (m := self.after_door.match(text, e)) and m.end() > e:
                e = m.end()
        m = self.lead.match(text, s, e)
        if m and self.street_level.search(text, m.end(), e):
            s = m.end()
        if not self.street_level.search(text, s, e):
            return None
        return s, e
