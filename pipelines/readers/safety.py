"""Limits that keep a hostile file from exhausting memory or the XML parser.

Office files are zip archives of XML.  A zip bomb (a few kilobytes that
inflate to gigabytes) and an XML entity bomb ("billion laughs") are the two
cheap ways to take a review service down, and review services accept files
from anyone.  So every zip is checked on its declared sizes *before* any
member is inflated, members are inflated in chunks with a running cap (the
declared sizes may lie), and XML with a DOCTYPE is refused outright: no
OOXML part needs one.
"""
from __future__ import annotations

import io
import zipfile

from lxml import etree

from scanner import BaomiError

MAX_MEMBERS = 20_000
MAX_TOTAL = 1024 * 1024 * 1024  # sum of declared uncompressed sizes
MAX_MEMBER = 512 * 1024 * 1024  # one member, inflated
MAX_RATIO = 200  # inflated / compressed, for members big enough to matter
RATIO_FLOOR = 2 * 1024 * 1024  # small XML compresses very well and is harmless
CHUNK = 1024 * 1024

# resolve_entities=False keeps entity references unexpanded even if a check
# were bypassed; huge_tree=False keeps libxml2's own depth/size limits on.
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False, remove_comments=False
)


def open_zip(data: bytes) -> zipfile.ZipFile:
    """Open an archive and vet its directory; nothing is inflated yet."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
        raise BaomiError("corrupt", "压缩结构损坏或文件不完整") from None
    if len(infos) > MAX_MEMBERS:
        raise BaomiError("zip_bomb", f"压缩包含 {len(infos)} 个成员")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise BaomiError("encrypted")
        total += info.file_size
        if info.file_size > MAX_MEMBER or total > MAX_TOTAL:
            raise BaomiError("zip_bomb", "解压后体积超出上限")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise BaomiError("zip_bomb", "压缩比异常")
    return zf


def read_member(zf: zipfile.ZipFile, name: str) -> bytes:
    """Inflate one member in chunks, stopping as soon as it outgrows what it declared."""
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise BaomiError("corrupt", "缺少必需的组成部分") from None
    cap = min(info.file_size, MAX_MEMBER)
    buf = bytearray()
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(CHUNK)
                if not chunk:
                    break
                buf += chunk
                if len(buf) > cap:
                    raise BaomiError("zip_bomb", "解压后体积与声明不符")
    except BaomiError:
        raise
    except (zipfile.BadZipFile, EOFError, ValueError, OSError, RuntimeError):
        # zlib errors, CRC mismatch, truncated data, unsupported compression
        raise BaomiError("corrupt", "压缩数据损坏") from None
    except Exception:  # zlib.error is not an OSError
        raise BaomiError("corrupt", "压缩数据损坏") from None
    return bytes(buf)


def has_member(zf: zipfile.ZipFile, name: str) -> bool:
    try:
        zf.getinfo(name)
    except KeyError:
        return False
    return True


def _prolog(data: bytes) -> bytes:
    """The bytes before the root element, as ASCII-compatible text, whatever the encoding."""
    head = data[:65536]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(head) > 1 and (head[0] == 0 or head[1] == 0)):
        enc = "utf-16-be" if head.startswith(b"\xfe\xff") or head[0] == 0 else "utf-16-le"
        head = head.decode(enc, errors="ignore").encode("utf-8")
    return head


def check_xml(data: bytes) -> None:
    """Refuse DTDs: entity expansion and external entities both need one."""
    head = _prolog(data).upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise BaomiError("unsafe_xml")


def parse_xml(data: bytes) -> etree._Element:
    check_xml(data)
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        raise BaomiError("corrupt", "XML 结构损坏") from None
    if root is None:
        raise BaomiError("corrupt", "XML 内容为空")
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.externalDTD is not None or docinfo.doctype:
        raise BaomiError("unsafe_xml")
    return root


def read_xml(zf: zipfile.ZipFile, name: str) -> etree._Element:
    return parse_xml(read_member(zf, name))
