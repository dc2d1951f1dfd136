"""Fixtures for batch tests: the loopback site, and a crawl wired to it with a short client timeout."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("baomi_loopback_site", Path(__file__).with_name("loopback_site.py"))
loopback_site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(loopback_site)


@pytest.fixture()
def site():
    with loopback_site.Site() as s:
        yield s
