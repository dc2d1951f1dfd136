"""Typed records that flow through baomi: located text parts in, findings out.

Readers in ``pipelines/`` produce a :class:`Document` of :class:`Part` objects;
the :class:`scanner.Scanner` turns them into :class:`Finding` objects and a
report.  Offsets in a finding always point at the *original* characters of
its part, never at the normalised text, so a highlighter, an annotated Word
copy and a redactor can all use them directly.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("block", "high", "medium", "low", "info")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}  # lower is worse


@dataclass(frozen=True)
class Part:
    """One piece of text as the reader found it.

    ``flag`` names a ``hidden.*`` or ``media.*`` finding type that the part
    raises just by being there (a tracked deletion, a comment, an image that
    could not be read).  The scanner turns it into a finding covering the
    part, with severity and reason from ``lexicons/hidden.yaml``.
    """

    id: str
    kind: str
    text: str
    page: int | None = None
    location: dict[str, Any] = field(default_factory=dict)
    flag: str | None = None

    def meta(self) -> dict[str, Any]:
        """The part as ``document.parts`` lists it: no text (drafts may be secret)."""
        out: dict[str, Any] = {"id": self.id, "kind": self.kind, "chars": len(self.text)}
        if self.page is not None:
            out["page"] = self.page
        if self.location:
            out["location"] = dict(self.location)
        if self.flag:
            out["flag"] = self.flag
        return out


@dataclass
class Document:
    """What a reader returns: the parts of one input in reading order."""

    name: str
    sha256: str
    format: str
    parts: list[Part]
    title: str | None = None
    # Extra facts the report may show (page count, 文号, original format ...).
    info: dict[str, Any] = field(default_factory=dict)
    # Problems that did not stop the read (an image not checked, a model missing).
    warnings: list[str] = field(default_factory=list)

    @staticmethod
    def from_text(text: str, name: str = "-", data: bytes | None = None) -> "Document":
        raw = data if data is not None else text.encode("utf-8")
        return Document(
            name=name,
            sha256=hashlib.sha256(raw).hexdigest(),
            format="txt",
            parts=[Part(id="p1", kind="body", text=text)],
        )


@dataclass(frozen=True)
class Hit:
    """A detector's raw answer, in *normalised* offsets of one part.

    Detectors are pure functions ``(text, context) -> list[Hit]``; they do not
    know about severities or reasons, which live in the rule data.
    """

    start: int
    end: int
    type: str
    rule: str
    severity: str | None = None
    reason: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    confidence: float = 1.0


@dataclass
class Finding:
    type: str
    severity: str
    text: str
    part: str
    start: int
    end: int
    reason: str
    normalized: str = ""
    context: str = ""
    rule: str = ""
    action: str = ""
    confidence: float = 1.0
    level: str | None = None
    period: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    suppressed: dict[str, Any] | None = None
    # For a lexicon term the word alone says too little: accepting one 拟任 must
    # not accept the next.  The normalised clause around it joins the identity.
    anchor: str = ""
    # What the finding asks of the reviewer in this document (block, escalate,
    # redact, confirm, note) and the policy rule that decided it.
    disposition: str = ""
    decided_by: str = ""

    @property
    def fingerprint(self) -> str:
        key = self.normalized or self.text
        return fingerprint(self.type, f"{key}\x1e{self.anchor}" if self.anchor else key)

    def to_dict(self) -> dict[str, Any]:
        # Written out rather than dataclasses.asdict, which deep-copies every
        # field and cost a quarter of a whole scan on a roster.
        d: dict[str, Any] = {
            "type": self.type,
            "severity": self.severity,
            "text": self.text,
            "part": self.part,
            "start": self.start,
            "end": self.end,
            "reason": self.reason,
            "normalized": self.normalized,
            "context": self.context,
            "rule": self.rule,
            "action": self.action,
            "confidence": self.confidence,
        }
        if self.level is not None:
            d["level"] = self.level
        if self.period is not None:
            d["period"] = self.period
        if self.extra:
            d["extra"] = dict(self.extra)
        if self.suppressed is not None:
            d["suppressed"] = dict(self.suppressed)
        if self.disposition:
            d["disposition"] = self.disposition
            if self.decided_by:
                d["decided_by"] = self.decided_by
        d["fingerprint"] = self.fingerprint
        return d


def fingerprint(type_: str, normalized: str) -> str:
    """Identity of a finding that survives edits: type + normalised text, not position."""
    key = f"{type_}\x1f{''.join(normalized.split())}".encode("utf-8")
    return hashlib.sha256(key).hexdigest()[:16]
