"""txt: encodings detected from the bytes, line endings normalised, binary refused."""
from __future__ import annotations

import pytest

from pipelines.readers import txt
from scanner import BaomiError

TEXT = "关于做好防汛工作的通知\n各乡镇：请落实值班制度。"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with BOM
        b"\xfe\xff" + TEXT.encode("utf-16-be"),
        TEXT.encode("gb18030"),
        TEXT.encode("gbk"),
        TEXT.encode("gb2312"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "gb18030", "gbk", "gb2312"],
)
def test_encodings(data):
    assert txt.read(data)[0].text == TEXT


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(enc):
    text = "Notice 2024: 通知 ABC\n" * 20
    assert txt.decode(text.encode(enc)) == text


@pytest.mark.parametrize("raw, want", [(b"a\r\nb", "a\nb"), (b"a\rb\r\n\r\nc", "a\nb\n\nc"), (b"a\nb", "a\nb")])
def test_line_endings(raw, want):
    assert txt.read(raw)[0].text == want


def test_gb18030_four_byte_characters():
    text = "𠀀姓名：𡃁某"  # CJK Extension B, outside GBK
    assert txt.decode(text.encode("gb18030")) == text


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)) * 8, b"\x00\x01\x02\x03" * 100, "正常开头".encode() + b"\x01\x02\x03\x04\x05\x06" * 50],
    ids=["all-bytes", "nul-heavy", "controls"],
)
def test_binary_is_refused(data):
    with pytest.raises(BaomiError) as ei:
        txt.read(data)
    assert ei.value.code == "binary"
