"""Structured personal data found by validators, not by a model.

Three C-speed passes over the normalised text (letter-and-digit runs, plate
prefixes, '@' signs) produce candidates; pure validators decide.  Where two
answers overlap (a phone number that is the local part of an e-mail, a card
that is also an ID) the longer span wins, then the stronger type, so every
character is reported at most once and as the most telling thing it is.

Masked values (``138****1234``) carry ``extra={"masked": True}``; the
scanner then takes the ``masked`` severity from ``lexicons/pii.yaml``.
"""
from __future__ import annotations

from ..model import Hit
from . import email, phone, plate, tokens

TYPES = (
    "pii.id_number",
    "pii.credit_code",
    "pii.bank_card",
    "pii.passport",
    "pii.phone",
    "pii.email",
    "pii.plate",
)
PRIORITY = {t: i for i, t in enumerate(TYPES)}


def find_pii(text: str) -> list[Hit]:
    hits = tokens.find(text)
    if "@" in text:
        hits += email.find(text)
    hits += plate.find(text)
    if "." in text:
        hits += phone.find_dotted(text)
    return resolve(hits)


def resolve(hits: list[Hit]) -> list[Hit]:
    """Keep non-overlapping hits: longer span first, then :data:`PRIORITY`."""
    if len(hits) < 2:
        return hits
    hits.sort(key=lambda h: (h.start, -h.end))
    out: list[Hit] = []
    cluster: list[Hit] = [hits[0]]
    reach = hits[0].end
    for h in hits[1:]:
        if h.start < reach:
            cluster.append(h)
            reach = max(reach, h.end)
        else:
            out.extend(_pick(cluster))
            cluster, reach = [h], h.end
    out.extend(_pick(cluster))
    return out


def _pick(cluster: list[Hit]) -> list[Hit]:
    if len(cluster) == 1:
        return cluster
    kept: list[Hit] = []
    for h in sorted(cluster, key=lambda h: (h.start - h.end, PRIORITY.get(h.type, 99), h.start)):
        if all(h.end <= k.start or k.end <= h.start for k in kept):
            kept.append(h)
    return sorted(kept, key=lambda h: h.start)


__all__ = ["find_pii", "resolve", "TYPES"]
