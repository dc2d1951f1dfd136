"""``baomi serve``: the review service and its web page on one port."""
from __future__ import annotations

import argparse
import errno
import logging
import os
import socket

from scanner import BaomiError, ScanOptions

from .scan import add_scanner_options

ROLES_HELP = """启动审查服务和网页。

角色（baomi user add --role）：
  section_chief    科长（提出公开的科室）：上传稿件、自审、脱敏处理、送审、提交新版本；不能审批自己送审的稿件
  leader           分管领导：审批所分管部门（--oversees）的送审稿，同意或退回（须写理由）；主要负责人签字也由此角色办理
  secrecy_officer  保密工作负责人：办理解密、确定密级、保密签字和报上级机关批准的记录；可查看全单位送审稿和审计日志
  publisher        发布科室：审批完成后登记发布渠道、网址和发布时间（发布登记簿）；可查看全单位送审稿
  admin            管理员：管理账号，查看审计日志

某一步骤没有可以办理的账号时，服务启动时和送审稿列表中会给出提示。"""


def add_store_options(p: argparse.ArgumentParser) -> None:
    """--data-dir for every command that touches the database (BAOMI_DATABASE_URL still wins for the URL)."""
    p.add_argument("--data-dir", metavar="DIR", default=None,
                   help="数据目录（默认环境变量 BAOMI_DATA_DIR，否则 ~/.local/share/baomi）；数据库地址见 BAOMI_DATABASE_URL")


def register(sub) -> None:
    p = sub.add_parser("serve", help="启动审查服务和网页（默认仅本机 127.0.0.1:8000）", description=ROLES_HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，仅本机）")
    p.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    p.add_argument("--timezone", default=os.environ.get("BAOMI_TIMEZONE", "Asia/Shanghai"), metavar="TZ",
                   help="本单位时区：发布登记簿、CSV 和网页按此显示时间（默认 Asia/Shanghai，或环境变量 BAOMI_TIMEZONE）")
    add_store_options(p)
    p.add_argument("--dev", action="store_true", help="试用模式：未设置 BAOMI_SECRET_KEY 时在数据目录生成密钥")
    p.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2)), metavar="N", help="审查进程数（每个进程加载一次模型）")
    p.add_argument("--max-upload-mb", type=int, default=20, metavar="MB", help="上传大小上限")
    p.add_argument("--async-threshold-mb", type=float, default=2.0, metavar="MB", help="超过此大小的稿件后台审查，返回 202")
    p.add_argument("--timeout", type=float, default=60.0, metavar="S", help="单次审查请求超时（秒）")
    p.add_argument("--keep-drafts", action="store_true", help="保存原稿（加密），以便下载批注副本和脱敏副本；默认不保存")
    p.add_argument("--draft-retention-days", type=int, default=30, metavar="N", help="原稿保存天数（默认 30）")
    p.add_argument("--report-retention-days", type=int, default=365, metavar="N", help="审查报告保存天数（默认 365）")
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
        timezone=_timezone(args.timezone),
    )


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound before anything starts, so a port in use is one coded line, not uvicorn's exit 3."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError, OverflowError):
        raise BaomiError("config", f"无法解析监听地址 {host!r}，请检查 --host") from None
    family, kind, proto, _, addr = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(addr)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise BaomiError("config", f"端口 {port} 已被占用，请用 --port 换一个端口，或先停止占用它的程序") from None
        if exc.errno == errno.EACCES:
            raise BaomiError("config", f"无权监听端口 {port}（1024 以下的端口需要管理员权限），请用 --port 换一个端口") from None
        raise BaomiError("config", f"无法监听 {host}:{port}（{exc.strerror}）") from None
    sock.set_inheritable(True)
    return sock


def _timezone(name: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise BaomiError("usage", f"未知时区 {name}（例如 Asia/Shanghai）") from None
    return name


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from api import create_app

    if not 0 <= args.port <= 65535:
        raise BaomiError("usage", "--port 应在 0 到 65535 之间")
    settings = settings_from_args(args)
    sock = bind(args.host, args.port)
    try:
        app = create_app(settings)  # fails here, before serving, without a secret key
        logging.getLogger("baomi").info("serving on http://%s:%d", args.host, sock.getsockname()[1])
        # access log lines carry method, path and status only: never a request body
        config = uvicorn.Config(app, log_level="info", timeout_graceful_shutdown=10)
        server = uvicorn.Server(config)
        app.state.request_exit = lambda: setattr(server, "should_exit", True)
        try:
            server.run(sockets=[sock])
        except SystemExit:  # uvicorn's exit 3 when start-up failed some other way
            raise BaomiError("config", "服务启动失败，详见上方日志") from None
        if app.state.startup_error is not None:
            raise app.state.startup_error
    finally:
        sock.close()
    return 0
