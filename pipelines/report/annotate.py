"""An annotated copy of a Word draft: one comment on the matched characters of each finding.

The section chief who wrote the draft fixes it in Word, not in a report, so
the review goes back to them as Word comments anchored exactly where the
problem is.  The docx reader gives every paragraph part a location
``{"xml": "word/document.xml", "p": n}`` (n = index among ``root.iter(w:p)``)
and a text made of the visible runs (``w:t``, tab as ``\\t``, break as
``\\n``; deleted and vanished runs left out); this module walks the same
runs, splits them at the finding's boundaries and anchors the comment on
the runs in between.  Word cannot anchor comments in headers, footers or
document properties, so findings there (and hidden content such as tracked
deletions) get a comment at the start of the body saying where to look.

Bytes in, bytes out: the original file is never touched.
"""
from __future__ import annotations

import copy
import io
from dataclasses import dataclass, field

from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from scanner import BaomiError, Finding, Report

from .labels import KINDS, SEVERITIES, VERDICTS, type_label

AUTHOR = "baomi 保密审查"
INITIALS = "BM"
BODY_XML = "word/document.xml"
# Parts whose characters are not visible runs of their paragraph.
UNANCHORED_KINDS = {"deleted_text", "comment", "metadata", "hidden_text", "alt_text"}
W_P, W_R, W_T = qn("w:p"), qn("w:r"), qn("w:t")
W_TAB, W_BR = qn("w:tab"), qn("w:br")
# Single characters the reader puts into Part.text for non-text run content.
PIECES = {W_TAB: "\t", qn("w:ptab"): "\t", W_BR: "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}
HIDDEN_ANCESTORS = {qn("w:del"), qn("w:moveFrom")}
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@dataclass
class AnnotateResult:
    exact: int = 0  # anchored on the matched characters
    paragraph: int = 0  # anchored on the whole paragraph (text did not line up)
    general: int = 0  # placed at the start of the body (header, metadata, deletions ...)
    skipped: list[str] = field(default_factory=list)  # finding ids that could not be placed


# -- runs as the reader sees them ------------------------------------------------
def _visible(r, p) -> bool:
    node = r.getparent()
    while node is not None and node is not p:
        if node.tag in HIDDEN_ANCESTORS:
            return False
        if node.tag == W_P:
            return False  # a run of a nested paragraph (text box): belongs to that paragraph
        node = node.getparent()
    rpr = r.find(qn("w:rPr"))
    if rpr is not None:
        vanish = rpr.find(qn("w:vanish"))
        if vanish is not None and (vanish.get(qn("w:val")) or "true").lower() not in ("false", "0", "off"):
            return False
    return True


def _piece_len(el) -> int:
    if el.tag == W_T:
        return len(el.text or "")
    return 1 if el.tag in PIECES else 0


def _piece_text(el) -> str:
    if el.tag == W_T:
        return el.text or ""
    return PIECES.get(el.tag, "")


def visible_runs(p) -> list[tuple[object, int, int]]:
    """(run, start, end) of every visible run of paragraph ``p``, in the reader's offsets."""
    out = []
    pos = 0
    for r in p.iter(W_R):
        if not _visible(r, p):
            continue
        n = sum(_piece_len(el) for el in r)
        out.append((r, pos, pos + n))
        pos += n
    return out


def paragraph_text(p) -> str:
    return "".join("".join(_piece_text(el) for el in r) for r, _, _ in visible_runs(p))


def _trim(r, a: int, b: int | None) -> None:
    """Keep only the run content inside [a, b) (b None = to the end)."""
    pos = 0
    for el in list(r):
        if el.tag == qn("w:rPr"):
            continue
        n = _piece_len(el)
        lo, hi = pos, pos + n
        pos = hi
        end = b if b is not None else hi + 1
        if n == 0:
            keep = (lo < end) if a == 0 else (lo >= a)
            if not keep:
                r.remove(el)
            continue
        if hi <= a or lo >= end:
            r.remove(el)
        elif el.tag == W_T and (lo < a or hi > end):
            el.text = (el.text or "")[max(0, a - lo) : min(n, end - lo)]
            el.set(XML_SPACE, "preserve")


def _split_at(p, k: int) -> None:
    """Make ``k`` a run boundary of paragraph ``p`` (no change in its text)."""
    for r, s, e in visible_runs(p):
        if s < k < e:
            right = copy.deepcopy(r)
            _trim(r, 0, k - s)
            _trim(right, k - s, None)
            for t in (r, right):
                for el in t.iter(W_T):
                    el.set(XML_SPACE, "preserve")
            r.addnext(right)
            return


def runs_covering(p, start: int, end: int) -> list:
    """Split at ``start`` and ``end`` and return the runs holding exactly [start, end)."""
    _split_at(p, start)
    _split_at(p, end)
    return [r for r, s, e in visible_runs(p) if start <= s and e <= end and e > s]


# -- placing comments ----------------------------------------------------------------
def _comment_text(f: Finding, where: str = "") -> str:
    head = f"【{SEVERITIES.get(f.severity, f.severity)}】{type_label(f.type)}"
    if f.level:
        head += f" {f.level}" + (f"★{f.period}" if f.period else "")
    text = f"{head}：{f.reason}"
    if where:
        snippet = f.text[:30].replace("\n", " ") + ("…" if len(f.text) > 30 else "")
        text += f"（位置：{where}，“{snippet}”）"
    return text


def _locate(f: Finding, p, part_text: str) -> tuple[int, int] | None:
    """Offsets of the finding in the paragraph as Word holds it; None when it is not there."""
    actual = paragraph_text(p)
    if actual == part_text and actual[f.start : f.end] == f.text:
        return f.start, f.end
    found = []
    i = actual.find(f.text)
    while i >= 0 and f.text:
        found.append(i)
        i = actual.find(f.text, i + 1)
    if not found:
        return None
    best = min(found, key=lambda x: abs(x - f.start))
    return best, best + len(f.text)


def annotate_docx(data: bytes, report: Report, *, author: str = AUTHOR, initials: str = INITIALS) -> tuple[bytes, AnnotateResult]:
    try:
        doc = open_docx(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a bad package
        raise BaomiError("corrupt", "无法作为 Word 文件打开，未生成批注副本") from exc
    body_xml = str(doc.part.partname).lstrip("/")
    paragraphs = list(doc.element.iter(W_P))
    parts = {p.id: p for p in report.document.parts}
    result = AnnotateResult()

    def add(runs: list, text: str) -> None:
        par = Paragraph(runs[0].getparent(), doc._body)
        doc.add_comment([Run(runs[0], par), Run(runs[-1], par)], text=text, author=author, initials=initials)

    def first_runs() -> list | None:
        for p in paragraphs:
            vis = [r for r, s, e in visible_runs(p) if e > s]
            if vis:
                return [vis[0]]
        return None

    general: list[str] = []
    for n, f in enumerate(report.findings):
        if f.suppressed:
            continue
        part = parts.get(f.part)
        loc = dict(part.location) if part else {}
        kind = part.kind if part else "body"
        where = KINDS.get(kind, kind)
        idx = loc.get("p")
        in_body = loc.get("xml") == body_xml and isinstance(idx, int) and 0 <= idx < len(paragraphs)
        if part is not None and in_body and kind not in UNANCHORED_KINDS and not part.flag:
            p = paragraphs[idx]
            span = _locate(f, p, part.text)
            if span is not None:
                runs = runs_covering(p, *span)
                if runs:
                    add(runs, _comment_text(f))
                    result.exact += 1
                    continue
            runs = [r for r, s, e in visible_runs(p) if e > s]
            if runs:
                add(runs, _comment_text(f, f"本段{where}"))
                result.paragraph += 1
                continue
        general.append(_comment_text(f, f"{where} {f.part}"))

    start = first_runs()
    head = f"baomi 审查结论：{VERDICTS.get(report.verdict, report.verdict)}。{report.verdict_reason}"
    if start is None:
        result.skipped = [str(i) for i in range(len(general))]
        return _save(doc), result
    add(start, head)
    for text in general:
        add(start, text)
        result.general += 1
    return _save(doc), result


def _save(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
