"""Text in EMF and WMF pictures (a red header drawn as a picture) is read from the drawing records."""
from __future__ import annotations

import struct

from pipelines.ocr import vector
from pipelines.ocr.embedded import expand
from pipelines.readers import PartList, ReadResult


def emf(*strings: str, glyphs: bool = False) -> bytes:
    """A minimal EMF: header, one EMR_EXTTEXTOUTW per string, EOF (layout of MS-EMF 2.3.5.8)."""
    header = struct.pack("<II", 1, 88) + b"\x00" * 32 + b" EMF" + b"\x00" * 44
    recs = []
    for s in strings:
        raw = s.encode("utf-16-le")
        raw += b"\x00" * (-len(raw) % 4)
        off = 76
        body = struct.pack("<II", 84, off + len(raw)) + b"\x00" * 28 + b"\x00" * 8
        body += struct.pack("<III", len(s), off, 0x10 if glyphs else 0) + b"\x00" * 16 + struct.pack("<I", 0)
        assert len(body) == off
        recs.append(body + raw)
    eof = struct.pack("<II", 14, 20) + b"\x00" * 12
    return header + b"".join(recs) + eof


def wmf(*strings: str) -> bytes:
    """A minimal placeable WMF with META_TEXTOUT records in GBK (MS-WMF 2.3.3.20)."""
    out = [b"\xd7\xcd\xc6\x9a" + b"\x00" * 18, struct.pack("<HHHIHIH", 1, 9, 0x300, 0, 0, 0, 0)]
    for s in strings:
        raw = s.encode("gbk")
        raw += b"\x00" * (len(raw) % 2)
        words = (6 + 2 + len(raw) + 4) // 2
        out.append(struct.pack("<IHH", words, 0x0521, len(s.encode("gbk"))) + raw + struct.pack("<hh", 10, 10))
    out.append(struct.pack("<IH", 3, 0))
    return b"".join(out)


def test_emf_and_wmf_strings_come_out_in_order():
    assert vector.kind(emf("x")) == "emf" and vector.kind(wmf("x")) == "wmf"
    assert vector.texts(emf("江南市人民政府文件", "内部资料")) == ["江南市人民政府文件", "内部资料"]
    assert vector.texts(wmf("机密★1年", "关于")) == ["机密★1年", "关于"]
    assert vector.texts(emf()) == []  # a drawing with no text


def test_glyph_indices_and_broken_records_are_unreadable_not_empty():
    assert vector.texts(emf("内部资料", glyphs=True)) is None
    assert vector.texts(emf("内部资料")[:100]) is None


def _doc_with_picture(ref: str) -> ReadResult:
    out = PartList()
    out.add("body", "正文", xml="word/document.xml", p=0)
    out.add("image", "image1.emf", flag="media.image", xml="word/document.xml", p=1, image=ref)
    return ReadResult(parts=out.parts)


def test_a_vector_picture_in_a_document_becomes_a_text_part_or_an_unread_flag():
    got = expand(_doc_with_picture("word/media/image1.emf"), {"word/media/image1.emf": emf("内部资料")}.get)
    assert [(p.kind, p.text, p.location.get("source"), p.flag) for p in got.parts] == [
        ("body", "正文", None, None), ("body", "内部资料", "vector", None)]
    unread = expand(_doc_with_picture("word/media/image1.emf"), {"word/media/image1.emf": emf("内部资料", glyphs=True)}.get)
    assert [p.flag for p in unread.parts] == [None, "media.unread"] and "字形编号" in unread.parts[1].text
