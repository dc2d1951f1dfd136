"""Offline OCR: text that stands only as pixels becomes ordinary document parts.

Readers hand pictures (a scanned PDF page, an image file, a picture inside
a Word, Excel or HTML document) to one :class:`PixelReader` per document.
It runs the engine (:mod:`pipelines.ocr.engine`), turns the lines into
regions (:mod:`pipelines.ocr.layout`) and adds them to the reader's
:class:`~pipelines.readers.PartList` as ``page_top``/``body``/``table_cell``
parts with ``location.source = "ocr"``, the picture's ``box`` and each
text line's offsets and box.  Every detector then reads them like any
other text, with the same normalisation.

Nothing passes silently:

* a picture not read -- OCR switched off, the page or time cap of the
  document reached, the engine failed -- becomes a part flagged
  ``media.unread``;
* a low-confidence line that looks like a marking, a control mark or an ID
  number, or an ID number read with confidence whose check character
  fails, becomes a part flagged ``media.ocr_uncertain``.

Both flags take their severity from ``lexicons/hidden.yaml`` and their
verdict (a human check) from ``lexicons/policy.yaml``.

Settings come from the process (:func:`configure`, environment variables
``BAOMI_OCR``, ``BAOMI_OCR_MAX_PAGES``, ``BAOMI_OCR_MAX_SECONDS``) or are
given per call; :func:`settings_for` derives them from a Scanner's options
and policy (``ocr: false`` or ``ocr: {max_pages, max_seconds}``).
"""
from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field, replace
from typing import Any, Callable

from scanner import BaomiError

log = logging.getLogger("baomi.ocr")

MAX_PAGES = 50
MAX_SECONDS = 300.0


@dataclass(frozen=True)
class OcrSettings:
    enabled: bool = True
    max_pages: int = MAX_PAGES  # pictures read per document
    max_seconds: float = MAX_SECONDS  # OCR time per document


def _env_settings() -> OcrSettings:
    def num(key: str, default: float) -> float:
        try:
            v = float(os.environ.get(key, default))
        except ValueError:
            return default
        return v if v > 0 else default

    on = os.environ.get("BAOMI_OCR", "1").strip().lower() not in ("0", "false", "no", "off")
    return OcrSettings(on, int(num("BAOMI_OCR_MAX_PAGES", MAX_PAGES)), num("BAOMI_OCR_MAX_SECONDS", MAX_SECONDS))


_CURRENT: OcrSettings | None = None


def configure(settings: OcrSettings | None) -> None:
    """Set this process's default (None: back to the environment's)."""
    global _CURRENT
    _CURRENT = settings


def current() -> OcrSettings:
    return _CURRENT if _CURRENT is not None else _env_settings()


def settings_for(scanner: Any, base: OcrSettings | None = None) -> OcrSettings:
    """The settings a scan with this Scanner uses: its options (``--no-ocr``) and its policy's ``ocr`` key."""
    s = base or current()
    opts = getattr(scanner, "options", None)
    if opts is not None and getattr(opts, "ocr", True) is False:
        s = replace(s, enabled=False)
    spec = getattr(getattr(scanner, "policy", None), "ocr", None)
    if spec is False:
        s = replace(s, enabled=False)
    elif isinstance(spec, dict):
        if spec.get("enabled") is False:
            s = replace(s, enabled=False)
        if isinstance(spec.get("max_pages"), int):
            s = replace(s, max_pages=spec["max_pages"])
        if isinstance(spec.get("max_seconds"), (int, float)):
            s = replace(s, max_seconds=float(spec["max_seconds"]))
    return s


@dataclass
class PixelReader:
    """OCR for one document: counts pictures and seconds against the caps, adds parts."""

    settings: OcrSettings = field(default_factory=current)
    read_count: int = 0
    seconds: float = 0.0
    unread: int = 0
    tables: int = 0  # number of the next OCR table (a reader may start high, clear of its own tables)
    clock: Callable[[], float] = time.perf_counter

    def why_not(self) -> str | None:
        s = self.settings
        if not s.enabled:
            return "文字识别已关闭"
        if self.read_count >= s.max_pages:
            return f"超过每个文件 {s.max_pages} 页（张）的文字识别上限"
        if self.seconds >= s.max_seconds:
            return f"超过每个文件 {s.max_seconds:g} 秒的文字识别时限"
        return None

    def skip(self, out, where: str, reason: str, *, page: int | None = None, **loc: Any) -> None:
        """A picture not read: a part that makes the verdict ask a person to look at it."""
        self.unread += 1
        out.add("image_unread", f"{where}未经文字识别：{reason}", page=page, flag="media.unread", **loc)

    def read(self, out, image: Callable[[], Any] | Any, where: str, *, page: int | None = None,
             ref: str | None = None, **loc: Any) -> bool:
        """OCR one picture (an RGB image, or a function making one) into ``out``; False when it was not read.

        ``where`` names the picture for a person (第 2 页, 图片 image1.png);
        ``ref`` is what a renderer needs to find it again (the media path).
        """
        reason = self.why_not()
        if reason is not None:
            self.skip(out, where, reason, page=page, **_ref(ref), **loc)
            return False
        from . import engine, layout

        started = self.clock()
        try:
            img = image() if callable(image) else image
            lines = engine.recognise(img)
            if page in (None, 1):  # page 1's marking band, read again with its contrast stretched
                lines = _with_head(lines, engine.recognise_head(img))
        except BaomiError as exc:
            self.seconds += self.clock() - started
            self.skip(out, where, exc.detail or "图片无法读取", page=page, **_ref(ref), **loc)
            return False
        except Exception as exc:  # noqa: BLE001 - a failing engine must not stop the document
            self.seconds += self.clock() - started
            log.warning("ocr failed: %s", type(exc).__name__)
            self.skip(out, where, "识别失败", page=page, **_ref(ref), **loc)
            return False
        self.seconds += self.clock() - started
        self.read_count += 1
        size = [int(img.size[0]), int(img.size[1])]
        base = {"source": "ocr", **_ref(ref), "size": size, **loc}
        regs = layout.regions(lines, img.size)
        for r in regs:
            where_loc: dict[str, Any] = {**base, "box": list(r.box), "conf": round(r.confidence, 3)}
            if len(r.lines) > 1 or r.kind != "table_cell":
                where_loc["lines"] = [list(x) for x in r.lines]
            if r.kind == "page_top":
                where_loc["band"] = "top"
            if r.table is not None:
                where_loc.update(table=self.tables + r.table, row=r.row, col=r.col)
            out.add(r.kind, r.text, page=page, **where_loc)
        self.tables += len({r.table for r in regs if r.table is not None})
        for d in layout.doubts(lines):
            out.add("ocr_doubt", d.describe(where),
                    page=page, flag="media.ocr_uncertain", **base, box=list(d.box), conf=round(d.confidence, 3))
        return True

    def info(self) -> dict[str, Any]:
        """What ``document.info["ocr"]`` records; empty when no picture was met."""
        if not self.read_count and not self.unread:
            return {}
        from . import engine

        out: dict[str, Any] = {"read": self.read_count, "unread": self.unread, "seconds": round(self.seconds, 2)}
        if self.read_count:
            out.update(engine.info())
        return out


def _with_head(lines: list, head: list) -> list:
    """The page's lines and those of the enhanced head band that stand where the page read nothing."""
    def overlaps(a, b) -> bool:
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    extra = [h for h in head if not any(overlaps(h.box, x.box) for x in lines)]
    return sorted(lines + extra, key=lambda x: (x.box[1], x.box[0])) if extra else lines


def _ref(ref: str | None) -> dict[str, Any]:
    return {"image": ref} if ref else {}


__all__ = ["OcrSettings", "PixelReader", "configure", "current", "settings_for"]
