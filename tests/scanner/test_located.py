"""A finding's box on a picture, from the line boxes an OCR part records."""
from __future__ import annotations

from scanner.located import where_in_picture
from scanner.model import Part


def part(text, lines, **loc):
    return Part(id="p1", kind="body", text=text, page=2, location={"source": "ocr", "lines": lines, "image": "page:2", **loc})


def test_box_is_cut_from_the_line_in_proportion_to_characters():
    # 10 characters over 100..300 px: 20 px each; characters 2..5 span 140..200
    p = part("一二三四五六七八九十", [[0, 10, 100, 50, 300, 80]])
    assert where_in_picture(p, 2, 5) == {"box": [140, 50, 200, 80], "page": 2, "image": "page:2"}


def test_finding_across_two_lines_gets_both_boxes_and_their_union():
    p = part("甲乙丙\n丁戊己", [[0, 3, 0, 0, 30, 10], [4, 7, 0, 20, 30, 30]])
    out = where_in_picture(p, 1, 6)
    assert out["boxes"] == [[10, 0, 30, 10], [0, 20, 20, 30]]
    assert out["box"] == [0, 0, 30, 30]


def test_a_part_without_lines_uses_its_box_and_a_part_without_either_gives_nothing():
    cell = Part(id="p1", kind="table_cell", text="13907315521", location={"source": "ocr", "box": [5, 6, 7, 8]})
    assert where_in_picture(cell, 0, 11) == {"box": [5, 6, 7, 8]}
    assert where_in_picture(Part(id="p2", kind="body", text="x"), 0, 1) == {}


def test_digits_take_half_the_width_of_chinese_characters():
    # "手机" = 2 x 2 units, then 11 digits x 1 unit: 15 units over 0..300 px, 20 px a unit
    p = part("手机13907315521", [[0, 13, 0, 0, 300, 30]])
    assert where_in_picture(p, 2, 13)["box"] == [80, 0, 300, 30]
