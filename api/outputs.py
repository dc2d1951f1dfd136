"""The documents a reviewer downloads: HTML report, annotated Word copy, redacted copy.

The renderers in ``pipelines/report/`` take a ``scanner.Report``.  The
store keeps the report as JSON, so it is turned back into one here; when
the draft was kept, the draft is read again for its parts (the readers are
deterministic, so the stored offsets still point at the same characters).
Without the draft the HTML report still works from the findings' own text;
the annotated and redacted copies cannot, and say so.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import pipelines
from pipelines.store import ScanRecord
from scanner import BaomiError, Document, Finding, Part, Report

FINDING_FIELDS = set(Finding.__dataclass_fields__) - {"suppressed"}


def report_from_dict(d: dict[str, Any], document: Document | None = None) -> Report:
    doc_d = d.get("document", {})
    if document is None:
        parts = [Part(id=p["id"], kind=p.get("kind", "body"), text="", page=p.get("page"),
                      location=p.get("location") or {}, flag=p.get("flag")) for p in doc_d.get("parts", [])]
        document = Document(name=doc_d.get("name", "-"), sha256=doc_d.get("sha256", ""), format=doc_d.get("format", "txt"),
                            parts=parts, title=doc_d.get("title"), info=doc_d.get("info") or {})
    findings = []
    for f in d.get("findings", []):
        kw = {k: v for k, v in f.items() if k in FINDING_FIELDS}
        findings.append(Finding(**kw, suppressed=f.get("suppressed")))
    return Report(document=document, channel=d.get("channel", "unspecified"), findings=findings,
                  verdict=d.get("verdict", "publish"), verdict_reason=d.get("verdict_reason", ""),
                  routing=list(d.get("routing", {}).get("steps", [])), engine=d.get("engine", {}),
                  warnings=list(d.get("warnings", [])))


def _with_draft(rec: ScanRecord, draft: bytes | None) -> Report:
    doc = None
    if draft is not None:
        from pipelines.ocr import OcrSettings, current

        # read the pictures again only if the scan did (same parts, same ids as the stored report)
        used = bool(((rec.report or {}).get("engine") or {}).get("ocr_engine"))
        doc = pipelines.read_bytes(draft, rec.name or "-", max_bytes=max(len(draft), 1),
                                   ocr=current() if used else OcrSettings(enabled=False))
    return report_from_dict(rec.report or {}, doc)


def html_report(rec: ScanRecord, draft: bytes | None) -> bytes:
    from pipelines.report.html import render_html

    from pipelines.report.crops import crops

    report = _with_draft(rec, draft)
    return render_html(report, crops=crops(draft, report)).encode("utf-8")


def _need_draft(draft: bytes | None, keep_drafts: bool) -> bytes:
    if draft is None:
        if keep_drafts:
            raise BaomiError("purged", "原稿已超过保存期限并被清除，或审查时未保存")
        raise BaomiError("draft_not_kept", "为防止泄密，默认只保存审查报告和文件指纹，不保存原稿")
    return draft


def annotated_docx(rec: ScanRecord, draft: bytes | None, keep_drafts: bool) -> bytes:
    from pipelines.report.annotate import annotate_docx

    if rec.format != "docx":
        raise BaomiError("conflict", "批注副本仅适用于 Word（docx）稿件")
    data = _need_draft(draft, keep_drafts)
    out, _result = annotate_docx(data, _with_draft(rec, data))
    return out


@lru_cache(maxsize=4)
def _policy(path: str | None):
    from scanner.policy import Policy
    from scanner.rules import Versioned

    return Policy.load(Path(path) if path else None, Versioned())


REDACT_TYPES = {"txt": ("text/plain; charset=utf-8", "txt"), "html": ("text/html; charset=utf-8", "html"),
                "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
                "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")}


def redaction(rec: ScanRecord, draft: bytes | None, keep_drafts: bool, policy_path: str | None):
    """The redacted copy, not yet checked (the caller rescans it in the scanning pool and calls verify),
    with its media type and file extension (a scanned PDF or a picture comes back as PDF or PNG)."""
    from pipelines.report.redact import redact, supported

    from pipelines.report.redact_image import PICTURE_FORMATS, handles, output_type

    if rec.format not in PICTURE_FORMATS:  # a scanned PDF or a picture is redacted in its pixels
        why = supported(rec.format or "")
        if why:
            raise BaomiError("unsupported_format", why)
    data = _need_draft(draft, keep_drafts)
    report = _with_draft(rec, data)
    red = redact(data, report, _policy(policy_path))
    media, ext = output_type(report) if handles(report) else REDACT_TYPES[rec.format]
    return red, media, ext


def pictures_only(report: dict[str, Any]) -> bool:
    """An image file or a PDF every page of which was read from pictures: its copy is redacted in the pixels."""
    from pipelines.report.redact_image import handles

    return handles(report_from_dict(report))


def availability(fmt: str | None, has_draft: bool, keep_drafts: bool, pictures: bool = False) -> dict[str, dict[str, Any]]:
    """Which downloads can work for this scan, and why not -- so the page never shows a link to an error."""
    from pipelines.report.redact import supported

    def no_draft() -> str | None:
        if has_draft:
            return None
        if keep_drafts:
            return BaomiError("purged", "原稿已超过保存期限并被清除，或审查时未保存").message
        return "为防止泄密，本服务不保存原稿（未开启 --keep-drafts），无法生成副本；请在本机用 baomi scan 生成"

    out: dict[str, dict[str, Any]] = {"report": {"available": True}}
    ann = "仅适用于 Word（docx）稿件" if fmt != "docx" else no_draft()
    out["annotated"] = {"available": ann is None, **({"reason": ann} if ann else {})}
    red = (None if pictures else supported(fmt or "")) or no_draft()
    out["redacted"] = {"available": red is None, **({"reason": red} if red else {})}
    return out
