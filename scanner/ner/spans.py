"""What a name or place model hands the context rules: a labelled span of the text."""
from __future__ import annotations

from dataclasses import dataclass

PERSON_LABELS = {"PERSON", "PER"}
PLACE_LABELS = {"LOC", "GPE", "ADDRESS", "FAC"}
ORG_LABELS = {"ORG"}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str
