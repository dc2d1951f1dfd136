"""A service per test over a fresh SQLite data dir; scans run in threads with the session's Scanner."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from fastapi.testclient import TestClient

from api import Settings, create_app
from scanner import ScanOptions

PASSWORD = "口令-123456-长一些的口令"
USERS = [  # name, role, department, oversees
    ("chief", "section_chief", "办公室", []),
    ("chief2", "section_chief", "财务科", []),
    ("leader", "leader", "局领导", ["办公室"]),
    ("officer", "secrecy_officer", "保密办", ["*"]),
    ("pub", "publisher", "法宣科", ["*"]),
]


@pytest.fixture
def make_client(tmp_path, monkeypatch, scanner):
    monkeypatch.delenv("BAOMI_DATABASE_URL", raising=False)
    clients = []

    def make(**overrides):
        settings = Settings(data_dir=tmp_path, secret_key=Fernet.generate_key().decode(), workers=0,
                            scan_options=ScanOptions(ner=False), **overrides)
        app = create_app(settings, scanner=scanner)
        tokens = {}
        for name, role, dept, over in USERS:
            app.state.store.add_user(name, role, dept, oversees=over, password=PASSWORD)
            tokens[name] = {"Authorization": f"Bearer {app.state.store.create_token(name)[1]}"}
        client = TestClient(app)
        client.__enter__()
        clients.append(client)
        client.tokens = tokens
        return client

    yield make
    for c in clients:
        c.__exit__(None, None, None)
        c.app.state.store.close()


@pytest.fixture
def client(make_client):
    return make_client()


@pytest.fixture
def serve(tmp_path, monkeypatch, scanner):
    """Start real services on free loopback ports (for the browser tests); ``serve(...)`` returns a base URL.

    ``users`` are (name, role, department, oversees) with the one test password.
    """
    import socket
    import threading
    import time

    import uvicorn

    monkeypatch.delenv("BAOMI_DATABASE_URL", raising=False)
    running = []

    def start(keep_drafts: bool = True, users=USERS) -> str:
        app = create_app(Settings(data_dir=tmp_path / f"data{len(running)}", secret_key=Fernet.generate_key().decode(),
                                  workers=0, scan_options=ScanOptions(ner=False), keep_drafts=keep_drafts),
                         scanner=scanner)
        for name, role, dept, over in users:
            app.state.store.add_user(name, role, dept, oversees=over, password=PASSWORD)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=srv.run, daemon=True)
        thread.start()
        for _ in range(200):
            if srv.started:
                break
            time.sleep(0.05)
        assert srv.started, "server did not start"
        running.append((srv, thread, app))
        return f"http://127.0.0.1:{port}"

    yield start
    for srv, thread, app in running:
        srv.should_exit = True
        thread.join(10)
        app.state.store.close()


# The web page in Debian's chromium, driven by Playwright, for the browser test files.
CHROMIUM = "/usr/bin/chromium"
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--lang=zh-CN"]


@pytest.fixture
def password() -> str:
    """Every staff member of the ``serve`` fixture logs in with this."""
    return PASSWORD


@pytest.fixture
def browser():
    """A chromium for the test; CI fails without it (scripts/sysdeps.sh installs it), a laptop skips."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the browser test: /usr/bin/chromium is missing (scripts/sysdeps.sh installs it)")
        pytest.skip("/usr/bin/chromium not installed (scripts/sysdeps.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield b
        b.close()


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where screenshots go, for a person to look at: $BAOMI_SCREENSHOTS or the test's tmp dir."""
    d = Path(os.environ.get("BAOMI_SCREENSHOTS", str(tmp_path / "shots")))
    d.mkdir(parents=True, exist_ok=True)
    return d
