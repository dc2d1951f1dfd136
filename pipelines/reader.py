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
import os
import stat
from pathlib import Path

from scanner import BaomiError, Document, Part

from scanner.collect import fewer_collections

from .readers import ReadResult, docx, html, image, legacy, pdf, txt, xlsx
from .readers.limits import TooBig, Truncated, budget
from .readers.safety import has_member, open_zip

log = logging.getLogger("baomi.reader")

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*", b"RIFF")
ARCHIVE_MAGIC = (b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b", b"BZh", b"\x7fELF", b"MZ")


def read_path(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, ocr=None) -> Document:
    name = str(path)
    return read_bytes(read_file(path, max_bytes=max_bytes), name, max_bytes=max_bytes, ocr=ocr)


def read_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a regular file, at most ``max_bytes``; anything else refused before a byte is read.

    A FIFO would block the open (and the batch behind it) forever, /dev/zero
    never ends, and a directory is not a document.  The file is opened
    non-blocking and checked on the open descriptor, so a name swapped for a
    FIFO between the check and the open cannot hang the read, and the read
    stops one byte past the cap whatever ``st_size`` said.
    """
    name = str(path)
    try:
        before = os.stat(path)
    except (OSError, ValueError):
        raise BaomiError("not_found", name=name) from None
    if not stat.S_ISREG(before.st_mode):
        raise BaomiError("special_file", _kind(before.st_mode), name=name)
    if before.st_size > max_bytes:
        raise BaomiError("too_large", _mb(before.st_size, max_bytes), name=name)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError:
        raise BaomiError("not_found", "无法读取", name=name) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise BaomiError("special_file", _kind(st.st_mode), name=name)
        chunks: list[bytes] = []
        got = 0
        while got <= max_bytes:
            chunk = os.read(fd, min(1024 * 1024, max_bytes + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except OSError:
        raise BaomiError("not_found", "无法读取", name=name) from None
    finally:
        os.close(fd)
    if got > max_bytes:
        raise BaomiError("too_large", _mb(None, max_bytes), name=name)
    return b"".join(chunks)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "这是目录，不是文件"
    if stat.S_ISFIFO(mode):
        return "这是命名管道"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "这是设备文件"
    if stat.S_ISSOCK(mode):
        return "这是套接字"
    return "不是普通文件"


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


@fewer_collections()  # parsers build big trees of small objects, as a scan does (scanner.collect)
def read_bytes(data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES, ocr=None) -> Document:
    """``ocr``: a :class:`pipelines.ocr.OcrSettings` for this document (None: the process default)."""
    if len(data) > max_bytes:
        raise BaomiError("too_large", _mb(len(data), max_bytes), name=name)
    if not data.strip():
        raise BaomiError("empty", name=name)
    sha = hashlib.sha256(data).hexdigest()
    try:
        with budget():
            fmt, result = _read_capped(data, name, ocr)
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


def _read_capped(data: bytes, name: str, ocr=None) -> tuple[str, ReadResult]:
    """Read within the document's budget: a content cap keeps what was read and says what was not."""
    fmt = {"zip": "docx", "pdf": "pdf", "html": "html", "ole": "doc"}.get(sniff(data), "txt")
    try:
        return _dispatch(data, name, ocr)
    except Truncated as cut:
        parts = list(cut.parts)
        parts.append(unread_part(len(parts) + 1, cut.what))
        if fmt in ("docx", "doc") and any(p.kind in ("sheet_cell", "hidden_cells", "hidden_range") for p in parts):
            fmt = "xlsx" if fmt == "docx" else "xls"
        log.info("a %s input reached a reading cap; the rest was not read", fmt)
        return fmt, ReadResult(parts=parts, info={"truncated": True},
                               warnings=[f"文件过大，只读取了一部分（{cut.what}），请人工核对其余内容。"])
    except TooBig as exc:
        raise BaomiError("too_large", exc.what + "，未读取") from None


def unread_part(n: int, what: str) -> Part:
    """The part that stands for what was not read; its ``media.unread`` flag asks a human to check."""
    return Part(id=f"p{n}", kind="unread", text=f"未读取的内容：{what}", flag="media.unread")


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
