"""The evaluation harness counts true/false positives and misses per type, by exact text."""
from __future__ import annotations

import json

import pytest

from pipelines.evaluate import evaluate, format_table, load_cases
from scanner import BaomiError


def write(tmp_path, rows):
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


def test_counts_hits_misses_and_false_alarms(tmp_path, scanner):
    path = write(tmp_path, [
        # a marking that is found: tp
        {"id": "a", "text": "秘密★1年\n关于某事的通知", "labels": [{"type": "marking.classified", "text": "秘密★1年"}], "types": ["marking.*"]},
        # a label for something the scanner cannot find: fn
        {"id": "b", "text": "正文里没有任何标志。", "labels": [{"type": "marking.classified", "text": "正文"}], "types": ["marking.*"]},
        # a negative that the scanner flags: fp
        {"id": "c", "text": "机密★2年", "labels": [], "types": ["marking.*"]},
        # out-of-scope types are ignored: the term 拟任 is not counted here
        {"id": "d", "text": "张某拟任主任。", "labels": [], "types": ["marking.*"]},
    ])
    result = evaluate(scanner, load_cases([path]))
    c = result.by_type["marking.classified"]
    assert (c.tp, c.fp, c.fn) == (1, 1, 1)
    assert c.precision == pytest.approx(0.5) and c.recall == pytest.approx(0.5)
    assert "term.personnel" not in result.by_type
    kinds = sorted((e["case"], e["kind"]) for e in result.errors)
    assert kinds == [("b", "fn"), ("c", "fp")]
    table = format_table(result, errors=True)
    assert "marking.classified" in table and "0.500" in table


def test_repeated_occurrences_are_counted_as_a_multiset(tmp_path, scanner):
    path = write(tmp_path, [
        {"id": "r", "text": "秘密★1年\n\n秘密★1年", "labels": [{"type": "marking.classified", "text": "秘密★1年"}], "types": ["marking.*"]},
    ])
    c = evaluate(scanner, load_cases([path])).by_type["marking.classified"]
    assert (c.tp, c.fp, c.fn) == (1, 1, 0)


def test_malformed_line_names_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x", "text": "ok", "labels": []}\n{not json\n', encoding="utf-8")
    with pytest.raises(BaomiError) as exc:
        load_cases([path])
    assert exc.value.code == "usage" and "bad.jsonl" in exc.value.message and "2" in exc.value.message


def test_severity_labels_are_compared_with_the_judgement(tmp_path, scanner):
    path = write(tmp_path, [
        # an ID number is high (lexicons/pii.yaml); labelled high: agreement
        {"id": "j1", "text": "身份证号110101199003071233。", "types": ["pii.*"],
         "labels": [{"type": "pii.id_number", "text": "110101199003071233", "severity": "high"}]},
        # an office landline is low; a reviewer who expected high sees one missed high
        {"id": "j2", "text": "电话0731-82345678。", "types": ["pii.*"],
         "labels": [{"type": "pii.phone", "text": "0731-82345678", "severity": "high"}]},
        # a label without severity is counted for recall only
        {"id": "j3", "text": "邮箱abc@example.cn。", "types": ["pii.*"], "labels": [{"type": "pii.email", "text": "abc@example.cn"}]},
    ])
    result = evaluate(scanner, load_cases([path]))
    assert dict(result.judged) == {("pii.id_number", "high", "high"): 1, ("pii.phone", "high", "low"): 1}
    assert [(e["case"], e["kind"]) for e in result.errors] == [("j2", "high→low")]
    table = format_table(result)
    assert "一致 0/1 = 0.000；应为 high 而判低（漏判）1" in table
    assert "一致 1/1 = 1.000" in table
