"""pdf: page head apart from the body, fake redactions, scanned pages, annotations, forms, metadata."""
from __future__ import annotations

import io

import pytest
from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from pipelines.readers import pdf
from scanner import BaomiError

FONT = "STSong-Light"
W, H = A4


def make(draw, **kw) -> bytes:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, **kw)
    c.setAuthor("")
    c.setTitle("")
    c.setSubject("")
    c.setCreator("")
    c.setFont(FONT, 12)
    draw(c)
    c.save()
    return buf.getvalue()


def simple(result):
    return [(p.kind, p.text, p.page, p.flag) for p in result.parts]


def test_top_band_is_its_own_part_and_not_repeated(scanner):
    def draw(c):
        c.drawString(72, H - 50, "机密★1年")  # inside the top 15 %
        c.drawString(72, H - 300, "正文内容")
        c.showPage()
        c.setFont(FONT, 12)
        c.drawString(72, H - 300, "第二页正文")
        c.showPage()

    res = pdf.read(make(draw))
    assert simple(res) == [
        ("page_top", "机密★1年", 1, None),
        ("body", "正文内容", 1, None),
        ("body", "第二页正文", 2, None),
    ]
    assert res.info == {"pages": 2}
    from pipelines import read_bytes

    report = scanner.scan(read_bytes(make(draw), "x.pdf"))
    marks = [f for f in report.findings if f.type == "marking.classified"]
    assert [(f.text, f.part) for f in marks] == [("机密★1年", "p1")]


@pytest.mark.parametrize(
    "box_rgb, text_rgb, hidden",
    [
        ((0, 0, 0), (0, 0, 0), True),  # black box over black text: a fake redaction
        ((0.1, 0.1, 0.1), (0.2, 0.2, 0.2), True),
        ((0, 0, 0), (1, 1, 1), False),  # white text on a black band is meant to be read
        ((0.9, 0.9, 0.9), (0, 0, 0), False),  # light shading is not a redaction
    ],
)
def test_text_under_dark_box(box_rgb, text_rgb, hidden):
    def draw(c):
        c.drawString(72, H - 300, "公开部分")
        c.setFillColorRGB(*text_rgb)
        c.drawString(72, H - 400, "张某某")
        c.setFillColorRGB(*box_rgb)
        c.rect(68, H - 405, 60, 18, stroke=0, fill=1)
        c.showPage()

    res = pdf.read(make(draw))
    if hidden:
        assert simple(res) == [("body", "公开部分", 1, None), ("under_redaction", "张某某", 1, "hidden.under_redaction")]
        x0, top, x1, bottom = res.parts[1].location["bbox"]
        assert (x0, x1) == (68.0, 128.0) and bottom - top == pytest.approx(18, abs=0.2)
    else:
        assert simple(res) == [("body", "公开部分\n张某某", 1, None)]


def _blank_scan() -> bytes:
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    img = Image.new("RGB", (50, 50), "white")

    def draw(c):
        c.drawImage(ImageReader(img), 72, 72, 200, 200)
        c.showPage()

    return make(draw)


def test_scanned_page_not_read_is_flagged():
    from pipelines.ocr import OcrSettings

    res = pdf.read(_blank_scan(), ocr=OcrSettings(enabled=False))
    assert [(p.kind, p.page, p.flag) for p in res.parts] == [("image_unread", 1, "media.unread")]
    assert "文字识别已关闭" in res.parts[0].text
    assert res.warnings


def test_blank_scanned_page_is_read_and_gives_no_text():
    res = pdf.read(_blank_scan())
    assert res.parts == []
    assert res.info["ocr"]["read"] == 1 and res.info["ocr"]["unread"] == 0


def test_annotations_links_forms_metadata():
    def draw(c):
        c.setAuthor("王某")
        c.drawString(72, H - 300, "正文")
        c.textAnnotation("此处数字待核实", Rect=(72, 500, 200, 550))
        c.linkURL("http://example.gov.cn/fj/a.pdf", (72, 400, 200, 420))
        c.acroForm.textfield(name="applicant", value="WANG MOU", x=72, y=200, width=200, height=20)
        c.showPage()

    res = pdf.read(make(draw))
    got = [(p.kind, p.text, p.flag) for p in res.parts]
    assert ("body", "正文", None) in got
    assert ("annotation", "此处数字待核实", "hidden.comment") in got
    assert ("link", "http://example.gov.cn/fj/a.pdf", None) in got
    assert ("form_field", "WANG MOU", None) in got
    assert ("metadata", "王某", "hidden.metadata") in got
    field = next(p for p in res.parts if p.kind == "form_field")
    assert field.location == {"field": "applicant"}


def _page(c):
    c.drawString(72, H - 300, "内容")
    c.showPage()


def test_password_protected_is_encrypted():
    data = make(_page, encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="owner"))
    with pytest.raises(BaomiError) as ei:
        pdf.read(data)
    assert ei.value.code == "encrypted"


def test_encrypted_without_user_password_is_read():
    def page(c):
        c.setFont("Helvetica", 12)
        c.drawString(72, H - 300, "Tel 13800000000")
        c.showPage()

    data = make(page, encrypt=pdfencrypt.StandardEncryption("", ownerPassword="owner"))
    assert [p.text for p in pdf.read(data).parts if p.kind == "body"] == ["Tel 13800000000"]


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n1 0 obj <<>> endobj\nxref\n0 1\nzzzz\ntrailer<<>>\nstartxref\n9999\n%%EOF",
        b"%PDF-1.7\n" + bytes(range(256)) * 4,
    ],
    ids=["broken-xref", "garbage-body"],
)
def test_broken_pdf_is_corrupt(data):
    with pytest.raises(BaomiError) as ei:
        pdf.read(data)
    assert ei.value.code == "corrupt"
    assert "内容" not in ei.value.message


@pytest.mark.parametrize(
    "color, lum",
    [((0,), 0.0), ((1,), 1.0), ((1, 1, 1), 1.0), ((0, 0, 0, 1), 0.0), ((0, 0, 0, 0), 1.0), (None, None), ("pattern", None)],
)
def test_luminance(color, lum):
    got = pdf.luminance(color)
    assert got == (pytest.approx(lum) if lum is not None else None)
