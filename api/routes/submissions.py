"""Submissions and their approval steps; every transition is checked by ``api/workflow.py``."""
from __future__ import annotations

import re
from datetime import datetime

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from pipelines.report import labels
from pipelines.store import UserInfo
from scanner import BaomiError

from .. import workflow
from ..auth import current_user, get_store
from ..schemas import FingerprintStatus, SubmissionList, SubmissionOut
from ..timefmt import local

router = APIRouter(tags=["送审"])


class NewSubmission(BaseModel):
    scan_id: str
    title: str = Field(default="", max_length=200)


class Note(BaseModel):
    note: str = Field(default="", max_length=2000)


class Send(BaseModel):
    confirm: bool = Field(default=False, description="审查结论为不予公开时须为 true")
    reason: str = Field(default="", max_length=2000, description="不予公开的稿件送审理由（如申请解密）")


class Registration(BaseModel):
    channel: str = Field(description="website / weibo / wechat")
    url: str = Field(default="", max_length=2000, description="发布网址（必填）")
    published_at: datetime | None = Field(default=None, description="发布时间（必填）；不带时区时按本单位时区理解")


class NewVersion(BaseModel):
    scan_id: str


def _body(request: Request, sub, user: UserInfo, users: list[UserInfo] | None = None) -> dict:
    d = sub.to_dict()
    d["awaiting_me"] = workflow.awaits(sub, user)
    d["status_label"] = labels.STATUS.get(sub.status, sub.status)
    d["returned"] = workflow.last_return(sub) if sub.status == "returned" else None
    if users is None:
        users = get_store(request).list_users()
    d["stuck"] = workflow.stuck(sub, users)
    d["mine"] = sub.created_by == user.id
    return d


@router.post("/v1/submissions", summary="以一次审查结果新建送审稿", response_model=SubmissionOut)
def create(body: NewSubmission, request: Request, user: UserInfo = Depends(current_user)) -> dict:
    store = get_store(request)
    scan = store.get_scan(body.scan_id, user)
    if scan is None:
        raise BaomiError("no_such", f"审查记录 {body.scan_id}")
    if scan.status != "done" or scan.report is None:
        raise BaomiError("conflict", "该审查尚未完成或已失败，不能送审")
    title = body.title.strip() or (scan.report.get("document", {}).get("title") or scan.name or "未命名稿件")
    sub = store.create_submission(scan.id, user, title, workflow.steps_for(scan.report))
    return _body(request, sub, user)


@router.get("/v1/submissions", summary="送审稿列表；queue=true 只列等待我办理的", response_model=SubmissionList)
def list_(request: Request, queue: bool = False, status: str | None = None,
          user: UserInfo = Depends(current_user)) -> dict:
    store = get_store(request)
    subs = store.list_submissions(user, status=status)
    if queue:
        subs = [s for s in subs if workflow.awaits(s, user)]
    users = store.list_users()
    body = [_body(request, s, user, users) for s in subs]
    warnings = [f"送审稿 {b['id']}（{b['title']}）：{b['stuck']}" for b in body if b["stuck"]]
    return {"submissions": body, "warnings": warnings}


@router.get("/v1/submissions/{sub_id}", response_model=SubmissionOut, summary="一份送审稿（含退回理由、当前步骤）")
def get(sub_id: int, request: Request, user: UserInfo = Depends(current_user)) -> dict:
    sub = get_store(request).get_submission(sub_id, user)
    if sub is None:
        raise BaomiError("no_such", f"送审稿 {sub_id}")
    return _body(request, sub, user)


@router.post("/v1/submissions/{sub_id}/submit", summary="送审（从第一步开始）；不予公开的稿件须确认并说明理由",
             response_model=SubmissionOut)
def submit(sub_id: int, request: Request, body: Send | None = None, user: UserInfo = Depends(current_user)) -> dict:
    body = body or Send()
    sub = get_store(request).transition(sub_id, user, lambda s, _scan: workflow.submit(
        s, user, confirm=body.confirm, reason=body.reason))
    return _body(request, sub, user)


@router.post("/v1/submissions/{sub_id}/approve", summary="同意（当前步骤对应角色；脱敏处理一步须先上传复查干净的新版本）",
             response_model=SubmissionOut)
def approve(sub_id: int, body: Note, request: Request, user: UserInfo = Depends(current_user)) -> dict:
    sub = get_store(request).transition(sub_id, user, lambda s, scan: workflow.approve(s, user, body.note, scan))
    return _body(request, sub, user)


@router.post("/v1/submissions/{sub_id}/return", summary="退回修改（须填写理由，送审人可见）", response_model=SubmissionOut)
def return_(sub_id: int, body: Note, request: Request, user: UserInfo = Depends(current_user)) -> dict:
    sub = get_store(request).transition(sub_id, user, lambda s, _scan: workflow.return_(s, user, body.note))
    return _body(request, sub, user)


@router.post("/v1/submissions/{sub_id}/register", summary="发布登记（发布科室；网址和发布时间必填）",
             response_model=SubmissionOut)
def register(sub_id: int, body: Registration, request: Request, user: UserInfo = Depends(current_user)) -> dict:
    tz = request.app.state.settings.timezone
    sub = get_store(request).transition(sub_id, user, lambda s, scan: workflow.register(
        s, user, scan, channel=body.channel, url=body.url.strip(), published_at=body.published_at, tz=tz))
    return _body(request, sub, user)


@router.post("/v1/submissions/{sub_id}/versions", summary="提交新版本（重新审查过的稿件；审批从头开始）",
             response_model=SubmissionOut)
def new_version(sub_id: int, body: NewVersion, request: Request, user: UserInfo = Depends(current_user)) -> dict:
    store = get_store(request)
    scan = store.get_scan(body.scan_id, user)
    if scan is None:
        raise BaomiError("no_such", f"审查记录 {body.scan_id}")
    sub = store.transition(sub_id, user, lambda s, _scan: workflow.new_version(s, user, scan))
    return _body(request, sub, user)


SHA256 = re.compile(r"^[0-9a-f]{64}$")


@router.get("/v1/files/{sha256}", summary="按文件指纹（SHA-256）查询：是否审查、审批完成、登记发布及时间",
            response_model=FingerprintStatus, tags=["登记与审计"])
def file_status(sha256: str, request: Request, user: UserInfo = Depends(current_user)) -> dict:
    sha = sha256.strip().lower()
    if not SHA256.match(sha):
        raise BaomiError("usage", "文件指纹应为 64 位十六进制 SHA-256")
    out = get_store(request).file_status(sha, user)
    out["published_at_local"] = local(out["published_at"], request.app.state.settings.timezone)
    return out
