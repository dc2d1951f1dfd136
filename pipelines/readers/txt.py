"""Plain text: detect the encoding (most older government files are GBK), normalise line endings.

Order matters: a BOM is certain; then strict UTF-8 (GBK text is almost
never valid UTF-8, while the reverse is often "valid" GB18030 mojibake),
after ruling out UTF-16 without a BOM, recognised by the NUL in every
other byte of ASCII; then GB18030, a superset of GBK and GB2312, or Big5,
whichever reads as the more common characters (``charset``); then a
statistical guess, which is marked doubtful (``media.uncertain_encoding``)
so the verdict asks a human.  Whatever decodes, a text full of control characters is binary
with a .txt name and is refused rather than scanned as garbage.
"""
from __future__ import annotations

from scanner import BaomiError, Part

from .charset import Decoded, chinese, guess
from .limits import Truncated, current

BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
ALLOWED_CONTROLS = set("\t\n\r\f\v\x1a")  # \x1a ends old DOS text files
MAX_CONTROL_SHARE = 0.01


def _utf16_without_bom(head: bytes) -> str | None:
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    if odd > len(head) // 4 and even == 0:
        return "utf-16-le"
    if even > len(head) // 4 and odd == 0:
        return "utf-16-be"
    return None


def decode(data: bytes) -> str:
    return decode_ex(data).text


def decode_ex(data: bytes) -> Decoded:
    for bom, enc in BOMS:
        if data.startswith(bom):
            return Decoded(_checked(data.decode(enc, errors="replace")), enc)
    head = data[:4096]
    if b"\x00" in head:  # UTF-16 ASCII is also "valid" UTF-8, so look for it first
        enc = _utf16_without_bom(head)
        if enc is None:
            raise BaomiError("binary")
        return Decoded(_checked(data.decode(enc, errors="replace")), enc)
    found = chinese(data) or guess(data)
    if found is None:
        raise BaomiError("encoding")
    _checked(found.text)
    return found


def _checked(text: str) -> str:
    sample = text[:65536]
    if not sample:
        return text
    controls = sum(1 for ch in sample if (ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0) and ch not in ALLOWED_CONTROLS)
    if "\x00" in sample or controls > MAX_CONTROL_SHARE * len(sample):
        raise BaomiError("binary")
    return text


def doubt_part(n: int, doubt: str) -> Part:
    return Part(id=f"p{n}", kind="encoding", text=f"文字编码存疑：{doubt}", flag="media.uncertain_encoding")


def read(data: bytes) -> list[Part]:
    found = decode_ex(data)
    text = found.text.replace("\r\n", "\n").replace("\r", "\n")
    limit = current().limits.chars
    if len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        cut = cut if cut > limit // 2 else limit  # end on a line break when one is near
        parts = [Part(id="p1", kind="body", text=text[:cut])]
        if found.doubt:
            parts.append(doubt_part(2, found.doubt))
        raise Truncated(parts, f"文字超过上限 {limit:,} 字，其后的内容未读取")
    parts = [Part(id="p1", kind="body", text=text)]
    if found.doubt:
        parts.append(doubt_part(2, found.doubt))
    return parts
