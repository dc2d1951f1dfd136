"""The collector's thresholds are raised for a scan and put back after it, however it ends."""
from __future__ import annotations

import gc

import pytest

from scanner.collect import OLDER, fewer_collections


def test_raised_inside_and_restored_after_nesting_and_errors() -> None:
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        with fewer_collections():
            assert gc.get_threshold() == (700, OLDER, OLDER)
            with fewer_collections():  # a scan inside a scan (scan_many calls find_many)
                assert gc.get_threshold() == (700, OLDER, OLDER)
            assert gc.get_threshold() == (700, OLDER, OLDER)  # the outer scan still runs
        assert gc.get_threshold() == (700, 10, 10)
        with pytest.raises(ValueError):
            with fewer_collections():
                raise ValueError("a scan that fails")
        assert gc.get_threshold() == (700, 10, 10)
        gc.set_threshold(500, 200, 300)  # thresholds already higher are left as they are
        with fewer_collections():
            assert gc.get_threshold() == (500, 200, 300)
    finally:
        gc.set_threshold(*before)


def test_a_scan_leaves_the_thresholds_as_it_found_them(scanner) -> None:
    before = gc.get_threshold()
    scanner.scan_text("秘密★1年\n联系人：王立新，电话13812345678。").to_dict()
    assert gc.get_threshold() == before
