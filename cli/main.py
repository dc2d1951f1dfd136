"""Entry point: one sub-command per module, each with ``register(subparsers)``.

Exit codes are the contract with publishing systems and scripts: 0 when the
verdict is publish, 1 when any action is needed, 2 for a usage or input
error.  Errors print one line naming the file and an error code, never the
text of a draft.
"""
from __future__ import annotations

import argparse
import importlib
import logging
import sys

from scanner import BaomiError, __version__

from .parser import ChineseParser
from .serve import ROLES_HELP

ROLES_EPILOG = "审查服务（baomi serve）的" + ROLES_HELP.split("\n", 2)[2]

# sub-command modules under cli/, in the order --help lists them
COMMANDS = ["scan", "eval"]
OPTIONAL_COMMANDS = ["baseline", "serve", "users", "batch", "train"]


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseParser(prog="baomi", description="发布前保密审查：密级标志、敏感词、个人信息。",
                           epilog=ROLES_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"baomi {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS + OPTIONAL_COMMANDS:
        try:
            mod = importlib.import_module(f"cli.{name}")
        except ModuleNotFoundError as exc:
            if name in OPTIONAL_COMMANDS and exc.name == f"cli.{name}":
                continue
            raise
        mod.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed its message
        return 2 if exc.code not in (0, None) else 0
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except BaomiError as exc:
        print(exc.line(), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
