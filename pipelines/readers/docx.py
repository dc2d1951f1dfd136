"""Word (.docx): every paragraph of every XML part, including what Word does not show.

A draft that looks clean on screen can still carry the deleted first
version of a sentence (tracked changes), hidden text, reviewers' comments,
a 密级 line in a first-page header, or the author's name in the
properties.  All of it is published with the file, so all of it is read.

The package XML is walked with lxml directly rather than through
python-docx: python-docx does not expose deleted runs, vanished runs,
comments, text boxes or the header variants, and a single lxml pass is
also faster than its object model.

Location convention (the annotated-Word-copy writer relies on it)
------------------------------------------------------------------
Every part that comes from a ``w:p`` paragraph -- body, table cell,
header, footer, footnote, endnote, comment, text box -- is ONE part per
``w:p``, and its ``location`` holds at least::

    {"xml": "<package part name, e.g. word/document.xml, word/header1.xml>",
     "p": <index of this w:p among all w:p of that XML part in document order>}

i.e. ``p == list(root.iter(qn("w:p"))).index(paragraph)``.  The count
includes every ``w:p``, also those in ``mc:Fallback`` copies of text boxes
(which are not emitted, to avoid reading a text box twice) and in skipped
footnote separators.

``Part.text`` of such a part is exactly the concatenation, in order, of
the paragraph's visible run texts: ``w:t``; ``w:tab``/``w:ptab`` -> "\\t";
``w:br``/``w:cr`` -> "\\n"; ``w:noBreakHyphen`` -> "-".  Runs inside
``w:del``/``w:moveFrom`` (deleted) and runs whose ``w:rPr`` has
``w:vanish`` (hidden) are excluded; each maximal stretch of them becomes a
part of its own, kind ``deleted_text`` (flag ``hidden.tracked_deletion``,
location plus ``"deleted": true``) or ``hidden_text`` (flag
``hidden.hidden_text``, location plus ``"vanish": true``), with ``"seq"``
numbering the stretches of one paragraph from 0.  Inserted runs
(``w:ins``) are ordinary text.  Paragraphs with no visible text produce no
visible part.  Field instructions (``w:instrText``) are not text.

Kind-specific location fields (numbers that people read are 1-based):
``section`` (body; for headers/footers the first section using them, plus
``sections`` and ``type`` = default/first/even), ``table``/``row``/``cell``
/``col`` (grid column) and ``span``/``vmerge`` for merged cells, with
``tables`` listing the ``[table, row, cell]`` path of nested tables;
``textbox: true``; ``note`` (footnote/endnote id); ``comment`` (comment id).
Parts not from a paragraph: ``image`` (flag ``media.image``, text = media
file name), ``alt_text`` (``attr`` = descr/title), ``metadata`` (flag
``hidden.metadata``, ``property``).
"""
from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from scanner import BaomiError

from . import PartList, ReadResult
from .ooxml import Rel, main_part, read_properties, relationships
from .safety import has_member, open_zip, read_xml

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
V = "urn:schemas-microsoft-com:vml"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


P, T, DEL_TEXT, TAB, PTAB, BR, CR, NBH = (w(t) for t in ("p", "t", "delText", "tab", "ptab", "br", "cr", "noBreakHyphen"))
RUN, RPR, VANISH, DEL, MOVE_FROM = w("r"), w("rPr"), w("vanish"), w("del"), w("moveFrom")
TBL, TR, TC, TCPR, TXBX = w("tbl"), w("tr"), w("tc"), w("tcPr"), w("txbxContent")
FALLBACK = f"{{{MC}}}Fallback"
NOTES, COMMENT = (w("footnote"), w("endnote")), w("comment")
SECT_IN_P = f"{w('pPr')}/{w('sectPr')}"
W_ID, W_TYPE, W_VAL = w("id"), w("type"), w("val")
GRID_SPAN, V_MERGE = f"{TCPR}/{w('gridSpan')}", f"{TCPR}/{w('vMerge')}"
RUN_VANISH = f"{RPR}/{VANISH}"
BLIP, IMAGEDATA, DOCPR = f"{{{A}}}blip", f"{{{V}}}imagedata", f"{{{WP}}}docPr"
# subtrees whose text is not the paragraph's own visible text
SKIP = {w("pPr"), RPR, w("sectPr"), w("instrText"), w("delInstrText"), P, TXBX, FALLBACK, w("footnoteReference")}
OFF = {"0", "false", "off"}
NOTE_SEPARATORS = {"separator", "continuationSeparator", "continuationNotice"}

BASE_KIND = {"header": "header", "footer": "footer", "footnotes": "footnote", "endnotes": "endnote", "comments": "comment"}


@dataclass
class _Para:
    """What one w:p holds, split by what a reader of the page sees."""

    visible: list[str] = field(default_factory=list)
    stretches: list[tuple[str, str]] = field(default_factory=list)  # ("deleted"|"vanish", text)
    images: list[str] = field(default_factory=list)  # r:embed / r:id values
    alts: list[tuple[str, str]] = field(default_factory=list)  # (attr, text)


def read(data: bytes, ocr=None) -> ReadResult:
    zf = open_zip(data)
    return read_zip(zf, ocr=ocr)


def read_zip(zf: zipfile.ZipFile, ocr=None) -> ReadResult:
    """``ocr``: settings for reading the pictures (pipelines.ocr); they replace their ``image`` parts."""
    from pipelines.ocr.embedded import expand, zip_loader

    return expand(_read_zip(zf), zip_loader(zf), ocr)


def _read_zip(zf: zipfile.ZipFile) -> ReadResult:
    main = main_part(zf, "word/document.xml")
    if not has_member(zf, main):
        raise BaomiError("corrupt", "缺少正文部分")
    doc_root = read_xml(zf, main)
    rels = relationships(zf, main)
    out = PartList()
    sections = _section_refs(doc_root, rels)

    others: dict[str, list[tuple[str, Rel]]] = {"header": [], "footer": [], "footnotes": [], "endnotes": [], "comments": []}
    for rid, rel in rels.items():
        if rel.type in others and not rel.external and has_member(zf, rel.target):
            if all(r.target != rel.target for _, r in others[rel.type]):
                others[rel.type].append((rid, rel))

    def part_of(kind: str) -> None:
        for _rid, rel in sorted(others[kind], key=lambda x: _natural(x[1].target)):
            root = read_xml(zf, rel.target)
            extra = dict(sections.get(rel.target, {}))
            _walk(root, rel.target, BASE_KIND[kind], relationships(zf, rel.target), out, extra)

    part_of("header")
    _walk(doc_root, main, "body", rels, out, {})
    part_of("footer")
    part_of("footnotes")
    part_of("endnotes")
    part_of("comments")
    _authors(doc_root, main, zf, others["comments"], out)
    title = read_properties(zf, out)
    info = {"paragraphs": sum(1 for p in out.parts if "p" in p.location and p.kind not in ("deleted_text", "hidden_text"))}
    return ReadResult(parts=out.parts, title=title, info=info)  # pictures: read_zip reads them or warns


def _natural(name: str) -> tuple[str, int]:
    stem = posixpath.splitext(posixpath.basename(name))[0]
    digits = "".join(ch for ch in stem if ch.isdigit())
    return (stem.rstrip("0123456789"), int(digits) if digits else 0)


def _section_refs(root: etree._Element, rels: dict[str, Rel]) -> dict[str, dict]:
    """Header/footer part name -> which sections use it and as which variant."""
    found: dict[str, dict] = {}
    n = 0
    for sect in root.iter(w("sectPr")):
        if sect.getparent() is not None and sect.getparent().tag == w("sectPrChange"):
            continue
        n += 1
        for ref in sect:
            if ref.tag not in (w("headerReference"), w("footerReference")):
                continue
            rel = rels.get(ref.get(f"{{{R}}}id") or "")
            if rel is None:
                continue
            entry = found.setdefault(rel.target, {"section": n, "sections": [], "type": ref.get(w("type")) or "default"})
            entry["sections"].append(n)
    return found


def _walk(root: etree._Element, xml: str, base: str, rels: dict[str, Rel], out: PartList, extra: dict) -> None:
    """One pass over an XML part in document order, keeping table/text-box/section context."""
    p_index = 0
    section = 1
    tables: list[list[int]] = []  # per open table: [table no, row, cell, next grid col]
    table_count = [0]  # tables seen at the current nesting level (a stack)
    fallback = 0
    textbox = 0
    note: dict[str, str] = {}
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag
        if event == "start":
            if tag == P:
                if fallback == 0 and not note.get("skip"):
                    loc = {"xml": xml, "p": p_index, **extra, **{k: v for k, v in note.items() if k != "skip"}}
                    if base == "body":
                        loc["section"] = section
                    kind = base
                    if tables:
                        loc.update(table=tables[0][0], row=tables[0][1], cell=tables[0][2])
                        loc.update(_cell_info(el, tables))
                        if base == "body":
                            kind = "table_cell"
                    if textbox:
                        loc["textbox"] = True
                        if base == "body":
                            kind = "textbox"
                    _emit(el, kind, loc, rels, out)
                p_index += 1
                if base == "body" and el.find(SECT_IN_P) is not None:
                    section += 1
            elif tag == TBL:
                table_count[-1] += 1
                tables.append([table_count[-1], 0, 0, 0])
                table_count.append(0)
            elif tag == TR and tables:
                tables[-1][1] += 1
                tables[-1][2] = 0
                tables[-1][3] = 0
            elif tag == TC and tables:
                tables[-1][2] += 1
            elif tag == TXBX:
                textbox += 1
            elif tag == FALLBACK:
                fallback += 1
            elif tag in NOTES:
                note = {"note": el.get(W_ID) or ""}
                if el.get(W_TYPE) in NOTE_SEPARATORS:
                    note["skip"] = "1"
            elif tag == COMMENT:
                note = {"comment": el.get(W_ID) or ""}
        else:
            if tag == TBL:
                tables.pop()
                table_count.pop()
            elif tag == TC and tables:
                tables[-1][3] += _span(el)
            elif tag == TXBX:
                textbox -= 1
            elif tag == FALLBACK:
                fallback -= 1
            elif tag in NOTES or tag == COMMENT:
                note = {}


def _span(tc: etree._Element) -> int:
    span = tc.find(GRID_SPAN)
    try:
        return max(1, int(span.get(W_VAL))) if span is not None else 1
    except (TypeError, ValueError):
        return 1


def _cell_info(p: etree._Element, tables: list[list[int]]) -> dict:
    """Grid column, merge state and the nested-table path of the innermost cell."""
    info: dict = {"col": tables[-1][3] + 1}
    tc = p.getparent()
    while tc is not None and tc.tag != TC:
        tc = tc.getparent()
    if tc is not None:
        span = _span(tc)
        if span > 1:
            info["span"] = span
        vm = tc.find(V_MERGE)
        if vm is not None:
            info["vmerge"] = vm.get(W_VAL) or "continue"
    if len(tables) > 1:
        info["tables"] = [t[:3] for t in tables]
    return info


def _collect(p: etree._Element) -> _Para:
    para = _Para()
    state_prev = "visible"

    def add(state: str, text: str) -> None:
        nonlocal state_prev
        if not text:
            return
        if state == "visible":
            para.visible.append(text)
        elif state_prev == state and para.stretches:
            para.stretches[-1] = (state, para.stretches[-1][1] + text)
        else:
            para.stretches.append((state, text))
        state_prev = state

    # explicit stack: (element, deleted?, vanished?)
    stack: list[tuple[etree._Element, bool, bool]] = [(c, False, False) for c in reversed(p)]
    while stack:
        el, deleted, vanish = stack.pop()
        tag = el.tag
        if not isinstance(tag, str) or tag in SKIP:
            continue
        if tag == T or tag == DEL_TEXT:
            add("deleted" if deleted else "vanish" if vanish else "visible", el.text or "")
            continue
        if tag in (TAB, PTAB):
            add("deleted" if deleted else "vanish" if vanish else "visible", "\t")
            continue
        if tag in (BR, CR):
            add("deleted" if deleted else "vanish" if vanish else "visible", "\n")
            continue
        if tag == NBH:
            add("deleted" if deleted else "vanish" if vanish else "visible", "-")
            continue
        if tag == BLIP:
            rid = el.get(f"{{{R}}}embed") or el.get(f"{{{R}}}link")
            if rid:
                para.images.append(rid)
            continue
        if tag == IMAGEDATA:
            rid = el.get(f"{{{R}}}id")
            if rid:
                para.images.append(rid)
            continue
        if tag == DOCPR:
            for attr in ("descr", "title"):
                if (el.get(attr) or "").strip():
                    para.alts.append((attr, el.get(attr).strip()))
            continue
        if tag in (DEL, MOVE_FROM):
            deleted = True
        elif tag == RUN:
            vm = el.find(RUN_VANISH)
            if vm is not None and (vm.get(W_VAL) or "true").lower() not in OFF:
                vanish = True
        stack.extend((c, deleted, vanish) for c in reversed(el))
    return para


def _emit(p: etree._Element, kind: str, loc: dict, rels: dict[str, Rel], out: PartList) -> None:
    para = _collect(p)
    flag = "hidden.comment" if kind == "comment" else None
    text = "".join(para.visible)
    if text:
        out.add(kind, text, flag=flag, **loc)
    for seq, (state, stretch) in enumerate(para.stretches):
        if state == "deleted":
            out.add("deleted_text", stretch, flag="hidden.tracked_deletion", **loc, deleted=True, seq=seq)
        else:
            out.add("hidden_text", stretch, flag="hidden.hidden_text", **loc, vanish=True, seq=seq)
    for attr, alt in para.alts:
        out.add("alt_text", alt, **loc, attr=attr)
    for rid in para.images:
        rel = rels.get(rid)
        target = rel.target if rel else rid
        out.add("image", posixpath.basename(target), flag="media.image", **loc, image=target)


def _authors(doc_root, main: str, zf: zipfile.ZipFile, comments: list[tuple[str, Rel]], out: PartList) -> None:
    """Names of revision and comment authors are stored in the file too."""
    seen: dict[str, str] = {}
    for tag in ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange"):
        for el in doc_root.iter(w(tag)):
            name = (el.get(w("author")) or "").strip()
            if name and name not in seen:
                seen[name] = main
    for _rid, rel in comments:
        for el in read_xml(zf, rel.target).iter(w("comment")):
            name = (el.get(w("author")) or "").strip()
            if name and name not in seen:
                seen[name] = rel.target
    for name, xml in seen.items():
        out.add("metadata", name, flag="hidden.metadata", xml=xml, property="author_of_revision_or_comment")
