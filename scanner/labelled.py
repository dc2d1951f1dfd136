"""Reading labelled JSONL (the evaluation set and NER training data share one format).

Lives in ``scanner`` because training reads it too, and ``scanner`` imports
nothing from ``pipelines``.  A malformed line is an error naming the file and
line, never quoting it.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from .errors import BaomiError

T = TypeVar("T")


def jsonl_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(p.glob("*.jsonl")))
        elif p.is_file():
            files.append(p)
        else:
            raise BaomiError("not_found", name=str(p))
    return files


def read_labelled(paths: Iterable[Path], build: Callable[[dict[str, Any], Path, int], T | None], what: str) -> Iterator[T]:
    """``build(raw, file, lineno)`` for every non-blank line; ``None`` skips it.

    ``what`` names the set in the error message (评测集, 训练数据).
    """
    for f in jsonl_files(paths):
        for lineno, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                item = build(json.loads(line), f, lineno)
            except (ValueError, KeyError, TypeError) as exc:
                raise BaomiError("usage", f"{what} {f.name} 第 {lineno} 行格式错误（{type(exc).__name__}）") from None
            if item is not None:
                yield item
