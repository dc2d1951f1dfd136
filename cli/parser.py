"""An ArgumentParser that speaks Chinese: headings, the help option, and every error argparse raises.

argparse builds its messages from English templates; the users of baomi read
Chinese.  The templates are few and stable, so each is matched and rewritten
here, keeping the option names, values and choices as typed.
"""
from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

ERRORS = [
    (re.compile(r"^the following arguments are required: (.+)$"), r"缺少必需的参数：\1"),
    (re.compile(r"^unrecognized arguments: (.+)$"), r"无法识别的参数：\1"),
    (re.compile(r"^argument (\S+): invalid choice: (.+?) \(choose from (.+)\)$"), r"参数 \1：无效的取值 \2（可选：\3）"),
    (re.compile(r"^argument (\S+): invalid (\w+) value: (.+)$"), r"参数 \1：无效的\2值 \3"),
    (re.compile(r"^argument (\S+): expected one argument$"), r"参数 \1 后面需要一个值"),
    (re.compile(r"^argument (\S+): expected at least one argument$"), r"参数 \1 后面至少需要一个值"),
    (re.compile(r"^argument (\S+): expected (\d+) arguments?$"), r"参数 \1 后面需要 \2 个值"),
    (re.compile(r"^argument (\S+): not allowed with argument (\S+)$"), r"参数 \1 不能与 \2 同时使用"),
    (re.compile(r"^argument (\S+): ignored explicit argument (.+)$"), r"参数 \1 不接受值 \2"),
    (re.compile(r"^ambiguous option: (\S+) could match (.+)$"), r"选项 \1 不明确，可能是：\2"),
    (re.compile(r"^one of the arguments (.+) is required$"), r"参数 \1 中必须给出一个"),
    (re.compile(r"^argument (\S+): (.+)$"), r"参数 \1：\2"),
]
TYPES = {"int": "整数", "float": "数字"}


def translate(message: str) -> str:
    for pattern, repl in ERRORS:
        if pattern.match(message):
            out = pattern.sub(repl, message)
            for en, zh in TYPES.items():
                out = out.replace(f"无效的{en}值", f"无效的{zh}值")
            return out
    return message


class ChineseParser(argparse.ArgumentParser):
    """Sub-parsers made through ``add_subparsers`` are of this class too (argparse uses ``type(self)``)."""

    def __init__(self, *args, **kwargs) -> None:
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def add_argument(self, *args, **kwargs):
        if kwargs.get("action") == "version" and "help" not in kwargs:
            kwargs["help"] = "显示版本号并退出"
        return super().add_argument(*args, **kwargs)

    def add_subparsers(self, **kwargs):
        kwargs.setdefault("title", "子命令")
        return super().add_subparsers(**kwargs)

    def format_usage(self) -> str:
        return _usage(super().format_usage())

    def format_help(self) -> str:
        return _usage(super().format_help())

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：用法错误：{translate(message)}（加 -h 查看帮助）\n")


def _usage(text: str) -> str:
    text = re.sub(r"^usage: ", "用法：", text)
    return re.sub(r"^([^\n:]*[\u4e00-\u9fff][^\n:]*):$", r"\1：", text, flags=re.M)  # section headings
