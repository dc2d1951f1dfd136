"""Caps that keep one document's memory bounded, whatever the file claims.

A file's headers are written by whoever made the file: a zip member may
declare 1 KB and inflate to 4 GB, a sheet may declare hidden columns
A:XFD two billion times over, a PDF stream may inflate to a gigabyte of
spaces.  So readers count what they actually produce -- inflated bytes,
parts, characters, cells, sheets, pages -- against one :class:`Budget` per
document, and stop when a cap is reached.

Two outcomes, chosen by whether what was read so far is worth reporting:

* a cap on *content* (parts, characters, cells, sheets, pages) raises
  :class:`Truncated`, which carries the parts read so far;
  ``pipelines.reader`` turns it into a report with a ``media.unread``
  finding that says what was not read, and the policy asks a human to
  check the rest rather than pass it;
* a cap on *one container member* (an XML part too big to parse, an
  inflation that outgrows its cap) is a coded error, because there is
  nothing sensible to report from half an XML tree.

The budget lives in a context variable so the readers need no extra
argument: ``pipelines.reader.read_bytes`` opens one per document.
"""
from __future__ import annotations

import contextlib
import contextvars
import os
from collections.abc import Iterator
from dataclasses import dataclass, field

MB = 1024 * 1024


def _env(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True)
class Limits:
    """Per-document caps; the defaults leave room for the largest real drafts (a 200,000-row roster)."""

    parts: int = 300_000
    chars: int = 24_000_000  # characters of part text, about 48 MB of str
    cells: int = 6_000_000  # spreadsheet cells and rows walked, empty ones too
    sheets: int = 1_000
    pages: int = 5_000
    xml_tree: int = 64 * MB  # one OOXML member parsed into a tree (about 10 bytes of memory per byte)
    xml_stream: int = 384 * MB  # one worksheet, parsed as a stream
    inflated: int = 1024 * MB  # everything inflated from one document, counted as it happens
    pdf_stream: int = 64 * MB  # one decoded PDF stream
    pdf_page: int = 3 * MB  # decoded content of one page: every operator becomes a Python object (~130 MB per MB)
    pdf_content: int = 192 * MB  # all decoded PDF streams of one document
    html_bytes: int = 10 * MB  # an html page: the parsed tree takes about 60 bytes per byte of source

    @classmethod
    def from_env(cls) -> Limits:
        """Tests and operators may lower (or raise) caps with BAOMI_LIMIT_<NAME>."""
        return cls(**{k: _env(f"BAOMI_LIMIT_{k.upper()}", v) for k, v in cls().__dict__.items()})


class Truncated(Exception):
    """A content cap was reached: the parts read so far, and what was left unread (Chinese, no draft text)."""

    def __init__(self, parts: list, what: str) -> None:
        super().__init__(what)
        self.parts = parts
        self.what = what


class TooBig(Exception):
    """An inflation or a stream outgrew its cap; caught by the reader that knows what it was reading."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


@dataclass
class Budget:
    limits: Limits = field(default_factory=Limits.from_env)
    parts: int = 0
    chars: int = 0
    cells: int = 0
    inflated: int = 0
    pdf_content: int = 0

    def add_part(self, text: str, parts: list) -> None:
        self.parts += 1
        self.chars += len(text)
        if self.parts > self.limits.parts:
            raise Truncated(parts, f"部分数超过上限 {self.limits.parts:,}，其后的内容未读取")
        if self.chars > self.limits.chars:
            raise Truncated(parts, f"文字超过上限 {self.limits.chars:,} 字，其后的内容未读取")

    def add_cells(self, n: int, parts: list) -> None:
        self.cells += n
        if self.cells > self.limits.cells:
            raise Truncated(parts, f"单元格超过上限 {self.limits.cells:,} 个，其后的内容未读取")

    def add_inflated(self, n: int) -> None:
        self.inflated += n
        if self.inflated > self.limits.inflated:
            raise TooBig(f"解压后总量超过 {self.limits.inflated // MB} MB")

    def add_pdf(self, n: int) -> None:
        self.pdf_content += n
        if self.pdf_content > self.limits.pdf_content:
            raise TooBig(f"PDF 解压后内容超过 {self.limits.pdf_content // MB} MB")


_CURRENT: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("baomi_budget", default=None)


def current() -> Budget:
    """The budget of the document being read; outside :func:`budget`, a fresh one (caps still apply per call)."""
    b = _CURRENT.get()
    return b if b is not None else Budget()


@contextlib.contextmanager
def budget(limits: Limits | None = None) -> Iterator[Budget]:
    b = Budget(limits) if limits is not None else Budget()
    token = _CURRENT.set(b)
    try:
        yield b
    finally:
        _CURRENT.reset(token)
