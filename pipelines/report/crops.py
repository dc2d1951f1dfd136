"""Cropped pictures of where each OCR finding stands, for the review record and the web page.

A finding read from a picture carries ``extra.image`` and ``extra.box``
(see :mod:`scanner.located`); a reviewer needs to see that spot, not a
pixel rectangle.  Given the original file, this cuts the region out with
some margin, outlines the finding in red and returns it as a small JPEG
data: URI, self-contained in the HTML record.  Without the original (the
service keeps drafts only when told to) there are no crops, and the record
gives the page and box in words.
"""
from __future__ import annotations

import base64
import io
from typing import Any

from scanner import Finding, Report

MAX_CROPS = 60  # per record: a roster of thousands needs no thousand pictures
MAX_WIDTH = 520
MARGIN = 0.6  # of the box height, around the box


def key(f: Finding) -> tuple[str, int, int, str]:
    return (f.part, f.start, f.end, f.type)


def _pictures(data: bytes, report: Report) -> Any:
    """A function ref -> upright RGB picture (or None), caching each picture once."""
    from pipelines.ocr.images import frames

    cache: dict[str, Any] = {}
    fmt = report.document.format

    def get(ref: str):
        if ref in cache:
            return cache[ref]
        img = None
        try:
            if ref.startswith("page:") and fmt == "image":
                n = int(ref[5:])
                img = next((fr for i, fr in enumerate(frames(data), 1) if i == n), None)
            elif ref.startswith("page:") and fmt == "pdf":
                import pypdfium2

                dpi = next((p.location["dpi"] for p in report.document.parts
                            if p.location.get("image") == ref and isinstance(p.location.get("dpi"), int)), 150)
                doc = pypdfium2.PdfDocument(data)
                try:
                    img = doc[int(ref[5:]) - 1].render(scale=dpi / 72).to_pil().convert("RGB")
                finally:
                    doc.close()
            elif ref.startswith("data:") and fmt == "html":
                from pipelines.readers.html import _read

                raw = _read(data)[1].get(ref)
                img = next(iter(frames(raw, all_pages=False))) if raw else None
            elif fmt in ("docx", "xlsx"):
                import zipfile

                raw = zipfile.ZipFile(io.BytesIO(data)).read(ref)
                img = next(iter(frames(raw, all_pages=False)))
        except Exception:  # noqa: BLE001 - no crop is better than no record
            img = None
        cache[ref] = img
        return img

    return get


def crop(img, box: list[int]) -> str:
    """The region around ``box`` with the box outlined, as a JPEG data: URI."""
    from PIL import ImageDraw

    x0, y0, x1, y1 = (int(v) for v in box[:4])
    m = max(12, int((y1 - y0) * MARGIN))
    w, h = img.size
    area = (max(0, x0 - 4 * m), max(0, y0 - m), min(w, x1 + 4 * m), min(h, y1 + m))
    piece = img.crop(area).convert("RGB")
    d = ImageDraw.Draw(piece)
    d.rectangle((x0 - area[0] - 2, y0 - area[1] - 2, x1 - area[0] + 2, y1 - area[1] + 2), outline=(220, 0, 0), width=3)
    if piece.width > MAX_WIDTH:
        piece = piece.resize((MAX_WIDTH, max(1, round(piece.height * MAX_WIDTH / piece.width))))
    buf = io.BytesIO()
    piece.save(buf, "JPEG", quality=80, subsampling=0)  # scans are noisy: a PNG of a crop is five times the size
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def crops(data: bytes | None, report: Report, limit: int = MAX_CROPS) -> dict[tuple[str, int, int, str], str]:
    """Crops of the findings that stand in pictures, worst first; {} without the original."""
    located = [f for f in report.active if isinstance(f.extra.get("image"), str) and isinstance(f.extra.get("box"), list)]
    if data is None or not located:
        return {}
    from scanner.model import SEVERITY_RANK

    located.sort(key=lambda f: SEVERITY_RANK.get(f.severity, 9))
    get = _pictures(data, report)
    out = {}
    for f in located[:limit]:
        img = get(f.extra["image"])
        if img is not None:
            out[key(f)] = crop(img, f.extra["box"])
    return out
