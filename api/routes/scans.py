"""Scans: upload or paste a draft, get the report; fetch it and its derived documents later."""
from __future__ import annotations

import asyncio
import json
import logging
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import UploadFile

from pipelines.store import Store, UserInfo
from scanner import BaomiError
from scanner.errors import internal_error
from scanner.scanner import CHANNELS

from .. import outputs
from ..auth import current_user, get_store
from ..errors import status_for
from ..schemas import Pending, RedactionCheck, ReportOut, ScanList

log = logging.getLogger("baomi.api")
router = APIRouter(tags=["审查"])

UPLOAD_DOC = {
    "requestBody": {
        "content": {
            "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
                "file": {"type": "string", "format": "binary", "description": "docx、pdf、html、txt 等稿件"},
                "channel": {"type": "string", "enum": list(CHANNELS)}}}},
            "application/json": {"schema": {"type": "object", "required": ["text"], "properties": {
                "text": {"type": "string"}, "channel": {"type": "string", "enum": list(CHANNELS)},
                "name": {"type": "string"}}}},
        }
    }
}


async def _read_input(request: Request) -> tuple[bytes, str, str]:
    """(bytes, name, channel) from a multipart upload or a JSON body; parsed here so size errors stay ours."""
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("application/json"):
        try:
            body = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise BaomiError("usage", "请求体不是有效的 JSON") from None
        if not isinstance(body, dict) or not isinstance(body.get("text"), str):
            raise BaomiError("usage", "JSON 请求体应包含字符串字段 text")
        name = body.get("name") if isinstance(body.get("name"), str) and body.get("name") else "粘贴文本.txt"
        try:  # JSON may carry lone surrogates (\ud800) that no UTF-8 text can hold
            text = body["text"].encode("utf-8")
            name.encode("utf-8")
        except UnicodeEncodeError:
            raise BaomiError("usage", "text 或 name 含有无效的 Unicode 字符（孤立的代理项）") from None
        return text, name, str(body.get("channel") or "unspecified")
    if ctype.startswith("multipart/form-data"):
        form = await request.form(max_files=1, max_fields=10)
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise BaomiError("usage", "上传表单缺少 file 字段")
        data = await upload.read()
        channel = form.get("channel")
        return data, upload.filename or "upload", str(channel) if isinstance(channel, str) and channel else "unspecified"
    raise BaomiError("usage", "请以 multipart/form-data 上传文件，或以 application/json 提交 {\"text\": ...}")


def _report_body(report: dict[str, Any], scan_id: str, request: Request | None = None,
                 has_draft: bool = False) -> dict[str, Any]:
    body = {**report, "id": scan_id}
    if request is not None:
        body["downloads"] = outputs.availability(report.get("document", {}).get("format"), has_draft,
                                                 get_store(request).keep_drafts, outputs.pictures_only(report))
    return body


async def _background(request: Request, scan_id: str, data: bytes, name: str, channel: str, user: UserInfo) -> None:
    app = request.app
    store: Store = app.state.store
    try:
        out = await app.state.pool.scan(data, name, channel, app.state.settings.max_upload_bytes)
        if "error" in out:
            await run_in_threadpool(store.fail_scan, scan_id, out["error"], actor=user.name)
        else:
            await run_in_threadpool(store.complete_scan, scan_id, out["report"], draft=data, actor=user.name)
    except BaomiError as exc:  # a timeout or a lost worker: the poller gets the coded error
        await run_in_threadpool(store.fail_scan, scan_id, exc.to_dict())
    except Exception as exc:  # noqa: BLE001 - the poller must get an answer
        await run_in_threadpool(store.fail_scan, scan_id, internal_error(exc, log).to_dict())


FILE = {"description": "文件", "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}


@router.post("/v1/scans", openapi_extra=UPLOAD_DOC, summary="审查一份稿件（上传文件或提交文本）",
             response_model=ReportOut, responses={202: {"model": Pending, "description": "大文件在后台审查，轮询 poll"}})
async def post_scan(request: Request, include_text: bool = False, user: UserInfo = Depends(current_user)) -> Response:
    settings = request.app.state.settings
    store: Store = get_store(request)
    data, name, channel = await _read_input(request)
    if channel not in CHANNELS:
        raise BaomiError("usage", f"未知的发布渠道（可选 {', '.join(CHANNELS)}）")
    if len(data) > settings.max_upload_bytes:
        raise BaomiError("too_large", f"上传上限 {settings.max_upload_bytes // (1024 * 1024)} MB")
    if len(data) > settings.async_threshold_bytes:
        sid = await run_in_threadpool(store.create_pending, name, department=user.department, user=user,
                                      channel=channel, source="api")
        task = asyncio.create_task(_background(request, sid, data, name, channel, user))
        request.app.state.tasks.add(task)
        task.add_done_callback(request.app.state.tasks.discard)
        return JSONResponse({"id": sid, "status": "pending", "poll": f"/v1/scans/{sid}"}, status_code=202,
                            headers={"Location": f"/v1/scans/{sid}"})
    try:
        out = await asyncio.wait_for(
            request.app.state.pool.scan(data, name, channel, settings.max_upload_bytes, include_text),
            settings.request_timeout_s)
    except asyncio.TimeoutError:
        raise BaomiError("timeout", f"超过 {settings.request_timeout_s:g} 秒") from None
    if "error" in out:
        sid = await run_in_threadpool(store.save_error, name, out["error"], department=user.department,
                                      source="api", user=user)
        return JSONResponse({"error": out["error"], "id": sid}, status_code=status_for(out["error"]["code"]))
    sid = await run_in_threadpool(store.save_report, out["report"], department=user.department, source="api",
                                  user=user, draft=data, name=name)
    body = _report_body(out["report"], sid, request, has_draft=store.keep_drafts)
    if include_text:
        body["parts_text"] = out["parts"]  # for the web page's in-place highlighting; never stored
        body["crops"] = out.get("crops") or {}  # where picture findings stand (part:start:end:type -> JPEG data: URI)
    return JSONResponse(body)


@router.get("/v1/scans", summary="本部门（及分管部门）的审查记录", response_model=ScanList)
def list_scans(request: Request, limit: int = 50, user: UserInfo = Depends(current_user)) -> dict:
    return {"scans": [r.summary() for r in get_store(request).list_scans(user, limit=min(max(limit, 1), 500))]}


def _visible(request: Request, scan_id: str, user: UserInfo):
    rec = get_store(request).get_scan(scan_id, user)
    if rec is None:  # another department's scan is indistinguishable from a missing one
        raise BaomiError("no_such", f"审查记录 {scan_id}")
    return rec


def _done(request: Request, scan_id: str, user: UserInfo):
    rec = _visible(request, scan_id, user)
    if rec.status == "pending":
        raise BaomiError("conflict", "审查尚未完成，请稍后再试")
    if rec.status == "purged":
        raise BaomiError("purged")
    if rec.status == "error":
        raise BaomiError(rec.error["code"] if rec.error else "internal")
    return rec


@router.get("/v1/scans/{scan_id}", summary="审查报告（大文件审查中时返回 202）", response_model=ReportOut,
            responses={202: {"model": Pending, "description": "仍在审查"}})
def get_scan(scan_id: str, request: Request, user: UserInfo = Depends(current_user)) -> Response:
    rec = _visible(request, scan_id, user)
    if rec.status == "pending":
        return JSONResponse({"id": rec.id, "status": "pending", "poll": f"/v1/scans/{rec.id}"}, status_code=202)
    if rec.status == "purged":
        raise BaomiError("purged")
    if rec.status == "error":
        err = rec.error or BaomiError("internal").to_dict()
        return JSONResponse({"id": rec.id, "status": "error", "error": err}, status_code=status_for(err["code"]))
    return JSONResponse(_report_body(rec.report or {}, rec.id, request, has_draft=rec.has_draft))


def _download(data: bytes, media: str, filename: str, inline: bool = False) -> Response:
    disp = "inline" if inline else "attachment"
    return Response(data, media_type=media, headers={
        "Content-Disposition": f"{disp}; filename*=UTF-8''{quote(filename)}",
        "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


@router.get("/v1/scans/{scan_id}/report.html", summary="审查报告（HTML，可打印）",
            responses={200: {"description": "保密审查记录", "content": {"text/html": {"schema": {"type": "string"}}}}})
def report_html(scan_id: str, request: Request, user: UserInfo = Depends(current_user)) -> Response:
    store = get_store(request)
    rec = _done(request, scan_id, user)
    data = outputs.html_report(rec, store.get_draft(scan_id, user))
    store.audit(user.name, "download_report", "scan", scan_id, sha256=rec.sha256, verdict=rec.verdict)
    resp = _download(data, "text/html; charset=utf-8", f"审查报告-{scan_id[:8]}.html", inline=True)
    resp.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    return resp


@router.get("/v1/scans/{scan_id}/annotated.docx", summary="批注副本（需开启保存原稿）", responses={200: FILE})
def annotated(scan_id: str, request: Request, user: UserInfo = Depends(current_user)) -> Response:
    store = get_store(request)
    rec = _done(request, scan_id, user)
    data = outputs.annotated_docx(rec, store.get_draft(scan_id, user), store.keep_drafts)
    store.audit(user.name, "download_annotated", "scan", scan_id, sha256=rec.sha256, verdict=rec.verdict)
    return _download(data, outputs.REDACT_TYPES["docx"][0], f"批注副本-{scan_id[:8]}.docx")


async def _checked_redaction(request: Request, scan_id: str, user: UserInfo):
    """The redacted copy, scanned again in the pool before anyone is told it is clean."""
    from pipelines.report.redact import verify

    store = get_store(request)
    rec = await run_in_threadpool(_done, request, scan_id, user)
    draft = await run_in_threadpool(store.get_draft, scan_id, user)
    policy = request.app.state.settings.scan_options.policy
    red, media, ext = await run_in_threadpool(outputs.redaction, rec, draft, store.keep_drafts,
                                              str(policy) if policy else None)
    out = await request.app.state.pool.scan(red.data, f"redacted.{ext}", rec.channel,
                                            max(len(red.data), request.app.state.settings.max_upload_bytes))
    if "error" in out:
        raise BaomiError(out["error"]["code"], "脱敏副本复查失败：" + out["error"].get("message", ""))
    verify(red, outputs.report_from_dict(out["report"]))
    return rec, red, media, ext


@router.get("/v1/scans/{scan_id}/redacted/check", summary="脱敏副本复查结果（是否干净、还剩什么）",
            response_model=RedactionCheck)
async def redacted_check(scan_id: str, request: Request, user: UserInfo = Depends(current_user)) -> dict:
    _rec, red, _media, _ext = await _checked_redaction(request, scan_id, user)
    return red.summary()


@router.get("/v1/scans/{scan_id}/redacted", summary="脱敏副本（需开启保存原稿；下载前已重新审查，X-Baomi-Clean 表示是否干净）",
            responses={200: FILE})
async def redacted(scan_id: str, request: Request, user: UserInfo = Depends(current_user)) -> Response:
    store = get_store(request)
    rec, red, media, ext = await _checked_redaction(request, scan_id, user)
    summary = red.summary()
    await run_in_threadpool(lambda: store.audit(user.name, "download_redacted", "scan", scan_id, sha256=rec.sha256,
                                                verdict=rec.verdict, details={"counts": {
                                                    k: summary[k] for k in ("masked", "unresolved", "clean")}}))
    prefix = "脱敏副本" if red.clean else "脱敏副本-未完成"
    resp = _download(red.data, media, f"{prefix}-{scan_id[:8]}.{ext}")
    resp.headers["X-Baomi-Unresolved"] = str(summary.get("unresolved", 0))
    resp.headers["X-Baomi-Clean"] = "true" if red.clean else "false"
    resp.headers["X-Baomi-Remaining"] = str(len(red.remaining))
    return resp
