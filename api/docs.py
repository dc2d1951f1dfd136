"""API documentation served from the package itself: one HTML page built from the OpenAPI document.

The usual Swagger UI loads its script and styles from a CDN, which a
government intranet cannot reach; this page needs nothing but this server.
It lists every call with its parameters, request body, responses and the
authentication it needs, and links the machine-readable ``/openapi.json``.
"""
from __future__ import annotations

import json
from html import escape
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter()
ERROR_CODES = {400: "用法错误（参数有误）", 401: "未登录或令牌无效", 403: "无权办理", 404: "不存在或无权查看",
               409: "当前状态不允许此操作"}


def install(app) -> None:
    """OpenAPI as the service really answers: errors are ``{"error": {...}}`` with 400, never FastAPI's 422 shape."""
    from fastapi.openapi.utils import get_openapi

    from .schemas import ErrorOut

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        schemas = spec.setdefault("components", {}).setdefault("schemas", {})
        for name in ("HTTPValidationError", "ValidationError"):
            schemas.pop(name, None)
        schemas["ErrorOut"] = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        for defname, d in schemas["ErrorOut"].pop("$defs", {}).items():
            schemas[defname] = d
        ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
        for ops in spec.get("paths", {}).values():
            for op in ops.values():
                responses = op.setdefault("responses", {})
                responses.pop("422", None)
                for r in responses.values():
                    if r.get("description") == "Successful Response":
                        r["description"] = "成功"
                content = responses.get("200", {}).get("content", {})
                if content.get("application/json", {}).get("schema") == {} and len(content) > 1:
                    del content["application/json"]  # a file answer, not JSON
                for code, text in ERROR_CODES.items():
                    if code == 401 and not op.get("security"):
                        continue
                    responses.setdefault(str(code), {"description": text, **ref})
        app.openapi_schema = spec
        return spec

    app.openapi = openapi
CSS = """body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0 auto;max-width:1100px;padding:16px;color:#1d2330}
h1{font-size:22px}h2{font-size:18px;border-bottom:2px solid #8b1a1a;padding-bottom:4px;margin-top:28px}
.op{border:1px solid #dde1e7;border-radius:6px;margin:10px 0;background:#fff}
.op summary{padding:8px 12px;cursor:pointer;font-family:monospace;font-size:14px}
.m{display:inline-block;min-width:4.5em;font-weight:bold;color:#fff;border-radius:3px;padding:0 6px;margin-right:8px;text-align:center}
.GET{background:#1d4f91}.POST{background:#2e7d32}.PUT,.PATCH{background:#e65100}.DELETE{background:#b71c1c}
.body{padding:0 12px 12px}table{border-collapse:collapse;width:100%;font-size:13px}td,th{border:1px solid #dde1e7;padding:4px 6px;text-align:left;vertical-align:top}
pre{background:#f4f5f7;padding:8px;overflow:auto;font-size:12px;max-height:320px}.muted{color:#6b7280}"""


def _ref(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        return _ref(schema["items"]) + "[]"
    if "anyOf" in schema:
        return " | ".join(_ref(s) for s in schema["anyOf"])
    return schema.get("type", "object")


def render(spec: dict[str, Any]) -> str:
    info = spec.get("info", {})
    out = [f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
           f"<title>{escape(info.get('title', 'API'))} · 接口文档</title><style>{CSS}</style></head><body>",
           f"<h1>{escape(info.get('title', ''))} 接口文档 <small class=\"muted\">{escape(info.get('version', ''))}</small></h1>",
           f"<p>{escape(info.get('description', ''))}</p>",
           '<p>认证：请求头 <code>Authorization: Bearer 令牌</code>（令牌由 <code>baomi token create 用户名</code> 生成）。'
           '错误统一为 <code>{"error": {"code", "message"}}</code>。机器可读的接口描述：<a href="/openapi.json">/openapi.json</a>。</p>']
    by_tag: dict[str, list[str]] = {}
    for path, ops in spec.get("paths", {}).items():
        for method, op in ops.items():
            tag = (op.get("tags") or ["其他"])[0]
            rows = []
            for prm in op.get("parameters", []):
                rows.append(f"<tr><td><code>{escape(prm['name'])}</code></td><td>{escape(prm.get('in', ''))}</td>"
                            f"<td>{'必填' if prm.get('required') else ''}</td><td>{escape(_ref(prm.get('schema', {})))}</td>"
                            f"<td>{escape(prm.get('description', '') or prm.get('schema', {}).get('title', ''))}</td></tr>")
            params = ("<table><tr><th>参数</th><th>位置</th><th></th><th>类型</th><th>说明</th></tr>" + "".join(rows) + "</table>") if rows else ""
            body = ""
            for ctype, c in op.get("requestBody", {}).get("content", {}).items():
                body += f"<p>请求体（{escape(ctype)}）：<code>{escape(_ref(c.get('schema', {})))}</code></p>"
                if "$ref" not in c.get("schema", {}):
                    body += f"<pre>{escape(json.dumps(c.get('schema', {}), ensure_ascii=False, indent=1))}</pre>"
            resp = "".join(
                f"<tr><td>{escape(code)}</td><td>{escape(r.get('description', ''))}</td><td><code>"
                + escape(", ".join(_ref(c.get("schema", {})) for c in r.get("content", {}).values())) + "</code></td></tr>"
                for code, r in op.get("responses", {}).items())
            auth = "需要令牌" if op.get("security") else "无需认证"
            by_tag.setdefault(tag, []).append(
                f'<details class="op"><summary><span class="m {method.upper()}">{method.upper()}</span>{escape(path)}　'
                f'<span>{escape(op.get("summary", ""))}</span></summary><div class="body">'
                f'<p class="muted">{auth}</p><p>{escape(op.get("description", "") or "")}</p>{params}{body}'
                f'<table><tr><th>状态</th><th>说明</th><th>内容</th></tr>{resp}</table></div></details>')
    for tag, items in by_tag.items():
        out.append(f"<h2>{escape(tag)}</h2>" + "".join(items))
    schemas = spec.get("components", {}).get("schemas", {})
    if schemas:
        out.append("<h2>数据结构</h2>")
        for name, sch in schemas.items():
            out.append(f'<details class="op" id="{escape(name)}"><summary>{escape(name)}</summary><div class="body"><pre>'
                       f"{escape(json.dumps(sch, ensure_ascii=False, indent=1))}</pre></div></details>")
    out.append("</body></html>")
    return "\n".join(out)


@router.get("/docs", include_in_schema=False)
def docs(request: Request) -> HTMLResponse:
    html = render(request.app.openapi())
    return HTMLResponse(html, headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
                                       "X-Content-Type-Options": "nosniff"})
