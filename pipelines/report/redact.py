"""A redacted copy: personal data masked in the policy's one style per kind, hidden content removed, then checked.

Masking is only for what masking can fix.  A classification marking or a
blocked term is never silently deleted -- deleting a marking does not make
a secret document public -- so those come back as *unresolved* for a
person to decide.  What readers cannot see but the file still holds
(tracked deletions, comments, hidden text, document properties, hidden
HTML, hidden sheets, rows and columns) is removed: publishing it is never
intended.

Nothing is offered as clean on trust: :func:`verify` takes the rescan of
the copy (the caller scans it with the same scanner) and lists whatever
still needs action.  A format this module cannot redact truly (PDF: the
text under a box stays in the content stream) raises ``unsupported_format``
with the reason, instead of producing a copy that only looks redacted.

Image pixels are masked by ``redact_image`` when that module is present:
``redact_image.redact_images(data, fmt, report, policy) -> (bytes, list of
(Finding, replacement))`` is called after text masking, for docx and
anything else it says it supports (``redact_image.FORMATS``).

Bytes in, bytes out; the original file is not touched.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from scanner import BaomiError, Finding, Report
from scanner.policy import Policy

from . import redact_docx, redact_html, redact_xlsx
from .labels import SEVERITIES, effective_action, type_label, where

FORMATS = ("txt", "docx", "html", "xlsx")
UNRESOLVED_SEVERITIES = ("block", "high", "medium")
NOT_TRUE = {
    "pdf": "PDF 中遮盖框下的文字仍保留在文件内，本工具不能真正删除；请在源文件（Word 等）中修改后重新导出 PDF 并重新审查",
    "doc": "旧版 Word（.doc）无法可靠地删除修订、批注和隐藏文字；请另存为 docx 后重新审查并生成脱敏副本",
    "xls": "旧版 Excel（.xls）无法可靠地清空隐藏行列；请另存为 xlsx 后重新审查并生成脱敏副本",
    "wps": "WPS 格式无法可靠地删除隐藏内容；请另存为 docx 后重新审查并生成脱敏副本",
}


@dataclass
class Redaction:
    data: bytes
    masked: list[tuple[Finding, str]] = field(default_factory=list)
    unresolved: list[Finding] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # hidden content taken out, in Chinese
    checked: bool = False  # verify() ran on a rescan of this copy
    remaining: list[Finding] = field(default_factory=list)  # what the rescan still finds needing action
    rescan_verdict: str | None = None

    @property
    def clean(self) -> bool:
        """Offered as clean only when a rescan of the copy found nothing left to act on."""
        return self.checked and not self.remaining

    def summary(self) -> dict[str, object]:
        by_type: dict[str, int] = {}
        for f, _ in self.masked:
            by_type[f.type] = by_type.get(f.type, 0) + 1
        out: dict[str, object] = {"masked": len(self.masked), "masked_by_type": by_type,
                                  "unresolved": len(self.unresolved), "removed": list(self.removed)}
        if self.checked:
            out.update(checked=True, clean=self.clean, rescan_verdict=self.rescan_verdict,
                       remaining=[remaining_item(f) for f in self.remaining])
        return out


def supported(fmt: str) -> str | None:
    """None when a true redacted copy can be made of this format, else the reason (Chinese) why not."""
    if fmt in FORMATS:
        return None
    return NOT_TRUE.get(fmt, f"脱敏副本仅支持 {'、'.join(FORMATS)}，本文件为 {fmt}")


def plan(report: Report, policy: Policy) -> tuple[list[tuple[Finding, str]], list[Finding]]:
    """Which findings get masked (with their replacement) and which a person must resolve."""
    mask: list[tuple[Finding, str]] = []
    left: list[Finding] = []
    for f in report.active:
        style = policy.masking.get(f.type)
        if style is not None and f.extra.get("masked"):
            again = remask(f.text, style)
            if again != f.text:
                mask.append((f, again))
        elif style is not None and effective_action(f) == "redact":
            mask.append((f, style.apply(f.text)))
        elif f.type.startswith("marking.") or f.severity in UNRESOLVED_SEVERITIES:
            left.append(f)
    return mask, left


def remask(text: str, style) -> str:
    """A value the draft already masked its own way, brought inside the policy's style.

    Each character stays visible only if both the draft's mask and the
    policy's style show it, so the copy never shows a digit the policy hides:
    the draft's 1381234**** and the copy's 138****5678 of the same number
    would otherwise add up to all eleven digits.
    """
    probe = style.apply("".join("0" if ch == "*" else ch for ch in text))
    return "".join("*" if a == "*" or b == style.char else a for a, b in zip(text, probe))


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
    from . import redact_image  # personal data found in pictures: black boxes burned into the copy

    fmt = report.document.format
    if redact_image.handles(report) and data is not None:  # an image file or a scanned PDF: a copy of pictures
        mask, left = plan(report, policy)
        text, pictures = redact_image.split(mask)
        out, done, missed = redact_image.copy_of_pictures(data, report, pictures)
        return Redaction(out, done, left + [f for f, _ in text] + missed)
    why = supported(fmt)
    if why:
        raise BaomiError("unsupported_format", why)
    # a copy masked from a partial reading would look done and still hold what was not read
    # (a picture not read by OCR stays in the copy and is listed, as before)
    parts = {p.id: p for p in report.document.parts}
    if any(f.type == "media.findings_capped" or (f.type == "media.unread" and getattr(parts.get(f.part), "kind", "") == "unread")
           for f in report.findings):
        raise BaomiError("too_large", "文件超出读取上限或发现过多，无法生成完整的脱敏副本；请拆分文件后重新审查")
    mask, left = plan(report, policy)
    mask, pictures = redact_image.split(mask)
    if fmt == "txt":
        return _txt(report, mask, left)
    if data is None:
        raise BaomiError("usage", "生成脱敏副本需要原文件")
    if fmt == "docx":
        out, done, missed = redact_docx.mask(data, report, mask)
        out, removed = redact_docx.clean(out)
    elif fmt == "xlsx":
        out, done, missed, removed = redact_xlsx.redact(data, report, mask)
    else:
        out, done, missed = redact_html.mask(data, mask)
        out, removed = redact_html.clean(out)
    out, burned, not_burned = redact_image.into_package(out, fmt, pictures)
    # what sat only in removed content (a deletion, a comment, a property) is gone with it; a marking
    # is still a person's decision wherever it was
    left = [f for f in left + missed if f.type.startswith("marking.") or not _in_removed_part(f, report)]
    return Redaction(out, done + list(burned), left + list(not_burned), removed)


REMOVED_KINDS = {"deleted_text", "comment", "hidden_text", "metadata", "html_hidden", "html_comment",
                 "hidden_cells", "hidden_range", "meta"}


def _in_removed_part(f: Finding, report: Report) -> bool:
    part = next((p for p in report.document.parts if p.id == f.part), None)
    return part is not None and part.kind in REMOVED_KINDS


def needs_action(f: Finding, strict: bool = True) -> bool:
    """A rescan finding that keeps a copy from being clean (a masked value the copy itself made is not).

    ``strict`` (the copy this module made): any hidden part at all, even a
    low-level document property, means the cleaning failed.  Not strict (a
    version a person redacted and uploaded): what the verdict would act on.
    """
    if f.suppressed or f.extra.get("masked"):
        return False
    if f.type.startswith("marking.") or f.severity in UNRESOLVED_SEVERITIES:
        return True
    return strict and f.type.startswith("hidden.")


def verify(red: Redaction, rescan: Report) -> Redaction:
    """Record what a scan of the copy still finds; a copy is clean only if this list is empty."""
    red.checked = True
    red.rescan_verdict = rescan.verdict
    red.remaining = [f for f in rescan.findings if needs_action(f)]
    return red


def remaining_item(f: Finding) -> dict[str, str]:
    """What remains, for people: kind, severity and place -- never the value."""
    return {"type": f.type, "label": type_label(f.type), "severity": f.severity,
            "severity_label": SEVERITIES.get(f.severity, f.severity), "part": f.part}


def _txt(report: Report, mask: list[tuple[Finding, str]], left: list[Finding]) -> Redaction:
    texts = []
    for part in report.document.parts:
        spans = [(f.start, f.end, rep) for f, rep in mask if f.part == part.id]
        texts.append(mask_spans(part.text, spans))
    return Redaction("\n".join(texts).encode("utf-8"), mask, left)


def describe(red: Redaction, name: str, report: Report | None = None) -> list[str]:
    """What the redactor did and what is left, for the terminal (types and places, no values)."""
    counts = red.summary()["masked_by_type"]
    done = "，".join(f"{type_label(t)} {n} 处" for t, n in sorted(counts.items())) or "无"
    lines = [f"脱敏副本 {name}：已遮盖 {done}。"]
    if red.removed:
        lines.append("已删除：" + "；".join(red.removed) + "。")
    parts = {p.id: p for p in report.document.parts} if report else {}
    if red.unresolved:
        lines.append(f"未处理（须人工处理，未自动删除）：{len(red.unresolved)} 处")
        for f in red.unresolved:
            place = where(parts.get(f.part), f.start) or f.part
            lines.append(f"  - [{SEVERITIES.get(f.severity, f.severity)}] {type_label(f.type)}（{place}）")
    if red.checked:
        if red.clean:
            lines.append("复查：已重新审查脱敏副本，未发现需要处理的内容。")
        else:
            lines.append(f"复查：脱敏副本仍有 {len(red.remaining)} 处需要处理，不能作为已脱敏文件公开：")
            for f in red.remaining:
                lines.append(f"  - [{SEVERITIES.get(f.severity, f.severity)}] {type_label(f.type)}")
    return lines
