"""``baomi baseline create``: record today's findings as accepted, so reviews show only what is new.

A baseline entry is keyed by the finding's fingerprint (type + normalised
text, no position), so moving a paragraph or adding lines above it keeps it
suppressed while a new finding still shows.  The file is meant to be kept
next to drafts and shared, so it must not become a copy of what it
suppresses: it holds the fingerprint, the type, who accepted it and why,
and a masked preview -- never the finding text.  Classification markings
are never written: a marking is not something a reviewer can accept away.
"""
from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from scanner import BaomiError
from scanner.model import Finding
from scanner.policy import MaskStyle, Policy
from scanner.scanner import CHANNELS

from .scan import add_scanner_options, expand, read_input, scanner_from_args

PREVIEW_MAX = 24
HEADER = (
    "# baomi 基线：已确认可接受的发现。只记录指纹、类型、遮盖后的预览和确认人，不含原文。\n"
    "# 用法：baomi scan --baseline 本文件 ...；密级标志不会被记入基线。\n"
)


def register(sub) -> None:
    p = sub.add_parser("baseline", help="基线：将当前发现记为已确认可接受（按指纹，文字修改后仍有效）")
    bsub = p.add_subparsers(dest="baseline_command", metavar="ACTION")
    c = bsub.add_parser("create", help="审查文件，把全部发现（密级标志除外）写入基线文件")
    c.add_argument("paths", nargs="+", metavar="PATH", help="文件或目录")
    c.add_argument("--out", required=True, metavar="FILE", help="基线文件（YAML）")
    c.add_argument("--by", required=True, metavar="NAME", help="确认人")
    c.add_argument("--why", required=True, metavar="TEXT", help="确认理由")
    c.add_argument("--channel", choices=list(CHANNELS), default="unspecified", help="发布渠道：website 政府网站、weibo 政务微博、wechat 微信公众号、unspecified 未定（影响审查结论和审批流程）")
    c.add_argument("--max-bytes", type=int, default=None, help="单个文件大小上限（字节），超过则不审查")
    add_scanner_options(c)
    c.set_defaults(func=run_create)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def preview(f: Finding, policy: Policy) -> str:
    """A masked form of the finding, enough for a person to recognise it, not to read it."""
    style = policy.masking.get(f.type) or MaskStyle(keep_start=1)
    text = " ".join(f.text.split())
    shown = style.apply(text[:PREVIEW_MAX])
    return shown + ("…" if len(text) > PREVIEW_MAX else "")


def entries(findings: list[Finding], policy: Policy, by: str, why: str, at: str) -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for f in findings:
        if f.suppressed or f.type.startswith("marking."):
            continue
        fp = f.fingerprint
        if fp in out:
            out[fp]["count"] += 1
            continue
        out[fp] = {"fingerprint": fp, "type": f.type, "preview": preview(f, policy), "by": by, "why": why, "at": at, "count": 1}
    return list(out.values())


def run_create(args: argparse.Namespace) -> int:
    import pipelines

    if not args.by.strip() or not args.why.strip():
        raise BaomiError("usage", "--by 和 --why 不能为空：基线须写明确认人和理由")
    scanner = scanner_from_args(args)
    max_bytes = args.max_bytes or pipelines.DEFAULT_MAX_BYTES
    at = datetime.now().isoformat(timespec="seconds")
    found: list[Finding] = []
    markings = 0
    for p in expand(args.paths):
        report = scanner.scan(read_input(p, max_bytes), channel=args.channel)
        found.extend(report.findings)
        markings += sum(1 for f in report.active if f.type.startswith("marking."))
    items = entries(found, scanner.policy, args.by.strip(), args.why.strip(), at)
    body = yaml.safe_dump({"version": 1, "entries": items}, allow_unicode=True, sort_keys=False)
    out = Path(args.out)
    try:
        out.write_text(HEADER + body, encoding="utf-8")
    except OSError:
        raise BaomiError("usage", f"无法写入 {out}") from None
    print(f"基线已保存：{out}（{len(items)} 条）")
    if markings:
        print(f"注意：{markings} 处密级标志不能记入基线，仍须处理。", file=sys.stderr)
    return 0
