"""`baomi scan`: exit codes, stdin, JSON shape, and errors that never quote the draft."""
from __future__ import annotations

import io
import json
import sys

import pytest

from cli.main import main


def run(argv, capsys, stdin: bytes | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("text,code,verdict", [
    ("关于开展植树节活动的通知\n各科室：请积极参加。", 0, "publish"),
    ("秘密★1年\n关于某事的请示", 1, "not_publishable"),
])
def test_exit_code_follows_verdict(tmp_path, capsys, text, code, verdict):
    f = tmp_path / "d.txt"
    f.write_text(text, encoding="utf-8")
    rc, out, _ = run(["scan", "--no-ner", "--format", "json", str(f)], capsys)
    assert rc == code
    assert json.loads(out)["verdict"] == verdict


def test_stdin_is_read_with_dash(capsys, monkeypatch):
    rc, out, _ = run(["scan", "--no-ner", "--format", "json", "-"], capsys, "機密★長期\n正文".encode(), monkeypatch)
    report = json.loads(out)
    assert rc == 1 and report["document"]["name"] == "-"
    assert report["findings"][0]["level"] == "机密" and report["findings"][0]["period"] == "长期"


def test_missing_file_is_exit_2_with_one_line(capsys, tmp_path):
    rc, out, err = run(["scan", "--no-ner", str(tmp_path / "nope.txt")], capsys)
    assert rc == 2 and out == ""
    assert err.count("\n") == 1 and "nope.txt" in err and "[not_found]" in err


def test_several_files_print_one_json_line_each_and_go_on(tmp_path, capsys):
    good = tmp_path / "a.txt"
    good.write_text("秘密★1年\n正文", encoding="utf-8")
    empty = tmp_path / "b.txt"
    empty.write_bytes(b"")
    clean = tmp_path / "c.txt"
    clean.write_text("一则普通的通知。", encoding="utf-8")
    rc, out, _ = run(["scan", "--no-ner", "--format", "json", str(good), str(empty), str(clean)], capsys)
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["document"]["name"] for r in rows] == [str(good), str(empty), str(clean)]
    assert rows[1]["error"]["code"] == "empty"
    assert rows[0]["verdict"] == "not_publishable" and rows[2]["verdict"] == "publish"
    assert rc == 2  # an input error outranks "action needed"


def test_error_message_never_contains_the_draft(tmp_path, capsys):
    secret = "绝密内容：某某工程选址于东郊"
    f = tmp_path / "junk.txt"
    f.write_bytes(b"\x00\x01\x02" * 100 + secret.encode("utf-16-le")[:7])
    rc, out, err = run(["scan", "--no-ner", str(f)], capsys)
    assert rc == 2
    assert "东郊" not in err + out and "junk.txt" in err


def test_text_output_highlights_and_gives_verdict(tmp_path, capsys):
    f = tmp_path / "d.txt"
    f.write_text("秘密★1年\n正文", encoding="utf-8")
    rc, out, _ = run(["scan", "--no-ner", str(f)], capsys)
    assert rc == 1
    assert "不予公开" in out and "【秘密★1年】" in out and "密级标志" in out


def test_usage_error_is_exit_2(capsys):
    rc, _, _ = run(["scan", "--format", "yaml", "x"], capsys)
    assert rc == 2
