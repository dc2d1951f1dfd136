"""Shared fixtures: one Scanner per session (building it is the costly step), paths to shared data."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
if not SHARED.exists():  # CI clones main with shared/ beside it; a developer may point elsewhere
    import os

    SHARED = Path(os.environ.get("BAOMI_SHARED", str(SHARED)))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.exists():
        # a lone clone has only the repository: these tests read seed documents kept outside it
        pytest.skip(f"shared/ not found beside the repository ({SHARED}); set BAOMI_SHARED to run this test")
    return SHARED


@pytest.fixture(scope="session")
def scanner():
    from scanner import ScanOptions, Scanner

    return Scanner(ScanOptions(ner=False))


@pytest.fixture()
def site():
    """A small website served on 127.0.0.1 by the test itself (tests/pipelines/batch/loopback_site.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("baomi_loopback_site", ROOT / "tests" / "pipelines" / "batch" / "loopback_site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with module.Site() as s:
        yield s


@pytest.fixture(scope="session")
def make_docx():
    """Build a plain .docx from paragraphs, in memory."""
    import io

    from docx import Document as Docx

    def build(*paragraphs: str) -> bytes:
        d = Docx()
        for p in paragraphs:
            d.add_paragraph(p)
        buf = io.BytesIO()
        d.save(buf)
        return buf.getvalue()

    return build
