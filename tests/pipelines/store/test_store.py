"""The store over both backends: SQLite always, PostgreSQL when BAOMI_TEST_POSTGRES_URL is set (required in CI)."""
from __future__ import annotations

import os
from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from pipelines.store import Store
from pipelines.store.models import utcnow
from scanner import BaomiError

KEY = Fernet.generate_key().decode()
ID_NUMBER = "11010519491231002X"  # a valid 18-digit ID (check digit X worked out by hand)


def _pg_url() -> str:
    url = os.environ.get("BAOMI_TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must test PostgreSQL: BAOMI_TEST_POSTGRES_URL is not set (scripts/run_tests.sh starts one)")
        pytest.skip("BAOMI_TEST_POSTGRES_URL not set (run scripts/run_tests.sh to start a throwaway PostgreSQL)")
    return url


def _reset_pg(url: str) -> None:
    eng = create_engine(url)
    with eng.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    eng.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path, monkeypatch):
    monkeypatch.delenv("BAOMI_DATABASE_URL", raising=False)
    if request.param == "postgres":
        url = _pg_url()
        _reset_pg(url)
        st = Store.open(url=url, secret_key=KEY, keep_drafts=True)
    else:
        st = Store.open(tmp_path, secret_key=KEY, keep_drafts=True)
    yield st
    st.close()


def report(name: str = "通知.txt", verdict: str = "publish_after_redaction", sha: str = "a" * 64) -> dict:
    return {
        "schema_version": "1",
        "document": {"name": name, "sha256": sha, "format": "txt", "parts": [{"id": "p1", "kind": "body", "chars": 30}]},
        "channel": "website", "verdict": verdict, "verdict_reason": "",
        "findings": [{"type": "pii.id_number", "severity": "high", "text": ID_NUMBER, "part": "p1",
                      "start": 3, "end": 21, "reason": "身份证号"}],
        "routing": {"steps": []}, "summary": {"total": 1, "by_type": {"pii.id_number": 1}},
        "engine": {"version": "0", "lexicon_version": "x"},
    }


def test_report_round_trip_and_department_scoping(store):
    chief = store.add_user("chief", "section_chief", "办公室")
    other = store.add_user("other", "section_chief", "财务科")
    leader = store.add_user("leader", "leader", "局领导", oversees=["办公室"])
    sid = store.save_report(report(), department="办公室", source="api", user=chief, draft=b"draft bytes")
    got = store.get_scan(sid, chief)
    assert got.report["findings"][0]["text"] == ID_NUMBER
    assert (got.status, got.verdict, got.sha256, got.name, got.findings_total) == ("done", "publish_after_redaction", "a" * 64, "通知.txt", 1)
    assert store.get_draft(sid, chief) == b"draft bytes"
    assert store.get_scan(sid, other) is None  # another department: as if it did not exist
    assert store.get_draft(sid, other) is None
    assert store.get_scan(sid, leader) is not None  # the leader oversees 办公室
    assert [r.id for r in store.list_scans(other)] == []
    assert [r.id for r in store.list_scans(leader)] == [sid]


def test_drafts_are_not_kept_unless_the_setting_is_on(tmp_path, monkeypatch):
    monkeypatch.delenv("BAOMI_DATABASE_URL", raising=False)
    st = Store.open(tmp_path, secret_key=KEY)  # keep_drafts defaults to False
    sid = st.save_report(report(), draft=b"secret draft")
    assert st.get_draft(sid, None) is None and st.get_scan(sid, None).has_draft is False
    st.close()


def test_sqlite_file_holds_no_finding_text_in_clear(tmp_path, monkeypatch):
    monkeypatch.delenv("BAOMI_DATABASE_URL", raising=False)
    st = Store.open(tmp_path, secret_key=KEY, keep_drafts=True)
    u = st.add_user("chief", "section_chief", "办公室")
    sid = st.save_report(report(name="绝密名单.txt"), user=u, department="办公室", draft=f"身份证 {ID_NUMBER}".encode())
    st.audit("chief", "approve", "submission", 1, details={"note": f"已核对 {ID_NUMBER}"})
    bid = st.start_batch("https://example.gov.cn/secret-path/")
    st.save_report(report(name="https://example.gov.cn/secret-path/a.html"), batch_id=bid)
    assert st.get_scan(sid, u).report["findings"][0]["text"] == ID_NUMBER  # it is stored, just not in clear
    st.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("baomi.sqlite3"))
    for secret in (ID_NUMBER, "绝密名单", "secret-path"):
        assert secret.encode("utf-8") not in raw, secret


def test_audit_log_is_masked_and_append_only(store):
    store.audit("chief", "approve", "submission", 7, sha256="b" * 64, verdict="publish",
                details={"note": f"身份证 {ID_NUMBER} 已删", "channel": "website"})
    entry = store.list_audit()[0]
    assert ID_NUMBER not in entry["details"]["note"]
    assert entry["details"]["note"] == "身份证 11**************2X 已删"
    assert entry["details"]["channel"] == "website"
    assert (entry["actor"], entry["object_id"], entry["verdict"]) == ("chief", "7", "publish")
    for sql in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError):
            with store.engine.begin() as conn:
                conn.execute(text(sql))
    assert store.list_audit()[0]["actor"] == "chief"


def test_batch_items_resume_and_incremental_state(store):
    bid = store.start_batch("https://site.example/", kind="crawl")
    store.save_report(report(name="https://site.example/a.html", sha="c" * 64), batch_id=bid, etag='W/"1"',
                      last_modified="Tue, 01 Oct 2024 00:00:00 GMT")
    store.save_error("https://site.example/b.pdf", {"document": {"name": "b"}, "error": {"code": "corrupt", "message": "m"}},
                     batch_id=bid, linked_from="https://site.example/a.html")
    store.record_item(bid, "https://site.example/c.html", "unchanged", content_hash="d" * 64)
    store.finish_batch(bid, "done")
    items = store.batch_items(bid)
    assert [(i.name, i.status) for i in items] == [
        ("https://site.example/a.html", "scanned"), ("https://site.example/b.pdf", "error"),
        ("https://site.example/c.html", "unchanged")]
    assert items[1].error_code == "corrupt" and items[1].linked_from == "https://site.example/a.html"
    bid2 = store.start_batch("https://site.example/", kind="crawl")
    prev = store.last_item("https://site.example/a.html", before_batch=bid2)
    assert (prev.content_hash, prev.etag, prev.verdict, prev.batch_id) == ("c" * 64, 'W/"1"', "publish_after_redaction", bid)
    assert store.last_item("https://site.example/never.html") is None
    assert store.get_batch(bid)["status"] == "done"
    assert store.last_batch(source="https://site.example/", kind="crawl")["id"] == bid2


def test_purge_drops_drafts_then_reports_after_retention(store):
    sid = store.save_report(report(), draft=b"x")
    assert store.purge()["purged_reports"] == 0
    counts = store.purge(now=utcnow() + store.draft_retention + timedelta(seconds=1))
    assert counts["purged_drafts"] == 1 and counts["purged_reports"] == 0
    assert store.get_draft(sid, None) is None and store.get_scan(sid, None).report is not None
    store.purge(now=utcnow() + store.report_retention + timedelta(seconds=1))
    rec = store.get_scan(sid, None)
    assert (rec.status, rec.report, rec.name) == ("purged", None, None)


def test_tokens_passwords_and_disabling(store):
    with pytest.raises(BaomiError) as err:
        store.add_user("pub", "publisher", "办公室", password="123")
    assert err.value.code == "usage" and "12" in err.value.message
    store.add_user("pub", "publisher", "办公室", password="正确的密码-足够长的一句")
    assert store.login("pub", "正确的密码-足够长的一句").role == "publisher"
    assert store.login("pub", "wrong") is None and store.login("nobody", "x") is None
    tid, token = store.create_token("pub")
    assert store.user_for_token(token).name == "pub"
    assert store.user_for_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    with store.engine.connect() as conn:
        stored = conn.execute(text("SELECT token_hash FROM api_tokens")).scalar()
    assert token not in stored
    store.revoke_token(tid)
    assert store.user_for_token(token) is None
    tid2, token2 = store.create_token("pub")
    sid = store.create_session(store.get_user("pub"))
    store.disable_user("pub")
    assert store.user_for_token(token2) is None and store.user_for_session(sid) is None and store.login("pub", "正确的密码-足够长的一句") is None


@pytest.mark.parametrize("role", ["boss", ""])
def test_unknown_role_is_a_usage_error(store, role):
    with pytest.raises(BaomiError) as exc:
        store.add_user("x", role, "办公室")
    assert exc.value.code == "usage"


def test_pending_scans_left_by_a_killed_server_become_interrupted(store):
    sid = store.create_pending("big.pdf", department="办公室")
    assert store.recover_pending() == 1
    assert store.get_scan(sid, None).error["code"] == "interrupted"


def test_migrations_match_the_models(store):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from pipelines.store.models import Base

    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_open_refuses_without_a_key_unless_dev(tmp_path, monkeypatch):
    monkeypatch.delenv("BAOMI_SECRET_KEY", raising=False)
    monkeypatch.delenv("BAOMI_DATABASE_URL", raising=False)
    with pytest.raises(BaomiError) as exc:
        Store.open(tmp_path / "a")
    assert exc.value.code == "config" and "BAOMI_SECRET_KEY" in exc.value.message
    dev = Store.open(tmp_path / "b", dev=True)
    sid = dev.save_report(report())
    dev.close()
    again = Store.open(tmp_path / "b", dev=True)  # the dev key persists in the data dir
    assert again.get_scan(sid, None).report["findings"][0]["text"] == ID_NUMBER
    again.close()
    wrong = Store.open(tmp_path / "b", secret_key=Fernet.generate_key())
    with pytest.raises(BaomiError) as exc:
        wrong.get_scan(sid, None)
    assert exc.value.code == "config"
    wrong.close()
