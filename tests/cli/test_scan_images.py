"""`baomi scan` on a picture: read by OCR, or, with --no-ocr, sent to a person to check."""
from __future__ import annotations

import json

import pytest

from cli.main import main

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
ID = "430105199001011237"  # GB 11643 check character 7, worked out for this test


@pytest.fixture
def picture(tmp_path):
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (760, 120), "white")
    ImageDraw.Draw(img).text((30, 35), f"身份证号：{ID}", fill="black", font=ImageFont.truetype(FONT, 36, index=2))
    path = tmp_path / "拍照.jpg"
    img.save(path, "JPEG", quality=90)
    return path


def test_scan_reads_a_picture_and_places_the_finding(picture, capsys):
    rc = main(["scan", "--no-ner", "--format", "json", str(picture)])
    report = json.loads(capsys.readouterr().out)
    assert rc == 1 and report["document"]["format"] == "image"
    ids = [f for f in report["findings"] if f["type"] == "pii.id_number"]
    assert [f["text"] for f in ids] == [ID]
    assert ids[0]["extra"]["page"] == 1 and len(ids[0]["extra"]["box"]) == 4
    assert report["engine"]["ocr_model"].startswith("PP-OCR")


def test_no_ocr_sends_the_picture_to_a_person(picture, capsys):
    rc = main(["scan", "--no-ner", "--no-ocr", "--format", "json", str(picture)])
    report = json.loads(capsys.readouterr().out)
    assert rc == 1
    assert [f["type"] for f in report["findings"]] == ["media.unread"]
    assert report["verdict"] == "escalate"
    assert "ocr_model" not in report["engine"]
