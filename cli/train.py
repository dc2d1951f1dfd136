"""``baomi train-ner``: train a names-and-addresses model on one's own labelled paragraphs."""
from __future__ import annotations

import argparse
import json
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser(
        "train-ner",
        help="用本单位标注的段落训练（或微调）人名地址识别模型，供 scan --ner-model 使用",
    )
    p.add_argument("data", nargs="+", metavar="DATA", help="标注数据：评测集格式的 jsonl 文件或目录（pii.person / pii.address 标注）")
    p.add_argument("--out", required=True, metavar="PATH", help="模型输出目录")
    p.add_argument("--iterations", type=int, default=20, help="训练轮数（默认 20）")
    p.add_argument("--base", metavar="PATH", help="在已训练的模型上继续训练（微调）")
    p.add_argument("--seed", type=int, default=0, help="随机种子（相同数据和种子得到相同模型）")
    p.add_argument("--docbin", metavar="PATH", help="另存为 spaCy DocBin（.spacy），便于用 spacy train 自定义训练")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from scanner import BaomiError
    from scanner.ner.train import blank_pipeline, load_records, to_docbin, train

    if args.iterations < 1:
        raise BaomiError("usage", "--iterations 至少为 1")
    records = load_records([Path(p) for p in args.data])
    if args.docbin:
        to_docbin(blank_pipeline(), records, Path(args.docbin))
    stats = train(records, Path(args.out), iterations=args.iterations, base=args.base, seed=args.seed)
    stats["out"] = str(args.out)
    print(json.dumps(stats, ensure_ascii=False))
    return 0
