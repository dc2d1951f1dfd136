"""Document-level evaluation: verdicts and findings on corpora labelled outside the project.

The finding sets in ``corpus_samples/eval`` score the detectors one paragraph
at a time; a reviewer trusts the verdict.  This module scores whole documents
in the schema of ``../shared/eval/external-v1`` (``expected`` with ten keys,
``decoys``, ``acceptable_extra``, ``verdict``), as that corpus's README
suggests:

- both sides normalised (NFKC, no whitespace, traditional to simplified);
  phones and ID numbers compared as digit strings, markings and terms as
  normalised strings, persons and addresses by overlap with a labelled span;
- a prediction matching a decoy is a false positive, one matching an
  ``acceptable_extra`` is neutral, anything else unlabelled is a false positive;
- persons count as predicted only at medium or above (an official judged
  ``info`` is listed but not flagged), and terms only in the work-secret
  categories at medium or above.

The verdict figures are the ones a reviewer lives with: must-block drafts
that pass (leaks), public documents blocked, publishable documents sent to
redaction, and accuracy over four classes.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanner import Document, Part, Scanner
from scanner.labelled import read_labelled
from scanner.model import SEVERITY_RANK, Finding
from scanner.normalize import normalize

from .evaluate import Counts as KeyCounts

KEYS = ("markings", "work_secret_terms", "persons", "id_numbers", "phones", "emails", "bank_cards",
        "addresses", "credit_codes", "plates")
# How a finding type maps onto the corpus's ten keys.
TYPE_KEY = {
    "marking.classified": "markings",
    "pii.person": "persons",
    "pii.id_number": "id_numbers",
    "pii.phone": "phones",
    "pii.email": "emails",
    "pii.bank_card": "bank_cards",
    "pii.address": "addresses",
    "pii.credit_code": "credit_codes",
    "pii.plate": "plates",
}
# The closed work-secret vocabulary of the corpus is covered by these lexicon
# categories and by control marks; other categories (商业秘密, 敏感个人信息 …)
# are outside what the corpus labels and are not scored.
TERM_KINDS = {"term.disclosure_control", "term.personnel", "term.meeting_record", "term.process_document",
              "term.classified_carrier", "marking.restricted"}
SPAN_KEYS = {"persons", "addresses"}
DIGIT_KEYS = {"phones", "id_numbers", "bank_cards"}
LABELS = ("publishable", "publishable_after_redaction", "not_publishable", "escalate")
# baomi's five verdicts on the corpus's four classes.
VERDICT_CLASS = {
    "publish": "publishable",
    "publish_after_redaction": "publishable_after_redaction",
    "on_request_only": "not_publishable",
    "not_publishable": "not_publishable",
    "escalate": "escalate",
}
BLOCKING = {"not_publishable", "escalate"}


@dataclass
class DocCase:
    id: str
    text: str
    expected: dict[str, list[str]]
    decoys: list[str]
    extra: list[str]
    verdict: str
    genre: str = ""
    kind: str = ""
    source: str = ""


@dataclass
class DocResult:
    name: str
    cases: int = 0
    keys: dict[str, KeyCounts] = field(default_factory=dict)
    confusion: Counter = field(default_factory=Counter)  # (label, given class) -> n
    leaks: list[str] = field(default_factory=list)
    false_blocks: list[str] = field(default_factory=list)
    over_redaction: list[str] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def key(self, k: str) -> KeyCounts:
        return self.keys.setdefault(k, KeyCounts())

    @property
    def accuracy(self) -> float:
        right = sum(n for (want, got), n in self.confusion.items() if want == got)
        return right / self.cases if self.cases else 1.0

    def count(self, labels: set[str]) -> int:
        return sum(n for (want, _), n in self.confusion.items() if want in labels)

    def as_dict(self) -> dict[str, Any]:
        return {
            "corpus": self.name,
            "cases": self.cases,
            "verdict_accuracy": round(self.accuracy, 4),
            "leaks": {"n": len(self.leaks), "of": self.count(BLOCKING), "cases": self.leaks},
            "false_blocks": {"n": len(self.false_blocks), "of": self.count({"publishable", "publishable_after_redaction"}),
                             "cases": self.false_blocks},
            "over_redaction": {"n": len(self.over_redaction), "of": self.count({"publishable"}),
                               "cases": self.over_redaction},
            "keys": {k: {"tp": c.tp, "fp": c.fp, "fn": c.fn, "precision": round(c.precision, 4),
                         "recall": round(c.recall, 4)} for k, c in sorted(self.keys.items())},
            "confusion": [{"expected": w, "given": g, "count": n} for (w, g), n in sorted(self.confusion.items())],
            "errors": self.errors,
        }


def is_document_corpus(path: Path) -> bool:
    """A JSONL file in the external schema (``expected`` and ``verdict``), not a finding set."""
    try:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    raw = json.loads(line)
                    return isinstance(raw, dict) and "expected" in raw and "verdict" in raw
    except (OSError, ValueError):
        return False
    return False


def load_doc_cases(paths: list[Path]) -> list[DocCase]:
    def build(raw: dict[str, Any], f: Path, lineno: int) -> DocCase:
        exp = raw["expected"]
        return DocCase(
            id=str(raw["id"]),
            text=raw["text"],
            expected={k: list(exp.get(k) or []) for k in KEYS},
            decoys=[d["text"] if isinstance(d, dict) else str(d) for d in raw.get("decoys") or []],
            extra=[d["text"] if isinstance(d, dict) else str(d) for d in raw.get("acceptable_extra") or []],
            verdict=raw["verdict"],
            genre=str(raw.get("genre") or ""),
            kind=str(raw.get("kind") or ""),
            source=f"{f.name}:{lineno}",
        )

    return list(read_labelled(paths, build, "评测集"))


def _norm(s: str) -> str:
    return "".join(normalize(s).text.split())


def _digits(s: str) -> str:
    n = normalize(s).text
    return "".join(ch for ch in n if ch.isdigit() or ch in "xX").upper()


def _spans(text: str, needle: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(needle), text)] if needle else []


def _relocate(text: str, f: Finding) -> tuple[int, int]:
    """Where a finding read from another part (or from parsed HTML) stands in the case text."""
    i = text.find(f.text)
    return (i, i + len(f.text)) if i >= 0 else (-1, -1)


def predictions(findings: list[Finding]) -> dict[str, list[Finding]]:
    """Findings a reviewer is shown as calling for attention, by corpus key."""
    out: dict[str, list[Finding]] = {k: [] for k in KEYS}
    for f in findings:
        if f.suppressed:
            continue
        if f.type in TERM_KINDS:
            out["work_secret_terms"].append(f)
            continue
        key = TYPE_KEY.get(f.type)
        if key is None:
            continue
        out[key].append(f)
    return out


def _flagged(f: Finding) -> bool:
    """A person or term listed at low or info is shown, not flagged: it counts for recall, not against precision."""
    if f.type == "pii.person" or f.type in TERM_KINDS:
        return SEVERITY_RANK.get(f.severity, 9) <= SEVERITY_RANK["medium"]
    return True


def score_case(case: DocCase, findings: list[Finding], result: DocResult,
               spans: dict[int, tuple[int, int]] | None = None) -> None:
    preds = predictions(findings)
    for key in KEYS:
        counts = result.key(key)
        expected = case.expected[key]
        if key in SPAN_KEYS:
            exp_spans = {e: _spans(case.text, e) for e in expected}
            neutral = [sp for x in case.extra for sp in _spans(case.text, x)]
            hit_expected: set[str] = set()
            seen_fp: set[str] = set()
            for f in preds[key]:
                fs, fe = (spans or {}).get(id(f), (f.start, f.end))
                overl = [e for e, sps in exp_spans.items() if any(a < fe and fs < b for a, b in sps)]
                if overl:
                    hit_expected.update(overl)
                elif _flagged(f) and not any(a < fe and fs < b for a, b in neutral):
                    nk = _norm(f.text)
                    if nk not in seen_fp:
                        seen_fp.add(nk)
                        counts.fp += 1
                        result.errors.append({"case": case.id, "kind": "fp", "key": key, "text": f.text, "severity": f.severity})
            counts.tp += len(hit_expected)
            for e in expected:
                if e not in hit_expected:
                    counts.fn += 1
                    result.errors.append({"case": case.id, "kind": "fn", "key": key, "text": e})
            continue
        canon = _digits if key in DIGIT_KEYS else _norm
        want = {canon(e) for e in expected}
        neutral_c = {canon(x) for x in case.extra}
        got = {canon(f.text): f for f in preds[key]}
        for g, f in got.items():
            if g in want:
                counts.tp += 1
            elif g not in neutral_c and _flagged(f):
                counts.fp += 1
                result.errors.append({"case": case.id, "kind": "fp", "key": key, "text": f.text, "severity": f.severity})
        for e in expected:
            if canon(e) not in got:
                counts.fn += 1
                result.errors.append({"case": case.id, "kind": "fn", "key": key, "text": e})


# How the corpora write what a reader of the page does not see: a line that starts with one of these
# is a part of that kind (a Word comment, a tracked deletion, hidden text), as a reader would give it.
HIDDEN_LINES = {"【批注】": ("comment", "hidden.comment"), "【修订删除】": ("deleted_text", "hidden.tracked_deletion"),
                "【隐藏文字】": ("hidden_text", "hidden.hidden_text")}
_HTML = re.compile(r"<(?:p|h[1-6]|div|table|!--)[\s>]", re.I)


def document_of(case: DocCase) -> Document:
    """The document a reader would hand the scanner for a corpus text.

    A text that is a web page is read by the HTML reader (its comments and
    hidden blocks become hidden parts); lines marked as comments or tracked
    deletions become parts of those kinds; everything else is the body.
    """
    if _HTML.search(case.text):
        from pipelines.reader import read_bytes

        return read_bytes(case.text.encode("utf-8"), f"{case.id}.html")
    doc = Document.from_text(case.text, name=case.id)
    body, hidden = [], []
    for line in case.text.split("\n"):
        tag = next((t for t in HIDDEN_LINES if line.startswith(t)), None)
        if tag is None:
            body.append(line)
        else:
            kind, flag = HIDDEN_LINES[tag]
            hidden.append(Part(id=f"h{len(hidden) + 1}", kind=kind, text=line[len(tag):], flag=flag))
    if hidden:
        doc.parts = [Part(id="p1", kind="body", text="\n".join(body)), *hidden]
    return doc


def evaluate_docs(scanner: Scanner, cases: list[DocCase], name: str) -> DocResult:
    result = DocResult(name=name, cases=len(cases))
    for case in cases:
        doc = document_of(case)
        report = scanner.scan(doc)
        # offsets of findings are per part: those read from another part or from parsed HTML are
        # located again in the case text
        moved = doc.format != "txt" or len(doc.parts) > 1
        spans = {id(f): _relocate(case.text, f) if moved and f.part != "p1" or doc.format != "txt" else (f.start, f.end)
                 for f in report.findings}
        score_case(case, report.findings, result, spans)
        given = VERDICT_CLASS[report.verdict]
        result.confusion[(case.verdict, given)] += 1
        if case.verdict in BLOCKING and given not in BLOCKING:
            result.leaks.append(case.id)
        if case.verdict not in BLOCKING and given in BLOCKING:
            result.false_blocks.append(case.id)
        if case.verdict == "publishable" and given == "publishable_after_redaction":
            result.over_redaction.append(case.id)
        if given != case.verdict:
            result.errors.append({"case": case.id, "kind": "verdict", "key": "verdict",
                                  "text": f"{case.verdict}→{given}", "reason": report.verdict_reason})
    return result


KEY_LABELS = {
    "markings": "密级标志", "work_secret_terms": "控制/工作秘密词", "persons": "人名(中及以上)", "id_numbers": "身份证号",
    "phones": "电话", "emails": "电子邮箱", "bank_cards": "银行卡号", "addresses": "地址", "credit_codes": "信用代码",
    "plates": "车牌",
}


def format_doc_table(result: DocResult, errors: bool = False) -> str:
    d = result.as_dict()
    lines = [
        f"【{result.name}】文档 {result.cases} 篇",
        f"  结论准确率 {d['verdict_accuracy']:.3f}；应拦未拦 {d['leaks']['n']}/{d['leaks']['of']}；"
        f"可公开而被拦 {d['false_blocks']['n']}/{d['false_blocks']['of']}；"
        f"可直接公开而要求脱敏 {d['over_redaction']['n']}/{d['over_redaction']['of']}",
        f"  {'类别':14} {'tp':>5} {'fp':>5} {'fn':>5} {'precision':>10} {'recall':>8}",
    ]
    for k in KEYS:
        c = result.keys.get(k)
        if c is None or c.tp + c.fp + c.fn == 0:
            continue
        lines.append(f"  {KEY_LABELS[k]:14} {c.tp:5d} {c.fp:5d} {c.fn:5d} {c.precision:10.3f} {c.recall:8.3f}")
    lines.append("  结论（行为标注，列为判定）" + "".join(f"{lab[:12]:>14}" for lab in LABELS))
    for want in LABELS:
        if result.count({want}):
            lines.append(f"  {want:26}" + "".join(f"{result.confusion.get((want, g), 0):14d}" for g in LABELS))
    if errors and result.errors:
        lines.append("  错误明细：")
        for e in result.errors:
            lines.append(f"    {e['kind']:8} {e['key']:18} {e['case']:10} {e['text']}")
    return "\n".join(lines)
