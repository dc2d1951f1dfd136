"""xlsx: one part per row with cell offsets; hidden sheets, rows and columns read and flagged once."""
from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from openpyxl.comments import Comment

from pipelines.readers import xlsx

ID = "110105198001011238"  # 17 digits + check digit 8, worked out by GB 11643 weights


@pytest.fixture(scope="module")
def book() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(["姓名", "身份证号", "电话"])
    ws.append(["甲", ID, "13800000000"])
    ws.append(["乙", "x", "y"])
    ws.row_dimensions[3].hidden = True
    ws.column_dimensions["B"].hidden = True
    ws["A1"].comment = Comment("请核对", "作者")
    hidden = wb.create_sheet("备用")
    hidden["A1"] = "备注内容"
    hidden.sheet_state = "hidden"
    wb.properties.creator = "王五"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# (kind, text, flag, location subset), in reading order, worked out from the fixture
EXPECTED = [
    ("hidden_range", "工作表“名单”隐藏行 3", "hidden.hidden_cells", {"sheet": "名单", "rows": "3"}),
    ("hidden_range", "工作表“名单”隐藏列 B", "hidden.hidden_cells", {"sheet": "名单", "columns": "B"}),
    ("sheet_cell", "姓名\t电话", None, {"row": 1, "cells": [["A1", 0], ["C1", 3]]}),
    ("hidden_cells", "身份证号", None, {"row": 1, "cells": [["B1", 0]], "hidden": "column"}),
    ("sheet_cell", "甲\t13800000000", None, {"row": 2, "cells": [["A2", 0], ["C2", 2]]}),
    ("hidden_cells", ID, None, {"row": 2, "cells": [["B2", 0]], "hidden": "column"}),
    ("hidden_cells", "乙\tx\ty", None, {"row": 3, "cells": [["A3", 0], ["B3", 2], ["C3", 4]], "hidden": "row"}),
    ("comment", "请核对", "hidden.cell_comment", {"sheet": "名单", "cell": "A1"}),
    ("hidden_range", "隐藏工作表“备用”", "hidden.hidden_sheet", {"sheet": "备用", "sheet_no": 2}),
    ("hidden_cells", "备注内容", None, {"sheet": "备用", "row": 1, "hidden": "sheet"}),
    ("metadata", "王五", "hidden.metadata", {"property": "creator"}),
]


def test_parts(book):
    res = xlsx.read(book)
    got = [(p.kind, p.text, p.flag) for p in res.parts]
    want = [(k, t, f) for k, t, f, _ in EXPECTED]
    assert got == want
    for part, (_, text, _, loc) in zip(res.parts, EXPECTED):
        for key, value in loc.items():
            assert part.location[key] == value, (text, key)
    assert res.info == {"sheets": 2, "hidden_sheets": 1}


def test_id_in_hidden_column_is_a_finding_with_its_cell(book, scanner):
    from pipelines import read_bytes

    report = scanner.scan(read_bytes(book, "名单.xlsx"))
    parts = {p.id: p for p in report.document.parts}
    ids = [f for f in report.findings if f.type == "pii.id_number"]
    assert len(ids) == 1
    part = parts[ids[0].part]
    assert part.kind == "hidden_cells"
    assert xlsx.cell_at(part.location, ids[0].start) == "B2"
    assert {f.type for f in report.findings} >= {"hidden.hidden_cells", "hidden.hidden_sheet", "hidden.cell_comment"}


@pytest.mark.parametrize(
    "offset, cell",
    [(0, "A5"), (2, "A5"), (3, "C5"), (10, "C5"), (11, "F5")],
)
def test_cell_at(offset, cell):
    loc = {"cells": [["A5", 0], ["C5", 3], ["F5", 11]]}
    assert xlsx.cell_at(loc, offset) == cell


@pytest.mark.parametrize("n, letters", [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (703, "AAA")])
def test_column_letters_round_trip(n, letters):
    assert xlsx.col_letter(n) == letters
    assert xlsx.col_number(letters) == n


def test_empty_hidden_column_is_not_flagged():
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "公开内容"
    ws.column_dimensions["D"].hidden = True
    wb.properties.creator = None
    buf = io.BytesIO()
    wb.save(buf)
    res = xlsx.read(buf.getvalue())
    assert [(p.kind, p.text) for p in res.parts] == [("sheet_cell", "公开内容")]
