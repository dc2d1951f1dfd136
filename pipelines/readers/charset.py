"""Which encoding to read bytes in, and how sure we are.

A declared charset is a claim made by whoever wrote the page.  A browser
honours only the labels of the WHATWG Encoding Standard; a page that says
``<meta charset="cp037">`` (EBCDIC) is shown by every browser as if the
meta were not there.  Reading it as EBCDIC would turn 机密★5年 into noise
and let the page pass.  So a declaration counts only when it is a label a
browser honours *and* the bytes decode cleanly in it; otherwise the bytes
are read the way a browser would sniff them, and the reading is marked
doubtful so the verdict asks a human.

Chinese text without a declaration is UTF-8, GB18030 (GBK, GB2312) or
Big5.  Big5 bytes are very often also valid GB18030 -- as nonsense in rare
characters.  Between the two, the one whose characters fall in its own
table of frequent characters wins (GB2312 level 1 for GB text, Big5's
frequent block for Big5).
"""
from __future__ import annotations

from dataclasses import dataclass

# WHATWG Encoding Standard labels (lower case) -> Python codec.  Labels of the
# "replacement" encoding (iso-2022-kr, hz-gb-2312, ...) are left out on purpose:
# a browser shows such a page as one replacement character.
_WHATWG: dict[str, tuple[str, ...]] = {
    "utf-8": ("unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"),
    "gb18030": ("chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "gbk", "iso-ir-58",
                "x-gbk", "gb18030"),
    "big5": ("big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"),
    "cp1252": ("ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100",
               "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252",
               "x-cp1252"),
    "shift_jis": ("csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis", "windows-31j", "x-sjis"),
    "euc_jp": ("cseucpkdfmtjapanese", "euc-jp", "x-euc-jp"),
    "iso2022_jp": ("csiso2022jp", "iso-2022-jp"),
    "cp949": ("cseuckr", "csksc56011987", "euc-kr", "iso-ir-149", "korean", "ks_c_5601-1987", "ks_c_5601-1989",
              "ksc5601", "ksc_5601", "windows-949"),
    "koi8_r": ("cskoi8r", "koi", "koi8", "koi8-r", "koi8_r"),
    "koi8_u": ("koi8-ru", "koi8-u"),
    "cp866": ("866", "cp866", "csibm866", "ibm866"),
    "mac_roman": ("csmacintosh", "mac", "macintosh", "x-mac-roman"),
    "mac_cyrillic": ("x-mac-cyrillic", "x-mac-ukrainian"),
    "cp874": ("dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874"),
    **{f"cp125{n}": (f"cp125{n}", f"windows-125{n}", f"x-cp125{n}") for n in (0, 1, 3, 4, 5, 6, 7, 8)},
    **{f"iso8859_{n}": (f"iso-8859-{n}", f"iso8859-{n}", f"iso8859{n}", f"iso_8859-{n}", f"l{n}" if n < 5 else "")
       for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)},
    "utf-16-le": ("utf-16", "utf-16le", "csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff"),
    "utf-16-be": ("unicodefffe", "utf-16be"),
}
LABELS: dict[str, str] = {label: codec for codec, labels in _WHATWG.items() for label in labels if label}


def browser_codec(label: str) -> str | None:
    """The codec a browser uses for a declared label, or None when browsers ignore the label."""
    return LABELS.get(label.strip().lower())


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    doubt: str | None = None  # why the reading may be wrong, in Chinese; None when sure


def _common_share(text: str, codec: str) -> float:
    """Share of the Han characters that are in the codec's own block of frequent characters."""
    han = 0
    common = 0
    for ch in text[:20000]:
        if "\u4e00" <= ch <= "\u9fff":
            han += 1
            try:
                b = ch.encode(codec)
            except UnicodeEncodeError:
                continue
            if len(b) != 2:
                continue
            code = b[0] << 8 | b[1]
            if codec == "gb2312" and 0xB0A1 <= code <= 0xD7FE:
                common += 1
            elif codec == "big5" and 0xA440 <= code <= 0xC67E:
                common += 1
    return common / han if han else 0.0


def chinese(data: bytes) -> Decoded | None:
    """UTF-8, GB18030 or Big5, strictly decoded; the likelier of GB and Big5 when both decode."""
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    gb = big5 = None
    try:
        gb = data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    try:
        big5 = data.decode("big5")
    except UnicodeDecodeError:
        pass
    if gb is not None and big5 is not None:
        g, b = _common_share(gb, "gb2312"), _common_share(big5, "big5")
        if b > g:
            return Decoded(big5, "big5", None if b - g > 0.3 else "无法确定文字编码是 GB18030 还是 Big5，已按 Big5 读取")
        return Decoded(gb, "gb18030", None if g - b > 0.3 or not big5.strip() else
                       "无法确定文字编码是 GB18030 还是 Big5，已按 GB18030 读取")
    if gb is not None:
        return Decoded(gb, "gb18030")
    if big5 is not None:
        return Decoded(big5, "big5")
    return None


def guess(data: bytes) -> Decoded | None:
    """A statistical guess for everything else; always doubtful."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding is None:
        return None
    return Decoded(data.decode(best.encoding, errors="replace"), best.encoding,
                   f"文字编码由统计推测（{best.encoding}），可能读错")
