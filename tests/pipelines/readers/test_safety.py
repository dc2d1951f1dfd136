"""Zip and XML limits: refuse before inflating, refuse DTDs in any encoding."""
from __future__ import annotations

import io
import struct
import zipfile

import pytest

from pipelines.readers import safety
from scanner import BaomiError


def zip_of(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def code_of(fn, *args) -> str:
    with pytest.raises(BaomiError) as ei:
        fn(*args)
    return ei.value.code


def test_ratio_bomb_refused_before_inflating():
    data = zip_of({"word/document.xml": b"<a>" + b" " * (20 * 1024 * 1024) + b"</a>"})
    assert len(data) < 100_000
    assert code_of(safety.open_zip, data) == "zip_bomb"


def test_total_size_limit(monkeypatch):
    monkeypatch.setattr(safety, "MAX_TOTAL", 1000)
    data = zip_of({"a.xml": b"x" * 600, "b.xml": b"y" * 600})
    assert code_of(safety.open_zip, data) == "zip_bomb"


def test_member_count_limit(monkeypatch):
    monkeypatch.setattr(safety, "MAX_MEMBERS", 3)
    assert code_of(safety.open_zip, zip_of({f"{i}.xml": b"<a/>" for i in range(4)})) == "zip_bomb"


def test_lying_declared_size_is_refused():
    """A member that declares 10 bytes but inflates to 1 MB never gets past its declared size."""
    data = bytearray(zip_of({"x.xml": b"<a>" + b"z" * 1_000_000 + b"</a>"}))
    real = 1_000_007
    for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local header, central directory
        pos = data.find(sig)
        assert struct.unpack_from("<I", data, pos + off)[0] == real
        struct.pack_into("<I", data, pos + off, 10)
    zf = safety.open_zip(bytes(data))
    assert code_of(safety.read_member, zf, "x.xml") in ("zip_bomb", "corrupt")


def test_encrypted_zip_member():
    data = bytearray(zip_of({"word/document.xml": b"<a/>"}))
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        pos = data.find(sig)
        struct.pack_into("<H", data, pos + off, struct.unpack_from("<H", data, pos + off)[0] | 1)
    assert code_of(safety.open_zip, bytes(data)) == "encrypted"


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xxxxxxxx"><!ENTITY y "&x;&x;&x;&x;">]><a>&y;</a>',
        b'<!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>',
        b'<?xml version="1.0"?>\n<!doctype a [<!entity x "1">]><a/>',
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a [<!ENTITY x "1">]><a>&x;</a>'.encode("utf-16"),
    ],
    ids=["billion-laughs", "external", "lowercase", "utf16"],
)
def test_dtd_refused(data):
    assert code_of(safety.parse_xml, data) == "unsafe_xml"


@pytest.mark.parametrize("data", [b"<a><b></a>", b"\x00\x01garbage"])
def test_malformed_xml_is_corrupt(data):
    assert code_of(safety.parse_xml, data) == "corrupt"


def test_plain_xml_parses():
    assert safety.parse_xml(b'<?xml version="1.0"?><a><b>x</b></a>').find("b").text == "x"
