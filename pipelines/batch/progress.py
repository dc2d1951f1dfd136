"""A one-line progress bar on stderr, only when stderr is a terminal (never in logs or pipes)."""
from __future__ import annotations

import sys
import time
from typing import TextIO


def bar(done: int, total: int, width: int = 30) -> str:
    total = max(total, done, 1)
    fill = int(width * done / total)
    return "[" + "#" * fill + "." * (width - fill) + f"] {done}/{total}"


class Progress:
    def __init__(self, stream: TextIO | None = None, *, force: bool = False, every: float = 0.2) -> None:
        self.stream = stream or sys.stderr
        self.enabled = force or self.stream.isatty()
        self.every = every
        self.start = time.monotonic()
        self._last = 0.0
        self._shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < self.every and done < total:
            return
        self._last = now
        rate = done / max(now - self.start, 1e-6)
        self.stream.write(f"\r{bar(done, total)}  {rate:.1f} 页/秒 ")
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        if self.enabled and self._shown:
            self.stream.write("\n")
            self.stream.flush()
