"""``baomi baseline create``: record today's findings as accepted, so reviews show only what is new.

A baseline entry is keyed by the finding's fingerprint (type + normalised
text, no position), so moving a paragraph or adding lines above it keeps it
suppressed while a new finding still shows.  The file is meant to be kept
next to drafts and shared, so it must not become a copy of what it
suppresses: it holds the fingerprint, the type, who accepted it and why,
and a masked preview -- never the finding text.  Classification markings
are never written: a marking is not something a reviewer can accept away.

Acceptance is a decision per finding, so nothing is written until the
reviewer names what they accept: ``--accept`` with the numbers or
fingerprints from the list this command prints, or ``--all`` for every
finding that may be accepted in bulk.  Terms that stand for a decision not
yet public (拟任, 讨论稿, 会议纪要 ...) and every other lexicon term must be
named one by one; markings cannot be accepted at all.
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
    c = bsub.add_parser("create", help="审查文件，列出每处发现；只把 --accept 选中的（或 --all 可批量接受的）写入基线")
    c.add_argument("paths", nargs="+", metavar="PATH", help="文件或目录")
    c.add_argument("--out", required=True, metavar="FILE", help="基线文件（YAML）")
    c.add_argument("--by", required=True, metavar="NAME", help="确认人")
    c.add_argument("--why", required=True, metavar="TEXT", help="确认理由")
    c.add_argument("--accept", action="append", default=[], metavar="N,…|指纹",
                   help="接受的发现：列表中的序号（如 1,3）或指纹，可重复；密级标志不能接受")
    c.add_argument("--all", action="store_true",
                   help="接受全部可批量接受的发现（个人信息、文档属性等）；敏感词（含拟任、讨论稿等未决事项）须用 --accept 逐条选择")
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


def candidates(findings: list[Finding]) -> list[Finding]:
    """One finding per fingerprint, in document order: the numbered list the reviewer chooses from."""
    seen: dict[str, Finding] = {}
    for f in findings:
        if not f.suppressed and f.fingerprint not in seen:
            seen[f.fingerprint] = f
    return list(seen.values())


def bulk_ok(f: Finding) -> bool:
    """May this finding be accepted by --all?  Never a marking, never a lexicon term (a pending decision)."""
    return not f.type.startswith(("marking.", "term."))


def chosen(listed: list[Finding], accept: list[str], everything: bool) -> set[str]:
    """Fingerprints the reviewer accepted; a number or fingerprint not in the list is a usage error."""
    by_fp = {f.fingerprint: f for f in listed}
    out: set[str] = set()
    for item in accept:
        for token in (t.strip() for t in item.replace("，", ",").split(",")):
            if not token:
                continue
            if token.isdigit() and 1 <= int(token) <= len(listed):
                f = listed[int(token) - 1]
            elif token in by_fp:
                f = by_fp[token]
            else:
                raise BaomiError("usage", f"--accept {token}：列表中没有这一项（序号 1–{len(listed)} 或指纹）")
            if f.type.startswith("marking."):
                raise BaomiError("usage", f"第 {listed.index(f) + 1} 项是密级标志，不能记入基线")
            out.add(f.fingerprint)
    if everything:
        out |= {f.fingerprint for f in listed if bulk_ok(f)}
    return out


def listing(listed: list[Finding], policy: Policy) -> list[str]:
    from pipelines.report.labels import SEVERITIES, type_label

    lines = []
    for i, f in enumerate(listed, 1):
        note = "（不能接受）" if f.type.startswith("marking.") else "" if bulk_ok(f) else "（须逐条选择）"
        lines.append(f"{i:>3}. [{SEVERITIES.get(f.severity, f.severity)}] {type_label(f.type)}  {preview(f, policy)}"
                     f"  指纹 {f.fingerprint}{note}")
    return lines


def entries(findings: list[Finding], policy: Policy, by: str, why: str, at: str,
            accepted: set[str] | None = None) -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for f in findings:
        if f.suppressed or f.type.startswith("marking."):
            continue
        if accepted is not None and f.fingerprint not in accepted:
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
    listed = candidates(found)
    for line in listing(listed, scanner.policy):
        print(line)
    if not args.accept and not args.all:
        raise BaomiError("usage", "未写入基线：请用 --accept 选择要接受的发现（上面列出的序号或指纹），"
                                  "或用 --all 接受全部可批量接受的发现")
    accepted = chosen(listed, args.accept, args.all)
    items = entries(found, scanner.policy, args.by.strip(), args.why.strip(), at, accepted)
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
