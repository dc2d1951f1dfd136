"""``baomi scan``: review files (or standard input) and print the review."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pipelines
from pipelines.report.text import render_text
from scanner import BaomiError, Document, ScanOptions, Scanner
from scanner.scanner import CHANNELS


def add_scanner_options(p: argparse.ArgumentParser) -> None:
    """Options that build the Scanner; shared by scan, batch, crawl and serve."""
    p.add_argument("--lexicon", action="append", default=[], metavar="PATH", help="追加词库文件（YAML 或 TSV），可重复")
    p.add_argument("--allowlist", action="append", default=[], metavar="PATH", help="白名单：不报告的短语或指纹，可重复")
    p.add_argument("--baseline", action="append", default=[], metavar="PATH", help="已确认可接受的发现（按指纹），可重复")
    p.add_argument("--policy", metavar="PATH", help="审查策略文件（默认 lexicons/policy.yaml）")
    p.add_argument("--no-ner", action="store_true", help="不运行人名地址识别模型")
    p.add_argument("--ner-model", metavar="PATH", help="使用自己训练的 spaCy NER 模型")


def scanner_from_args(args: argparse.Namespace) -> Scanner:
    return Scanner(
        ScanOptions(
            lexicons=[Path(p) for p in args.lexicon],
            allowlists=[Path(p) for p in args.allowlist],
            baselines=[Path(p) for p in args.baseline],
            policy=Path(args.policy) if args.policy else None,
            ner=not args.no_ner,
            ner_model=args.ner_model,
        )
    )


def register(sub) -> None:
    p = sub.add_parser("scan", help="审查文件或标准输入（-）")
    p.add_argument("paths", nargs="+", metavar="PATH", help="文件或目录；- 读标准输入")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--channel", choices=list(CHANNELS), default="unspecified")
    p.add_argument("--max-bytes", type=int, default=pipelines.DEFAULT_MAX_BYTES)
    add_scanner_options(p)
    p.set_defaults(func=run)


def expand(paths: list[str]) -> list[str]:
    out: list[str] = []
    for p in paths:
        path = Path(p)
        if p != "-" and path.is_dir():
            out.extend(str(x) for x in sorted(path.rglob("*")) if x.is_file() and not x.name.startswith("."))
        else:
            out.append(p)
    return out


def read_input(p: str, max_bytes: int) -> Document:
    if p == "-":
        data = sys.stdin.buffer.read()
        return pipelines.read_bytes(data, "-", max_bytes=max_bytes)
    return pipelines.read_path(p, max_bytes=max_bytes)


def run(args: argparse.Namespace) -> int:
    scanner = scanner_from_args(args)
    inputs = expand(args.paths)
    many = len(inputs) > 1
    worst = 0
    for p in inputs:
        try:
            report = scanner.scan(read_input(p, args.max_bytes), channel=args.channel)
        except BaomiError as exc:
            exc.name = exc.name or p
            if not many:
                raise
            worst = 2
            if args.format == "json":
                print(json.dumps(exc.record(), ensure_ascii=False))
            else:
                print(exc.line(), file=sys.stderr)
            continue
        if args.format == "json":
            print(json.dumps(report.to_dict(), ensure_ascii=False, indent=None if many else 2))
        else:
            print(render_text(report, color=sys.stdout.isatty()))
        if report.verdict != "publish":
            worst = max(worst, 1)
    return worst
