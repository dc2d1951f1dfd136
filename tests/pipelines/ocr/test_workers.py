"""OCR runs inside the scan workers, and --no-ocr (ScanOptions.ocr) reaches them."""
from __future__ import annotations

import io

from pipelines.batch.work import scan_bytes
from scanner import ScanOptions


def _png(img) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def test_batch_worker_reads_pictures_and_honours_no_ocr(text_image):
    data = _png(text_image(["手机 13907315521"]))
    on = scan_bytes("a.png", data, ScanOptions(ner=False)).report
    off = scan_bytes("a.png", data, ScanOptions(ner=False, ocr=False)).report
    assert [f["text"] for f in on["findings"] if f["type"] == "pii.phone"] == ["13907315521"]
    assert [f["type"] for f in off["findings"]] == ["media.unread"]
    assert off["verdict"] == "escalate" and on["verdict"] == "publish_after_redaction"


def test_a_batch_run_without_ocr_does_not_reuse_results_of_one_with_it(scanner):
    from pipelines.batch import config_key
    from scanner import Scanner

    on = config_key(scanner, "website")
    off = config_key(Scanner(ScanOptions(ner=False, ocr=False)), "website")
    assert on != off
    assert on == config_key(Scanner(ScanOptions(ner=False)), "website")
