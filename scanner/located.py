"""Where on a picture a finding stands: page and box, from the lines an OCR part records.

An OCR part (``location.source == "ocr"``) keeps, for each of its text
lines, the character offsets and the pixel box; ``location.box`` covers
the whole part.  A finding's box is the part of each line it covers,
cut in proportion to the characters' advance (a Chinese character is
about twice a digit), close enough to point a reviewer and to place a mask.
"""
from __future__ import annotations

import unicodedata
from typing import Any

from .model import Part


def _width(ch: str) -> float:
    """Relative advance of a character: Chinese and full-width forms twice a digit or a Latin letter."""
    if ch.isspace():
        return 0.5
    return 2.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 1.0


def where_in_picture(part: Part, start: int, end: int) -> dict[str, Any]:
    """``{"page", "box", "image"}`` for the characters start..end of an OCR part; {} when unknown."""
    loc = part.location
    lines = loc.get("lines") or ([[0, len(part.text), *loc["box"]]] if isinstance(loc.get("box"), list) else [])
    boxes = []
    for ln in lines:
        try:
            s, e, x0, y0, x1, y1 = (int(v) for v in ln)
        except (TypeError, ValueError):
            continue
        a, b = max(s, start), min(e, end)
        if a >= b or e <= s:
            continue
        widths = [_width(ch) for ch in part.text[s:e]] or [1.0]
        unit = (x1 - x0) / (sum(widths) or 1.0)
        left = sum(widths[: a - s]) * unit
        right = sum(widths[: b - s]) * unit
        boxes.append((int(x0 + left), y0, int(x0 + right + 0.999), y1))
    if not boxes:
        return {}
    box = [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)]
    out: dict[str, Any] = {"box": box}
    if len(boxes) > 1:
        out["boxes"] = [list(b) for b in boxes]
    if part.page is not None:
        out["page"] = part.page
    if loc.get("image"):
        out["image"] = loc["image"]
    return out
