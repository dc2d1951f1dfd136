"""Tables rebuilt from their cells, so the name model reads a roster the same in every format.

Word and HTML readers give one part per cell; a spreadsheet gives one part
per row.  Read cell by cell, 常青 under 姓名 is a word with no context: the
model misses it, the 姓名 column rule never sees its header, and a name is
not judged with the ID number or home address in its own row.  The same
roster as a PDF or a spreadsheet reads as rows and is judged as one.  So,
for the name model only, the cells of a table are joined back into rows
(cells by tabs, rows by newlines: the layout the context rules read), and
its hits are handed back to the cells they fall in.

Pure functions: parts' texts in, :class:`Unit` objects out, hits mapped in
both directions.  A table is left cell by cell when it does not look like a
grid of data: a cell longer than :data:`MAX_CELL` (a page laid out in a
table, an article in one cell) or a table nested in another Word table.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any, Sequence

from .model import Hit, Part

MAX_CELL = 200  # longer cells are prose, and the table is a page layout, not a roster
ROWS = 100  # rows per unit; later units repeat the header row (the 姓名 column rule needs it)


@dataclass(frozen=True)
class Unit:
    """One text for the name model: a part as it is, or table rows rebuilt from cells.

    ``segments`` holds ``(part index, start in text)`` for every part whose
    whole text stands in ``text`` (each exactly once); the rest (tabs,
    newlines, a repeated header row) belongs to no part.  ``lengths`` are
    the parts' lengths.
    """

    text: str
    segments: tuple[tuple[int, int], ...]
    lengths: tuple[int, ...]

    def to_unit(self, hits_by_part: Sequence[list[Hit]]) -> list[Hit]:
        """Other detectors' hits of the unit's parts, in the unit's offsets."""
        return [shifted(h, at) for i, at in self.segments for h in hits_by_part[i]]

    def from_unit(self, hits: list[Hit]) -> dict[int, list[Hit]]:
        """The unit's hits per part index; a hit across two cells or in a repeated header is dropped."""
        starts = [at for _, at in self.segments]
        out: dict[int, list[Hit]] = {}
        for h in hits:
            k = bisect_right(starts, h.start) - 1
            if k < 0:
                continue
            i, at = self.segments[k]
            if h.end <= at + self.lengths[k]:
                out.setdefault(i, []).append(shifted(h, -at))
        return out


def shifted(h: Hit, by: int) -> Hit:
    """``h`` with its offsets moved by ``by``, every other field as it is.

    ``dataclasses.replace`` runs ``__init__`` again and costs four times as
    much; a long document moves every hit into its table unit or text piece
    and back.  The copy takes the whole ``__dict__``, so a field added to
    :class:`Hit` later is kept.
    """
    moved = object.__new__(Hit)
    moved.__dict__.update(h.__dict__, start=h.start + by, end=h.end + by)
    return moved


def _grid(part: Part) -> tuple[tuple[Any, ...], int, int] | None:
    """(table key, row, column) of a part that is a table cell or a spreadsheet row, else None."""
    loc = part.location
    row = loc.get("row")
    if not isinstance(row, int) or "tables" in loc:  # a Word table nested in another: left cell by cell
        return None
    if isinstance(loc.get("table"), int) and isinstance(loc.get("col"), int):
        return (part.kind, loc.get("xml"), loc["table"]), row, loc["col"]
    if isinstance(loc.get("sheet_no"), int) and "col" not in loc:  # a spreadsheet row: its cells already tab-joined
        return (part.kind, "sheet", loc["sheet_no"]), row, 0
    return None


def _flat(text: str, row: bool) -> str:
    """A cell's text on one line of one cell (its own breaks would end the row); a whole row keeps its tabs."""
    text = text.replace("\n", " ")
    return text if row else text.replace("\t", " ")


def units(parts: Sequence[Part], texts: Sequence[str]) -> list[Unit]:
    """Every part in exactly one unit, in document order; ``texts`` are what the model reads of each part."""
    tables: dict[tuple[Any, ...], dict[int, dict[int, list[int]]]] = {}
    first: dict[tuple[Any, ...], int] = {}
    for i, part in enumerate(parts):
        g = _grid(part)
        if g is not None and texts[i].strip():
            key, row, col = g
            tables.setdefault(key, {}).setdefault(row, {}).setdefault(col, []).append(i)
            first.setdefault(key, i)
    grouped: dict[int, list[Unit]] = {}
    for key, rows in tables.items():
        cells = [ix for cols in rows.values() for ix in cols.values()]
        if len(rows) < 2 or any(sum(len(texts[i]) + 1 for i in ix) - 1 > MAX_CELL for ix in cells):
            continue
        grid = [[rows[r][c] for c in sorted(rows[r])] for r in sorted(rows)]
        flat = {i: _flat(texts[i], key[1] == "sheet") for ix in cells for i in ix}
        grouped[first[key]] = _table_units(grid, flat)
    skip = {i for us in grouped.values() for u in us for i, _ in u.segments}
    out: list[Unit] = []
    for i, text in enumerate(texts):
        if i in grouped:
            out.extend(grouped[i])
        elif i not in skip:
            out.append(Unit(text, ((i, 0),), (len(text),)))
    return out


def _table_units(rows: list[list[list[int]]], texts: dict[int, str]) -> list[Unit]:
    """Rows of cells (each cell a list of part indices, ``texts`` flattened) as units of at most :data:`ROWS` rows."""
    header = "\t".join(" ".join(texts[i] for i in cell) for cell in rows[0])
    out = []
    for lo in range(0, len(rows), ROWS):
        buf: list[str] = []
        segments: list[tuple[int, int]] = []
        lengths: list[int] = []
        pos = 0
        if lo:
            buf.append(header + "\n")
            pos = len(buf[0])
        for r, row in enumerate(rows[lo : lo + ROWS]):
            if r:
                buf.append("\n")
                pos += 1
            for c, cell in enumerate(row):
                for k, i in enumerate(cell):
                    if c or k:
                        buf.append("\t" if k == 0 else " ")
                        pos += 1
                    t = texts[i]
                    buf.append(t)
                    segments.append((i, pos))
                    lengths.append(len(t))
                    pos += len(t)
        out.append(Unit("".join(buf), tuple(segments), tuple(lengths)))
    return out


__all__ = ["Unit", "shifted", "units", "MAX_CELL", "ROWS"]
