"""Legacy .doc/.xls/.wps: classified from OLE stream names, converted with LibreOffice when present."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pipelines import read_bytes, read_path
from pipelines.readers import legacy
from scanner import BaomiError

OLE = legacy.OLE_MAGIC + b"\x00" * 504


def ole_with(*streams: str) -> bytes:
    return OLE + b"".join(s.encode("utf-16-le") + b"\x00" * 8 for s in streams) + b"\x00" * 512


@pytest.mark.parametrize(
    "streams, name, fmt",
    [(("WordDocument", "1Table"), "a.doc", "doc"), (("WordDocument",), "a.wps", "wps"), (("Workbook",), "a.xls", "xls"),
     (("Book",), "old.xls", "xls"), (("WordDocument",), "renamed.txt", "doc")],
)
def test_classify(streams, name, fmt):
    assert legacy.classify(ole_with(*streams), name).format == fmt


@pytest.mark.parametrize("streams", [("EncryptionInfo", "EncryptedPackage"), ("EncryptedPackage",)])
def test_encrypted_ooxml_is_refused_even_named_docx(streams):
    with pytest.raises(BaomiError) as ei:
        read_bytes(ole_with(*streams), "报告.docx")
    assert ei.value.code == "encrypted"


def test_other_ole_is_unsupported():
    with pytest.raises(BaomiError) as ei:
        legacy.classify(ole_with("PowerPoint Document"), "a.ppt")
    assert ei.value.code == "unsupported_format"


def test_without_libreoffice(monkeypatch):
    monkeypatch.setattr(legacy, "soffice", lambda: None)
    with pytest.raises(BaomiError) as ei:
        read_bytes(ole_with("WordDocument"), "a.doc")
    assert ei.value.code == "needs_libreoffice"


needs_soffice = pytest.mark.skipif(legacy.soffice() is None, reason="LibreOffice (soffice) not installed; scripts/sysdeps.sh installs it")


def _convert_with_soffice(src: Path, target: str, out: Path) -> Path:
    subprocess.run(
        [legacy.soffice(), f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless", "--convert-to", target,
         "--outdir", str(out), str(src)],
        check=True, capture_output=True, timeout=180,
    )
    return out / (src.stem + "." + target)


@needs_soffice
@pytest.mark.slow
def test_doc_round_trip_keeps_tracked_deletion(tmp_path, root):
    src = tmp_path / "draft.docx"
    src.write_bytes((root / "corpus_samples/documents/08_tracked_deletion.docx").read_bytes())
    doc_file = _convert_with_soffice(src, "doc", tmp_path)
    doc = read_path(doc_file)
    assert doc.format == "doc" and doc.info["converted_from"] == "doc"
    deleted = [p for p in doc.parts if p.kind == "deleted_text"]
    assert len(deleted) == 1 and deleted[0].flag == "hidden.tracked_deletion"
    assert "李某某" in deleted[0].text


@needs_soffice
@pytest.mark.slow
def test_xls_keeps_hidden_column(tmp_path, root):
    src = tmp_path / "list.xlsx"
    src.write_bytes((root / "corpus_samples/documents/07_hidden_id_column.xlsx").read_bytes())
    doc = read_path(_convert_with_soffice(src, "xls", tmp_path))
    assert doc.format == "xls"
    flags = [(p.kind, p.flag, p.location.get("columns")) for p in doc.parts if p.flag]
    assert ("hidden_range", "hidden.hidden_cells", "C") in flags


@needs_soffice
def test_conversion_timeout(monkeypatch):
    with pytest.raises(BaomiError) as ei:
        legacy.convert(ole_with("WordDocument"), legacy.Legacy("doc", "docx"), timeout=0.01)
    assert ei.value.code == "conversion_failed"
