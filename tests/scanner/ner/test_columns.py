"""Which header a table cell stands under, for tables laid out with tabs or spaces."""
from __future__ import annotations

import pytest

from scanner.ner.columns import Column, columns


def labels(text: str) -> dict[str, str]:
    return {text[a:].split("\t")[0].split("  ")[0].split("\n")[0]: c.label for a, c in columns(text).items()}


@pytest.mark.parametrize(
    "text,expected",
    [
        ("单位\t联系人\t电话\n城关镇\t王立新\t0731-1\n河口乡\t刘芳\t0731-2",
         {"城关镇": "单位", "王立新": "联系人", "0731-1": "电话", "河口乡": "单位", "刘芳": "联系人", "0731-2": "电话"}),
        # columns by runs of spaces, as a PDF line or pasted text has them
        ("姓名    家庭住址\n常青    河口村三组", {"常青": "姓名", "河口村三组": "家庭住址"}),
        # a first line with numbers is a row, not a header
        ("1\t常青\t男\n2\t夏雨\t女", {}),
        # a row with a merged cell does not line up with the header: no guess
        ("姓名\t村组\t金额\n常青\t河口村三组", {}),
        # a line that is not a table ends it; the next table has its own header
        ("姓名\t村组\n常青\t河口村\n说明\n单位\t联系人\n城关镇\t王立新",
         {"常青": "姓名", "河口村": "村组", "城关镇": "单位", "王立新": "联系人"}),
        ("常青是河口村三组的村民。", {}),
    ],
)
def test_columns(text: str, expected: dict[str, str]) -> None:
    assert labels(text) == expected


def test_header_row_comes_along() -> None:
    text = "姓名\t病情\n常青\t稳定"
    assert columns(text)[text.index("常青")] == Column("姓名", "姓名\t病情")
