"""Batch throughput with NER on: 1 and 2 local workers, and a 2-worker Dask LocalCluster, on one generated mirror.

``python -m benchmarks.bench_batch --pages 200`` runs it small; the default
is 2,000 pages of about 3,000 characters.  Memory is the resident set of
each worker process after the run (Scanner and model loaded).
"""
from __future__ import annotations

import argparse
import random
import tempfile
import threading
import time
from pathlib import Path

import psutil

from pipelines.batch import MemorySink, config_key, run_batch
from pipelines.batch.engines import DaskEngine, Engine, LocalEngine
from pipelines.batch.sources import DirSource
from scanner import ScanOptions, Scanner

SECTIONS = ["zwgk", "xwzx", "tzgg", "bsfw", "zcjd"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"
SENTENCES = [
    "区政府召开常务会议，研究部署近期防汛抗旱和安全生产工作。",
    "会议强调，要坚持以人民为中心的发展思想，切实保障群众生命财产安全。",
    "各街道、各部门要压实工作责任，加强隐患排查，确保各项措施落到实处。",
    "现将有关事项通知如下，请结合实际认真贯彻执行。",
    "联系人：{name}，联系电话：{phone}。",
    "经审核，{name}同志符合补助条件，现予以公示，公示期为七个工作日。",
    "地址：某某市某某区人民路{n}号。",
    "本通知自印发之日起施行，由区政府办公室负责解释。",
]


def page(i: int, rng: random.Random, chars: int = 3000) -> str:
    body: list[str] = []
    size = 0
    while size < chars:
        s = rng.choice(SENTENCES).format(
            name=rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))),
            phone="1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9)),
            n=rng.randint(1, 300),
        )
        body.append(s)
        size += len(s)
    paras = "".join(f"<p>{s}</p>\n" for s in body)
    return f'<!doctype html><html><head><meta charset="utf-8"><title>通知 {i}</title></head><body><h1>通知 {i}</h1>\n{paras}<a href="../index.html">返回</a></body></html>'


def make_mirror(root: Path, pages: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    for i in range(pages):
        d = root / SECTIONS[i % len(SECTIONS)]
        d.mkdir(parents=True, exist_ok=True)
        (d / f"{i:05d}.html").write_text(page(i, rng), encoding="utf-8")


def warm(engine: Engine, n: int) -> None:
    """Start every worker and load its model before the clock starts."""
    left = threading.Semaphore(0)
    for i in range(n):
        engine.submit(f"warm-{i}", "预热：区政府召开常务会议。王伟出席。".encode(), lambda name, res: left.release())
    for _ in range(n):
        left.acquire()


def timed(engine: Engine, root: Path, cfg: str) -> tuple[float, int]:
    warm(engine, engine.workers * 4)
    t0 = time.perf_counter()
    res = run_batch(DirSource(root), engine, MemorySink(), config=cfg)
    dt = time.perf_counter() - t0
    errors = sum(1 for o in res.outcomes if o.error)
    return len(res.outcomes) / dt, errors


def rss_mb(pids: list[int]) -> list[float]:
    out = []
    for pid in pids:
        try:
            out.append(psutil.Process(pid).memory_info().rss / 2**20)
        except psutil.Error:
            pass
    return out


def _worker_rss() -> float:
    return psutil.Process().memory_info().rss / 2**20


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="bench_batch")
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--no-ner", action="store_true")
    ap.add_argument("--skip-dask", action="store_true")
    args = ap.parse_args(argv if argv is not None else [])
    opts = ScanOptions(ner=not args.no_ner)
    sc = Scanner(opts)
    cfg = config_key(sc, "website")
    ner = sc.engine_info().get("ner_model", "无（模型不可用）" if opts.ner else "关闭")
    with tempfile.TemporaryDirectory(prefix="baomi-bench-") as tmp:
        root = Path(tmp)
        make_mirror(root, args.pages)
        print(f"batch: {args.pages} HTML pages of ~3,000 chars; NER: {ner}")
        rates = {}
        for workers in (1, 2):
            with LocalEngine(opts, workers=workers) as eng:
                rate, errors = timed(eng, root, cfg)
                mem = rss_mb([p.pid for p in eng.pool._processes.values()])
            rates[workers] = rate
            print(f"  local  workers={workers}: {rate:7.1f} pages/s  errors={errors}  worker RSS MB: {', '.join(f'{m:.0f}' for m in mem)}")
        print(f"  scaling 2 vs 1 local workers: {rates[2] / rates[1]:.2f}x (target >= 1.7x)")
        if not args.skip_dask:
            import distributed

            with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                          dashboard_address=None) as cluster, distributed.Client(cluster) as client:
                with DaskEngine(opts, client=client) as eng:
                    rate, errors = timed(eng, root, cfg)
                mem = list(client.run(_worker_rss).values())
            print(f"  dask   workers=2: {rate:7.1f} pages/s  errors={errors}  worker RSS MB: {', '.join(f'{m:.0f}' for m in mem)}")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
