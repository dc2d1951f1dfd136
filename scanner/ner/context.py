"""Model spans in, personal-data hits out: the judgement a model cannot make.

A model says where something looks like a name or a place.  Whether it is
personal data, and how bad publishing it would be, depends on the words
around it: 王某 is already masked, 张三 in a fill-in example is a
placeholder, 中山 in 中山路 is a road, a 举报人's name is far worse than a
局长's.  Those judgements are rules in ``lexicons/ner/context.yaml`` so a
reviewer can read and change them; this module only applies them.  It knows
nothing about the model: LAC, a trained spaCy ``ner`` or a test all hand it
``(start, end, label)`` spans with labels PERSON, LOC (or ADDRESS, GPE) and
ORG.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from ..model import Hit
from .columns import Column, columns, rows
from .addresses import AddressJudgement
from .cues import CueRule, JudgedPart, alternation, credited, cue_in_column, cue_rule, other_clause
from .intervals import HitIndex, Intervals, Points
from .spans import ORG_LABELS, PERSON_LABELS, PLACE_LABELS, Span

# the last character of most village and hamlet names (陈各庄, 南小营, 大松垡, 大杜社, 前堰上)
PLACE_ENDS = frozenset("庄营屯堡垡寨铺店集沟洼坨社村湾岗坡场上")


class ContextRules(AddressJudgement):
    """The rules of ``lexicons/ner/context.yaml``, compiled once per process."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.version = str(data.get("version", ""))
        p = data["person"]
        self.masked = re.compile(p["masked"]["pattern"])
        self.placeholders = set(p["placeholder"]["names"])
        self.placeholder_cues = alternation(p["placeholder"]["cues"])
        self.placeholder_window = int(p["placeholder"].get("window", 40))
        self.not_people = set(p["fictional"]["names"]) | set(p["public"]["names"])
        self.quoted_mascot = re.compile(p["fictional"]["quoted_after"]) if p["fictional"].get("quoted_after") else None
        self.name_part = re.compile(p["name_part_suffix"]["pattern"])
        self.shape = re.compile(p["shape"]["pattern"])
        sur = p["surnames"]
        single = "".join(sorted(set(sur["single"])))
        compound = "|".join(sorted(sur["compound"], key=len, reverse=True))
        self.compound_re = re.compile(f"(?:{compound})$")
        boundary = p["slots"]["boundary"]
        self.slot_name = re.compile(f"(?:(?:{compound})[\u4e00-\u9fff]{{1,2}}|[{single}][\u4e00-\u9fff]{{1,2}}){boundary}")
        self.bare_name = re.compile(f"(?:(?:{compound})[\u4e00-\u9fff]{{1,2}}|[{single}][\u4e00-\u9fff]{{1,2}})$")
        self.slot_cues = alternation(p["slots"]["cues"])
        self.enumeration = re.compile(p["enumeration"]["pattern"])
        self.not_names = set(p["not_names"])
        self.unit_suffix = re.compile(p["unit_suffix"])
        fill = lambda pat: pat.replace("COMPOUND", compound).replace("SINGLE", single)  # noqa: E731
        self.clause_start = re.compile(fill(p["clause_start"]))
        self.before_comrade = re.compile(fill(p["before_comrade"]))
        self.line_start = re.compile(p["line_start"]["pattern"])
        self.dotted = re.compile(p["dotted"]["pattern"])
        self.honorific = re.compile(p["honorific"])
        self.table_headers = frozenset(p["table"]["headers"])
        self.person_high = [cue_rule(r, "high") for r in p["high"]]
        self.person_info = [cue_rule(r, "info") for r in p["info"]]
        self.byline = next((r for r in self.person_info if r.id == "byline"), None)
        self.person_default = p["default"]
        a = data["address"]
        self.tail = re.compile(a["tail"])
        self.door = re.compile(a["door"])
        self.after_door = re.compile(a["after_door"])
        self.prefix = re.compile(a["prefix"])
        self.lead = re.compile(a["lead"])
        self.street_level = re.compile(a["street_level"]["pattern"])
        self.admin_org = re.compile(a["admin_org"])
        self.door_only = re.compile(a["door_only"]["pattern"])
        self.locality = re.compile(a["locality"]["pattern"])
        self.locality_reason = a["locality"]["reason"]
        self.address_high = [cue_rule(r, "high") for r in a["high"]]
        self.address_info = [cue_rule(r, "info") for r in a["info"]]
        self.address_default = a["default"]
        self.office_after = alternation([c for r in self.address_info for c in r.cues_after])
        # the same words just before a bracket: 南湖区城市管理局（府南路99号）
        # 我局规划财务科（某某路与某某大道交叉口某大厦506室，…）: the address may start later than the bracket
        self.office_bracket = (re.compile(f"(?:{self.office_after.pattern})[（(][^（()）。；\n]{{0,30}}$")
                               if self.office_after else None)

    @classmethod
    def load(cls, path: Path | None = None) -> "ContextRules":
        from ..rules import default_dir

        path = path or default_dir() / "ner" / "context.yaml"
        with open(path, encoding="utf-8") as fh:
            return cls(yaml.safe_load(fh))

    # -- persons -------------------------------------------------------------
    def is_person(self, text: str, s: int, e: int, inside: Intervals, glued: bool = False) -> bool:
        """False for what looks like a name but is not one of a living private person."""
        name = text[s:e]
        if not self.shape.match(name) or self.masked.match(name):
            return False
        if name in self.not_people:
            return False
        if name[0] in _SEASONS and s and text[s - 1] == "年":
            return False  # 去年秋|琳之后: a season after a year, the model read the rest of the phrase as a given name
        if name[-1] in PLACE_ENDS and s and text[s - 1] in _ADMIN_ENDS:
            return False  # 乐陵至孔镇刘集的公交车: a village after its town, named the way villages are (刘集, 王庄)
        if _GARBLED.search(text, max(0, s - 2), s) or _GARBLED.match(text, e):
            return False  # 海南省??谑忻捞m區: characters next to mojibake are debris, not a name (one ? may be a lost dot)
        if len(name) == 2 and name[0] in _CONJUNCTIONS and s and "\u4e00" <= text[s - 1] <= "\u9fff" and not any(
                r.before_re is not None and r.before_re.search(text, max(0, s - 12), s) for r in self.person_info):
            return False  # 姓名和联|系方式: a conjunction and half of the next word (纪委书记和伟 has a post before it)
        if _NUMBER_PREFIX.match(text, e):
            return False  # 黔卫健|用证字【2016】第0002号: the abbreviated issuer of a licence or document number
        if _quoted_series(text, s, e):
            return False  # 关闭“木舟说”“胡说胡没理”等账号: one of a series of quoted titles, not a person
        if s and text[s - 1] == "“" and self.quoted_mascot is not None and self.quoted_mascot.search(text[max(0, s - 40) : s]):
            return False
        if inside.strictly_covers(s, e):
            return False
        if not glued and self.name_part.match(text[e : e + 6]):
            return False
        if name in self.placeholders and self.placeholder_cues is not None:
            lo = max(0, s - self.placeholder_window)
            if self.placeholder_cues.search(text, lo, e + self.placeholder_window):
                return False
        return True

    def find_names(self, text: str, spans: list[Span]) -> list[Span]:
        """Names the model missed or cut short, found by their position (see ``slots`` in the rules)."""
        model = [self._trim(text, x) for x in spans if x.label in PERSON_LABELS]
        found: list[Span] = []
        for x in spans:  # 侯建华|市发改委: a roster line read as one name or one organisation
            if x.label in PERSON_LABELS | ORG_LABELS and x.end - x.start > 4:
                cut = self._name_before_unit(text, x.start, x.end)
                if cut:
                    found.append(Span(x.start, cut, "ROSTER"))
        model = [x for x in model if not (x.end - x.start > 4 and self._name_before_unit(text, x.start, x.end))]
        for x in model:  # 钟离|春: a compound surname alone is the start of a longer name
            if x.start >= 2 and x.end - x.start <= 2 and self.compound_re.match(text, x.start - 2, x.start):
                found.append(Span(x.start - 2, x.end, "PERSON"))  # 上官|婉清: the model left the surname out
            elif self.compound_re.match(text, x.start, x.end):
                m = self.slot_name.match(text, x.start)
                found.append(Span(x.start, m.end(), "PERSON") if m else x)
            else:
                found.append(x)
        if self.slot_cues is not None:
            for c in self.slot_cues.finditer(text):
                pos = c.end()
                while pos < len(text) and text[pos] in "：: \t为是":
                    pos += 1
                m = self.slot_name.match(text, pos)
                if m and m.group(0) not in self.not_names:
                    found.append(Span(pos, m.end(), "PERSON"))
        found.extend(self._roster_lines(text, spans))
        found.extend(self._table_column(text))
        found.extend(Span(m.start(), m.end(), "PERSON") for m in self.dotted.finditer(text))
        for m in self.clause_start.finditer(text):
            if m.group(1) not in self.not_names:
                found.append(Span(m.start(1), m.end(1), "PERSON"))
        model_ix = Intervals.of(model)
        for m in self.before_comrade.finditer(text):
            if text[m.end() - 2 : m.end()] in self.not_names:
                continue
            if not model_ix.overlaps(m.start(), m.end()):
                found.append(Span(m.start(), m.end(), "PERSON"))
        # names found so far, and those the lists below add (in text order: a list never reaches back)
        found_ix, listed, villages = Intervals.of(found), Intervals(), Intervals()
        for m in self.enumeration.finditer(text):
            items = []
            pos = m.start()
            for raw in m.group(0).split("、"):
                word = re.split(r"[（(]", raw, maxsplit=1)[0]
                items.append((pos, pos + len(word)))
                pos += len(raw) + 1
            # the first item may carry words before it (论证专家为|宁静): trust it only as already
            # found, or when the list stands alone (a line of its own, or right after a colon)
            if not any(found_ix.overlaps(a, b) or listed.overlaps(a, b) for a, b in items):
                continue
            if 2 * sum(1 for a, b in items if text[b - 1] in PLACE_ENDS) >= len(items):
                villages.add(m.start(), m.end())  # 东田阳、大杜社、团瓢庄、姚辛庄: a list of villages, not people
                continue
            alone = m.start() == 0 or text[m.start() - 1] in "\n：:"
            # two names already in the list: the rest are names too, with or without a Han surname (卓玛央金)
            known = sum(1 for a, b in items if found_ix.inside(a, b) or listed.inside(a, b))
            for a, b in items if alone else items[1:]:
                item = text[a:b]
                if item in self.not_names:
                    continue
                bounded = b == len(text) or text[b] in "、\n\t （("  # not 瞿秋|组成。 at the end of a sentence
                if self.bare_name.match(text, a, b) or (known >= 2 and bounded and self.shape.match(item)):
                    found.append(Span(a, b, "PERSON"))
                    listed.add(a, b)
        out: list[Span] = []
        for x in sorted(found, key=lambda x: (x.start, -(x.end - x.start))):
            if (out and x.start < out[-1].end) or villages.covers(x.start, x.end):
                continue
            out.append(x)
        return out

    def _trim(self, text: str, x: Span) -> Span:
        """A model span without the blanks and the form of address it took along (慕容秀兰女士)."""
        s, e = x.start, x.end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        m = self.honorific.search(text, s, e)
        if m and m.start() - s >= 2:
            e = m.start()
        return x if (s, e) == (x.start, x.end) else Span(s, e, x.label)

    def _name_before_unit(self, text: str, s: int, e: int) -> int | None:
        """End of a name glued to the unit after it (侯建华市发改委), or None.

        Only where a roster line starts: after 当事人：南宁市… the place is the unit's own.
        """
        if s > 0 and not text[s - 1].isspace():
            return None
        body = text[s:e].rstrip()
        if not self.unit_suffix.search(body):
            return None
        for k in (3, 2, 4):
            if len(body) > k + 1 and body[k] in "省市县区镇乡" and self.bare_name.match(body[:k]):
                return s + k
        return None

    def _roster_lines(self, text: str, spans: list[Span]) -> list[Span]:
        """A name at the start of a roster line, before spaces or right before the unit's name."""
        out = []
        unit_starts = {x.start for x in spans if x.label in ORG_LABELS}
        taken = Intervals.of(x for x in spans if x.label in ORG_LABELS or x.label in PLACE_LABELS)
        for m in self.line_start.finditer(text):
            if self.bare_name.match(m.group(1)) and m.group(1) not in self.not_names:
                out.append(Span(m.start(1), m.end(1), "PERSON"))
        for line in re.finditer(r"(?m)^[^\n]{3,}$", text):
            a = line.start()
            for k in (3, 2, 4):
                if (
                    a + k in unit_starts
                    and self.bare_name.match(text, a, a + k)
                    and text[a : a + k] not in self.not_names
                    and not taken.overlaps(a, a + k)
                ):
                    out.append(Span(a, a + k, "PERSON"))
                    break
        return out

    def _table_column(self, text: str) -> list[Span]:
        """Cells under a name header (姓名, 户主, 被征收人 …) of a table laid out with tabs or spaces.

        Only what is shaped like a name is taken, so a header over mixed
        content (负责人: 单位 or 人) does little harm.
        """
        out: list[Span] = []
        for run in rows(text):
            col: int | None = None
            for cells in run:
                heads = [i for i, (a, b) in enumerate(cells) if text[a:b] in self.table_headers]
                if heads:
                    col = heads[0]
                elif col is not None and col < len(cells):
                    a, b = cells[col]
                    if self.shape.match(text[a:b]) and text[a:b] not in self.not_names:
                        out.append(Span(a, b, "TABLE"))
        return out

    def person_severity(
        self, part: "JudgedPart", s: int, e: int, hits: HitIndex, col: Column | None = None
    ) -> tuple[str, str, str]:
        """(severity, reason, rule id) for the name at ``[s, e)``: high rules first, then info.

        ``col`` is the table column the name heads a cell of: its header is
        read as the label before the name (联系人, 举报人), and the header row
        as part of the row's sentence (a 病情 or 家庭收入 column).
        """
        text = part.text
        sent_lo, sent_hi = part.sentences.around(s, e)
        label = col.label + "：" if col else ""
        before = text[max(sent_lo, s - 40) : s]  # 40: a role label may stand before a list (评审专家：甲、乙、丙)
        post, word = (self.byline, "署名") if self.byline and credited(text, s, e) else self._post(
            text, e, sent_hi, before, label)
        # 区长某某看望住院的伤员: the health cue is someone else's, the official is named by a post.
        # 同志 is no post: a petition reply addresses the petitioner as 某某同志.
        by_post = post is not None and "同志" not in word
        for r in self.person_high:
            if r.sentence and (by_post or r.named_as_other(text, s, e, sent_lo, sent_hi)
                               or part.excused(r, sent_lo, sent_hi)):
                continue
            if r.types:
                for i in hits.near(s, e, r.before, r.after):  # the first in list order, as a scan of the list finds
                    h = hits.hits[i]
                    if h.type in r.types and h.rule not in r.except_rules and sent_lo <= h.start and h.end <= sent_hi and (
                        0 <= h.start - e <= r.after or 0 <= s - h.end <= r.before
                    ):
                        rid = (r.id + "_contact" if h.rule in r.contact_rules
                               else r.id + "_locality" if h.rule in r.locality_rules else r.id)
                        return "high", r.reason.format(what=(r.what or {}).get(h.type, "个人信息")), rid
                continue
            cue = (None if r.columns_only else part.cue_near(r, s, e, sent_lo, sent_hi)) or cue_in_column(r, col)
            if cue and by_post and not r.sentence and other_clause(text, r, s, e, sent_lo, sent_hi):
                continue  # 被执行人张某带到了，杨进副局长……: the role is someone else's, the official has a post
            if cue and r.columns_only and _masked_row(text, s, e):
                continue  # 萧某 男 1997.11 …… 410322********0628: the row's numbers are already masked
            if cue:
                return "high", r.reason.format(cue=cue), r.id
        if post:
            return "info", post.reason, post.id
        for r in self.person_info:
            if r.cue_re is not None and (part.cue_near(r, s, e, sent_lo, sent_hi) or cue_in_column(r, col)):
                return "info", r.reason, r.id
        d = self.person_default
        return d["severity"], d["reason"], "person"

    def _post(self, text: str, e: int, sent_hi: int, before: str, label: str,
              roster: bool = True) -> tuple[CueRule | None, str]:
        """The info rule that names the person by a post written right next to the name, and the post's words."""
        if before.endswith("\n") and not before.rstrip().endswith(("：", ":")):
            before = ""  # 副局长⏎金某: the post ends the line above, someone else's; a label (局长：⏎) still counts
        for r in self.person_info:
            m = r.after_re.match(text, e, sent_hi) if r.after_re is not None else None
            if (m is None or "同志" in m.group(0)) and r.before_re is not None:
                # 党支部书记周万章同志: the post before the name says more than the 同志 after it
                m = (r.before_re.search(before) if before else None) or (
                    r.before_re.search(label) if label else None) or m
            if m is None and roster and r.before_re is not None and (not before or before[-1] == "\n"):
                # a roster line, 李某(女,朝鲜族) 吉林省汪清县第四幼儿园园长: the post ends the name's own line
                nl = text.find("\n", e, e + 48)
                rest = text[e : nl if nl >= 0 else min(len(text), e + 48)]
                if (nl >= 0 or e + 48 >= len(text)) and not _SENTENCE_MARKS.search(_BRACKETED.sub("", rest)):
                    m = r.before_re.search(rest)
            if m is not None:
                return r, m.group(0)
        return None, ""

    # -- the whole judgement -------------------------------------------------
    def judge(self, text: str, spans: list[Span], hits: list[Hit]) -> list[Hit]:
        """Personal-data hits of one part from the model's spans and the other detectors' hits."""
        spans = sorted(spans, key=lambda x: (x.start, x.end))
        names = self.find_names(text, spans)
        names_ix = Intervals.of(names)
        # a place or organisation the model saw where the context says a name stands is not a container
        containers = [
            x for x in spans
            if (x.label in ORG_LABELS or x.label in PLACE_LABELS)
            and not names_ix.covers(x.start, x.end)
            and not (x.end - x.start > 4 and self._name_before_unit(text, x.start, x.end))
        ]
        addresses = self._addresses(text, containers)
        cols = columns(text)
        after_address = Intervals()  # names added here, in text order like the addresses
        for a, b in addresses:  # 大坪村四组焦德福、…: a roster of households, the name right after its address
            m = self.slot_name.match(text, b)
            if m and m.group(0) not in self.not_names and not (
                names_ix.overlaps(b, m.end()) or after_address.overlaps(b, m.end())
            ):
                names.append(Span(b, m.end(), "PERSON"))
                after_address.add(b, m.end())
        out: list[Hit] = []
        persons: list[tuple[int, int]] = []
        inside = Intervals.of(containers)
        in_address = Intervals(addresses)
        for x in names:
            if not self.is_person(text, x.start, x.end, inside, glued=x.label == "ROSTER"):
                continue
            if in_address.covers(x.start, x.end):
                continue
            persons.append((x.start, x.end))
        part = JudgedPart(text)
        # an official named with a post (社区网格员白某) stands beside an address on duty, not at home
        private = [(a, b) for a, b in persons
                   if self._post(text, b, part.sentences.around(a, b)[1], text[max(0, a - 40) : a], "")[0] is None]
        near = (Points(a for a, _ in private), Points(b for _, b in private))
        addr_hits = []
        for a, b in addresses:
            sev, reason, rid = self.address_severity(part, a, b, near, cols.get(a))
            if rid == "near_person" and self.locality.match(text, a, b):
                reason, rid = self.locality_reason, "locality"  # a village group beside a villager, no door
            addr_hits.append(Hit(a, b, "pii.address", f"ner.address.{rid}", severity=sev, reason=reason, confidence=0.85))
        context = HitIndex(list(hits) + [h for h in addr_hits if h.severity == "high"])
        for a, b in persons:
            sev, reason, rid = self.person_severity(part, a, b, context, cols.get(a))
            out.append(Hit(a, b, "pii.person", f"ner.person.{rid}", severity=sev, reason=reason, confidence=0.9))
        return self._officials_throughout(text, out) + addr_hits

    def _officials_throughout(self, text: str, out: list[Hit]) -> list[Hit]:
        """A name given with its post once (市委原书记严如高) is that official wherever it recurs in the part:
        a sentence cue beside a later mention (严如高同志因病医治无效) reports on the official, as the first
        did.  Only sentence cues yield; a number or an address beside the name still counts."""
        officials = set()
        for h in out:
            if h.rule == "ner.person.post":
                # named by a real post, not only addressed as 同志 (a petition reply says 张某某同志 too)
                # a roster line's post (李某(女) 某幼儿园园长) names that line's person only: it does not follow the
                # name through the part, where another 李某 may stand
                rule, word = self._post(text, h.end, len(text), text[max(0, h.start - 40) : h.start], "", roster=False)
                if rule is not None and "同志" not in word:
                    officials.add(text[h.start:h.end])
        if not officials:
            return out
        # 指导员陈某……在监舍等陈某和刘某忙完: a name joined straight to an official's works beside him
        starts = {h.start: text[h.start:h.end] for h in out}
        for h in sorted(out, key=lambda x: x.start):
            joined = starts.get(h.end + 1) if text[h.end : h.end + 1] in _JOINS else None
            if joined and text[h.start:h.end] in officials:
                officials.add(joined)
        post = next(r for r in self.person_info if r.id == "post")
        by_sentence = {f"ner.person.{r.id}" for r in self.person_high if r.sentence}
        return [replace(h, severity="info", reason=post.reason, rule="ner.person.post")
                if h.rule in by_sentence and text[h.start:h.end] in officials else h for h in out]


_SEASONS = frozenset("春夏秋冬")
_JOINS = frozenset("和与、及")
_CONJUNCTIONS = frozenset("和与及或")
_SENTENCE_MARKS = re.compile(r"[，。；！？,;!?]")
_BRACKETED = re.compile(r"[（(][^（()）\n]{0,12}[)）]")
_GARBLED = re.compile(r"\?\?|\ufffd")
_NUMBER_PREFIX = re.compile(r"(?:[用准备监械药食]?证?字|发)\s*[〔【\[(（第]")
# a village (刘集, 王庄, 李营) right after its town
_ADMIN_ENDS = frozenset("镇乡县村")


_MASKED_NUMBER = re.compile(r"\d{2,}[*＊×]{3,}[\dXx]*")
_OPEN_NUMBER = re.compile(r"(?<!\d)\d{11,}")


def _masked_row(text: str, s: int, e: int) -> bool:
    """The name's row (its line, or the line above or below in a flattened table) shows its numbers masked and
    none in full: the table already does what a redaction would."""
    # every look stays within 200 characters a line: a row with no line break near it must not send the look
    # back to the start of the text for each of its names
    lo = text.rfind("\n", max(0, s - 200), s)
    lo = lo if lo >= 0 else max(0, s - 200)
    above = text.rfind("\n", max(0, lo - 200), lo) if lo else -1
    lo = above if above >= 0 else max(0, lo - 200)
    hi = text.find("\n", e, e + 200)
    hi = text.find("\n", hi + 1, hi + 200) if hi >= 0 else min(len(text), e + 200)
    hi = hi if hi >= 0 else min(len(text), e + 400)
    return _MASKED_NUMBER.search(text, lo, hi) is not None and _OPEN_NUMBER.search(text, lo, hi) is None


def _quoted_series(text: str, s: int, e: int) -> bool:
    """The name fills most of a quoted item that stands next to another quoted item (“群微语”“木舟说”):
    a list of account, brand or programme titles."""
    lo = text.rfind("“", max(0, s - 2), s + 1)
    hi = text.find("”", e, e + 4)
    if lo < 0 or hi < 0:
        return False
    return text[max(0, lo - 1) : lo] in ("”", "、") or text[hi + 1 : hi + 2] in ("“", "、")

