"""Excel (.xlsx): every cell of every sheet, hidden sheets, rows and columns included.

Rosters of subsidy recipients are the commonest leak on government sites,
and the ID column is often just hidden, not deleted.  So hidden sheets,
rows and columns are read like the rest and flagged.

Why lxml on the sheet XML and not openpyxl: openpyxl's read-only mode
(the only fast one) does not expose hidden rows, hidden columns or
comments, and its full mode builds a cell object per cell, which takes
many seconds on a 10,000-row roster.  One streaming ``iterparse`` pass over
each sheet gives values and hidden state together.

Parts (one per row, not one per cell, so a 10,000-row roster is 10,000
parts, not 100,000):

* ``sheet_cell`` -- the visible non-empty cells of one row, joined by
  "\\t".  location: ``sheet`` (name), ``sheet_no`` (1-based), ``row``
  (1-based) and ``cells``: ``[[ref, offset], ...]``, the cell reference and
  the offset of its first character in the part text, so a finding maps
  back to one cell (see :func:`cell_at`).
* ``hidden_cells`` -- the same for cells a viewer does not see: in a hidden
  row, a hidden column or a hidden sheet; location adds ``hidden``:
  "sheet" | "row" | "column".  No flag per row (a hidden column of 10,000
  IDs would otherwise be 10,000 findings); instead one
* ``hidden_range`` part per hidden sheet / run of hidden rows / run of
  hidden columns that holds content, flagged ``hidden.hidden_sheet`` or
  ``hidden.hidden_cells``, with text describing the range (e.g.
  ``工作表“名单”隐藏列 C``) and location ``sheet`` plus ``columns`` or
  ``rows`` (e.g. "C:D", "5:7").
* ``comment`` -- a cell comment, flag ``hidden.cell_comment``, location
  ``sheet`` and ``cell``.
* ``metadata`` -- document properties, flag ``hidden.metadata``.

Formulas are not text; their cached results are.  Numbers are read as
stored (an ID number typed as a number has already lost its last digits
in Excel itself).
"""
from __future__ import annotations

import bisect
import re
import zipfile

from lxml import etree

from scanner import BaomiError

from . import PartList, ReadResult
from .limits import Truncated, current
from .ooxml import main_part, read_properties, relationships
from .safety import check_xml, has_member, open_member, read_xml

S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def s(tag: str) -> str:
    return f"{{{S}}}{tag}"


ROW, C, V, IS, T, RPH, COL = s("row"), s("c"), s("v"), s("is"), s("t"), s("rPh"), s("col")
REF = re.compile(r"([A-Z]+)(\d+)")
MAX_COL = 16_384  # XFD, the last column Excel has: a <col> range past it names no cell


def col_letter(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def cell_at(location: dict, offset: int) -> str | None:
    """The cell reference a character offset of a row part falls in."""
    cells = location.get("cells") or []
    starts = [c[1] for c in cells]
    i = bisect.bisect_right(starts, offset) - 1
    return cells[i][0] if i >= 0 else None


def read(data: bytes, ocr=None) -> ReadResult:
    from .safety import open_zip

    return read_zip(open_zip(data), ocr=ocr)


def _rich_text(el: etree._Element) -> str:
    """Text of an <si> or <is>: its t elements, without phonetic (rPh) runs."""
    out = []
    for t in el.iter(T):
        parent = t.getparent()
        if parent is not None and (parent.tag == RPH or (parent.getparent() is not None and parent.getparent().tag == RPH)):
            continue
        out.append(t.text or "")
    return "".join(out)


def read_zip(zf: zipfile.ZipFile, ocr=None) -> ReadResult:
    """The cells, then the workbook's pictures (``xl/media/``) read by OCR (pipelines.ocr)."""
    from pipelines.ocr.embedded import expand, zip_loader

    result = _read_zip(zf)
    media = sorted(n for n in zf.namelist() if n.startswith("xl/media/") and not n.endswith("/"))
    if media:
        out = PartList()
        for p in result.parts:
            out.add(p.kind, p.text, page=p.page, flag=p.flag, **p.location)
        for name in media:
            out.add("image", name.rsplit("/", 1)[-1], flag="media.image", image=name)
        result.parts = out.parts
    return expand(result, zip_loader(zf), ocr)


def _read_zip(zf: zipfile.ZipFile) -> ReadResult:
    book = main_part(zf, "xl/workbook.xml")
    if not has_member(zf, book):
        raise BaomiError("corrupt", "缺少工作簿部分")
    rels = relationships(zf, book)
    shared: list[str] = []
    for rel in rels.values():
        if rel.type == "sharedStrings" and has_member(zf, rel.target):
            shared = _shared_strings(zf, rel.target)
    out = PartList()
    root = read_xml(zf, book)
    sheets = root.find(s("sheets"))
    n_sheets = 0
    hidden_sheets = 0
    seen: set[str] = set()
    limit = current().limits.sheets
    for sheet_no, sh in enumerate(sheets if sheets is not None else [], 1):
        rel = rels.get(sh.get(f"{{{R}}}id") or "")
        if rel is None or rel.external or not has_member(zf, rel.target) or rel.type != "worksheet":
            continue  # chart sheets and dialog sheets have no cells
        if rel.target in seen:
            continue  # Excel never shares a part between sheets; a file that does gains nothing by re-reading it
        seen.add(rel.target)
        if n_sheets >= limit:
            raise Truncated(out.parts, f"工作表超过上限 {limit:,} 个，其后的工作表未读取")
        n_sheets += 1
        name = sh.get("name") or f"Sheet{sheet_no}"
        state = sh.get("state") or "visible"
        sheet_hidden = state in ("hidden", "veryHidden")
        hidden_sheets += sheet_hidden
        _read_sheet(zf, rel.target, name, sheet_no, sheet_hidden, shared, out)
        _read_comments(zf, rel.target, name, out)
    title = read_properties(zf, out)
    info = {"sheets": n_sheets, "hidden_sheets": hidden_sheets}
    return ReadResult(parts=out.parts, title=title, info=info)


def _shared_strings(zf, xml: str) -> list[str]:
    """The shared string table, streamed: it can hold hundreds of thousands of strings."""
    out: list[str] = []
    budget = current()
    chars = 0
    with open_member(zf, xml, budget.limits.xml_stream) as fh:
        head = fh.read(65536)
        check_xml(head)
        try:
            for _event, si in etree.iterparse(_Prefixed(head, fh), events=("end",), tag=s("si"),
                                              resolve_entities=False, no_network=True, huge_tree=False):
                text = _rich_text(si)
                chars += len(text)
                if chars > budget.limits.chars:
                    raise BaomiError("too_large", f"共享字符串超过 {budget.limits.chars:,} 字，未读取")
                out.append(text)
                si.clear()
                while si.getprevious() is not None:
                    del si.getparent()[0]
        except etree.XMLSyntaxError:
            raise BaomiError("corrupt", "共享字符串 XML 结构损坏") from None
    return out


class _Prefixed:
    """A member stream with its first bytes (already read for the DTD check) put back in front."""

    def __init__(self, head: bytes, rest) -> None:  # noqa: ANN001 - a file object
        self.head = head
        self.rest = rest

    def read(self, n: int = -1) -> bytes:
        if self.head:
            out, self.head = self.head, b""
            return out
        return self.rest.read(n)


def _value(c: etree._Element, shared: list[str]) -> str:
    t = c.get("t") or "n"
    if t == "inlineStr":
        el = c.find(IS)
        return _rich_text(el) if el is not None else ""
    v = c.findtext(V)
    if v is None:
        return ""
    if t == "s":
        try:
            return shared[int(v)]
        except (ValueError, IndexError):
            return ""
    if t == "b":
        return "TRUE" if v.strip() in ("1", "true") else "FALSE"
    return v


def _ranges(nums: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for n in sorted(set(nums)):
        if out and n == out[-1][1] + 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


def _read_sheet(zf, xml: str, name: str, sheet_no: int, sheet_hidden: bool, shared: list[str], out: PartList) -> None:
    budget = current()
    hidden_cols = bytearray(MAX_COL + 1)  # 1 where the column is hidden; a mask, so any <col> range costs 16 KB at most
    hidden_rows_used: list[int] = []
    hidden_cols_used: set[int] = set()
    row_no = 0
    base = {"sheet": name, "sheet_no": sheet_no}
    start = len(out.parts)
    fh = open_member(zf, xml, budget.limits.xml_stream)
    try:
        head = fh.read(65536)
        check_xml(head)
        for _event, el in etree.iterparse(_Prefixed(head, fh), events=("end",), tag=(ROW, COL), resolve_entities=False,
                                          no_network=True, huge_tree=False):
            if el.tag == COL:
                if (el.get("hidden") or "0") in ("1", "true"):
                    try:
                        lo, hi = max(1, int(el.get("min"))), min(MAX_COL, int(el.get("max")))
                        if lo <= hi:
                            hidden_cols[lo:hi + 1] = b"\x01" * (hi - lo + 1)
                    except (TypeError, ValueError):
                        pass
                el.clear()
                continue
            r = el.get("r")
            row_no = int(r) if r and r.isdigit() else row_no + 1
            row_hidden = (el.get("hidden") or "0") in ("1", "true")
            shown: list[tuple[str, str]] = []
            hid: list[tuple[str, str]] = []
            col_no = 0
            n_cells = 0
            for c in el.iter(C):
                n_cells += 1
                ref = c.get("r")
                m = REF.match(ref or "")
                col_no = col_number(m.group(1)) if m else col_no + 1
                value = _value(c, shared)
                if not value.strip():
                    continue
                ref = ref or f"{col_letter(col_no)}{row_no}"
                if sheet_hidden or row_hidden or (col_no <= MAX_COL and hidden_cols[col_no]):
                    hid.append((ref, value))
                    if not sheet_hidden and not row_hidden:
                        hidden_cols_used.add(col_no)
                else:
                    shown.append((ref, value))
            # every cell and row is work, empty or not: a sheet of millions of blank cells is no cheaper to walk
            budget.add_cells(n_cells + 1, out.parts)
            if hid and row_hidden and not sheet_hidden:
                hidden_rows_used.append(row_no)
            for kind, cells in (("sheet_cell", shown), ("hidden_cells", hid)):
                if not cells:
                    continue
                text, offsets, pos = [], [], 0
                for ref, value in cells:
                    offsets.append([ref, pos])
                    text.append(value)
                    pos += len(value) + 1
                loc = {**base, "row": row_no, "cells": offsets}
                if kind == "hidden_cells":
                    loc["hidden"] = "sheet" if sheet_hidden else "row" if row_hidden else "column"
                out.add(kind, "\t".join(text), **loc)
            el.clear()
            while el.getprevious() is not None:
                del el.getparent()[0]
    except etree.XMLSyntaxError:
        raise BaomiError("corrupt", "工作表 XML 结构损坏") from None
    finally:
        fh.close()
    # one flag per hidden range that holds content, placed before the sheet's rows
    flags: list[tuple[str, str, dict]] = []
    if sheet_hidden and len(out.parts) > start:
        flags.append(("hidden.hidden_sheet", f"隐藏工作表“{name}”", {**base}))
    for a, b in _ranges(hidden_rows_used):
        rows = f"{a}:{b}" if a != b else str(a)
        flags.append(("hidden.hidden_cells", f"工作表“{name}”隐藏行 {rows}", {**base, "rows": rows}))
    for a, b in _ranges(sorted(hidden_cols_used)):
        cols = f"{col_letter(a)}:{col_letter(b)}" if a != b else col_letter(a)
        flags.append(("hidden.hidden_cells", f"工作表“{name}”隐藏列 {cols}", {**base, "columns": cols}))
    if flags:
        out.insert_before(start, [("hidden_range", text, flag, loc) for flag, text, loc in flags])


def _read_comments(zf, sheet_xml: str, name: str, out: PartList) -> None:
    for rel in relationships(zf, sheet_xml).values():
        if rel.type != "comments" or rel.external or not has_member(zf, rel.target):
            continue
        for cm in read_xml(zf, rel.target).iter(s("comment")):
            text_el = cm.find(s("text"))
            text = _rich_text(text_el).strip() if text_el is not None else ""
            if text:
                out.add("comment", text, flag="hidden.cell_comment", sheet=name, cell=cm.get("ref") or "")
