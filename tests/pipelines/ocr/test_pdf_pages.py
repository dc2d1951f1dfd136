"""Which PDF pages are read by OCR: no text layer, or a few characters on a page that is a picture."""
from __future__ import annotations

import io

from pipelines.readers import pdf


def _pdf(draw_pages) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    for draw in draw_pages:
        draw(c, A4)
        c.showPage()
    c.save()
    return buf.getvalue()


def _scan_image(text_image, lines):
    from reportlab.lib.utils import ImageReader

    return ImageReader(text_image(lines, size=40))


def test_page_number_over_a_full_page_scan_is_not_the_page(text_image):
    img = _scan_image(text_image, ["内部资料 注意保存", "关于调整值班安排的通知"])

    def scanned_with_number(c, size):
        c.drawImage(img, 0, 0, size[0], size[1])
        c.setFont("Helvetica", 9)
        c.drawString(size[0] / 2, 20, "- 1 -")

    res = pdf.read(_pdf([scanned_with_number]))
    ocr = [p for p in res.parts if p.location.get("source") == "ocr"]
    assert ocr and all(p.page == 1 for p in ocr)
    assert "内部资料" in "".join(p.text for p in ocr).replace(" ", "")
    assert any(p.text == "- 1 -" and "source" not in p.location for p in res.parts)  # the text layer is kept too


def test_a_text_page_with_a_small_picture_is_not_read_by_ocr(text_image):
    img = _scan_image(text_image, ["图注文字"])

    def text_page(c, size):
        c.setFont("Helvetica", 11)
        for i in range(12):
            c.drawString(60, size[1] - 80 - 16 * i, f"Line {i} of an ordinary text page with a logo in the corner.")
        c.drawImage(img, 60, 60, 120, 40)

    res = pdf.read(_pdf([text_page]))
    assert not any(p.location.get("source") == "ocr" for p in res.parts)
    assert "ocr" not in res.info


def test_ocr_parts_sit_between_the_pages_around_them(text_image):
    img = _scan_image(text_image, ["第二页是扫描件"])

    def text_page(n):
        def draw(c, size):
            c.setFont("Helvetica", 11)
            for i in range(6):
                c.drawString(60, size[1] - 300 - 16 * i, f"Page {n} line {i} with enough characters to be text.")
        return draw

    def scan(c, size):
        c.drawImage(img, 0, 0, size[0], size[1])

    res = pdf.read(_pdf([text_page(1), scan, text_page(3)]))
    pages = [p.page for p in res.parts if p.kind in ("body", "page_top")]
    assert pages == sorted(pages) and set(pages) == {1, 2, 3}
    assert [p.id for p in res.parts] == [f"p{i}" for i in range(1, len(res.parts) + 1)]
