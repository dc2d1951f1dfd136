"""Plain text: detect the encoding (most older government files are GBK), normalise line endings."""
from __future__ import annotations

from scanner import BaomiError, Part

BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode(data: bytes) -> str:
    for bom, enc in BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        # UTF-16 without a BOM has a NUL in every other byte of ASCII text.
        even = data[0:4096:2].count(0)
        odd = data[1:4096:2].count(0)
        if odd > len(data[:4096]) // 4 and even == 0:
            return data.decode("utf-16-le", errors="replace")
        if even > len(data[:4096]) // 4 and odd == 0:
            return data.decode("utf-16-be", errors="replace")
        raise BaomiError("binary")
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    raise BaomiError("encoding")


def read(data: bytes) -> list[Part]:
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    return [Part(id="p1", kind="body", text=text)]
