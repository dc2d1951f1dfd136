"""电子邮箱: found from the '@' outwards.

A left-to-right pattern for the local part would be tried at every letter
and digit of the text and backtrack through every long number; the '@' is
rare in Chinese drafts, so the scan is one C-speed ``str.find`` per address
and two anchored matches around it.
"""
from __future__ import annotations

import re

from ..model import Hit

TYPE = "pii.email"
LOCAL_MAX = 64

# Local part read backwards from the '@' (the text before it, reversed).
_LOCAL_REVERSED = re.compile(r"[A-Za-z0-9_%+\-*]+(?:\.[A-Za-z0-9_%+\-*]+)*")
_DOMAIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![A-Za-z0-9\-])")


def find(text: str) -> list[Hit]:
    hits: list[Hit] = []
    at = text.find("@")
    while at != -1:
        hit = _at(text, at)
        if hit is not None:
            hits.append(hit)
        at = text.find("@", at + 1)
    return hits


def _at(text: str, at: int) -> Hit | None:
    lo = max(0, at - LOCAL_MAX)
    back = _LOCAL_REVERSED.match(text[lo:at][::-1])
    dom = _DOMAIN.match(text, at + 1)
    if back is None or dom is None:
        return None
    local = text[at - back.end() : at]
    if local.strip("*") == "" or local.startswith(".") or local.endswith("."):
        return None
    masked = "*" in local
    return Hit(
        at - back.end(),
        dom.end(),
        TYPE,
        "pii.email.masked" if masked else "pii.email",
        extra={"masked": True} if masked else {},
    )
