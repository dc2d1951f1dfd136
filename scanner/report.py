"""What a scan is asked to do and what it returns: the options, and the report every shell renders.

The CLI, the service and the batch runner print, store or serve a
:class:`Report`; its ``to_dict`` is the one shape they all write
(``pipelines/report/report.schema.json`` documents it).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .collect import fewer_collections
from .model import Document, Finding
from .reading import Reading

CHANNELS = ("website", "weibo", "wechat", "unspecified")


@dataclass
class ScanOptions:
    lexicons: Sequence[Path] = ()  # added to the default lexicons
    allowlists: Sequence[Path] = ()
    baselines: Sequence[Path] = ()
    policy: Path | None = None
    ner: bool = True
    ner_model: str | None = None
    default_lexicons: bool = True
    genre: str | None = None  # the user's reading of the document, recorded in the report as an override
    ocr: bool = True  # read text in pictures (pipelines.ocr); --no-ocr turns it off
    today: date | None = None  # the day of the review (None: the machine's date), against which stated dates pass


@dataclass
class Report:
    document: Document
    channel: str
    findings: list[Finding]
    verdict: str
    verdict_reason: str
    routing: list[dict[str, Any]]
    engine: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    reading: Reading | None = None

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if not f.suppressed]

    def summary(self) -> dict[str, Any]:
        by_type: dict[str, int] = {}
        by_sev: dict[str, int] = {}
        for f in self.active:
            by_type[f.type] = by_type.get(f.type, 0) + 1
            by_sev[f.severity] = by_sev.get(f.severity, 0) + 1
        return {
            "total": len(self.active),
            "suppressed": len(self.findings) - len(self.active),
            "by_type": by_type,
            "by_severity": by_sev,
        }

    @fewer_collections()
    def to_dict(self) -> dict[str, Any]:
        doc = self.document
        out: dict[str, Any] = {
            "schema_version": "1",
            "document": {
                "name": doc.name,
                "sha256": doc.sha256,
                "format": doc.format,
                "parts": [p.meta() for p in doc.parts],
            },
            "channel": self.channel,
            "verdict": self.verdict,
            "publishable": self.verdict == "publish",  # a boolean a publishing system can act on
            "verdict_reason": self.verdict_reason,
            "findings": [f.to_dict() for f in self.findings],
            "routing": {"steps": self.routing},
            "summary": self.summary(),
            "engine": self.engine,
        }
        if doc.title:
            out["document"]["title"] = doc.title
        if doc.info:
            out["document"]["info"] = doc.info
        if self.reading is not None:
            out["document"]["reading"] = self.reading.to_dict()
        warnings = list(doc.warnings) + list(self.warnings)
        if warnings:
            out["warnings"] = warnings
        return out
