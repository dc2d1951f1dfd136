"""New, fixed, still open, suppressed: matched by fingerprint per page."""
from __future__ import annotations

import pytest

from pipelines.batch.diff import compare, gone
from pipelines.batch.model import Outcome


def o(name, status, *fps, suppressed=(), error=None):
    findings = [{"type": "pii.phone", "fingerprint": fp} for fp in fps]
    findings += [{"type": "term.x", "fingerprint": fp, "suppressed": {"by": "保密员"}} for fp in suppressed]
    return Outcome(name, "page", status, report=None if error else {"findings": findings}, error=error)


def test_compare():
    prev = {"a": o("a", "new", "1", "2"), "b": o("b", "new", "3"), "c": o("c", "new", "4"), "d": o("d", "new", "5"), "e": o("e", "new", "6")}
    cur = [
        o("a", "changed", "2", "7"),  # 1 fixed, 2 still open, 7 new
        o("b", "unchanged", "3"),
        o("c", "changed", suppressed=("4",)),  # suppressed by a reviewer, not fixed
        o("d", "error", error={"code": "fetch", "message": "无法获取网页：HTTP 404 页面不存在。"}),  # taken down: fixed
        o("e", "error", error={"code": "timeout", "message": "处理超时"}),  # unknown: neither fixed nor open
        o("f", "new", "8"),
    ]
    ch = compare(cur, prev)
    assert {(r.name, r.fingerprint) for r in ch.new} == {("a", "7"), ("f", "8")}
    assert {(r.name, r.fingerprint) for r in ch.fixed} == {("a", "1"), ("d", "5")}
    assert {(r.name, r.fingerprint) for r in ch.still_open} == {("a", "2"), ("b", "3")}
    assert {(r.name, r.fingerprint) for r in ch.suppressed} == {("c", "4")}
    assert ch.pages == {"changed": 2, "unchanged": 1, "error": 2, "new": 1}


@pytest.mark.parametrize("err, expected", [
    ({"code": "fetch", "message": "HTTP 404 页面不存在"}, True),
    ({"code": "fetch", "message": "HTTP 410 页面已删除"}, True),
    ({"code": "fetch", "message": "HTTP 500 服务器内部错误"}, False),
    ({"code": "timeout", "message": ""}, False),
])
def test_gone(err, expected):
    assert gone(err) is expected
