"""Format detection and dispatch: bytes in, a :class:`scanner.Document` out.

The format is decided from the content (magic bytes), not the file name,
because government sites serve .doc files that are really HTML and .txt
files that are really spreadsheets.  Every failure becomes a
:class:`scanner.BaomiError` naming the file, never quoting it; an
unexpected exception inside a third-party parser is reported as a corrupt
file rather than a traceback.
"""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from scanner import BaomiError, Document

from .readers import ReadResult, docx, html, image, legacy, pdf, txt, xlsx
from .readers.safety import has_member, open_zip

log = logging.getLogger("baomi.reader")

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*", b"RIFF")
ARCHIVE_MAGIC = (b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b", b"BZh", b"\x7fELF", b"MZ")


def read_path(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, ocr=None) -> Document:
    p = Path(path)
    name = str(path)
    try:
        size = p.stat().st_size
    except OSError:
        raise BaomiError("not_found", name=name) from None
    if size > max_bytes:
        raise BaomiError("too_large", _mb(size, max_bytes), name=name)
    try:
        data = p.read_bytes()
    except OSError:
        raise BaomiError("not_found", "无法读取", name=name) from None
    return read_bytes(data, name, max_bytes=max_bytes, ocr=ocr)


def _mb(size: int | None, limit: int) -> str:
    lim = f"{limit / (1024 * 1024):g} MB"
    return f"{size / (1024 * 1024):.1f} MB，上限 {lim}" if size is not None else f"上限 {lim}"


def sniff(data: bytes) -> str:
    """The container the bytes are: zip, pdf, ole, html, image, archive or text."""
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return "zip"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(legacy.OLE_MAGIC):
        return "ole"
    if data.startswith(IMAGE_MAGIC) and (not data.startswith(b"RIFF") or data[8:12] == b"WEBP"):
        return "image"
    if data.startswith(ARCHIVE_MAGIC):
        return "archive"
    if html.looks_like_html(data):
        return "html"
    return "text"


def read_bytes(data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES, ocr=None) -> Document:
    """``ocr``: a :class:`pipelines.ocr.OcrSettings` for this document (None: the process default)."""
    if len(data) > max_bytes:
        raise BaomiError("too_large", _mb(len(data), max_bytes), name=name)
    if not data.strip():
        raise BaomiError("empty", name=name)
    sha = hashlib.sha256(data).hexdigest()
    try:
        fmt, result = _dispatch(data, name, ocr)
    except BaomiError as exc:
        exc.name = exc.name or name
        raise
    except RecursionError:
        raise BaomiError("corrupt", "结构嵌套过深", name=name) from None
    except MemoryError:
        raise BaomiError("too_large", "内容过大，内存不足", name=name) from None
    except Exception as exc:  # a parser bug must not become a traceback with document text in it
        log.warning("reader failed on a %s input: %s", sniff(data), type(exc).__name__)
        raise BaomiError("corrupt", name=name) from None
    return Document(
        name=name, sha256=sha, format=fmt, parts=result.parts, title=result.title,
        info=result.info, warnings=result.warnings,
    )


def _dispatch(data: bytes, name: str, ocr=None) -> tuple[str, ReadResult]:
    kind = sniff(data)
    if kind == "zip":
        return _read_zip(data, ocr)
    if kind == "pdf":
        return "pdf", pdf.read(data, ocr=ocr)
    if kind == "ole":
        which = legacy.classify(data, name)
        converted = legacy.convert(data, which)
        _, result = _read_zip(converted, ocr)
        result.info = {**result.info, "converted_from": which.format}
        return which.format, result
    if kind == "image":
        return "image", image.read(data, ocr)
    if kind == "archive":
        raise BaomiError("unsupported_format", "压缩包或可执行文件")
    if kind == "html":
        return "html", html.read(data, ocr=ocr)
    return "txt", ReadResult(parts=txt.read(data))


def _read_zip(data: bytes, ocr=None) -> tuple[str, ReadResult]:
    zf = open_zip(data)
    if has_member(zf, "word/document.xml") or _main_is(zf, "word/"):
        return "docx", docx.read_zip(zf, ocr=ocr)
    if has_member(zf, "xl/workbook.xml") or _main_is(zf, "xl/"):
        return "xlsx", xlsx.read_zip(zf, ocr=ocr)
    if has_member(zf, "[Content_Types].xml"):
        raise BaomiError("unsupported_format", "不是 Word 或 Excel 文档（可能是演示文稿）")
    raise BaomiError("unsupported_format", "普通压缩包，请解压后逐个审查")


def _main_is(zf, prefix: str) -> bool:
    from .readers.ooxml import main_part

    return has_member(zf, "_rels/.rels") and main_part(zf, "").startswith(prefix)
