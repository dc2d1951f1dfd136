"""The Word half of the redacted copy: mask personal data in place, then take out what readers cannot see.

Masking goes first, through python-docx, because the reader's paragraph
numbers (``location["p"]``) count the paragraphs of the file as it was;
removing tracked deletions first would shift them.  Cleaning then works on
the package as a zip of XML parts:

- revisions are settled the way publishing needs: deletions (and moved-away
  text) are taken out, insertions kept as ordinary text, formatting changes
  dropped, and revision tracking switched off;
- comments go with their anchors, their parts and their relationships;
- runs formatted as hidden (``w:vanish``) are removed;
- document properties (core, app, custom) and the list of revision authors
  are emptied.

A removed deletion is gone from the file, not marked: rescanning the copy
must not find it.
"""
from __future__ import annotations

import io
import posixpath
import zipfile

from lxml import etree

from scanner import BaomiError, Finding, Report

from .annotate import PIECES, UNANCHORED_KINDS, W_P, W_T, _locate, runs_covering

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


DROP_WITH_CONTENT = {w("del"), w("moveFrom"), w("rPrChange"), w("pPrChange"), w("sectPrChange"), w("tblPrChange"),
                     w("trPrChange"), w("tcPrChange"), w("tblGridChange"), w("numberingChange"),
                     w("commentRangeStart"), w("commentRangeEnd"), w("moveFromRangeStart"), w("moveFromRangeEnd"),
                     w("moveToRangeStart"), w("moveToRangeEnd"), w("customXmlDelRangeStart"),
                     w("customXmlDelRangeEnd"), w("customXmlInsRangeStart"), w("customXmlInsRangeEnd")}
UNWRAP = {w("ins"), w("moveTo")}
# parts holding comments or revision authors; removed with their relationships
DROP_PARTS = ("word/comments.xml", "word/commentsExtended.xml", "word/commentsIds.xml",
              "word/commentsExtensible.xml", "word/people.xml", "docProps/custom.xml")
STORY_PREFIXES = ("word/document", "word/header", "word/footer", "word/footnotes", "word/endnotes")


def mask(data: bytes, report: Report, todo: list[tuple[Finding, str]]) -> tuple[bytes, list[tuple[Finding, str]], list[Finding]]:
    """Mask each finding in the runs that hold it; (bytes, masked, not found)."""
    from docx import Document as open_docx

    try:
        doc = open_docx(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a bad package
        raise BaomiError("corrupt", "无法作为 Word 文件打开，未生成脱敏副本") from exc
    roots = {str(doc.part.partname).lstrip("/"): doc.element}
    for rel_part in doc.part.package.iter_parts():
        name = str(rel_part.partname).lstrip("/")
        if name.startswith(("word/header", "word/footer")) and hasattr(rel_part, "element"):
            roots[name] = rel_part.element
    paragraphs = {name: list(root.iter(W_P)) for name, root in roots.items()}
    parts = {p.id: p for p in report.document.parts}
    done: list[tuple[Finding, str]] = []
    missed: list[Finding] = []
    for f, rep in todo:
        part = parts.get(f.part)
        loc = part.location if part else {}
        plist = paragraphs.get(loc.get("xml", ""), [])
        idx = loc.get("p")
        if part is None or part.kind in UNANCHORED_KINDS or part.flag or not isinstance(idx, int) or not 0 <= idx < len(plist):
            missed.append(f)
            continue
        p = plist[idx]
        span = _locate(f, p, part.text)
        runs = runs_covering(p, *span) if span else []
        if not runs:
            missed.append(f)
            continue
        _write(runs, rep)
        done.append((f, rep))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue(), done, missed


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


def _vanished(r: etree._Element) -> bool:
    rpr = r.find(w("rPr"))
    v = rpr.find(w("vanish")) if rpr is not None else None
    return v is not None and (v.get(w("val")) or "true").lower() not in ("false", "0", "off")


def clean_story(root: etree._Element) -> dict[str, int]:
    """Settle revisions, drop comments' anchors and hidden runs in one XML part; counts of what went."""
    counts = {"revisions": 0, "comments": 0, "hidden": 0}
    for el in list(root.iter(*DROP_WITH_CONTENT)):
        if el.getparent() is None:
            continue
        if el.tag in (w("del"), w("moveFrom")) and el.getparent().tag != w("rPr"):
            counts["revisions"] += 1
        elif el.tag == w("commentRangeStart"):
            counts["comments"] += 1
        el.getparent().remove(el)
    for el in list(root.iter(*UNWRAP)):
        parent = el.getparent()
        if parent is None:
            continue
        if parent.tag == w("rPr"):  # an inserted paragraph mark: nothing to keep
            parent.remove(el)
            continue
        i = parent.index(el)
        for child in list(el):
            parent.insert(i, child)
            i += 1
        parent.remove(el)
    for r in list(root.iter(w("r"))):
        if r.getparent() is None:
            continue
        if r.find(w("commentReference")) is not None:
            r.getparent().remove(r)
        elif _vanished(r):
            counts["hidden"] += 1
            r.getparent().remove(r)
    # a deleted paragraph mark left over in a paragraph's own run properties
    for el in list(root.iter(w("delText"), w("delInstrText"))):
        el.getparent().remove(el)
    return counts


def _clear_properties(data: bytes) -> bytes:
    root = etree.fromstring(data)
    for el in list(root):
        root.remove(el)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


APP_KEEP = {"Application", "DocSecurity", "ScaleCrop", "LinksUpToDate", "SharedDoc", "HyperlinksChanged", "AppVersion"}


def _clear_app(data: bytes) -> bytes:
    """Keep only the application's own fields (no company, manager, template, titles)."""
    root = etree.fromstring(data)
    for el in list(root):
        if etree.QName(el).localname not in APP_KEEP:
            root.remove(el)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _settings(data: bytes) -> bytes:
    root = etree.fromstring(data)
    for el in list(root.iter(w("trackRevisions"), w("rsids"))):
        el.getparent().remove(el)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rels(data: bytes, base: str, dropped: set[str]) -> bytes:
    root = etree.fromstring(data)
    for rel in list(root):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External":
            continue
        full = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        if full in dropped:
            root.remove(rel)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _content_types(data: bytes, dropped: set[str]) -> bytes:
    root = etree.fromstring(data)
    for el in list(root):
        if (el.get("PartName") or "").lstrip("/") in dropped:
            root.remove(el)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def clean(data: bytes) -> tuple[bytes, list[str]]:
    """The package without revisions, comments, hidden runs or properties; and what was removed, in Chinese."""
    try:
        zin = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise BaomiError("corrupt", "无法作为 Word 文件打开，未生成脱敏副本") from None
    names = zin.namelist()
    dropped = {n for n in names if n in DROP_PARTS}
    totals = {"revisions": 0, "comments": 0, "hidden": 0}
    out = io.BytesIO()
    with zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            name = info.filename
            if name in dropped:
                continue
            body = zin.read(name)
            try:
                if name.endswith(".xml") and name.startswith(STORY_PREFIXES):
                    root = etree.fromstring(body)
                    for k, v in clean_story(root).items():
                        totals[k] += v
                    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
                elif name == "docProps/core.xml":
                    body = _clear_properties(body)
                elif name == "docProps/app.xml":
                    body = _clear_app(body)
                elif name == "word/settings.xml":
                    body = _settings(body)
                elif name.endswith(".rels"):
                    folder = posixpath.dirname(posixpath.dirname(name))
                    body = _rels(body, folder, dropped)
                elif name == "[Content_Types].xml":
                    body = _content_types(body, dropped)
            except etree.XMLSyntaxError:
                raise BaomiError("corrupt", f"Word 文件的 {name} 结构损坏，未生成脱敏副本") from None
            zout.writestr(info, body)
    removed = []
    if totals["revisions"]:
        removed.append(f"修订删除内容 {totals['revisions']} 处（已接受修订）")
    if totals["comments"] or "word/comments.xml" in dropped:
        removed.append("批注（全部）")
    if totals["hidden"]:
        removed.append(f"隐藏文字 {totals['hidden']} 处")
    removed.append("文档属性（作者、单位、标题等）")
    return out.getvalue(), removed
