"""A redacted copy: personal data masked in the policy's one style per kind of data.

Masking is only for what masking can fix.  A classification marking, a
blocked term or hidden content is never silently deleted -- deleting a
marking does not make a secret document public -- so those come back as
*unresolved* for a person to decide.  The same holds for any personal data
the redactor could not find in the file (a document property, text split
across HTML tags): it is listed, never assumed done.

Bytes in, bytes out; the original file is not touched.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from html import escape

from scanner import BaomiError, Finding, Report
from scanner.policy import Policy

from .annotate import PIECES, UNANCHORED_KINDS, W_P, W_T, _locate, runs_covering
from .labels import SEVERITIES, type_label

FORMATS = ("txt", "docx", "html")
UNRESOLVED_SEVERITIES = ("block", "high", "medium")


@dataclass
class Redaction:
    data: bytes
    masked: list[tuple[Finding, str]] = field(default_factory=list)
    unresolved: list[Finding] = field(default_factory=list)

    def summary(self) -> dict[str, object]:
        by_type: dict[str, int] = {}
        for f, _ in self.masked:
            by_type[f.type] = by_type.get(f.type, 0) + 1
        return {"masked": len(self.masked), "masked_by_type": by_type, "unresolved": len(self.unresolved)}


def plan(report: Report, policy: Policy) -> tuple[list[tuple[Finding, str]], list[Finding]]:
    """Which findings get masked (with their replacement) and which a person must resolve."""
    mask: list[tuple[Finding, str]] = []
    left: list[Finding] = []
    for f in report.active:
        style = policy.masking.get(f.type)
        if style is not None and f.action == "redact" and not f.extra.get("masked"):
            mask.append((f, style.apply(f.text)))
        elif f.type.startswith("marking.") or f.severity in UNRESOLVED_SEVERITIES:
            left.append(f)
    return mask, left


def mask_spans(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Replace [start, end) spans; of overlapping spans the one starting first is kept."""
    keep: list[tuple[int, int, str]] = []
    for s, e, rep in sorted(spans, key=lambda x: (x[0], -x[1])):
        if not keep or s >= keep[-1][1]:
            keep.append((s, e, rep))
    out = text
    for s, e, rep in reversed(keep):
        out = out[:s] + rep + out[e:]
    return out


def redact(data: bytes | None, report: Report, policy: Policy) -> Redaction:
    fmt = report.document.format
    if fmt not in FORMATS:
        raise BaomiError("unsupported_format", f"脱敏副本仅支持 {'、'.join(FORMATS)}，本文件为 {fmt}")
    incomplete = {f.type for f in report.findings} & {"media.unread", "media.findings_capped"}
    if incomplete:  # a copy masked from a partial reading would look done and still hold what was not read
        raise BaomiError("too_large", "文件超出读取上限或发现过多，无法生成完整的脱敏副本；请拆分文件后重新审查")
    mask, left = plan(report, policy)
    if fmt == "txt":
        return _txt(report, mask, left)
    if data is None:
        raise BaomiError("usage", "生成脱敏副本需要原文件")
    if fmt == "docx":
        return _docx(data, report, mask, left)
    return _html(data, mask, left)


def _txt(report: Report, mask: list[tuple[Finding, str]], left: list[Finding]) -> Redaction:
    texts = []
    for part in report.document.parts:
        spans = [(f.start, f.end, rep) for f, rep in mask if f.part == part.id]
        texts.append(mask_spans(part.text, spans))
    return Redaction("\n".join(texts).encode("utf-8"), mask, left)


def _docx(data: bytes, report: Report, mask: list[tuple[Finding, str]], left: list[Finding]) -> Redaction:
    from docx import Document as open_docx

    try:
        doc = open_docx(io.BytesIO(data))
    except Exception as exc:
        raise BaomiError("corrupt", "无法作为 Word 文件打开，未生成脱敏副本") from exc
    roots = {str(doc.part.partname).lstrip("/"): doc.element}
    for rel_part in doc.part.package.iter_parts():
        name = str(rel_part.partname).lstrip("/")
        if name.startswith(("word/header", "word/footer")) and hasattr(rel_part, "element"):
            roots[name] = rel_part.element
    paragraphs = {name: list(root.iter(W_P)) for name, root in roots.items()}
    parts = {p.id: p for p in report.document.parts}
    done: list[tuple[Finding, str]] = []
    left = list(left)
    for f, rep in mask:
        part = parts.get(f.part)
        loc = part.location if part else {}
        plist = paragraphs.get(loc.get("xml", ""), [])
        idx = loc.get("p")
        if part is None or part.kind in UNANCHORED_KINDS or part.flag or not isinstance(idx, int) or not 0 <= idx < len(plist):
            left.append(f)
            continue
        p = plist[idx]
        span = _locate(f, p, part.text)
        runs = runs_covering(p, *span) if span else []
        if not runs:
            left.append(f)
            continue
        _write(runs, rep)
        done.append((f, rep))
    buf = io.BytesIO()
    doc.save(buf)
    return Redaction(buf.getvalue(), done, left)


def _write(runs: list, rep: str) -> None:
    """Put the masked characters into the runs, one for one (masking keeps the length)."""
    pos = 0
    for r in runs:
        for el in r:
            if el.tag == W_T:
                n = len(el.text or "")
                el.text = rep[pos : pos + n]
                pos += n
            elif el.tag in PIECES:
                pos += 1


def _html(data: bytes, mask: list[tuple[Finding, str]], left: list[Finding]) -> Redaction:
    """Replace every occurrence in the page source, so a value is masked in text and attributes alike."""
    try:
        text, enc = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        text, enc = data.decode("gb18030", errors="replace"), "gb18030"
    done: list[tuple[Finding, str]] = []
    left = list(left)
    for f, rep in sorted(mask, key=lambda x: -len(x[0].text)):
        count = 0
        for needle, new in ((f.text, rep), (escape(f.text, quote=False), escape(rep, quote=False))):
            if needle and needle in text:
                count += text.count(needle)
                text = text.replace(needle, new)
        if count or any(f.text == g.text for g, _ in done):
            done.append((f, rep))
        else:
            left.append(f)
    return Redaction(text.encode(enc, errors="xmlcharrefreplace"), done, left)


def describe(red: Redaction, name: str) -> list[str]:
    """What the redactor did and what is left, for the terminal (types and places, no values)."""
    counts = red.summary()["masked_by_type"]
    done = "，".join(f"{type_label(t)} {n} 处" for t, n in sorted(counts.items())) or "无"
    lines = [f"脱敏副本 {name}：已遮盖 {done}。"]
    if red.unresolved:
        lines.append(f"未处理（须人工处理，未自动删除）：{len(red.unresolved)} 处")
        for f in red.unresolved:
            lines.append(f"  - [{SEVERITIES.get(f.severity, f.severity)}] {type_label(f.type)}（{f.part} 第 {f.start + 1} 字起）")
    return lines
