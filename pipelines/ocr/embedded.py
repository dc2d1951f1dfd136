"""Pictures inside documents (Word, Excel, HTML): read them and put their text where they stand.

The format readers mark a picture with a part flagged ``media.image`` whose
``location.image`` names it (a package member such as
``word/media/image1.png``, or ``data:0`` for the first data: URI of a page).
:func:`expand` replaces each such part by the parts OCR reads from the
picture (in the same place of the reading order, keeping where the picture
stands: ``xml``/``p`` of a Word paragraph), or by a ``media.unread`` part
when it was not read.  A picture used twice is read once.  Vector pictures
(EMF, WMF) give the text of their drawing records (:mod:`pipelines.ocr.vector`).
"""
from __future__ import annotations

import posixpath
from collections.abc import Callable

from scanner import BaomiError

from ..readers import PartList, ReadResult
from . import PixelReader, current, vector

GRID_KEYS = ("table", "row", "col", "tables", "cell")  # a picture in a table cell is not itself that cell
TABLE_BASE = 100_000  # OCR table numbers, clear of the document's own tables in the same xml part


def expand(result: ReadResult, load: Callable[[str], bytes | None], ocr=None) -> ReadResult:
    """``result`` with its pictures read; ``load(ref)`` gives a picture's bytes (None: not available)."""
    if not any(p.flag == "media.image" for p in result.parts):
        return result
    from .images import frames

    reader = PixelReader(ocr or current(), tables=TABLE_BASE)
    out = PartList()
    seen: set[str] = set()
    for p in result.parts:
        ref = p.location.get("image") if p.flag == "media.image" else None
        if not isinstance(ref, str):
            out.add(p.kind, p.text, page=p.page, flag=p.flag, **p.location)
            continue
        if ref in seen:
            continue
        seen.add(ref)
        loc = {k: v for k, v in p.location.items() if k not in GRID_KEYS and k != "image"}
        where = f"图片 {_short(ref)} "
        if reader.why_not() is not None:
            reader.skip(out, where, reader.why_not() or "", page=p.page, image=ref, **loc)
            continue
        data = _load(load, ref)
        if data is None:
            reader.skip(out, where, "图片无法从文件中取出", page=p.page, image=ref, **loc)
            continue
        if vector.kind(data):  # EMF/WMF: the text is stored as text
            found = vector.texts(data)
            if found is None:
                reader.skip(out, where, "矢量图中的文字以字形编号保存，无法读取", page=p.page, image=ref, **loc)
            elif found:
                out.add("body", "\n".join(found), page=p.page, source="vector", image=ref, **loc)
            continue
        try:
            frame = next(iter(frames(data, all_pages=False)))
        except (BaomiError, StopIteration) as exc:
            why = exc.detail if isinstance(exc, BaomiError) and exc.detail else "图片格式无法识别（如矢量图 EMF/WMF）"
            reader.skip(out, where, why, page=p.page, image=ref, **loc)
            continue
        reader.read(out, frame, where, page=p.page, ref=ref, **loc)
    info = dict(result.info)
    ocr_info = reader.info()
    if ocr_info:
        info["ocr"] = ocr_info
    warnings = list(result.warnings)
    if reader.unread:
        warnings.append(f"{reader.unread} 张图片未经文字识别，请人工核对。")
    return ReadResult(parts=out.parts, title=result.title, info=info, warnings=warnings)


def _load(load: Callable[[str], bytes | None], ref: str) -> bytes | None:
    try:
        return load(ref)
    except BaomiError:
        return None
    except Exception:  # noqa: BLE001 - a missing or broken member is a picture not read, not a failed document
        return None


def _short(ref: str) -> str:
    return ref if ref.startswith("data:") else posixpath.basename(ref)


def zip_loader(zf) -> Callable[[str], bytes | None]:
    """Members of an OOXML package, read with the package reader's caps (pipelines.readers.safety)."""
    from ..readers.safety import has_member, read_member

    def load(name: str) -> bytes | None:
        return read_member(zf, name) if has_member(zf, name) else None

    return load


__all__ = ["expand", "zip_loader"]
