"""Image files as documents: a photographed roster, a scanned page saved as JPEG, a multi-page TIFF.

Every page of a TIFF is read, the first frame of an animated GIF or WebP;
each becomes page ``n`` of the document, its text parts placed by
:class:`pipelines.ocr.PixelReader`.  A picture that cannot be decoded is
a coded error for the whole file (there is nothing else in it to read);
one that is decoded but not read (OCR off, over a cap) is a ``media.unread``
finding, so the verdict asks a person to look.
"""
from __future__ import annotations

from scanner import BaomiError

from . import PartList, ReadResult


def read(data: bytes, ocr=None) -> ReadResult:
    from pipelines.ocr import PixelReader, current
    from pipelines.ocr.images import frames, open_image

    first = open_image(data)  # bombs and unknown formats fail here, before any decoding
    fmt, size = first.format, first.size
    first.close()
    reader = PixelReader(ocr or current())
    out = PartList()
    n = 0
    for n, frame in enumerate(frames(data), 1):
        reader.read(out, frame, f"第 {n} 页" if n > 1 or fmt == "TIFF" else "图片", page=n, ref=f"page:{n}")
    if n == 0:
        raise BaomiError("corrupt", "图片中没有可读的帧")
    info = {"pages": n, "image_format": fmt.lower(), "pixels": list(size)}
    ocr_info = reader.info()
    if ocr_info:
        info["ocr"] = ocr_info
    warnings = []
    if reader.unread:
        warnings.append(f"{reader.unread} 页（张）图片未经文字识别，请人工核对。")
    return ReadResult(parts=out.parts, info=info, warnings=warnings)
