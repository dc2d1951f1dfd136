"""Personal data found in pictures, masked with black boxes burned into the pixels of the copy.

An OCR finding carries its picture (``extra.image``: ``page:N`` of an image
file or scanned PDF, a package member such as ``word/media/image1.png``,
or ``data:N`` for the N-th inline picture of a page) and its box in that
picture's upright pixels.  The copy gets an opaque box over each one; the
pixels under it are gone, not covered by a layer that can be lifted.
Anything that cannot be placed (no box, a picture the copy does not hold,
a page with a text layer) is returned as unmasked, for the list a person
works through.

* image files: a PNG (one page) or an image-only PDF (several pages);
  the copy carries no EXIF or other metadata;
* scanned PDFs whose every page was read by OCR: an image-only PDF of the
  pages as read, with the boxes;
* Word and HTML: the picture inside the file is replaced by the masked
  one, in the same format, after the text redaction has run.
"""
from __future__ import annotations

import base64
import io
import re
import zipfile
from collections.abc import Iterable

from scanner import BaomiError, Finding, Report

PAD = 3  # pixels around a box: a stroke's edge must not survive
PICTURE_FORMATS = ("image", "pdf")


def on_picture(f: Finding) -> bool:
    return isinstance(f.extra.get("image"), str) and isinstance(f.extra.get("box"), list)


def split(mask: list[tuple[Finding, str]]) -> tuple[list[tuple[Finding, str]], list[tuple[Finding, str]]]:
    """(text findings, picture findings) of what the policy masks."""
    text = [(f, r) for f, r in mask if not on_picture(f)]
    return text, [(f, r) for f, r in mask if on_picture(f)]


def handles(report: Report) -> bool:
    """True for the documents whose copy is made of pictures only (image files, scanned PDFs)."""
    fmt = report.document.format
    if fmt == "image":
        return True
    if fmt != "pdf":
        return False
    pages = int(report.document.info.get("pages") or 0)
    ocr_pages = {p.page for p in report.document.parts if p.location.get("source") == "ocr" and p.location.get("image") == f"page:{p.page}"}
    text_pages = {p.page for p in report.document.parts if p.location.get("source") != "ocr" and p.kind in ("body", "page_top")}
    return pages > 0 and not text_pages and len(ocr_pages) == pages


def output_type(report: Report) -> tuple[str, str]:
    """(media type, extension) of the copy of an image file or scanned PDF."""
    if report.document.format == "image" and int(report.document.info.get("pages") or 1) == 1:
        return "image/png", "png"
    return "application/pdf", "pdf"


def burn(img, boxes: Iterable[list[int]]):
    """A copy of ``img`` with every box filled black (clipped to the picture)."""
    from PIL import ImageDraw

    out = img.copy()
    d = ImageDraw.Draw(out)
    w, h = out.size
    for b in boxes:
        x0, y0, x1, y1 = (int(v) for v in b[:4])
        px = max(PAD, (y1 - y0) // 4)  # a finding's box is cut from its line by character widths: err on the wide side
        box = (max(0, x0 - px), max(0, y0 - PAD), min(w - 1, x1 + px), min(h - 1, y1 + PAD))
        if box[0] < box[2] and box[1] < box[3]:
            d.rectangle(box, fill="black")
    return out


def _boxes(f: Finding) -> list[list[int]]:
    many = f.extra.get("boxes")
    return [list(b) for b in many] if isinstance(many, list) and many else [list(f.extra["box"])]


def _group(pictures: list[tuple[Finding, str]]) -> dict[str, list[tuple[Finding, str]]]:
    out: dict[str, list[tuple[Finding, str]]] = {}
    for f, rep in pictures:
        out.setdefault(f.extra["image"], []).append((f, rep))
    return out


def copy_of_pictures(data: bytes, report: Report, pictures: list[tuple[Finding, str]]):
    """(bytes, masked, unmasked) for an image file or a scanned PDF: every page as a picture, boxes burned."""
    pages = _pages(data, report)
    groups = _group(pictures)
    done: list[tuple[Finding, str]] = []
    left: list[Finding] = []
    out_pages = []
    for n, img in enumerate(pages, 1):
        items = groups.pop(f"page:{n}", [])
        out_pages.append(burn(img, [b for f, _ in items for b in _boxes(f)]) if items else img)
        done.extend(items)
    for items in groups.values():
        left.extend(f for f, _ in items)
    buf = io.BytesIO()
    if output_type(report)[1] == "png":
        out_pages[0].save(buf, "PNG")
    else:
        dpi = float(_dpi(report))
        out_pages[0].save(buf, "PDF", resolution=dpi, save_all=True, append_images=out_pages[1:])
    return buf.getvalue(), done, left


def _dpi(report: Report) -> int:
    for p in report.document.parts:
        if isinstance(p.location.get("dpi"), int):
            return p.location["dpi"]
    return 150


def _pages(data: bytes, report: Report) -> list:
    """The pictures OCR read, at the same pixel size, so the boxes fall where they were found."""
    if report.document.format == "image":
        from pipelines.ocr.images import frames

        return list(frames(data))
    import pypdfium2

    dpi = _dpi(report)
    try:
        doc = pypdfium2.PdfDocument(data)
    except Exception as exc:  # noqa: BLE001
        raise BaomiError("corrupt", "PDF 无法渲染，未生成脱敏副本") from exc
    try:
        return [doc[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(doc))]
    finally:
        doc.close()


def into_package(data: bytes, fmt: str, pictures: list[tuple[Finding, str]]):
    """(bytes, masked, unmasked): the masked pictures put back inside a docx (by member) or an HTML page (data: URIs)."""
    if not pictures:
        return data, [], []
    groups = _group(pictures)
    if fmt == "docx":
        return _docx(data, groups)
    if fmt == "html":
        return _html(data, groups)
    return data, [], [f for f, _ in pictures]


def _masked_bytes(raw: bytes, items: list[tuple[Finding, str]]) -> bytes | None:
    """The picture with its boxes burned, in its own format (its file name or URI says which)."""
    from PIL import Image

    from pipelines.ocr.images import frames, open_image

    try:
        fmt = open_image(raw).format or "PNG"
        img = next(iter(frames(raw, all_pages=False)))
    except (BaomiError, StopIteration):
        return None
    out = burn(img, [b for f, _ in items for b in _boxes(f)])
    buf = io.BytesIO()
    save_as = fmt if fmt in ("PNG", "JPEG", "BMP", "GIF", "TIFF", "WEBP") else "PNG"
    if save_as == "GIF":
        out = out.convert("P", palette=Image.Palette.ADAPTIVE)
    out.save(buf, save_as, **({"quality": 90} if save_as in ("JPEG", "WEBP") else {}))
    return buf.getvalue()


def _docx(data: bytes, groups: dict[str, list[tuple[Finding, str]]]):
    done: list[tuple[Finding, str]] = []
    left: list[Finding] = []
    src = zipfile.ZipFile(io.BytesIO(data))
    new: dict[str, bytes] = {}
    for name, items in groups.items():
        raw = src.read(name) if name in src.namelist() else None
        masked = _masked_bytes(raw, items) if raw else None
        if masked is None:
            left.extend(f for f, _ in items)
        else:
            new[name] = masked
            done.extend(items)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, new.get(info.filename, src.read(info.filename)))
    return buf.getvalue(), done, left


_DATA_URI = re.compile(r"(?<=src=[\"'])data:image/([a-zA-Z0-9.+-]+);base64,([A-Za-z0-9+/=\s]+)|(?<=src=)data:image/([a-zA-Z0-9.+-]+);base64,([A-Za-z0-9+/=]+)", re.I)


def _html(data: bytes, groups: dict[str, list[tuple[Finding, str]]]):
    """Inline pictures in page order; ``data:N`` is the N-th, as the HTML reader numbered them."""
    try:
        text, enc = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        text, enc = data.decode("gb18030", errors="replace"), "gb18030"
    done: list[tuple[Finding, str]] = []
    left: list[Finding] = []
    found = list(_DATA_URI.finditer(text))
    for ref, items in groups.items():
        k = int(ref[5:]) if ref.startswith("data:") and ref[5:].isdigit() else -1
        m = found[k] if 0 <= k < len(found) else None
        masked = None
        if m is not None:
            try:
                masked = _masked_bytes(base64.b64decode(m.group(2) or m.group(4)), items)
            except ValueError:
                masked = None
        if masked is None:
            left.extend(f for f, _ in items)
            continue
        kind = m.group(1) or m.group(3)
        text = text.replace(m.group(0), f"data:image/{kind};base64,{base64.b64encode(masked).decode()}")
        done.extend(items)
    return text.encode(enc, errors="xmlcharrefreplace"), done, left
