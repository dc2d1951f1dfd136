"""POST/GET /v1/scans: the report contract, auth, department scoping, size limits, drafts and downloads."""
from __future__ import annotations

import asyncio
import json
import time

import jsonschema
import pytest

MARKED = "秘密★5年\n关于召开年度工作会议的通知\n各科室：定于下周召开会议。"
PHONE = "申请人手机 13812345678，请按时补交材料。"  # a private person's number: masked


@pytest.fixture(scope="module")
def schema(root):
    """The report schema kept in the repository (pipelines/report/report.schema.json)."""
    return json.loads((root / "pipelines" / "report" / "report.schema.json").read_text(encoding="utf-8"))


def test_text_scan_returns_the_contract_report_with_an_id(client, schema):
    r = client.post("/v1/scans", json={"text": MARKED, "channel": "website"}, headers=client.tokens["chief"])
    assert r.status_code == 200
    body = r.json()
    jsonschema.validate(body, schema)
    assert len(body["id"]) == 32
    assert body["verdict"] == "not_publishable"
    marks = [f for f in body["findings"] if f["type"] == "marking.classified"]
    assert [m["text"] for m in marks] == ["秘密★5年"] and marks[0]["start"] == 0
    again = client.get(f"/v1/scans/{body['id']}", headers=client.tokens["chief"]).json()
    assert again["findings"] == body["findings"] and again["id"] == body["id"]


def test_file_upload_with_channel(client):
    r = client.post("/v1/scans", files={"file": ("通知.txt", PHONE.encode("utf-8"), "text/plain")},
                    data={"channel": "weibo"}, headers=client.tokens["chief"])
    body = r.json()
    assert r.status_code == 200 and body["channel"] == "weibo"
    assert any(f["type"] == "pii.phone" and f["text"] == "13812345678" for f in body["findings"])


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer bm_nope_nope"}, {"Authorization": "Basic eDp5"}])
def test_every_call_needs_credentials(client, headers):
    r = client.post("/v1/scans", json={"text": "x"}, headers=headers)
    assert r.status_code == 401 and r.json()["error"]["code"] == "auth"
    assert client.get("/v1/scans", headers=headers).status_code == 401


def test_another_departments_scan_is_404_but_an_overseeing_leader_sees_it(client):
    sid = client.post("/v1/scans", json={"text": PHONE}, headers=client.tokens["chief"]).json()["id"]
    for path in ("", "/report.html", "/redacted"):
        r = client.get(f"/v1/scans/{sid}{path}", headers=client.tokens["chief2"])
        assert r.status_code == 404 and r.json()["error"]["code"] == "no_such"
    assert client.get(f"/v1/scans/{sid}", headers=client.tokens["leader"]).status_code == 200
    assert client.get("/v1/scans", headers=client.tokens["chief2"]).json()["scans"] == []


@pytest.mark.parametrize("bad,code", [
    ({"text": 5}, "usage"), ({"channel": "website"}, "usage"), ({"text": "x", "channel": "tv"}, "usage"),
])
def test_bad_json_bodies_are_usage_errors(client, bad, code):
    r = client.post("/v1/scans", json=bad, headers=client.tokens["chief"])
    assert r.status_code == 400 and r.json()["error"]["code"] == code


def test_upload_over_the_limit_is_413_with_the_error_shape(make_client):
    c = make_client(max_upload_bytes=1024 * 1024)
    r = c.post("/v1/scans", files={"file": ("big.txt", b"a" * (2 * 1024 * 1024), "text/plain")}, headers=c.tokens["chief"])
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "too_large" and "1 MB" in r.json()["error"]["message"]


def test_empty_upload_is_an_input_error_and_is_recorded(client):
    r = client.post("/v1/scans", files={"file": ("a.txt", b"   ", "text/plain")}, headers=client.tokens["chief"])
    assert r.status_code == 422 and r.json()["error"]["code"] == "empty"
    got = client.get(f"/v1/scans/{r.json()['id']}", headers=client.tokens["chief"])
    assert got.status_code == 422 and got.json()["status"] == "error"


def test_large_draft_gets_202_and_is_polled(make_client):
    c = make_client(async_threshold_bytes=200)
    text = PHONE * 20  # ~900 bytes of UTF-8: over the threshold
    r = c.post("/v1/scans", json={"text": text}, headers=c.tokens["chief"])
    assert r.status_code == 202 and r.json()["status"] == "pending"
    sid = r.json()["id"]
    for _ in range(200):
        got = c.get(f"/v1/scans/{sid}", headers=c.tokens["chief"])
        if got.status_code != 202:
            break
        time.sleep(0.05)
    assert got.status_code == 200
    assert sum(f["type"] == "pii.phone" for f in got.json()["findings"]) == 20


def test_a_scan_over_the_request_timeout_is_504(make_client):
    c = make_client(request_timeout_s=0.05)

    async def slow(*_a, **_k):
        await asyncio.sleep(1)

    c.app.state.pool.scan = slow
    r = c.post("/v1/scans", json={"text": "x"}, headers=c.tokens["chief"])
    assert r.status_code == 504 and r.json()["error"]["code"] == "timeout"


@pytest.mark.parametrize("fname,path", [("稿.docx", "/annotated.docx"), ("稿.docx", "/redacted"), ("稿.txt", "/redacted")])
def test_annotated_and_redacted_need_kept_drafts(client, fname, path, make_docx):
    data = make_docx(PHONE) if fname.endswith(".docx") else PHONE.encode("utf-8")
    sid = client.post("/v1/scans", files={"file": (fname, data)}, headers=client.tokens["chief"]).json()["id"]
    r = client.get(f"/v1/scans/{sid}{path}", headers=client.tokens["chief"])
    assert r.status_code == 409 and r.json()["error"]["code"] == "draft_not_kept"
    assert "--keep-drafts" in r.json()["error"]["message"]
    html = client.get(f"/v1/scans/{sid}/report.html", headers=client.tokens["chief"])
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "13812345678" in html.text  # the report itself shows what to fix


def test_redacted_copy_when_drafts_are_kept(make_client):
    c = make_client(keep_drafts=True)
    sid = c.post("/v1/scans", json={"text": PHONE}, headers=c.tokens["chief"]).json()["id"]
    r = c.get(f"/v1/scans/{sid}/redacted", headers=c.tokens["chief"])
    assert r.status_code == 200
    assert r.text == "申请人手机 138****5678，请按时补交材料。"
    assert c.get(f"/v1/scans/{sid}/annotated.docx", headers=c.tokens["chief"]).json()["error"]["code"] == "conflict"


def test_docx_upload_annotated_copy(make_client, make_docx):
    import io

    from docx import Document as Docx

    c = make_client(keep_drafts=True)
    body = c.post("/v1/scans", files={"file": ("稿.docx", make_docx("秘密★5年", PHONE))}, headers=c.tokens["chief"]).json()
    assert body["document"]["format"] == "docx"
    r = c.get(f"/v1/scans/{body['id']}/annotated.docx", headers=c.tokens["chief"])
    assert r.status_code == 200
    out = Docx(io.BytesIO(r.content))
    assert len(list(out.comments)) >= 2  # the marking and the phone number, plus the verdict note


def test_web_cookie_writes_need_the_csrf_header(client):
    from api.routes.scans import router  # noqa: F401  (import keeps the routes module covered)

    r = client.post("/v1/login", json={"name": "chief", "password": "口令-123456-长一些的口令"})
    assert r.status_code == 200
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
    me = client.get("/v1/me").json()
    assert me["user"]["name"] == "chief"
    assert me["labels"]["types"]["marking.classified"] == "密级标志"
    assert me["labels"]["verdicts"]["not_publishable"] == "不予公开"
    assert client.post("/v1/scans", json={"text": "x"}).status_code == 403
    assert client.post("/v1/scans", json={"text": "x"}, headers={"X-Baomi-CSRF": "1"}).status_code == 200
    bad = client.post("/v1/login", json={"name": "chief", "password": "wrong"})
    assert bad.status_code == 401


def test_openapi_and_page_are_served(client):
    assert "/v1/scans" in client.get("/openapi.json").json()["paths"]
    page = client.get("/")
    assert page.status_code == 200 and "保密审查" in page.text
    assert "http" not in page.text.split("<body>")[0].replace("http-equiv", "")  # no external CDN in the head
