"""Every finding a corpus document produces has a Chinese name in the reports and the web page."""
from __future__ import annotations

import json
import re
from pathlib import Path

from pipelines.report.labels import type_label
from scanner import Document, ScanOptions, Scanner

ROOT = Path(__file__).resolve().parents[3]


def test_every_finding_type_of_the_corpora_has_a_chinese_label():
    sc = Scanner(ScanOptions(ner=False))
    seen: set[str] = set()
    for path in sorted((ROOT / "corpus_samples" / "judgement").glob("*dev*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                seen.update(f.type for f in sc.scan(Document.from_text(rec["text"])).findings)
    assert {"term.internal_document", "marking.classified"} <= seen
    unnamed = sorted(t for t in seen if re.search(r"[A-Za-z_]", type_label(t)))
    assert unnamed == []
