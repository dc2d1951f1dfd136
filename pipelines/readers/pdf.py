"""PDF: text per page, the page head on its own, and text hidden under black boxes.

A 密级 marking stands at the top of the first page, so the top band of every
page is its own part (kind ``page_top``) and the body part is the rest of the
page -- each character is in exactly one of them, so nothing is reported
twice.  A black rectangle drawn over text hides it from the eye but not from
copy-and-paste: characters under a dark filled box (or an unapplied redaction
annotation) are taken out of the page text and reported as
``hidden.under_redaction``.  White text on a dark band (a table heading) is
visible and stays ordinary text.

Parts: ``page_top`` / ``body`` (``Part.page``, 1-based), ``under_redaction``
(``bbox`` = [x0, top, x1, bottom] in points from the top left),
OCR parts (``location.source = "ocr"``, see :mod:`pipelines.ocr`) for a page
with no text layer, or one whose few characters are clearly not the page
(mostly picture, little text): the page is rendered with pypdfium2 at
:data:`OCR_DPI` and read like an image file; ``image_unread`` (flag
``media.unread``) when it could not be read,
``annotation`` (sticky notes and other annotation contents, flag
``hidden.comment``), ``link`` (URI links, ``href``), ``form_field``
(``field``), ``metadata`` (flag ``hidden.metadata``, ``property``).
"""
from __future__ import annotations

import io
import logging
from collections.abc import Iterable
from typing import Any

from scanner import BaomiError

from . import PartList, ReadResult
from .limits import MB, TooBig, Truncated, current
from .pdfcaps import install as install_caps

log = logging.getLogger("baomi.readers.pdf")

TOP_BAND = 0.15  # fraction of the page height read as the page head
DARK = 0.25  # luminance at or below which a fill hides text
MAX_BOX_AREA = 0.5  # a dark "box" covering half the page is a background, not a redaction
META_KEYS = {"Title": "title", "Author": "author", "Subject": "subject", "Keywords": "keywords", "Creator": "creator"}
REDACT_ANNOTS = {"Redact"}
BOX_ANNOTS = {"Square", "Highlight"}


def luminance(color: Any) -> float | None:
    """0 (black) .. 1 (white) for gray, RGB and CMYK colour tuples; None when unknown (patterns)."""
    if color is None:
        return None
    if isinstance(color, (int, float)):
        color = (color,)
    try:
        vals = [float(c) for c in color]
    except (TypeError, ValueError):
        return None
    if len(vals) == 1:
        return vals[0]
    if len(vals) == 3:
        r, g, b = vals
        return 0.299 * r + 0.587 * g + 0.114 * b
    if len(vals) == 4:
        c, m, y, k = vals
        return (1 - k) * (1 - (0.299 * c + 0.587 * m + 0.114 * y))
    return None


def _decode(value: Any) -> str:
    from pdfminer.psparser import PSLiteral
    from pdfminer.utils import decode_text

    if isinstance(value, bytes):
        return decode_text(value).strip()
    if isinstance(value, PSLiteral):
        name = value.name
        return (name.decode("latin-1") if isinstance(name, bytes) else str(name)).strip()
    if isinstance(value, str):
        return value.strip()
    return ""


def _is_password_error(exc: BaseException) -> bool:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    seen: set[int] = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        if isinstance(e, (PDFPasswordIncorrect, PDFEncryptionError)):
            return True
        for arg in getattr(e, "args", ()):
            if isinstance(arg, BaseException) and _is_password_error(arg):
                return True
        e = e.__cause__ or e.__context__
    return False


def _fail(exc: BaseException) -> BaomiError:
    if _is_password_error(exc):
        return BaomiError("encrypted")
    log.debug("pdf read failed: %s", type(exc).__name__)
    return BaomiError("corrupt", "PDF 结构（交叉引用表或对象）损坏")


OCR_DPI = 150  # 10.5 pt body text is about 22 px high: enough for the recogniser, and under 2 s a page
LITTLE_TEXT = 40  # characters; fewer on a page mostly covered by pictures means the text layer is not the page
MOSTLY_IMAGE = 0.5  # fraction of the page area covered by pictures


def read(data: bytes, ocr=None) -> ReadResult:
    import pdfplumber

    install_caps()
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises a dozen unrelated types for a broken file
        raise _fail(exc) from None
    try:
        result = _read(pdf)
        scanned = result.info.pop("_scanned", [])
        if scanned:
            _ocr_pages(data, scanned, result, ocr)
        return result
    except (BaomiError, Truncated):
        raise
    except Exception as exc:
        too_big = _find(exc, TooBig)
        if too_big is not None:
            raise too_big from None
        raise _fail(exc) from None
    finally:
        pdf.close()


def _find(exc: BaseException, kind: type) -> BaseException | None:
    """``kind`` in the chain of an exception pdfminer or pdfplumber may have wrapped."""
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        e = stack.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, kind):
            return e
        stack.extend(a for a in getattr(e, "args", ()) if isinstance(a, BaseException))
        stack.extend(x for x in (e.__cause__, e.__context__) if x is not None)
    return None


def _pages(pdf):
    """Pages one at a time, at most the page cap: pdfplumber's ``pdf.pages`` builds them all first."""
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page

    limit = current().limits.pages
    doctop = 0.0
    for n, obj in enumerate(PDFPage.create_pages(pdf.doc), 1):
        if n > limit:
            raise _PageCap(limit)
        page = Page(pdf, obj, page_number=n, initial_doctop=doctop)
        doctop += float(page.height)
        yield page


class _PageCap(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


def _content_size(page) -> int:
    """Decoded bytes of a page's content streams; decoding here goes through the capped decoders."""
    from pdfminer.pdftypes import resolve1, stream_value

    total = 0
    for ref in page.page_obj.contents or ():
        total += len(stream_value(resolve1(ref)).get_data())
    return total


def _read(pdf) -> ReadResult:
    out = PartList()
    title = None
    scanned: list[tuple[int, int]] = []  # (page, index in out.parts where its OCR parts go)
    n_pages = 0
    page_cap = current().limits.pdf_page
    try:
        for n, page in enumerate(_pages(pdf), 1):  # resolves the page tree: a broken xref fails here
            n_pages = n
            try:
                size = _content_size(page)
                if size > page_cap:
                    raise TooBig(f"页面内容解压后超过 {page_cap // MB} MB")
                if _read_page(page, n, out):
                    scanned.append((n, len(out.parts)))
            except Truncated:
                raise
            except Exception as exc:  # noqa: BLE001 - a page too big to read is reported, the rest is read
                too_big = _find(exc, TooBig)
                if too_big is None:
                    raise
                out.add("unread", f"未读取的内容：第 {n} 页（{too_big.what}）", page=n, flag="media.unread")
            finally:
                page.close()
    except _PageCap as cap:
        raise Truncated(out.parts, f"页数超过上限 {cap.limit:,} 页，其后的页面未读取") from None
    if not n_pages:
        raise BaomiError("corrupt", "PDF 中没有可读的页面")
    fields = _form_fields(pdf)
    for name, value in fields:
        out.add("form_field", value, field=name)
    meta = pdf.metadata or {}
    for key, prop in META_KEYS.items():
        value = _decode(meta.get(key))
        if value:
            out.add("metadata", value, flag="hidden.metadata", property=prop)
            if prop == "title":
                title = value
    info: dict[str, Any] = {"pages": n_pages, "_scanned": scanned}
    warnings: list[str] = []
    garbled = sorted({p.page for p in out.parts if p.page and p.text.count("(cid:") * 8 > len(p.text) // 2})
    if garbled:
        warnings.append(f"第 {'、'.join(map(str, garbled))} 页的字体缺少编码表，文字无法可靠提取，请人工核对。")
    return ReadResult(parts=out.parts, title=title, info=info, warnings=warnings)


def _boxes(page) -> list[tuple[float, float, float, float]]:
    """Dark filled rectangles and redaction annotations that could hide text."""
    area = float(page.width) * float(page.height)
    boxes = []
    for r in list(page.rects) + [c for c in page.curves if c.get("fill")]:
        if not r.get("fill"):
            continue
        lum = luminance(r.get("non_stroking_color"))
        if lum is None or lum > DARK:
            continue
        w, h = r["x1"] - r["x0"], r["bottom"] - r["top"]
        if w * h > MAX_BOX_AREA * area or w < 2 or h < 2:
            continue
        boxes.append((r["x0"], r["top"], r["x1"], r["bottom"]))
    for a in page.annots:
        sub = _decode((a.get("data") or {}).get("Subtype"))
        if sub in REDACT_ANNOTS or (sub in BOX_ANNOTS and _annot_dark(a)):
            boxes.append((a["x0"], a["top"], a["x1"], a["bottom"]))
    return boxes


def _annot_dark(a: dict) -> bool:
    data = a.get("data") or {}
    for key in ("IC", "C"):
        lum = luminance(data.get(key))
        if lum is not None and lum <= DARK:
            return True
    return False


def _inside(ch: dict, box: tuple[float, float, float, float]) -> bool:
    cx = (ch["x0"] + ch["x1"]) / 2
    cy = (ch["top"] + ch["bottom"]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _text_of(page, chars: Iterable[dict]) -> str:
    keep = {id(c) for c in chars}
    if not keep:
        return ""
    sub = page.filter(lambda o: o.get("object_type") != "char" or id(o) in keep)
    return (sub.extract_text() or "").strip()


def _picture_share(page) -> float:
    """Fraction of the page covered by its pictures (overlaps counted twice; capped at 1)."""
    area = float(page.width) * float(page.height) or 1.0
    covered = 0.0
    for im in page.images:
        w = max(0.0, min(float(im["x1"]), float(page.width)) - max(float(im["x0"]), 0.0))
        h = max(0.0, min(float(im["bottom"]), float(page.height)) - max(float(im["top"]), 0.0))
        covered += w * h
    return min(1.0, covered / area)


def _needs_ocr(page, chars: list) -> bool:
    """No text layer, or a few characters (a page number, a stamp's caption) on a page that is a picture."""
    if not page.images:
        return False
    if not chars:
        return True
    return len(chars) < LITTLE_TEXT and _picture_share(page) >= MOSTLY_IMAGE


def _ocr_pages(data: bytes, pages: list[tuple[int, int]], result: ReadResult, ocr) -> None:
    """Render the pages that are pictures and read them; their parts go where the page stands."""
    from pipelines.ocr import PixelReader, current

    reader = PixelReader(ocr or current())
    doc = None
    try:
        import pypdfium2

        doc = pypdfium2.PdfDocument(data)
    except Exception as exc:  # noqa: BLE001 - the OCR path must not turn a readable PDF into an error
        log.debug("pdfium could not open the file: %s", type(exc).__name__)
    merged: list = []
    done = 0
    for n, at in pages:
        merged.extend(result.parts[done:at])
        done = at
        out = PartList()
        if doc is None:
            reader.skip(out, f"第 {n} 页", "页面无法渲染为图像", page=n)
        else:
            def render(n: int = n):
                page = doc[n - 1]
                try:
                    return page.render(scale=OCR_DPI / 72).to_pil().convert("RGB")
                finally:
                    page.close()

            reader.read(out, render, f"第 {n} 页", page=n, ref=f"page:{n}", dpi=OCR_DPI)
        merged.extend(out.parts)
    merged.extend(result.parts[done:])
    if doc is not None:
        doc.close()
    renum = PartList()
    for p in merged:
        renum.add(p.kind, p.text, page=p.page, flag=p.flag, **p.location)
    result.parts = renum.parts
    ocr_info = reader.info()
    if ocr_info:
        result.info["ocr"] = ocr_info
    if reader.unread:
        result.warnings.append(f"{reader.unread} 页没有文字层（扫描件），未经文字识别，请人工核对。")


def _read_page(page, n: int, out: PartList) -> bool:
    """Add the parts of one page; True when the page is a picture to be read by OCR."""
    chars = page.chars
    if _needs_ocr(page, chars):
        if not chars:
            return True
    elif not chars:
        return False
    boxes = _boxes(page)
    covered: dict[int, list[dict]] = {}
    visible: list[dict] = []
    for ch in chars:
        hit = None
        if boxes:
            lum = luminance(ch.get("non_stroking_color"))
            if lum is None or lum <= 0.5:  # light text on a dark box is meant to be read
                hit = next((i for i, b in enumerate(boxes) if _inside(ch, b)), None)
        if hit is None:
            visible.append(ch)
        else:
            covered.setdefault(hit, []).append(ch)
    cut = float(page.height) * TOP_BAND + float(page.bbox[1])
    top = [c for c in visible if (c["top"] + c["bottom"]) / 2 < cut]
    rest = [c for c in visible if (c["top"] + c["bottom"]) / 2 >= cut]
    if top and not rest and not covered:
        text = _text_of(page, top)
        if text:
            out.add("page_top", text, page=n, band="top")
    else:
        for kind, group in (("page_top", top), ("body", rest)):
            text = _text_of(page, group)
            if text:
                loc = {"band": "top"} if kind == "page_top" else {}
                out.add(kind, text, page=n, **loc)
    for i, group in sorted(covered.items()):
        text = _text_of(page, group)
        if text:
            box = [round(float(v), 1) for v in boxes[i]]
            out.add("under_redaction", text, page=n, flag="hidden.under_redaction", bbox=box)
    for a in page.annots:
        data = a.get("data") or {}
        sub = _decode(data.get("Subtype"))
        contents = (a.get("contents") or "").strip() if isinstance(a.get("contents"), str) else _decode(data.get("Contents"))
        if contents and sub not in ("Link", "Widget"):
            out.add("annotation", contents, page=n, flag="hidden.comment", subtype=sub)
    for link in page.hyperlinks:
        uri = link.get("uri")
        if isinstance(uri, str) and uri.strip():
            out.add("link", uri.strip(), page=n, href=uri.strip())
    return _needs_ocr(page, chars)


def _form_fields(pdf) -> list[tuple[str, str]]:
    from pdfminer.pdftypes import resolve1

    try:
        form = resolve1(pdf.doc.catalog.get("AcroForm"))
    except Exception:
        return []
    if not isinstance(form, dict):
        return []
    found: list[tuple[str, str]] = []
    stack = [(f, "") for f in (resolve1(form.get("Fields")) or [])]
    seen: set[int] = set()
    while stack and len(found) < 10_000:
        ref, prefix = stack.pop()
        field = resolve1(ref)
        if not isinstance(field, dict) or id(field) in seen:
            continue
        seen.add(id(field))
        name = _decode(field.get("T"))
        full = f"{prefix}.{name}" if prefix and name else name or prefix
        value = resolve1(field.get("V"))
        text = _decode(value)
        if text:
            found.append((full, text))
        for kid in resolve1(field.get("Kids")) or []:
            stack.append((kid, full))
    return found
