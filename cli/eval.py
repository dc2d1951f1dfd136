"""``baomi eval``: precision and recall per finding type on the labelled set."""
from __future__ import annotations

import argparse
from pathlib import Path

from .scan import add_scanner_options, scanner_from_args

DEFAULT_SET = Path(__file__).resolve().parent.parent / "corpus_samples" / "eval"


def register(sub) -> None:
    p = sub.add_parser("eval", help="在标注评测集上输出各类发现的精确率与召回率")
    p.add_argument("paths", nargs="*", default=[str(DEFAULT_SET)], metavar="PATH", help="评测集（jsonl 文件或目录）")
    p.add_argument("--errors", action="store_true", help="列出漏报和误报的样本编号")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    add_scanner_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pipelines.evaluate import evaluate, format_table, load_cases

    cases = load_cases([Path(p) for p in args.paths])
    result = evaluate(scanner_from_args(args), cases)
    if args.json:
        import json

        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_table(result, errors=args.errors))
    return 0
