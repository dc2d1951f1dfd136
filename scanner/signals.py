"""Document-wide signals that outweigh a document's genre: what it plans, what it leaves undecided.

A plan of an operation still to come (警力28人……集结) and a record of a matter
still under discussion (初步意见……倾向于……备选人选) are internal whatever
their titles call them.  Each signal is data in ``lexicons/genres.yaml`` with
samples the tests run, and each asks for more than one word, so that a single
word in an ordinary public page does not decide.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .contexts import around


@dataclass(frozen=True)
class Deployment:
    """Forces set out for an operation still to come: how many officers go where, and how they act.

    A news report tells an operation afterwards (出动警力200余人次); a plan sets
    it out before (出动警力28人……便衣4人提前进入……待命).  Either a counted force
    and one word of deployment, or three such words, make the plan.
    """

    forces: re.Pattern[str]
    cues: tuple[str, ...]
    samples: dict[str, list[str]] = field(default_factory=dict)
    tally: re.Pattern[str] | None = None  # words that make a counted force a tally after the event

    @staticmethod
    def from_data(data: dict[str, Any]) -> "Deployment":
        tally = sorted(data.get("tally") or (), key=len, reverse=True)
        return Deployment(re.compile(data["forces"]), tuple(data["cues"]), dict(data.get("samples") or {}),
                          re.compile("|".join(map(re.escape, tally))) if tally else None)

    def find(self, text: str) -> str:
        """The words that show a deployment in ``text`` (normalised), joined by 、, or ""."""
        seen = [w for w in self.cues if w in text]
        if seen:
            for m in self.forces.finditer(text):
                if not self._tallied(text, m.start(), m.end()):
                    return m.group(0) + "、" + seen[0]
        return "、".join(seen[:3]) if len(seen) >= 3 else ""

    def _tallied(self, text: str, start: int, end: int) -> bool:
        """The force is counted in a sentence that reports results or a running total."""
        if self.tally is None:
            return False
        lo, hi = around(text, start, end, 200, "。！？\n")  # the force's sentence
        return self.tally.search(text, lo, hi) is not None


@dataclass(frozen=True)
class Deliberation:
    """A matter still being weighed: two or more kinds of deliberation wording in one text.

    One such word appears in public pages too (尚未确定 in a notice, 暂定 in a
    schedule); a record that holds two kinds — an initial view and a leaning,
    a split opinion and a reserve candidate, a leader's instruction and people
    under watch — is the discussion before a decision, which stays inside.
    """

    cues: tuple[tuple[str, re.Pattern[str]], ...]
    need: int = 2
    samples: dict[str, list[str]] = field(default_factory=dict)

    @staticmethod
    def from_data(data: dict[str, Any]) -> "Deliberation":
        cues = tuple((name, re.compile(pattern)) for name, pattern in data["cues"].items())
        return Deliberation(cues, int(data.get("need", 2)), dict(data.get("samples") or {}))

    def find(self, text: str) -> str:
        """The words of the first ``need`` kinds found in ``text`` (normalised), joined by 、, or ""."""
        seen = []
        for _, rx in self.cues:
            m = rx.search(text)
            if m is not None:
                seen.append(m.group(0))
                if len(seen) >= self.need:
                    return "、".join(seen)
        return ""
