"""Hostile files of issue 15 at full size: each must end in a report or a coded error, in bounded memory and time.

Each file is built in a temporary folder and scanned by ``baomi scan
--no-ner --format json`` in its own process; the table gives the exit code,
the outcome (verdict or error code), the wall time and the peak RSS of
that process (``wait4``).  The bar: under 60 s and 1.5 GB each.
"""
from __future__ import annotations

import io
import json
import os
import struct
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

from .pdfs import pdf_pages

ROOT = Path(__file__).resolve().parents[1]
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
      'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _zip(members: dict[str, tuple[bytes, int]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, (data, method) in members.items():
            z.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return buf.getvalue()


def _docx(document: bytes, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    return _zip({
        "[Content_Types].xml": (CT.encode(), zipfile.ZIP_DEFLATED),
        "_rels/.rels": (f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{R}/officeDocument" '
                        f'Target="word/document.xml"/></Relationships>'.encode(), zipfile.ZIP_DEFLATED),
        "word/document.xml": (document, method),
    })


def _doc(body: bytes) -> bytes:
    return f'<w:document xmlns:w="{W}"><w:body>'.encode() + body + b"</w:body></w:document>"


def _lie(data: bytes, size: int) -> bytes:
    """Declare ``size`` bytes for word/document.xml in both headers."""
    buf = bytearray(data)
    name = b"word/document.xml"
    for sig, size_at, name_len_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        i = buf.find(sig)
        while i >= 0:
            n = struct.unpack_from("<H", buf, i + name_len_at)[0]
            if bytes(buf[i + name_at:i + name_at + n]) == name:
                struct.pack_into("<I", buf, i + size_at, size)
            i = buf.find(sig, i + 4)
    return bytes(buf)


def _xlsx(sheets: str, sheet: str) -> bytes:
    return _zip({
        "[Content_Types].xml": (CT.encode(), zipfile.ZIP_DEFLATED),
        "_rels/.rels": (f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{R}/officeDocument" '
                        f'Target="xl/workbook.xml"/></Relationships>'.encode(), zipfile.ZIP_DEFLATED),
        "xl/workbook.xml": (f'<workbook xmlns="{S}" xmlns:r="{R}"><sheets>{sheets}</sheets></workbook>'.encode(),
                            zipfile.ZIP_DEFLATED),
        "xl/_rels/workbook.xml.rels": (f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{R}/worksheet" '
                                       f'Target="worksheets/sheet1.xml"/></Relationships>'.encode(),
                                       zipfile.ZIP_DEFLATED),
        "xl/worksheets/sheet1.xml": (sheet.encode(), zipfile.ZIP_DEFLATED),
    })


def _deflate_repeat(piece: bytes, total: int) -> bytes:
    c = zlib.compressobj(9)
    block = piece * max(1, (1 << 20) // len(piece))
    out = bytearray()
    for _ in range(0, total, len(block)):
        out += c.compress(block)
    return bytes(out + c.flush())


def _pdf(raw: bytes) -> bytes:
    return pdf_pages(raw)


def cases(tmp: Path) -> list[tuple[str, Path, list[str]]]:
    out: list[tuple[str, Path, list[str]]] = []

    def put(label: str, name: str, data: bytes, *extra: str) -> None:
        p = tmp / name
        p.write_bytes(data)
        out.append((label, p, list(extra)))

    spaces = _doc(b" " * (256 << 20))
    put("bzip2 member lying about its size (256 MB)", "bz.docx", _lie(_docx(spaces, zipfile.ZIP_BZIP2), 1000))
    put("lzma member lying about its size (256 MB)", "lz.docx", _lie(_docx(spaces, zipfile.ZIP_LZMA), 1000))
    del spaces
    para = b"<w:p><w:r><w:t>\xe6\xad\xa3\xe6\x96\x87</w:t></w:r></w:p>"
    put("100 MB well-formed XML member", "xml100.docx", _docx(_doc(para * ((100 << 20) // len(para)))))
    row = '<row r="1"><c r="B1" t="inlineStr"><is><t>张三</t></is></c></row>'
    put("hidden column range of 2×10⁹ columns", "cols.xlsx",
        _xlsx('<sheet name="S" sheetId="1" r:id="rId1"/>',
              f'<worksheet xmlns="{S}"><cols><col min="1" max="2000000000" hidden="1"/></cols>'
              f"<sheetData>{row}</sheetData></worksheet>"))
    put("20,000 sheets on one part", "sheets.xlsx",
        _xlsx("".join(f'<sheet name="S{i}" sheetId="{i}" r:id="rId1"/>' for i in range(1, 20_001)),
              f'<worksheet xmlns="{S}"><sheetData>{row}</sheetData></worksheet>'))
    line = "关于做好年度工作的通知，请各单位按时报送材料。\n".encode()
    put("49 MB txt", "49mb.txt", line * ((49 << 20) // len(line)))
    cell = "<td>张三丰 11010519491231002X 13800138000</td>".encode()
    put("50 MB single-line html", "50mb.html",
        b"<html><body><table><tr>" + cell * ((50 << 20) // len(cell)) + b"</tr></table></body></html>",
        "--max-bytes", str(60 << 20))
    put("PDF stream inflating to 1 GB of spaces", "spaces.pdf", _pdf(_deflate_repeat(b" ", 1 << 30)))
    put("PDF with 128 MB of drawing operators", "ops.pdf", _pdf(_deflate_repeat(b"0 0 m 100 100 l S\n", 128 << 20)))
    put("14 MB txt of 秘密 lines", "mimi.txt", "标题\n".encode() + "秘密\n".encode() * ((14 << 20) // 7))
    fifo = tmp / "fifo"
    os.mkfifo(fifo)
    out.append(("named pipe (FIFO)", fifo, []))
    out.append(("/dev/zero", Path("/dev/zero"), []))
    return out


def _measured(path: Path, extra: list[str]) -> tuple[int, str, float, int]:
    """Exit code, outcome, seconds and the scan process's own peak RSS (fork + exec + wait4)."""
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:  # child: become the scan
        os.chdir(ROOT)
        err = os.open(str(path.parent / (path.name + ".err")), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        out = os.open(str(path.parent / (path.name + ".out")), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(out, 1)
        os.dup2(err, 2)
        os.execv(sys.executable, [sys.executable, "-m", "cli.main", "scan", str(path), "--no-ner", "--format", "json",
                                  *extra])
    _, status, usage = os.wait4(pid, 0)
    secs = time.monotonic() - t0
    code = os.waitstatus_to_exitcode(status)
    err = (path.parent / (path.name + ".err")).read_bytes()
    out = (path.parent / (path.name + ".out")).read_bytes()
    if b"Traceback" in err:
        outcome = "TRACEBACK"
    elif code in (0, 1):
        outcome = json.loads(out)["verdict"]
    else:
        lines = err.decode("utf-8", "replace").strip().splitlines()
        outcome = lines[-1].split("[", 1)[-1].split("]", 1)[0] if lines else f"exit {code}"
    return code, outcome, secs, usage.ru_maxrss // 1024


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="baomi-hostile-") as d:
        tmp = Path(d)
        print("| file | exit | outcome | seconds | peak RSS (MB) |")
        print("|---|---:|---|---:|---:|")
        for label, path, extra in cases(tmp):
            code, outcome, secs, peak = _measured(path, extra)
            print(f"| {label} | {code} | {outcome} | {secs:.1f} | {peak} |", flush=True)


if __name__ == "__main__":
    main()
