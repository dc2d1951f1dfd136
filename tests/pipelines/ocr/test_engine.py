"""The OCR engine is offline: its models are files inside the installed wheel, and loading opens no socket."""
from __future__ import annotations

import socket

import pytest

from pipelines.ocr import engine


def test_models_ship_inside_the_wheel():
    root = engine.model_dir()
    for name in engine.MODELS.values():
        assert (root / name).stat().st_size > 100_000, name


def test_loading_and_reading_open_no_network_connection(monkeypatch, text_image):
    def refuse(*a, **k):
        raise AssertionError("the OCR engine tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(engine, "_ENGINE", None)  # a fresh load, as in a new worker process
    lines = engine.recognise(text_image(["内部资料"]))
    assert "".join(ln.text for ln in lines) == "内部资料"


def test_a_missing_model_file_is_a_coded_error_not_a_download(monkeypatch, tmp_path):
    from scanner import BaomiError

    monkeypatch.setattr(engine, "_ENGINE", None)
    monkeypatch.setattr(engine, "model_dir", lambda: tmp_path)
    with pytest.raises(BaomiError) as ei:
        engine._load()
    assert ei.value.code == "model" and "rapidocr" in ei.value.message
