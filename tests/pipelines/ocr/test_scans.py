"""The issue's acceptance cases on scanned-looking fixtures made by scripts/make_scans.py.

Expected values come from the fixtures' own invented texts (scans.ROSTER_IDS
and the like), each ID number checked by its GB 11643 check character here.
"""
from __future__ import annotations

import pytest

import pipelines
from pipelines.ocr import OcrSettings, settings_for
from scanner.model import SEVERITY_RANK
from scanner.policy import Policy
from scanner.pii.id_number import is_id18
from scanner.rules import Versioned


@pytest.fixture(scope="module")
def fixtures(scans):
    return {f.name: f for f in scans.all_fixtures()}


def scan(scanner, fx, ocr=None):
    return scanner.scan(pipelines.read_bytes(fx.data, fx.name, ocr=ocr), channel="website")


def parts(report):
    return {p.id: p for p in report.document.parts}


def test_scanned_classified_notice_blocks_with_the_marking_top_left_of_page_1(scanner, fixtures):
    fx = fixtures["classified_notice.pdf"]
    report = scan(scanner, fx)
    assert report.verdict == "not_publishable"
    marks = [f for f in report.findings if f.type == "marking.classified"]
    assert [(f.text, f.level, f.period) for f in marks] == [("机密★5年", "机密", "5年")]
    part = parts(report)[marks[0].part]
    assert (part.kind, part.page, part.location["source"]) == ("page_top", 1, "ocr")
    x0, y0, x1, y1 = marks[0].extra["box"]
    w, h = part.location["size"]
    assert marks[0].extra["page"] == 1
    assert x1 < w / 2 and y1 < h * 0.15  # top left, where GB/T 9704 puts it
    assert report.engine["ocr_engine"].startswith("rapidocr ")


def test_photographed_roster_yields_its_id_numbers_and_mobiles(scanner, fixtures, scans):
    report = scan(scanner, fixtures["roster_photo.png"])
    assert all(is_id18(i) for i in scans.ROSTER_IDS)
    ids = sorted(f.text for f in report.findings if f.type == "pii.id_number")
    mobiles = sorted(f.text for f in report.findings if f.type == "pii.phone")
    assert ids == sorted(scans.ROSTER_IDS)
    assert mobiles == sorted(scans.ROSTER_MOBILES)
    assert report.verdict == "publish_after_redaction"
    # cells come back as table rows: the ID and the mobile of one person share a row
    by_text = {p.text: p for p in report.document.parts}
    first = scans.ROSTER_ROWS[0]
    assert by_text[first[2]].location["row"] == by_text[first[3]].location["row"]


def test_screenshot_pasted_into_a_docx_yields_its_control_mark_and_id(scanner, fixtures, scans):
    report = scan(scanner, fixtures["screenshot_note.docx"])
    marks = {f.text for f in report.findings if f.type == "marking.restricted"}
    assert "内部资料" in marks
    ids = [f for f in report.findings if f.type == "pii.id_number"]
    assert [f.text for f in ids] == [scans.SCREENSHOT_ID] and is_id18(scans.SCREENSHOT_ID)
    assert ids[0].extra["image"] == "word/media/image1.png" and len(ids[0].extra["box"]) == 4
    assert report.verdict == "not_publishable"
    assert not any(f.type == "media.image" for f in report.findings)


def test_scanned_public_notice_passes_with_nothing_above_medium(scanner, fixtures):
    report = scan(scanner, fixtures["public_notice.pdf"])
    assert report.verdict == "publish", [(f.type, f.text) for f in report.findings]
    assert all(SEVERITY_RANK[f.severity] >= SEVERITY_RANK["medium"] for f in report.findings)
    assert "本馆开放时间" in "".join(p.text for p in report.document.parts)


def test_ocr_off_asks_a_person_to_check_the_pictures(scanner, fixtures):
    report = scan(scanner, fixtures["classified_notice.pdf"], ocr=OcrSettings(enabled=False))
    assert [f.type for f in report.findings] == ["media.unread"]
    assert report.verdict == "escalate"
    steps = [(s["role"], s["action"]) for s in report.routing]
    assert ("secrecy_officer", "check_pictures") in steps


def test_policy_switch_and_caps_reach_the_readers(scanner, tmp_path, root):
    text = (root / "lexicons" / "policy.yaml").read_text(encoding="utf-8")
    off = tmp_path / "off.yaml"
    off.write_text(text + "\nocr: false\n", encoding="utf-8")
    capped = tmp_path / "capped.yaml"
    capped.write_text(text + "\nocr: {max_pages: 3, max_seconds: 20}\n", encoding="utf-8")

    class Fake:  # what settings_for reads of a Scanner: its options and its policy
        def __init__(self, path, ocr=True):
            from scanner import ScanOptions

            self.options = ScanOptions(ocr=ocr)
            self.policy = Policy.load(path, Versioned())

    assert settings_for(Fake(off)).enabled is False
    assert settings_for(Fake(capped), OcrSettings()) == OcrSettings(True, 3, 20.0)
    assert settings_for(Fake(None, ocr=False)).enabled is False


def test_policy_rejects_a_bad_ocr_key(tmp_path, root):
    from scanner import BaomiError

    bad = tmp_path / "bad.yaml"
    bad.write_text((root / "lexicons" / "policy.yaml").read_text(encoding="utf-8") + "\nocr: {max_pages: 0}\n", encoding="utf-8")
    with pytest.raises(BaomiError) as ei:
        Policy.load(bad, Versioned())
    assert ei.value.code == "policy" and "max_pages" in ei.value.message


def test_a_doubtful_reading_of_a_marking_asks_for_a_human_check(scanner, monkeypatch, text_image):
    from pipelines.ocr import engine
    from pipelines.ocr.engine import Line

    def recognise(img):  # the engine read a smudged marking with little confidence
        return [Line("机蜜★5年", (40, 20, 200, 60), 0.52), Line("会议安排", (40, 300, 200, 340), 0.98)]

    monkeypatch.setattr(engine, "recognise", recognise)
    data = _png(text_image(["占位"]))
    report = scanner.scan(pipelines.read_bytes(data, "smudged.png"), channel="website")
    doubt = [f for f in report.findings if f.type == "media.ocr_uncertain"]
    assert len(doubt) == 1 and "密级标志" in doubt[0].text
    assert doubt[0].extra["box"] == [40, 20, 200, 60]
    assert not any(f.type.startswith("marking.") for f in report.findings)
    assert report.verdict == "escalate"


def _png(img) -> bytes:
    import io

    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def test_a_faint_marking_on_grey_paper_is_read_from_the_head_band(scanner, scans):
    # pale grey print on uneven grey paper (a weak copy of a marked page): the whole-page reading misses it,
    # page 1's top-left band read again with its contrast stretched does not
    import io

    from PIL import Image, ImageDraw, ImageFilter

    img = Image.new("L", (1240, 1754), 150)
    shade = Image.radial_gradient("L").resize((1240, 1754)).point(lambda v: 110 + v // 4)
    img = Image.blend(img, shade, 0.6)
    d = ImageDraw.Draw(img)
    d.text((110, 100), "秘密★3年", fill=172, font=scans.font(30))  # pale print, hardly apart from the paper
    d.text((300, 300), "关于下达预备费动用计划的通知", fill=20, font=scans.font(52))
    img = img.filter(ImageFilter.GaussianBlur(1.0))
    buf = io.BytesIO()
    img.convert("RGB").save(buf, format="PNG")
    report = scanner.scan(pipelines.read_bytes(buf.getvalue(), "faint.png"), channel="website")
    assert [f.text for f in report.findings if f.type == "marking.classified"] == ["秘密★3年"]
    assert report.verdict == "not_publishable"
