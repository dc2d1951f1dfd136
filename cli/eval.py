"""``baomi eval``: findings and verdicts on every labelled corpus, each reported apart.

Two kinds of corpus: finding sets (``corpus_samples/eval``: one paragraph and
its labelled findings per line) and document corpora in the schema of
``../shared/eval/external-v1`` (``corpus_samples/judgement``: whole documents
with the verdict a reviewer gave).  Each file is a corpus of its own, because
a figure is only honest next to where its data came from: sets whose name
says ``unseen`` were never studied, and ``--errors`` does not list their
mistakes, so they stay unseen.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from .scan import add_scanner_options, scanner_from_args

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETS = [ROOT / "corpus_samples" / "eval", ROOT / "corpus_samples" / "judgement"]
EXTERNAL = ROOT.parent / "shared" / "eval" / "external-v1"


def register(sub) -> None:
    p = sub.add_parser("eval", help="在标注评测集上输出各类发现的精确率、召回率和审查结论的准确率")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="评测集（jsonl 文件或目录）；默认 corpus_samples/eval、corpus_samples/judgement，"
                        "以及旁边存在时的 ../shared/eval/external-v1")
    p.add_argument("--errors", action="store_true", help="列出漏报、误报和结论不符的样本编号（名称含 unseen 的集合除外）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    add_scanner_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import json

    from pipelines.evaluate import evaluate, format_table, load_cases
    from pipelines.evaluate_docs import evaluate_docs, format_doc_table, is_document_corpus, load_doc_cases
    from scanner.labelled import jsonl_files

    paths = [Path(p) for p in args.paths] or [p for p in [*DEFAULT_SETS, EXTERNAL] if p.exists()]
    files = jsonl_files(paths)
    finding_sets = [f for f in files if not is_document_corpus(f)]
    doc_sets = [f for f in files if is_document_corpus(f)]
    scanner = scanner_from_args(args)
    out: dict = {}
    if finding_sets:
        result = evaluate(scanner, load_cases(finding_sets))
        if args.json:
            out["findings"] = result.as_dict()
        else:
            print(format_table(result, errors=args.errors))
    for f in doc_sets:
        name = f"{f.parent.name}/{f.name}"
        result = evaluate_docs(scanner, load_doc_cases([f]), name)
        if args.json:
            out.setdefault("documents", []).append(result.as_dict())
        else:
            print()
            print(format_doc_table(result, errors=args.errors and "unseen" not in f.name))
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0
