"""The per-document budget and the capped PDF decoders, in process."""
from __future__ import annotations

import io
import os
import zipfile
import zlib

import pytest

from pipelines.readers import PartList
from pipelines.readers.limits import Limits, TooBig, Truncated, budget
from pipelines.readers.pdfcaps import _CappedZlib, _runlength
from pipelines.readers.safety import open_zip, read_member
from scanner import BaomiError


def test_part_cap_keeps_what_was_read():
    with budget(Limits(parts=2)):
        out = PartList()
        out.add("body", "一")
        out.add("body", "二")
        with pytest.raises(Truncated) as e:
            out.add("body", "三")
    assert [p.text for p in e.value.parts] == ["一", "二"]
    assert "2" in e.value.what


def test_character_cap_counts_across_parts():
    with budget(Limits(chars=5)):
        out = PartList()
        out.add("body", "一二三")
        with pytest.raises(Truncated):
            out.add("body", "四五六")  # 6 > 5


def test_insert_before_renumbers():
    out = PartList()
    out.add("body", "a")
    out.add("body", "b")
    out.insert_before(1, [("hidden_range", "h", "hidden.hidden_cells", {"rows": "2"})])
    assert [(p.id, p.text) for p in out.parts] == [("p1", "a"), ("p2", "h"), ("p3", "b")]
    assert out.parts[1].flag == "hidden.hidden_cells" and out.parts[1].location == {"rows": "2"}


@pytest.mark.parametrize("data", [b"", b" " * (5 << 20), b"abc" * 100_000])
def test_capped_zlib_gives_the_same_bytes(data):
    assert _CappedZlib.decompress(zlib.compress(data)) == data


def test_capped_zlib_random_data():
    data = os.urandom(3 << 20)
    assert _CappedZlib.decompress(zlib.compress(data)) == data


def test_capped_zlib_stops_at_the_stream_cap():
    with budget(Limits(pdf_stream=1 << 20)):
        with pytest.raises(TooBig):
            _CappedZlib.decompress(zlib.compress(b" " * (2 << 20)))


def test_capped_zlib_stops_at_the_document_total():
    with budget(Limits(pdf_stream=1 << 20, pdf_content=(1 << 20) + 10)):
        _CappedZlib.decompress(zlib.compress(b" " * (1 << 20)))
        with pytest.raises(TooBig):
            _CappedZlib.decompress(zlib.compress(b" " * 100))


def test_truncated_zlib_is_an_error_pdfminer_can_salvage():
    with pytest.raises(zlib.error):
        _CappedZlib.decompress(zlib.compress(b"hello world" * 100)[:-6])


def test_runlength():
    # 2 -> copy the next 3 bytes; 254 -> the next byte 257-254 = 3 times; 128 -> end
    assert _runlength(bytes([2]) + b"abc" + bytes([254]) + b"x" + bytes([128]) + b"ignored") == b"abcxxx"


def test_runlength_cap():
    with budget(Limits(pdf_stream=1000)):
        with pytest.raises(TooBig):
            _runlength(bytes([129, 0x20]) * 10)  # 10 runs of 128 spaces


def test_unsafe_compression_is_refused_before_reading():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("word/document.xml"), b"<a/>", compress_type=zipfile.ZIP_BZIP2)
    with pytest.raises(BaomiError) as e:
        open_zip(buf.getvalue())
    assert e.value.code == "unsupported_format"


def test_member_over_the_tree_cap_is_refused_by_name():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", os.urandom(300_000).hex())
    zf = open_zip(buf.getvalue())
    with budget(Limits(xml_tree=100_000)):
        with pytest.raises(BaomiError) as e:
            read_member(zf, "word/document.xml")
    assert e.value.code == "too_large" and "word/document.xml" in e.value.detail


def test_inflated_total_is_counted_across_members():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.xml", b" " * 60_000)
        z.writestr("b.xml", b" " * 60_000)
    zf = open_zip(buf.getvalue())
    with budget(Limits(inflated=100_000)):
        read_member(zf, "a.xml")
        with pytest.raises(BaomiError) as e:
            read_member(zf, "b.xml")
    assert e.value.code == "zip_bomb"
