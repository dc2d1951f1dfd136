"""Format detection and dispatch: bytes in, a :class:`scanner.Document` out.

The format is decided from the content (magic bytes), not the file name,
because government sites serve .doc files that are really HTML and .txt
files that are really spreadsheets.  Every failure becomes a
:class:`scanner.BaomiError` naming the file, never quoting it.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from scanner import BaomiError, Document

from .readers import txt

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def read_path(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    p = Path(path)
    name = str(path)
    try:
        size = p.stat().st_size
    except OSError:
        raise BaomiError("not_found", name=name) from None
    if size > max_bytes:
        raise BaomiError("too_large", f"{size // (1024 * 1024)} MB，上限 {max_bytes // (1024 * 1024)} MB", name=name)
    try:
        data = p.read_bytes()
    except OSError:
        raise BaomiError("not_found", "无法读取", name=name) from None
    return read_bytes(data, name, max_bytes=max_bytes)


def read_bytes(data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    if len(data) > max_bytes:
        raise BaomiError("too_large", f"上限 {max_bytes // (1024 * 1024)} MB", name=name)
    if not data.strip():
        raise BaomiError("empty", name=name)
    sha = hashlib.sha256(data).hexdigest()
    try:
        parts = txt.read(data)
    except BaomiError as exc:
        exc.name = name
        raise
    return Document(name=name, sha256=sha, format="txt", parts=parts)
