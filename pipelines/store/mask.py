"""Masking for the audit log.

The audit log outlives every retention period and is readable by more
people than the drafts, so anything free-form that enters it (a reviewer's
note, a document name) is masked first.  One style everywhere: keep the
first and last two characters of a long number, the first character of a
name, the domain of an e-mail.
"""
from __future__ import annotations

import re
from typing import Any

# identifiers and enumerations: never personal data, kept as they are
SAFE_KEYS = frozenset(
    {"channel", "verdict", "role", "action", "status", "code", "scan_id", "sha256", "version", "step",
     "submission_id", "batch_id", "count", "counts", "by_type", "format", "kept_draft", "source", "department",
     "departments", "purged_reports", "purged_drafts", "purged_sessions", "token_id", "user", "published_at"}
)
_LONG = re.compile(r"[0-9A-Za-z][0-9A-Za-z*\-]{4,}[0-9A-Za-z]")
_EMAIL = re.compile(r"[\w.+-]+@([\w-]+\.[\w.-]+)")


def mask_run(s: str) -> str:
    if not any(c.isdigit() for c in s):
        return s
    if len(s) <= 6:
        return s[0] + "*" * (len(s) - 1)
    return s[:2] + "*" * (len(s) - 4) + s[-2:]


def _mask_span(s: str) -> str:
    return mask_run(s) if any(c.isdigit() for c in s) else s[:1] + "*" * (len(s) - 1)


def mask_text(text: str) -> str:
    """Mask what the scanner's PII detectors recognise, then any other e-mail or long number."""
    try:
        from scanner.pii import find_pii

        hits = sorted(find_pii(text), key=lambda h: h.start)
    except Exception:  # a detector problem must never block the audit trail
        hits = []
    out, pos = [], 0
    for h in hits:
        if h.start < pos:
            continue
        out.append(text[pos : h.start])
        out.append(_mask_span(text[h.start : h.end]))
        pos = h.end
    out.append(text[pos:])
    masked = _EMAIL.sub(lambda m: "***@" + m.group(1), "".join(out))
    return _LONG.sub(lambda m: mask_run(m.group(0)), masked)


def mask_details(value: Any, key: str | None = None) -> Any:
    if key in SAFE_KEYS:
        return value
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {k: mask_details(v, k) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_details(v, key) for v in value]
    return value
