"""Tables laid out as text: rows of cells, and the header each cell stands under.

A roster reaches the name model as lines of cells separated by tabs or by
runs of two or more spaces (pasted text, a PDF line, a spreadsheet row, or
a Word/HTML table rebuilt by :mod:`scanner.tables`).  In running text the
words before a value say what it is (联系人：王立新, 家庭住址：…); in a table
the column header says it, once, at the top.  These functions find that
header so the context rules can read it as they read a label in a sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

CELL = re.compile(r"[^\t ]+(?: [^\t ]+)*")  # the text between tabs or runs of two or more spaces
_DIGIT = re.compile(r"[0-9０-９]")


@dataclass(frozen=True)
class Column:
    """What a cell stands under: its column's header and the whole header row."""

    label: str
    header: str


def rows(text: str) -> list[list[list[tuple[int, int]]]]:
    """Runs of consecutive table lines (two or more cells each); each line as its cells' spans."""
    if "\t" not in text and "  " not in text:
        return []  # no line can hold two cells: most parts of most documents
    out: list[list[list[tuple[int, int]]]] = []
    run: list[list[tuple[int, int]]] = []
    pos = 0
    for line in text.split("\n"):
        cells = [(pos + m.start(), pos + m.end()) for m in CELL.finditer(line)]
        pos += len(line) + 1
        if len(cells) >= 2:
            run.append(cells)
        elif run:
            out.append(run)
            run = []
    if run:
        out.append(run)
    return out


def columns(text: str) -> dict[int, Column]:
    """Start of each body cell -> its column, for tables whose first line is a header.

    A header line holds no digits (序号 姓名 身份证号码, not 1 常青 4301…);
    a body line is matched to it only when it has as many cells, since a
    merged cell would shift every column after it.
    """
    out: dict[int, Column] = {}
    for run in rows(text):
        head = run[0]
        if len(run) < 2 or any(_DIGIT.search(text, a, b) for a, b in head):
            continue
        labels = [text[a:b] for a, b in head]
        header = text[head[0][0] : head[-1][1]]
        for line in run[1:]:
            if len(line) == len(head):
                for (a, _), label in zip(line, labels):
                    out[a] = Column(label, header)
    return out


__all__ = ["CELL", "Column", "rows", "columns"]
