"""Precision and recall per finding type on the labelled set in corpus_samples/eval/.

Accuracy is measured, not assumed: every change to a rule or lexicon is
judged by this table.  Matching is by type and exact original text, counted
as multisets, so a text that repeats an ID number twice must be labelled
twice, and a finding that lands on the right characters with the wrong type
counts against both types.

A label may also carry the ``severity`` a reviewer expects (the judgement
in context: an official in an appointment is ``info``, a petitioner is
``high``).  For every labelled finding that was found, the table adds
expected against given severity: a ``high`` judged lower is a name that
would be published unmasked, a lower one judged ``high`` is a false alarm.
"""
from __future__ import annotations

import fnmatch
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanner import Document, Part, Scanner
from scanner.labelled import read_labelled
from scanner.model import SEVERITIES, SEVERITY_RANK

DEFAULT_TYPES = ("marking.*", "term.*", "pii.*")
DOCUMENT_TYPES = frozenset({"term.internal_document"})  # findings about the document as a whole


@dataclass
class Case:
    id: str
    text: str
    labels: list[tuple[str, str]]
    types: tuple[str, ...] = DEFAULT_TYPES
    kind: str = "body"
    channel: str = "unspecified"
    source: str = ""
    severities: dict[tuple[str, str], str] = field(default_factory=dict)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Result:
    by_type: dict[str, Counts] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    cases: int = 0
    judged: Counter = field(default_factory=Counter)  # (type, expected severity, given severity) -> count

    def counts(self, type_: str) -> Counts:
        return self.by_type.setdefault(type_, Counts())

    def group(self, prefix: str) -> Counts:
        total = Counts()
        for t, c in self.by_type.items():
            if t == prefix or t.startswith(prefix + "."):
                total.tp += c.tp
                total.fp += c.fp
                total.fn += c.fn
        return total

    def as_dict(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "by_type": {
                t: {"tp": c.tp, "fp": c.fp, "fn": c.fn, "precision": round(c.precision, 4), "recall": round(c.recall, 4)}
                for t, c in sorted(self.by_type.items())
            },
            "errors": self.errors,
            "judgement": [
                {"type": t, "expected": want, "given": got, "count": n} for (t, want, got), n in sorted(self.judged.items())
            ],
        }


def load_cases(paths: list[Path]) -> list[Case]:
    def build(raw: dict[str, Any], f: Path, lineno: int) -> Case:
        return Case(
            id=str(raw.get("id", f"{f.stem}:{lineno}")),
            text=raw["text"],
            labels=[(lab["type"], lab["text"]) for lab in raw.get("labels", [])],
            severities={(lab["type"], lab["text"].strip()): lab["severity"] for lab in raw.get("labels", []) if "severity" in lab},
            types=tuple(raw.get("types") or DEFAULT_TYPES),
            kind=raw.get("kind", "body"),
            channel=raw.get("channel", "unspecified"),
            source=f"{f.name}:{lineno}",
        )

    return list(read_labelled(paths, build, "评测集"))


def _in_scope(type_: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(type_, p) for p in patterns)


def evaluate(scanner: Scanner, cases: list[Case]) -> Result:
    result = Result(cases=len(cases))
    for case in cases:
        doc = Document.from_text(case.text, name=case.id)
        doc.parts = [Part(id="p1", kind=case.kind, text=case.text)]
        # a paragraph set labels what stands in the paragraph, not what the whole document is
        findings = [f for f in scanner.find(doc)
                    if not f.suppressed and _in_scope(f.type, case.types) and f.type not in DOCUMENT_TYPES]
        found = Counter((f.type, f.text.strip()) for f in findings)
        given: dict[tuple[str, str], str] = {}
        for f in findings:  # one person, one judgement per document; the strictest if ever two
            key = (f.type, f.text.strip())
            if key not in given or SEVERITY_RANK.get(f.severity, 99) < SEVERITY_RANK.get(given[key], 99):
                given[key] = f.severity
        for key, want in case.severities.items():
            if key in given:
                result.judged[(key[0], want, given[key])] += 1
                if given[key] != want:
                    result.errors.append({"case": case.id, "source": case.source, "kind": f"{want}→{given[key]}",
                                          "type": key[0], "text": key[1]})
        expected = Counter((t, s.strip()) for t, s in case.labels if _in_scope(t, case.types))
        for key in found.keys() | expected.keys():
            hit = min(found[key], expected[key])
            c = result.counts(key[0])
            c.tp += hit
            if found[key] > hit:
                c.fp += found[key] - hit
                result.errors.append({"case": case.id, "source": case.source, "kind": "fp", "type": key[0], "text": key[1]})
            if expected[key] > hit:
                c.fn += expected[key] - hit
                result.errors.append({"case": case.id, "source": case.source, "kind": "fn", "type": key[0], "text": key[1]})
        for t in {t for t, _ in case.labels}:
            result.counts(t)
    return result


def format_table(result: Result, errors: bool = False) -> str:
    lines = [f"评测样本 {result.cases} 条", f"{'type':28} {'tp':>5} {'fp':>5} {'fn':>5} {'precision':>10} {'recall':>8}"]
    groups = sorted({t.split(".")[0] for t in result.by_type})
    for t, c in sorted(result.by_type.items()):
        lines.append(f"{t:28} {c.tp:5d} {c.fp:5d} {c.fn:5d} {c.precision:10.3f} {c.recall:8.3f}")
    lines.append("-" * 66)
    for g in groups:
        c = result.group(g)
        lines.append(f"{g + '.*':28} {c.tp:5d} {c.fp:5d} {c.fn:5d} {c.precision:10.3f} {c.recall:8.3f}")
    if result.judged:
        lines.extend(_judgement_table(result))
    if errors and result.errors:
        lines.append("")
        lines.append("错误明细（fp 误报 / fn 漏报）：")
        for e in result.errors:
            lines.append(f"  {e['kind']} {e['type']:24} {e['case']:14} {e['source']}  {e['text']}")
    return "\n".join(lines)


def _judgement_table(result: Result) -> list[str]:
    """Expected against given severity of the labelled findings that were found, per type."""
    lines = ["", "严重程度判定（已找到且标注了严重程度的发现；行为标注，列为判定）"]
    for t in sorted({t for t, _, _ in result.judged}):
        cells = {(want, got): n for (tt, want, got), n in result.judged.items() if tt == t}
        total = sum(cells.values())
        same = sum(n for (want, got), n in cells.items() if want == got)
        under = sum(n for (want, got), n in cells.items() if want == "high" and got != "high")
        over = sum(n for (want, got), n in cells.items() if want != "high" and got == "high")
        lines.append(f"{t:16} {'':8}" + "".join(f"{s:>8}" for s in SEVERITIES))
        for want in SEVERITIES:
            if any(w == want for w, _ in cells):
                lines.append(f"{'':16} {want:8}" + "".join(f"{cells.get((want, got), 0):8d}" for got in SEVERITIES))
        lines.append(f"{'':16} 一致 {same}/{total} = {same / total:.3f}；应为 high 而判低（漏判）{under}；不应 high 而判 high（误报）{over}")
    return lines
