"""Limits that keep a hostile file from exhausting memory or the XML parser.

Office files are zip archives of XML.  A zip bomb (a few kilobytes that
inflate to gigabytes) and an XML entity bomb ("billion laughs") are the two
cheap ways to take a review service down, and review services accept files
from anyone.  So every zip is checked on its declared sizes *before* any
member is inflated, members are inflated in chunks with a running cap (the
declared sizes may lie), and XML with a DOCTYPE is refused outright: no
OOXML part needs one.

Members compressed with anything but deflate (bzip2, lzma) are refused
before reading: Office never writes them, and Python's zipfile inflates
a whole compressed block of them at once, so a lying bzip2 member reaches
gigabytes before any running cap can look.  What is inflated is counted
against the document's budget (``limits``) as it happens.
"""
from __future__ import annotations

import io
import zipfile

from lxml import etree

from scanner import BaomiError

from .limits import MB, TooBig, current

MAX_MEMBERS = 20_000
MAX_TOTAL = 1024 * 1024 * 1024  # sum of declared uncompressed sizes
MAX_MEMBER = 512 * 1024 * 1024  # one member, inflated
SAFE_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
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
        if info.compress_type not in SAFE_COMPRESSION:
            raise BaomiError("unsupported_format", "压缩包成员使用了 Office 文件不用的压缩方式（如 bzip2、lzma），未读取")
        total += info.file_size
        if info.file_size > MAX_MEMBER or total > MAX_TOTAL:
            raise BaomiError("zip_bomb", "解压后体积超出上限")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise BaomiError("zip_bomb", "压缩比异常")
    return zf


def read_member(zf: zipfile.ZipFile, name: str, cap: int | None = None) -> bytes:
    """Inflate one member in chunks, stopping as soon as it outgrows what it declared or its cap.

    ``cap`` defaults to the cap on XML parsed into a tree: a member that
    honestly declares more is refused before inflating a byte.
    """
    with open_member(zf, name, cap) as fh:
        buf = bytearray()
        while True:
            chunk = fh.read(CHUNK)
            if not chunk:
                break
            buf += chunk
    return bytes(buf)


class MemberReader(io.RawIOBase):
    """A member as a file, inflated on demand; every byte counted against the member's and the document's caps."""

    def __init__(self, zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> None:
        super().__init__()
        self._fh = zf.open(info)
        self._name = info.filename
        self._cap = min(info.file_size, cap)
        self._seen = 0
        self._budget = current()

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        n = CHUNK if n is None or n < 0 or n > CHUNK else n
        try:
            chunk = self._fh.read(n)
        except (zipfile.BadZipFile, EOFError, ValueError, OSError, RuntimeError):
            # zlib errors, CRC mismatch, truncated data, unsupported compression
            raise BaomiError("corrupt", "压缩数据损坏") from None
        except Exception:  # zlib.error is not an OSError
            raise BaomiError("corrupt", "压缩数据损坏") from None
        self._seen += len(chunk)
        if self._seen > self._cap:
            raise BaomiError("zip_bomb", "解压后体积与声明不符")
        try:
            self._budget.add_inflated(len(chunk))
        except TooBig as exc:
            raise BaomiError("zip_bomb", exc.what) from None
        return chunk

    def readinto(self, b) -> int:  # noqa: ANN001 - io protocol
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._fh.close()
        super().close()


def open_member(zf: zipfile.ZipFile, name: str, cap: int | None = None) -> MemberReader:
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise BaomiError("corrupt", "缺少必需的组成部分") from None
    cap = current().limits.xml_tree if cap is None else cap
    if info.file_size > cap:
        raise BaomiError("too_large", f"组成部分 {_safe_name(name)} 解压后 {info.file_size / MB:.0f} MB，"
                                      f"超过单个部分上限 {cap // MB} MB，未读取")
    try:
        return MemberReader(zf, info, cap)
    except (zipfile.BadZipFile, EOFError, ValueError, OSError, RuntimeError, NotImplementedError):
        raise BaomiError("corrupt", "压缩数据损坏") from None


def _safe_name(name: str) -> str:
    """A member name is chosen by the file's author: keep it short and printable."""
    clean = "".join(ch if ch.isprintable() else "?" for ch in name)
    return clean[:80]


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
