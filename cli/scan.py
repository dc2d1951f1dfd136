"""``baomi scan``: review files (or standard input) and print the review."""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import pipelines
from pipelines.ocr import settings_for
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
    p.add_argument("--genre", metavar="类型",
                   help="指定文稿类型（如 任前公示、保密知识、会议纪要，见 lexicons/genres.yaml），代替自动判断；报告中记为用户指定")
    p.add_argument("--no-ocr", action="store_true", help="不识别图片和扫描页中的文字（这些图片列为“未经文字识别”，交人工核对）")


def scanner_from_args(args: argparse.Namespace) -> Scanner:
    return Scanner(
        ScanOptions(
            lexicons=[Path(p) for p in args.lexicon],
            allowlists=[Path(p) for p in args.allowlist],
            baselines=[Path(p) for p in args.baseline],
            policy=Path(args.policy) if args.policy else None,
            ner=not args.no_ner,
            ner_model=args.ner_model,
            genre=getattr(args, "genre", None) or None,
            ocr=not getattr(args, "no_ocr", False),
        )
    )


def register(sub) -> None:
    p = sub.add_parser("scan", help="审查文件或标准输入（-）")
    p.add_argument("paths", nargs="+", metavar="PATH", help="文件或目录；- 读标准输入")
    p.add_argument("--format", choices=["text", "json", "html"], default="text",
                   help="输出格式：text 终端阅读（默认）；json 每份报告一行（report.schema.json）；html 审查记录")
    p.add_argument("--html-out", metavar="PATH", help="另存 HTML 审查记录（多个文件时为目录）")
    p.add_argument("--annotate-out", metavar="PATH", help="生成带批注的 Word 副本（仅 docx；多个文件时为目录）")
    p.add_argument("--redact-out", metavar="PATH", help="生成脱敏副本（txt、docx、html、xlsx；删除修订、批注、隐藏内容和文档属性，并重新审查副本；多个文件时为目录）")
    p.add_argument("--channel", choices=list(CHANNELS), default="unspecified", help="发布渠道：website 政府网站、weibo 政务微博、wechat 微信公众号、unspecified 未定（影响审查结论和审批流程）")
    p.add_argument("--max-bytes", type=int, default=pipelines.DEFAULT_MAX_BYTES, help="单个文件大小上限（字节），超过则不审查")
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


def read_input(p: str, max_bytes: int, ocr=None) -> Document:
    if p == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)  # bounded: stdin may be /dev/zero
        return pipelines.read_bytes(data, "-", max_bytes=max_bytes, ocr=ocr)
    return pipelines.read_path(p, max_bytes=max_bytes, ocr=ocr)


def run(args: argparse.Namespace) -> int:
    scanner = scanner_from_args(args)
    ocr = settings_for(scanner)
    inputs = expand(args.paths)
    if not inputs:
        raise BaomiError("usage", "目录中没有可审查的文件（隐藏文件不审查）", name=args.paths[0])
    many = len(inputs) > 1
    worst = 0
    for p in inputs:
        data: bytes | None = None
        try:
            if p == "-":
                data = sys.stdin.buffer.read(args.max_bytes + 1)  # bounded: stdin may be /dev/zero
                doc = pipelines.read_bytes(data, "-", max_bytes=args.max_bytes, ocr=ocr)
            else:
                doc = read_input(p, args.max_bytes, ocr)
            report = scanner.scan(doc, channel=args.channel)
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
            # one report per line whatever the number of files, so a caller reading lines never breaks;
            # written piece by piece, so a 300,000-part report is not one string in memory
            write_json(report.to_dict(), sys.stdout, indent=None)
        elif args.format == "html":
            print(_html(report, scanner, _pictures_of(p, data, report)))
        else:
            print(render_text(report, color=sys.stdout.isatty()))
        if report.verdict != "publish":
            worst = max(worst, 1)
        try:
            if write_outputs(args, p, data, report, scanner, many):
                worst = max(worst, 1)
        except BaomiError as exc:
            exc.name = exc.name or p
            if not many:
                raise
            worst = 2
            print(exc.line(), file=sys.stderr)
    return worst


def write_json(obj: dict, out, indent: int | None) -> None:  # noqa: ANN001 - a text stream
    """The report as JSON, written piece by piece: one string of a 300,000-part report would double its memory.

    Same text as ``json.dumps(obj, ensure_ascii=False, indent=indent)``: the
    top-level values and the items of long lists are encoded one at a time.
    """
    def enc(value, level: int) -> str:  # noqa: ANN001
        text = json.dumps(value, ensure_ascii=False, indent=indent)
        return text.replace("\n", "\n" + " " * (indent * level)) if indent else text

    nl = "\n" if indent else ""
    sep = "," + nl if indent else ", "
    pad = (lambda level: " " * (indent * level)) if indent else (lambda level: "")
    colon = ": "

    def write_list(items: list, level: int) -> None:
        if not items:
            out.write("[]")
            return
        out.write("[" + nl)
        for i, item in enumerate(items):
            out.write(pad(level + 1) + enc(item, level + 1) + (sep if i < len(items) - 1 else nl))
        out.write(pad(level) + "]")

    def write_dict(d: dict, level: int) -> None:
        if not d:
            out.write("{}")
            return
        out.write("{" + nl)
        keys = list(d)
        for i, k in enumerate(keys):
            out.write(pad(level + 1) + json.dumps(k, ensure_ascii=False) + colon)
            v = d[k]
            if isinstance(v, dict) and level < 1:
                write_dict(v, level + 1)
            elif isinstance(v, list) and len(v) > 100:
                write_list(v, level + 1)
            else:
                out.write(enc(v, level + 1))
            out.write(sep if i < len(keys) - 1 else nl)
        out.write(pad(level) + "}")

    write_dict(obj, 0)
    out.write("\n")


def _html(report, scanner: Scanner, data: bytes | None = None) -> str:
    from pipelines.report.crops import crops
    from pipelines.report.html import render_html

    return render_html(report, channel_label=scanner.policy.channel_label(report.channel), crops=crops(data, report))


def _pictures_of(p: str, data: bytes | None, report) -> bytes | None:
    """The original, when the record can show crops of findings read from pictures."""
    if not any("box" in f.extra for f in report.findings):
        return None
    return _original(p, data, report)


def out_path(given: str, src: str, many: bool, suffix: str) -> Path:
    """The file to write: ``given`` itself, or a file named after the input inside a directory."""
    target = Path(given)
    if many or target.is_dir():
        target.mkdir(parents=True, exist_ok=True)
        stem = "stdin" if src == "-" else Path(src).stem
        target = target / f"{stem}{suffix}"
    if src != "-" and target.resolve() == Path(src).resolve():
        raise BaomiError("usage", "输出路径与原文件相同；原文件不会被修改，请另选输出路径")
    return target


def _original(p: str, data: bytes | None, report) -> bytes:
    """The input bytes again, checked against the report so the copy is of the file reviewed."""
    if data is None:
        try:
            data = Path(p).read_bytes()
        except OSError:
            raise BaomiError("not_found", "无法再次读取原文件") from None
    if hashlib.sha256(data).hexdigest() != report.document.sha256:
        raise BaomiError("usage", "原文件在审查期间被修改，请重新审查")
    return data


def write_outputs(args: argparse.Namespace, p: str, data: bytes | None, report, scanner: Scanner, many: bool) -> bool:
    """Write the requested copies; True when a redacted copy still holds something to act on."""
    say = sys.stdout if args.format == "text" else sys.stderr
    if getattr(args, "html_out", None):
        target = out_path(args.html_out, p, many, ".review.html")
        target.write_text(_html(report, scanner, _pictures_of(p, data, report)), encoding="utf-8")
        print(f"审查记录已保存：{target}", file=say)
    if getattr(args, "annotate_out", None):
        from pipelines.report.annotate import annotate_docx

        if report.document.format != "docx":
            raise BaomiError("unsupported_format", f"批注副本仅支持 docx，本文件为 {report.document.format}")
        target = out_path(args.annotate_out, p, many, ".annotated.docx")
        copy, result = annotate_docx(_original(p, data, report), report)
        target.write_bytes(copy)
        print(f"批注副本已保存：{target}（批注 {result.exact + result.paragraph + result.general} 条）", file=say)
    if getattr(args, "redact_out", None):
        from pipelines.report.redact import describe, redact

        from pipelines.report.redact import verify
        from pipelines.report.redact_image import handles, output_type

        fmt = report.document.format
        suffix = {"txt": ".txt", "docx": ".docx", "html": ".html", "xlsx": ".xlsx"}.get(fmt, "")
        suffix = "." + output_type(report)[1] if handles(report) else suffix
        target = out_path(args.redact_out, p, many, ".redacted" + suffix)
        raw = None if fmt == "txt" else _original(p, data, report)
        red = redact(raw, report, scanner.policy)
        # the copy is scanned again before anyone is told it is done
        again = scanner.scan(pipelines.read_bytes(red.data, target.name, max_bytes=max(len(red.data), 1)),
                             channel=report.channel)
        verify(red, again)
        target.write_bytes(red.data)
        for line in describe(red, str(target), report):
            print(line, file=say)
        return not red.clean
    return False
