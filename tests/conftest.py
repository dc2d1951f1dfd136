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
        pytest.fail(f"shared/ not found beside the repository ({SHARED}); set BAOMI_SHARED")
    return SHARED


@pytest.fixture(scope="session")
def scanner():
    from scanner import ScanOptions, Scanner

    return Scanner(ScanOptions(ner=False))
