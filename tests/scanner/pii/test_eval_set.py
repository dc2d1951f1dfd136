"""The labelled set corpus_samples/eval/pii.jsonl: its shape, and the accuracy it promises."""
from __future__ import annotations

import json

import pytest

from scanner.pii import TYPES


@pytest.fixture(scope="module")
def cases(root):
    path = root / "corpus_samples" / "eval" / "pii.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_shape(cases):
    assert len(cases) >= 60
    assert len({c["id"] for c in cases}) == len(cases)
    for c in cases:
        assert sorted(c["types"]) == sorted(TYPES), c["id"]
        for label in c["labels"]:
            assert label["type"] in TYPES and label["text"] in c["text"], c["id"]
    covered = {label["type"] for c in cases for label in c["labels"]}
    assert covered == set(TYPES)
    assert sum(1 for c in cases if not c["labels"]) >= 15  # hard negatives


def test_precision_and_recall(root, scanner):
    evaluate = pytest.importorskip("pipelines.evaluate")
    result = evaluate.evaluate(scanner, evaluate.load_cases([root / "corpus_samples" / "eval" / "pii.jsonl"]))
    total = result.group("pii")
    assert total.tp >= 60
    assert total.precision >= 0.98 and total.recall >= 0.98, result.errors
