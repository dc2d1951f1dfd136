"""Long texts cut into pieces the name model and the context rules can take, with offsets kept.

spaCy refuses a text over ``nlp.max_length`` (a million characters), and
one Doc per character of a whole book is memory the scan does not need.
So a text longer than :data:`SIZE` is read as pieces.  Each piece *owns* a
stretch of the text (the owned stretches tile it) and reads some context on
both sides, so every name is judged by the piece that owns its first
character, with the words around it as they stand in the whole text:

- the context reaches at least :data:`OVERLAP` characters past the owned
  stretch (more than any rule looks: 40 before a name, 60 after), and ends
  at a sentence end, so each owned name's sentence is whole and the model
  reads the same sentences it reads in the whole text (it tags sentence by
  sentence);
- when the owned stretch starts inside a table laid out as text, the
  context starts at the table's first row, or, for a table longer than
  :data:`MAX_CONTEXT`, the first row (its header) is repeated above the
  piece, as :mod:`scanner.tables` repeats it for long Word tables.

Only a "sentence" longer than :data:`MAX_CONTEXT` (no full stop, semicolon
or line break for 10,000 characters) is cut inside; its sentence-wide cues
then reach only as far as the piece.  Pure functions: text in, pieces out,
hits mapped both ways.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Hit
from ..tables import shifted
from .columns import rows

SIZE = 100_000  # characters a piece owns; texts up to this size are read whole
OVERLAP = 500  # context read beyond the owned stretch, at least
MAX_CONTEXT = 10_000  # the context ends at a sentence end within this many characters, else where it falls
MAX_HEADER = 2_000  # a longer first row is not repeated
_ENDS = re.compile(r"[。！？；!?;\n]+")  # the sentence ends of the model's splitter and of the rules


@dataclass(frozen=True)
class Piece:
    """``text`` is ``prefix + whole[start:stop]``; the piece answers for hits starting in ``[own_start, own_stop)``."""

    text: str
    start: int
    stop: int
    own_start: int
    own_stop: int
    prefix: int = 0  # length of the repeated header row and its newline

    def to_piece(self, hits: Sequence[Hit], by_start: "ByStart | None" = None) -> list[Hit]:
        """The hits lying wholly in the piece's stretch, in their list order, in the piece's offsets.

        The rules take the first hit in list order near a name, so the order is kept.
        """
        shift = self.prefix - self.start
        chosen = hits if by_start is None else by_start.between(self.start, self.stop)
        return [shifted(h, shift) for h in chosen if self.start <= h.start and h.end <= self.stop]

    def from_piece(self, hits: Sequence[Hit]) -> list[Hit]:
        """The piece's hits it owns, in the whole text's offsets."""
        shift = self.start - self.prefix
        return [shifted(h, shift) for h in hits if h.start >= self.prefix and self.own_start <= h.start + shift < self.own_stop]


class ByStart:
    """Hits found by where they start, handed back in their list order: each piece takes its own few."""

    def __init__(self, hits: Sequence[Hit]) -> None:
        self.hits = hits
        self.order = sorted(range(len(hits)), key=lambda i: hits[i].start)
        self.starts = [hits[i].start for i in self.order]

    def between(self, lo: int, hi: int) -> list[Hit]:
        picked = sorted(self.order[bisect_left(self.starts, lo) : bisect_right(self.starts, hi)])
        return [self.hits[i] for i in picked]


def pieces(text: str, size: int = SIZE, overlap: int = OVERLAP, max_context: int = MAX_CONTEXT) -> list[Piece]:
    """The whole text as one piece when it is short, else pieces of about ``size`` characters each."""
    n = len(text)
    if n <= size:
        return [Piece(text, 0, n, 0, n)]
    ends = [m.end() for m in _ENDS.finditer(text)]
    tables = _tables(text)
    table_starts = [a for a, _, _ in tables]
    out: list[Piece] = []
    own = 0
    while own < n:
        own_stop = _cut(text, ends, own, size)
        start = _context_start(ends, own, overlap, max_context)
        stop = _context_stop(ends, own_stop, n, overlap, max_context)
        header = ""
        k = bisect_right(table_starts, own) - 1
        if own and k >= 0 and tables[k][0] < own <= tables[k][1] and tables[k][0] < start:
            first, _, head = tables[k]  # the owned stretch starts inside a table whose first row is out of reach
            if first >= own - max_context:
                start = first
            elif len(head) <= MAX_HEADER:
                header = head + "\n"
                start = max(start, first + len(head) + 1)
                line = text.rfind("\n", 0, start) + 1  # the rows after the header whole
                if line > first:
                    start = line
        body = text[start:stop]
        out.append(Piece(header + body, start, stop, own, own_stop, len(header)))
        own = own_stop
    return out


def _cut(text: str, ends: list[int], own: int, size: int) -> int:
    """End of the stretch owned from ``own``: a line end, else a sentence end, in its second half."""
    if own + size >= len(text):
        return len(text)
    lo, hi = own + size // 2, own + size
    nl = text.rfind("\n", lo, hi)
    if nl >= 0:
        return nl + 1
    k = bisect_right(ends, hi) - 1
    return ends[k] if k >= 0 and ends[k] > lo else hi


def _context_start(ends: list[int], own: int, overlap: int, max_context: int) -> int:
    if own == 0:
        return 0
    k = bisect_right(ends, own - overlap) - 1
    if k >= 0 and ends[k] >= own - max_context:
        return ends[k]
    return max(0, own - max_context)  # a sentence with no end in reach: as much of it as the reach allows


def _context_stop(ends: list[int], own_stop: int, n: int, overlap: int, max_context: int) -> int:
    if own_stop >= n:
        return n
    k = bisect_left(ends, own_stop + overlap)
    if k < len(ends) and ends[k] <= own_stop + max_context:
        return ends[k]
    return min(n, own_stop + max_context)


def _tables(text: str) -> list[tuple[int, int, str]]:
    """(start of the first row's line, end of the last row, first row) of each table laid out as text."""
    out = []
    for run in rows(text):
        first = text.rfind("\n", 0, run[0][0][0]) + 1
        line_end = text.find("\n", first)
        out.append((first, run[-1][-1][1], text[first : line_end if line_end >= 0 else len(text)]))
    return out


__all__ = ["ByStart", "Piece", "pieces", "SIZE", "OVERLAP", "MAX_CONTEXT"]
