"""Tables rebuilt from cells for the name model: layout, coverage of every part, hits mapped both ways."""
from __future__ import annotations

import pytest

from scanner.model import Hit, Part
from scanner.tables import MAX_CELL, ROWS, units


def cell(i: int, text: str, row: int, col: int, table: int = 1, **loc) -> Part:
    return Part(id=f"p{i}", kind="table_cell", text=text, location={"xml": "word/document.xml", "table": table, "row": row, "col": col, **loc})


def body(i: int, text: str) -> Part:
    return Part(id=f"p{i}", kind="body", text=text)


def grid(rows: list[list[str]], start: int = 1, **loc) -> list[Part]:
    out = []
    for r, row in enumerate(rows, 1):
        for c, t in enumerate(row, 1):
            out.append(cell(start + len(out), t, r, c, **loc))
    return out


def texts_of(parts: list[Part]) -> list[str]:
    return [p.text for p in parts]


ROSTER = [["序号", "姓名", "村组"], ["1", "常青", "河口村三组"], ["2", "夏雨", "河口村四组"]]


@pytest.mark.parametrize(
    "parts,expected",
    [
        # a Word/HTML table: cells by tabs, rows by newlines, in document order among the paragraphs
        ([body(0, "公示"), *grid(ROSTER), body(10, "联系电话")],
         ["公示", "序号\t姓名\t村组\n1\t常青\t河口村三组\n2\t夏雨\t河口村四组", "联系电话"]),
        # two paragraphs in one cell are one cell, joined by a space; a newline in a cell would end the row
        ([cell(0, "姓名", 1, 1), cell(1, "备注", 1, 2), cell(2, "常青", 2, 1), cell(3, "低保户", 2, 2), cell(4, "一类\n二类", 2, 2)],
         ["姓名\t备注\n常青\t低保户 一类 二类"]),
        # spreadsheet rows arrive whole, tabs kept
        ([Part("r1", "sheet_cell", "姓名\t村组", location={"sheet": "S", "sheet_no": 1, "row": 1}),
          Part("r2", "sheet_cell", "常青\t河口村三组", location={"sheet": "S", "sheet_no": 1, "row": 2})],
         ["姓名\t村组\n常青\t河口村三组"]),
        # a table laid out around an article is not a roster: its cells stay parts of their own
        ([cell(0, "导航", 1, 1), cell(1, "正" * (MAX_CELL + 1), 1, 2), cell(2, "页脚", 2, 1), cell(3, "版权", 2, 2)],
         ["导航", "正" * (MAX_CELL + 1), "页脚", "版权"]),
        # a Word table inside another one, and a one-row table, stay as they are
        ([cell(0, "姓名", 1, 1, tables=[[1, 1, 1], [1, 1, 1]]), cell(1, "常青", 2, 1, tables=[[1, 1, 1], [1, 2, 1]])],
         ["姓名", "常青"]),
        ([cell(0, "姓名", 1, 1), cell(1, "常青", 1, 2)], ["姓名", "常青"]),
        # two tables, and the same table number in a header part (another xml), are separate
        ([*grid([["姓名"], ["常青"]]), *grid([["姓名"], ["夏雨"]], start=5, xml="word/header1.xml")],
         ["姓名\n常青", "姓名\n夏雨"]),
    ],
)
def test_unit_texts(parts: list[Part], expected: list[str]) -> None:
    us = units(parts, texts_of(parts))
    assert [u.text for u in us] == expected
    covered = sorted(i for u in us for i, _ in u.segments)
    assert covered == list(range(len(parts)))  # every part in exactly one unit


def test_hits_go_to_the_cell_they_fall_in_and_back() -> None:
    parts = [body(0, "公示"), *grid(ROSTER)]
    us = units(parts, texts_of(parts))
    table = us[1]
    i_name = next(i for i, p in enumerate(parts) if p.text == "夏雨")
    i_place = next(i for i, p in enumerate(parts) if p.text == "河口村四组")
    inward = table.to_unit([[] for _ in parts[:i_place]] + [[Hit(0, 3, "pii.address", "x")]] + [[] for _ in parts[i_place + 1 :]])
    assert [table.text[h.start : h.end] for h in inward] == ["河口村"]
    at = table.text.index("夏雨")
    back = table.from_unit([Hit(at, at + 2, "pii.person", "ner"), Hit(at - 2, at + 2, "pii.person", "ner")])
    # the second hit crosses a tab into the row number: it belongs to no one cell and is dropped
    assert back == {i_name: [Hit(0, 2, "pii.person", "ner")]}


def test_long_tables_are_cut_and_every_piece_keeps_the_header() -> None:
    rows = [["姓名", "村组"]] + [[f"常青{k}", "河口村三组"] for k in range(ROWS + 5)]
    parts = grid(rows)
    us = units(parts, texts_of(parts))
    assert len(us) == 2
    assert us[1].text.startswith("姓名\t村组\n")
    # 1 header + ROWS + 5 rows: the first piece takes ROWS of them, the second the last six under a copy of the header
    assert us[1].text.count("\n") == 6
    # a hit in the repeated header is found once, in the first piece, not twice
    assert us[1].from_unit([Hit(0, 2, "pii.person", "ner")]) == {}
    assert sum(len(u.segments) for u in us) == len(parts)


def test_shifted_moves_offsets_and_keeps_every_other_field():
    from dataclasses import replace

    from scanner.tables import shifted

    h = Hit(10, 13, "pii.person", "ner.person.party", "high", "理由", {"k": 1}, 0.9)
    moved = shifted(h, -4)
    assert (moved.start, moved.end) == (6, 9)
    assert moved == replace(h, start=6, end=9) and moved is not h and (h.start, h.end) == (10, 13)
