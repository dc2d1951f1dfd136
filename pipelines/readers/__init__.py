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

from .limits import current


class PartList:
    """Collects parts in reading order and gives them sequential ids.

    Every part is counted against the document's budget (``limits``): past
    the cap on parts or characters, :class:`limits.Truncated` carries the
    parts read so far up to ``pipelines.reader``.
    """

    def __init__(self) -> None:
        self.parts: list[Part] = []
        self.budget = current()

    def add(self, kind: str, text: str, *, page: int | None = None, flag: str | None = None, **location: Any) -> Part:
        self.budget.add_part(text, self.parts)
        part = Part(id=f"p{len(self.parts) + 1}", kind=kind, text=text, page=page, location=location, flag=flag)
        self.parts.append(part)
        return part

    def insert_before(self, start: int, added: list[tuple[str, str, str | None, dict[str, Any]]]) -> None:
        """Put new parts (kind, text, flag, location) at index ``start`` and renumber what follows."""
        rest = self.parts[start:]
        del self.parts[start:]
        for kind, text, flag, loc in added:
            self.add(kind, text, flag=flag, **loc)
        for p in rest:
            self.parts.append(Part(id=f"p{len(self.parts) + 1}", kind=p.kind, text=p.text, page=p.page,
                                   location=p.location, flag=p.flag))


@dataclass
class ReadResult:
    parts: list[Part]
    title: str | None = None
    info: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
