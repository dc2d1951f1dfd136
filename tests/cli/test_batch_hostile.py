"""A batch keeps every document: odd names, a slow file, an unreadable one; an empty folder is a usage error."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from benchmarks.pdfs import pdf_pages

ROOT = Path(__file__).resolve().parents[2]


def _slow_pdf(pages: int = 12) -> bytes:
    """Pages of drawing operators just under the page cap: seconds of work each."""
    return pdf_pages(zlib.compress(b"BT /F1 12 Tf 72 700 Td (slow) Tj ET\n" + b"0 0 m 100 100 l S\n" * 150_000), pages)


def batch(path: Path, *extra: str, data: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "BAOMI_DATABASE_URL"}
    return subprocess.run([sys.executable, "-m", "cli.main", "batch", str(path), "--no-ner", "--format", "json",
                           "--data-dir", str(data), "--dev", *extra], cwd=ROOT, capture_output=True, timeout=600, env=env)


@pytest.mark.slow
@pytest.mark.parametrize("workers", ["0", "2"])
def test_every_document_gets_a_record(tmp_path, workers):
    site = tmp_path / "site"
    site.mkdir()
    gbk_name = os.fsencode(str(site)) + b"/" + "通知公告".encode("gbk") + b".txt"
    with open(gbk_name, "wb") as fh:
        fh.write("低保户主张三，手机 13800138000。".encode("gbk"))
    (site / "forged\n[internal] 内部错误\x1b[2J.txt").write_text("公开的通知。", encoding="utf-8")
    (site / "slow.pdf").write_bytes(_slow_pdf())
    (site / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    for i in range(5):
        (site / f"ok{i}.txt").write_text(f"第{i}号公开通知。", encoding="utf-8")
    r = batch(site, "--workers", workers, "--doc-timeout", "2", data=tmp_path / "data")
    err = r.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err[-3000:]
    assert r.returncode == 2, err  # some items could not be read
    lines = [json.loads(line) for line in r.stdout.decode("utf-8").splitlines() if line.strip()]
    assert len(lines) == 9
    by_name = {line["document"]["name"]: line for line in lines}
    slow = by_name[str(site / "slow.pdf")]
    assert slow["error"]["code"] == "timeout"
    assert by_name[str(site / "broken.docx")]["error"]["code"] == "corrupt"
    # the GBK name: printed with its undecodable bytes escaped, and its content read and scanned
    # (stdout carries it as \udcXX JSON escapes, which read back as the same surrogateescape str)
    assert by_name[os.fsdecode(gbk_name)].get("verdict") == "publish_after_redaction"
    # a name cannot forge a line of its own in the text output either
    t = batch(site, "--workers", workers, "--doc-timeout", "2", "--format", "text", data=tmp_path / "data2")
    out = t.stdout.decode("utf-8", "replace")
    assert "\x1b" not in out
    assert not any(line.startswith("[internal]") for line in out.splitlines())
    assert "forged\\n[internal]" in out


def test_empty_directory_is_a_usage_error(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    r = batch(empty, "--no-store", data=tmp_path / "data")
    err = r.stderr.decode("utf-8", "replace")
    assert r.returncode == 2 and "[usage]" in err and "Traceback" not in err


def _workers_of(pid: int) -> set[int]:
    out = set()
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            stat = Path(f"/proc/{d}/stat").read_text()
            cmd = Path(f"/proc/{d}/cmdline").read_bytes()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid and b"spawn_main" in cmd:
            out.add(int(d))
    return out


@pytest.mark.slow
def test_a_killed_batch_worker_costs_no_other_document(tmp_path):
    import signal
    import time

    site = tmp_path / "site"
    site.mkdir()
    for i in range(3):
        (site / f"slow{i}.pdf").write_bytes(_slow_pdf(2))
    for i in range(10):
        (site / f"ok{i}.txt").write_text(f"第{i}号公开通知。", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "BAOMI_DATABASE_URL"}
    p = subprocess.Popen([sys.executable, "-m", "cli.main", "batch", str(site), "--no-ner", "--format", "json",
                          "--no-store", "--workers", "2", "--doc-timeout", "0"], cwd=ROOT, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    end = time.monotonic() + 120
    killed = None
    while time.monotonic() < end and killed is None and p.poll() is None:
        workers = _workers_of(p.pid)
        if len(workers) == 2:
            time.sleep(2)  # into the slow pages
            killed = sorted(workers)[0]
            os.kill(killed, signal.SIGKILL)
        time.sleep(0.2)
    out, err = p.communicate(timeout=600)
    assert killed is not None
    text = err.decode("utf-8", "replace")
    assert "Traceback" not in text, text[-3000:]
    lines = [json.loads(line) for line in out.decode("utf-8").splitlines() if line.strip()]
    assert len(lines) == 13
    lost = [x for x in lines if "error" in x]
    assert all(x["error"]["code"] == "worker_lost" for x in lost)
    # the documents the dead worker held are sent again, alone: a kill from outside costs nothing, and a
    # document that killed its worker twice would cost only itself
    assert len(lost) <= 1
    assert sum(1 for x in lines if x.get("verdict")) >= 12
