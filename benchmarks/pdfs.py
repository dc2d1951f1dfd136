"""Small PDFs written byte by byte, for the hostile-file benchmark and the tests that build the same files.

A hostile PDF is mostly one content stream (a page of drawing operators, a
stream inflating to a gigabyte of spaces, operands pdfminer warns about),
shown on one page or repeated on many; building it by hand keeps the test
independent of any PDF writer's idea of a sane file.
"""
from __future__ import annotations

FLATE = b"/Filter /FlateDecode "


def pdf_pages(stream: bytes, pages: int = 1, filt: bytes = FLATE) -> bytes:
    """A PDF of ``pages`` pages that all show the one content ``stream`` (already encoded by ``filt``)."""
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages)).encode()
    stream_no, font_no = 3 + pages, 4 + pages
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(pages).encode() + b" >>"]
    objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents " + str(stream_no).encode()
             + b" 0 R /Resources << /Font << /F1 " + str(font_no).encode() + b" 0 R >> >> >>"] * pages
    objs.append(b"<< " + filt + b"/Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream")
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += f"{i} 0 obj\n".encode() + o + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offs)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
