"""Layout of OCR lines into parts: the page head, table rows, paragraphs, doubtful lines (no engine needed)."""
from __future__ import annotations

from pipelines.ocr.engine import Line
from pipelines.ocr.layout import doubts, regions

SIZE = (1000, 1400)  # top band: centre above 210 px


def L(text, x0, y0, x1, conf=0.99, h=30):
    return Line(text, (x0, y0, x1, y0 + h), conf)


def test_marking_in_top_band_is_page_top_and_body_lines_group_into_paragraphs():
    lines = [
        L("机密★5年", 100, 100, 250),
        L("第一段第一行", 100, 400, 400),
        L("第一段第二行", 100, 440, 400),  # gap 10 px < 1.2 line heights: same paragraph
        L("第二段", 100, 600, 300),  # gap 130 px: new paragraph
    ]
    rs = regions(lines, SIZE)
    assert [(r.kind, r.text) for r in rs] == [
        ("page_top", "机密★5年"), ("body", "第一段第一行\n第一段第二行"), ("body", "第二段")]
    # each text line keeps its offsets in the part and its box
    assert rs[1].lines == ((0, 6, 100, 400, 400, 430), (7, 13, 100, 440, 400, 470))
    assert rs[1].box == (100, 400, 400, 470)


def test_no_head_band_for_pictures_that_are_not_pages():
    rs = regions([L("机密★5年", 100, 100, 250)], SIZE, head=False)
    assert [r.kind for r in rs] == ["body"]


def test_rows_of_separated_cells_become_a_table_read_by_rows_and_columns():
    lines = [
        L("姓名", 100, 500, 160), L("身份证号码", 400, 500, 550), L("电话", 800, 500, 860),
        L("柳明远", 100, 560, 190), L("430102198503120413", 400, 560, 700), L("13907315521", 800, 560, 980),
        L("桑晓荷", 100, 620, 190), L("15873168842", 800, 620, 980),  # an empty ID cell
        L("以上名单已核实。", 100, 800, 400),
    ]
    rs = regions(lines, SIZE)
    cells = [(r.text, r.table, r.row, r.col) for r in rs if r.kind == "table_cell"]
    assert cells == [
        ("姓名", 0, 0, 0), ("身份证号码", 0, 0, 1), ("电话", 0, 0, 2),
        ("柳明远", 0, 1, 0), ("430102198503120413", 0, 1, 1), ("13907315521", 0, 1, 2),
        ("桑晓荷", 0, 2, 0), ("15873168842", 0, 2, 2),
    ]
    assert [(r.kind, r.text) for r in rs if r.kind != "table_cell"] == [("body", "以上名单已核实。")]


def test_a_single_row_with_a_gap_is_not_a_table():
    rs = regions([L("江南市应急管理局", 100, 900, 400), L("2026年5月20日", 700, 900, 900)], SIZE)
    assert [(r.kind, r.text) for r in rs] == [("body", "江南市应急管理局 2026年5月20日")]


def test_lines_on_one_baseline_are_read_left_to_right():
    rs = regions([L("右边", 500, 402, 560), L("左边", 100, 400, 160)], SIZE)
    assert rs[0].text == "左边 右边"


def test_doubtful_lines_that_look_like_markings_control_marks_or_ids():
    lines = [
        L("机蜜★5年", 100, 100, 250, conf=0.55),
        L("内部资料", 100, 200, 250, conf=0.6),
        L("43O1O2198503120413", 100, 300, 500, conf=0.7),  # letters O for zeros: still ID-shaped
        L("一段普通文字", 100, 400, 300, conf=0.5),  # doubtful, but nothing that needs a person
        L("机密★5年", 100, 500, 250, conf=0.95),  # read with confidence: the detectors judge it
    ]
    assert [(d.what, d.box[1]) for d in doubts(lines)] == [("密级标志", 100), ("控制标记", 200), ("证件号码", 300)]


def test_lines_below_the_readable_score_are_not_text_but_still_raise_their_doubt():
    lines = [L("秘蜜", 100, 100, 250, conf=0.3), L("正文", 100, 400, 250)]
    assert [r.text for r in regions(lines, SIZE)] == ["正文"]
    assert [d.what for d in doubts(lines)] == ["密级标志"]


def test_a_confident_reading_of_an_id_with_a_wrong_check_character_is_a_doubt():
    # 430102198503120413 is valid; the last digit misread as 4 fails GB 11643 although region and date are real
    lines = [L("身份证号：430102198503120414", 100, 400, 600, conf=0.97),
             L("身份证号：430102198503120413", 100, 500, 600, conf=0.97),  # valid: the validator reports it
             L("订单号：123456789012345678", 100, 600, 600, conf=0.97)]  # year 7890: not an ID at all
    assert [(d.what, d.checksum, d.box[1]) for d in doubts(lines)] == [("证件号码", True, 400)]
    assert "校验位不符" in doubts(lines)[0].describe("第 1 页")
