"""Scanned-looking fixtures made at test time by scripts/make_scans.py (nothing big in git)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _load():
    spec = importlib.util.spec_from_file_location("baomi_make_scans", ROOT / "scripts" / "make_scans.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the class is built
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="session")
def scans():
    mod = _load()
    if not mod.SANS.exists():
        pytest.fail(f"CJK font missing ({mod.SANS}); scripts/sysdeps.sh installs fonts-noto-cjk")
    return mod


@pytest.fixture(scope="session")
def text_image(scans):
    """A small clean picture of some lines of text (what a test reads when it is about the file, not the OCR)."""
    from PIL import Image, ImageDraw

    def make(lines, size=34, pad=30):
        f = scans.font(size)
        w = int(max(f.getlength(t) for t in lines)) + 2 * pad
        h = len(lines) * int(size * 1.8) + 2 * pad
        img = Image.new("RGB", (w, h), "white")
        d = ImageDraw.Draw(img)
        for i, t in enumerate(lines):
            d.text((pad, pad + i * int(size * 1.8)), t, fill="black", font=f)
        return img

    return make
