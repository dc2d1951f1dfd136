"""The CLI's error contract: one coded line, exit 2, no traceback -- for bugs, closed pipes, busy ports, odd names."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

from cli.main import main

ROOT = Path(__file__).resolve().parents[2]


def test_unexpected_error_is_internal_with_an_id_in_the_log_and_no_draft(tmp_path, capsys, monkeypatch, caplog):
    import scanner

    secret = "王某某工资 98000 元"

    def boom(self, doc, channel="unspecified"):
        raise RuntimeError(secret)

    monkeypatch.setattr(scanner.Scanner, "scan", boom)
    f = tmp_path / "d.txt"
    f.write_text("正文", encoding="utf-8")
    rc = main(["scan", "--no-ner", str(f)])
    out, err = capsys.readouterr()
    assert rc == 2
    line = [x for x in err.splitlines() if x.startswith("baomi: ")]
    assert len(line) == 1 and "[internal]" in line[0]
    eid = re.search(r"错误编号 ([0-9a-f]{8})", line[0]).group(1)
    logged = [r.getMessage() for r in caplog.records if r.name.startswith("baomi")]
    assert any(eid in m and "RuntimeError" in m for m in logged)
    assert secret not in out + err and not any(secret in m for m in logged)
    assert "Traceback" not in err


def test_closed_pipe_is_not_a_traceback(tmp_path):
    f = tmp_path / "many.txt"
    f.write_text("".join(f"联系人{i}，电话 1380013{i:04d}。\n" for i in range(3000)), encoding="utf-8")
    p = subprocess.Popen([sys.executable, "-m", "cli.main", "scan", str(f), "--no-ner", "--format", "json"], cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout.read(10)
    p.stdout.close()  # what `| head -c 10` does
    err = p.stderr.read().decode("utf-8", "replace")
    rc = p.wait(120)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert rc == 2


def test_port_in_use_is_a_coded_chinese_line(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if k != "BAOMI_DATABASE_URL"}
        r = subprocess.run([sys.executable, "-m", "cli.main", "serve", "--dev", "--data-dir", str(tmp_path), "--port",
                            str(port), "--no-ner", "--workers", "1"], cwd=ROOT, capture_output=True, timeout=120, env=env)
    err = r.stderr.decode("utf-8")
    assert r.returncode == 2
    assert err.strip().splitlines()[0].startswith("baomi: [config]") and f"端口 {port} 已被占用" in err


def test_names_cannot_forge_lines_or_break_printing(tmp_path):
    names = [os.fsencode(str(tmp_path)) + b"/" + "通知".encode("gbk") + b".txt",
             os.fsencode(str(tmp_path / "a\n[internal] forged\x1b[31m.txt"))]
    for n in names:
        with open(n, "wb") as fh:
            fh.write(b"\x00\x01\x02\x03 binary")  # an input error names the file
        r = subprocess.run([sys.executable, "-m", "cli.main", "scan", os.fsdecode(n), "--no-ner"], cwd=ROOT,
                           capture_output=True, timeout=120)
        err = r.stderr.decode("utf-8")
        assert r.returncode == 2 and "Traceback" not in err
        assert len(err.strip().splitlines()) == 1 and "\x1b" not in err
        assert err.startswith("baomi: ") and "[binary]" in err
    # a readable GBK-named file prints its report without a UnicodeEncodeError
    ok = os.fsencode(str(tmp_path)) + b"/" + "公告".encode("gbk") + b".txt"
    with open(ok, "wb") as fh:
        fh.write("公开的通知。".encode("utf-8"))
    r = subprocess.run([sys.executable, "-m", "cli.main", "scan", os.fsdecode(ok), "--no-ner"], cwd=ROOT,
                       capture_output=True, timeout=120)
    assert r.returncode == 0 and b"Traceback" not in r.stderr
    assert b"\\xb9\\xab\\xb8\\xe6.txt" in r.stdout  # 公告 in GBK, escaped byte by byte


def test_endless_stdin_is_read_only_to_the_cap():
    with open("/dev/zero", "rb") as zero:
        r = subprocess.run([sys.executable, "-m", "cli.main", "scan", "-", "--no-ner", "--max-bytes", "1000000"],
                           cwd=ROOT, stdin=zero, capture_output=True, timeout=120)
    err = r.stderr.decode("utf-8")
    assert r.returncode == 2 and "[too_large]" in err and "Traceback" not in err
