"""Render a sample's HTML review in headless Chromium to a PNG, to look at the page as printed.

Usage: python scripts/screenshot_report.py [DOCUMENT] [--out report.png] [--channel weibo]

Chromium runs with networking features off and a throwaway profile, so the
screenshot also shows that the page needs nothing from the network.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DOC = ROOT / "corpus_samples" / "documents" / "02_marked_draft.txt"
A4_WINDOW = "1240,1754"  # A4 at 150 dpi


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    raise SystemExit("chromium not found: run scripts/sysdeps.sh first")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("document", nargs="?", default=str(DEFAULT_DOC))
    ap.add_argument("--out", default="report.png")
    ap.add_argument("--channel", default="unspecified")
    ap.add_argument("--html", help="also keep the HTML here")
    args = ap.parse_args(argv)

    import pipelines
    from pipelines.report.html import render_html
    from scanner import ScanOptions, Scanner

    scanner = Scanner(ScanOptions(ner=False))
    report = scanner.scan(pipelines.read_path(args.document), channel=args.channel)
    page = render_html(report, channel_label=scanner.policy.channel_label(args.channel))
    with tempfile.TemporaryDirectory() as tmp:
        html = Path(args.html) if args.html else Path(tmp) / "report.html"
        html.write_text(page, encoding="utf-8")
        out = Path(args.out).resolve()
        cmd = [
            chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp}/profile",
            f"--screenshot={out}", f"--window-size={A4_WINDOW}", html.resolve().as_uri(),
        ]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)
    print(f"{out} ({out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
