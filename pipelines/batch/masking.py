"""Masking consistency across a site: partial masks that together give the number away.

A page showing 110101********1234 and another showing 1101011990****1234
each look safe, but a reader who puts them side by side learns 14 of 18
digits.  Two masked values are *compatible* when they have the same type
and length and agree wherever both reveal a character; they *leak* when
their union reveals more than either alone.  Groups are the connected sets
of leaking pairs.  The union itself is never output: only how many
characters it reveals.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .model import Outcome

MASK_CHARS = set("*＊●•○◯■□×xX#")
SEPARATORS = set(" -－—.·()（）")


@dataclass(frozen=True)
class Masked:
    type: str
    value: str  # masked form as shown, separators removed; mask characters as '*'
    name: str  # page

    @property
    def known(self) -> frozenset[int]:
        return frozenset(i for i, c in enumerate(self.value) if c != "*")


@dataclass
class MaskGroup:
    type: str
    length: int
    forms: list[str] = field(default_factory=list)  # distinct masked forms, as shown
    pages: list[str] = field(default_factory=list)
    revealed: int = 0  # characters the union reveals
    best_single: int = 0  # most characters any one form reveals

    @property
    def complete(self) -> bool:
        return self.revealed >= self.length

    def to_dict(self) -> dict:
        return {"type": self.type, "length": self.length, "forms": self.forms, "pages": self.pages,
                "revealed": self.revealed, "best_single": self.best_single, "complete": self.complete}


def canonical_mask(type_: str, text: str) -> str:
    chars = [c for c in text if c not in SEPARATORS]
    out = []
    for i, c in enumerate(chars):
        last_of_id = type_ == "pii.id_number" and i == len(chars) - 1 and c in "xX"
        out.append("*" if c in MASK_CHARS and not last_of_id else c.upper())
    return "".join(out)


def collect(outcomes: list[Outcome]) -> list[Masked]:
    out = []
    for o in outcomes:
        if not o.report:
            continue
        for f in o.report.get("findings", []):
            if f.get("type", "").startswith("pii.") and (f.get("extra") or {}).get("masked"):
                out.append(Masked(f["type"], canonical_mask(f["type"], f.get("normalized") or f["text"]), o.name))
    return out


def compatible(a: str, b: str) -> bool:
    return len(a) == len(b) and all(x == y for x, y in zip(a, b) if x != "*" and y != "*")


def leaks(a: str, b: str) -> bool:
    """Compatible, and each reveals something the other hides, so together they reveal more."""
    if not compatible(a, b):
        return False
    ka = {i for i, c in enumerate(a) if c != "*"}
    kb = {i for i, c in enumerate(b) if c != "*"}
    return bool(ka - kb) and bool(kb - ka)


def find_groups(items: list[Masked]) -> list[MaskGroup]:
    """Pairwise within (type, length) over distinct forms; a site has few distinct masked forms per person."""
    by_key: dict[tuple[str, int], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for m in items:
        pages = by_key[(m.type, len(m.value))][m.value]
        if m.name not in pages:
            pages.append(m.name)
    groups: list[MaskGroup] = []
    for (type_, length), forms in sorted(by_key.items()):
        values = sorted(forms)
        parent = list(range(len(values)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        linked = set()
        for i in range(len(values)):
            for j in range(i + 1, len(values)):
                if leaks(values[i], values[j]):
                    parent[root(i)] = root(j)
                    linked.update((i, j))
        members: dict[int, list[int]] = defaultdict(list)
        for i in sorted(linked):
            members[root(i)].append(i)
        for idx in members.values():
            vs = [values[i] for i in idx]
            union = set().union(*({k for k, c in enumerate(v) if c != "*"} for v in vs))
            pages = list(dict.fromkeys(p for v in vs for p in forms[v]))
            groups.append(MaskGroup(type_, length, vs, pages, len(union), max(sum(c != "*" for c in v) for v in vs)))
    groups.sort(key=lambda g: (-(g.revealed - g.best_single), g.type, g.forms))
    return groups


def check(outcomes: list[Outcome]) -> list[MaskGroup]:
    return find_groups(collect(outcomes))
