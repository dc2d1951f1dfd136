"""Pictures inside Excel workbooks and HTML pages are read like the rest of the file."""
from __future__ import annotations

import base64
import io

import pipelines
from pipelines.ocr import OcrSettings

ID = "430102198503120413"  # valid GB 11643 check character


def _png(img) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def test_picture_in_a_workbook_is_read(text_image):
    import openpyxl
    from openpyxl.drawing.image import Image as XlImage

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "附件"
    ws.add_image(XlImage(io.BytesIO(_png(text_image([f"身份证号：{ID}"])))), "B2")
    buf = io.BytesIO()
    wb.save(buf)
    doc = pipelines.read_bytes(buf.getvalue(), "book.xlsx")
    ocr = [p for p in doc.parts if p.location.get("source") == "ocr"]
    assert ocr and ocr[0].location["image"].startswith("xl/media/")
    assert ID in "".join(p.text for p in ocr)
    assert doc.info["ocr"]["read"] == 1


def test_inline_pictures_of_a_page_are_read_and_an_external_one_is_left_to_the_crawl(text_image):
    pic = base64.b64encode(_png(text_image(["内部资料"]))).decode()
    page = (f'<html><body><p>正文</p><img src="data:image/png;base64,{pic}">'
            f'<img src="data:image/png;base64,{pic}"><img src="/logo.png"></body></html>').encode()
    doc = pipelines.read_bytes(page, "page.html")
    ocr = [p for p in doc.parts if p.location.get("source") == "ocr"]
    assert [p.location["image"] for p in ocr] == ["data:0", "data:1"]  # two <img>, numbered as they stand
    off = pipelines.read_bytes(page, "page.html", ocr=OcrSettings(enabled=False))
    assert [p.flag for p in off.parts if p.flag] == ["media.unread", "media.unread"]
