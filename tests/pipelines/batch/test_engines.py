"""Inline, local process pool and Dask cluster give the same reports for the same input."""
from __future__ import annotations

import pytest

from pipelines.batch import MemorySink, config_key, run_batch
from pipelines.batch.engines import DaskEngine, InlineEngine, LocalEngine
from pipelines.batch.sources import DirSource
from scanner import ScanOptions, Scanner

TIMING = {"elapsed", "elapsed_ms", "duration_ms", "scanned_at", "started_at", "finished_at"}

DOCS = {
    "a/1.txt": "秘密★5年\n关于做好防汛工作的会议纪要",
    "a/2.txt": "按照上级密电安排，提前做好准备。",
    "b/3.txt": "区政府召开常务会议，研究部署防汛工作。",
    "b/4.txt": "内部资料 注意保存\n名单如下。",
    "5.txt": "",  # empty: an error record, the same everywhere
}


def strip(x):
    if isinstance(x, dict):
        return {k: strip(v) for k, v in x.items() if k not in TIMING}
    if isinstance(x, list):
        return [strip(v) for v in x]
    return x


@pytest.fixture()
def mirror(tmp_path):
    for rel, text in DOCS.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return tmp_path


def reports(engine, root):
    opts = engine.options
    res = run_batch(DirSource(root), engine, MemorySink(), config=config_key(Scanner(opts), "website"))
    return {o.name: strip(o.line()) for o in res.outcomes}


OPTS = ScanOptions(ner=False)


@pytest.mark.slow
def test_local_pool_matches_inline(mirror):
    with InlineEngine(OPTS) as e:
        inline = reports(e, mirror)
    with LocalEngine(OPTS, workers=2) as e:
        pooled = reports(e, mirror)
    assert pooled == inline
    assert len(inline) == 5
    assert inline[str(mirror / "5.txt")]["error"]["code"] == "empty"
    assert inline[str(mirror / "a/1.txt")]["verdict"] == "not_publishable"


@pytest.mark.slow
def test_dask_cluster_matches_local(mirror):
    distributed = pytest.importorskip("distributed")
    with LocalEngine(OPTS, workers=2) as e:
        local = reports(e, mirror)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        with DaskEngine(OPTS, client=client) as e:
            assert e.workers == 2
            on_dask = reports(e, mirror)
    assert on_dask == local
