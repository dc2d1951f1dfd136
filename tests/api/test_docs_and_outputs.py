"""The API described as it answers, documented without the Internet, and copies offered only when they can work."""
from __future__ import annotations

import io
import re

import docx


def test_openapi_has_response_models_errors_and_the_bearer_scheme(client):
    spec = client.get("/openapi.json").json()
    assert spec["components"]["securitySchemes"]["令牌"] == {
        "type": "http", "scheme": "bearer", "description": "baomi token create 生成的 API 令牌（bm_…）"}
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            ok = op["responses"].get("200", {})
            schema = next(iter(ok.get("content", {}).values()), {}).get("schema")
            assert schema, f"{method} {path} has no 200 schema"
            assert "422" not in op["responses"] and ok["description"] != "Successful Response"
            assert op["responses"]["400"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorOut"}
    scan = spec["paths"]["/v1/scans"]["post"]
    assert scan["responses"]["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ReportOut"}
    assert "publishable" in spec["components"]["schemas"]["ReportOut"]["required"]
    assert spec["paths"]["/v1/files/{sha256}"]["get"]["security"] == [{"令牌": []}]


def test_docs_page_loads_nothing_from_another_host(client):
    r = client.get("/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert "<script" not in page
    assert set(re.findall(r'(?:src|href)="([^"]+)"', page)) == {"/openapi.json"}
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert "/v1/files/{sha256}" in page and "按文件指纹" in page
    assert client.get("/redoc").status_code == 404


def test_downloads_say_what_can_work(make_client):
    plain = make_client()
    body = plain.post("/v1/scans", json={"text": "申请人手机13812345678"}, headers=plain.tokens["chief"]).json()
    assert body["publishable"] is False
    assert body["downloads"]["report"] == {"available": True}
    assert body["downloads"]["redacted"]["available"] is False and "不保存原稿" in body["downloads"]["redacted"]["reason"]
    assert body["downloads"]["annotated"]["reason"] == "仅适用于 Word（docx）稿件"


def _docx_with_deleted_id() -> bytes:
    from docx.oxml.ns import qn

    d = docx.Document()
    p = d.add_paragraph("补贴已发放。")
    dele = p._p.makeelement(qn("w:del"), {qn("w:id"): "1", qn("w:author"): "x"})
    r = dele.makeelement(qn("w:r"), {})
    t = r.makeelement(qn("w:delText"), {})
    t.text = "身份证号110101199003071234"
    r.append(t)
    dele.append(r)
    p._p.append(dele)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_redacted_copy_is_rescanned_before_download(make_client):
    c = make_client(keep_drafts=True)
    files = {"file": ("a.docx", _docx_with_deleted_id(), "application/octet-stream")}
    sid = c.post("/v1/scans", files=files, headers=c.tokens["chief"]).json()["id"]
    check = c.get(f"/v1/scans/{sid}/redacted/check", headers=c.tokens["chief"]).json()
    assert check["clean"] is True and check["remaining"] == [] and check["rescan_verdict"] == "publish"
    assert any("修订删除内容" in r for r in check["removed"])
    r = c.get(f"/v1/scans/{sid}/redacted", headers=c.tokens["chief"])
    assert r.headers["x-baomi-clean"] == "true"
    assert b"110101199003071234" not in r.content
    marked = c.post("/v1/scans", json={"text": "机密★5年\n申请人手机13812345678"}, headers=c.tokens["chief"]).json()["id"]
    check = c.get(f"/v1/scans/{marked}/redacted/check", headers=c.tokens["chief"]).json()
    assert check["clean"] is False and [x["label"] for x in check["remaining"]] == ["密级标志"]
    assert "机密★5年" not in str(check)  # types and places, never the text
    r = c.get(f"/v1/scans/{marked}/redacted", headers=c.tokens["chief"])
    assert r.headers["x-baomi-clean"] == "false" and "13812345678" not in r.text


def test_pdf_redaction_is_refused_with_the_reason(make_client, root):
    c = make_client(keep_drafts=True)
    pdf = next((root / "corpus_samples" / "documents").glob("*.pdf")).read_bytes()
    body = c.post("/v1/scans", files={"file": ("a.pdf", pdf, "application/pdf")}, headers=c.tokens["chief"]).json()
    assert body["downloads"]["redacted"]["available"] is False and "源文件" in body["downloads"]["redacted"]["reason"]
    r = c.get(f"/v1/scans/{body['id']}/redacted", headers=c.tokens["chief"])
    assert r.status_code == 422 and r.json()["error"]["code"] == "unsupported_format"
