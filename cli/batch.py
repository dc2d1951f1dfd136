"""``baomi batch`` and ``baomi crawl``: review what is already published, site-wide.

One line per page or attachment (the report, or an error record), stored in
the service's database as it goes, so ``--resume`` can finish a killed run
and a re-run only scans what changed.  Exit codes as for ``baomi scan``:
0 all publish, 1 any action needed, 2 when any item could not be read or
the command was misused.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime
from pathlib import Path

import pipelines
from pipelines.batch import Aborted, config_key, run_batch
from pipelines.batch.crawl import CrawlSource
from pipelines.batch.diff import compare
from pipelines.batch.engines import make_engine
from pipelines.batch.fetch import Fetcher
from pipelines.batch.masking import check
from pipelines.batch.model import Outcome
from pipelines.batch.progress import Progress
from pipelines.batch.sink import MemorySink, Sink
from pipelines.batch.sources import DirSource, Source, UrlListSource, looks_like_url_list
from pipelines.batch.summary import Summary, render_csv, render_html
from pipelines.report.labels import VERDICTS
from scanner import BaomiError
from scanner.errors import printable
from scanner.scanner import CHANNELS

from .scan import add_scanner_options, scanner_from_args


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=["text", "json"], default="text", help="json：每个页面或附件输出一行报告")
    p.add_argument("--channel", choices=list(CHANNELS), default="website", help="发布渠道：website 政府网站、weibo 政务微博、wechat 微信公众号、unspecified 未定（影响审查结论和审批流程）")
    p.add_argument("--workers", type=int, default=None, metavar="N", help="本机并行进程数（默认 CPU 核数；0 为不另开进程）")
    p.add_argument("--engine", choices=["local", "dask"], default="local", help="local：本机进程池；dask：Dask 集群")
    p.add_argument("--scheduler", metavar="tcp://HOST:8786", help="Dask 调度器地址（--engine dask）")
    p.add_argument("--resume", action="store_true", help="继续上次中断的运行，已完成的不再审查")
    p.add_argument("--data-dir", metavar="DIR", help="数据目录（默认 BAOMI_DATA_DIR；数据库可用 BAOMI_DATABASE_URL 指定）")
    p.add_argument("--dev", action="store_true", help="开发模式：没有 BAOMI_SECRET_KEY 时在数据目录生成密钥")
    p.add_argument("--no-store", action="store_true", help="不写数据库（不能增量或续跑）")
    p.add_argument("--department", default="", help="结果归属的部门")
    p.add_argument("--out", metavar="DIR", help="汇总报告 summary.html 和待下线页面 takedown.csv 的目录")
    p.add_argument("--max-bytes", type=int, default=pipelines.DEFAULT_MAX_BYTES, help="单个文件大小上限（字节），超过则不审查")
    p.add_argument("--doc-timeout", type=float, default=300.0, metavar="S",
                   help="单个文件的处理时限（秒），超时记为错误 timeout 并继续；0 为不限")
    p.add_argument("--stop-after", type=int, default=None, help=argparse.SUPPRESS)  # tests: simulate a kill
    add_scanner_options(p)


def _net(p: argparse.ArgumentParser) -> None:
    p.add_argument("--concurrency", type=int, default=4, metavar="N", help="同时下载数")
    p.add_argument("--delay", type=float, default=0.5, metavar="S", help="同一网站两次请求的最小间隔（秒）")
    p.add_argument("--timeout", type=float, default=20.0, metavar="S", help="单个页面的下载超时（秒）")


def register(sub) -> None:
    b = sub.add_parser("batch", help="批量审查目录中的网页和文档，或网址列表")
    b.add_argument("path", metavar="PATH|urls.txt", help="目录、单个文件，或每行一个网址的文本文件")
    _common(b)
    _net(b)
    b.set_defaults(func=run_batch_cmd)
    c = sub.add_parser("crawl", help="抓取并审查同一网站的页面和附件")
    c.add_argument("url", metavar="URL", help="起始网址")
    c.add_argument("--max-pages", type=int, default=1000, metavar="N", help="最多抓取的页面和附件数")
    c.add_argument("--no-sitemap", action="store_true", help="不读取 sitemap.xml")
    _common(c)
    _net(c)
    c.set_defaults(func=run_crawl_cmd)


def _fetcher(args: argparse.Namespace) -> Fetcher:
    return Fetcher(timeout=args.timeout, max_bytes=args.max_bytes, delay=args.delay)


def run_batch_cmd(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if not path.exists():
        raise BaomiError("not_found", name=args.path)
    if looks_like_url_list(path):
        source: Source = UrlListSource(path, _fetcher(args), concurrency=max(1, args.concurrency))
    else:
        source = DirSource(path, max_bytes=args.max_bytes)
    return _execute(args, source, max_items=None)


def run_crawl_cmd(args: argparse.Namespace) -> int:
    source = CrawlSource(args.url, _fetcher(args), concurrency=max(1, args.concurrency), use_sitemap=not args.no_sitemap)
    return _execute(args, source, max_items=args.max_pages)


def _sink(args: argparse.Namespace) -> tuple[Sink, Path | None]:
    if args.no_store:
        if args.resume:
            raise BaomiError("usage", "--resume 需要数据库，不能与 --no-store 同用")
        return MemorySink(), None
    from pipelines.batch.store_sink import StoreSink
    from pipelines.store import Store, default_data_dir

    store = Store.open(data_dir=args.data_dir, dev=args.dev)
    ddir = Path(args.data_dir) if args.data_dir else (None if os.environ.get("BAOMI_DATABASE_URL") else default_data_dir())
    return StoreSink(store, department=args.department), ddir


def _print(args: argparse.Namespace, o: Outcome) -> None:
    if args.format == "json":
        print(json.dumps(o.line(), ensure_ascii=False), flush=True)
    elif o.error:
        print(f"错误\t{printable(o.name)}\t[{o.error.get('code')}] {o.error.get('message', '')}", flush=True)
    else:
        n = (o.report or {}).get("summary", {}).get("total", 0)
        tail = "（未变化，沿用上次结果）" if o.status == "unchanged" else ""
        tail += f"（附件，来自 {o.linked_from}）" if o.linked_from else ""
        print(f"{VERDICTS.get(o.verdict or '', o.verdict)}\t{printable(o.name)}\t{n} 处{tail}", flush=True)


def _execute(args: argparse.Namespace, source: Source, *, max_items: int | None) -> int:
    if args.engine == "dask" and not args.scheduler:
        raise BaomiError("usage", "--engine dask 需要 --scheduler tcp://主机:8786")
    scanner = scanner_from_args(args)  # fails fast on a bad lexicon/policy, before any download
    config = config_key(scanner, args.channel)
    sink, ddir = _sink(args)
    progress = Progress()
    started = datetime.now().astimezone().isoformat(timespec="seconds")
    try:
        with make_engine(args.engine, scanner.options, channel=args.channel, max_bytes=args.max_bytes,
                         workers=args.workers, scheduler=args.scheduler, timeout=args.doc_timeout or None) as engine:
            result = run_batch(source, engine, sink, config=config, resume=args.resume, max_items=max_items,
                               stop_after=args.stop_after, on_outcome=lambda o: _print(args, o), progress=progress)
    except Aborted:
        print("baomi: 运行已中止；已完成的结果已保存，用 --resume 继续。", file=sys.stderr)
        return 130
    finally:
        progress.close()
        source.close()
        sink.close()
    outcomes = result.outcomes
    changes = compare(outcomes, result.previous)
    groups = check(outcomes)
    title = f"保密审查汇总：{source.name}"
    out = Path(args.out) if args.out else (ddir / "runs" / result.run.id if ddir else None)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "summary.html").write_text(render_html(Summary(title, outcomes, changes, groups, result.skipped, started)), encoding="utf-8")
        (out / "takedown.csv").write_text(render_csv(outcomes), encoding="utf-8")
    errors = sum(1 for o in outcomes if o.error)
    act = sum(1 for o in outcomes if o.verdict and o.verdict != "publish")
    c = changes.counts()
    line = (f"共 {len(outcomes)} 个页面和附件：需要处理 {act}，出错 {errors}；"
            f"新发现 {c['new']}，已整改 {c['fixed']}，仍未整改 {c['still_open']}；脱敏方式不一致 {len(groups)} 组")
    if out is not None:
        line += f"；汇总：{out / 'summary.html'}"
    print(line, file=sys.stderr)
    if errors:
        return 2
    return 1 if act else 0
