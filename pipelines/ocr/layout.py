"""OCR lines into the regions a document reader emits: paragraphs, the page head, table cells.

Pure functions over :class:`pipelines.ocr.engine.Line` objects.  The
engine gives boxes in no particular structure; a reviewer's rules need
three things back from the layout:

* **the page head** -- GB/T 9704 puts 密级 and 保密期限 top left of the
  first page, so lines in the top band are their own ``page_top`` region,
  as the PDF reader does for a text page;
* **rows of tables** -- a roster's cells stand side by side with wide gaps
  between them; rows of two or more such cells, in a run of at least two
  rows, become ``table_cell`` regions with ``row``/``col`` so that
  ``scanner.tables`` reads them as rows, as it reads a Word table;
* **paragraphs** -- the remaining lines, grouped by vertical gaps, one line
  per text line, each line's character offsets and box kept so a finding
  can be placed on the page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

from .engine import Line

TOP_BAND = 0.15  # fraction of the height read as the head, as pipelines.readers.pdf does
CELL_GAP = 1.5  # a horizontal gap wider than this many line heights separates two cells
PARA_GAP = 1.2  # a vertical gap wider than this many line heights ends a paragraph
UNCERTAIN = 0.8  # below this a line is "read with doubt"
READABLE = 0.5  # below this a line is not taken as text at all (only its doubt, if it has one, is reported)

_LEVEL = re.compile(r"[绝機机秘][密蜜]|密级|★|☆")
_CONTROL = re.compile(r"内部|外传|注意保存|工作秘密|不得|限.{0,2}阅|翻印|复制|保存")
_IDLIKE = re.compile(r"[0-9OoIlLSBZXx]{14,}")


@dataclass(frozen=True)
class Region:
    """One part-to-be: ``lines`` holds (start, end, x0, y0, x1, y1) of each text line within ``text``."""

    kind: str
    text: str
    box: tuple[int, int, int, int]
    lines: tuple[tuple[int, int, int, int, int, int], ...]
    confidence: float
    table: int | None = None
    row: int | None = None
    col: int | None = None


@dataclass(frozen=True)
class Doubt:
    """A line read with low confidence that may be a marking, a control mark or an ID number."""

    what: str
    box: tuple[int, int, int, int]
    confidence: float
    checksum: bool = False  # read with confidence, but an ID number's check character fails

    def describe(self, where: str) -> str:
        if self.checksum:
            return f"{where}有一处疑似{self.what}的校验位不符，可能有数字识别错误（置信度 {self.confidence:.2f}）"
        return f"{where}有一处文字识别把握不大，疑似{self.what}（置信度 {self.confidence:.2f}）"


def _height(lines: list[Line]) -> float:
    return float(median([max(1, ln.box[3] - ln.box[1]) for ln in lines])) if lines else 1.0


def visual_rows(lines: list[Line]) -> list[list[Line]]:
    """Lines that share a baseline band, left to right; rows top to bottom."""
    if not lines:
        return []
    h = _height(lines)
    rows: list[list[Line]] = []
    for ln in sorted(lines, key=lambda x: ((x.box[1] + x.box[3]) / 2, x.box[0])):
        cy = (ln.box[1] + ln.box[3]) / 2
        if rows:
            last = rows[-1]
            ly = sum((x.box[1] + x.box[3]) / 2 for x in last) / len(last)
            if abs(cy - ly) < 0.5 * h:
                last.append(ln)
                continue
        rows.append([ln])
    return [sorted(r, key=lambda x: x.box[0]) for r in rows]


def _cells(row: list[Line], h: float) -> list[list[Line]]:
    """Segments of a row split at wide horizontal gaps."""
    out = [[row[0]]]
    for ln in row[1:]:
        if ln.box[0] - out[-1][-1].box[2] > CELL_GAP * h:
            out.append([ln])
        else:
            out[-1].append(ln)
    return out


def _union(boxes) -> tuple[int, int, int, int]:
    bs = list(boxes)
    return (min(b[0] for b in bs), min(b[1] for b in bs), max(b[2] for b in bs), max(b[3] for b in bs))


def _join(segment: list[Line]) -> str:
    return " ".join(ln.text for ln in segment)


def _text_region(kind: str, rows: list[list[Line]]) -> Region:
    parts: list[str] = []
    spans = []
    pos = 0
    for r in rows:
        t = _join(r)
        if parts:
            pos += 1
        b = _union(ln.box for ln in r)
        spans.append((pos, pos + len(t), *b))
        parts.append(t)
        pos += len(t)
    conf = min(ln.confidence for r in rows for ln in r)
    return Region(kind, "\n".join(parts), _union(ln.box for r in rows for ln in r), tuple(spans), conf)


def _columns(table: list[list[list[Line]]]) -> list[float]:
    """Left edges of the columns, from the row with the most cells."""
    widest = max(table, key=len)
    return [c[0].box[0] for c in widest]


def _col_of(cell: list[Line], lefts: list[float]) -> int:
    cx = (cell[0].box[0] + cell[-1].box[2]) / 2
    best = 0
    for i, left in enumerate(lefts):
        if left <= cx:
            best = i
    return best


def regions(lines: list[Line], size: tuple[int, int], *, head: bool = True) -> list[Region]:
    """Regions in reading order; ``head``: the top band is a ``page_top`` region."""
    lines = [ln for ln in lines if ln.confidence >= READABLE]
    rows = visual_rows(lines)
    if not rows:
        return []
    h = _height(lines)
    split = [_cells(r, h) for r in rows]
    tabular = [len(c) >= 2 for c in split]
    out: list[Region] = []
    cut = size[1] * TOP_BAND
    pending: list[list[Line]] = []
    pending_kind = ""
    table_no = 0

    def flush() -> None:
        nonlocal pending
        if pending:
            out.append(_text_region(pending_kind, pending))
            pending = []

    i = 0
    while i < len(rows):
        j = i
        while j < len(rows) and tabular[j]:
            j += 1
        if j - i >= 2:  # a run of rows with cells: a table
            flush()
            block = split[i:j]
            lefts = _columns(block)
            for r, cells in enumerate(block):
                for cell in cells:
                    t = _join(cell)
                    b = _union(ln.box for ln in cell)
                    out.append(Region("table_cell", t, b, ((0, len(t), *b),), min(ln.confidence for ln in cell),
                                      table=table_no, row=r, col=_col_of(cell, lefts)))
            table_no += 1
            i = j
            continue
        row = rows[i]
        top = (row[0].box[1] + row[0].box[3]) / 2
        kind = "page_top" if head and top < cut else "body"
        if pending:
            prev_bottom = max(ln.box[3] for ln in pending[-1])
            gap = min(ln.box[1] for ln in row) - prev_bottom
            if kind != pending_kind or gap > PARA_GAP * h:
                flush()
        pending_kind = kind
        pending.append(row)
        i += 1
    flush()
    return out


_ID18 = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")


def _misread_id(text: str) -> bool:
    """An 18-character run with a real region and birth date but the wrong check character: a digit misread."""
    from scanner.pii.id_number import PROVINCES, is_id18, valid_date

    for m in _ID18.finditer(text):
        s = m.group(0)
        if s[:2] in PROVINCES and valid_date(int(s[6:10]), int(s[10:12]), int(s[12:14])) and not is_id18(s):
            return True
    return False


def doubts(lines: list[Line], threshold: float = UNCERTAIN) -> list[Doubt]:
    """Lines whose reading may hide a marking, a control mark or an ID number.

    Low-confidence lines of those shapes; and, at any confidence, an ID
    number whose check character fails although region and birth date are
    real -- the engine was sure and one digit is still wrong, so the
    checksum validator will not report it.
    """
    out = []
    for ln in lines:
        compact = "".join(ln.text.split())
        if ln.confidence >= threshold:
            if _misread_id(compact):
                out.append(Doubt("证件号码", ln.box, ln.confidence, checksum=True))
            continue
        if _LEVEL.search(compact):
            what = "密级标志"
        elif _CONTROL.search(compact):
            what = "控制标记"
        elif _IDLIKE.search(compact):
            what = "证件号码"
        else:
            continue
        out.append(Doubt(what, ln.box, ln.confidence))
    return out
