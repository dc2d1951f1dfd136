"""The review record shows where on a picture each finding stands: a crop, outlined."""
from __future__ import annotations

import base64
import io
import re

import pipelines
from pipelines.report.crops import crops, key
from pipelines.report.html import render_html

ID = "431121197809031865"  # valid GB 11643 check character


def test_record_has_a_crop_of_each_picture_finding_with_the_finding_outlined(scanner, text_image):
    from PIL import Image

    buf = io.BytesIO()
    text_image(["关于发放补助的公示", f"身份证号：{ID}"]).save(buf, "PNG")
    data = buf.getvalue()
    report = scanner.scan(pipelines.read_bytes(data, "p.png"), channel="website")
    f = next(f for f in report.findings if f.type == "pii.id_number")
    got = crops(data, report)
    assert set(got) == {key(f)}
    html = render_html(report, crops=got)
    src = re.search(r'<div class="crop"><img alt="图片中的位置" [^>]*src="(data:image/jpeg;base64,[^"]+)"', html).group(1)
    piece = Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1]))).convert("RGB")
    import numpy as np

    arr = np.asarray(piece)
    reds = int(((arr[..., 0] > 180) & (arr[..., 1] < 70) & (arr[..., 2] < 70)).sum())
    assert reds > 50  # the red outline around the ID number
    assert f"左上 {f.extra['box'][0]},{f.extra['box'][1]}" in html
    assert "图片文字识别" in html and "rapidocr" in html


def test_no_original_no_crops_but_the_place_in_words(scanner, text_image):
    buf = io.BytesIO()
    text_image([f"身份证号：{ID}"]).save(buf, "PNG")
    report = scanner.scan(pipelines.read_bytes(buf.getvalue(), "p.png"), channel="website")
    assert crops(None, report) == {}
    html = render_html(report)
    assert 'class="crop"' not in html and "图片中位置（像素）" in html
