"""Format from content, one clear error per bad input, and the committed samples read as designed."""
from __future__ import annotations

import importlib.util
import io
import json
import zipfile

import pytest

import pipelines
from pipelines.readers import xlsx
from scanner import BaomiError

SAMPLES = "corpus_samples/documents"
SECRET = "绝密的内容不应出现在错误里"


def _docx_bytes(root) -> bytes:
    return (root / SAMPLES / "05_clean_notice.docx").read_bytes()


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for k, v in members.items():
            zf.writestr(k, v)
    return buf.getvalue()


@pytest.mark.parametrize(
    "sample, name, fmt",
    [
        ("05_clean_notice.docx", "notice.txt", "docx"),  # a docx named .txt is still a docx
        ("07_hidden_id_column.xlsx", "list.doc", "xlsx"),
        ("09_fake_redaction.pdf", "scan.html", "pdf"),
        ("10_hidden_block.html", "page.doc", "html"),  # sites serve HTML as .doc
        ("11_gbk_notice.txt", "notice.docx", "txt"),
    ],
)
def test_format_from_content_not_name(root, sample, name, fmt):
    doc = pipelines.read_bytes((root / SAMPLES / sample).read_bytes(), name)
    assert doc.format == fmt
    assert doc.name == name


def _damage(data: bytes, member: str) -> bytes:
    """Overwrite the middle of one member's compressed bytes, keeping the zip directory intact."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 20
    return data[:start] + b"\xff" * 40 + data[start + 40 :]


def bad_inputs(root) -> dict[str, bytes]:
    docx = _docx_bytes(root)
    entity = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(entity, "w") as dst:
        for n in src.namelist():
            body = src.read(n)
            if n == "word/document.xml":
                body = body.replace(b"?>", b'?><!DOCTYPE w:document [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>', 1)
            dst.writestr(n, body)
    return {
        "empty.txt": b"",
        "blank.txt": b" \n\t\r\n",
        "truncated.docx": docx[: len(docx) // 2],
        "corrupt.docx": _damage(docx, "word/document.xml"),
        "bomb.docx": _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<a>" + b" " * (30 * 1024 * 1024) + b"</a>"}),
        "entity.docx": entity.getvalue(),
        "encrypted.docx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 600,
        "broken.pdf": b"%PDF-1.4\n1 0 obj<<>>endobj\nxref\n0 2\nxxxxxxxxxx\ntrailer<</Root 9 0 R>>\nstartxref\n77777\n%%EOF",
        "junk.txt": bytes(range(256)) * 16,
        "plain.zip": _zip({"readme.md": SECRET.encode()}),
        "picture.txt": b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
    }


EXPECTED_CODES = {
    "empty.txt": "empty", "blank.txt": "empty", "truncated.docx": "corrupt", "corrupt.docx": "corrupt",
    "bomb.docx": "zip_bomb", "entity.docx": "unsafe_xml", "encrypted.docx": "encrypted", "broken.pdf": "corrupt",
    "junk.txt": "binary", "plain.zip": "unsupported_format",
    "picture.txt": "corrupt",  # pictures are documents now (OCR); a PNG signature over zeros is a broken one
}


@pytest.mark.parametrize("name", sorted(EXPECTED_CODES))
def test_bad_input_gives_one_clear_error(root, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(bad_inputs(root)[name])
    with pytest.raises(BaomiError) as ei:
        pipelines.read_path(path)
    err = ei.value
    assert err.code == EXPECTED_CODES[name]
    assert err.name == str(path)
    line = err.line()
    assert "\n" not in line and SECRET not in line and "关于开展" not in line


def test_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes("通知".encode() * 600)
    with pytest.raises(BaomiError) as ei:
        pipelines.read_path(path, max_bytes=1000)
    assert ei.value.code == "too_large"
    with pytest.raises(BaomiError) as ei:
        pipelines.read_bytes(path.read_bytes(), "big.txt", max_bytes=1000)
    assert ei.value.code == "too_large"
    assert pipelines.DEFAULT_MAX_BYTES == 50 * 1024 * 1024


def test_missing_file(tmp_path):
    with pytest.raises(BaomiError) as ei:
        pipelines.read_path(tmp_path / "nope.docx")
    assert ei.value.code == "not_found"


def test_parser_crash_becomes_corrupt(monkeypatch, root):
    from pipelines.readers import docx

    def boom(zf):
        raise KeyError(SECRET)

    monkeypatch.setattr(docx, "read_zip", boom)
    with pytest.raises(BaomiError) as ei:
        pipelines.read_bytes(_docx_bytes(root), "x.docx")
    assert ei.value.code == "corrupt" and SECRET not in ei.value.message


def test_multi_file_json_run_reports_good_files_and_an_error_record(root, tmp_path, capsys):
    from cli.main import main

    bad = tmp_path / "bad.docx"
    bad.write_bytes(_docx_bytes(root)[:300])
    good1 = root / SAMPLES / "06_header_marking.docx"
    good2 = root / SAMPLES / "11_gbk_notice.txt"
    rc = main(["scan", "--no-ner", "--format", "json", str(good1), str(bad), str(good2)])
    out = capsys.readouterr().out.strip().splitlines()
    assert rc == 2
    records = [json.loads(line) for line in out]
    assert len(records) == 3
    assert records[0]["document"]["format"] == "docx" and records[0]["verdict"] == "not_publishable"
    assert records[1] == {"document": {"name": str(bad)}, "error": records[1]["error"]}
    assert records[1]["error"]["code"] == "corrupt"
    assert records[2]["document"]["format"] == "txt"


# ---- the committed samples ------------------------------------------------------------------------

def scan(scanner, root, name):
    report = scanner.scan(pipelines.read_path(root / SAMPLES / name))
    parts = {p.id: p for p in report.document.parts}
    return report, parts


def test_sample_clean_notice_passes(scanner, root):
    report, parts = scan(scanner, root, "05_clean_notice.docx")
    assert report.verdict == "publish"
    assert report.findings == []
    assert {p.kind for p in parts.values()} == {"body"}
    assert [p.location["p"] for p in parts.values()] == list(range(7))


def test_sample_header_marking(scanner, root):
    report, parts = scan(scanner, root, "06_header_marking.docx")
    marks = [f for f in report.findings if f.type == "marking.classified"]
    assert len(marks) == 1 and marks[0].text == "机密★5年"
    part = parts[marks[0].part]
    assert part.kind == "header"
    assert part.location == {"xml": "word/header1.xml", "p": 0, "section": 1, "sections": [1], "type": "default"}
    assert report.verdict == "not_publishable"


def test_sample_hidden_id_column(scanner, root):
    report, parts = scan(scanner, root, "07_hidden_id_column.xlsx")
    flags = [f for f in report.findings if f.type == "hidden.hidden_cells"]
    assert len(flags) == 1 and parts[flags[0].part].location["columns"] == "C"
    ids = [f for f in report.findings if f.type == "pii.id_number"]
    assert [(parts[f.part].kind, xlsx.cell_at(parts[f.part].location, f.start)) for f in ids] == [
        ("hidden_cells", "C2"), ("hidden_cells", "C3"), ("hidden_cells", "C4")]
    assert all(len(f.text) == 18 for f in ids)


def test_sample_tracked_deletion(scanner, root):
    report, parts = scan(scanner, root, "08_tracked_deletion.docx")
    deletion = [f for f in report.findings if f.type == "hidden.tracked_deletion"]
    assert len(deletion) == 1
    part = parts[deletion[0].part]
    assert part.kind == "deleted_text"
    assert part.location == {"xml": "word/document.xml", "p": 1, "section": 1, "deleted": True, "seq": 0}
    ids = [f for f in report.findings if f.type == "pii.id_number"]
    assert [(f.part, f.text) for f in ids] == [(part.id, "110105198001011238")]
    assert "李某某" in part.text
    visible = next(p for p in parts.values() if p.kind == "body" and p.location["p"] == 1)
    assert visible.text == "经审核，申请人符合临时救助条件，拟拨付救助资金三千元。"


def test_sample_fake_redaction(scanner, root):
    report, parts = scan(scanner, root, "09_fake_redaction.pdf")
    red = [f for f in report.findings if f.type == "hidden.under_redaction"]
    assert len(red) == 1 and red[0].severity == "block"
    part = parts[red[0].part]
    assert (part.kind, part.page, part.text) == ("under_redaction", 1, "13912345678")
    assert [f.type for f in report.findings if f.part == part.id] == ["hidden.under_redaction", "pii.phone"]
    body = next(p for p in parts.values() if p.kind == "body")
    assert "13912345678" not in body.text  # reported once, as hidden, not again as page text
    assert report.verdict == "not_publishable"


def test_sample_html_hidden_block(scanner, root):
    report, parts = scan(scanner, root, "10_hidden_block.html")
    hidden = [f for f in report.findings if f.type == "hidden.html_hidden"]
    assert len(hidden) == 1
    part = parts[hidden[0].part]
    assert part.kind == "html_hidden" and part.location == {"why": "display", "tag": "div"}
    assert [f.type for f in report.findings if f.part == part.id] == ["hidden.html_hidden", "pii.id_number"]
    assert any(f.type == "hidden.html_comment" for f in report.findings)
    links = [p for p in parts.values() if p.kind == "link"]
    assert [(p.text, p.location) for p in links] == [("助学金获得者名单", {"href": "/files/2024/zhuxuejin-mingdan.xlsx", "ext": "xlsx"})]


def test_sample_gbk_text(scanner, root):
    raw = (root / SAMPLES / "11_gbk_notice.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # really GBK, not UTF-8
    report, parts = scan(scanner, root, "11_gbk_notice.txt")
    assert [(f.type, f.text) for f in report.findings] == [("marking.restricted", "内部资料"), ("marking.restricted", "注意保存")]
    assert "\r" not in parts["p1"].text


def test_samples_are_deterministic(root):
    spec = importlib.util.spec_from_file_location("make_samples", root / "scripts" / "make_samples.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    for name, build in mod.SAMPLES.items():
        assert build() == (root / SAMPLES / name).read_bytes(), name
    assert mod.id_number("11010519800101123") == "110105198001011238"
