"""Normalise text so evasions do not hide a match, and keep the way back.

Three things are undone: full-width and compatibility forms (NFKC, one
character to one character), traditional characters (機密 → 机密, from a
1:1 table built by ``scripts/build_t2s.py``), and characters slipped in
between CJK characters to break a match (机 密, 机\u200b密, 机·密, and the
toned pinyin a mirror site prints after a character, 機(jī)密).

The mapping runs on every character of every document, so it is built from
C-speed pieces: one ``str.translate`` for the 1:1 replacements, one regex
pass for the deletions, and a short list of breakpoints (one per deleted
run) instead of a per-character offset array.  Documents with nothing to
delete pay for the translate and one failed regex scan only.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
# Separators someone may insert between two CJK characters.  Newlines are not
# among them: lines carry meaning (a marking standing on its own line).
# '*' and '★' are not either: they are part of a marking (秘密*长期).
SEPARATORS = " \t\u00b7\u2022\u30fb\u2027\u2219\u22c5_|~\\-\\.\u2010\u2011\u2012\u2013\u2014\u2015"

# Pinyin that mirror sites print after a character, 設(shè)施 → 設施: it splits words (and names)
# as any separator does.  Only a syllable with a tone mark counts, so (wto) or (a) stays.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN_NOTE = rf"\((?=[a-zü{_TONED}]*[{_TONED}])[a-zü{_TONED}]{{1,7}}\)"
_DELETE_RE = re.compile(rf"(?<=[{CJK}])[{SEPARATORS}{ZERO_WIDTH}]+(?=[{CJK}])|[{ZERO_WIDTH}]+")
_PINYIN_RE = re.compile(rf"(?<=[{CJK}]){PINYIN_NOTE}")
# the cheap first look: a literal "(" the engine can skip to, then a toned letter (no lookbehind at every position)
_PINYIN_PROBE = re.compile(rf"\((?=[a-zü{_TONED}]{{0,6}}[{_TONED}])")
_DELETE_PINYIN_RE = re.compile(rf"{_DELETE_RE.pattern}|{_PINYIN_RE.pattern}")
# What the name model sees: layout kept.  A tab or a run of spaces between two
# CJK characters is a column break in a roster (县公安局　　陶卫东), and the dot
# in 阿依努尔·吐尔逊 joins the parts of one name; glued, both read as one long
# word.  Only spaces that pad a lone character (王  刚, 联系人：龙 涛, aligned with three-
# character names) and zero-width characters are removed.  The groups are what
# is removed; the match also takes the padded name, so 王  刚  男 does not chain.
_LAYOUT_DELETE_RE = re.compile(
    rf"(?:^|(?<=[\s：:（(|丨、，,]))[{CJK}]([ \u3000]{{1,3}})[{CJK}](?=[\s，,、;；）)|]|$)|([{ZERO_WIDTH}]+)",
    re.M,
)
_LAYOUT_DELETE_PINYIN_RE = re.compile(rf"{_LAYOUT_DELETE_RE.pattern}|(?<=[{CJK}])({PINYIN_NOTE})", re.M)


@lru_cache(maxsize=1)
def translate_table() -> dict[int, int]:
    """NFKC (1:1 only) followed by traditional→simplified, as one translate table."""
    t2s: dict[int, int] = {}
    path = Path(__file__).with_name("data") / "t2s.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            a, b = line.split("\t")
            t2s[ord(a)] = ord(b)
    table: dict[int, int] = {}
    for cp in range(0x80, 0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        n = unicodedata.normalize("NFKC", ch)
        if len(n) == 1 and n != ch:
            table[cp] = t2s.get(ord(n), ord(n))
    for a, b in t2s.items():
        table.setdefault(a, b)
    # NFKC turns U+3000 and NBSP into a space; keep newlines as they are.
    return table


@lru_cache(maxsize=1)
def _lut():
    """The translate table as a code-point lookup array: ``str.translate`` looks a
    dict up per character (~6 M chars/s); indexing an array with the UTF-32 code
    units of the whole text runs at memory speed."""
    import numpy as np

    table = translate_table()
    lut = np.arange(0x110000, dtype=np.uint32)
    lut[np.fromiter(table.keys(), dtype=np.uint32)] = np.fromiter(table.values(), dtype=np.uint32)
    return lut


def _translate(text: str) -> str:
    if len(text) < 48:
        return text.translate(translate_table())
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return _lut()[codes].tobytes().decode("utf-32-le", "surrogatepass")


@dataclass(frozen=True)
class NormText:
    """Normalised text with the breakpoints needed to map offsets back."""

    original: str
    text: str
    _breaks: tuple[int, ...] = ()
    _shifts: tuple[int, ...] = ()

    def orig(self, j: int) -> int:
        """Original index of normalised character ``j`` (``j == len`` maps to the end)."""
        if j >= len(self.text):
            return len(self.original)
        k = bisect_right(self._breaks, j) - 1
        return j + (self._shifts[k] if k >= 0 else 0)

    @property
    def gaps(self) -> frozenset[int]:
        """Normalised positions right after a removed run of separators (机 密 → gap at 密)."""
        return frozenset(self._breaks)

    def norm(self, i: int) -> int:
        """Normalised index of the first kept character at or after original ``i``.

        The inverse of :meth:`orig`; an exclusive end maps to an exclusive end.
        """
        if not self._breaks:
            return min(i, len(self.text))
        k = bisect_right(self._break_origins, i) - 1
        shift = self._shifts[k] if k >= 0 else 0
        if k + 1 < len(self._breaks) and i >= self._breaks[k + 1] + shift:
            return self._breaks[k + 1]  # inside a removed run: the character after it
        return min(i - shift, len(self.text))

    @cached_property
    def _break_origins(self) -> tuple[int, ...]:
        """Original index of the character at each break; built once, searched per offset."""
        return tuple(b + s for b, s in zip(self._breaks, self._shifts))

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` covering normalised ``[start, end)``."""
        if end <= start:
            s = self.orig(start)
            return s, s
        return self.orig(start), self.orig(end - 1) + 1


def normalize(original: str, layout: bool = False) -> NormText:
    """``layout=True``: the text for the name model, which keeps column breaks and name dots."""
    translated = _translate(original)
    # the pinyin pattern costs a quarter more per character: only pages that carry it pay
    pinyin = "(" in translated and _PINYIN_PROBE.search(translated) is not None
    if layout:
        delete = _LAYOUT_DELETE_PINYIN_RE if pinyin else _LAYOUT_DELETE_RE
    else:
        delete = _DELETE_PINYIN_RE if pinyin else _DELETE_RE
    if not delete.search(translated):
        return NormText(original, translated)
    pieces: list[str] = []
    breaks: list[int] = []
    shifts: list[int] = []
    pos = 0
    deleted = 0
    for m in delete.finditer(translated):
        start, end = m.span(m.lastindex or 0)  # the layout pattern removes only its group
        pieces.append(translated[pos:start])
        deleted += end - start
        breaks.append(start - deleted + (end - start))
        shifts.append(deleted)
        pos = end
    pieces.append(translated[pos:])
    return NormText(original, "".join(pieces), tuple(breaks), tuple(shifts))
