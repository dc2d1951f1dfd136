"""Text inside vector pictures (EMF, WMF): read from the drawing records, not from pixels.

Word documents made from government templates often carry the red header
or a pasted chart as an EMF or WMF picture.  Pillow can only rasterise
those on Windows, but their text is stored as text: EMF ``EMR_EXTTEXTOUTW``
records hold UTF-16 strings, WMF ``META_TEXTOUT``/``META_EXTTEXTOUT`` hold
8-bit strings in the font's code page (GBK for Chinese fonts).  Reading
them is exact, where OCR would guess.

:func:`texts` returns the strings in drawing order, ``[]`` for a drawing
with no text, and None when the text is there but not readable (glyph
indices instead of characters, a broken record): the caller then reports
the picture as unread.
"""
from __future__ import annotations

import struct

EMR_HEADER = 1
EMR_EOF = 14
EMR_EXTTEXTOUTA = 83
EMR_EXTTEXTOUTW = 84
ETO_GLYPH_INDEX = 0x10
WMF_PLACEABLE = b"\xd7\xcd\xc6\x9a"
META_TEXTOUT = 0x0521
META_EXTTEXTOUT = 0x0A32
MAX_RECORDS = 200_000


def kind(data: bytes) -> str | None:
    """'emf', 'wmf' or None, from the header."""
    if len(data) >= 44 and struct.unpack_from("<I", data, 0)[0] == EMR_HEADER and data[40:44] == b" EMF":
        return "emf"
    if data.startswith(WMF_PLACEABLE):
        return "wmf"
    if len(data) >= 18 and struct.unpack_from("<HH", data, 0) in ((1, 9), (2, 9)):
        return "wmf"
    return None


def texts(data: bytes) -> list[str] | None:
    k = kind(data)
    try:
        if k == "emf":
            return _emf(data)
        if k == "wmf":
            return _wmf(data)
    except (struct.error, ValueError, IndexError):
        return None
    return None


def _emf(data: bytes) -> list[str] | None:
    out: list[str] = []
    pos, n = 0, 0
    while pos + 8 <= len(data) and n < MAX_RECORDS:
        rtype, size = struct.unpack_from("<II", data, pos)
        if size < 8 or pos + size > len(data):
            return None
        if rtype in (EMR_EXTTEXTOUTW, EMR_EXTTEXTOUTA):
            nchars, off, opts = struct.unpack_from("<III", data, pos + 44)
            if opts & ETO_GLYPH_INDEX:
                return None  # glyph numbers of a font, not characters
            width = 2 if rtype == EMR_EXTTEXTOUTW else 1
            raw = data[pos + off : pos + off + width * nchars]
            text = raw.decode("utf-16-le" if width == 2 else "gb18030", errors="replace").strip("\x00 ")
            if text:
                out.append(text)
        if rtype == EMR_EOF:
            break
        pos += size
        n += 1
    return out


def _wmf(data: bytes) -> list[str] | None:
    pos = 22 if data.startswith(WMF_PLACEABLE) else 0
    header_words = struct.unpack_from("<H", data, pos + 2)[0]
    pos += header_words * 2
    out: list[str] = []
    n = 0
    while pos + 6 <= len(data) and n < MAX_RECORDS:
        words, func = struct.unpack_from("<IH", data, pos)
        size = words * 2
        if size < 6 or pos + size > len(data):
            return None
        if func == 0:  # META_EOF
            break
        if func == META_TEXTOUT:
            length = struct.unpack_from("<H", data, pos + 6)[0]
            out.append(data[pos + 8 : pos + 8 + length].decode("gb18030", errors="replace"))
        elif func == META_EXTTEXTOUT:
            _y, _x, length, opts = struct.unpack_from("<hhHH", data, pos + 6)
            at = pos + 14 + (8 if opts & 0x06 else 0)
            out.append(data[at : at + length].decode("gb18030", errors="replace"))
        pos += size
        n += 1
    return [t.strip("\x00 ") for t in out if t.strip("\x00 ")]
