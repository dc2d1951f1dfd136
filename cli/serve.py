"""``baomi serve``: the review service and its web page on one port."""
from __future__ import annotations

import argparse
import logging
import os

from scanner import BaomiError, ScanOptions

from .scan import add_scanner_options


def add_store_options(p: argparse.ArgumentParser) -> None:
    """--data-dir for every command that touches the database (BAOMI_DATABASE_URL still wins for the URL)."""
    p.add_argument("--data-dir", metavar="DIR", default=None,
                   help="数据目录（默认环境变量 BAOMI_DATA_DIR，否则 ~/.local/share/baomi）；数据库地址见 BAOMI_DATABASE_URL")


def register(sub) -> None:
    p = sub.add_parser("serve", help="启动审查服务和网页（默认仅本机 127.0.0.1:8000）")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    add_store_options(p)
    p.add_argument("--dev", action="store_true", help="试用模式：未设置 BAOMI_SECRET_KEY 时在数据目录生成密钥")
    p.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2)), metavar="N", help="审查进程数（每个进程加载一次模型）")
    p.add_argument("--max-upload-mb", type=int, default=20, metavar="MB", help="上传大小上限")
    p.add_argument("--async-threshold-mb", type=float, default=2.0, metavar="MB", help="超过此大小的稿件后台审查，返回 202")
    p.add_argument("--timeout", type=float, default=60.0, metavar="S", help="单次审查请求超时（秒）")
    p.add_argument("--keep-drafts", action="store_true", help="保存原稿（加密），以便下载批注副本和脱敏副本；默认不保存")
    p.add_argument("--draft-retention-days", type=int, default=30, metavar="N")
    p.add_argument("--report-retention-days", type=int, default=365, metavar="N")
    p.add_argument("--secure-cookies", action="store_true", help="经 HTTPS 反向代理提供服务时设置")
    add_scanner_options(p)
    p.set_defaults(func=run)


def settings_from_args(args: argparse.Namespace):
    from pathlib import Path

    from api.settings import Settings

    if args.workers < 0 or args.max_upload_mb < 1:
        raise BaomiError("usage", "--workers 不能为负数，--max-upload-mb 至少为 1")
    return Settings(
        data_dir=Path(args.data_dir) if args.data_dir else None,
        dev=args.dev,
        workers=args.workers,
        scan_options=ScanOptions(
            lexicons=[Path(p) for p in args.lexicon], allowlists=[Path(p) for p in args.allowlist],
            baselines=[Path(p) for p in args.baseline], policy=Path(args.policy) if args.policy else None,
            ner=not args.no_ner, ner_model=args.ner_model, ocr=not getattr(args, "no_ocr", False)),
        max_upload_bytes=args.max_upload_mb * 1024 * 1024,
        async_threshold_bytes=int(args.async_threshold_mb * 1024 * 1024),
        request_timeout_s=args.timeout,
        keep_drafts=args.keep_drafts,
        draft_retention_days=args.draft_retention_days,
        report_retention_days=args.report_retention_days,
        secure_cookies=args.secure_cookies,
    )


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from api import create_app

    app = create_app(settings_from_args(args))  # fails here, before binding, without a secret key
    logging.getLogger("baomi").info("serving on http://%s:%d", args.host, args.port)
    # access log lines carry method, path and status only: never a request body
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", timeout_graceful_shutdown=10)
    return 0
