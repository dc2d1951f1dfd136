"""`baomi serve` as a real process: workers replaced when they die or overrun, clean stops, the error shape.

These start the service with real worker processes and kill them with
real signals.  Loops are bounded; the only waits are generous "eventually"
timeouts, never a timing assertion.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path

import httpx
import pytest

from benchmarks.pdfs import pdf_pages

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow
MARKER = "MARKER-Draft-salary-98000"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> set[int]:
    """Every live descendant of a process, from /proc."""
    parents: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                stat = Path(f"/proc/{d}/stat").read_text()
            except OSError:
                continue
            parents[int(d)] = int(stat.rsplit(")", 1)[1].split()[1])
    out: set[int] = set()
    frontier = {pid}
    while frontier:
        nxt = {c for c, p in parents.items() if p in frontier and c not in out}
        out |= nxt
        frontier = nxt
    return out


def _tagged(tag: str) -> set[int]:
    """Live processes that carry the service's tag in their environment: the service and all it started."""
    needle = f"BAOMI_TEST_TAG={tag}".encode()
    out = set()
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                if needle in Path(f"/proc/{d}/environ").read_bytes() and _alive(int(d)):
                    out.add(int(d))
            except OSError:
                continue
    return out


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _eventually(check, timeout: float, what: str):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        got = check()
        if got:
            return got
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout}s: {what}")


class Service:
    def __init__(self, tmp: Path, *extra: str) -> None:
        self.tmp = tmp
        self.tag = f"baomi-test-{os.getpid()}-{time.monotonic_ns()}"
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "BAOMI_TEST_TAG": self.tag}
        env.pop("BAOMI_DATABASE_URL", None)
        base = [sys.executable, "-m", "cli.main"]
        store = ["--data-dir", str(tmp / "data"), "--dev"]
        subprocess.run(base + ["user", "add", "chief", "--role", "section_chief", "--department", "办公室",
                               "--password-stdin", *store], input=b"pw-123456-pw\n", cwd=ROOT, env=env,
                       check=True, capture_output=True, timeout=120)
        token = subprocess.run(base + ["token", "create", "chief", *store], cwd=ROOT, env=env, check=True,
                               capture_output=True, timeout=120).stdout.decode().strip()
        self.headers = {"Authorization": f"Bearer {token}"}
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = tmp / "serve.log"
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(base + ["serve", "--port", str(self.port), "--no-ner", *store, *extra],
                                     cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.seen: set[int] = set()

    def wait_ready(self, workers: int) -> None:
        def ready():
            if self.proc.poll() is not None:
                raise AssertionError(f"service exited: {self.log_path.read_text(errors='replace')[-2000:]}")
            try:
                r = httpx.get(self.url + "/healthz", timeout=5)
            except httpx.HTTPError:
                return False
            return r.status_code == 200 and r.json()["workers"].get("alive") == workers

        _eventually(ready, 240, "service ready")
        self.seen |= _children(self.proc.pid)

    def workers(self) -> set[int]:
        kids = _children(self.proc.pid)
        self.seen |= kids
        return {k for k in kids if "spawn_main" in _cmdline(k)}  # not the resource tracker

    def scan_file(self, name: str, data: bytes, timeout: float = 120) -> httpx.Response:
        return httpx.post(self.url + "/v1/scans", headers=self.headers, files={"file": (name, data)}, timeout=timeout)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        for pid in _children(self.proc.pid) | self.seen:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        self.log.close()


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


@pytest.fixture
def service(tmp_path):
    made: list[Service] = []

    def make(*extra: str, workers: int = 2) -> Service:
        s = Service(tmp_path, "--workers", str(workers), *extra)
        made.append(s)
        s.wait_ready(workers)
        return s

    yield make
    for s in made:
        s.stop()


def _pdf(content: bytes) -> bytes:
    return pdf_pages(zlib.compress(content))


def hostile_pdf() -> bytes:
    """Operands pdfminer complains about, each quoting the marker: TJ with a nested array, strings to cm and MP."""
    m = MARKER.encode()
    return _pdf(b"BT /F1 12 Tf 72 700 Td [(" + m + b") [(" + m + b")] 5] TJ ET\n"
                b"(" + m + b") (" + m + b") 1 0 0 1 0 0 cm\n(" + m + b") MP\nBT /F1 12 Tf 72 600 Td (ok) Tj ET\n")


def _multi_page_pdf(pages: int) -> bytes:
    return pdf_pages(zlib.compress(b"BT /F1 12 Tf 72 700 Td (slow) Tj ET\n" + b"0 0 m 100 100 l S\n" * 150_000), pages)


TEXT = "关于困难群众救助的情况\n申请人：张三，手机 13800138000。\n".encode()


def test_killed_idle_worker_is_replaced_and_scans_go_on(service):
    s = service()
    before = s.workers()
    assert len(before) == 2
    victim = sorted(before)[0]
    os.kill(victim, signal.SIGKILL)
    _eventually(lambda: victim not in s.workers() and len(s.workers()) == 2, 30, "a new worker in its place")
    _eventually(lambda: httpx.get(s.url + "/healthz", timeout=5).json()["workers"]["alive"] == 2, 30, "pool whole")
    for _ in range(3):
        r = s.scan_file("notice.txt", TEXT)
        assert r.status_code == 200, r.text
        assert r.json()["verdict"] == "publish_after_redaction"


def test_twenty_clients_lose_at_most_the_scan_the_killed_worker_held(service):
    s = service()
    results: list[tuple[int, dict]] = []
    lock = threading.Lock()
    stop = threading.Event()
    data = TEXT * 400  # tens of milliseconds of work per scan

    def client() -> None:
        with httpx.Client(timeout=120) as c:
            for _ in range(6):
                r = c.post(s.url + "/v1/scans", headers=s.headers, files={"file": ("n.txt", data)})
                with lock:
                    results.append((r.status_code, r.json()))
                if stop.is_set():
                    return

    threads = [threading.Thread(target=client) for _ in range(20)]
    for t in threads:
        t.start()
    _eventually(lambda: len(results) >= 10, 120, "scans under way")
    victim = sorted(s.workers())[0]
    os.kill(victim, signal.SIGKILL)
    for t in threads:
        t.join(300)
    assert not any(t.is_alive() for t in threads)
    failed = [body for code, body in results if code != 200]
    assert len(results) == 120
    assert len(failed) <= 1, failed
    for body in failed:
        assert body["error"]["code"] == "worker_lost"
    _eventually(lambda: httpx.get(s.url + "/healthz", timeout=5).json()["workers"]["alive"] == 2, 10,
                "pool whole again")


def test_scan_past_its_time_limit_has_its_worker_replaced(service):
    s = service("--timeout", "2", "--async-threshold-mb", "50", workers=1)
    (before,) = s.workers()
    r = s.scan_file("slow.pdf", _multi_page_pdf(12), timeout=120)
    assert r.status_code == 504 and r.json()["error"]["code"] == "timeout"
    _eventually(lambda: not _alive(before), 15, "the timed-out worker killed")
    r = s.scan_file("notice.txt", TEXT)
    assert r.status_code == 200 and r.json()["verdict"] == "publish_after_redaction"


def test_malformed_json_bodies_get_the_error_shape(service):
    s = service(workers=1)
    h = {**s.headers, "Content-Type": "application/json"}
    bodies = [
        b'{"text": "\\ud800 abc"}',
        b'{"text": "abc", "name": "\\udc80.txt"}',
        b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        b'{"text": "abc"',
    ]
    for body in bodies:
        r = httpx.post(s.url + "/v1/scans", headers=h, content=body, timeout=60)
        assert r.status_code in (400, 422), (body[:40], r.status_code, r.text)
        assert r.json()["error"]["code"] == "usage"
    log = s.log_path.read_text(errors="replace")
    assert "Traceback" not in log


def test_hostile_pdf_strings_never_reach_the_service_log(service):
    s = service(workers=1)
    r = s.scan_file("hostile.pdf", hostile_pdf())
    assert r.status_code == 200, r.text
    s.stop()
    assert MARKER not in s.log_path.read_text(errors="replace")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_stops_server_and_workers(service, sig):
    s = service()
    pids = _children(s.proc.pid)
    assert pids
    s.proc.send_signal(sig)
    s.proc.wait(60)
    _eventually(lambda: not any(_alive(p) for p in pids) and not _tagged(s.tag), 15, "every worker gone")


def test_sigterm_right_after_start_leaves_nothing(tmp_path):
    s = Service(tmp_path, "--workers", "2")
    try:
        time.sleep(1.0)  # mid start-up: workers are being spawned
        seen = _children(s.proc.pid)
        s.proc.send_signal(signal.SIGTERM)
        s.proc.wait(120)
        seen |= s.seen
        _eventually(lambda: not any(_alive(p) for p in seen) and not _tagged(s.tag), 15, "every process gone")
    finally:
        s.stop()


def test_workers_that_cannot_start_end_in_one_coded_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "BAOMI_DATABASE_URL"}
    r = subprocess.run([sys.executable, "-m", "cli.main", "serve", "--dev", "--data-dir", str(tmp_path), "--port",
                        str(_free_port()), "--workers", "1", "--ner-model", str(tmp_path / "no-such-model")],
                       cwd=ROOT, capture_output=True, timeout=300, env=env)
    err = r.stderr.decode("utf-8", "replace")
    assert r.returncode == 2 and "Traceback" not in err, err[-3000:]
    assert err.strip().splitlines()[-1].startswith("baomi: [model]")
