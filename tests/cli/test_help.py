"""Every option of every command has Chinese help, and argparse's own words are Chinese too."""
from __future__ import annotations

import argparse
import re

import pytest

from cli.main import build_parser, main

HAN = re.compile(r"[\u4e00-\u9fff]")


def parsers(p: argparse.ArgumentParser, path: str = "baomi"):
    yield path, p
    for a in p._actions:
        if isinstance(a, argparse._SubParsersAction):
            for name, sub in a.choices.items():
                yield from parsers(sub, f"{path} {name}")


def test_every_option_has_chinese_help():
    missing = []
    for path, p in parsers(build_parser()):
        for a in p._actions:
            if isinstance(a, argparse._SubParsersAction):
                continue
            if a.help == argparse.SUPPRESS:  # a hidden option for tests, not offered to users
                continue
            if not a.help or not HAN.search(a.help):
                missing.append(f"{path} {'/'.join(a.option_strings) or a.dest}")
    assert missing == []


def test_help_and_errors_are_chinese(capsys):
    assert main(["scan", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：baomi scan") and "选项：" in out and "显示本帮助并退出" in out
    assert "usage:" not in out and "options:" not in out and "show this help" not in out
    assert main(["scan", "--format", "xml", "a.txt"]) == 2
    err = capsys.readouterr().err
    assert "用法错误：参数 --format：无效的取值 'xml'（可选：'text', 'json', 'html'）" in err
    assert "invalid choice" not in err and "error:" not in err


@pytest.mark.parametrize("argv, words", [
    (["scan"], "缺少必需的参数：PATH"),
    (["scan", "--max-bytes", "x", "a"], "参数 --max-bytes：无效的整数值 'x'"),
    (["scan", "a", "--nope"], "无法识别的参数：--nope"),
])
def test_argparse_errors_in_chinese(capsys, argv, words):
    assert main(argv) == 2
    assert words in capsys.readouterr().err


def test_roles_are_documented_in_help(capsys):
    main(["--help"])
    out = capsys.readouterr().out
    for role in ("section_chief", "leader", "secrecy_officer", "publisher", "admin"):
        assert role in out
    assert "不能审批自己送审的稿件" in out
