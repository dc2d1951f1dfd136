"""Run the benchmarks (all, or those named: ``python -m benchmarks.run scan pii``)."""
from __future__ import annotations

import importlib
import os
import platform
import sys
import time
from pathlib import Path


def machine() -> str:
    cpu = "unknown cpu"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.node()} · {cpu} · {os.cpu_count()} cores · Python {platform.python_version()}"


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parent
    names = argv or sorted(p.stem[6:] for p in here.glob("bench_*.py"))
    print(f"# baomi benchmarks · {time.strftime('%Y-%m-%d %H:%M')} · {machine()}")
    failed = 0
    for name in names:
        mod = importlib.import_module(f"benchmarks.bench_{name}")
        print(f"\n## {name}")
        sys.stdout.flush()
        try:
            mod.main()
        except Exception as exc:  # one broken benchmark should not hide the others
            failed += 1
            print(f"FAILED: {type(exc).__name__}: {exc}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
