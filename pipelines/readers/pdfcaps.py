"""Bounded stream decoding for pdfminer, and quiet pdfminer loggers.

pdfminer inflates a whole stream in one call (``zlib.decompress``), so a
content stream of a few kilobytes that inflates to a gigabyte of spaces
takes a gigabyte before anything can look at it; LZW and RunLength are
no better.  :func:`install` swaps the decoders pdfminer's stream module
uses for ones that inflate in chunks and stop at the caps of the current
document's budget (``limits``), raising :class:`limits.TooBig`.
"""
from __future__ import annotations

import io
import zlib

from .limits import MB, TooBig, current

CHUNK = 1024 * 1024
_installed = False


class _Counter:
    """Counts one stream's decoded bytes against the per-stream cap and the document's total."""

    def __init__(self) -> None:
        self.budget = current()
        self.seen = 0

    def add(self, n: int) -> None:
        self.seen += n
        cap = self.budget.limits.pdf_stream
        if self.seen > cap:
            raise TooBig(f"PDF 中单个数据流解压后超过 {cap // MB} MB")
        self.budget.add_pdf(n)


class _Decompressor:
    """zlib.decompressobj with a running cap (pdfminer feeds it byte by byte for damaged streams)."""

    def __init__(self) -> None:
        self._d = zlib.decompressobj()
        self._count = _Counter()

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        out = bytearray()
        buf = data
        while True:
            chunk = self._d.decompress(buf, CHUNK)
            out += chunk
            self._count.add(len(chunk))
            buf = self._d.unconsumed_tail
            if self._d.eof or (not buf and len(chunk) < CHUNK):
                break  # a full chunk with no input left may still have output pending: ask again
        return bytes(out)

    def flush(self, *args: int) -> bytes:
        rest = self._d.flush(*args)
        self._count.add(len(rest))
        return rest

    @property
    def eof(self) -> bool:
        return self._d.eof

    @property
    def unused_data(self) -> bytes:
        return self._d.unused_data


class _CappedZlib:
    """The slice of the zlib module pdfminer.pdftypes uses."""

    error = zlib.error
    MAX_WBITS = zlib.MAX_WBITS

    @staticmethod
    def decompressobj(*_args: object, **_kw: object) -> _Decompressor:
        return _Decompressor()

    @staticmethod
    def decompress(data: bytes, *_args: object) -> bytes:
        d = _Decompressor()
        out = d.decompress(data)
        if not d.eof:
            raise zlib.error("incomplete or truncated stream")  # what zlib.decompress says; pdfminer then salvages
        return out


def _lzw(data: bytes) -> bytes:
    from pdfminer.lzw import LZWDecoder

    count = _Counter()
    out = bytearray()
    for piece in LZWDecoder(io.BytesIO(data)).run():
        out += piece
        count.add(len(piece))
    return bytes(out)


def _runlength(data: bytes) -> bytes:
    """RunLengthDecode (PDF 32000-1 7.4.5): a length byte, then a literal run or one byte repeated."""
    count = _Counter()
    out = bytearray()
    i, n = 0, len(data)
    while i < n:
        length = data[i]
        if length == 128:
            break
        if length < 128:
            piece = data[i + 1:i + 2 + length]
            i += 2 + length
        else:
            piece = data[i + 1:i + 2] * (257 - length)
            i += 2
        out += piece
        count.add(len(piece))
    return bytes(out)


def install() -> None:
    """Swap pdfminer's stream decoders for capped ones (once per process)."""
    global _installed
    if _installed:
        return
    from pdfminer import pdftypes

    pdftypes.zlib = _CappedZlib  # type: ignore[assignment]
    pdftypes.lzwdecode = _lzw  # type: ignore[assignment]
    pdftypes.rldecode = _runlength  # type: ignore[assignment]
    _installed = True
