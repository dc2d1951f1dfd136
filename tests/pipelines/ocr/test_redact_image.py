"""Redacted copies of pictures: the personal data OCR found is burned out of the pixels, the rest is listed."""
from __future__ import annotations

import io

import pipelines
from pipelines.report.redact import redact

ID = "430524199207173523"  # valid GB 11643 check character (worked out once, see scripts/make_scans.py)
MOBILE = "15873168842"


def _png(img) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _scan(scanner, data, name):
    return scanner.scan(pipelines.read_bytes(data, name), channel="website")


def _types(report):
    return sorted(f.type for f in report.findings)


def test_image_file_copy_has_black_boxes_and_nothing_left_to_read(scanner, text_image):
    data = _png(text_image([f"身份证号：{ID}", f"手机：{MOBILE}", "联系人住在青石镇"]))
    report = _scan(scanner, data, "roster.png")
    assert {"pii.id_number", "pii.phone"} <= set(_types(report))
    red = redact(data, report, scanner.policy)
    assert red.summary()["masked_by_type"] == {"pii.id_number": 1, "pii.phone": 1}
    from PIL import Image

    copy = Image.open(io.BytesIO(red.data))
    assert copy.format == "PNG"
    box = next(f for f, _ in red.masked if f.type == "pii.id_number").extra["box"]
    cx, cy = (box[0] + box[2]) // 2, (box[1] + box[3]) // 2
    assert copy.convert("RGB").getpixel((cx, cy)) == (0, 0, 0)
    again = _scan(scanner, red.data, "roster.redacted.png")
    assert not any(f.type in ("pii.id_number", "pii.phone") for f in again.findings)
    assert "青石镇" in "".join(p.text for p in again.document.parts)  # the rest of the picture is still there


def test_scanned_pdf_copy_is_an_image_pdf_without_the_id(scanner, text_image):
    img = text_image(["关于发放补助的公示", f"申请人身份证号：{ID}"])
    buf = io.BytesIO()
    img.save(buf, "PDF", resolution=150.0)
    report = _scan(scanner, buf.getvalue(), "scan.pdf")
    assert "pii.id_number" in _types(report)
    red = redact(buf.getvalue(), report, scanner.policy)
    assert red.data.startswith(b"%PDF") and [f.type for f, _ in red.masked] == ["pii.id_number"]
    again = _scan(scanner, red.data, "scan.redacted.pdf")
    assert "pii.id_number" not in _types(again)
    assert "补助" in "".join(p.text for p in again.document.parts)


def test_docx_picture_is_replaced_by_the_masked_one_and_the_marking_stays_unresolved(scanner, scans):
    fx = scans.screenshot_docx()
    report = _scan(scanner, fx.data, fx.name)
    red = redact(fx.data, report, scanner.policy)
    assert [f.type for f, _ in red.masked] == ["pii.id_number"]
    assert {f.type for f in red.unresolved} >= {"marking.restricted"}
    again = _scan(scanner, red.data, "copy.docx")
    assert "pii.id_number" not in _types(again)
    assert "marking.restricted" in _types(again)  # a marking is never silently removed


def test_html_inline_picture_is_masked_in_place(scanner, text_image):
    import base64

    pic = base64.b64encode(_png(text_image([f"手机：{MOBILE}"]))).decode()
    page = f'<html><body><p>办事指南</p><img src="data:image/png;base64,{pic}"></body></html>'.encode()
    report = _scan(scanner, page, "page.html")
    assert [f.text for f in report.findings if f.type == "pii.phone"] == [MOBILE]
    red = redact(page, report, scanner.policy)
    assert [f.type for f, _ in red.masked] == ["pii.phone"] and not red.unresolved
    again = _scan(scanner, red.data, "page.redacted.html")
    assert not any(f.type == "pii.phone" for f in again.findings)
    assert "办事指南" in red.data.decode()


def test_a_picture_the_copy_does_not_hold_is_listed_not_assumed_masked(scanner, scans):
    from dataclasses import replace

    fx = scans.screenshot_docx()
    report = _scan(scanner, fx.data, fx.name)
    moved = [replace(f, extra={**f.extra, "image": "word/media/gone.png"}) if f.type == "pii.id_number" else f
             for f in report.findings]
    report.findings = moved
    red = redact(fx.data, report, scanner.policy)
    assert not red.masked
    assert "pii.id_number" in {f.type for f in red.unresolved}
