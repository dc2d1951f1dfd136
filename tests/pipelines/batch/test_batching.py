"""Engines group documents into small tasks; a partial group leaves after a short wait; results reach every caller."""
from __future__ import annotations

import threading

from pipelines.batch import engines
from pipelines.batch.work import scan_batch
from scanner import ScanOptions


def test_full_batches_leave_at_once_and_a_partial_one_after_the_wait():
    sent: list[list[str]] = []
    got = threading.Event()

    def send(items):
        sent.append([name for name, _, _ in items])
        if len(sent) == 2:
            got.set()

    b = engines._Batcher(send, size=3)
    for i in range(4):
        b.add(f"d{i}", b"", lambda *a: None)
    assert sent == [["d0", "d1", "d2"]]  # the fourth waits for company
    assert got.wait(5)  # ... but not for ever
    assert sent == [["d0", "d1", "d2"], ["d3"]]


def test_a_batch_gives_each_document_its_own_report_or_error():
    options = ScanOptions(ner=False)
    items = [
        ("a.txt", "秘密★1年\n正文".encode()),
        ("empty.txt", b""),
        ("c.txt", "一则普通的通知。".encode()),
    ]
    results = scan_batch(items, options)
    assert [r.name for r in results] == ["a.txt", "empty.txt", "c.txt"]
    assert results[0].report["verdict"] == "not_publishable"
    assert results[1].error["code"] == "empty" and results[1].report is None
    assert results[2].report["verdict"] == "publish"


def test_the_local_pool_delivers_every_result_of_a_batch(tmp_path):
    done: dict[str, object] = {}
    finished = threading.Event()
    names = [f"p{i}.txt" for i in range(6)]

    def cb(name, res):
        done[name] = res
        if len(done) == len(names):
            finished.set()

    with engines.LocalEngine(ScanOptions(ner=False), workers=1) as eng:
        for n in names:
            eng.submit(n, "关于某事的通知。".encode(), cb)
        assert finished.wait(120)
    assert sorted(done) == sorted(names)
    assert all(r.report["verdict"] == "publish" for r in done.values())
