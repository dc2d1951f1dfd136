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
import os
import sys
import warnings

from scanner import BaomiError, __version__
from scanner.errors import internal_error

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


def _streams() -> None:
    """Never fail on printing: names with undecodable bytes print escaped, not as a UnicodeEncodeError."""
    for s in (sys.stdout, sys.stderr):
        try:
            s.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass


def _quiet_libraries() -> None:
    # library warnings may quote a draft, and must not come before our coded line
    warnings.filterwarnings("ignore")
    from pipelines.logsafe import silence

    silence()


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    _streams()
    _quiet_libraries()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed its message
        return 2 if exc.code not in (0, None) else 0
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()
        return code
    except BaomiError as exc:
        _say(exc.line())
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _closed_pipe()
    except Exception as exc:  # noqa: BLE001 - the one error shape, never a traceback that may quote a draft
        _say(internal_error(exc, logging.getLogger("baomi.cli")).line())
        return 2


def _say(line: str) -> None:
    try:
        print(line, file=sys.stderr, flush=True)
    except (BrokenPipeError, OSError):
        pass


def _closed_pipe() -> int:
    """The reader of our output went away (``baomi scan x | head``): stop quietly, as other tools do."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the flush at exit does not raise again
    except (OSError, ValueError):
        pass
    return 2


def entry() -> None:
    """The console script: exit with main's code, even when stdout closed early."""
    code = main()
    try:
        sys.stdout.flush()
    except (BrokenPipeError, OSError):
        _closed_pipe()
    sys.exit(code)


if __name__ == "__main__":
    entry()
