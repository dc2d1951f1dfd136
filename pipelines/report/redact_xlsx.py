"""The spreadsheet half of the redacted copy: masked cells, hidden sheets, rows and columns emptied.

A roster's ID column is often only hidden; unhiding it is one click, so
the copy empties every cell a viewer cannot see (a hidden sheet, row or
column), removes cell comments and document properties, and blanks every
shared string no remaining cell uses -- a string left in
``sharedStrings.xml`` is still in the file.  Personal data in visible cells
is written back masked as an inline string in the cell the reader located
it in (``location["cells"]``).
"""
from __future__ import annotations

import io
import posixpath
import zipfile

from lxml import etree

from scanner import BaomiError, Finding, Report

from . import redact_docx
from .labels import col_letter

S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def s(tag: str) -> str:
    return f"{{{S}}}{tag}"


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _split_ref(ref: str) -> tuple[int, int]:
    letters = "".join(ch for ch in ref if ch.isalpha())
    digits = "".join(ch for ch in ref if ch.isdigit())
    return _col_number(letters), int(digits or 0)


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


class _Book:
    """The workbook's parts, parsed once, edited in memory, written back once."""

    def __init__(self, data: bytes) -> None:
        from pipelines.readers.ooxml import main_part, relationships

        try:
            self.zin = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise BaomiError("corrupt", "无法作为 Excel 文件打开，未生成脱敏副本") from None
        self.parsed: dict[str, etree._Element] = {}
        book = main_part(self.zin, "xl/workbook.xml")
        rels = relationships(self.zin, book)
        self.shared_xml = next((r.target for r in rels.values() if r.type == "sharedStrings"), None)
        self.sheets: list[tuple[str, str, bool]] = []  # name, xml, hidden
        self.comments: dict[str, list[str]] = {}
        root = self.tree(book)
        for sh in root.iter(s("sheet")):
            rel = rels.get(sh.get(f"{{{R}}}id") or "")
            if rel is None or rel.external or rel.type != "worksheet":
                continue
            self.sheets.append((sh.get("name") or "", rel.target, (sh.get("state") or "visible") != "visible"))
            self.comments[rel.target] = [r.target for r in relationships(self.zin, rel.target).values()
                                         if r.type == "comments" and not r.external]

    def tree(self, name: str) -> etree._Element:
        if name not in self.parsed:
            try:
                self.parsed[name] = etree.fromstring(self.zin.read(name))
            except (KeyError, etree.XMLSyntaxError):
                raise BaomiError("corrupt", f"Excel 文件的 {name} 缺失或结构损坏，未生成脱敏副本") from None
        return self.parsed[name]

    def strings(self) -> list[etree._Element]:
        return list(self.tree(self.shared_xml).iter(s("si"))) if self.shared_xml else []


def _cell_text(c: etree._Element, strings: list[etree._Element]) -> str:
    t = c.get("t") or "n"
    if t == "inlineStr":
        return "".join(x.text or "" for x in c.iter(s("t")))
    v = c.findtext(s("v"))
    if v is None:
        return ""
    if t == "s":
        try:
            return "".join(x.text or "" for x in strings[int(v)].iter(s("t")))
        except (ValueError, IndexError):
            return ""
    return v


def _set_inline(c: etree._Element, text: str) -> None:
    for child in list(c):
        if child.tag in (s("v"), s("is"), s("f")):
            c.remove(child)
    c.set("t", "inlineStr")
    is_ = etree.SubElement(c, s("is"))
    t = etree.SubElement(is_, s("t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _cells_by_ref(root: etree._Element) -> dict[str, etree._Element]:
    out = {}
    for row in root.iter(s("row")):
        rn = row.get("r")
        for i, c in enumerate(row.iter(s("c")), 1):
            out[c.get("r") or f"{col_letter(i)}{rn}"] = c
    return out


def mask(book: _Book, report: Report, todo: list[tuple[Finding, str]]) -> tuple[list[tuple[Finding, str]], list[Finding]]:
    parts = {p.id: p for p in report.document.parts}
    by_name = {name: xml for name, xml, _hidden in book.sheets}
    strings = book.strings()
    cells: dict[str, dict[str, etree._Element]] = {}
    done, missed = [], []
    for f, rep in todo:
        part = parts.get(f.part)
        loc = part.location if part else {}
        xml = by_name.get(loc.get("sheet"))
        ref, pos = None, 0
        for r, p in loc.get("cells") or []:
            if p <= f.start:
                ref, pos = r, p
        if part is None or part.kind != "sheet_cell" or xml is None or ref is None:
            missed.append(f)
            continue
        if xml not in cells:
            cells[xml] = _cells_by_ref(book.tree(xml))
        c = cells[xml].get(ref)
        value = _cell_text(c, strings) if c is not None else ""
        a, b = f.start - pos, f.end - pos
        if c is None or value[a:b] != f.text:
            missed.append(f)
            continue
        _set_inline(c, value[:a] + rep + value[b:])
        done.append((f, rep))
    return done, missed


def _empty_hidden(book: _Book) -> dict[str, int]:
    counts = {"sheets": 0, "rows": 0, "cols": 0}
    for _name, xml, sheet_hidden in book.sheets:
        root = book.tree(xml)
        data = root.find(s("sheetData"))
        if data is None:
            continue
        if sheet_hidden:
            if len(data):
                counts["sheets"] += 1
            for row in list(data):
                data.remove(row)
            continue
        hidden_cols: set[int] = set()
        for col in root.iter(s("col")):
            if (col.get("hidden") or "0") in ("1", "true"):
                try:
                    hidden_cols.update(range(int(col.get("min")), int(col.get("max")) + 1))
                except (TypeError, ValueError):
                    pass
        for row in list(data):
            if (row.get("hidden") or "0") in ("1", "true"):
                if len(row):
                    counts["rows"] += 1
                for c in list(row):
                    row.remove(c)
                continue
            for c in list(row.iter(s("c"))):
                if hidden_cols and _split_ref(c.get("r") or "")[0] in hidden_cols:
                    row.remove(c)
                    counts["cols"] += 1
    return counts


def _blank_unused_strings(book: _Book) -> None:
    strings = book.strings()
    if not strings:
        return
    used: set[int] = set()
    for _name, xml, _hidden in book.sheets:
        for c in book.tree(xml).iter(s("c")):
            if c.get("t") == "s":
                try:
                    used.add(int(c.findtext(s("v")) or ""))
                except ValueError:
                    pass
    for i, si in enumerate(strings):
        if i not in used:
            for child in list(si):
                si.remove(child)
            etree.SubElement(si, s("t"))


def redact(data: bytes, report: Report, todo: list[tuple[Finding, str]]) -> tuple[bytes, list[tuple[Finding, str]], list[Finding], list[str]]:
    """(bytes, masked, not found, what was removed in Chinese)."""
    book = _Book(data)
    done, missed = mask(book, report, todo)
    counts = _empty_hidden(book)
    _blank_unused_strings(book)
    dropped = {t for targets in book.comments.values() for t in targets}
    dropped |= {n for n in book.zin.namelist() if n == "docProps/custom.xml"}
    out = io.BytesIO()
    with book.zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in book.zin.infolist():
            name = info.filename
            if name in dropped:
                continue
            if name in book.parsed:
                body = _xml(book.parsed[name])
            else:
                body = book.zin.read(name)
                if name == "docProps/core.xml":
                    body = redact_docx._clear_properties(body)
                elif name == "docProps/app.xml":
                    body = redact_docx._clear_app(body)
                elif name.endswith(".rels"):
                    body = redact_docx._rels(body, posixpath.dirname(posixpath.dirname(name)), dropped)
                elif name == "[Content_Types].xml":
                    body = redact_docx._content_types(body, dropped)
            zout.writestr(info, body)
    removed = []
    if counts["sheets"]:
        removed.append(f"隐藏工作表 {counts['sheets']} 个（已清空）")
    if counts["rows"]:
        removed.append(f"隐藏行 {counts['rows']} 行（已清空）")
    if counts["cols"]:
        removed.append(f"隐藏列中的单元格 {counts['cols']} 个（已清空）")
    if dropped - {"docProps/custom.xml"}:
        removed.append("单元格批注（全部）")
    removed.append("文档属性（作者、单位、标题等）")
    return out.getvalue(), done, missed, removed
