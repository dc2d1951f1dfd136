"""One reader per format: bytes in, located parts out.

Every reader returns a :class:`ReadResult`; ``pipelines.reader`` sniffs the
format and wraps the result into a :class:`scanner.Document`.  Parts are
numbered here, in one place, so ids are ``p1, p2, ...`` in reading order
whatever the format.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scanner import Part


class PartList:
    """Collects parts in reading order and gives them sequential ids."""

    def __init__(self) -> None:
        self.parts: list[Part] = []

    def add(self, kind: str, text: str, *, page: int | None = None, flag: str | None = None, **location: Any) -> Part:
        part = Part(id=f"p{len(self.parts) + 1}", kind=kind, text=text, page=page, location=location, flag=flag)
        self.parts.append(part)
        return part


@dataclass
class ReadResult:
    parts: list[Part]
    title: str | None = None
    info: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
