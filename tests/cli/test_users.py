"""baomi user / baomi token against a data dir, as an administrator would run them."""
from __future__ import annotations

import io

import pytest
from cryptography.fernet import Fernet

from cli.main import main
from pipelines.store import Store


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BAOMI_SECRET_KEY", Fernet.generate_key().decode())
    monkeypatch.delenv("BAOMI_DATABASE_URL", raising=False)
    monkeypatch.setenv("BAOMI_DATA_DIR", str(tmp_path / "from-env"))
    return tmp_path / "data"


def run(argv, capsys, stdin: str = ""):
    import sys

    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        rc = main(argv)
    finally:
        sys.stdin = old
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_add_list_disable(data_dir, capsys):
    d = ["--data-dir", str(data_dir)]
    rc, _, _ = run(["user", "add", "王局", "--role", "leader", "--department", "局领导", "--oversees", "办公室,财务科",
                    "--password-stdin", *d], capsys, stdin="s3cret-口令-足够长的一句话\n")
    assert rc == 0
    rc, out, _ = run(["user", "list", *d], capsys)
    assert out.splitlines() == ["王局\t分管领导\t局领导\t办公室,财务科\t正常"]
    store = Store.open(data_dir)
    assert store.login("王局", "s3cret-口令-足够长的一句话").oversees == ("办公室", "财务科")
    store.close()
    assert run(["user", "disable", "王局", *d], capsys)[0] == 0
    assert run(["user", "list", *d], capsys)[1].splitlines() == ["王局\t分管领导\t局领导\t办公室,财务科\t停用"]


def test_token_create_prints_only_the_token_and_revoke_works(data_dir, capsys):
    d = ["--data-dir", str(data_dir)]
    run(["user", "add", "系统", "--role", "section_chief", "--department", "办公室", "--no-password", *d], capsys)
    rc, out, err = run(["token", "create", "系统", *d], capsys)
    assert rc == 0
    lines = out.splitlines()
    assert len(lines) == 1 and lines[0].startswith("bm_")
    token = lines[0]
    token_id = token.split("_")[1]
    assert token_id in err and token not in err
    store = Store.open(data_dir)
    assert store.user_for_token(token).name == "系统"
    assert run(["token", "revoke", token_id, *d], capsys)[0] == 0
    assert store.user_for_token(token) is None
    store.close()


def test_data_dir_defaults_to_the_environment(data_dir, capsys, tmp_path):
    run(["user", "add", "a", "--role", "admin", "--department", "办公室", "--no-password"], capsys)
    assert (tmp_path / "from-env" / "baomi.sqlite3").exists()


@pytest.mark.parametrize("argv,code", [
    (["user", "add", "x", "--role", "admin", "--department", "d", "--no-password"], "conflict"),  # added twice
    (["user", "disable", "nobody"], "no_such"),
    (["token", "create", "nobody"], "no_such"),
    (["token", "revoke", "000000"], "no_such"),
])
def test_errors_are_coded_and_exit_2(data_dir, capsys, argv, code):
    d = ["--data-dir", str(data_dir)]
    run(["user", "add", "x", "--role", "admin", "--department", "d", "--no-password", *d], capsys)
    rc, out, err = run([*argv, *d], capsys)
    assert rc == 2 and f"[{code}]" in err and out == ""


def test_without_a_key_the_command_refuses(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("BAOMI_SECRET_KEY", raising=False)
    rc, _, err = run(["user", "list", "--data-dir", str(tmp_path)], capsys)
    assert rc == 2 and "[config]" in err and "BAOMI_SECRET_KEY" in err


@pytest.mark.parametrize("stdin, extra, message", [
    ("123\n", ["--password-stdin"], "密码至少 12 个字符"),
    ("\n", ["--password-stdin"], "标准输入中没有密码"),
    ("", [], "--no-password"),  # no password given and none asked for: refused, not a password-less account
])
def test_weak_or_missing_password_is_refused(data_dir, capsys, stdin, extra, message):
    d = ["--data-dir", str(data_dir)]
    rc, _, err = run(["user", "add", "新人", "--role", "section_chief", "--department", "办公室", *extra, *d], capsys, stdin)
    assert rc == 2 and message in err
    assert run(["user", "list", *d], capsys)[1] == ""
